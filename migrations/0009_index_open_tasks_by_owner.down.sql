-- no-transaction
-- Dropping concurrently as well, so that the downgrade does not lock tasks.
DROP INDEX CONCURRENTLY ix_tasks_open_by_owner;

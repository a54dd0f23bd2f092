-- no-transaction
-- CREATE INDEX CONCURRENTLY does not block writes to tasks while it builds,
-- but it cannot run inside a transaction block: hence the directive above,
-- which makes this file run statement by statement.
-- Partial: done tasks are never listed, so they are left out of the index.
CREATE INDEX CONCURRENTLY ix_tasks_open_by_owner
    ON tasks (owner_id, priority)
    WHERE status <> 'done';

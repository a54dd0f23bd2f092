-- The column first: the type cannot be dropped while a column uses it.
ALTER TABLE tasks DROP COLUMN status;
DROP TYPE task_status;

-- Where a task stands. An enum keeps the set of states closed and ordered.
CREATE TYPE task_status AS ENUM ('todo', 'doing', 'done');

-- A new last column with a constant default: existing rows become 'todo'
-- without a table rewrite.
ALTER TABLE tasks ADD COLUMN status task_status NOT NULL DEFAULT 'todo';

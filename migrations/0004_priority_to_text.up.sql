-- Data migration: priority 1/2/3 becomes 'low'/'medium'/'high'.
--
-- ALTER COLUMN ... TYPE ... USING converts the values in place, so the column
-- keeps its position (a new column plus DROP/RENAME would move it to the end).
-- The old default and check are integer expressions: they go first and come
-- back in text form, under the same names.
ALTER TABLE tasks ALTER COLUMN priority DROP DEFAULT;
ALTER TABLE tasks DROP CONSTRAINT tasks_priority_check;

ALTER TABLE tasks
    ALTER COLUMN priority TYPE text
    USING CASE priority
        WHEN 1 THEN 'low'
        WHEN 2 THEN 'medium'
        WHEN 3 THEN 'high'
    END;

ALTER TABLE tasks ALTER COLUMN priority SET DEFAULT 'medium';
ALTER TABLE tasks ADD CONSTRAINT tasks_priority_check
    CHECK (priority IN ('low', 'medium', 'high'));

COMMENT ON COLUMN tasks.priority IS 'low, medium or high';

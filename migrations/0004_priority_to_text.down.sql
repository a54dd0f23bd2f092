-- Back to 1/2/3, in place, restoring the integer default, check and comment.
ALTER TABLE tasks ALTER COLUMN priority DROP DEFAULT;
ALTER TABLE tasks DROP CONSTRAINT tasks_priority_check;

ALTER TABLE tasks
    ALTER COLUMN priority TYPE integer
    USING CASE priority
        WHEN 'low'    THEN 1
        WHEN 'medium' THEN 2
        WHEN 'high'   THEN 3
    END;

ALTER TABLE tasks ALTER COLUMN priority SET DEFAULT 2;
ALTER TABLE tasks ADD CONSTRAINT tasks_priority_check
    CHECK (priority BETWEEN 1 AND 3);

COMMENT ON COLUMN tasks.priority IS '1 = low, 2 = medium, 3 = high';

-- Tasks belong to a user and go away with them.
-- Priority starts out as a small integer; 0004 turns it into text.
CREATE TABLE tasks (
    id         bigint       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    bigint       NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title      varchar(200) NOT NULL,
    priority   integer      NOT NULL DEFAULT 2,
    created_at timestamptz  NOT NULL DEFAULT now(),
    updated_at timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT tasks_priority_check CHECK (priority BETWEEN 1 AND 3)
);

-- Foreign keys are not indexed automatically; "my tasks" needs this one.
CREATE INDEX ix_tasks_user_id ON tasks (user_id);

COMMENT ON TABLE tasks IS 'What people have to do';
COMMENT ON COLUMN tasks.priority IS '1 = low, 2 = medium, 3 = high';

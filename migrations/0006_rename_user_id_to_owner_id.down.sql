ALTER INDEX ix_tasks_owner_id RENAME TO ix_tasks_user_id;
ALTER TABLE tasks RENAME CONSTRAINT tasks_owner_id_fkey TO tasks_user_id_fkey;
ALTER TABLE tasks RENAME COLUMN owner_id TO user_id;

-- "owner" says what the reference means. The index and the foreign key keep
-- their old names on a column rename, so they are renamed to match.
ALTER TABLE tasks RENAME COLUMN user_id TO owner_id;
ALTER TABLE tasks RENAME CONSTRAINT tasks_user_id_fkey TO tasks_owner_id_fkey;
ALTER INDEX ix_tasks_user_id RENAME TO ix_tasks_owner_id;

-- A NOT NULL column on a table that already has rows, added safely:
-- 1. add it nullable (no default, so no rewrite and no long lock),
-- 2. backfill existing rows,
-- 3. only then require it.
ALTER TABLE users ADD COLUMN display_name text;

UPDATE users SET display_name = split_part(email, '@', 1)
WHERE display_name IS NULL;

ALTER TABLE users ALTER COLUMN display_name SET NOT NULL;

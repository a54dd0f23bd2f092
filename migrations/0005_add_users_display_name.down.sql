-- display_name is the last column of users, so dropping it restores the
-- previous column list exactly.
ALTER TABLE users DROP COLUMN display_name;

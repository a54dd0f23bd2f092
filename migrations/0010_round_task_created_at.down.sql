-- The precision comes back; the rounded values stay rounded.
ALTER TABLE tasks ALTER COLUMN created_at TYPE timestamptz;

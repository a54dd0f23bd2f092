-- pg-roundtrip: data-loss
-- Seconds are precise enough for when a task was created: timestamptz(0)
-- rounds the microseconds away. No downgrade can bring them back, so the
-- directive above declares the loss; pg-roundtrip then reports the rounded
-- values as a warning instead of failing the revision.
ALTER TABLE tasks ALTER COLUMN created_at TYPE timestamptz(0);

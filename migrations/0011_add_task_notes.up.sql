-- Free-form notes on a task. A new last column, nullable and without a
-- default: no rewrite, and the downgrade's DROP COLUMN restores the previous
-- column list exactly.
ALTER TABLE tasks ADD COLUMN notes text;

COMMENT ON COLUMN tasks.notes IS 'Free-form notes';

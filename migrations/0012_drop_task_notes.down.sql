-- The column comes back where it was (last) with its comment; the notes
-- it held do not.
ALTER TABLE tasks ADD COLUMN notes text;

COMMENT ON COLUMN tasks.notes IS 'Free-form notes';

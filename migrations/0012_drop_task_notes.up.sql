-- pg-roundtrip: data-loss
-- Notes moved to the comment thread, so the column goes, and the notes
-- written in it with it. The downgrade brings the column back, empty: no
-- downgrade can bring the notes back, so the directive above declares the
-- loss, and pg-roundtrip reports it as a warning instead of failing.
ALTER TABLE tasks DROP COLUMN notes;

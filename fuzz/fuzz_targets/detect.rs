//! Layout detection and then the detected layout's reader, as
//! `pg-roundtrip check` runs them, on a generated history directory.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pg_roundtrip::source::{Layout, detect, load_with};

fuzz_target!(|data: &[u8]| {
    pg_roundtrip_fuzz::with_tree("detect", data, |dir| {
        // Alembic's listing runs the project's Python: not here.
        if let Ok(layout) = detect(dir)
            && layout != Layout::Alembic
            && let Err(err) = load_with(dir, Some(layout))
        {
            assert!(!err.problems.is_empty(), "an error without a problem");
        }
    });
});

//! The flyway reader on a generated history directory: never a panic, and a
//! refused history names at least one problem.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pg_roundtrip::source::load_flyway;

fuzz_target!(|data: &[u8]| {
    pg_roundtrip_fuzz::with_tree("flyway", data, |dir| {
        if let Err(err) = load_flyway(dir) {
            assert!(!err.problems.is_empty(), "an error without a problem");
            let _ = err.to_string();
        }
    });
});

//! The flat reader on a generated history directory: never a panic, and a
//! refused history names at least one problem.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pg_roundtrip::source::load_flat;

fuzz_target!(|data: &[u8]| {
    pg_roundtrip_fuzz::with_tree("flat", data, |dir| {
        if let Err(err) = load_flat(dir) {
            assert!(!err.problems.is_empty(), "an error without a problem");
            let _ = err.to_string();
        }
    });
});

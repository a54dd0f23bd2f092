//! The directives of a migration file (`-- no-transaction`, the
//! irreversible marker, a byte-order mark) and Flyway's version parser.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pg_roundtrip::source::{
    FlywayVersion, IRREVERSIBLE_MARKER, NO_TRANSACTION, parse_directives, strip_bom,
};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let directives = parse_directives(text);
    // The directive opens the first non-blank line.
    let first = strip_bom(text)
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty());
    assert_eq!(
        directives.no_transaction,
        first.is_some_and(|l| l.starts_with(NO_TRANSACTION))
    );
    if text.lines().any(|l| l.trim() == IRREVERSIBLE_MARKER) {
        assert!(directives.irreversible);
    }
    if let Some(version) = FlywayVersion::parse(text) {
        // A version prints as a version that parses back to itself.
        let again = FlywayVersion::parse(&version.to_string());
        assert_eq!(again.as_ref(), Some(&version), "{text:?}");
    }
});

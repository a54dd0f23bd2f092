//! Secrets: compared by the server's hash, never shown.

use crate::diff::{DiffOptions, diff_with};
use crate::model::*;
use crate::render::document;

/// A changed secret is a change, though both sides show `<redacted>`; the
/// after side says that the value is another one.
#[test]
fn a_changed_secret_is_a_change_without_showing_it() {
    let mut before = Schema::default();
    sample_objects(&mut before, None);
    let mut after = before.clone();
    let mapping = after
        .foreign_servers
        .get_mut("dw")
        .and_then(|s| s.user_mappings.get_mut("reader"));
    if let Some(m) = mapping {
        m.insert(
            "password".into(),
            OptionValue::Secret {
                hash: "other".into(),
            },
        );
    }
    let changes = diff_with(
        &document(&before),
        &document(&after),
        &DiffOptions::default(),
    );
    assert_eq!(changes.len(), 1, "{changes:?}");
    let shown = format!("{changes:?}");
    assert!(shown.contains("<redacted> (another value)"), "{shown}");
    assert!(
        !shown.contains("9f8e") && !shown.contains("other\""),
        "{shown}"
    );
    assert_eq!(
        changes[0].object.path,
        "option password on user mapping for reader of server dw"
    );
}

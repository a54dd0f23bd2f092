//! The words of a suggested fix: its heading, the object left behind,
//! and why some differences no statement restores, with the options.

use super::json::suggestion::Suggestion;
use crate::fix::{FixLanguage, UnrestorableReason};

/// The first line of the block `check --write-fixes` appends, and what
/// finds a block already there.
pub const BLOCK_START: &str = "pg-roundtrip: suggested fix";
/// The last line of that block.
pub const BLOCK_END: &str = "pg-roundtrip: end of suggested fix";

/// The lines a report shows under a finding's diff.
pub fn lines(s: &Suggestion) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(object) = &s.leftover {
        out.push(format!(
            "left behind by the downgrade: {object} (the downgrade's suggested fix restores it)"
        ));
    }
    if !s.text.is_empty() {
        out.push(match s.language {
            FixLanguage::Sql => "suggested fix: add to the down file".to_string(),
            FixLanguage::Alembic => {
                "suggested fix: add to downgrade() in the revision file".to_string()
            }
        });
        out.extend(s.text.lines().map(|l| format!("  {l}")));
    }
    for u in &s.unrestorable {
        out.push(format!("not restorable by a statement: {}", u.message));
        for o in &u.options {
            out.push(format!("  option: {o}"));
        }
    }
    out
}

/// Why no statement restores the difference at `object`.
pub fn unrestorable(object: &str, reason: &UnrestorableReason) -> String {
    match reason {
        UnrestorableReason::ColumnOrder { expected, actual } => format!(
            "{object}: the columns were ({}) and are now ({}); a column added again always goes to the end",
            expected.join(", "),
            actual.join(", ")
        ),
        UnrestorableReason::AttributeOrder { expected, actual } => format!(
            "{object}: the attributes were ({}) and are now ({}); an attribute added again always goes to the end, and the type is in use",
            expected.join(", "),
            actual.join(", ")
        ),
        UnrestorableReason::EnumLabel { labels } => format!(
            "{object}: the enum has the label(s) {} it did not have, and PostgreSQL cannot remove a label from a type in use",
            labels.join(", ")
        ),
        UnrestorableReason::EnumOrder { expected, actual } => format!(
            "{object}: the labels were ({}) and are now ({}); labels cannot be reordered in a type in use",
            expected.join(", "),
            actual.join(", ")
        ),
        UnrestorableReason::Secret { option } => format!(
            "{object}: the secret {option} differs, and pg-roundtrip holds only a hash of it, never the value"
        ),
        UnrestorableReason::NoRule { kind, change } => format!(
            "{object}: pg-roundtrip has no rule yet for a {kind} {change} this way; the suggestion is incomplete"
        ),
    }
}

/// What can be done instead.
pub fn options(reason: &UnrestorableReason) -> Vec<String> {
    let irreversible =
        "declare the revision irreversible (`-- pg-roundtrip: irreversible` in its up file)"
            .to_string();
    match reason {
        UnrestorableReason::ColumnOrder { .. } => vec![
            "rebuild the table in the old column order (CREATE TABLE … AS SELECT, then swap names)".into(),
            "ignore column order (--ignore column-order) if nothing relies on it".into(),
            irreversible,
        ],
        UnrestorableReason::AttributeOrder { .. }
        | UnrestorableReason::EnumLabel { .. }
        | UnrestorableReason::EnumOrder { .. } => vec![
            "recreate the type under a new name, move the columns that use it over (ALTER COLUMN … TYPE … USING), drop the old type and rename the new one".into(),
            irreversible,
        ],
        UnrestorableReason::Secret { .. } => vec![
            "write the statement that sets the secret by hand in the down file (or read it from the environment there)".into(),
            irreversible,
        ],
        UnrestorableReason::NoRule { .. } => {
            vec!["write the statement by hand from the diff above".into()]
        }
    }
}

/// `check --write-fixes`: the fix was appended.
pub fn written(file: &std::path::Path, statements: usize) -> String {
    format!(
        "pg-roundtrip: appended the suggested fix ({statements} statements) to {}; review it before you commit",
        super::display_path(file)
    )
}

/// `check --write-fixes`: the file changed since the walk read it.
pub fn changed_since(file: &std::path::Path) -> String {
    format!(
        "pg-roundtrip: left {} alone: it changed since the walk read it; run check again",
        super::display_path(file)
    )
}

/// `check --write-fixes`: an Alembic revision file without the second flag.
pub fn alembic_needs_flag(file: &std::path::Path) -> String {
    format!(
        "pg-roundtrip: left {} alone: it is an Alembic revision file; add --write-fixes-alembic to edit its downgrade()",
        super::display_path(file)
    )
}

/// `check --write-fixes`: an Alembic file without `def downgrade(`.
pub fn no_downgrade_function(file: &std::path::Path) -> String {
    format!(
        "pg-roundtrip: left {} alone: it has no `def downgrade(` at the start of a line",
        super::display_path(file)
    )
}

/// `check --write-fixes`: the down section does not end the file.
pub fn down_not_at_end(file: &std::path::Path) -> String {
    format!(
        "pg-roundtrip: left {} alone: its down section does not end the file; paste the fix from the report",
        super::display_path(file)
    )
}

/// `check --write-fixes`: a file the walk did not read as a down file.
pub fn not_read(file: &std::path::Path) -> String {
    format!(
        "pg-roundtrip: left {} alone: the walk did not read it as a down file",
        super::display_path(file)
    )
}

/// The first line of a written block, after the comment marker.
pub fn block_header(revision: &str, major: u32) -> String {
    format!("{BLOCK_START} ({revision}, PostgreSQL {major}); review before you commit")
}

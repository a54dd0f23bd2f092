//! The suggested fix of a finding, as the JSON report documents it
//! (`docs/report-json.md`, "suggestion").

use crate::fix::{FixLanguage, Phase, UnrestorableReason};
use crate::report::suggestion as words;
use crate::walk;
use serde::{Deserialize, Serialize};

/// What to add to the down file: for a downgrade mismatch, and for a
/// second upgrade that failed on an object the downgrade left behind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    /// `sql` (a down file) or `alembic` (a revision's `downgrade()`).
    pub language: FixLanguage,
    /// The statements in that language, one per line, in the order to
    /// run them: what `check --write-fixes` appends.
    pub text: String,
    /// Each statement, with the object it restores.
    pub statements: Vec<SuggestedStatement>,
    /// The differences no statement restores exactly, each with its
    /// reason and the options.
    pub unrestorable: Vec<Unrestorable>,
    /// For a second upgrade that failed because an object already exists:
    /// that object's path, left behind by the downgrade.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leftover: Option<String>,
}

/// One statement of a suggestion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuggestedStatement {
    /// When it runs relative to the others (`drop-dependent`, …,
    /// `annotate`).
    pub phase: Phase,
    /// The path of the object it restores.
    pub object: String,
    /// The SQL.
    pub sql: String,
    /// The Alembic `op.` call, where Alembic has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub op: Option<String>,
}

/// A difference no statement restores exactly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unrestorable {
    /// The path of the object.
    pub object: String,
    /// `column-order`, `attribute-order`, `enum-label`, `enum-order`,
    /// `secret`, `no-rule`.
    pub reason: String,
    /// One sentence: why no statement restores it.
    pub message: String,
    /// What can be done instead.
    pub options: Vec<String>,
}

/// The report's form of the walk's suggestion.
pub fn suggestion(s: &walk::Suggestion) -> Suggestion {
    Suggestion {
        language: s.fix.language,
        text: s.fix.text(),
        statements: s
            .fix
            .statements
            .iter()
            .map(|st| SuggestedStatement {
                phase: st.phase,
                object: st.object.clone(),
                sql: st.sql.clone(),
                op: st.op.clone(),
            })
            .collect(),
        unrestorable: s
            .fix
            .unrestorable
            .iter()
            .map(|u| Unrestorable {
                object: u.object.clone(),
                reason: tag(&u.reason).to_string(),
                message: words::unrestorable(&u.object, &u.reason),
                options: words::options(&u.reason),
            })
            .collect(),
        leftover: s.leftover.clone(),
    }
}

fn tag(reason: &UnrestorableReason) -> &'static str {
    match reason {
        UnrestorableReason::ColumnOrder { .. } => "column-order",
        UnrestorableReason::AttributeOrder { .. } => "attribute-order",
        UnrestorableReason::EnumLabel { .. } => "enum-label",
        UnrestorableReason::EnumOrder { .. } => "enum-order",
        UnrestorableReason::Secret { .. } => "secret",
        UnrestorableReason::NoRule { .. } => "no-rule",
    }
}

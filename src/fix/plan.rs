//! Collecting the statements of a fix and putting them in order.

use super::kinds::{EntryFix, entry_fix};
use super::shared;
use super::{Fix, FixLanguage, Phase, Statement, Unrestorable, UnrestorableReason};
use crate::diff::{Change, ChangeKind};
use crate::model::Schema;
use crate::model::object::{EntryKey, ModelObject, ObjectKey};
use std::collections::BTreeSet;

/// The statements that take `actual` (the schema after the downgrade) to
/// `expected` (the schema before the upgrade), for the `changes` between
/// their documents, written in `language`.
pub fn suggest(
    expected: &Schema,
    actual: &Schema,
    changes: &[Change],
    language: FixLanguage,
) -> Fix {
    let mut plan = Plan::default();
    let mut seen: Vec<&EntryKey> = Vec::new();
    for change in changes {
        let key = change.object.entry_key();
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        let of_entry: Vec<&Change> = changes
            .iter()
            .filter(|c| c.object.entry_key() == key)
            .collect();
        let target = Target {
            key,
            path: key.to_string(),
            expected,
            actual,
        };
        entry(&target, &of_entry, &mut plan);
    }
    plan.finish(language)
}

/// The entry a change is in, and both schemas.
pub(super) struct Target<'a> {
    pub key: &'a EntryKey,
    /// `table public.tasks`.
    pub path: String,
    pub expected: &'a Schema,
    pub actual: &'a Schema,
}

impl Target<'_> {
    /// The entry's SQL name: `public.tasks`.
    pub fn name(&self) -> String {
        super::sql::name(self.key)
    }
}

fn entry(target: &Target, changes: &[&Change], plan: &mut Plan) {
    let fix = entry_fix(target.key.kind);
    let whole = ObjectKey {
        entry: target.key.clone(),
        part: None,
    };
    match (target.expected.object(&whole), target.actual.object(&whole)) {
        (None, Some(actual)) => fix.drop(target, actual, plan),
        (Some(expected), None) => fix.create(target, expected, plan),
        (Some(expected), Some(actual)) => {
            for change in changes {
                if !shared::part(target, fix, change, expected, actual, plan) {
                    fix.alter(target, change, expected, actual, plan);
                }
            }
        }
        (None, None) => {
            for change in changes {
                plan.no_rule(change);
            }
        }
    }
}

/// The statements and unrestorable differences found so far.
#[derive(Default)]
pub(super) struct Plan {
    statements: Vec<Statement>,
    unrestorable: Vec<Unrestorable>,
    /// Entries already dropped and created again as a whole.
    recreated: BTreeSet<EntryKey>,
}

impl Plan {
    /// One statement, with no Alembic call of its own.
    pub fn push(&mut self, phase: Phase, object: &str, sql: impl Into<String>) {
        self.statements.push(Statement {
            phase,
            object: object.to_string(),
            sql: sql.into(),
            op: None,
        });
    }

    /// One statement and the Alembic `op.` call that does the same.
    pub fn push_op(&mut self, phase: Phase, object: &str, sql: impl Into<String>, op: String) {
        self.statements.push(Statement {
            phase,
            object: object.to_string(),
            sql: sql.into(),
            op: Some(op),
        });
    }

    pub fn unrestorable(&mut self, object: &str, reason: UnrestorableReason) {
        self.unrestorable.push(Unrestorable {
            object: object.to_string(),
            reason,
        });
    }

    /// A change no rule covers: said, never guessed.
    pub fn no_rule(&mut self, change: &Change) {
        let what = match &change.kind {
            ChangeKind::Added { .. } => "added",
            ChangeKind::Removed { .. } => "removed",
            ChangeKind::Altered { .. } => "altered",
            ChangeKind::Reordered { .. } => "reordered",
        };
        self.unrestorable(
            &change.object.path,
            UnrestorableReason::NoRule {
                kind: change.object.kind().word().to_string(),
                change: what.to_string(),
            },
        );
    }

    /// Drops the entry as the downgrade left it and creates it as it was,
    /// once per entry.
    pub fn recreate(
        &mut self,
        target: &Target,
        fix: &dyn EntryFix,
        expected: ModelObject,
        actual: ModelObject,
    ) {
        if self.recreated.insert(target.key.clone()) {
            fix.drop(target, actual, self);
            fix.create(target, expected, self);
        }
    }

    /// True when the entry is dropped and created as a whole.
    pub fn is_recreated(&self, key: &EntryKey) -> bool {
        self.recreated.contains(key)
    }

    pub fn finish(mut self, language: FixLanguage) -> Fix {
        // Stable: within a phase, the order the changes came in.
        self.statements.sort_by_key(|s| s.phase);
        let mut seen = BTreeSet::new();
        self.statements.retain(|s| seen.insert(s.sql.clone()));
        Fix {
            language,
            statements: self.statements,
            unrestorable: self.unrestorable,
        }
    }
}

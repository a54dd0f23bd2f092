//! Suggested fixes: the statements a downgrade is missing.
//!
//! [`suggest`] takes a downgrade mismatch's typed changes
//! ([`crate::diff::Change`]: each names the model object before and after)
//! and the two schemas they were rendered from, and returns a [`Fix`]: the
//! statements that take the schema the downgrade left to the schema from
//! before the upgrade, in dependency order ([`Phase`]: a view is dropped
//! before its table, a trigger before its function, a default before its
//! sequence, a foreign key before the key it references), and the
//! differences no statement can undo in place ([`Unrestorable`], with the
//! options a report names). Dropped objects are re-created from their
//! definitions as the model holds them (`pg_get_indexdef`,
//! `pg_get_constraintdef`, `pg_get_viewdef`, `pg_get_triggerdef`, the
//! routine's attributes and body).
//!
//! One file per object kind or family (`table`, `column`, `view`,
//! `routine`, `types`, `sequence`, `global`, `support`, `text_search`,
//! `foreign`, `language`…); `kinds::entry_fix` is the
//! one exhaustive `match` over [`EntryKind`] that picks a kind's file, so a
//! new kind does not compile until it has one. `shared` writes what every
//! kind has: comments, owners, grants and revokes. [`alembic`] turns the
//! statements into Alembic `op.` calls for Alembic histories.
//!
//! Pure: no database, no sentences (the report words the reasons).

pub mod alembic;
mod base_type;
mod column;
mod foreign;
mod global;
mod kinds;
mod language;
mod parts;
mod plan;
mod routine;
mod sequence;
mod shared;
mod sql;
mod support;
mod table;
mod text_search;
mod types;
mod view;

pub use plan::suggest;

/// The statements a down file is missing, and what no statement restores.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Fix {
    /// The tool's language the statements are written in.
    pub language: FixLanguage,
    /// In the order to run them.
    pub statements: Vec<Statement>,
    /// Differences no statement can restore exactly.
    pub unrestorable: Vec<Unrestorable>,
}

/// Which language a suggestion is written in: the down file's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FixLanguage {
    /// SQL for a down file (every SQL layout).
    Sql,
    /// Alembic `op.` calls for a revision's `downgrade()`.
    Alembic,
}

/// One statement of a fix.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Statement {
    /// When it runs relative to the others.
    pub phase: Phase,
    /// The path of the object it restores (the change's path).
    pub object: String,
    /// The SQL, ending with `;`.
    pub sql: String,
    /// The Alembic `op.` call that does the same, where one exists;
    /// otherwise an Alembic fix runs the SQL through `op.execute`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub op: Option<String>,
}

/// The order statements run in: drops of dependent objects first, then
/// of what they depend on, then creation in the other direction, then
/// comments, owners and privileges.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Phase {
    /// Views, triggers, policies, rules, statistics, foreign keys,
    /// publications, event triggers: what depends on tables and functions.
    DropDependent,
    /// Tables' columns, constraints, indexes, defaults; partitions.
    DropPart,
    /// Tables, then (in [`Phase::DropBase`]) what tables use.
    DropTable,
    /// Functions, types, sequences, collations, configurations.
    DropBase,
    /// Schemas and extensions last.
    DropNamespace,
    /// Schemas and extensions first.
    CreateNamespace,
    /// Types, functions, sequences, collations, configurations.
    CreateBase,
    /// Tables.
    CreateTable,
    /// Columns and table properties.
    AlterTable,
    /// Primary keys, unique and check constraints, indexes.
    CreateKey,
    /// Foreign keys (after the keys they reference).
    CreateForeignKey,
    /// Views, triggers, policies, rules, statistics, publications.
    CreateDependent,
    /// Comments, owners, grants and revokes.
    Annotate,
}

/// A difference no statement restores exactly, with what can be done.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Unrestorable {
    /// The path of the object.
    pub object: String,
    pub reason: UnrestorableReason,
}

/// Why no statement restores a difference.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub enum UnrestorableReason {
    /// A table's columns are in another order: a column re-added goes to
    /// the end. Options: rebuild the table in the old order, or declare
    /// the revision irreversible.
    ColumnOrder {
        expected: Vec<String>,
        actual: Vec<String>,
    },
    /// A composite type's attributes are in another order.
    AttributeOrder {
        expected: Vec<String>,
        actual: Vec<String>,
    },
    /// An enum has a label the schema before did not have: labels cannot
    /// be removed. Options: recreate the type and the columns that use
    /// it, or declare the revision irreversible.
    EnumLabel { labels: Vec<String> },
    /// An enum's labels are in another order.
    EnumOrder {
        expected: Vec<String>,
        actual: Vec<String>,
    },
    /// A secret (a user mapping's password, a subscription's connection
    /// string with a password) differs: the model holds only a hash of it,
    /// so no statement can write it back. Options: write the statement by
    /// hand with the secret, or declare the revision irreversible.
    Secret { option: String },
    /// No rule for this kind of change yet: the suggestion is incomplete.
    NoRule { kind: String, change: String },
}

impl Fix {
    /// True when there is nothing to suggest.
    pub fn is_empty(&self) -> bool {
        self.statements.is_empty() && self.unrestorable.is_empty()
    }

    /// The statements as SQL, one per line.
    pub fn sql(&self) -> String {
        self.statements
            .iter()
            .map(|s| s.sql.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The statements in the fix's language: SQL, or Alembic `op.` calls
    /// (with `op.execute` for what has no call), one per line.
    pub fn text(&self) -> String {
        match self.language {
            FixLanguage::Sql => self.sql(),
            FixLanguage::Alembic => alembic::calls(&self.statements).join("\n"),
        }
    }
}

#[cfg(test)]
mod kinds_tests;
#[cfg(test)]
mod tests;

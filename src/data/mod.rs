//! Data across the round trip: rows to check and whether they survive.
//!
//! * [`fixtures`]: the user's SQL per revision (`fixtures/<revision>.sql`);
//! * [`generate`] (`--data auto`): a few deterministic rows in every table
//!   that has none, derived from the catalog (`catalog`: the columns and
//!   foreign keys it reads; [`values`]: the candidates per type,
//!   boundaries first);
//! * [`capture`]: the tables' rows as the server sees them (a row count
//!   and an order-independent hash over each table's columns, and the rows
//!   themselves as `jsonb`, kept for comparing later);
//! * [`compare`]: a capture against the database now, into typed
//!   [`DataDiff`]s (rows lost, changed, left behind, with examples computed
//!   in the server), and [`destroyed`]: what an upgrade dropped for good;
//! * [`Generation`]: what `--data auto` filled and skipped in a whole walk.
//!
//! The walk calls these at its steps and turns the results into findings;
//! this module writes no sentence.

mod capture;
mod catalog;
mod compare;
mod fixtures;
mod generate;
mod summary;
mod values;

pub use capture::{Capture, TableRows, capture, tables};
pub use compare::{DataDiff, Destroyed, DiffClass, Example, Stage, compare, destroyed};
pub use fixtures::fixture_for;
pub use generate::{Filled, SkipReason, Skipped, Tried, generate};
pub use summary::{Generation, SkipGroup};

use std::path::PathBuf;

/// Where rows come from (`--data`).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    serde::Serialize,
    serde::Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum DataMode {
    /// No rows, no comparison of data.
    Off,
    /// The fixtures directory's files, when it exists (the default).
    #[default]
    Fixtures,
    /// Fixtures, and generated rows in every table that has none.
    Auto,
}

impl DataMode {
    pub const ALL: [DataMode; 3] = [DataMode::Off, DataMode::Fixtures, DataMode::Auto];

    pub fn name(self) -> &'static str {
        match self {
            DataMode::Off => "off",
            DataMode::Fixtures => "fixtures",
            DataMode::Auto => "auto",
        }
    }
}

/// How a walk treats data.
#[derive(Debug, Clone, Default)]
pub struct DataOptions {
    pub mode: DataMode,
    /// The fixtures directory; `None`: `fixtures/` beside the history.
    pub fixtures: Option<PathBuf>,
    /// Revisions (id or version) whose upgrade may destroy data
    /// (`--allow-data-loss`).
    pub allow_data_loss: Vec<String>,
}

/// The directive that declares, in an up file, that the upgrade destroys
/// data on purpose.
pub const DATA_LOSS_MARKER: &str = "-- pg-roundtrip: data-loss";

/// Whether `sql` has a line that is, trimmed, `--`, `pg-roundtrip:` and
/// `data-loss` (whitespace between the parts optional).
pub fn declares_data_loss(sql: &str) -> bool {
    sql.lines().any(|line| {
        let rest = line.trim().strip_prefix("--").map(str::trim_start);
        rest.and_then(|r| r.strip_prefix("pg-roundtrip:"))
            .is_some_and(|r| r.trim() == "data-loss")
    })
}

/// A query of this module failed (the server refused a statement it
/// generated: a bug, or a table it cannot read).
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    #[error("failed to {action}: {source}")]
    Query {
        action: String,
        #[source]
        source: sqlx::Error,
    },
    #[error("failed to read the fixture {}: {source}", path.display())]
    Fixture {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

pub(crate) fn query_error(action: impl Into<String>) -> impl FnOnce(sqlx::Error) -> DataError {
    let action = action.into();
    move |source| DataError::Query { action, source }
}

/// `"public"."t"` for `public`, `t`.
pub(crate) fn quote(schema: &str, name: &str) -> String {
    format!("{}.{}", ident(schema), ident(name))
}

pub(crate) fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

pub(crate) fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_loss_marker_is_read_like_the_irreversible_one() {
        assert!(declares_data_loss(
            "-- pg-roundtrip: data-loss\nALTER TABLE t DROP c;"
        ));
        assert!(declares_data_loss(
            "SELECT 1;\n  --pg-roundtrip:data-loss  "
        ));
        assert!(!declares_data_loss("-- pg-roundtrip: irreversible"));
        assert!(!declares_data_loss(
            "SELECT '-- pg-roundtrip: data-loss x';"
        ));
    }

    #[test]
    fn names_are_quoted() {
        assert_eq!(quote("public", "a\"b"), "\"public\".\"a\"\"b\"");
        assert_eq!(literal("it's"), "'it''s'");
    }
}

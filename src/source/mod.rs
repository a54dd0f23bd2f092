//! Reads migration histories from disk into [`History`]s of [`Revision`]s.
//!
//! Pure: no database, no async. Each on-disk format has its own file and
//! turns a directory into revisions; [`load`] picks the format and runs it.
//! Bad input is reported as a [`HistoryError`] that lists every problem at
//! once, each naming its file. [`split_statements`] cuts a script into the
//! statements the server would read.

mod directive;
mod error;
mod flat;
mod split;

pub use directive::{
    BOM, Directives, IRREVERSIBLE_MARKER, NO_TRANSACTION, parse_directives, strip_bom,
};
pub use error::{HistoryError, Problem};
pub use flat::load_flat;
pub(crate) use split::line_column;
pub use split::{Statement, split_statements};

use std::path::{Path, PathBuf};

/// A migration history: every revision of one directory, in version order.
#[derive(Debug, Clone)]
pub struct History {
    pub dir: PathBuf,
    pub format: Format,
    pub revisions: Vec<Revision>,
}

/// The on-disk layout a history was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// `<version>_<description>.up.sql` + `.down.sql` (sqlx-cli, golang-migrate).
    Flat,
}

/// One revision: an upgrade and, unless it is irreversible, a downgrade.
#[derive(Debug, Clone)]
pub struct Revision {
    /// Numeric version, used for ordering (versions sort as integers).
    pub version: u64,
    /// The version as written in the file name (keeps leading zeros), e.g. `0003`.
    pub version_text: String,
    /// The description part of the name as written, e.g. `add_tasks`.
    pub description: String,
    pub up: Step,
    /// `None` when the revision is declared irreversible.
    pub down: Option<Step>,
}

impl Revision {
    /// Whether `name`, as a user wrote it on the command line, means this
    /// revision: its id (`0003_add_tasks`), its version as written
    /// (`0003`) or its version number (`3`).
    pub fn is_named(&self, name: &str) -> bool {
        name == self.id()
            || name == self.version_text
            || name.parse::<u64>().ok() == Some(self.version)
    }

    /// The revision's identity as people write it: `0003_add_tasks`.
    /// Also the snapshot's file stem.
    pub fn id(&self) -> String {
        if self.description.is_empty() {
            self.version_text.clone()
        } else {
            format!("{}_{}", self.version_text, self.description)
        }
    }
}

/// What one direction of a revision runs.
#[derive(Debug, Clone)]
pub struct Step {
    pub script: Script,
    pub transaction: TxMode,
}

impl Step {
    /// The script this step runs.
    pub fn script(&self) -> Option<&Script> {
        Some(&self.script)
    }
}

/// SQL text read from a file. `line_offset` is the number of lines of the
/// file that precede `sql` (non-zero for formats that keep both directions
/// in one file), so that an error at line `n` of `sql` is at line
/// `n + line_offset` of `path`.
#[derive(Debug, Clone)]
pub struct Script {
    pub path: PathBuf,
    pub sql: String,
    pub line_offset: usize,
    /// Hex SHA-256 of the whole file's bytes.
    pub checksum: String,
}

/// Whether a step runs inside one transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TxMode {
    /// The whole script in one transaction (the default).
    Transaction,
    /// Each statement on its own, as `CREATE INDEX CONCURRENTLY` needs.
    NoTransaction,
}

/// Reads the history in `dir`.
pub fn load(dir: &Path) -> Result<History, HistoryError> {
    load_flat(dir)
}

//! What can be wrong with a revision, as plain data.
//!
//! A [`Finding`] names its revision and carries a typed [`Problem`]: the
//! files, server errors, changes and texts a report needs, and no
//! sentences. The words people read are written in
//! [`report::wording`](crate::report::wording), once for every format.

use crate::diff::Change;
use crate::render::Document;
use std::path::{Path, PathBuf};

/// One thing wrong with a revision.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Finding {
    /// `0003_add_tasks`.
    pub revision: String,
    pub problem: Problem,
    /// The statements the down file is missing, for a downgrade mismatch
    /// and for a second upgrade that failed on what it left behind.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<Suggestion>,
}

/// What to add to the down file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Suggestion {
    /// The statements, in the down file's language.
    pub fix: crate::fix::Fix,
    /// For a second upgrade that failed because an object already
    /// exists: the path of that object, left behind by the downgrade.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub leftover: Option<String>,
}

/// What is wrong, with what a report shows about it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Problem {
    /// The downgrade did not restore the schema from before the revision;
    /// the down file is to blame.
    DowngradeMismatch(Mismatch),
    /// The second upgrade produced a different schema from the first; the
    /// up file is to blame.
    ReupgradeMismatch(Mismatch),
    /// The second upgrade failed (usually: the downgrade left something
    /// behind that the schema does not show).
    ReupgradeError(FailedStep),
    /// An upgrade or downgrade failed with an SQL error.
    StepError {
        direction: Direction,
        step: FailedStep,
    },
    /// The schema after the upgrade differs from the stored snapshot.
    SnapshotMismatch(SnapshotMismatch),
    /// Replaying the first upgrades up to this revision (to rebuild after
    /// a failure) gave another schema than the walk's first pass: the
    /// history is not deterministic. A warning; the walk goes on from the
    /// replayed schema.
    NotDeterministic(Mismatch),
    /// The revision's verify script (sqitch's `verify/`) failed after an
    /// upgrade: `second` after the second one.
    VerifyError { second: bool, step: FailedStep },
    /// The revision has no downgrade, nothing declares it irreversible
    /// and `--allow-irreversible` does not name it.
    Irreversible { missing: crate::source::MissingDown },
    /// A role exists after the downgrade that did not before the upgrade.
    /// Roles are cluster-wide, so this is a warning unless `strict`
    /// (`--strict-roles`).
    RoleLeftBehind {
        role: String,
        down: PathBuf,
        strict: bool,
    },
    /// Rows did not survive the round trip (`--data`): lost, changed or
    /// left behind, by the downgrade or the second upgrade.
    Data(DataFinding),
    /// The upgrade dropped a table or columns that held rows: no
    /// downgrade can bring them back. A warning when `allowed`
    /// (`--allow-data-loss`, `allow-data-loss`, `-- pg-roundtrip: data-loss`).
    DataDestroyed {
        up: PathBuf,
        destroyed: crate::data::Destroyed,
        allowed: bool,
    },
    /// A fixture file failed.
    FixtureError(FailedStep),
    /// `--data auto` could not give this table a row (a warning).
    DataSkipped {
        table: String,
        reason: crate::data::SkipReason,
    },
    /// An upgrade failed on the rows `--data auto` generated; they were
    /// removed from `tables` (with what references them) and the upgrade
    /// ran again (a warning, of kind `data-skipped`).
    GeneratedRowsRemoved { tables: Vec<String>, reason: String },
    /// A database or tablespace exists after the downgrade that did not
    /// before the upgrade. Like roles they are cluster-wide: a warning
    /// unless `strict` (`--strict-globals`, or `--strict-roles`).
    GlobalLeftBehind {
        object: GlobalObject,
        name: String,
        down: PathBuf,
        strict: bool,
    },
}

/// Rows that did not survive, and the file to blame (the down file after
/// the downgrade, the up file after the second upgrade).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DataFinding {
    pub blame: PathBuf,
    pub diff: crate::data::DataDiff,
    /// The revision declares that it loses data (rows lost or changed
    /// after its downgrade are then a warning).
    pub declared: bool,
    /// After the second upgrade, when the downgrade gave back exactly the
    /// rows from before: the upgrade itself gives other rows each time (a
    /// warning, `data-not-deterministic`).
    pub not_deterministic: bool,
}

/// The cluster-wide objects besides roles that a walk watches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum GlobalObject {
    Database,
    Tablespace,
}

/// Two schemas that should be equal and are not.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Mismatch {
    /// The file to blame.
    pub blame: PathBuf,
    /// Where the blamed step starts in that file, when it does not start
    /// at its top (dbmate's `-- migrate:down`, goose's `-- +goose Down`).
    pub blame_line: Option<usize>,
    pub changes: Vec<Change>,
    /// The expected rendering of the objects that differ (only those).
    pub expected: String,
    /// The actual rendering of the same objects.
    pub actual: String,
}

impl Mismatch {
    /// The same mismatch, blaming the step that starts at `line` of its
    /// file (`None`: at the top).
    pub fn at_line(self, line: Option<usize>) -> Self {
        Mismatch {
            blame_line: line,
            ..self
        }
    }

    /// The mismatch `changes` between `expected` and `actual`, blaming
    /// `blame`, with the renderings of only the objects that differ.
    pub fn new(
        blame: PathBuf,
        expected: &Document,
        actual: &Document,
        changes: Vec<Change>,
    ) -> Self {
        let keys: Vec<_> = changes.iter().map(|c| c.object.entry_key()).collect();
        let relevant = |doc: &Document| -> String {
            doc.entries()
                .iter()
                .filter(|e| keys.contains(&&e.key))
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        };
        let (expected, actual) = (relevant(expected), relevant(actual));
        Mismatch {
            blame,
            blame_line: None,
            changes,
            expected,
            actual,
        }
    }
}

/// Which way a failed step went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    Up,
    Down,
}

/// A step the server refused.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FailedStep {
    /// The step's file.
    pub file: PathBuf,
    /// Where in which file, when the server said.
    pub location: Option<Location>,
    pub error: ServerError,
}

/// A place in a migration file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Location {
    pub path: PathBuf,
    /// 1-based.
    pub line: usize,
    /// 1-based, in characters.
    pub column: usize,
}

/// What the server said about a failed step.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ServerError {
    pub message: String,
    pub detail: Option<String>,
    pub hint: Option<String>,
}

/// A schema that differs from its stored snapshot.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SnapshotMismatch {
    /// The PostgreSQL major the schema was rendered on.
    pub major: u32,
    /// The snapshot compared with (`<rev>@pgM.snap` or `<rev>.snap`).
    pub path: PathBuf,
    /// Its stored text; `None` when there was no snapshot yet.
    pub stored: Option<String>,
    /// The text it would have now, normalized as stored.
    pub text: String,
    /// The `.snap.new` written for review; `None` when nothing was
    /// written (CI, `INSTA_UPDATE=no`).
    pub pending: Option<PathBuf>,
    /// The major the compared snapshot was recorded on, when that is not
    /// `major`.
    pub recorded_on: Option<u32>,
    /// Where a snapshot specific to `major` would go (`<rev>@pgM.snap`).
    pub version_path: PathBuf,
    /// The revision's files whose checksum differs from the one the
    /// snapshot recorded: an applied migration was edited.
    pub edited: Vec<EditedFile>,
    /// For a revision with no snapshot yet: the first later revision that
    /// has one. The new revision sorts before history that databases may
    /// already have run.
    pub sorts_before: Option<String>,
}

/// A migration file changed since its revision's snapshot was recorded.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct EditedFile {
    /// `up` or `down`.
    pub direction: String,
    pub path: PathBuf,
    /// The SHA-256 the snapshot recorded, and the file's now.
    pub recorded: String,
    pub current: String,
}

/// The kind of a finding, with the stable kebab-case names that reports
/// and scripts use (the JSON report's `kind`, read back too).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingKind {
    /// The downgrade did not restore the schema from before the revision.
    DowngradeMismatch,
    /// The second upgrade produced a different schema from the first.
    ReupgradeMismatch,
    /// The second upgrade failed (usually: the downgrade left something behind).
    ReupgradeError,
    /// An upgrade or downgrade failed with an SQL error.
    StepError,
    /// The schema after the upgrade differs from the stored snapshot.
    SnapshotMismatch,
    /// A file of a revision that has a snapshot changed since: an applied
    /// migration was edited (a snapshot mismatch with that cause).
    EditedMigration,
    /// A new revision sorts before one that already has a snapshot.
    OutOfOrder,
    /// The verify script failed after an upgrade.
    VerifyError,
    /// Replaying the upgrades gave another schema than the first time.
    NotDeterministic,
    /// The revision has no downgrade and is not allowed to be irreversible.
    Irreversible,
    /// A role exists after the downgrade that did not before the upgrade.
    /// Roles are cluster-wide, so this is a warning (teams often create
    /// roles idempotently on purpose), and a failure with `--strict-roles`.
    RoleLeftBehind,
    /// Rows present before the upgrade are gone after the round trip.
    DataLost,
    /// Rows have other values after the round trip.
    DataChanged,
    /// Rows absent before the upgrade are there after the downgrade.
    DataLeftBehind,
    /// The upgrade dropped a table or columns that held rows.
    DataDestroyed,
    /// A fixture file failed.
    FixtureError,
    /// `--data auto` could not fill a table (a warning).
    DataSkipped,
    /// The second upgrade gave other rows than the first although the
    /// downgrade gave back exactly the rows from before (a warning: the
    /// upgrade uses random values, the clock or sequences).
    DataNotDeterministic,
    /// A database exists after the downgrade that did not before the
    /// upgrade (a warning; a failure with `--strict-globals`).
    DatabaseLeftBehind,
    /// A tablespace exists after the downgrade that did not before the
    /// upgrade (a warning; a failure with `--strict-globals`).
    TablespaceLeftBehind,
}

impl FindingKind {
    /// `downgrade-mismatch`, `step-error`…
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::DowngradeMismatch => "downgrade-mismatch",
            FindingKind::ReupgradeMismatch => "reupgrade-mismatch",
            FindingKind::ReupgradeError => "reupgrade-error",
            FindingKind::StepError => "step-error",
            FindingKind::SnapshotMismatch => "snapshot-mismatch",
            FindingKind::EditedMigration => "edited-migration",
            FindingKind::OutOfOrder => "out-of-order",
            FindingKind::VerifyError => "verify-error",
            FindingKind::NotDeterministic => "not-deterministic",
            FindingKind::Irreversible => "irreversible",
            FindingKind::RoleLeftBehind => "role-left-behind",
            FindingKind::DataLost => "data-lost",
            FindingKind::DataChanged => "data-changed",
            FindingKind::DataLeftBehind => "data-left-behind",
            FindingKind::DataDestroyed => "data-destroyed",
            FindingKind::FixtureError => "fixture-error",
            FindingKind::DataSkipped => "data-skipped",
            FindingKind::DataNotDeterministic => "data-not-deterministic",
            FindingKind::DatabaseLeftBehind => "database-left-behind",
            FindingKind::TablespaceLeftBehind => "tablespace-left-behind",
        }
    }
}

impl std::fmt::Display for FindingKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Finding {
    /// A finding of `revision`.
    pub fn new(revision: &str, problem: Problem) -> Self {
        Finding {
            revision: revision.to_string(),
            problem,
            suggestion: None,
        }
    }

    /// The same finding, with what to add to the down file.
    pub fn suggesting(self, suggestion: Option<Suggestion>) -> Self {
        Finding { suggestion, ..self }
    }

    pub fn kind(&self) -> FindingKind {
        match &self.problem {
            Problem::DowngradeMismatch(_) => FindingKind::DowngradeMismatch,
            Problem::ReupgradeMismatch(_) => FindingKind::ReupgradeMismatch,
            Problem::ReupgradeError(_) => FindingKind::ReupgradeError,
            Problem::StepError { .. } => FindingKind::StepError,
            Problem::SnapshotMismatch(s) if !s.edited.is_empty() => FindingKind::EditedMigration,
            Problem::SnapshotMismatch(s) if s.sorts_before.is_some() => FindingKind::OutOfOrder,
            Problem::SnapshotMismatch(_) => FindingKind::SnapshotMismatch,
            Problem::VerifyError { .. } => FindingKind::VerifyError,
            Problem::NotDeterministic(_) => FindingKind::NotDeterministic,
            Problem::Irreversible { .. } => FindingKind::Irreversible,
            Problem::RoleLeftBehind { .. } => FindingKind::RoleLeftBehind,
            Problem::Data(d) if d.not_deterministic => FindingKind::DataNotDeterministic,
            Problem::Data(d) => match d.diff.class {
                crate::data::DiffClass::Lost => FindingKind::DataLost,
                crate::data::DiffClass::Changed => FindingKind::DataChanged,
                crate::data::DiffClass::LeftBehind => FindingKind::DataLeftBehind,
            },
            Problem::DataDestroyed { .. } => FindingKind::DataDestroyed,
            Problem::FixtureError(_) => FindingKind::FixtureError,
            Problem::DataSkipped { .. } | Problem::GeneratedRowsRemoved { .. } => {
                FindingKind::DataSkipped
            }
            Problem::GlobalLeftBehind { object, .. } => match object {
                GlobalObject::Database => FindingKind::DatabaseLeftBehind,
                GlobalObject::Tablespace => FindingKind::TablespaceLeftBehind,
            },
        }
    }

    /// `0003_add_tasks`.
    pub fn revision(&self) -> &str {
        &self.revision
    }

    /// The file to blame: the down file for a downgrade mismatch, the
    /// failing file for an SQL error, the snapshot for a snapshot mismatch.
    pub fn file(&self) -> Option<&Path> {
        Some(match &self.problem {
            Problem::Data(d) => &d.blame,
            Problem::DataDestroyed { up, .. } => up,
            Problem::DataSkipped { .. } | Problem::GeneratedRowsRemoved { .. } => return None,
            Problem::DowngradeMismatch(m)
            | Problem::ReupgradeMismatch(m)
            | Problem::NotDeterministic(m) => &m.blame,
            Problem::ReupgradeError(step)
            | Problem::StepError { step, .. }
            | Problem::VerifyError { step, .. }
            | Problem::FixtureError(step) => match &step.location {
                Some(l) => &l.path,
                None => &step.file,
            },
            Problem::SnapshotMismatch(s) => s.edited.first().map_or(&s.path, |e| &e.path),
            Problem::Irreversible { missing } => &missing.file,
            Problem::RoleLeftBehind { down, .. } | Problem::GlobalLeftBehind { down, .. } => down,
        })
    }

    /// The 1-based line in [`file`](Self::file), when known.
    pub fn line(&self) -> Option<usize> {
        match (&self.problem, self.mismatch()) {
            (_, Some(m)) => m.blame_line,
            (Problem::Irreversible { missing }, None) => missing.line,
            (_, None) => self.location().map(|l| l.line),
        }
    }

    /// The 1-based column in [`file`](Self::file), when known.
    pub fn column(&self) -> Option<usize> {
        self.location().map(|l| l.column)
    }

    /// The differing objects of a mismatch; empty for other findings.
    pub fn changes(&self) -> &[Change] {
        self.mismatch().map_or(&[], |m| m.changes.as_slice())
    }

    /// The expected rendering of the differing objects; empty when the
    /// finding is not a schema mismatch.
    pub fn expected(&self) -> &str {
        self.mismatch().map_or("", |m| m.expected.as_str())
    }

    /// The actual rendering of the differing objects; empty when the
    /// finding is not a schema mismatch.
    pub fn actual(&self) -> &str {
        self.mismatch().map_or("", |m| m.actual.as_str())
    }

    fn mismatch(&self) -> Option<&Mismatch> {
        match &self.problem {
            Problem::DowngradeMismatch(m)
            | Problem::ReupgradeMismatch(m)
            | Problem::NotDeterministic(m) => Some(m),
            _ => None,
        }
    }

    fn location(&self) -> Option<&Location> {
        match &self.problem {
            Problem::ReupgradeError(step)
            | Problem::StepError { step, .. }
            | Problem::VerifyError { step, .. }
            | Problem::FixtureError(step) => step.location.as_ref(),
            _ => None,
        }
    }
}

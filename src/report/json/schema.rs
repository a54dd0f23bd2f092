//! The documented types of the JSON report, schema version
//! [`SCHEMA_VERSION`].
//!
//! `pg-roundtrip check --report json` writes one [`Report`];
//! `pg-roundtrip merge-reports` reads several and writes one. A script (or
//! a Rust program, with these types) reads it back with
//! [`serde_json::from_str::<Report>`](serde_json::from_str) or
//! [`parse`](super::parse), which also checks the version.
//!
//! Stability: within one schema version, fields are only ever added (a
//! reader that ignores unknown fields keeps working); a field that is
//! renamed, removed or changes meaning bumps [`SCHEMA_VERSION`]. Every
//! duration is whole milliseconds; a step that did not run has `null`,
//! never `0` (which is a step that ran in under a millisecond). Paths are as the walk saw them (relative to the directory
//! pg-roundtrip ran in when given relative). Enumerations are kebab-case
//! strings. `docs/report-json.md` shows a complete document.
//!
//! Every other format (human, JUnit, GitHub) is rendered from these
//! types too, so a merged report prints exactly like a single one.

use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// The version of the schema this build writes, and the only one it
/// reads.
pub const SCHEMA_VERSION: u32 = 1;

/// One JSON report: every walk of one `check` (or of the partitions
/// `merge-reports` merged).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// [`SCHEMA_VERSION`] of the writer.
    pub schema_version: u32,
    /// The version of pg-roundtrip that wrote it (`0.1.0`).
    pub pg_roundtrip: String,
    /// True when every run passed: the verdict the exit code follows.
    pub passed: bool,
    /// The PostgreSQL majors walked, in the order of `runs`.
    pub versions: Vec<u32>,
    /// One run per history and PostgreSQL major.
    pub runs: Vec<Run>,
}

/// One history walked on one server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Run {
    /// The history's directory.
    pub history: PathBuf,
    /// Where it ran: `local cluster 17.2 at /tmp/…`, `postgres:17 container`.
    pub server: String,
    /// The server's major version.
    pub pg_major: u32,
    /// True when no revision failed and none was left not run.
    pub passed: bool,
    /// Wall time of the walk (for a merged run: the sum of its parts).
    pub duration_ms: u64,
    /// The revisions walked, in history order. A partial walk
    /// (`--partition`, `--since`) lists only the revisions it selected.
    pub revisions: Vec<Revision>,
    /// What `--data auto` filled and skipped; absent without it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generated: Option<Generated>,
}

pub use super::generated::{Generated, SkippedGroup, SkippedTable};

/// One revision's round trip.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revision {
    /// `0003_add_tasks`.
    pub id: String,
    /// The version number (the position from 1 where the layout has none).
    pub version: u64,
    pub status: RevisionStatus,
    /// Why the revision was not run; `null` unless `status` is `not-run`.
    pub not_run_reason: Option<String>,
    /// The three steps of the round trip.
    pub steps: Steps,
    /// All inspections of the revision together; `null` when none ran.
    pub inspect_ms: Option<u64>,
    /// What fails the revision.
    pub findings: Vec<Finding>,
    /// What is wrong but does not fail it (a role left behind, unless
    /// `--strict-roles`).
    pub warnings: Vec<Finding>,
    /// The snapshot comparison; `null` with `--no-snapshots` or when the
    /// first upgrade did not succeed.
    pub snapshot: Option<Snapshot>,
}

/// How a revision went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RevisionStatus {
    /// Up, down and up again restored what they should.
    Passed,
    /// At least one finding.
    Failed,
    /// No downgrade and not allowed to have none: upgraded only, fails.
    Irreversible,
    /// No downgrade, allowed by `--allow-irreversible`: upgraded only, passes.
    IrreversibleAllowed,
    /// Not walked (an earlier upgrade failed); fails the run.
    NotRun,
}

/// The steps of a round trip: `up`, `down`, then `reup` (up again).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Steps {
    pub up: Step,
    pub down: Step,
    pub reup: Step,
}

/// One step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub status: StepStatus,
    /// Wall time of the step's SQL; `null` when it did not run.
    pub duration_ms: Option<u64>,
}

/// What one step did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepStatus {
    /// Ran, and the schema after it is what it should be.
    Passed,
    /// The server refused its SQL (a `step-error` or `reupgrade-error`).
    Failed,
    /// Ran, but the schema after it differs (a `downgrade-mismatch`, a
    /// `reupgrade-mismatch`, a role left behind with `--strict-roles`).
    Mismatch,
    /// Did not run: an earlier step failed, or there is no downgrade.
    NotRun,
}

/// One thing wrong with a revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub kind: FindingKind,
    /// The revision's id.
    pub revision: String,
    /// The step to blame (`up`, `down`, `reup`); `null` for a snapshot
    /// mismatch and an irreversible revision.
    pub step: Option<StepName>,
    /// One line: what went wrong.
    pub message: String,
    /// The lines under it: one per differing object, the server's detail
    /// and hint, what to do next.
    pub details: Vec<String>,
    /// The file to blame: the down file of a downgrade mismatch, the
    /// failing file of an SQL error, the snapshot of a snapshot mismatch.
    pub file: Option<PathBuf>,
    /// 1-based line in `file`, when known (where the server's error is,
    /// or where the blamed section starts in a one-file layout).
    pub line: Option<usize>,
    /// 1-based column (in characters) in `file`, when known.
    pub column: Option<usize>,
    /// The expected rendering of the objects that differ (the schema
    /// before the revision, for a downgrade mismatch); empty unless the
    /// finding is a schema mismatch.
    pub before: String,
    /// The actual rendering of the same objects.
    pub after: String,
    /// Each differing object, by its typed reference.
    pub changes: Vec<Change>,
    /// What to add to the down file (a downgrade mismatch, or a second
    /// upgrade that failed on what the downgrade left behind); absent
    /// otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<Suggestion>,
}

pub use super::suggestion::{SuggestedStatement, Suggestion, Unrestorable};

/// The kinds of finding, by their stable kebab-case names
/// (`downgrade-mismatch`, `step-error`, …): the walk's own
/// [`FindingKind`](crate::walk::FindingKind), one list for the walk and
/// every report. A new kind is added within a schema version; renaming or
/// removing one bumps [`SCHEMA_VERSION`].
pub use crate::walk::FindingKind;

/// A step of the round trip, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepName {
    Up,
    Down,
    Reup,
}

/// One differing object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub object: ObjectRef,
    pub change: ChangeKind,
    /// The object's rendered line(s) in the expected schema; `null` when
    /// it is absent there (`added`). For `reordered`: the expected order,
    /// one name a line.
    pub before: Option<String>,
    /// The same in the actual schema; `null` when absent (`removed`).
    pub after: Option<String>,
}

/// The typed reference to a schema object, as the differ names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectRef {
    /// The object's kind as a reviewer reads it: `table`, `column`,
    /// `index`, `constraint`, `function`, `comment on`, `grant`…
    pub kind: String,
    /// Its name: `public.tasks` for an entry, `title` for a part; empty
    /// for a property of its parent (a comment, a body).
    pub name: String,
    /// The entry a part belongs to (`table public.tasks`); `null` for a
    /// whole entry.
    pub parent: Option<String>,
    /// A stable, greppable path: `column public.tasks.title`.
    pub path: String,
}

/// How an object differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    /// Present in the actual schema only.
    Added,
    /// Present in the expected schema only.
    Removed,
    /// Present in both, different.
    Altered,
    /// Same parts, different order (a table's columns).
    Reordered,
}

/// A revision's snapshot comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    pub status: SnapshotStatus,
    /// The `.snap.new` written for review; `null` when none was (in CI,
    /// or when nothing differs).
    pub pending: Option<PathBuf>,
}

/// What the snapshot comparison found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SnapshotStatus {
    /// The stored snapshot matches.
    Matched,
    /// The stored snapshot differs.
    Mismatched,
    /// There was no snapshot yet (a first run).
    New,
    /// It was missing or different and was written in place
    /// (`INSTA_UPDATE=always`).
    Updated,
}

impl Run {
    /// How many revisions have at least one finding.
    pub fn failed_revisions(&self) -> usize {
        self.revisions
            .iter()
            .filter(|r| !r.findings.is_empty())
            .count()
    }

    /// Every revision's findings, in order.
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.revisions.iter().flat_map(|r| r.findings.iter())
    }

    /// Every revision's warnings, in order.
    pub fn warnings(&self) -> impl Iterator<Item = &Finding> {
        self.revisions.iter().flat_map(|r| r.warnings.iter())
    }

    /// How many revisions were not run.
    pub fn not_run(&self) -> usize {
        self.revisions
            .iter()
            .filter(|r| r.status == RevisionStatus::NotRun)
            .count()
    }

    /// The verdict of `revisions`: no finding, nothing left not run.
    pub fn verdict(revisions: &[Revision]) -> bool {
        revisions
            .iter()
            .all(|r| r.findings.is_empty() && r.status != RevisionStatus::NotRun)
    }
}

impl Revision {
    /// Whether `finding` (one of this revision's) says only that there is
    /// no snapshot yet: the round trip itself passed.
    pub fn is_new_snapshot(&self, finding: &Finding) -> bool {
        finding.kind == FindingKind::SnapshotMismatch
            && self
                .snapshot
                .as_ref()
                .is_some_and(|s| s.status == SnapshotStatus::New)
    }

    /// Whether every finding says only "no snapshot yet" (and there is one).
    pub fn only_new_snapshots(&self) -> bool {
        !self.findings.is_empty() && self.findings.iter().all(|f| self.is_new_snapshot(f))
    }

    /// The time of every step and inspection together.
    pub fn total_ms(&self) -> u64 {
        [self.steps.up, self.steps.down, self.steps.reup]
            .iter()
            .filter_map(|s| s.duration_ms)
            .sum::<u64>()
            + self.inspect_ms.unwrap_or(0)
    }
}

impl Report {
    /// The majors of `runs`, each once, in order.
    pub fn versions_of(runs: &[Run]) -> Vec<u32> {
        let mut v: Vec<u32> = Vec::new();
        for r in runs {
            if !v.contains(&r.pg_major) {
                v.push(r.pg_major);
            }
        }
        v
    }

    /// A report of `runs`, its verdict and versions computed from them.
    pub fn new(runs: Vec<Run>) -> Self {
        Report {
            schema_version: SCHEMA_VERSION,
            pg_roundtrip: env!("CARGO_PKG_VERSION").to_string(),
            passed: runs.iter().all(|r| r.passed),
            versions: Report::versions_of(&runs),
            runs,
        }
    }
}

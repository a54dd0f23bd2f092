//! What a walk found, per revision.

use crate::diff::Change;
use crate::snapshot::SnapshotStatus;
use std::path::PathBuf;
use std::time::Duration;

/// The result of walking one history on one server.
#[derive(Debug, Clone, serde::Serialize)]
pub struct WalkReport {
    pub history: PathBuf,
    /// Where it ran: "local cluster 15.18 …".
    pub server: String,
    pub pg_major: u32,
    pub revisions: Vec<RevisionOutcome>,
    #[serde(serialize_with = "millis")]
    pub duration: Duration,
}

impl WalkReport {
    /// True when no revision failed.
    pub fn passed(&self) -> bool {
        self.revisions.iter().all(|r| r.findings.is_empty())
            && self
                .revisions
                .iter()
                .all(|r| !matches!(r.status, RevisionStatus::NotRun { .. }))
    }

    /// How many revisions have at least one finding.
    pub fn failed_revisions(&self) -> usize {
        self.revisions
            .iter()
            .filter(|r| !r.findings.is_empty())
            .count()
    }

    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.revisions.iter().flat_map(|r| r.findings.iter())
    }

    /// Findings that do not fail the walk (roles left behind without
    /// `--strict-roles`).
    pub fn warnings(&self) -> impl Iterator<Item = &Finding> {
        self.revisions.iter().flat_map(|r| r.warnings.iter())
    }
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct RevisionOutcome {
    /// `0003_add_tasks`.
    pub id: String,
    pub version: u64,
    pub status: RevisionStatus,
    pub findings: Vec<Finding>,
    /// Findings that do not fail the revision: a role its downgrade left
    /// behind (unless `--strict-roles`, which makes it a finding).
    pub warnings: Vec<Finding>,
    /// `None` when snapshots are off or the revision did not get that far.
    pub snapshot: Option<SnapshotStatus>,
    pub timings: StepTimings,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum RevisionStatus {
    /// Up, down and up again all restored what they should.
    Passed,
    Failed,
    /// No downgrade: upgraded only. `allowed` by `--allow-irreversible`.
    Irreversible {
        allowed: bool,
    },
    /// Not walked, because an earlier upgrade failed.
    NotRun {
        reason: String,
    },
}

/// Wall time of each step, in milliseconds in JSON.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct StepTimings {
    #[serde(serialize_with = "millis")]
    pub up: Duration,
    #[serde(serialize_with = "millis")]
    pub down: Duration,
    #[serde(serialize_with = "millis")]
    pub reup: Duration,
    /// All inspections of this revision together.
    #[serde(serialize_with = "millis")]
    pub inspect: Duration,
}

/// One thing wrong with a revision.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Finding {
    pub kind: FindingKind,
    /// `0003_add_tasks`.
    pub revision: String,
    /// The file to blame: the down file for a downgrade mismatch, the
    /// failing file for an SQL error.
    pub file: Option<PathBuf>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// One line: what went wrong.
    pub message: String,
    /// One line per differing object, or the server's detail and hint.
    pub details: Vec<String>,
    /// The relevant part of the expected and actual renderings (only the
    /// objects that differ), for a side-by-side diff.
    pub expected: String,
    pub actual: String,
    pub changes: Vec<Change>,
}

impl Finding {
    /// A finding with a message and nothing else yet.
    pub fn new(kind: FindingKind, revision: &str, message: String) -> Self {
        Finding {
            kind,
            revision: revision.to_string(),
            file: None,
            line: None,
            column: None,
            message,
            details: Vec::new(),
            expected: String::new(),
            actual: String::new(),
            changes: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
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
    /// The revision has no downgrade and is not allowed to be irreversible.
    Irreversible,
    /// A role exists after the downgrade that did not before the upgrade.
    /// Roles are cluster-wide, so this is a warning (teams often create
    /// roles idempotently on purpose), and a failure with `--strict-roles`.
    RoleLeftBehind,
}

impl FindingKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::DowngradeMismatch => "downgrade-mismatch",
            FindingKind::ReupgradeMismatch => "reupgrade-mismatch",
            FindingKind::ReupgradeError => "reupgrade-error",
            FindingKind::StepError => "step-error",
            FindingKind::SnapshotMismatch => "snapshot-mismatch",
            FindingKind::Irreversible => "irreversible",
            FindingKind::RoleLeftBehind => "role-left-behind",
        }
    }
}

impl std::fmt::Display for FindingKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

fn millis<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u64(d.as_millis() as u64)
}

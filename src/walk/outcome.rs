//! What a walk found, per revision.

use super::finding::Finding;
use crate::render::Document;
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
    /// What `--data auto` filled and skipped; `None` without it.
    pub generated: Option<crate::data::Generation>,
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

    /// Every revision's findings, in order.
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.revisions.iter().flat_map(|r| r.findings.iter())
    }

    /// Findings that do not fail the walk (roles left behind without
    /// `--strict-roles`).
    pub fn warnings(&self) -> impl Iterator<Item = &Finding> {
        self.revisions.iter().flat_map(|r| r.warnings.iter())
    }
}

/// How one revision went.
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
    /// Set by the snapshot pass ([`crate::snapshot::check_walk`]); `None`
    /// when snapshots are off or the revision did not get that far.
    pub snapshot: Option<SnapshotStatus>,
    pub timings: StepTimings,
    /// The schema after the revision's first upgrade, as rendered for
    /// comparing and for its snapshot; `None` when that upgrade failed or
    /// the revision was not run.
    #[serde(skip)]
    pub schema: Option<Document>,
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
        reason: NotRunReason,
    },
}

/// Why a revision was not walked.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub enum NotRunReason {
    /// The first upgrade of `revision` failed.
    UpgradeFailed { revision: String },
    /// Rebuilding a fresh database up to `target` failed at `failed_at`
    /// with the server's `message`.
    RebuildFailed {
        target: String,
        failed_at: String,
        message: String,
    },
    /// Fast-forwarding (the first upgrade of a revision before the
    /// selected ones, see [`Selection`](crate::walk::Selection)) failed at
    /// `failed_at` with the server's `message`.
    FastForwardFailed { failed_at: String, message: String },
}

/// What a snapshot comparison found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum SnapshotStatus {
    /// The stored snapshot matches.
    Matched,
    /// The stored snapshot differs (`stored` is `None` when there was none).
    Mismatched {
        stored: Option<String>,
        /// The `.snap.new` written for review, if one was written.
        pending: Option<PathBuf>,
    },
    /// The snapshot was missing or different and was written in place
    /// (`INSTA_UPDATE=always`).
    Updated,
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

fn millis<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u64(d.as_millis() as u64)
}

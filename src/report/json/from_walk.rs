//! A walk's plain data → the documented [`schema`](super::schema) types,
//! with every sentence from [`wording`].

use super::schema::{
    Change, ChangeKind, Finding, ObjectRef, Report, Revision, RevisionStatus, Run, Snapshot,
    SnapshotStatus, Step, StepName, StepStatus, Steps,
};
use crate::diff;
use crate::report::wording;
use crate::walk::{self, Direction, Problem, RevisionOutcome, WalkReport};
use std::time::Duration;

/// The report of `walks`.
pub fn report(walks: &[WalkReport]) -> Report {
    Report::new(walks.iter().map(run).collect())
}

fn run(walk: &WalkReport) -> Run {
    Run {
        history: walk.history.clone(),
        server: walk.server.clone(),
        pg_major: walk.pg_major,
        passed: walk.passed(),
        duration_ms: millis(walk.duration),
        revisions: walk.revisions.iter().map(revision).collect(),
        generated: walk.generated.as_ref().map(super::generated::from_walk),
    }
}

fn revision(outcome: &RevisionOutcome) -> Revision {
    let (status, not_run_reason) = match &outcome.status {
        walk::RevisionStatus::Passed => (RevisionStatus::Passed, None),
        walk::RevisionStatus::Failed => (RevisionStatus::Failed, None),
        walk::RevisionStatus::Irreversible { allowed: true } => {
            (RevisionStatus::IrreversibleAllowed, None)
        }
        walk::RevisionStatus::Irreversible { allowed: false } => {
            (RevisionStatus::Irreversible, None)
        }
        walk::RevisionStatus::NotRun { reason } => {
            (RevisionStatus::NotRun, Some(wording::not_run(reason)))
        }
    };
    Revision {
        id: outcome.id.clone(),
        version: outcome.version,
        status,
        not_run_reason,
        steps: steps(outcome),
        inspect_ms: ran(outcome.timings.inspect),
        findings: outcome.findings.iter().map(finding).collect(),
        warnings: outcome.warnings.iter().map(finding).collect(),
        snapshot: outcome.snapshot.as_ref().map(snapshot),
    }
}

/// Each step's status from the findings that blame it, and its time. The
/// walk leaves a step that did not run at zero; one that ran took some
/// time (it opens a connection), if less than a millisecond.
fn steps(outcome: &RevisionOutcome) -> Steps {
    let t = &outcome.timings;
    let step = |name: StepName, time: Duration| {
        let blamed = outcome
            .findings
            .iter()
            .filter(|f| blamed_step(&f.problem) == Some(name));
        let mut status = if time.is_zero() {
            StepStatus::NotRun
        } else {
            StepStatus::Passed
        };
        for f in blamed {
            status = match f.kind() {
                walk::FindingKind::StepError | walk::FindingKind::ReupgradeError => {
                    StepStatus::Failed
                }
                _ if status == StepStatus::Failed => status,
                _ => StepStatus::Mismatch,
            };
        }
        Step {
            status,
            duration_ms: ran(time),
        }
    };
    Steps {
        up: step(StepName::Up, t.up),
        down: step(StepName::Down, t.down),
        reup: step(StepName::Reup, t.reup),
    }
}

fn blamed_step(problem: &Problem) -> Option<StepName> {
    match problem {
        Problem::StepError {
            direction: Direction::Up,
            ..
        } => Some(StepName::Up),
        Problem::StepError {
            direction: Direction::Down,
            ..
        }
        | Problem::DowngradeMismatch(_)
        | Problem::RoleLeftBehind { .. }
        | Problem::GlobalLeftBehind { .. } => Some(StepName::Down),
        Problem::ReupgradeError(_) | Problem::ReupgradeMismatch(_) => Some(StepName::Reup),
        Problem::VerifyError { second: false, .. } | Problem::NotDeterministic(_) => {
            Some(StepName::Up)
        }
        Problem::VerifyError { second: true, .. } => Some(StepName::Reup),
        Problem::SnapshotMismatch(_) | Problem::Irreversible { .. } => None,
        Problem::Data(d) => Some(match d.diff.stage {
            crate::data::Stage::AfterDowngrade => StepName::Down,
            crate::data::Stage::AfterSecondUpgrade => StepName::Reup,
        }),
        Problem::DataDestroyed { .. } | Problem::FixtureError(_) => Some(StepName::Up),
        Problem::DataSkipped { .. } | Problem::GeneratedRowsRemoved { .. } => None,
    }
}

fn finding(f: &walk::Finding) -> Finding {
    let (before, after) = super::super::data_wording::rows_before_after(f)
        .unwrap_or_else(|| (f.expected().to_string(), f.actual().to_string()));
    Finding {
        kind: f.kind(),
        revision: f.revision().to_string(),
        step: blamed_step(&f.problem),
        message: wording::message(f),
        details: wording::details(f),
        file: f.file().map(Into::into),
        line: f.line(),
        column: f.column(),
        before,
        after,
        changes: f.changes().iter().map(change).collect(),
        suggestion: f.suggestion.as_ref().map(super::suggestion::suggestion),
    }
}

fn change(c: &diff::Change) -> Change {
    let (change, before, after) = match &c.kind {
        diff::ChangeKind::Added { actual } => (ChangeKind::Added, None, Some(actual.clone())),
        diff::ChangeKind::Removed { expected } => {
            (ChangeKind::Removed, Some(expected.clone()), None)
        }
        diff::ChangeKind::Altered { expected, actual } => (
            ChangeKind::Altered,
            Some(expected.clone()),
            Some(actual.clone()),
        ),
        diff::ChangeKind::Reordered { expected, actual } => (
            ChangeKind::Reordered,
            Some(expected.join("\n")),
            Some(actual.join("\n")),
        ),
    };
    Change {
        object: object(&c.object),
        change,
        before,
        after,
    }
}

fn object(o: &diff::ObjectRef) -> ObjectRef {
    let entry = o.entry_key();
    let (kind, name) = match o.part_key() {
        Some(part) => (part.word(), part.display_name()),
        None => (entry.kind.word(), entry.display_name()),
    };
    ObjectRef {
        kind: kind.to_string(),
        name,
        parent: o.part_key().map(|_| entry.to_string()),
        path: o.path.clone(),
    }
}

fn snapshot(s: &walk::SnapshotStatus) -> Snapshot {
    let (status, pending) = match s {
        walk::SnapshotStatus::Matched => (SnapshotStatus::Matched, None),
        walk::SnapshotStatus::Updated => (SnapshotStatus::Updated, None),
        walk::SnapshotStatus::Mismatched { stored, pending } => (
            if stored.is_some() {
                SnapshotStatus::Mismatched
            } else {
                SnapshotStatus::New
            },
            pending.clone(),
        ),
    };
    Snapshot { status, pending }
}

fn ran(d: Duration) -> Option<u64> {
    (!d.is_zero()).then(|| millis(d))
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

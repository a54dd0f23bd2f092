//! `--format json`: the reports as one JSON document.
//!
//! Shape: `{"passed": bool, "versions": [15, 17…], "runs": [run…]}` (one
//! run per history and PostgreSQL version, each with `history`, `server`,
//! `pg_major`, `revisions` and `duration`), where every finding has
//! `kind`, `revision`, `file`, `line`, `column`, `message`, `details`,
//! `expected`, `actual` and `changes`, and durations are milliseconds.
//! A revision's `timings` always has `up`, `down`, `reup` and `inspect`;
//! a step that did not run (a failed upgrade's downgrade, an irreversible
//! revision's, a revision not run) is `null`, never `0`.
//! The document is built from views of the walk's data here, so that its
//! keys stay what scripts rely on whatever the walk's types look like.

use super::wording;
use crate::diff::Change;
use crate::walk::{
    Finding, RevisionOutcome, RevisionStatus, SnapshotStatus, StepTimings, WalkReport,
};
use std::io::{self, Write};
use std::path::Path;
use std::time::Duration;

#[derive(serde::Serialize)]
struct Document<'a> {
    passed: bool,
    /// The PostgreSQL majors walked, in order.
    versions: Vec<u32>,
    runs: Vec<Run<'a>>,
}

#[derive(serde::Serialize)]
struct Run<'a> {
    history: &'a Path,
    server: &'a str,
    pg_major: u32,
    revisions: Vec<Revision<'a>>,
    #[serde(serialize_with = "millis")]
    duration: Duration,
}

#[derive(serde::Serialize)]
struct Revision<'a> {
    id: &'a str,
    version: u64,
    status: Status,
    findings: Vec<FindingView<'a>>,
    warnings: Vec<FindingView<'a>>,
    snapshot: &'a Option<SnapshotStatus>,
    timings: Timings,
}

/// A revision's step times in milliseconds; `None` (`null`) for a step
/// that did not run.
#[derive(serde::Serialize)]
struct Timings {
    up: Option<u64>,
    down: Option<u64>,
    reup: Option<u64>,
    inspect: Option<u64>,
}

impl From<&StepTimings> for Timings {
    fn from(t: &StepTimings) -> Self {
        // The walk leaves a step that did not run at zero; one that ran
        // took some time, if less than a millisecond.
        let ran = |d: Duration| (!d.is_zero()).then_some(d.as_millis() as u64);
        Timings {
            up: ran(t.up),
            down: ran(t.down),
            reup: ran(t.reup),
            inspect: ran(t.inspect),
        }
    }
}

#[derive(serde::Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
enum Status {
    Passed,
    Failed,
    Irreversible { allowed: bool },
    NotRun { reason: String },
}

#[derive(serde::Serialize)]
struct FindingView<'a> {
    kind: &'static str,
    revision: &'a str,
    file: Option<&'a Path>,
    line: Option<usize>,
    column: Option<usize>,
    message: String,
    details: Vec<String>,
    expected: &'a str,
    actual: &'a str,
    changes: &'a [Change],
}

/// Writes `reports` as one pretty-printed JSON document and a newline.
pub fn write(out: &mut impl Write, reports: &[WalkReport]) -> io::Result<()> {
    let doc = Document {
        passed: reports.iter().all(WalkReport::passed),
        versions: {
            let mut v: Vec<u32> = Vec::new();
            for r in reports {
                if !v.contains(&r.pg_major) {
                    v.push(r.pg_major);
                }
            }
            v
        },
        runs: reports.iter().map(run).collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &doc).map_err(io::Error::other)?;
    writeln!(out)
}

fn run(report: &WalkReport) -> Run<'_> {
    Run {
        history: &report.history,
        server: &report.server,
        pg_major: report.pg_major,
        revisions: report.revisions.iter().map(revision).collect(),
        duration: report.duration,
    }
}

fn revision(outcome: &RevisionOutcome) -> Revision<'_> {
    Revision {
        id: &outcome.id,
        version: outcome.version,
        status: match &outcome.status {
            RevisionStatus::Passed => Status::Passed,
            RevisionStatus::Failed => Status::Failed,
            RevisionStatus::Irreversible { allowed } => Status::Irreversible { allowed: *allowed },
            RevisionStatus::NotRun { reason } => Status::NotRun {
                reason: wording::not_run(reason),
            },
        },
        findings: outcome.findings.iter().map(finding).collect(),
        warnings: outcome.warnings.iter().map(finding).collect(),
        snapshot: &outcome.snapshot,
        timings: Timings::from(&outcome.timings),
    }
}

fn finding(f: &Finding) -> FindingView<'_> {
    FindingView {
        kind: f.kind().as_str(),
        revision: f.revision(),
        file: f.file(),
        line: f.line(),
        column: f.column(),
        message: wording::message(f),
        details: wording::details(f),
        expected: f.expected(),
        actual: f.actual(),
        changes: f.changes(),
    }
}

fn millis<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u64(d.as_millis() as u64)
}

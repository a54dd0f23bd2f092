//! One history over several workers: [`walk_jobs`] cuts the history into
//! consecutive slices, walks each on a scratch database of its own at the
//! same time (the revisions before a slice fast-forwarded: first upgrades
//! only, no inspection, see [`Selection`]), and joins the slices' outcomes
//! into the report a serial walk gives, revision for revision.

use super::finding::{Direction, Problem};
use super::options::{WalkError, WalkOptions};
use super::outcome::{NotRunReason, RevisionOutcome, RevisionStatus, WalkReport};
use super::run::{walk, walk_selected};
use super::selection::Selection;
use crate::db::Server;
use crate::source::History;
use std::sync::Arc;
use std::time::Instant;

/// Walks `history` with up to `jobs` workers on `server`. The report equals
/// [`walk`]'s: every revision's status and findings, and after a revision
/// that ends a serial walk (a failed first upgrade, a rebuild that fails)
/// every later revision not run for the same reason. Only the timings
/// differ.
///
/// Runs serially (as [`walk`]) with one job, with fewer than two revisions
/// per job, or when a script creates, alters or drops roles: roles are
/// cluster-wide, so workers on one server would see each other's.
/// `options.progress` is told about each revision once the slices are
/// joined, in order.
pub async fn walk_jobs(
    history: &History,
    server: &Server,
    options: &WalkOptions,
    jobs: usize,
) -> Result<WalkReport, WalkError> {
    let n = history.revisions.len();
    let jobs = jobs.min(n / 2).max(1);
    if jobs == 1 || touches_roles(history) {
        return walk(history, server, options).await;
    }
    let started = Instant::now();
    let shared = Arc::new(history.clone());
    let mut quiet = options.clone();
    quiet.progress = None;
    let mut tasks = Vec::with_capacity(jobs);
    for k in 0..jobs {
        let slice = k * n / jobs..(k + 1) * n / jobs;
        let (history, server, options) = (shared.clone(), server.clone(), quiet.clone());
        tasks.push(tokio::spawn(async move {
            walk_selected(&history, &server, &options, &Selection::range(slice)).await
        }));
    }
    // Every task runs to its end (and drops its databases) before the
    // first error is returned.
    let mut results = Vec::with_capacity(jobs);
    for task in tasks {
        results.push(task.await);
    }
    let mut revisions = Vec::with_capacity(n);
    let mut first = None;
    let mut generated: Option<crate::data::Generation> = None;
    for result in results {
        let report = match result {
            Ok(report) => report,
            Err(join) => Err(WalkError::Db(crate::db::DbError::Process {
                action: "walk a slice of the history".into(),
                message: join.to_string(),
            })),
        };
        match report {
            Ok(report) => {
                first.get_or_insert_with(|| (report.server.clone(), report.pg_major));
                revisions.extend(report.revisions);
                match (&mut generated, report.generated) {
                    (Some(all), Some(more)) => all.join(more),
                    (all, more) => *all = all.take().or(more),
                }
            }
            Err(e) => return Err(e),
        }
    }
    let revisions = as_serial(revisions);
    if let Some(progress) = &options.progress {
        for (i, outcome) in revisions.iter().enumerate() {
            (progress.0)(&super::options::ProgressEvent {
                history: &history.dir,
                pg_major: server.major(),
                done: i + 1,
                total: n,
                outcome,
            });
        }
    }
    let (server_description, pg_major) =
        first.unwrap_or_else(|| (server.description.clone(), server.major()));
    Ok(WalkReport {
        history: history.dir.clone(),
        server: server_description,
        pg_major,
        revisions,
        duration: started.elapsed(),
        generated,
    })
}

/// The slices' outcomes as one serial walk has them: once a revision ends
/// the walk (its first upgrade failed, or it was not run), every later one
/// is not run, for the reason the serial walk would give.
fn as_serial(outcomes: Vec<RevisionOutcome>) -> Vec<RevisionOutcome> {
    let mut stopped: Option<NotRunReason> = None;
    outcomes
        .into_iter()
        .map(|mut outcome| {
            if let Some(reason) = &stopped {
                outcome.status = RevisionStatus::NotRun {
                    reason: reason.clone(),
                };
                outcome.findings.clear();
                outcome.warnings.clear();
                outcome.snapshot = None;
                outcome.schema = None;
                outcome.timings = Default::default();
                return outcome;
            }
            if let RevisionStatus::NotRun { reason } = &outcome.status {
                stopped = Some(reason.clone());
            } else if outcome.findings.iter().any(|f| {
                matches!(
                    &f.problem,
                    Problem::StepError {
                        direction: Direction::Up,
                        ..
                    }
                )
            }) {
                stopped = Some(NotRunReason::UpgradeFailed {
                    revision: outcome.id.clone(),
                });
            }
            outcome
        })
        .collect()
}

/// Whether any script of `history` creates, alters or drops a role (or
/// a database or tablespace).
fn touches_roles(history: &History) -> bool {
    const WORDS: &[&str] = &[
        "create role",
        "alter role",
        "drop role",
        "create user",
        "alter user",
        "drop user",
        "create group",
        "alter group",
        "drop group",
        // Databases and tablespaces are cluster-wide too.
        "create database",
        "drop database",
        "create tablespace",
        "drop tablespace",
    ];
    history.revisions.iter().any(|r| {
        std::iter::once(&r.up).chain(r.down.as_ref()).any(|step| {
            let sql = step
                .script
                .sql
                .to_lowercase()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            WORDS.iter().any(|w| sql.contains(w))
        })
    })
}

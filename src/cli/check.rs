//! `check`: validated configuration → backends → the scheduled walks →
//! reports → the exit code of the verdict.

use super::args::CheckArgs;
use super::backend;
use super::config::CheckConfig;
use super::error::CliError;
use super::reports::{self, Reports};
use super::schedule::run_matrix;
use crate::report::json::from_walk;
use crate::walk::{Progress, ProgressEvent, WalkOptions};
use std::io::IsTerminal;
use std::sync::Arc;

pub async fn check(args: CheckArgs) -> Result<u8, CliError> {
    let config = CheckConfig::from_args(&args)?;
    // The reports are checked before anything runs.
    let plan = Reports::plan(&args.reports, args.format, args.junit.as_ref(), args.color)?;
    let options = WalkOptions {
        progress: progress_line(),
        ..config.walk
    };
    let backends = backend::resolve(&config.backend).await?;
    eprintln!("pg-roundtrip: {}", backends.reason);
    let (walks, mut errors) =
        run_matrix(backends.backends, config.histories, options, config.jobs).await;
    if std::io::stderr().is_terminal() {
        // Clear the progress line before the report.
        eprint!("\r\u{1b}[K");
    }

    let report = from_walk::report(&walks);
    let report_errors = if walks.is_empty() {
        Vec::new()
    } else {
        plan.write(&report)?
    };
    // Every error is printed; the worst decides the exit code.
    if !errors.is_empty() {
        errors.extend(report_errors);
        return Err(CliError::all(errors).unwrap_or(CliError::Internal("no error".into())));
    }
    reports::exit_code(report.passed, report_errors)
}

/// On a terminal, one stderr line that shows the revision each walk just
/// finished (overwritten in place, cleared before the report). Nothing
/// when stderr is a file or a CI log, where the report says it all.
fn progress_line() -> Option<Progress> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    Some(Progress(Arc::new(|e: &ProgressEvent<'_>| {
        let verdict = if e.outcome.findings.is_empty() {
            "ok"
        } else {
            "FAILED"
        };
        eprint!(
            "\r\u{1b}[Kpg{} {} [{}/{}] {} {verdict}",
            e.pg_major,
            crate::report::display_path(e.history),
            e.done,
            e.total,
            e.outcome.id
        );
    })))
}

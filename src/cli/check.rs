//! `check`: validated configuration → backends → the scheduled walks →
//! reports → the exit code of the verdict.

use super::args::{CheckArgs, Color};
use super::backend;
use super::config::CheckConfig;
use super::error::CliError;
use super::exit;
use super::schedule::run_matrix;
use crate::report;
use crate::walk::{Progress, ProgressEvent, WalkOptions};
use std::io::{IsTerminal, Write};
use std::sync::Arc;

pub async fn check(args: CheckArgs) -> Result<u8, CliError> {
    let config = CheckConfig::from_args(&args)?;
    let options = WalkOptions {
        progress: progress_line(),
        ..config.walk
    };
    let plan = backend::resolve(&args.server).await?;
    eprintln!("pg-roundtrip: {}", plan.reason);
    let (reports, errors) = run_matrix(plan.backends, config.histories, options, config.jobs).await;
    if std::io::stderr().is_terminal() {
        // Clear the progress line before the report.
        eprint!("\r\u{1b}[K");
    }

    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    if !reports.is_empty() {
        let mut out = std::io::stdout().lock();
        report::write(args.format, &mut out, &reports, color).map_err(CliError::Stdout)?;
        let _ = out.flush();
        if let Some(path) = &args.junit {
            let file_error = |action| {
                move |source| CliError::ReportFile {
                    action,
                    path: path.clone(),
                    source,
                }
            };
            let mut file = std::fs::File::create(path).map_err(file_error("create"))?;
            report::junit::write(&mut file, &reports).map_err(file_error("write"))?;
        }
    }
    // Every error is printed; the worst decides the exit code.
    if let Some(error) = CliError::all(errors) {
        return Err(error);
    }
    Ok(if reports.iter().all(|r| r.passed()) {
        exit::OK
    } else {
        exit::FAILED
    })
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

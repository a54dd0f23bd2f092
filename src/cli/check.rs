//! `check`: validated configuration → backends → the scheduled walks →
//! reports → the exit code of the verdict.

use super::args::{CheckArgs, Color};
use super::backend;
use super::config::CheckConfig;
use super::error::CliError;
use super::exit;
use super::schedule::run_matrix;
use super::stdout::Stdout;
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
    let plan = backend::resolve(&config.backend).await?;
    eprintln!("pg-roundtrip: {}", plan.reason);
    let (reports, mut errors) =
        run_matrix(plan.backends, config.histories, options, config.jobs).await;
    if std::io::stderr().is_terminal() {
        // Clear the progress line before the report.
        eprint!("\r\u{1b}[K");
    }

    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    // A report file that cannot be written is its own error; it never
    // hides a failed verdict (exit 1, the error printed as a warning).
    let mut report_errors: Vec<CliError> = Vec::new();
    if !reports.is_empty() {
        let mut out = Stdout::new();
        report::write(args.format, &mut out, &reports, color).map_err(CliError::Stdout)?;
        out.flush().map_err(CliError::Stdout)?;
        if args.format == report::Format::Github
            && let Err(e) = report::github::append_step_summary(&reports)
        {
            report_errors.push(e.into());
        }
        if let Some(path) = &args.junit {
            let file_error = |action| {
                move |source| CliError::ReportFile {
                    action,
                    path: path.clone(),
                    source,
                }
            };
            let written = std::fs::File::create(path)
                .map_err(file_error("create"))
                .and_then(|mut file| {
                    report::junit::write(&mut file, &reports).map_err(file_error("write"))
                });
            if let Err(e) = written {
                report_errors.push(e);
            }
        }
    }
    // Every error is printed; the worst decides the exit code.
    if !errors.is_empty() {
        errors.extend(report_errors);
        return Err(CliError::all(errors).unwrap_or(CliError::Internal("no error".into())));
    }
    let passed = reports.iter().all(|r| r.passed());
    match CliError::all(report_errors) {
        Some(e) if passed => Err(e),
        Some(e) => {
            let _ = e.print_as_warning(&mut std::io::stderr().lock());
            Ok(exit::FAILED)
        }
        None if passed => Ok(exit::OK),
        None => Ok(exit::FAILED),
    }
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

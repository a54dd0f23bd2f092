//! `check`: validated configuration → backends → the scheduled walks →
//! reports → the exit code of the verdict.

use super::args::{CheckArgs, Color};
use super::backend;
use super::config::CheckConfig;
use super::error::CliError;
use super::exit;
use super::schedule::run_matrix;
use super::stdout::Stdout;
use super::{progress, select};
use crate::report;
use crate::walk::WalkOptions;
use std::io::{IsTerminal, Write};

pub async fn check(args: CheckArgs) -> Result<u8, CliError> {
    let config = CheckConfig::from_args(&args)?;
    let chosen = select::choose(&args.select, &config.histories)?;
    if chosen.is_nothing(&config.histories) {
        chosen.print_edits(true, &mut std::io::stderr().lock());
        eprintln!("{}", chosen.nothing_line(&config.histories));
        return Ok(exit::OK);
    }
    for line in &chosen.lines {
        eprintln!("{line}");
    }
    let display = progress::Display::for_stderr();
    let (progress, on_step) = display.callbacks();
    let options = WalkOptions {
        progress,
        on_step,
        ..config.walk
    };
    let plan = backend::resolve(&args.server).await?;
    eprintln!("pg-roundtrip: {}", plan.reason);
    let labels: Vec<String> = plan.backends.iter().map(|b| b.label()).collect();
    let Some(matrix) = chosen.per_server(args.select.partition, &config.histories, &labels) else {
        // A partition left with nothing to walk (it said so).
        return Ok(exit::OK);
    };
    let (reports, mut errors) = run_matrix(
        plan.backends,
        config.histories,
        options,
        config.jobs,
        matrix,
    )
    .await;
    display.finish();

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
    // An edited applied migration fails like sqlx's changed checksum.
    let edited = chosen.print_edits(args.select.allow_edited, &mut std::io::stderr().lock());
    // Every error is printed; the worst decides the exit code.
    if !errors.is_empty() {
        errors.extend(report_errors);
        return Err(CliError::all(errors).unwrap_or(CliError::Internal("no error".into())));
    }
    let passed = reports.iter().all(|r| r.passed()) && !edited;
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

//! `check`: validated configuration → the revisions selected → backends →
//! the scheduled walks → reports → the exit code of the verdict.

use super::args::CheckArgs;
use super::backend;
use super::config::CheckConfig;
use super::error::CliError;
use super::exit;
use super::reports::{self, Reports};
use super::safety;
use super::schedule::run_matrix;
use super::write_fixes;
use super::{progress, select};
use crate::report::json::from_walk;
use crate::walk::WalkOptions;

pub async fn check(args: CheckArgs) -> Result<u8, CliError> {
    let config = CheckConfig::from_args(&args)?;
    // The reports and the selection are checked before anything runs.
    let plan = Reports::plan(&args.reports, args.format, args.junit.as_ref(), args.color)?;
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
    let limit = config.timeout;
    // What each file held when the walk read it: `--write-fixes` leaves a
    // file alone that changed since.
    let read = write_fixes::Read::of(config.histories.iter().map(|h| &*h.history));
    let work = async {
        let backends = backend::resolve(&config.backend).await?;
        eprintln!("pg-roundtrip: {}", backends.reason);
        let labels: Vec<String> = backends.backends.iter().map(|b| b.label()).collect();
        let Some(matrix) = chosen.per_server(args.select.partition, &config.histories, &labels)
        else {
            // A partition left with nothing to walk (it said so).
            return Ok::<_, CliError>(None);
        };
        let walked = run_matrix(
            backends.backends,
            config.histories,
            options,
            config.jobs,
            matrix,
        )
        .await;
        Ok(Some(walked))
    };
    let Some((walks, mut errors)) = safety::within(limit, work).await?? else {
        return Ok(exit::OK);
    };
    display.finish();

    let report = from_walk::report(&walks);
    let report_errors = if walks.is_empty() {
        Vec::new()
    } else {
        plan.write(&report)?
    };
    if args.write_fixes {
        for line in write_fixes::write(&walks, &read, args.write_fixes_alembic)? {
            eprintln!("{line}");
        }
    }
    // An edited applied migration fails like sqlx's changed checksum.
    let edited = chosen.print_edits(args.select.allow_edited, &mut std::io::stderr().lock());
    // Every error is printed; the worst decides the exit code.
    if !errors.is_empty() {
        errors.extend(report_errors);
        return Err(CliError::all(errors).unwrap_or(CliError::Internal("no error".into())));
    }
    reports::exit_code(report.passed && !edited, report_errors)
}

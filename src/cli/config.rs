//! `check`'s arguments → a validated run: the histories read, where their
//! snapshots go, how to walk and how many walks at once. Every bad argument
//! and every unreadable history is found before anything starts, and all
//! of them are reported together.

use super::args::{CheckArgs, Ignore};
use super::error::CliError;
use crate::introspect::InspectOptions;
use crate::source::{self, History};
use crate::walk::WalkOptions;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// One history to walk, and where its snapshots live (`None`:
/// `--no-snapshots`).
#[derive(Debug, Clone)]
pub struct HistoryRun {
    pub history: Arc<History>,
    pub snapshots: Option<PathBuf>,
}

/// A `check` that can run.
#[derive(Debug)]
pub struct CheckConfig {
    pub histories: Vec<HistoryRun>,
    /// For every walk; the progress callback is the caller's to add.
    pub walk: WalkOptions,
    /// Walks (and server starts) at once.
    pub jobs: usize,
}

/// Where a history's snapshots live: `--snapshots`, else `snapshots/`
/// beside the history's directory.
pub fn snapshot_dir(dir: &Path, explicit: &Option<PathBuf>) -> PathBuf {
    explicit
        .clone()
        .unwrap_or_else(|| dir.parent().unwrap_or(Path::new(".")).join("snapshots"))
}

impl CheckConfig {
    /// Validates `args` and reads every history; all problems at once.
    pub fn from_args(args: &CheckArgs) -> Result<Self, CliError> {
        let mut errors = Vec::new();
        if args.dirs.len() > 1 && args.snapshots.is_some() {
            errors.push(CliError::Usage(
                "--snapshots names one directory; with several histories each keeps its snapshots beside it".into(),
            ));
        }
        if args.jobs == Some(0) {
            errors.push(CliError::Usage(
                "--jobs 0: give at least 1 (walks to run at once)".into(),
            ));
        }
        let mut histories: Vec<HistoryRun> = Vec::new();
        let mut unread = false;
        for dir in &args.dirs {
            if histories.iter().any(|h| h.history.dir == *dir) {
                continue;
            }
            match source::load_with(dir, args.layout) {
                Ok(history) => histories.push(HistoryRun {
                    history: Arc::new(print_warnings(history)),
                    snapshots: (!args.no_snapshots).then(|| snapshot_dir(dir, &args.snapshots)),
                }),
                Err(e) => {
                    unread = true;
                    errors.push(e.into());
                }
            }
        }
        // Whether a revision exists can only be said when every history
        // could be read.
        if !unread {
            for allowed in &args.allow_irreversible {
                let known = histories
                    .iter()
                    .any(|h| h.history.revisions.iter().any(|r| r.is_named(allowed)));
                if !known {
                    errors.push(CliError::Usage(format!(
                        "--allow-irreversible {allowed}: no such revision in {} (give an id like {} or a version)",
                        args.dirs
                            .iter()
                            .map(|d| d.display().to_string())
                            .collect::<Vec<_>>()
                            .join(", "),
                        histories
                            .first()
                            .and_then(|h| h.history.revisions.first())
                            .map(|r| r.id())
                            .unwrap_or_default()
                    )));
                }
            }
        }
        if let Some(error) = CliError::all(errors) {
            return Err(error);
        }
        Ok(CheckConfig {
            histories,
            walk: WalkOptions {
                ignore_column_order: args.ignore.contains(&Ignore::ColumnOrder),
                step_timeout: Duration::from_secs(args.step_timeout.max(1)),
                allow_irreversible: args.allow_irreversible.clone(),
                inspect: InspectOptions {
                    ignore_ownership: args.ignore.contains(&Ignore::Ownership),
                    ..InspectOptions::default()
                },
                strict_roles: args.strict_roles,
                ..WalkOptions::default()
            },
            jobs: args
                .jobs
                .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get())),
        })
    }
}

/// Prints what the reader noticed in `history` as `warning: …` lines on
/// stderr, each with its help.
fn print_warnings(history: History) -> History {
    for warning in &history.warnings {
        eprintln!("warning: {warning}");
        if let Some(help) = &warning.help {
            eprintln!("  help: {help}");
        }
    }
    history
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Cli;
    use clap::Parser;

    fn check_args(argv: &[&str]) -> CheckArgs {
        let cli = Cli::try_parse_from(argv).unwrap_or_else(|e| panic!("{e}"));
        match cli.command {
            super::super::args::Command::Check(args) => args,
            other => panic!("not check: {other:?}"),
        }
    }

    #[test]
    fn snapshots_default_beside_the_history() {
        assert_eq!(
            snapshot_dir(Path::new("migrations"), &None),
            PathBuf::from("snapshots")
        );
        assert_eq!(
            snapshot_dir(Path::new("db/migrations"), &None),
            PathBuf::from("db/snapshots")
        );
    }

    #[test]
    fn every_bad_argument_is_reported_at_once() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let missing_a = tmp.path().join("a");
        let missing_b = tmp.path().join("b");
        let args = check_args(&[
            "pg-roundtrip",
            "check",
            missing_a.to_str().unwrap_or_default(),
            missing_b.to_str().unwrap_or_default(),
            "--snapshots",
            "snaps",
            "--jobs",
            "0",
        ]);
        let Err(CliError::Several(errors)) = CheckConfig::from_args(&args) else {
            panic!("expected several errors");
        };
        let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(errors.len(), 4, "{text:#?}");
        assert!(text[0].starts_with("--snapshots names one directory"));
        assert!(text[1].starts_with("--jobs 0"));
        assert!(text[2].contains(&missing_a.display().to_string()));
        assert!(text[3].contains(&missing_b.display().to_string()));
        assert_eq!(
            CliError::Several(errors).exit_code(),
            super::super::exit::BAD_INPUT
        );
    }
}

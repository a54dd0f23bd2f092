//! Why a command could not give a verdict, and the exit code that says so.
//!
//! Every error the library returns converts into a [`CliError`] with the
//! exit code the README documents ([`CliError::exit_code`]); [`CliError::print`]
//! writes it with the whole chain of causes behind it, so that a failed
//! catalog query shows the database error that made it fail.

use super::exit;
use crate::db::{DbError, PlanError};
use crate::introspect::InspectError;
use crate::snapshot::SnapshotError;
use crate::source::HistoryError;
use crate::walk::WalkError;
use std::error::Error as _;
use std::path::PathBuf;

/// A command's failure (not a verdict: findings are exit 1 and no error).
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// An argument that cannot work (exit 2).
    #[error("{0}")]
    Usage(String),
    /// A configuration file, variable or value that cannot work (exit 2).
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    /// A history that cannot be read (exit 2).
    #[error(transparent)]
    History(#[from] HistoryError),
    /// A snapshot file that cannot be read or written (exit 2).
    #[error(transparent)]
    Snapshot(#[from] SnapshotError),
    /// No backend fits the flags (exit 2), or none could be found (exit 3).
    #[error(transparent)]
    Plan(#[from] PlanError),
    /// A server could not be started, reached or used (exit 3; a bad URL
    /// is exit 2).
    #[error(transparent)]
    Db(#[from] DbError),
    /// A walk could not be carried out (exit 3).
    #[error(transparent)]
    Walk(#[from] WalkError),
    /// A live database could not be inspected (exit 3).
    #[error(transparent)]
    Inspect(#[from] InspectError),
    /// The report could not be written to standard output (exit 3).
    #[error("failed to write the report: {0}")]
    Stdout(#[source] std::io::Error),
    /// A report file could not be written (exit 2: the path is the user's).
    #[error("failed to {action} {}: {source}", path.display())]
    ReportFile {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The GitHub step summary could not be written (exit 2: the file is
    /// the environment's; a failed verdict still exits 1).
    #[error(transparent)]
    StepSummary(#[from] crate::report::github::StepSummaryError),
    /// Where the error happened: `migrations on PostgreSQL 17 (…)`.
    #[error("{context}: {error}")]
    In {
        context: String,
        error: Box<CliError>,
    },
    /// The run took longer than `--timeout` (exit 3); everything it
    /// started was stopped and removed.
    #[error(
        "the run did not finish within {} s (--timeout): stopped, and every server and database it started was removed",
        .0.as_secs()
    )]
    TimedOut(std::time::Duration),
    /// A task of the scheduler panicked or was cancelled (exit 3).
    #[error("internal error: {0}")]
    Internal(String),
    /// Several independent errors, all reported (the worst decides the
    /// exit code).
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Several(Vec<CliError>),
}

impl CliError {
    /// Wraps `self` in where it happened.
    pub fn within(self, context: impl Into<String>) -> Self {
        CliError::In {
            context: context.into(),
            error: Box::new(self),
        }
    }

    /// One error for all of `errors` (`None` when there are none).
    pub fn all(mut errors: Vec<CliError>) -> Option<Self> {
        match errors.len() {
            0 => None,
            1 => errors.pop(),
            _ => Some(CliError::Several(errors)),
        }
    }

    /// The process exit code, as documented in the README.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_)
            | CliError::Config(_)
            | CliError::History(_)
            | CliError::Snapshot(_)
            | CliError::ReportFile { .. }
            | CliError::StepSummary(_) => exit::BAD_INPUT,
            CliError::Plan(PlanError::Db(e)) | CliError::Db(e) => db_exit_code(e),
            CliError::Plan(PlanError::NoServerForAuto { .. }) => exit::INFRASTRUCTURE,
            CliError::Plan(_) => exit::BAD_INPUT,
            CliError::Walk(WalkError::Db(e)) => db_exit_code(e),
            CliError::Walk(_)
            | CliError::Inspect(_)
            | CliError::Stdout(_)
            | CliError::TimedOut(_)
            | CliError::Internal(_) => exit::INFRASTRUCTURE,
            CliError::In { error, .. } => error.exit_code(),
            CliError::Several(errors) => errors
                .iter()
                .map(CliError::exit_code)
                .max()
                .unwrap_or(exit::INFRASTRUCTURE),
        }
    }

    /// Writes `warning: …` for an error that does not decide the exit code
    /// (a report file that could not be written beside a failed verdict).
    pub fn print_as_warning(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        let mut text = Vec::new();
        self.print(&mut text)?;
        let text = String::from_utf8_lossy(&text);
        for line in text.lines() {
            match line.strip_prefix("error: ") {
                Some(rest) => writeln!(out, "warning: {rest}")?,
                None => writeln!(out, "{line}")?,
            }
        }
        Ok(())
    }

    /// Writes `error: …` for the error (one line each for [`Several`]),
    /// each followed by the causes its message does not already say.
    ///
    /// [`Several`]: CliError::Several
    pub fn print(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        if let CliError::Several(errors) = self {
            for e in errors {
                e.print(out)?;
            }
            return Ok(());
        }
        let message = self.to_string();
        writeln!(out, "error: {message}")?;
        for cause in causes(self) {
            if !message.contains(&cause) {
                writeln!(out, "  caused by: {cause}")?;
            }
        }
        Ok(())
    }
}

fn db_exit_code(e: &DbError) -> u8 {
    match e {
        DbError::BadUrl(_)
        | DbError::CannotCreateDatabase { .. }
        | DbError::Standby { .. }
        | DbError::LooksLikeProduction { .. } => exit::BAD_INPUT,
        _ => exit::INFRASTRUCTURE,
    }
}

/// The messages of every error behind `e`, outermost first, without
/// repeats (a transparent wrapper forwards its inner error's source).
fn causes(e: &CliError) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut next = match e {
        CliError::In { error, .. } => return causes(error),
        e => e.source(),
    };
    while let Some(cause) = next {
        let text = crate::db::error_text(cause);
        if !out.contains(&text) {
            out.push(text);
        }
        next = cause.source();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn printed(e: &CliError) -> String {
        let mut out = Vec::new();
        e.print(&mut out).unwrap_or_default();
        String::from_utf8_lossy(&out).into_owned()
    }

    #[test]
    fn a_failed_catalog_query_shows_the_database_error_behind_it() {
        let e = CliError::from(InspectError::Query {
            query: "kinds/columns.sql",
            source: sqlx::Error::Protocol("connection reset by peer".into()),
        });
        assert_eq!(e.exit_code(), exit::INFRASTRUCTURE);
        let text = printed(&e);
        assert!(text.starts_with("error: catalog query kinds/columns.sql failed\n"));
        assert!(text.contains("  caused by: "), "{text}");
        assert!(text.contains("connection reset by peer"), "{text}");
    }

    #[test]
    fn a_cause_the_message_already_says_is_not_repeated() {
        let io = std::io::Error::other("disk full");
        let e = CliError::Stdout(io);
        assert_eq!(
            printed(&e),
            "error: failed to write the report: disk full\n"
        );
    }

    #[test]
    fn several_errors_print_one_line_each_and_the_worst_code_wins() {
        let e = CliError::all(vec![
            CliError::Usage("--jobs 0: give at least 1".into()),
            CliError::Db(DbError::DockerUnavailable {
                message: "no socket".into(),
            })
            .within("PostgreSQL 17"),
        ])
        .unwrap_or(CliError::Internal("none".into()));
        assert_eq!(e.exit_code(), exit::INFRASTRUCTURE);
        let text = printed(&e);
        assert_eq!(text.lines().filter(|l| l.starts_with("error: ")).count(), 2);
        assert!(text.contains("error: PostgreSQL 17: no Docker engine answered (no socket)"));
    }

    #[test]
    fn a_bad_url_is_bad_input_even_inside_a_walk() {
        let e = CliError::Walk(WalkError::Db(DbError::BadUrl("not a URL".into())));
        assert_eq!(e.exit_code(), exit::BAD_INPUT);
    }
}

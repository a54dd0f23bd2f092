//! Steps that the tool owning a history runs, not pg-roundtrip: an Alembic
//! project's own `env.py` ([`Runner::Alembic`]) or a user's command
//! ([`Runner::Command`]).
//!
//! * `options` and `python` are plain data and imports nothing of ours:
//!   how the project's interpreter is started and how the database URL
//!   reaches it. `source::alembic` uses them (with [`ALEMBIC_HELPER`]) to
//!   list an Alembic history.
//! * [`Driven`] is created per walk: it keeps one resident Python process
//!   that has imported alembic and the project once and takes one command
//!   per step over a pipe (or, with `AlembicOptions::process_per_step`, a
//!   new one for every step, for comparison); a new process starts
//!   when the walk moves to a new scratch database, so that nothing an
//!   `env.py` cached about the previous one is used.
//! * `command` lists a history with `--list-cmd` and runs `--up-cmd` /
//!   `--down-cmd` per step.

mod alembic;
mod command;
mod options;
mod python;

pub use command::{CommandTemplates, load_command, shell_quote};
pub use options::{AlembicOptions, UrlVia};
pub use python::{Python, project_root};

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::db::StepFailure;
use crate::source::{Runner, Step};

/// The helper shipped inside the binary: `list` and `serve` modes, run with
/// the project's interpreter.
pub const ALEMBIC_HELPER: &str = include_str!("alembic_driver.py");

/// The drivers of one walk.
#[derive(Debug)]
pub struct Driven {
    dir: PathBuf,
    alembic: alembic::Driver,
}

impl Driven {
    /// The drivers for a walk of the history in `dir`; nothing starts
    /// until the first driven step.
    pub fn new(options: &AlembicOptions, dir: &Path) -> Driven {
        Driven {
            dir: dir.to_path_buf(),
            alembic: alembic::Driver::new(options, dir),
        }
    }

    /// Runs `step` against the database at `url` (a libpq URL), within
    /// `timeout`. A step pg-roundtrip runs itself is refused.
    pub async fn run(&self, step: &Step, url: &str, timeout: Duration) -> Result<(), StepFailure> {
        match &step.runner {
            Runner::Sql => Err(failure(
                "internal: an SQL step was handed to an external driver".into(),
                None,
            )),
            Runner::Alembic {
                revision, upgrade, ..
            } => {
                self.alembic
                    .run(step, revision, *upgrade, url, timeout)
                    .await
            }
            Runner::Command { template, revision } => {
                command::run(&self.dir, template, revision, url, timeout).await
            }
        }
    }
}

/// A step failure that is not the server's (no SQLSTATE).
pub(crate) fn failure(message: String, detail: Option<String>) -> StepFailure {
    StepFailure {
        location: None,
        message,
        detail,
        hint: None,
        context: None,
        code: None,
        kind: crate::db::FailureKind::Sql,
    }
}

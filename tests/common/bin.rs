//! Running the `pg-roundtrip` binary the way the tests need it.
//!
//! The rule for `CI` (and the other variables that change what the binary
//! does) lives here and nowhere else:
//!
//! * Every run starts without `PG_ROUNDTRIP_BACKEND`, `PG_ROUNDTRIP_PG`,
//!   `PG_ROUNDTRIP_IMAGE`, `PG_ROUNDTRIP_CONFIG`, `PG_ROUNDTRIP_JOBS`,
//!   `PG_ROUNDTRIP_STEP_TIMEOUT`, `PG_ROUNDTRIP_RUN_DIR`, `INSTA_UPDATE` and `INSTA_FORCE_PASS` from the
//!   environment the tests were started in, so a developer's or a CI
//!   runner's settings never change a test's outcome.
//! * Every run has `CI=true` by default: like on a CI runner, the binary
//!   then never writes a snapshot file, so a test that runs in the
//!   repository cannot touch its committed snapshots.
//! * A test of the local snapshot workflow (which records `.snap.new`
//!   files) asks for it with [`PgRoundtrip::recording_snapshots`], which
//!   removes `CI`.

use std::ffi::OsStr;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

/// One run of the binary, being set up.
#[derive(Debug)]
pub struct PgRoundtrip {
    command: Command,
}

impl PgRoundtrip {
    /// A run in `cwd`, with the backend left to the arguments (`auto`
    /// unless `--backend` says otherwise) and `CI=true`.
    pub fn new(cwd: &Path) -> Self {
        let mut command = Command::new(env!("CARGO_BIN_EXE_pg-roundtrip"));
        command
            .current_dir(cwd)
            .env_remove("PG_ROUNDTRIP_BACKEND")
            .env_remove("PG_ROUNDTRIP_PG")
            .env_remove("PG_ROUNDTRIP_IMAGE")
            .env_remove("PG_ROUNDTRIP_CONFIG")
            .env_remove("PG_ROUNDTRIP_JOBS")
            .env_remove("PG_ROUNDTRIP_STEP_TIMEOUT")
            .env_remove("PG_ROUNDTRIP_RUN_DIR")
            .env_remove("INSTA_UPDATE")
            .env_remove("INSTA_FORCE_PASS")
            .env("CI", "true");
        PgRoundtrip { command }
    }

    /// A run pinned to the local backend, whatever `auto` would choose
    /// for the majors a test asks for.
    pub fn local(cwd: &Path) -> Self {
        Self::new(cwd).env("PG_ROUNDTRIP_BACKEND", "local")
    }

    /// Without `CI`: snapshots are recorded as `.snap.new` files, as on a
    /// developer's machine.
    pub fn recording_snapshots(mut self) -> Self {
        self.command.env_remove("CI");
        self
    }

    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Self {
        self.command.arg(arg);
        self
    }

    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.command.args(args);
        self
    }

    pub fn env(mut self, key: &str, value: impl AsRef<OsStr>) -> Self {
        self.command.env(key, value);
        self
    }

    /// Runs to the end and returns what it printed.
    pub fn output(mut self) -> Output {
        self.command.output().expect("run pg-roundtrip")
    }

    /// Starts it with stdout discarded and stderr piped.
    pub fn spawn_with_stderr(mut self) -> Child {
        self.command
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start pg-roundtrip")
    }

    /// The command as set up, for what this type does not offer.
    pub fn into_command(self) -> Command {
        self.command
    }
}

/// Stdout then stderr, as text.
pub fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

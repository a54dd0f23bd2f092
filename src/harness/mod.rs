//! `cargo test` with one test per revision, for a crate's own test suite.
//!
//! In the crate's `Cargo.toml`:
//!
//! ```toml
//! [dev-dependencies]
//! pg-roundtrip = "0.1"
//!
//! [[test]]
//! name = "migrations"
//! harness = false
//! ```
//!
//! and `tests/migrations.rs`:
//!
//! ```no_run
//! fn main() -> std::process::ExitCode {
//!     pg_roundtrip::harness::Harness::new().run()
//! }
//! ```
//!
//! `cargo test` then lists one test per revision, `roundtrip::<revision>`
//! (`roundtrip::<revision>@pg<M>` when several PostgreSQL versions are
//! configured), built on libtest-mimic: filters, `--exact`, `--list`,
//! `--ignored`, `--nocapture` and `--format terse` work as with the
//! standard harness, and so does cargo-nextest, which runs every test in a
//! process of its own.
//!
//! A test walks only its revision: the revisions before it are
//! fast-forwarded (first upgrades only, no inspection, see
//! [`walk_selected`](crate::walk::walk_selected)). In one process, the
//! tests that the arguments select share one walk per server, which
//! round-trips exactly the selected revisions; so `--exact` of one
//! revision costs its round trip plus the upgrades before it, and a whole
//! run is one ordinary walk. A failing test prints the finding and diff of
//! the CLI's human report. After the walk, the snapshot pass
//! ([`snapshot::check_walk`](crate::snapshot::check_walk)) compares each
//! walked revision with `<snapshots>/<revision>.snap` and records new or
//! changed ones by insta's rules, where `cargo insta review` finds them
//! (`CI` set: nothing is written).
//!
//! Defaults, each overridden by `pg-roundtrip.toml` (in the crate root or
//! the nearest parent that has one; the keys of [`crate::config`], shared
//! with `pg-roundtrip check`), that by the environment
//! (`PG_ROUNDTRIP_BACKEND`, `PG_ROUNDTRIP_PG`, …) and that by the
//! builder's calls: the history in `migrations/` of the crate root
//! (`CARGO_MANIFEST_DIR`), snapshots in `snapshots/` beside the history,
//! the `auto` backend. [`Harness::walk_options`] replaces the file's walk
//! keys (`allow-irreversible`, `ignore`, `strict-roles`, `step-timeout`).

mod config;
mod trials;

pub use crate::config::{BackendName, CONFIG_FILE, ConfigError};
/// The test-harness arguments and result [`Harness::run_with_args`] takes
/// and returns (libtest-mimic's).
pub use libtest_mimic::{Arguments, Conclusion};

use crate::db::{BackendChoice, BackendSettings};
use crate::walk::WalkOptions;
use std::path::PathBuf;
use std::process::ExitCode;

/// The test harness, being set up; [`Harness::run`] runs it.
#[derive(Debug, Clone)]
pub struct Harness {
    root: PathBuf,
    history: Option<PathBuf>,
    snapshots: Option<PathBuf>,
    backend: Option<BackendChoice>,
    settings: Option<BackendSettings>,
    options: Option<WalkOptions>,
}

impl Default for Harness {
    fn default() -> Self {
        Self::new()
    }
}

impl Harness {
    /// A harness for the crate being tested: its root is
    /// `CARGO_MANIFEST_DIR` (set by `cargo test` and cargo-nextest), else
    /// the current directory.
    pub fn new() -> Self {
        let root = std::env::var_os("CARGO_MANIFEST_DIR")
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("."));
        Harness {
            root,
            history: None,
            snapshots: None,
            backend: None,
            settings: None,
            options: None,
        }
    }

    /// The directory relative paths start from, and where
    /// `pg-roundtrip.toml` is looked for.
    pub fn root(mut self, dir: impl Into<PathBuf>) -> Self {
        self.root = dir.into();
        self
    }

    /// The history directory (relative to the root).
    pub fn history(mut self, dir: impl Into<PathBuf>) -> Self {
        self.history = Some(dir.into());
        self
    }

    /// The snapshots directory (relative to the root).
    pub fn snapshots(mut self, dir: impl Into<PathBuf>) -> Self {
        self.snapshots = Some(dir.into());
        self
    }

    /// Which backend starts the server.
    pub fn backend(mut self, choice: BackendChoice) -> Self {
        self.backend = Some(choice);
        self
    }

    /// Everything about the servers: backend, PostgreSQL versions (one
    /// test per revision and version when there are several), image, URL,
    /// binaries. [`Harness::backend`] still overrides its choice.
    pub fn backend_settings(mut self, settings: BackendSettings) -> Self {
        self.settings = Some(settings);
        self
    }

    /// How to walk (column order, timeouts, irreversible revisions, roles).
    pub fn walk_options(mut self, options: WalkOptions) -> Self {
        self.options = Some(options);
        self
    }

    /// Parses the test binary's arguments, runs the selected tests and
    /// returns the exit code `main` should return.
    pub fn run(self) -> ExitCode {
        self.run_with_args(libtest_mimic::Arguments::from_args())
            .exit_code()
    }

    /// [`Harness::run`] with arguments of the caller's.
    pub fn run_with_args(self, args: libtest_mimic::Arguments) -> libtest_mimic::Conclusion {
        let trials = match self.resolve() {
            Ok(setup) => trials::trials(setup, &args),
            Err(message) => vec![trials::broken("roundtrip::config", message)],
        };
        libtest_mimic::run(&args, trials)
    }
}

/// What the tests run with.
#[derive(Debug, Clone)]
struct Setup {
    history: PathBuf,
    snapshots: PathBuf,
    settings: BackendSettings,
    options: WalkOptions,
    /// Files of the history left out (`exclude` in the file).
    exclude: crate::source::Exclude,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_then_file_then_builder() {
        let Ok(dir) = tempfile::tempdir() else {
            panic!("no temp dir");
        };
        let root = dir.path();
        let Ok(setup) = Harness::new().root(root).resolve() else {
            panic!("defaults did not resolve");
        };
        assert_eq!(setup.history, root.join("migrations"));
        assert_eq!(setup.snapshots, root.join("snapshots"));
        assert_eq!(setup.settings.choice, BackendChoice::Auto);

        let written = std::fs::write(
            root.join(CONFIG_FILE),
            "history = \"db/m\"\nbackend = \"local\"\n",
        );
        assert!(written.is_ok());
        let Ok(setup) = Harness::new().root(root).resolve() else {
            panic!("the file did not resolve");
        };
        assert_eq!(setup.history, root.join("db/m"));
        assert_eq!(setup.snapshots, root.join("db/snapshots"));
        assert_eq!(setup.settings.choice, BackendChoice::Local);

        let Ok(setup) = Harness::new()
            .root(root)
            .history("other")
            .snapshots("/abs/snaps")
            .backend(BackendChoice::Docker)
            .resolve()
        else {
            panic!("the builder did not resolve");
        };
        assert_eq!(setup.history, root.join("other"));
        assert_eq!(setup.snapshots, PathBuf::from("/abs/snaps"));
        assert_eq!(setup.settings.choice, BackendChoice::Docker);
    }

    #[test]
    fn a_bad_file_is_one_failing_test() {
        let Ok(dir) = tempfile::tempdir() else {
            panic!("no temp dir");
        };
        let written = std::fs::write(dir.path().join(CONFIG_FILE), "histroy = 3\n");
        assert!(written.is_ok());
        let Err(message) = Harness::new().root(dir.path()).resolve() else {
            panic!("an unknown key was accepted");
        };
        assert!(
            message.contains(&format!("{CONFIG_FILE}:1:1: unknown field `histroy`")),
            "{message}"
        );
    }
}

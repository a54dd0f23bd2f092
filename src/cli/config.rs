//! `check`'s arguments → a validated run: the flags over the environment
//! over `pg-roundtrip.toml` over the defaults ([`effective`], through
//! [`crate::config`]), then the histories read, where their snapshots go,
//! how to walk, on which servers and how many walks at once. Every bad
//! argument, setting and unreadable history is found before anything
//! starts, and all of them are reported together.

use super::args::{BackendKind, CheckArgs, Ignore};
use super::error::CliError;
use crate::config::{self, Effective, IgnoreRule, Lookup, Names, Origin, Overrides};
use crate::db::{BackendChoice, BackendSettings};
use crate::source::{self, History};
use crate::walk::WalkOptions;
use std::path::{Path, PathBuf};
use std::sync::Arc;

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
    /// Where the servers come from.
    pub backend: BackendSettings,
    /// The longest the whole run may take (`--timeout`).
    pub timeout: Option<std::time::Duration>,
}

/// `check`'s flags as the top layer of the configuration.
pub fn overrides(args: &CheckArgs) -> Overrides {
    let server = &args.server;
    Overrides {
        histories: (!args.dirs.is_empty()).then(|| args.dirs.clone()),
        layout: args.layout,
        snapshots: args.snapshots.clone(),
        backend: server.backend.map(|b| match b {
            BackendKind::Auto => BackendChoice::Auto,
            BackendKind::Docker => BackendChoice::Docker,
            BackendKind::Local => BackendChoice::Local,
            BackendKind::Url => BackendChoice::Url,
        }),
        image: server.image.clone(),
        majors: (!server.majors.is_empty()).then(|| server.majors.clone()),
        url: server.url.clone(),
        pg_bin: server.pg_bin.clone(),
        allow_irreversible: (!args.allow_irreversible.is_empty())
            .then(|| args.allow_irreversible.clone()),
        ignore: (!args.ignore.is_empty()).then(|| {
            args.ignore
                .iter()
                .map(|i| match i {
                    Ignore::ColumnOrder => IgnoreRule::ColumnOrder,
                    Ignore::Ownership => IgnoreRule::Ownership,
                })
                .collect()
        }),
        strict_roles: args.strict_roles.then_some(true),
        jobs: args.jobs.map(|j| j as u64),
        step_timeout: args.step_timeout,
        exclude: (!args.exclude.is_empty()).then(|| args.exclude.clone()),
        exclude_table: (!args.exclude_table.is_empty()).then(|| args.exclude_table.clone()),
        strict_bodies: args.strict_bodies.then_some(true),
        data: args.data,
        fixtures: args.fixtures.clone(),
        allow_data_loss: (!args.allow_data_loss.is_empty()).then(|| args.allow_data_loss.clone()),
        safety: args.safety.overrides(),
        names: Names::FLAGS,
    }
}

/// The configuration `args` make in the current directory and the
/// process's environment, and every value that cannot work beside it.
pub fn effective(args: &CheckArgs) -> Result<(Effective, Vec<CliError>), CliError> {
    effective_in(args, Path::new("."), &config::process_env)
}

/// [`effective`] from directory `start` with environment `env`.
pub fn effective_in(
    args: &CheckArgs,
    start: &Path,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<(Effective, Vec<CliError>), CliError> {
    let lookup = Lookup {
        start,
        explicit: args.config_file.as_deref(),
        env,
    };
    let (effective, errors) = config::load_lenient(&lookup, &overrides(args))?;
    Ok((effective, errors.into_iter().map(CliError::from).collect()))
}

/// Where the snapshots of the history in `dir` live when it is checked
/// alone or reviewed: `--snapshots` (or `snapshots/` beside the history),
/// or the history's own subdirectory of it (`<snapshots>/<history dir
/// name>/`) when that exists, which is where a check of several histories
/// sharing it put them ([`snapshot_dirs`]).
pub fn snapshot_dir(dir: &Path, explicit: &Option<PathBuf>) -> PathBuf {
    let base = base_dir(dir, explicit);
    let own = base.join(history_name(dir));
    if own.is_dir() { own } else { base }
}

/// `--snapshots`, else `snapshots/` beside the history's directory.
fn base_dir(dir: &Path, explicit: &Option<PathBuf>) -> PathBuf {
    explicit
        .clone()
        .unwrap_or_else(|| dir.parent().unwrap_or(Path::new(".")).join("snapshots"))
}

/// The last component of a history's directory (`db/a` → `a`; `.` → the
/// current directory's name).
fn history_name(dir: &Path) -> std::ffi::OsString {
    dir.file_name()
        .map(ToOwned::to_owned)
        .or_else(|| {
            std::fs::canonicalize(dir)
                .ok()
                .and_then(|d| d.file_name().map(ToOwned::to_owned))
        })
        .unwrap_or_else(|| "history".into())
}

/// A path for comparing: absolute, with `.` and `..` resolved where the
/// directory exists.
fn comparable(path: &Path) -> PathBuf {
    std::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

/// The snapshots directory of each history of one `check`, in order.
///
/// A history alone in its snapshots directory keeps it as
/// [`snapshot_dir`] says (`snapshots/` beside it, or `--snapshots`).
/// Histories that would share one directory (`check db/a db/b`: both
/// `db/snapshots/`; any several with `--snapshots S`) each get their own
/// subdirectory of it named after the history's directory:
/// `db/snapshots/a/`, `db/snapshots/b/`, `S/a/`. Two histories whose
/// snapshots would still land in the same directory (`x/migrations` and
/// `y/migrations` with one `--snapshots`) are an error.
pub fn snapshot_dirs(
    dirs: &[PathBuf],
    explicit: &Option<PathBuf>,
) -> Result<Vec<PathBuf>, CliError> {
    let bases: Vec<PathBuf> = dirs.iter().map(|d| base_dir(d, explicit)).collect();
    let keys: Vec<PathBuf> = bases.iter().map(|b| comparable(b)).collect();
    let chosen: Vec<PathBuf> = dirs
        .iter()
        .enumerate()
        .map(|(i, dir)| {
            let shared = keys.iter().filter(|k| **k == keys[i]).count() > 1;
            if shared {
                bases[i].join(history_name(dir))
            } else {
                snapshot_dir(dir, explicit)
            }
        })
        .collect();
    let mut errors = Vec::new();
    for (i, dir) in chosen.iter().enumerate() {
        let key = comparable(dir);
        if let Some(j) = (0..i).find(|j| comparable(&chosen[*j]) == key) {
            errors.push(CliError::Usage(format!(
                "{} and {} would keep their snapshots in the same directory {}: check them in separate runs with their own --snapshots",
                dirs[j].display(),
                dirs[i].display(),
                dir.display()
            )));
        }
    }
    match CliError::all(errors) {
        Some(e) => Err(e),
        None => Ok(chosen),
    }
}

impl CheckConfig {
    /// Validates `args` over the configuration and reads every history;
    /// all problems at once.
    pub fn from_args(args: &CheckArgs) -> Result<Self, CliError> {
        let (effective, errors) = effective(args)?;
        Self::from_effective(args, &effective, errors)
    }

    /// [`CheckConfig::from_args`] for a configuration already resolved,
    /// with the `errors` found so far.
    pub fn from_effective(
        args: &CheckArgs,
        effective: &Effective,
        mut errors: Vec<CliError>,
    ) -> Result<Self, CliError> {
        let mut dirs: Vec<PathBuf> = Vec::new();
        // The same history spelled twice (`db/a`, `./db/a`) is walked once.
        for dir in &effective.histories.value {
            if !dirs.iter().any(|d| comparable(d) == comparable(dir)) {
                dirs.push(dir.clone());
            }
        }
        let snapshots = if args.no_snapshots {
            vec![None; dirs.len()]
        } else {
            match snapshot_dirs(&dirs, &effective.snapshots.value) {
                Ok(chosen) => chosen.into_iter().map(Some).collect(),
                Err(CliError::Several(several)) => {
                    errors.extend(several);
                    vec![None; dirs.len()]
                }
                Err(e) => {
                    errors.push(e);
                    vec![None; dirs.len()]
                }
            }
        };
        let exclude = super::exclude::compile(&effective.exclude, &mut errors);
        let mut histories: Vec<HistoryRun> = Vec::new();
        let mut unread = false;
        for (dir, snapshots) in dirs.iter().zip(snapshots) {
            let loaded = match args.driver.commands() {
                Some(commands) => crate::driver::load_command(dir, &commands),
                None => source::load_excluding(
                    dir,
                    effective.layout.value,
                    &args.driver.alembic(),
                    &exclude,
                ),
            };
            match loaded {
                Ok(history) => histories.push(HistoryRun {
                    history: Arc::new(print_warnings(history)),
                    snapshots,
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
            for allowed in &effective.allow_irreversible.value {
                let known = histories
                    .iter()
                    .any(|h| h.history.revisions.iter().any(|r| r.is_named(allowed)));
                if !known {
                    let what = match &effective.allow_irreversible.origin {
                        Origin::Flag(flag) => format!("{flag} {allowed}"),
                        other => format!("{other}: allow-irreversible {allowed:?}"),
                    };
                    errors.push(CliError::Usage(format!(
                        "{what}: no such revision in {} (give an id like {} or a version)",
                        effective
                            .histories
                            .value
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
        let walk: WalkOptions = effective.walk_options();
        Ok(CheckConfig {
            histories,
            walk: WalkOptions {
                alembic: args.driver.alembic(),
                ..walk
            },
            jobs: effective.jobs_or_cpus(),
            timeout: effective.safety.timeout.value,
            backend: effective.backend_settings(),
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
        // Two histories named alike under one --snapshots would share
        // `snaps/m`.
        let missing_a = tmp.path().join("x").join("m");
        let missing_b = tmp.path().join("y").join("m");
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
        assert!(text[0].starts_with("--jobs 0"));
        assert!(
            text[1].contains("would keep their snapshots in the same directory snaps/m"),
            "{text:#?}"
        );
        assert!(text[2].contains(&missing_a.display().to_string()));
        assert!(text[3].contains(&missing_b.display().to_string()));
        assert_eq!(
            CliError::Several(errors).exit_code(),
            super::super::exit::BAD_INPUT
        );
    }

    #[test]
    fn every_flag_reaches_the_configuration() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let args = check_args(&[
            "pg-roundtrip",
            "check",
            "db/a",
            "--layout",
            "flat",
            "--snapshots",
            "s",
            "--backend",
            "url",
            "--pg",
            "17,15",
            "--image",
            "pg",
            "--url",
            "postgres://h/db",
            "--pg-bin",
            "/opt/pg/bin",
            "--allow-irreversible",
            "7",
            "--ignore",
            "ownership",
            "--strict-roles",
            "--jobs",
            "3",
            "--step-timeout",
            "9",
        ]);
        let none = |_: &str| None;
        let (e, errors) = effective_in(&args, tmp.path(), &none).unwrap_or_else(|e| panic!("{e}"));
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(e.histories.value, [PathBuf::from("db/a")]);
        assert_eq!(e.layout.value, Some(crate::source::Layout::Flat));
        assert_eq!(e.snapshots.value, Some(PathBuf::from("s")));
        let s = e.backend_settings();
        assert_eq!(s.choice, BackendChoice::Url);
        assert_eq!(s.majors, vec![17, 15]);
        assert_eq!(s.image.as_deref(), Some("pg"));
        assert_eq!(s.url.as_deref(), Some("postgres://h/db"));
        assert_eq!(s.pg_bin, Some("/opt/pg/bin".into()));
        let w = e.walk_options();
        assert_eq!(w.allow_irreversible, ["7"]);
        assert!(w.inspect.ignore_ownership && !w.ignore_column_order && w.strict_roles);
        assert_eq!(w.step_timeout, std::time::Duration::from_secs(9));
        assert_eq!(e.jobs_or_cpus(), 3);
        for origin in [&e.backend.origin, &e.jobs.origin, &e.step_timeout.origin] {
            assert!(
                matches!(origin, Origin::Flag(f) if f.starts_with("--")),
                "{origin}"
            );
        }
        assert_eq!(e.histories.origin.to_string(), "argument DIR");
    }

    #[test]
    fn one_history_spelled_twice_is_walked_once() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let dir = tmp.path().join("db").join("a");
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
        for (file, sql) in [
            ("1_a.up.sql", "CREATE TABLE a ();"),
            ("1_a.down.sql", "DROP TABLE a;"),
        ] {
            std::fs::write(dir.join(file), sql).unwrap_or_else(|e| panic!("{e}"));
        }
        std::fs::create_dir_all(tmp.path().join("db").join("x")).unwrap_or_else(|e| panic!("{e}"));
        let again = tmp.path().join("db").join("x").join("..").join("a");
        let args = check_args(&[
            "pg-roundtrip",
            "check",
            dir.to_str().unwrap_or_default(),
            again.to_str().unwrap_or_default(),
        ]);
        let config = CheckConfig::from_args(&args).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(config.histories.len(), 1);
        assert_eq!(
            config.histories[0].snapshots,
            Some(tmp.path().join("db").join("snapshots"))
        );
    }

    #[test]
    fn histories_sharing_a_parent_get_a_snapshots_directory_each() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (a, b) = (tmp.path().join("db/a"), tmp.path().join("db/b"));
        let alone = tmp.path().join("other/migrations");
        let dirs = [a.clone(), b.clone(), alone.clone()];
        let chosen = snapshot_dirs(&dirs, &None).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            chosen,
            [
                tmp.path().join("db/snapshots/a"),
                tmp.path().join("db/snapshots/b"),
                tmp.path().join("other/snapshots"),
            ]
        );
        // --snapshots S with several histories: one subdirectory each.
        let explicit = Some(tmp.path().join("s"));
        let chosen = snapshot_dirs(&dirs, &explicit).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            chosen,
            [
                tmp.path().join("s/a"),
                tmp.path().join("s/b"),
                tmp.path().join("s/migrations"),
            ]
        );
        // Alone, a history keeps `snapshots/` beside it (this repository's
        // `snapshots/`), and `--snapshots` as given.
        assert_eq!(
            snapshot_dirs(std::slice::from_ref(&a), &None).unwrap_or_default(),
            [tmp.path().join("db/snapshots")]
        );
        assert_eq!(
            snapshot_dirs(std::slice::from_ref(&a), &explicit).unwrap_or_default(),
            [tmp.path().join("s")]
        );
        // Once they exist, review (or a check of one of them) finds the
        // history's own subdirectory.
        std::fs::create_dir_all(tmp.path().join("db/snapshots/a"))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(snapshot_dir(&a, &None), tmp.path().join("db/snapshots/a"));
        assert_eq!(snapshot_dir(&b, &None), tmp.path().join("db/snapshots"));
    }
}

use super::*;
use crate::db::BackendChoice;
use crate::source::Layout;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

const EVERY_KEY: &str = r#"history = ["db/a", "db/b"]
layout = "flat"
snapshots = "db/snapshots"
backend = "local"
image = "postgres"
pg = [15, 17]
url-env = "APP_DB"
allow-irreversible = "0007"
ignore = ["column-order", "ownership"]
strict-roles = true
jobs = 3
step-timeout = "2m"
"#;

fn parse(text: &str) -> Result<ConfigFile, ConfigError> {
    ConfigFile::parse(text.to_string(), Path::new("/p/pg-roundtrip.toml"))
}

fn message(text: &str) -> String {
    match parse(text) {
        Ok(_) => panic!("accepted: {text}"),
        Err(e) => e.to_string(),
    }
}

fn resolved(
    text: Option<&str>,
    env: &[(&str, &str)],
    overrides: &Overrides,
) -> Result<Effective, Vec<ConfigError>> {
    let file = text.map(|t| parse(t).unwrap_or_else(|e| panic!("{e}")));
    let env: HashMap<String, String> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let get = move |name: &str| env.get(name).cloned();
    let lookup = Lookup {
        start: Path::new("/p"),
        explicit: None,
        env: &get,
    };
    resolve(file.as_ref(), &lookup, overrides)
}

fn ok(text: Option<&str>, env: &[(&str, &str)], overrides: &Overrides) -> Effective {
    resolved(text, env, overrides).unwrap_or_else(|e| panic!("{e:?}"))
}

fn at(line: usize) -> Origin {
    Origin::File {
        path: PathBuf::from("pg-roundtrip.toml"),
        line,
    }
}

#[test]
fn every_key_is_read_with_its_line() {
    let e = ok(
        Some(EVERY_KEY),
        &[("APP_DB", "postgres://h/db")],
        &Overrides::none(Names::FLAGS),
    );
    assert_eq!(
        e.histories.value,
        [PathBuf::from("db/a"), PathBuf::from("db/b")]
    );
    assert_eq!(e.histories.origin, at(1));
    assert_eq!(e.layout, Sourced::new(Some(Layout::Flat), at(2)));
    assert_eq!(
        e.snapshots,
        Sourced::new(Some("db/snapshots".into()), at(3))
    );
    assert_eq!(e.backend, Sourced::new(BackendChoice::Local, at(4)));
    assert_eq!(e.image, Sourced::new(Some("postgres".into()), at(5)));
    assert_eq!(e.majors, Sourced::new(vec![15, 17], at(6)));
    assert_eq!(e.url_env, Sourced::new("APP_DB".to_string(), at(7)));
    assert_eq!(
        e.url,
        Sourced::new(Some("postgres://h/db".into()), Origin::Env("APP_DB".into()))
    );
    assert_eq!(
        e.allow_irreversible,
        Sourced::new(vec!["0007".to_string()], at(8))
    );
    assert_eq!(
        e.ignore,
        Sourced::new(vec![IgnoreRule::ColumnOrder, IgnoreRule::Ownership], at(9))
    );
    assert_eq!(e.strict_roles, Sourced::new(true, at(10)));
    assert_eq!(e.jobs, Sourced::new(Some(3), at(11)));
    assert_eq!(
        e.step_timeout,
        Sourced::new(Duration::from_secs(120), at(12))
    );
    let walk = e.walk_options();
    assert!(walk.ignore_column_order && walk.inspect.ignore_ownership && walk.strict_roles);
    assert_eq!(walk.step_timeout, Duration::from_secs(120));
    let settings = e.backend_settings();
    assert_eq!(settings.choice, BackendChoice::Local);
    assert_eq!(settings.url.as_deref(), Some("postgres://h/db"));
}

#[test]
fn nothing_anywhere_is_the_defaults() {
    let e = ok(None, &[], &Overrides::none(Names::FLAGS));
    assert_eq!(
        e.histories,
        Sourced::default_value(vec![PathBuf::from("migrations")])
    );
    assert_eq!(e.backend, Sourced::default_value(BackendChoice::Auto));
    assert_eq!(e.url_env.value, "DATABASE_URL");
    assert_eq!(e.url, Sourced::default_value(None));
    assert_eq!(e.jobs, Sourced::default_value(None));
    assert_eq!(
        e.step_timeout,
        Sourced::default_value(Duration::from_secs(300))
    );
    assert!(e.file.is_none());
}

#[test]
fn a_flag_beats_the_environment_which_beats_the_file() {
    let file = Some("backend = \"docker\"\njobs = 4\npg = 17\nstep-timeout = 60\n");
    let env = [
        ("PG_ROUNDTRIP_BACKEND", "local"),
        ("PG_ROUNDTRIP_JOBS", "2"),
        ("PG_ROUNDTRIP_STEP_TIMEOUT", "90s"),
    ];
    let mut flags = Overrides::none(Names::FLAGS);
    flags.backend = Some(BackendChoice::Url);
    let e = ok(file, &env, &flags);
    assert_eq!(
        e.backend,
        Sourced::new(BackendChoice::Url, Origin::Flag("--backend"))
    );
    assert_eq!(
        e.jobs,
        Sourced::new(Some(2), Origin::Env("PG_ROUNDTRIP_JOBS".into()))
    );
    assert_eq!(
        e.step_timeout,
        Sourced::new(
            Duration::from_secs(90),
            Origin::Env("PG_ROUNDTRIP_STEP_TIMEOUT".into())
        )
    );
    assert_eq!(e.majors, Sourced::new(vec![17], at(3)));
    // An empty variable is as good as unset.
    let e = ok(
        file,
        &[("PG_ROUNDTRIP_BACKEND", "")],
        &Overrides::none(Names::FLAGS),
    );
    assert_eq!(e.backend, Sourced::new(BackendChoice::Docker, at(1)));
    assert_eq!(Origin::Flag("--backend").to_string(), "flag --backend");
    assert_eq!(at(3).to_string(), "pg-roundtrip.toml:3");
    assert_eq!(Origin::Env("X".into()).to_string(), "env X");
    assert_eq!(
        Origin::Flag("Harness::backend").to_string(),
        "Harness::backend"
    );
}

#[test]
fn an_unknown_key_is_an_error_at_its_line_and_column() {
    let text = message("history = \"m\"\n\n  histroy = \"x\"\n");
    assert!(
        text.starts_with("/p/pg-roundtrip.toml:3:3: unknown field `histroy`, expected one of"),
        "{text}"
    );
    assert!(text.contains("`step-timeout`"), "{text}");
    assert!(
        text.ends_with("3 |   histroy = \"x\"\n  |   ^^^^^^^"),
        "{text}"
    );
}

#[test]
fn a_bad_value_is_an_error_at_its_line() {
    for (file, line, words) in [
        ("backend = \"podman\"\n", "1:11", "unknown variant `podman`"),
        (
            "\nlayout = \"liquibase\"\n",
            "2:10",
            "unknown layout `liquibase`, expected one of `flat`",
        ),
        (
            "ignore = [\"colum-order\"]\n",
            "1:11",
            "unknown variant `colum-order`",
        ),
        ("jobs = -1\n", "1:8", "-1"),
        ("jobs = \"two\"\n", "1:8", "invalid type"),
        ("strict-roles = \"yes\"\n", "1:16", "invalid type"),
        (
            "step-timeout = \"soon\"\n",
            "1:16",
            "`soon` is not a duration",
        ),
        ("pg = [\"17\"]\n", "1:7", "invalid type"),
    ] {
        let text = message(file);
        assert!(
            text.starts_with(&format!("/p/pg-roundtrip.toml:{line}: ")),
            "{file}: {text}"
        );
        assert!(text.contains(words), "{file}: {text}");
    }
}

#[test]
fn values_that_cannot_work_are_all_reported_with_their_lines() {
    let Err(errors) = resolved(
        Some("jobs = 0\npg = [12]\nstep-timeout = 0\nurl-env = \"no such\"\nhistory = []\n"),
        &[],
        &Overrides::none(Names::FLAGS),
    ) else {
        panic!("accepted");
    };
    let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(text.len(), 5, "{text:#?}");
    assert!(
        text.iter()
            .any(|t| t.starts_with("/p/pg-roundtrip.toml:1:8: jobs = 0: give at least 1"))
    );
    assert!(
        text.iter()
            .any(|t| t.starts_with("/p/pg-roundtrip.toml:2:6: pg: PostgreSQL 12 is not supported"))
    );
    assert!(
        text.iter()
            .any(|t| t.starts_with("/p/pg-roundtrip.toml:3:16: step-timeout = 0"))
    );
    assert!(
        text.iter()
            .any(|t| t.starts_with("/p/pg-roundtrip.toml:4:11: url-env = \"no such\""))
    );
    assert!(
        text.iter()
            .any(|t| t.starts_with("/p/pg-roundtrip.toml:5:11: history = []"))
    );
}

#[test]
fn bad_environment_values_name_the_variable() {
    let Err(errors) = resolved(
        None,
        &[
            ("PG_ROUNDTRIP_BACKEND", "podman"),
            ("PG_ROUNDTRIP_PG", "15,x"),
            ("PG_ROUNDTRIP_JOBS", "0"),
            ("PG_ROUNDTRIP_STEP_TIMEOUT", "5y"),
        ],
        &Overrides::none(Names::FLAGS),
    ) else {
        panic!("accepted");
    };
    let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        text,
        [
            "PG_ROUNDTRIP_BACKEND=podman: expected one of auto, local, docker, url",
            "PG_ROUNDTRIP_PG=15,x: `x` is not a major version: give majors like 15,17",
            "PG_ROUNDTRIP_JOBS=0: give a number of walks to run at once, at least 1",
            "PG_ROUNDTRIP_STEP_TIMEOUT=5y: `5y` is not a duration: give seconds (300) or a number with s, m or h (\"5m\")",
        ]
    );
}

#[test]
fn durations_take_seconds_or_a_unit() {
    assert_eq!(Seconds::parse("300"), Ok(Seconds(300)));
    assert_eq!(Seconds::parse("45s"), Ok(Seconds(45)));
    assert_eq!(Seconds::parse("5m"), Ok(Seconds(300)));
    assert_eq!(Seconds::parse("1h"), Ok(Seconds(3600)));
    assert!(Seconds::parse("m").is_err());
    assert!(Seconds::parse("1.5m").is_err());
}

#[test]
fn paths_in_a_parent_file_start_at_its_directory() {
    let Ok(tmp) = tempfile::tempdir() else {
        panic!("no temp dir");
    };
    let root = tmp.path();
    let sub = root.join("crates/app");
    assert!(std::fs::create_dir_all(&sub).is_ok());
    assert!(std::fs::write(root.join(CONFIG_FILE), "snapshots = \"db/snaps\"\n").is_ok());
    let none = |_: &str| None;
    let lookup = Lookup {
        start: &sub,
        explicit: None,
        env: &none,
    };
    let e = load(&lookup, &Overrides::none(Names::FLAGS)).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(
        e.file.map(|f| f.value),
        Some(PathBuf::from("../../pg-roundtrip.toml"))
    );
    // The default history is the project's, where the file is.
    assert_eq!(e.histories.value, [PathBuf::from("../../migrations")]);
    assert_eq!(e.snapshots.value, Some(PathBuf::from("../../db/snaps")));
    assert_eq!(
        e.snapshots.origin,
        Origin::File {
            path: "../../pg-roundtrip.toml".into(),
            line: 1
        }
    );
    // An explicit file that does not exist is an error naming it.
    let missing = root.join("nope.toml");
    let lookup = Lookup {
        start: &sub,
        explicit: Some(&missing),
        env: &none,
    };
    let Err(errors) = load(&lookup, &Overrides::none(Names::FLAGS)) else {
        panic!("a missing --config was accepted");
    };
    assert!(
        errors[0]
            .to_string()
            .starts_with("failed to read ../../nope.toml: "),
        "{}",
        errors[0]
    );
}

#[test]
fn shown_paths_are_what_a_user_there_would_type() {
    assert_eq!(
        shown(Path::new("/a/b"), Path::new("/a/b/m")),
        PathBuf::from("m")
    );
    assert_eq!(
        shown(Path::new("/a/b"), Path::new("/a/m")),
        PathBuf::from("../m")
    );
    assert_eq!(
        shown(Path::new("/a/b"), Path::new("/a/b")),
        PathBuf::from(".")
    );
    assert_eq!(
        shown(Path::new("/a/b"), Path::new("/x/m")),
        PathBuf::from("/x/m")
    );
}

#[test]
fn exclude_exclude_table_and_strict_bodies_flags_over_the_file() {
    let file = Some(
        "exclude = [\"atlas.sum\", \"*.go\"]\nexclude-table = \"audit.versions\"\nstrict-bodies = true\n",
    );
    let e = ok(file, &[], &Overrides::none(Names::FLAGS));
    assert_eq!(
        e.exclude,
        Sourced::new(vec!["atlas.sum".to_owned(), "*.go".to_owned()], at(1))
    );
    assert_eq!(
        e.exclude_table,
        Sourced::new(vec!["audit.versions".to_owned()], at(2))
    );
    assert_eq!(e.strict_bodies, Sourced::new(true, at(3)));
    let walk = e.walk_options();
    assert!(walk.strict_bodies);
    assert_eq!(walk.inspect.ignore_tables, ["audit.versions"]);

    let mut flags = Overrides::none(Names::FLAGS);
    flags.exclude = Some(vec!["notes.txt".into()]);
    flags.exclude_table = Some(vec!["mine".into()]);
    let e = ok(file, &[], &flags);
    assert_eq!(
        e.exclude,
        Sourced::new(vec!["notes.txt".to_owned()], Origin::Flag("--exclude"))
    );
    assert_eq!(
        e.exclude_table,
        Sourced::new(vec!["mine".to_owned()], Origin::Flag("--exclude-table"))
    );
    assert_eq!(e.strict_bodies, Sourced::new(true, at(3)));

    let e = ok(None, &[], &Overrides::none(Names::FLAGS));
    assert!(e.exclude.value.is_empty() && e.exclude_table.value.is_empty());
    assert_eq!(e.strict_bodies, Sourced::default_value(false));
}

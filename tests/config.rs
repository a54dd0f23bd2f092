//! `pg-roundtrip.toml` through the binary: found in the current directory
//! or a parent, an unknown key or a bad value is exit 2 at its file and
//! line, flags beat the environment which beats the file, and `config`
//! says where every value comes from. The walks run on a real throwaway
//! cluster (the local backend).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::bin::{PgRoundtrip, text};
use common::history::HistoryFiles;
use std::path::Path;

/// A project with a `pg-roundtrip.toml` at its root, its history in
/// `db/m` and a subdirectory `app/src` to run from.
fn project(config: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("pg-roundtrip.toml"), config).unwrap();
    HistoryFiles::new()
        .rev(
            "1_users",
            "CREATE TABLE users (id int);\n",
            "DROP TABLE users;\n",
        )
        // No down file: allowed only by `allow-irreversible`.
        .up_only("2_drop", "DROP TABLE users;\n")
        .write(&tmp.path().join("db/m"));
    std::fs::create_dir_all(tmp.path().join("app/src")).unwrap();
    tmp
}

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The line of `config`'s output about `key`.
fn config_line(out: &str, key: &str) -> String {
    out.lines()
        .find(|l| l.starts_with(&format!("{key} = ")) || l.starts_with(&format!("# {key}: ")))
        .unwrap_or_else(|| panic!("no line for {key} in:\n{out}"))
        .to_string()
}

#[test]
fn an_unknown_key_is_exit_2_at_its_file_and_line() {
    let tmp = project("history = \"db/m\"\nbakend = \"local\"\n");
    for command in ["check", "config"] {
        let o = PgRoundtrip::new(&tmp.path().join("app/src"))
            .arg(command)
            .output();
        assert_eq!(o.status.code(), Some(2), "{command}: {}", text(&o));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.starts_with(
                "error: ../../pg-roundtrip.toml:2:1: unknown field `bakend`, expected one of `history`"
            ),
            "{command}: {err}"
        );
        assert!(err.contains("2 | bakend = \"local\"\n  | ^^^^^^"), "{err}");
        assert!(o.stdout.is_empty(), "{command}: nothing runs");
    }
}

#[test]
fn bad_values_are_exit_2_at_their_lines_all_at_once() {
    let tmp = project("history = \"db/m\"\njobs = 0\npg = [12]\n");
    let o = PgRoundtrip::new(tmp.path()).arg("check").output();
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("error: pg-roundtrip.toml:2:8: jobs = 0: give at least 1"),
        "{err}"
    );
    assert!(
        err.contains("error: pg-roundtrip.toml:3:6: pg: PostgreSQL 12 is not supported"),
        "{err}"
    );
    // A value of the wrong kind is the parser's error, at its column.
    let tmp = project("backend = \"podman\"\n");
    let o = PgRoundtrip::new(tmp.path()).arg("check").output();
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("pg-roundtrip.toml:1:11: unknown variant `podman`, expected one of"),
        "{err}"
    );
    // And a bad environment variable names itself.
    let o = PgRoundtrip::new(tmp.path())
        .args(["config", "--config", "/dev/null"])
        .env("PG_ROUNDTRIP_JOBS", "many")
        .output();
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("error: PG_ROUNDTRIP_JOBS=many: give a number of walks"),
        "{}",
        text(&o)
    );
}

#[test]
fn check_in_a_subdirectory_walks_the_history_the_parent_file_names() {
    let tmp =
        project("history = \"db/m\"\nbackend = \"local\"\nallow-irreversible = [\"2_drop\"]\n");
    let o = PgRoundtrip::new(&tmp.path().join("app/src"))
        .args(["check", "--no-snapshots"])
        .output();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("1_users"), "{}", text(&o));
    assert!(text(&o).contains("backend local"), "{}", text(&o));

    // Without the file's allowance, the irreversible revision fails: the
    // allowance really came from the file.
    let o = PgRoundtrip::new(&tmp.path().join("app/src"))
        .args(["check", "--no-snapshots", "--config"])
        .arg(write(
            tmp.path(),
            "other.toml",
            "history = \"db/m\"\nbackend = \"local\"\n",
        ))
        .output();
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("2_drop"), "{}", text(&o));
}

#[test]
fn review_and_accept_find_the_snapshots_the_file_places() {
    let tmp = project(
        "history = \"db/m\"\nsnapshots = \"db/snaps\"\nbackend = \"local\"\nallow-irreversible = \"2\"\n",
    );
    let sub = tmp.path().join("app/src");
    let o = PgRoundtrip::new(&sub)
        .recording_snapshots()
        .arg("check")
        .output();
    assert_eq!(
        o.status.code(),
        Some(1),
        "first run: new snapshots: {}",
        text(&o)
    );
    let pending = tmp.path().join("db/snaps/1_users.snap.new");
    assert!(pending.is_file(), "{}", text(&o));
    let o = PgRoundtrip::new(&sub).arg("review").output();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(stdout(&o).contains("── 1_users (new)"), "{}", text(&o));
    let o = PgRoundtrip::new(&sub)
        .args(["accept", "--revision", "1"])
        .output();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(
        stdout(&o),
        "accepted ../../db/snaps/1_users.snap\n",
        "{}",
        text(&o)
    );
    let o = PgRoundtrip::new(&sub).arg("accept").output();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = PgRoundtrip::new(&sub).arg("check").output();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}

#[test]
fn an_unknown_irreversible_revision_in_the_file_names_its_line() {
    let tmp = project("history = \"db/m\"\n\nallow-irreversible = [\"9_nope\"]\n");
    let o = PgRoundtrip::local(tmp.path()).arg("check").output();
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains(
            "error: pg-roundtrip.toml:3: allow-irreversible \"9_nope\": no such revision in db/m"
        ),
        "{}",
        text(&o)
    );
}

#[test]
fn a_flag_beats_the_environment_which_beats_the_file_which_beats_the_default() {
    let tmp = project(
        "history = \"db/m\"\nbackend = \"docker\"\njobs = 4\nstep-timeout = \"2m\"\nimage = \"pg\"\n",
    );
    let o = PgRoundtrip::new(&tmp.path().join("app"))
        .args([
            "config",
            "--backend",
            "url",
            "--url",
            "postgres://me:pw@db/app",
        ])
        .env("PG_ROUNDTRIP_BACKEND", "local")
        .env("PG_ROUNDTRIP_JOBS", "2")
        .output();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let out = stdout(&o);
    let line = |key| config_line(&out, key);
    assert!(line("backend").starts_with("backend = \"url\" "), "{out}");
    assert!(line("backend").ends_with("# flag --backend"), "{out}");
    assert!(line("jobs").starts_with("jobs = 2 "), "{out}");
    assert!(line("jobs").ends_with("# env PG_ROUNDTRIP_JOBS"), "{out}");
    assert!(
        line("step-timeout").starts_with("step-timeout = 120 "),
        "{out}"
    );
    assert!(
        line("step-timeout").ends_with("# ../pg-roundtrip.toml:4"),
        "{out}"
    );
    assert!(
        line("history").starts_with("history = [\"../db/m\"] "),
        "{out}"
    );
    assert!(
        line("history").ends_with("# ../pg-roundtrip.toml:1"),
        "{out}"
    );
    assert!(line("strict-roles").ends_with("# default"), "{out}");
    // The password is never printed.
    assert!(
        line("url").starts_with("# url: postgres://me:***@db/app "),
        "{out}"
    );
    assert!(line("url").ends_with("# flag --url"), "{out}");
    assert!(!out.contains("pw"), "{out}");
}

#[test]
fn config_prints_every_key_and_its_origin() {
    let tmp = project("layout = \"flat\"\nignore = \"ownership\"\nurl-env = \"APP_DB\"\n");
    let o = PgRoundtrip::new(tmp.path())
        .args(["config", "-j", "1"])
        .env("APP_DB", "postgres://app@h/db")
        .env("PG_ROUNDTRIP_CONFIG", "")
        .into_command()
        .env_remove("PG_ROUNDTRIP_PG_BIN")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let out = stdout(&o);
    let expected = [
        "# The configuration `pg-roundtrip check` uses here; after each value, where it comes from.",
        "# file: pg-roundtrip.toml",
        "history = [\"migrations\"]                # default",
        "layout = \"flat\"                         # pg-roundtrip.toml:1",
        "# snapshots: snapshots/ beside each history # default",
        "backend = \"auto\"                        # default",
        "# image: postgres:<MAJOR>               # default",
        "# pg: the installed server's major (17 for docker without one) # default",
        "url-env = \"APP_DB\"                      # pg-roundtrip.toml:3",
        "# url: postgres://app@h/db              # env APP_DB",
        "# pg-bin: searched for (PATH, pg_config, /usr/lib/postgresql/*/bin) # default",
        "allow-irreversible = []                 # default",
        "ignore = [\"ownership\"]                  # pg-roundtrip.toml:2",
        "strict-roles = false                    # default",
        "jobs = 1                                # flag --jobs",
        "step-timeout = 300                      # default",
        "strict-bodies = false                   # default",
        "exclude-table = []                      # default",
        "exclude = []                            # default",
        "data = \"fixtures\"                       # default",
        "# fixtures: fixtures/ beside each history # default",
        "allow-data-loss = []                    # default",
        "lock-timeout = 60                       # default",
        "# timeout: no limit                     # default",
        "strict-globals = false                  # default",
        "allow-production = false                # default",
        "production-tables = 10                  # default",
    ];
    assert_eq!(out.lines().collect::<Vec<_>>(), expected, "{out}");
    // What `config` prints is a file `check` accepts (comments and all).
    let copy = write(tmp.path(), "copy.toml", &out);
    let o = PgRoundtrip::new(tmp.path())
        .args(["config", "--config"])
        .arg(&copy)
        .output();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        stdout(&o).contains("# file: copy.toml (flag --config)"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn no_file_anywhere_is_the_defaults() {
    let tmp = tempfile::tempdir().unwrap();
    // Nothing of the caller's environment either.
    let o = PgRoundtrip::new(tmp.path())
        .arg("config")
        .into_command()
        .env_remove("DATABASE_URL")
        .env_remove("PG_ROUNDTRIP_PG_BIN")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let out = stdout(&o);
    assert!(
        out.contains("# file: none (pg-roundtrip.toml in this directory or a parent)"),
        "{out}"
    );
    let with_origin: Vec<&str> = out.lines().skip(2).collect();
    assert_eq!(with_origin.len(), 25, "{out}");
    for line in with_origin {
        assert!(line.ends_with("# default"), "{line}");
    }
}

#[test]
fn the_config_env_variable_names_the_file() {
    let tmp = project("");
    let named = write(tmp.path(), "ci.toml", "jobs = 7\n");
    let o = PgRoundtrip::new(tmp.path())
        .arg("config")
        .env("PG_ROUNDTRIP_CONFIG", &named)
        .output();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let out = stdout(&o);
    assert!(
        out.contains("# file: ci.toml (env PG_ROUNDTRIP_CONFIG)"),
        "{out}"
    );
    assert!(config_line(&out, "jobs").ends_with("# ci.toml:1"), "{out}");
}

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn data_keys_come_from_the_file_and_flags_beat_them() {
    let tmp = project("data = \"auto\"\nfixtures = \"db/fixtures\"\nallow-data-loss = \"0010\"\n");
    let o = PgRoundtrip::new(tmp.path())
        .args(["config", "--allow-data-loss", "7,8"])
        .env("PG_ROUNDTRIP_CONFIG", "")
        .output();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let out = stdout(&o);
    let line = |key: &str| {
        out.lines()
            .find(|l| l.starts_with(&format!("{key} =")))
            .unwrap_or_else(|| panic!("{key} in {out}"))
            .to_string()
    };
    assert!(
        line("data").starts_with("data = \"auto\"")
            && line("data").ends_with("# pg-roundtrip.toml:1"),
        "{out}"
    );
    assert!(
        line("fixtures").starts_with("fixtures = \"db/fixtures\""),
        "{out}"
    );
    assert!(
        line("allow-data-loss").starts_with("allow-data-loss = [\"7\", \"8\"]"),
        "{out}"
    );
    assert!(
        line("allow-data-loss").ends_with("# flag --allow-data-loss"),
        "{out}"
    );
    let o = PgRoundtrip::new(tmp.path())
        .args(["config", "--data", "off"])
        .env("PG_ROUNDTRIP_CONFIG", "")
        .output();
    assert!(stdout(&o).contains("data = \"off\""), "{}", text(&o));
    // A mode that does not exist is an error at its line.
    let bad = project("data = \"everything\"\n");
    let o = PgRoundtrip::new(bad.path())
        .arg("config")
        .env("PG_ROUNDTRIP_CONFIG", "")
        .output();
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("pg-roundtrip.toml:1"), "{}", text(&o));
}

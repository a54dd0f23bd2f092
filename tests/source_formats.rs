//! The readers of diesel, dbmate, goose, Flyway and sqitch histories, and
//! layout detection: the committed fixtures under
//! `tests/fixtures/<layout>-*` and histories built in temporary
//! directories, every problem checked for its path, line, column and help.

use std::fs;
use std::path::{Path, PathBuf};

use pg_roundtrip::source::{
    History, HistoryError, Layout, Problem, Revision, TxMode, load, load_with,
};
use tempfile::TempDir;

/// A temporary directory holding `files` (relative path, text); parent
/// directories are created as needed.
fn tree(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().expect("create a temporary directory");
    for (name, text) in files {
        let path = dir.path().join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("create a directory");
        }
        fs::write(&path, text).expect("write a file");
    }
    dir
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn ok(dir: &Path, layout: Layout) -> History {
    match load_with(dir, Some(layout)) {
        Ok(history) => history,
        Err(err) => panic!("expected the history to load, got:\n{err}"),
    }
}

fn err(dir: &Path, layout: Layout) -> HistoryError {
    match load_with(dir, Some(layout)) {
        Ok(history) => panic!(
            "expected problems, got {} revisions",
            history.revisions.len()
        ),
        Err(err) => err,
    }
}

/// The only problem, after checking that the message names its file.
fn only(err: &HistoryError) -> &Problem {
    assert_eq!(err.problems.len(), 1, "expected one problem, got:\n{err}");
    let problem = &err.problems[0];
    assert!(
        err.to_string()
            .contains(&problem.path.display().to_string()),
        "{err}"
    );
    problem
}

/// Checks a problem's file (relative to `dir`), position, message and help.
fn check(
    problem: &Problem,
    dir: &Path,
    file: &str,
    at: Option<(usize, usize)>,
    message: &str,
    help: &str,
) {
    assert_eq!(problem.path, dir.join(file), "{problem}");
    assert_eq!(
        problem.line.zip(problem.column),
        at,
        "position of {problem}"
    );
    assert_eq!(problem.message, message);
    let got = problem.help.as_deref().unwrap_or_default();
    assert!(got.contains(help), "help of {problem}: {got}");
}

/// Checks that revision `index` of `history` has no downgrade because its
/// tool's one is missing (`file`, `line`), not a declared one.
fn missing(
    history: &History,
    index: usize,
    dir: &Path,
    file: &str,
    line: Option<usize>,
    what: &str,
    help: &str,
) {
    let revision = &history.revisions[index];
    assert!(revision.down.is_none(), "{}", revision.id());
    let m = revision
        .missing_down
        .as_ref()
        .unwrap_or_else(|| panic!("{} should have a missing down", revision.id()));
    assert_eq!(m.file, dir.join(file));
    assert_eq!(m.line, line, "{}", m.what);
    assert_eq!(m.what, what);
    assert!(m.help.contains(help), "help: {}", m.help);
}

/// Checks that revision `index` is declared irreversible.
fn declared(history: &History, index: usize) {
    let revision = &history.revisions[index];
    assert!(revision.down.is_none(), "{}", revision.id());
    assert!(
        revision.missing_down.is_none(),
        "{} is declared",
        revision.id()
    );
}

fn ids(history: &History) -> Vec<String> {
    history.revisions.iter().map(Revision::id).collect()
}

fn modes(history: &History) -> Vec<(TxMode, Option<TxMode>)> {
    history
        .revisions
        .iter()
        .map(|r| (r.up.transaction, r.down.as_ref().map(|d| d.transaction)))
        .collect()
}

/// The 1-based first lines of each revision's up and down scripts.
fn first_lines(history: &History) -> Vec<(usize, usize)> {
    history
        .revisions
        .iter()
        .map(|r| {
            (
                r.up.script.first_line(),
                r.down.as_ref().map_or(0, |d| d.script.first_line()),
            )
        })
        .collect()
}

fn file_names(history: &History) -> Vec<(String, String)> {
    let rel = |p: &Path| {
        p.strip_prefix(&history.dir)
            .unwrap_or(p)
            .display()
            .to_string()
    };
    history
        .revisions
        .iter()
        .map(|r| {
            (
                rel(&r.up.script.path),
                r.down
                    .as_ref()
                    .map(|d| rel(&d.script.path))
                    .unwrap_or_default(),
            )
        })
        .collect()
}

fn assert_linear(history: &History) {
    let mut previous: Option<String> = None;
    for (i, revision) in history.revisions.iter().enumerate() {
        assert_eq!(revision.position, i);
        assert_eq!(
            revision.parents,
            previous.iter().cloned().collect::<Vec<_>>()
        );
        previous = Some(revision.id());
    }
}

use TxMode::{NoTransaction as NoTx, Transaction as Tx};

// ---- the ok fixtures, detected ------------------------------------------------

#[test]
fn every_fixture_is_detected() {
    for (name, layout) in [
        ("flat-ok-tricky", Layout::Flat),
        ("flat-broken-index-left-behind", Layout::Flat),
        ("diesel-ok", Layout::Diesel),
        ("diesel-broken-index-left-behind", Layout::Diesel),
        ("dbmate-ok", Layout::Dbmate),
        ("dbmate-broken-index-left-behind", Layout::Dbmate),
        ("goose-ok", Layout::Goose),
        ("goose-broken-index-left-behind", Layout::Goose),
        ("flyway-ok", Layout::Flyway),
        ("flyway-broken-index-left-behind", Layout::Flyway),
        ("sqitch-ok", Layout::Sqitch),
        ("sqitch-broken-index-left-behind", Layout::Sqitch),
    ] {
        let history = load(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(history.format, layout, "{name}");
        assert_linear(&history);
    }
}

#[test]
fn diesel_fixture() {
    let history = ok(&fixture("diesel-ok"), Layout::Diesel);
    assert_eq!(
        ids(&history),
        [
            "00000000000000_diesel_initial_setup",
            "2024-01-02-120000_create tasks",
            "2024-01-03-090000_index_tasks_by_user"
        ]
    );
    let second = &history.revisions[1];
    assert_eq!(second.version, 20_240_102_120_000);
    assert_eq!(second.version_text, "2024-01-02-120000");
    assert_eq!(second.description, "create tasks");
    assert!(second.is_named("2024-01-02-120000"));
    assert!(second.is_named("20240102120000"));
    assert!(second.is_named("2024-01-02-120000_create tasks"));
    assert_eq!(
        file_names(&history)[1],
        (
            "2024-01-02-120000_create tasks/up.sql".into(),
            "2024-01-02-120000_create tasks/down.sql".into()
        )
    );
    assert_eq!(
        modes(&history),
        [(Tx, Some(Tx)), (Tx, Some(Tx)), (NoTx, Some(NoTx))],
        "metadata.toml's run_in_transaction = false runs both scripts outside a transaction"
    );
    assert_eq!(first_lines(&history), [(1, 1), (1, 1), (1, 1)]);
}

#[test]
fn dbmate_fixture() {
    let history = ok(&fixture("dbmate-ok"), Layout::Dbmate);
    assert_eq!(
        ids(&history),
        [
            "20240102120000_create_tasks",
            "20240103090000_add_due_on",
            "20240104090000_index_tasks_by_user"
        ]
    );
    assert_eq!(history.revisions[0].version, 20_240_102_120_000);
    assert_eq!(history.revisions[0].description, "create_tasks");
    assert!(history.revisions[0].is_named("20240102120000"));
    assert_eq!(
        modes(&history),
        [(Tx, Some(Tx)), (Tx, Some(Tx)), (NoTx, Some(NoTx))]
    );
    assert_eq!(first_lines(&history), [(1, 8), (1, 5), (1, 4)]);
    let first = &history.revisions[0];
    let down = first.down.as_ref().expect("down");
    assert_eq!(
        down.script.path, first.up.script.path,
        "one file, two sections"
    );
    assert_eq!(down.script.sql, "-- migrate:down\nDROP TABLE tasks;\n");
    assert!(
        first
            .up
            .script
            .sql
            .starts_with("-- migrate:up\nCREATE TABLE tasks")
    );
    assert!(!first.up.script.sql.contains("migrate:down"));
    let broken = ok(&fixture("dbmate-broken-index-left-behind"), Layout::Dbmate);
    assert_eq!(first_lines(&broken)[1], (2, 6));
}

#[test]
fn goose_fixture() {
    let history = ok(&fixture("goose-ok"), Layout::Goose);
    assert_eq!(
        ids(&history),
        [
            "00001_create_tasks",
            "00002_add_due_on",
            "00003_index_tasks_by_user"
        ]
    );
    assert_eq!(history.revisions[2].version, 3);
    assert!(history.revisions[2].is_named("3"));
    assert_eq!(
        modes(&history),
        [(Tx, Some(Tx)), (Tx, Some(Tx)), (NoTx, Some(NoTx))],
        "NO TRANSACTION applies to both directions"
    );
    assert_eq!(first_lines(&history), [(1, 21), (1, 4), (2, 5)]);
    let up = &history.revisions[0].up.script.sql;
    assert!(up.contains("-- +goose StatementBegin\nCREATE FUNCTION"));
    assert!(!up.contains("+goose Down"));
    let broken = ok(&fixture("goose-broken-index-left-behind"), Layout::Goose);
    assert_eq!(first_lines(&broken)[1], (1, 6));
}

#[test]
fn flyway_fixture() {
    let history = ok(&fixture("flyway-ok"), Layout::Flyway);
    assert_eq!(
        ids(&history),
        [
            "V1__create_tasks",
            "V1_2__add_due_on",
            "V1.10__index_tasks_by_user"
        ],
        "1.10 comes after 1.2: versions compare number by number"
    );
    assert_eq!(
        file_names(&history),
        [
            (
                "V1__create_tasks.sql".into(),
                "undo/U1__create_tasks.sql".into()
            ),
            (
                "V1_2__add_due_on.sql".into(),
                "undo/U1_2__add_due_on.sql".into()
            ),
            (
                "V1.10__index_tasks_by_user.sql".into(),
                "undo/U1.10__index_tasks_by_user.sql".into()
            ),
        ]
    );
    let second = &history.revisions[1];
    assert_eq!(second.version, 2, "the position, from 1");
    assert_eq!(second.version_text, "1_2");
    assert_eq!(second.description, "add_due_on");
    assert!(second.is_named("1.2"));
    assert!(second.is_named("1_2"));
    assert!(!second.is_named("2"));
    assert_eq!(
        modes(&history),
        [(Tx, Some(Tx)), (Tx, Some(Tx)), (NoTx, Some(NoTx))],
        "the .sql.conf for the V file, the detected DROP INDEX CONCURRENTLY for the U file"
    );
}

#[test]
fn sqitch_fixture() {
    let history = ok(&fixture("sqitch-ok"), Layout::Sqitch);
    assert_eq!(
        ids(&history),
        ["tasks", "tasks_due_on", "tasks_user_idx"],
        "the plan's order"
    );
    assert_eq!(
        file_names(&history)[1],
        (
            "deploy/tasks_due_on.sql".into(),
            "revert/tasks_due_on.sql".into()
        )
    );
    assert_eq!(
        modes(&history),
        [(NoTx, Some(NoTx)); 3],
        "the scripts hold their own BEGIN and COMMIT"
    );
    let verify: Vec<bool> = history
        .revisions
        .iter()
        .map(|r| r.verify.is_some())
        .collect();
    assert_eq!(verify, [true, true, false]);
    assert_eq!(history.revisions[2].version, 3);
    assert_eq!(history.revisions[1].parents, ["tasks"]);
}

// ---- diesel problems ------------------------------------------------------------

#[test]
fn diesel_missing_and_empty_down() {
    let dir = tree(&[
        ("1_a/up.sql", "CREATE TABLE a ();"),
        ("2_b/up.sql", "CREATE TABLE b ();"),
        (
            "2_b/down.sql",
            "-- This file should undo anything in `up.sql`\n",
        ),
        ("3_c/up.sql", "-- pg-roundtrip: irreversible\nDROP TABLE a;"),
    ]);
    let history = ok(dir.path(), Layout::Diesel);
    missing(
        &history,
        0,
        dir.path(),
        "1_a/up.sql",
        None,
        "no `down.sql`",
        "add `down.sql` beside `up.sql`",
    );
    // A comment-only down.sql runs, as diesel runs it, as a no-op.
    assert!(history.revisions[1].down.is_some());
    declared(&history, 2);
    // diesel refuses a 0-byte one.
    fs::write(dir.path().join("2_b/down.sql"), "").expect("write");
    let history = ok(dir.path(), Layout::Diesel);
    missing(
        &history,
        1,
        dir.path(),
        "2_b/down.sql",
        None,
        "an empty (0-byte) `down.sql`",
        "write the SQL that undoes `up.sql`",
    );
}

#[test]
fn diesel_bad_entries() {
    let dir = tree(&[
        ("1_a/up.sql", "SELECT 1;"),
        ("1_a/down.sql", "SELECT 1;"),
        (
            "1_a/metadata.toml",
            "# settings\nrun_in_transaction = false\nnot_a_key = 1\n",
        ),
        ("1_a/notes.txt", "x"),
        ("nounderscore/up.sql", "SELECT 1;"),
        ("schema.rs", "//"),
        ("2_b/down.sql", "SELECT 1;"),
        (".keep", ""),
    ]);
    let e = err(dir.path(), Layout::Diesel);
    assert_eq!(e.problems.len(), 3, "{e}");
    check(
        &e.problems[0],
        dir.path(),
        "1_a/metadata.toml",
        Some((3, 1)),
        "unknown setting `not_a_key = 1`",
        "run_in_transaction = false",
    );
    check(
        &e.problems[1],
        dir.path(),
        "2_b",
        None,
        "migration directory without `up.sql`",
        "add `up.sql`",
    );
    check(
        &e.problems[2],
        dir.path(),
        "nounderscore",
        None,
        "directory name has no `_` between the version and the name",
        "`<version>_<name>`",
    );
    // Files diesel itself ignores are warnings, not errors.
    fs::write(
        dir.path().join("1_a/metadata.toml"),
        "run_in_transaction = false\n",
    )
    .expect("write");
    fs::write(dir.path().join("2_b/up.sql"), "SELECT 1;").expect("write");
    fs::rename(dir.path().join("nounderscore"), dir.path().join("3_c")).expect("rename");
    fs::write(dir.path().join("3_c/down.sql"), "SELECT 1;").expect("write");
    let history = ok(dir.path(), Layout::Diesel);
    let warned: Vec<(PathBuf, String)> = history
        .warnings
        .iter()
        .map(|w| (w.path.clone(), w.message.clone()))
        .collect();
    assert_eq!(
        warned,
        [
            (
                dir.path().join("1_a/notes.txt"),
                "not part of a diesel migration: ignored, as diesel ignores it".to_owned()
            ),
            (
                dir.path().join("schema.rs"),
                "not a migration directory: ignored, as diesel ignores it".to_owned()
            ),
        ]
    );
}

#[test]
fn diesel_orders_by_version_without_dashes() {
    let dir = tree(&[
        ("2024-01-10-000000_b/up.sql", "SELECT 1;"),
        ("2024-01-10-000000_b/down.sql", "SELECT 1;"),
        ("2024-01-09-235959_a/up.sql", "SELECT 1;"),
        ("2024-01-09-235959_a/down.sql", "SELECT 1;"),
        ("00000000000000_diesel_initial_setup/up.sql", "SELECT 1;"),
        ("00000000000000_diesel_initial_setup/down.sql", "SELECT 1;"),
    ]);
    let history = ok(dir.path(), Layout::Diesel);
    assert_eq!(
        ids(&history),
        [
            "00000000000000_diesel_initial_setup",
            "2024-01-09-235959_a",
            "2024-01-10-000000_b"
        ]
    );
}

// ---- dbmate problems ------------------------------------------------------------

#[test]
fn dbmate_down_missing_or_empty() {
    let dir = tree(&[
        ("1_a.sql", "-- migrate:up\nCREATE TABLE a ();\n"),
        (
            "2_b.sql",
            "-- migrate:up\nCREATE TABLE b ();\n\n-- migrate:down\n-- nothing\n",
        ),
        (
            "3_c.sql",
            "-- pg-roundtrip: irreversible\n-- migrate:up\nDROP TABLE a;\n-- migrate:down\n",
        ),
    ]);
    let history = ok(dir.path(), Layout::Dbmate);
    missing(
        &history,
        0,
        dir.path(),
        "1_a.sql",
        None,
        "no `-- migrate:down` section",
        "add a `-- migrate:down` section",
    );
    missing(
        &history,
        1,
        dir.path(),
        "2_b.sql",
        Some(4),
        "an empty `-- migrate:down` section",
        "pg-roundtrip: irreversible",
    );
    declared(&history, 2);
}

#[test]
fn dbmate_bad_files() {
    let dir = tree(&[
        (
            "1_a.sql",
            "CREATE TABLE early ();\n-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 1;\n",
        ),
        (
            "2_b.sql",
            "-- migrate:up transaction:maybe\nSELECT 1;\n-- migrate:down\nSELECT 1;\n",
        ),
        ("3_c.sql", "SELECT 1;\n"),
        (
            "4_d.sql",
            "-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 1;\n-- migrate:up\nSELECT 2;\n",
        ),
        (
            "5_e.sql",
            "-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 1;\n",
        ),
        (
            "05_e2.sql",
            "-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 1;\n",
        ),
        ("x_f.sql", ""),
        ("notes.txt", ""),
    ]);
    let e = err(dir.path(), Layout::Dbmate);
    assert_eq!(e.problems.len(), 7, "{e}");
    check(
        &e.problems[0],
        dir.path(),
        "05_e2.sql",
        None,
        "version 5 is used by more than one file: `05_e2.sql`, `5_e.sql`",
        "its own version",
    );
    check(
        &e.problems[1],
        dir.path(),
        "1_a.sql",
        Some((1, 1)),
        "SQL before the first `-- migrate:` marker",
        "move it below `-- migrate:up`",
    );
    check(
        &e.problems[2],
        dir.path(),
        "2_b.sql",
        Some((1, 15)),
        "unknown dbmate option `transaction:maybe`",
        "`transaction:false`",
    );
    check(
        &e.problems[3],
        dir.path(),
        "3_c.sql",
        None,
        "no `-- migrate:up` section",
        "`-- migrate:up`",
    );
    check(
        &e.problems[4],
        dir.path(),
        "4_d.sql",
        Some((5, 1)),
        "more than one `-- migrate:up` section",
        "one `-- migrate:up`",
    );
    check(
        &e.problems[5],
        dir.path(),
        "notes.txt",
        None,
        "not a migration file",
        "`<version>_<name>.sql`",
    );
    check(
        &e.problems[6],
        dir.path(),
        "x_f.sql",
        None,
        "`x_f` does not start with a version number",
        "rename it",
    );
}

#[test]
fn dbmate_sections_keep_their_lines_with_bom_and_crlf() {
    let dir = tree(&[(
        "1_a.sql",
        "\u{feff}-- migrate:up\r\nCREATE TABLE a ();\r\n\r\n-- migrate:down\r\nDROP TABLE a;\r\n",
    )]);
    let history = ok(dir.path(), Layout::Dbmate);
    let revision = &history.revisions[0];
    assert_eq!(
        revision.up.script.sql,
        "-- migrate:up\r\nCREATE TABLE a ();\r\n\r\n"
    );
    let down = revision.down.as_ref().expect("down");
    assert_eq!(down.script.sql, "-- migrate:down\r\nDROP TABLE a;\r\n");
    assert_eq!(down.script.first_line(), 4);
    assert_eq!(down.script.line_offset, 3);
    assert_eq!(down.script.section_line(), Some(4));
    assert_eq!(revision.up.script.section_line(), None);
    assert_eq!(load(dir.path()).expect("detected").format, Layout::Dbmate);
}

#[test]
fn goose_sections_keep_their_lines_with_bom_and_crlf() {
    let dir = tree(&[(
        "1_a.sql",
        "\u{feff}-- +goose NO TRANSACTION\r\n-- +goose Up\r\nCREATE INDEX CONCURRENTLY i ON t (c);\r\n-- +goose Down\r\nDROP INDEX CONCURRENTLY i;\r\n",
    )]);
    let history = ok(dir.path(), Layout::Goose);
    assert_eq!(history.format, Layout::Goose);
    assert_eq!(modes(&history), [(NoTx, Some(NoTx))]);
    assert_eq!(first_lines(&history), [(2, 4)]);
    let down = history.revisions[0].down.as_ref().expect("down");
    assert_eq!(
        down.script.sql,
        "-- +goose Down\r\nDROP INDEX CONCURRENTLY i;\r\n"
    );
    assert_eq!(load(dir.path()).expect("detected").format, Layout::Goose);
}

// ---- goose problems ------------------------------------------------------------

#[test]
fn goose_down_missing_or_empty() {
    let dir = tree(&[
        ("1_a.sql", "-- +goose Up\nCREATE TABLE a ();\n"),
        (
            "2_b.sql",
            "-- +goose Up\nCREATE TABLE b ();\n-- +goose Down\n\n",
        ),
        (
            "3_c.sql",
            "-- +goose Up\n-- pg-roundtrip: irreversible\nDROP TABLE a;\n",
        ),
    ]);
    let history = ok(dir.path(), Layout::Goose);
    missing(
        &history,
        0,
        dir.path(),
        "1_a.sql",
        None,
        "no `-- +goose Down` section",
        "add a `-- +goose Down` section",
    );
    missing(
        &history,
        1,
        dir.path(),
        "2_b.sql",
        Some(3),
        "an empty `-- +goose Down` section",
        "pg-roundtrip: irreversible",
    );
    declared(&history, 2);
}

#[test]
fn goose_envsub_and_bad_annotations() {
    let dir = tree(&[
        (
            "1_a.sql",
            "-- +goose ENVSUB ON\n-- +goose Up\nCREATE ROLE ${ROLE};\n-- +goose Down\nDROP ROLE ${ROLE};\n",
        ),
        (
            "2_b.sql",
            "-- +goose Down\nSELECT 1;\n-- +goose Up\nSELECT 1;\n",
        ),
        (
            "3_c.sql",
            "-- +goose Up\n-- +goose StatementBegin\nSELECT 1;\n-- +goose Down\nSELECT 1;\n",
        ),
        (
            "4_d.sql",
            "-- +goose Up\n  -- +goose StatementBegin\nSELECT 1;\n-- +goose Down\nSELECT 1;\n",
        ),
        (
            "5_e.sql",
            "-- +goose Up\n-- +goose sideways\n-- +goose Down\nSELECT 1;\n",
        ),
        ("6_f.sql", "SELECT 1;\n"),
        ("tools.go", "package migrations"),
        ("8.sql", "-- +goose Up\n"),
    ]);
    let e = err(dir.path(), Layout::Goose);
    assert_eq!(e.problems.len(), 8, "{e}");
    check(
        &e.problems[0],
        dir.path(),
        "1_a.sql",
        Some((1, 1)),
        "`-- +goose ENVSUB ON` is not supported",
        "without substituting environment variables",
    );
    check(
        &e.problems[1],
        dir.path(),
        "2_b.sql",
        Some((1, 1)),
        "`-- +goose Down` before `-- +goose Up`",
        "Up section first",
    );
    check(
        &e.problems[2],
        dir.path(),
        "3_c.sql",
        Some((2, 1)),
        "`-- +goose StatementBegin` without a StatementEnd",
        "add `-- +goose StatementEnd`",
    );
    check(
        &e.problems[3],
        dir.path(),
        "4_d.sql",
        Some((2, 1)),
        "goose annotation with leading whitespace",
        "remove the indentation",
    );
    check(
        &e.problems[4],
        dir.path(),
        "5_e.sql",
        Some((2, 1)),
        "unknown goose annotation `sideways`",
        "StatementBegin",
    );
    check(
        &e.problems[5],
        dir.path(),
        "6_f.sql",
        None,
        "no `-- +goose Up` annotation",
        "`-- +goose Up`",
    );
    check(
        &e.problems[6],
        dir.path(),
        "8.sql",
        None,
        "`8` has no `_` after the version",
        "`<version>_<name>.sql`",
    );
    // A numbered Go migration is left out with a warning (tests/companions.rs);
    // other Go code is not a migration.
    check(
        &e.problems[7],
        dir.path(),
        "tools.go",
        None,
        "not a migration file: Go code without a version",
        "--exclude 'tools.go'",
    );
}

// ---- Flyway problems ------------------------------------------------------------

#[test]
fn flyway_repeatable_missing_and_empty_undo() {
    let dir = tree(&[
        ("V1__a.sql", "CREATE TABLE a ();"),
        ("V2__b.sql", "CREATE TABLE b ();"),
        ("U2__b.sql", "-- undo later\n"),
        ("V3__c.sql", "-- pg-roundtrip: irreversible\nDROP TABLE a;"),
        ("R__views.sql", "CREATE OR REPLACE VIEW v AS SELECT 1;"),
    ]);
    let e = err(dir.path(), Layout::Flyway);
    check(
        only(&e),
        dir.path(),
        "R__views.sql",
        None,
        "repeatable migration cannot be round-tripped",
        "never undoes them",
    );
    fs::remove_file(dir.path().join("R__views.sql")).expect("remove");
    let history = ok(dir.path(), Layout::Flyway);
    missing(
        &history,
        0,
        dir.path(),
        "V1__a.sql",
        None,
        "no undo file `U1__a.sql`",
        "add `U1__a.sql`",
    );
    missing(
        &history,
        1,
        dir.path(),
        "U2__b.sql",
        None,
        "an empty undo file `U2__b.sql`",
        "write the SQL that undoes `V2__b.sql`",
    );
    declared(&history, 2);
}

#[test]
fn flyway_versions_and_names() {
    let dir = tree(&[
        ("V1__a.sql", "SELECT 1;"),
        ("U1__a.sql", "SELECT 1;"),
        ("V1.0__again.sql", "SELECT 1;"),
        ("U1.0__again.sql", "SELECT 1;"),
        ("U7__orphan.sql", "SELECT 1;"),
        ("v2__lower.sql", "SELECT 1;"),
        ("V3__c.sql.conf", "executeInTransaction=false\n"),
        ("notes.md", "x"),
    ]);
    let e = err(dir.path(), Layout::Flyway);
    assert_eq!(e.problems.len(), 6, "{e}");
    check(
        &e.problems[0],
        dir.path(),
        "U1.0__again.sql",
        None,
        "version 1 is used by more than one undo file: `U1.0__again.sql`, `U1__a.sql`",
        "`1.0` and `1` as the same",
    );
    check(
        &e.problems[1],
        dir.path(),
        "U7__orphan.sql",
        None,
        "undo file without its migration",
        "add `V7__orphan.sql`",
    );
    check(
        &e.problems[2],
        dir.path(),
        "V1.0__again.sql",
        None,
        "version 1 is used by more than one migration file: `V1.0__again.sql`, `V1__a.sql`",
        "its own version",
    );
    check(
        &e.problems[3],
        dir.path(),
        "V3__c.sql.conf",
        None,
        "script configuration without its script",
        "`V1__x.sql.conf` for `V1__x.sql`",
    );
    check(
        &e.problems[4],
        dir.path(),
        "notes.md",
        None,
        "not a migration file",
        "`V<version>__<description>.sql`",
    );
    check(
        &e.problems[5],
        dir.path(),
        "v2__lower.sql",
        None,
        "not a Flyway migration name",
        "`V1_2__add_tags.sql`",
    );
}

#[test]
fn flyway_orders_versions_as_numbers() {
    let dir = tree(&[
        ("V2__d.sql", "SELECT 1;"),
        ("U2__d.sql", "SELECT 1;"),
        ("V1.2.10__c.sql", "SELECT 1;"),
        ("U1.2.10__c.sql", "SELECT 1;"),
        ("V1.2.9__b.sql", "SELECT 1;"),
        ("U1.2.9__b.sql", "SELECT 1;"),
        ("V1_1__a.sql", "CREATE INDEX CONCURRENTLY i ON t (c);"),
        ("U1_1__a.sql", "DROP INDEX i;"),
    ]);
    let history = ok(dir.path(), Layout::Flyway);
    assert_eq!(
        ids(&history),
        ["V1_1__a", "V1.2.9__b", "V1.2.10__c", "V2__d"]
    );
    assert_eq!(
        modes(&history)[0],
        (NoTx, Some(Tx)),
        "CONCURRENTLY is detected"
    );
}

// ---- sqitch problems ------------------------------------------------------------

const PLAN_HEAD: &str = "%syntax-version=1.0.0\n%project=p\n\n";

#[test]
fn sqitch_missing_scripts_and_meta_commands() {
    let plan = format!(
        "{PLAN_HEAD}a 2024-01-01T00:00:00Z A <a@x> # a\nb [a] 2024-01-02T00:00:00Z A <a@x>\nc 2024-01-03T00:00:00Z A <a@x>\nd 2024-01-03T00:00:00Z A <a@x>\n"
    );
    let dir = tree(&[
        ("sqitch.plan", &plan),
        ("deploy/a.sql", "CREATE TABLE a ();\n"),
        ("revert/a.sql", "DROP TABLE a;\n"),
        (
            "deploy/b.sql",
            "BEGIN;\n  \\set ON_ERROR_STOP 1\nCREATE TABLE b ();\nCOMMIT;\n",
        ),
        ("revert/b.sql", "DROP TABLE b;\n"),
        (
            "deploy/d.sql",
            "-- pg-roundtrip: irreversible\nDROP TABLE a;\n",
        ),
        ("verify/x.sql", "SELECT 1;"),
        ("notes.txt", ""),
    ]);
    let e = err(dir.path(), Layout::Sqitch);
    assert_eq!(e.problems.len(), 4, "{e}");
    check(
        &e.problems[0],
        dir.path(),
        "deploy/b.sql",
        Some((2, 3)),
        "psql meta-command",
        "backslash commands",
    );
    check(
        &e.problems[1],
        dir.path(),
        "notes.txt",
        None,
        "not part of a sqitch project",
        "`sqitch.plan`",
    );
    check(
        &e.problems[2],
        dir.path(),
        "sqitch.plan",
        Some((6, 1)),
        "change `c` has no deploy script `deploy/c.sql`",
        "add the deploy script",
    );
    check(
        &e.problems[3],
        dir.path(),
        "verify/x.sql",
        None,
        "script of no change in `sqitch.plan`",
        "sqitch add",
    );
}

#[test]
fn sqitch_missing_revert() {
    let plan = format!("{PLAN_HEAD}a 2024-01-01T00:00:00Z A <a@x>\n");
    let dir = tree(&[
        ("sqitch.plan", &plan),
        ("deploy/a.sql", "CREATE TABLE a ();\n"),
    ]);
    let history = ok(dir.path(), Layout::Sqitch);
    missing(
        &history,
        0,
        dir.path(),
        "deploy/a.sql",
        None,
        "no revert script `revert/a.sql`",
        "add `revert/a.sql`",
    );
}

#[test]
fn sqitch_reworked_changes_use_the_tag_names() {
    let plan = format!(
        "{PLAN_HEAD}f 2024-01-01T00:00:00Z A <a@x>\n@v1 2024-01-01T00:00:00Z A <a@x>\n@v2 2024-01-01T00:00:00Z A <a@x>\n+f [f@v2] 2024-01-02T00:00:00Z A <a@x> # reworked\n"
    );
    let dir = tree(&[
        ("sqitch.plan", &plan),
        (
            "deploy/f@v2.sql",
            "CREATE FUNCTION f() RETURNS int AS 'SELECT 1' LANGUAGE sql;\n",
        ),
        ("revert/f@v2.sql", "DROP FUNCTION f();\n"),
        (
            "deploy/f.sql",
            "CREATE OR REPLACE FUNCTION f() RETURNS int AS 'SELECT 2' LANGUAGE sql;\n",
        ),
        (
            "revert/f.sql",
            "CREATE OR REPLACE FUNCTION f() RETURNS int AS 'SELECT 1' LANGUAGE sql;\n",
        ),
    ]);
    let history = ok(dir.path(), Layout::Sqitch);
    assert_eq!(ids(&history), ["f@v2", "f"]);
    assert_eq!(
        file_names(&history)[0],
        ("deploy/f@v2.sql".into(), "revert/f@v2.sql".into())
    );
    fs::remove_file(dir.path().join("deploy/f@v2.sql")).expect("rm");
    let e = err(dir.path(), Layout::Sqitch);
    assert_eq!(e.problems.len(), 2, "{e}");
    check(
        &e.problems[0],
        dir.path(),
        "revert/f@v2.sql",
        None,
        "script of no change in `sqitch.plan`",
        "sqitch add",
    );
    check(
        &e.problems[1],
        dir.path(),
        "sqitch.plan",
        Some((4, 1)),
        "reworked change `f` has no `deploy/f@<tag>.sql`",
        "v1, v2",
    );
}

#[test]
fn sqitch_unsupported_settings() {
    let plan = format!("{PLAN_HEAD}-a 2024-01-01T00:00:00Z A <a@x>\n");
    let dir = tree(&[
        ("sqitch.plan", &plan),
        ("sqitch.conf", "[core]\n\tengine = pg\n\ttop_dir = db\n"),
    ]);
    let e = err(dir.path(), Layout::Sqitch);
    assert_eq!(e.problems.len(), 2, "{e}");
    check(
        &e.problems[0],
        dir.path(),
        "sqitch.conf",
        Some((3, 1)),
        "`top_dir` is not supported yet",
        "one directory",
    );
    check(
        &e.problems[1],
        dir.path(),
        "sqitch.plan",
        Some((4, 1)),
        "a change the plan reverts (`-name`) is not supported",
        "remove the line",
    );
}

// ---- detection ------------------------------------------------------------------

#[test]
fn nothing_fits_lists_what_was_seen_and_the_layouts() {
    let dir = tree(&[
        ("notes.txt", "x"),
        ("schema.sql", "CREATE TABLE a ();"),
        ("sub/x", ""),
    ]);
    let e = load(dir.path()).expect_err("nothing fits");
    let problem = only(&e);
    assert_eq!(problem.path, dir.path());
    assert_eq!(
        problem.message,
        "no known migration layout fits: saw 2 files (`notes.txt`, `schema.sql`) and 1 directory (`sub`)"
    );
    let help = problem.help.as_deref().unwrap_or_default();
    for layout in Layout::ALL {
        assert!(help.contains(&format!("{}: ", layout.name())), "{help}");
    }
    assert!(help.contains("--layout NAME"), "{help}");
}

#[test]
fn empty_and_missing_directories() {
    let dir = tree(&[("README.md", "notes")]);
    let e = load(dir.path()).expect_err("empty");
    let problem = only(&e);
    assert_eq!(problem.message, "no migration files found");
    assert!(
        problem
            .help
            .as_deref()
            .unwrap_or_default()
            .contains("sqitch.plan")
    );
    let missing = dir.path().join("nope");
    assert_eq!(
        only(&load(&missing).expect_err("missing")).message,
        "no such directory"
    );
}

#[test]
fn flyway_migrations_in_subdirectories_are_detected() {
    let dir = tree(&[
        ("v1/V1__a.sql", "CREATE TABLE a ();"),
        ("v1/undo/U1__a.sql", "DROP TABLE a;"),
    ]);
    let history = load(dir.path()).expect("detected as Flyway");
    assert_eq!(history.format, Layout::Flyway);
    assert_eq!(ids(&history), ["V1__a"]);
}

#[test]
fn a_tie_asks_for_layout() {
    let dir = tree(&[("1_a.up.sql", "SELECT 1;"), ("V1__a.sql", "SELECT 1;")]);
    let e = load(dir.path()).expect_err("a tie");
    let problem = only(&e);
    assert!(
        problem
            .message
            .starts_with("the directory fits more than one layout equally (flat, flyway)"),
        "{problem}"
    );
    assert!(
        problem
            .help
            .as_deref()
            .unwrap_or_default()
            .contains("--layout")
    );
}

#[test]
fn the_majority_wins_and_its_reader_reports_the_rest() {
    let dir = tree(&[
        (
            "1_a.sql",
            "-- +goose Up\nSELECT 1;\n-- +goose Down\nSELECT 1;\n",
        ),
        (
            "2_b.sql",
            "-- +goose Up\nSELECT 1;\n-- +goose Down\nSELECT 1;\n",
        ),
        (
            "3_c.sql",
            "-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 1;\n",
        ),
    ]);
    let e = load(dir.path()).expect_err("goose reads the dbmate file as broken");
    check(
        only(&e),
        dir.path(),
        "3_c.sql",
        None,
        "no `-- +goose Up` annotation",
        "`-- +goose Up`",
    );
}

#[test]
fn a_forced_layout_is_read_as_told() {
    let dir = fixture("goose-ok");
    let e = load_with(&dir, Some(Layout::Flat)).expect_err("goose files are not flat");
    assert!(
        e.problems
            .iter()
            .all(|p| p.message.contains("simple migration")),
        "{e}"
    );
    assert_eq!(ok(&dir, Layout::Goose).revisions.len(), 3);
}

#[test]
fn an_up_only_sqlx_migration_is_read_as_flat() {
    let dir = tree(&[("1_a.sql", "CREATE TABLE a ();")]);
    let e = load(dir.path()).expect_err("simple migrations cannot be walked");
    check(
        only(&e),
        dir.path(),
        "1_a.sql",
        None,
        "simple migration (no `.up`/`.down`) cannot be reversed",
        "1_a.down.sql",
    );
}

#[test]
fn flyway_placeholders_are_reported() {
    let dir = tree(&[
        (
            "V1__a.sql",
            "CREATE TABLE a ();\nGRANT SELECT ON a TO ${reader};\n",
        ),
        ("U1__a.sql", "DROP TABLE a;\n"),
    ]);
    let e = err(dir.path(), Layout::Flyway);
    check(
        only(&e),
        dir.path(),
        "V1__a.sql",
        Some((2, 22)),
        "Flyway placeholder `${reader}` is not supported",
        "write the value into the migration",
    );
}

// ---- transaction control in a step that runs in one transaction (issue 16) ----

/// The one problem of a history whose file breaks its transaction with a
/// `COMMIT`: its file name, line and column, and its help.
fn commit_problem(dir: &Path, layout: Layout) -> (String, usize, usize, String) {
    let err = err(dir, layout);
    let p = only(&err);
    assert!(
        p.message.starts_with("`COMMIT` ends the transaction"),
        "{err}"
    );
    (
        p.path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned(),
        p.line.unwrap_or(0),
        p.column.unwrap_or(0),
        p.help.clone().unwrap_or_default(),
    )
}

#[test]
fn a_commit_that_breaks_the_transaction_is_a_problem_in_every_layout() {
    let split = "CREATE TABLE a ();\nCOMMIT;\nCREATE TABLE b ();\n";
    let diesel = tree(&[
        ("2024-01-01-000000_a/up.sql", split),
        (
            "2024-01-01-000000_a/down.sql",
            "DROP TABLE b;\nDROP TABLE a;\n",
        ),
    ]);
    assert_eq!(
        commit_problem(diesel.path(), Layout::Diesel),
        (
            "up.sql".into(),
            2,
            1,
            "remove it, or add `run_in_transaction = false` to the migration's `metadata.toml` \
             to let the file manage its own transaction"
                .into()
        )
    );
    let dbmate = tree(&[(
        "20240101000000_a.sql",
        "-- migrate:up\nCREATE TABLE a ();\n\n-- migrate:down\nDROP TABLE a;\nCOMMIT;\nSELECT 1;\n",
    )]);
    assert_eq!(
        commit_problem(dbmate.path(), Layout::Dbmate),
        (
            "20240101000000_a.sql".into(),
            6,
            1,
            "remove it, or add `transaction:false` to the section's `-- migrate:` line \
             to let the file manage its own transaction"
                .into()
        )
    );
    let goose = tree(&[(
        "00001_a.sql",
        "-- +goose Up\nCREATE TABLE a ();\nCOMMIT;\nCREATE TABLE b ();\n-- +goose Down\nDROP TABLE b;\nDROP TABLE a;\n",
    )]);
    assert_eq!(
        commit_problem(goose.path(), Layout::Goose),
        (
            "00001_a.sql".into(),
            3,
            1,
            "remove it, or add `-- +goose NO TRANSACTION` at the top of the file \
             to let the file manage its own transaction"
                .into()
        )
    );
    let flyway = tree(&[
        ("V1__a.sql", split),
        ("U1__a.sql", "DROP TABLE b;\nDROP TABLE a;\n"),
    ]);
    assert_eq!(
        commit_problem(flyway.path(), Layout::Flyway),
        (
            "V1__a.sql".into(),
            2,
            1,
            "remove it, or add `executeInTransaction=false` to the script's `.sql.conf` file \
             to let the file manage its own transaction"
                .into()
        )
    );
}

#[test]
fn a_file_that_manages_its_own_transaction_is_accepted_in_every_layout() {
    let split = "BEGIN;\nCREATE TABLE a ();\nCOMMIT;\nCREATE TABLE b ();\n";
    let diesel = tree(&[
        ("2024-01-01-000000_a/up.sql", split),
        (
            "2024-01-01-000000_a/down.sql",
            "DROP TABLE b;\nDROP TABLE a;\n",
        ),
        (
            "2024-01-01-000000_a/metadata.toml",
            "run_in_transaction = false\n",
        ),
    ]);
    assert_eq!(
        modes(&ok(diesel.path(), Layout::Diesel)),
        [(NoTx, Some(NoTx))]
    );
    let dbmate = tree(&[(
        "20240101000000_a.sql",
        &format!(
            "-- migrate:up transaction:false\n{split}\n-- migrate:down\nDROP TABLE b;\nDROP TABLE a;\n"
        ),
    )]);
    assert_eq!(
        modes(&ok(dbmate.path(), Layout::Dbmate)),
        [(NoTx, Some(Tx))]
    );
    let goose = tree(&[(
        "00001_a.sql",
        &format!("-- +goose NO TRANSACTION\n-- +goose Up\n{split}-- +goose Down\nDROP TABLE b;\n"),
    )]);
    assert_eq!(
        modes(&ok(goose.path(), Layout::Goose)),
        [(NoTx, Some(NoTx))]
    );
    let flyway = tree(&[
        ("V1__a.sql", split),
        ("V1__a.sql.conf", "executeInTransaction=false\n"),
        ("U1__a.sql", "DROP TABLE b;\nDROP TABLE a;\n"),
    ]);
    assert_eq!(modes(&ok(flyway.path(), Layout::Flyway)).len(), 1);
    // sqitch scripts hold their own BEGIN and COMMIT: never a problem.
    let sqitch = ok(&fixture("sqitch-ok"), Layout::Sqitch);
    assert!(sqitch.warnings.is_empty());
}

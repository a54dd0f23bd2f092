//! Companion files beside migrations: the ones tools keep there are
//! skipped without a word, Go migrations are recognised (left out with a
//! warning, or a downgrade that cannot be checked), `--exclude GLOB` and
//! `exclude = [..]` leave out any other file in every layout, and the
//! error for an unknown file says how to exclude it. Loader tests read the
//! files only; the CLI tests walk on a local throwaway cluster through
//! the binary.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::bin::{PgRoundtrip, text};
use pg_roundtrip::driver::AlembicOptions;
use pg_roundtrip::source::{Exclude, History, HistoryError, Layout, load_excluding};
use std::path::Path;

fn write(root: &Path, files: &[(&str, &str)]) {
    for (name, body) in files {
        let path = root.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, body).unwrap();
    }
}

fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), files);
    tmp
}

fn load(dir: &Path, layout: Option<Layout>, exclude: &[&str]) -> Result<History, HistoryError> {
    load_excluding(
        dir,
        layout,
        &AlembicOptions::default(),
        &Exclude::new(exclude).unwrap(),
    )
}

fn ids(history: &History) -> Vec<String> {
    history.revisions.iter().map(|r| r.id()).collect()
}

const REVERSIBLE: &[(&str, &str)] = &[
    ("1_a.up.sql", "CREATE TABLE a (id int);\n"),
    ("1_a.down.sql", "DROP TABLE a;\n"),
];

#[test]
fn the_files_tools_keep_beside_migrations_are_skipped_without_a_word() {
    let dir = tree(REVERSIBLE);
    write(
        dir.path(),
        &[
            ("atlas.sum", "h1:abc=\n"),
            (".keep", ""),
            (".gitkeep", ""),
            ("README.md", "# migrations\n"),
        ],
    );
    let history = load(dir.path(), None, &[]).unwrap();
    assert_eq!(history.format, Layout::Flat);
    assert_eq!(ids(&history), ["1_a"]);
    assert!(history.warnings.is_empty(), "{:?}", history.warnings);

    // goose directories that Atlas manages keep one too.
    let goose = tree(&[
        (
            "1_a.sql",
            "-- +goose Up\nCREATE TABLE a (id int);\n-- +goose Down\nDROP TABLE a;\n",
        ),
        ("atlas.sum", "h1:abc=\n"),
    ]);
    let history = load(goose.path(), Some(Layout::Goose), &[]).unwrap();
    assert_eq!(ids(&history), ["1_a"]);
    assert!(history.warnings.is_empty(), "{:?}", history.warnings);
}

#[test]
fn an_unknown_file_is_named_with_the_exclude_that_leaves_it_out() {
    let dir = tree(REVERSIBLE);
    write(dir.path(), &[("seed.sql", "INSERT INTO a VALUES (1);\n")]);
    let err = load(dir.path(), None, &[]).unwrap_err();
    let [problem] = err.problems.as_slice() else {
        panic!("{err}")
    };
    assert_eq!(problem.path, dir.path().join("seed.sql"));
    assert_eq!(problem.message, "not a migration file");
    let help = problem.help.as_deref().unwrap();
    assert!(
        help.contains("`--exclude 'seed.sql'`")
            && help.contains(r#"`exclude = ["seed.sql"]` in pg-roundtrip.toml"#),
        "{help}"
    );
    // What the help says works.
    let history = load(dir.path(), None, &["seed.sql"]).unwrap();
    assert_eq!(ids(&history), ["1_a"]);
    assert!(history.warnings.is_empty(), "{:?}", history.warnings);
}

#[test]
fn every_layout_that_lists_its_directory_honours_exclude() {
    // (layout, files, the stray file, the pattern that leaves it out)
    type Case<'a> = (Layout, &'a [(&'a str, &'a str)], &'a str, &'a str);
    let cases: &[Case<'_>] = &[
        (
            Layout::Dbmate,
            &[(
                "1_a.sql",
                "-- migrate:up\nCREATE TABLE a (id int);\n-- migrate:down\nDROP TABLE a;\n",
            )],
            "notes.txt",
            "*.txt",
        ),
        (
            Layout::Goose,
            &[(
                "1_a.sql",
                "-- +goose Up\nCREATE TABLE a (id int);\n-- +goose Down\nDROP TABLE a;\n",
            )],
            "notes.txt",
            "notes.txt",
        ),
        (
            Layout::Flyway,
            &[
                ("V1__a.sql", "CREATE TABLE a (id int);\n"),
                ("U1__a.sql", "DROP TABLE a;\n"),
            ],
            "sub/notes.txt",
            "sub/*",
        ),
        (
            Layout::Sqitch,
            &[
                (
                    "sqitch.plan",
                    "%project=p\n\na 2024-01-01T00:00:00Z u <u@x> # a\n",
                ),
                ("deploy/a.sql", "CREATE TABLE a (id int);\n"),
                ("revert/a.sql", "DROP TABLE a;\n"),
            ],
            "notes.txt",
            "notes.txt",
        ),
    ];
    for (layout, files, stray, pattern) in cases {
        let dir = tree(files);
        write(dir.path(), &[(stray, "not a migration\n")]);
        let err = load(dir.path(), Some(*layout), &[]).unwrap_err();
        let name = Path::new(stray).file_name().unwrap().to_string_lossy();
        assert!(
            err.problems.iter().any(|p| p
                .help
                .as_deref()
                .unwrap_or_default()
                .contains(&format!("--exclude '{name}'"))),
            "{layout}: {err}"
        );
        let history = load(dir.path(), Some(*layout), &[pattern])
            .unwrap_or_else(|e| panic!("{layout} with --exclude '{pattern}': {e}"));
        assert_eq!(history.revisions.len(), 1, "{layout}");
    }
}

#[test]
fn diesel_excludes_by_path_below_the_history_and_detection_honours_it() {
    let dir = tree(&[
        ("2024-01-01-000000_a/up.sql", "CREATE TABLE a (id int);\n"),
        ("2024-01-01-000000_a/down.sql", "DROP TABLE a;\n"),
        ("2024-01-01-000000_a/notes.md", "why\n"),
        ("data_seed.sql", "INSERT INTO a VALUES (1);\n"),
    ]);
    let noisy = load(dir.path(), Some(Layout::Diesel), &[]).unwrap();
    assert_eq!(noisy.warnings.len(), 2, "{:?}", noisy.warnings);
    assert!(
        noisy.warnings.iter().all(|w| w
            .help
            .as_deref()
            .unwrap_or_default()
            .contains("--exclude '")),
        "{:?}",
        noisy.warnings
    );
    let quiet = load(dir.path(), None, &["*/notes.md", "data_*.sql"]).unwrap();
    assert_eq!(quiet.format, Layout::Diesel);
    assert_eq!(ids(&quiet), ["2024-01-01-000000_a"]);
    assert!(quiet.warnings.is_empty(), "{:?}", quiet.warnings);
}

#[test]
fn flat_go_migrations_are_recognised() {
    // concourse keeps Go migrations beside its SQL ones.
    let dir = tree(&[
        ("1_a.up.sql", "CREATE TABLE a (id int);\n"),
        ("1_a.down.sql", "DROP TABLE a;\n"),
        ("2_b.up.go", "package migrations\n"),
        ("2_b.down.sql", "ALTER TABLE a DROP COLUMN b;\n"),
        ("3_c.up.go", "package migrations\n"),
        ("3_c.down.go", "package migrations\n"),
        ("4_d.up.sql", "CREATE TABLE d (id int);\n"),
        ("4_d.down.go", "package migrations\n"),
    ]);
    let history = load(dir.path(), None, &[]).unwrap();
    assert_eq!(ids(&history), ["1_a", "4_d"]);
    let messages: Vec<String> = history.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(messages.len(), 2, "{messages:#?}");
    assert!(
        messages[0].contains("2_b.up.go: a Go migration: revision 2_b is left out of the walk (and `2_b.down.sql` with it)"),
        "{messages:#?}"
    );
    assert!(
        messages[1].contains("3_c.up.go: a Go migration: revision 3_c is left out of the walk,"),
        "{messages:#?}"
    );
    assert!(
        history.warnings[0]
            .help
            .as_deref()
            .unwrap()
            .contains("--exclude '2_b.*'")
    );
    // A Go downgrade cannot be run: the revision has none, and says why.
    let missing = history.revisions[1].missing_down.as_ref().unwrap();
    assert_eq!(missing.file, dir.path().join("4_d.down.go"));
    assert!(
        missing.what.contains("a Go downgrade `4_d.down.go`"),
        "{missing:?}"
    );
    assert!(missing.help.contains("`4_d.down.sql`"), "{missing:?}");

    // Excluded, the Go files are not seen at all: 4_d then has no down.
    let excluded = load(dir.path(), None, &["*.go", "2_b.*"]).unwrap();
    assert_eq!(ids(&excluded), ["1_a", "4_d"]);
    assert!(excluded.warnings.is_empty(), "{:?}", excluded.warnings);
    let missing = excluded.revisions[1].missing_down.as_ref().unwrap();
    assert_eq!(missing.what, "no `4_d.down.sql`");
}

#[test]
fn a_go_downgrade_without_an_upgrade_is_a_problem() {
    let dir = tree(&[("1_a.down.go", "package migrations\n")]);
    let err = load(dir.path(), Some(Layout::Flat), &[]).unwrap_err();
    assert!(
        err.to_string()
            .contains("1_a.down.go: down file without an up file"),
        "{err}"
    );
}

#[test]
fn goose_go_migrations_are_left_out_with_a_warning() {
    let dir = tree(&[
        (
            "1_a.sql",
            "-- +goose Up\nCREATE TABLE a (id int);\n-- +goose Down\nDROP TABLE a;\n",
        ),
        ("2_backfill.go", "package migrations\n"),
    ]);
    let history = load(dir.path(), Some(Layout::Goose), &[]).unwrap();
    assert_eq!(ids(&history), ["1_a"]);
    let [warning] = history.warnings.as_slice() else {
        panic!("{:?}", history.warnings)
    };
    assert_eq!(warning.path, dir.path().join("2_backfill.go"));
    assert!(
        warning
            .message
            .contains("revision 2_backfill is left out of the walk"),
        "{warning}"
    );
}

#[test]
fn a_bad_pattern_is_an_error_naming_it() {
    let bad = Exclude::new(&["[abc", "*.go"]).unwrap_err();
    assert_eq!(bad.len(), 1);
    assert_eq!(bad[0].pattern, "[abc");
}

// ---- through the binary ----------------------------------------------------------

fn check(cwd: &Path, extra: &[&str]) -> (Option<i32>, String) {
    let o = PgRoundtrip::local(cwd)
        .args(["check", "m", "--no-snapshots"])
        .args(extra)
        .output();
    (o.status.code(), text(&o))
}

#[test]
fn cli_exclude_flag_and_file_key_leave_a_file_out() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        &[
            ("m/1_a.up.sql", "CREATE TABLE a (id int);\n"),
            ("m/1_a.down.sql", "DROP TABLE a;\n"),
            ("m/seed.sql", "INSERT INTO a VALUES (1);\n"),
        ],
    );
    let (code, t) = check(tmp.path(), &[]);
    assert_eq!(code, Some(2), "{t}");
    assert!(t.contains("seed.sql: not a migration file"), "{t}");
    assert!(t.contains("--exclude 'seed.sql'"), "{t}");

    let (code, t) = check(tmp.path(), &["--exclude", "seed.sql"]);
    assert_eq!(code, Some(0), "{t}");

    std::fs::write(
        tmp.path().join("pg-roundtrip.toml"),
        "exclude = [\"seed.sql\"]\n",
    )
    .unwrap();
    let (code, t) = check(tmp.path(), &[]);
    assert_eq!(code, Some(0), "{t}");
    // A list on the command line replaces the file's.
    let (code, t) = check(tmp.path(), &["--exclude", "*.txt"]);
    assert_eq!(code, Some(2), "{t}");
    assert!(t.contains("seed.sql: not a migration file"), "{t}");
}

#[test]
fn cli_a_bad_pattern_is_a_usage_error_naming_where_it_was_given() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        &[
            ("m/1_a.up.sql", "CREATE TABLE a (id int);\n"),
            ("m/1_a.down.sql", "DROP TABLE a;\n"),
        ],
    );
    let (code, t) = check(tmp.path(), &["--exclude", "[abc"]);
    assert_eq!(code, Some(2), "{t}");
    assert!(t.contains("--exclude '[abc': a `[` without its `]`"), "{t}");

    std::fs::write(tmp.path().join("pg-roundtrip.toml"), "exclude = \"[x\"\n").unwrap();
    let (code, t) = check(tmp.path(), &[]);
    assert_eq!(code, Some(2), "{t}");
    assert!(
        t.contains("pg-roundtrip.toml:1") && t.contains("\"[x\""),
        "{t}"
    );
}

#[test]
fn cli_go_migrations_warn_and_a_go_downgrade_is_irreversible_until_allowed() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        &[
            ("m/1_a.up.sql", "CREATE TABLE a (id int);\n"),
            ("m/1_a.down.sql", "DROP TABLE a;\n"),
            ("m/2_b.up.go", "package migrations\n"),
            ("m/2_b.down.go", "package migrations\n"),
            ("m/3_c.up.sql", "CREATE TABLE c (id int);\n"),
            ("m/3_c.down.go", "package migrations\n"),
            ("m/migrations.go", "package migrations\n"),
        ],
    );
    let (code, t) = check(tmp.path(), &[]);
    assert_eq!(code, Some(1), "{t}");
    assert!(
        t.contains("warning: ")
            && t.contains("2_b.up.go: a Go migration: revision 2_b is left out"),
        "{t}"
    );
    assert!(t.contains("--exclude 'migrations.go'"), "{t}");
    assert!(
        t.contains("irreversible") && t.contains("3_c.down.go"),
        "{t}"
    );

    let (code, t) = check(
        tmp.path(),
        &["--allow-irreversible", "3_c", "--exclude", "migrations.go"],
    );
    assert_eq!(code, Some(0), "{t}");
    assert!(!t.contains("migrations.go"), "{t}");
}

#[test]
fn cli_accept_of_one_revision_reads_the_history_with_the_files_exclude() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        &[
            (
                "pg-roundtrip.toml",
                "history = \"m\"\nexclude = [\"seed.sql\"]\n",
            ),
            ("m/1_a.up.sql", "CREATE TABLE a (id int);\n"),
            ("m/1_a.down.sql", "DROP TABLE a;\n"),
            ("m/seed.sql", "INSERT INTO a VALUES (1);\n"),
        ],
    );
    let o = PgRoundtrip::local(tmp.path())
        .recording_snapshots()
        .arg("check")
        .output();
    assert_eq!(o.status.code(), Some(1), "new snapshot: {}", text(&o));
    let o = PgRoundtrip::new(tmp.path())
        .args(["accept", "--revision", "1"])
        .output();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("accepted"), "{}", text(&o));
}

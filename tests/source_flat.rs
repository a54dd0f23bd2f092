//! The flat-layout reader against real directories: histories built in
//! temporary directories, and the committed fixtures under
//! `tests/fixtures/flat-*`.

use std::fs;
use std::path::{Path, PathBuf};

use pg_roundtrip::source::{Format, History, HistoryError, Problem, TxMode, load_flat};
use tempfile::TempDir;

/// A temporary history directory holding `files` (name, bytes).
fn history(files: &[(&str, &[u8])]) -> TempDir {
    let dir = tempfile::tempdir().expect("create a temporary directory");
    for (name, bytes) in files {
        fs::write(dir.path().join(name), bytes).expect("write a migration file");
    }
    dir
}

fn load_ok(dir: &Path) -> History {
    match load_flat(dir) {
        Ok(history) => history,
        Err(err) => panic!("expected the history to load, got:\n{err}"),
    }
}

fn load_err(dir: &Path) -> HistoryError {
    match load_flat(dir) {
        Ok(history) => panic!(
            "expected problems, got {} revisions",
            history.revisions.len()
        ),
        Err(err) => err,
    }
}

/// The only problem of `err`, after checking that its rendering names the file.
fn only_problem(err: &HistoryError) -> &Problem {
    assert_eq!(err.problems.len(), 1, "expected one problem, got:\n{err}");
    let problem = &err.problems[0];
    assert!(
        err.to_string()
            .contains(&problem.path.display().to_string()),
        "the message must name the file:\n{err}"
    );
    problem
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

// ---- histories that load --------------------------------------------------

#[test]
fn reads_a_reversible_history_in_integer_order() {
    let dir = history(&[
        ("10_third.up.sql", b"SELECT 10;"),
        ("10_third.down.sql", b"SELECT -10;"),
        ("0002_second.up.sql", b"SELECT 2;"),
        ("0002_second.down.sql", b"SELECT -2;"),
        ("9_between.up.sql", b"SELECT 9;"),
        ("9_between.down.sql", b"SELECT -9;"),
        ("20240101120000_timestamped.up.sql", b"SELECT 1;"),
        ("20240101120000_timestamped.down.sql", b"SELECT -1;"),
    ]);
    let history = load_ok(dir.path());
    assert_eq!(history.format, Format::Flat);
    assert_eq!(history.dir, dir.path());
    let ids: Vec<String> = history.revisions.iter().map(|r| r.id()).collect();
    assert_eq!(
        ids,
        [
            "0002_second",
            "9_between",
            "10_third",
            "20240101120000_timestamped"
        ]
    );
    let second = &history.revisions[0];
    assert_eq!(second.version, 2);
    assert_eq!(second.version_text, "0002");
    assert_eq!(second.description, "second");
    assert_eq!(second.up.script.sql, "SELECT 2;");
    assert_eq!(second.up.script.path, dir.path().join("0002_second.up.sql"));
    assert_eq!(second.up.script.line_offset, 0);
    assert_eq!(second.up.transaction, TxMode::Transaction);
    let down = second.down.as_ref().expect("a down step");
    assert_eq!(down.script.sql, "SELECT -2;");
    assert_eq!(down.script.path, dir.path().join("0002_second.down.sql"));
}

#[test]
fn an_irreversible_revision_has_no_down_step() {
    let dir = history(&[
        (
            "1_drop.up.sql",
            b"-- pg-roundtrip: irreversible\nDROP TABLE old;\n",
        ),
        ("2_next.up.sql", b"SELECT 1;"),
        ("2_next.down.sql", b"SELECT 1;"),
    ]);
    let history = load_ok(dir.path());
    assert!(history.revisions[0].down.is_none());
    assert!(history.revisions[1].down.is_some());
}

#[test]
fn no_transaction_is_read_per_direction() {
    let dir = history(&[
        (
            "1_ix.up.sql",
            b"\n-- no-transaction\nCREATE INDEX CONCURRENTLY i ON t (c);\n",
        ),
        ("1_ix.down.sql", b"DROP INDEX i;\n"),
        ("2_ix.up.sql", b"CREATE INDEX j ON t (c);\n"),
        (
            "2_ix.down.sql",
            b"-- no-transaction\nDROP INDEX CONCURRENTLY j;\n",
        ),
    ]);
    let history = load_ok(dir.path());
    let modes: Vec<(TxMode, TxMode)> = history
        .revisions
        .iter()
        .map(|r| (r.up.transaction, r.down.as_ref().expect("down").transaction))
        .collect();
    assert_eq!(
        modes,
        [
            (TxMode::NoTransaction, TxMode::Transaction),
            (TxMode::Transaction, TxMode::NoTransaction),
        ]
    );
}

#[test]
fn no_transaction_after_sql_does_not_count() {
    let dir = history(&[
        ("1_a.up.sql", b"SELECT 1;\n\n-- no-transaction\n"),
        ("1_a.down.sql", b"SELECT 1;"),
    ]);
    let history = load_ok(dir.path());
    assert_eq!(history.revisions[0].up.transaction, TxMode::Transaction);
}

#[test]
fn empty_description_is_accepted() {
    let dir = history(&[("7_.up.sql", b"SELECT 1;"), ("7_.down.sql", b"SELECT 1;")]);
    let history = load_ok(dir.path());
    assert_eq!(history.revisions[0].description, "");
    assert_eq!(history.revisions[0].version_text, "7");
}

#[test]
fn hidden_entries_and_readmes_are_ignored() {
    let dir = history(&[
        ("1_a.up.sql", b"SELECT 1;"),
        ("1_a.down.sql", b"SELECT 1;"),
        (".gitkeep", b""),
        ("README.md", b"# notes"),
        ("readme.txt", b"notes"),
        ("Readme", b"notes"),
    ]);
    fs::create_dir(dir.path().join(".cache")).expect("mkdir");
    assert_eq!(load_ok(dir.path()).revisions.len(), 1);
}

#[test]
fn fixture_with_bom_and_crlf() {
    let history = load_ok(&fixture("flat-bom-crlf"));
    let ids: Vec<String> = history.revisions.iter().map(|r| r.id()).collect();
    assert_eq!(ids, ["0001_create_tasks", "0002_index_tasks_title"]);

    let first = &history.revisions[0];
    assert_eq!(
        first.up.script.sql,
        "-- The tasks table.\r\nCREATE TABLE tasks (\r\n    id bigint PRIMARY KEY,\r\n    \
         title text NOT NULL\r\n);\r\n",
        "the BOM is stripped and the CRLFs are kept"
    );
    assert_eq!(first.up.transaction, TxMode::Transaction);
    // Checksums of the raw bytes (BOM included), as `sha256sum` prints them.
    assert_eq!(
        first.up.script.checksum,
        "42ba825fa2544928a6dc148da65eb20a73165327d3a0cf6e734d62d26994e19a"
    );
    let first_down = first.down.as_ref().expect("down");
    assert_eq!(first_down.script.sql, "DROP TABLE tasks;\r\n");
    assert_eq!(
        first_down.script.checksum,
        "712656db5faa7ae0048f73c9e806df7c151359c734725a9ca3da937d08ddd649"
    );

    let second = &history.revisions[1];
    assert_eq!(
        second.up.transaction,
        TxMode::NoTransaction,
        "`-- no-transaction` after a BOM and a blank CRLF line still counts"
    );
    assert!(
        second
            .up
            .script
            .sql
            .starts_with("\r\n-- no-transaction\r\n")
    );
    assert_eq!(
        second.up.script.checksum,
        "ea90c8ec8640541a7c0471f02e363e9e55f4ad6298cf6365603c3c86b6520765"
    );
    let second_down = second.down.as_ref().expect("down");
    assert_eq!(second_down.transaction, TxMode::Transaction);
    assert_eq!(
        second_down.script.checksum,
        "126321cc2b6e623931609adf64e617b6a7740ffeac43ed113d01d5484f045fae"
    );
}

// ---- the directory itself ------------------------------------------------

#[test]
fn missing_directory() {
    let parent = tempfile::tempdir().expect("tempdir");
    let dir = parent.path().join("nope");
    let err = load_err(&dir);
    let problem = only_problem(&err);
    assert_eq!(problem.path, dir);
    assert_eq!(problem.message, "no such directory");
}

#[test]
fn not_a_directory() {
    let dir = history(&[("1_a.up.sql", b"SELECT 1;")]);
    let file = dir.path().join("1_a.up.sql");
    let err = load_err(&file);
    let problem = only_problem(&err);
    assert_eq!(problem.path, file);
    assert_eq!(problem.message, "not a directory");
}

#[cfg(unix)]
#[test]
fn unreadable_directory() {
    use std::os::unix::fs::PermissionsExt;
    let dir = history(&[]);
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o000)).expect("chmod");
    let result = load_flat(dir.path());
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).expect("chmod back");
    // root reads anything; then the directory is just empty.
    let err = result.expect_err("an unreadable or empty directory is a problem");
    let problem = only_problem(&err);
    assert_eq!(problem.path, dir.path());
    assert!(
        problem.message.starts_with("failed to read the directory")
            || problem.message == "no migration files found",
        "{err}"
    );
}

#[test]
fn empty_directory() {
    let dir = history(&[]);
    let err = load_err(dir.path());
    let problem = only_problem(&err);
    assert_eq!(problem.path, dir.path());
    assert_eq!(problem.message, "no migration files found");
    assert!(
        problem
            .help
            .as_deref()
            .is_some_and(|h| h.contains(".up.sql"))
    );
}

#[test]
fn directory_with_only_ignored_files_is_empty() {
    let dir = history(&[(".gitkeep", b""), ("README.md", b"notes")]);
    let err = load_err(dir.path());
    assert_eq!(only_problem(&err).message, "no migration files found");
}

// ---- file names ----------------------------------------------------------

#[test]
fn unparsable_names() {
    let dir = history(&[
        ("abc_x.up.sql", b"SELECT 1;"),
        ("1.up.sql", b"SELECT 1;"),
        ("_x.down.sql", b"SELECT 1;"),
        ("99999999999999999999_big.up.sql", b"SELECT 1;"),
    ]);
    let err = load_err(dir.path());
    let text = err.to_string();
    let expect = [
        ("1.up.sql", "no `_` between the version and the description"),
        ("99999999999999999999_big.up.sql", "is too large"),
        ("_x.down.sql", "no version before the `_`"),
        ("abc_x.up.sql", "version `abc` is not a decimal integer"),
    ];
    assert_eq!(err.problems.len(), expect.len(), "{err}");
    for (problem, (name, message)) in err.problems.iter().zip(expect) {
        assert_eq!(problem.path, dir.path().join(name), "{err}");
        assert!(problem.message.contains(message), "{err}");
        assert!(
            problem
                .help
                .as_deref()
                .is_some_and(|h| h.contains("rename it")),
            "{err}"
        );
        assert!(text.contains(&dir.path().join(name).display().to_string()));
    }
}

#[test]
fn simple_sqlx_migration_is_not_reversible() {
    let dir = history(&[("3_seed.sql", b"INSERT INTO t VALUES (1);")]);
    let err = load_err(dir.path());
    let problem = only_problem(&err);
    assert_eq!(problem.path, dir.path().join("3_seed.sql"));
    assert!(problem.message.contains("cannot be reversed"), "{err}");
    assert_eq!(
        problem.help.as_deref(),
        Some("rename it to `3_seed.up.sql` and add `3_seed.down.sql` that undoes it")
    );
}

#[test]
fn unknown_files_and_subdirectories_are_reported_one_each() {
    let dir = history(&[
        ("1_a.up.sql", b"SELECT 1;"),
        ("1_a.down.sql", b"SELECT 1;"),
        ("notes.txt", b"todo"),
        ("schema.sql", b"CREATE TABLE t ();"),
        ("1_a.UP.SQL", b"SELECT 1;"),
    ]);
    fs::create_dir(dir.path().join("old")).expect("mkdir");
    let err = load_err(dir.path());
    let paths: Vec<&Path> = err.problems.iter().map(|p| p.path.as_path()).collect();
    assert_eq!(
        paths,
        [
            dir.path().join("1_a.UP.SQL"),
            dir.path().join("old"),
            dir.path().join("schema.sql"),
        ],
        "{err}"
    );
    assert!(err.problems[1].message.contains("directory"), "{err}");
    assert!(err.problems.iter().all(|p| p.help.is_some()));
    assert!(
        err.to_string().contains("old: unexpected directory"),
        "{err}"
    );
}

#[test]
fn files_sqlx_and_golang_migrate_skip_are_warnings_and_atlas_sum_is_known() {
    // sqlx and golang-migrate read only `.sql` files; Atlas keeps its
    // checksum file `atlas.sum` in golang-migrate directories (openmeter).
    let dir = history(&[
        ("1_a.up.sql", b"SELECT 1;"),
        ("1_a.down.sql", b"SELECT 1;"),
        ("atlas.sum", b"h1:abc=\n1_a.up.sql h1:def=\n"),
        ("notes.txt", b"todo"),
    ]);
    let history = load_ok(dir.path());
    assert_eq!(history.revisions.len(), 1);
    let warned: Vec<(&Path, &str)> = history
        .warnings
        .iter()
        .map(|w| (w.path.as_path(), w.message.as_str()))
        .collect();
    assert_eq!(
        warned,
        [(
            dir.path().join("notes.txt").as_path(),
            "not a migration file: ignored, as sqlx and golang-migrate ignore it"
        )]
    );
}

// ---- pairing ---------------------------------------------------------------

#[test]
fn duplicate_versions_name_both_files() {
    let dir = history(&[
        ("1_a.up.sql", b"SELECT 1;"),
        ("1_a.down.sql", b"SELECT 1;"),
        ("0001_b.up.sql", b"SELECT 1;"),
        ("0001_b.down.sql", b"SELECT 1;"),
    ]);
    let err = load_err(dir.path());
    assert_eq!(err.problems.len(), 2, "{err}");
    let down = &err.problems[0];
    assert_eq!(down.path, dir.path().join("0001_b.down.sql"));
    assert!(
        down.message.contains(
            "version 1 is used by more than one down file: `0001_b.down.sql`, `1_a.down.sql`"
        ),
        "{err}"
    );
    let up = &err.problems[1];
    assert_eq!(up.path, dir.path().join("0001_b.up.sql"));
    assert!(
        up.message.contains("`0001_b.up.sql`, `1_a.up.sql`"),
        "{err}"
    );
}

#[test]
fn up_and_down_with_different_descriptions_are_paired_with_a_warning() {
    // sqlx and golang-migrate pair by version alone (concourse has one).
    let dir = history(&[
        ("1_create_users.up.sql", b"SELECT 1;"),
        ("1_create_user.down.sql", b"SELECT 2;"),
    ]);
    let history = load_ok(dir.path());
    assert_eq!(history.revisions.len(), 1);
    let down = history.revisions[0].down.as_ref().expect("a down step");
    assert_eq!(down.script.sql, "SELECT 2;");
    let [warning] = history.warnings.as_slice() else {
        panic!("{:?}", history.warnings)
    };
    assert_eq!(warning.path, dir.path().join("1_create_users.up.sql"));
    assert!(
        warning.message.contains(
            "different descriptions: `1_create_users.up.sql` and `1_create_user.down.sql`"
        ),
        "{warning}"
    );
}

#[test]
fn up_and_down_writing_the_version_differently() {
    let dir = history(&[
        ("1_a.up.sql", b"SELECT 1;"),
        ("01_a.down.sql", b"SELECT 1;"),
    ]);
    let err = load_err(dir.path());
    let problem = only_problem(&err);
    assert!(
        problem.message.contains("write the version differently"),
        "{err}"
    );
}

#[test]
fn a_missing_down_file_is_left_to_the_walk_to_report() {
    // Not a load error: the rest of the history can still be walked, and
    // the walk reports the revision as irreversible (a finding).
    let dir = history(&[("0004_add_tasks.up.sql", b"CREATE TABLE tasks ();")]);
    let history = load_ok(dir.path());
    let revision = &history.revisions[0];
    assert!(revision.down.is_none());
    let missing = revision.missing_down.as_ref().expect("a missing down");
    assert_eq!(missing.file, dir.path().join("0004_add_tasks.up.sql"));
    assert_eq!(missing.what, "no `0004_add_tasks.down.sql`");
    assert_eq!(
        missing.help,
        "add `0004_add_tasks.down.sql`, or declare the revision irreversible \
         with a line `-- pg-roundtrip: irreversible` in its up file"
    );
}

#[test]
fn down_file_without_up_file() {
    let dir = history(&[("5_x.down.sql", b"SELECT 1;")]);
    let err = load_err(dir.path());
    let problem = only_problem(&err);
    assert_eq!(problem.path, dir.path().join("5_x.down.sql"));
    assert_eq!(problem.message, "down file without an up file");
    assert!(
        problem
            .help
            .as_deref()
            .is_some_and(|h| h.contains("`5_x.up.sql`"))
    );
}

#[test]
fn irreversible_marker_with_a_down_file_is_a_contradiction() {
    let dir = history(&[
        (
            "1_drop.up.sql",
            b"DROP TABLE t;\n-- pg-roundtrip: irreversible\n",
        ),
        ("1_drop.down.sql", b"CREATE TABLE t ();"),
    ]);
    let err = load_err(dir.path());
    let problem = only_problem(&err);
    assert_eq!(problem.path, dir.path().join("1_drop.up.sql"));
    assert!(
        problem
            .message
            .contains("marked irreversible, but it has a down file `1_drop.down.sql`"),
        "{err}"
    );
}

#[test]
fn irreversible_marker_in_a_down_file() {
    let dir = history(&[
        ("1_a.up.sql", b"SELECT 1;"),
        ("1_a.down.sql", b"-- pg-roundtrip: irreversible\n"),
    ]);
    let err = load_err(dir.path());
    let problem = only_problem(&err);
    assert_eq!(problem.path, dir.path().join("1_a.down.sql"));
    assert_eq!(problem.message, "irreversible marker in a down file");
}

// ---- file contents -------------------------------------------------------

#[test]
fn invalid_utf8_gives_line_and_column() {
    let dir = history(&[
        ("1_a.up.sql", b"SELECT 1;\nSELECT '\xe9t\xe9';\n"),
        ("1_a.down.sql", b"SELECT 1;"),
    ]);
    let err = load_err(dir.path());
    let problem = only_problem(&err);
    assert_eq!(problem.path, dir.path().join("1_a.up.sql"));
    assert_eq!(problem.message, "invalid utf-8");
    assert_eq!((problem.line, problem.column), (Some(2), Some(9)));
    assert!(
        err.to_string().contains("1_a.up.sql:2:9: invalid utf-8"),
        "{err}"
    );
}

#[test]
fn invalid_utf8_in_an_up_file_does_not_also_claim_a_missing_down() {
    let dir = history(&[("1_a.up.sql", b"\xff")]);
    let err = load_err(dir.path());
    let problem = only_problem(&err);
    assert_eq!((problem.line, problem.column), (Some(1), Some(1)));
}

// ---- all at once -----------------------------------------------------------

#[test]
fn every_problem_is_reported_at_once_sorted_by_path() {
    let dir = history(&[
        ("3_c.up.sql", b"SELECT 3;"),
        ("2_b.down.sql", b"SELECT 2;"),
        ("1_a.sql", b"SELECT 1;"),
        ("0_ok.up.sql", b"SELECT 0;"),
        ("0_ok.down.sql", b"SELECT 0;"),
        ("zz.txt", b""),
    ]);
    let err = load_err(dir.path());
    let names: Vec<String> = err
        .problems
        .iter()
        .map(|p| {
            p.path
                .file_name()
                .expect("file name")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(names, ["1_a.sql", "2_b.down.sql"]);
    let text = err.to_string();
    assert!(text.starts_with("failed to read the migration history in `"));
    assert!(text.contains("(2 problems):"));
    assert!(text.ends_with("fix the files listed above, then run pg-roundtrip again"));
    assert_eq!(text.matches("    help: ").count(), 2, "{text}");
}

// ---- transaction control in a file that runs in one transaction (issue 16) ----

const OWN_TRANSACTION_HELP: &str = "remove it, or add `-- no-transaction` as the first line to let the file manage its own transaction";

#[test]
fn a_commit_in_the_middle_of_a_transactional_file_is_a_problem_at_its_line() {
    let up =
        "-- two halves\nBEGIN;\nCREATE TABLE a ();\n  COMMIT;\nCREATE TABLE b ();\nSELECT 1 / 0;\n";
    let dir = history(&[
        ("1_a.up.sql", up.as_bytes()),
        ("1_a.down.sql", b"DROP TABLE b;\nDROP TABLE a;\n"),
    ]);
    let err = load_err(dir.path());
    let problem = only_problem(&err);
    assert_eq!(problem.path, dir.path().join("1_a.up.sql"));
    assert_eq!((problem.line, problem.column), (Some(4), Some(3)), "{err}");
    assert!(
        problem.message.starts_with("`COMMIT` ends the transaction"),
        "{err}"
    );
    assert_eq!(problem.help.as_deref(), Some(OWN_TRANSACTION_HELP));
}

#[test]
fn every_kind_of_transaction_control_is_caught_in_up_and_down_files() {
    let dir = history(&[
        ("1_a.up.sql", b"SELECT 1;\nROLLBACK;\nSELECT 2;\n"),
        (
            "1_a.down.sql",
            b"SELECT 1;\nSTART TRANSACTION;\nSELECT 2;\n",
        ),
        ("2_b.up.sql", b"SELECT 1;\nCOMMIT AND CHAIN;\nSELECT 2;\n"),
        ("2_b.down.sql", b"SELECT 1;\nPREPARE TRANSACTION 'x';\n"),
        ("3_c.up.sql", b"SELECT 1;\nabort;\n"),
        ("3_c.down.sql", b"END;\nSELECT 1;\n"),
    ]);
    let err = load_err(dir.path());
    let found: Vec<(String, Option<usize>, String)> = err
        .problems
        .iter()
        .map(|p| {
            let name = p
                .path
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            let command = p.message.split('`').nth(1).unwrap_or_default().to_owned();
            (name, p.line, command)
        })
        .collect();
    let expect = [
        ("1_a.down.sql", 2, "START TRANSACTION"),
        ("1_a.up.sql", 2, "ROLLBACK"),
        ("2_b.down.sql", 2, "PREPARE TRANSACTION"),
        ("2_b.up.sql", 2, "COMMIT AND CHAIN"),
        ("3_c.down.sql", 1, "END"),
        ("3_c.up.sql", 2, "ABORT"),
    ]
    .map(|(n, l, c)| (n.to_owned(), Some(l), c.to_owned()));
    assert_eq!(found, expect, "{err}");
    assert!(
        err.problems
            .iter()
            .all(|p| p.help.as_deref() == Some(OWN_TRANSACTION_HELP))
    );
}

#[test]
fn transaction_control_that_keeps_one_transaction_or_is_the_files_own_is_accepted() {
    let dir = history(&[
        // golang-migrate's advice: wrap the whole file.
        ("1_a.up.sql", b"BEGIN;\nCREATE TABLE a ();\nCOMMIT;\n"),
        ("1_a.down.sql", b"BEGIN;\nDROP TABLE a;\nEND;\n"),
        // Savepoints, and words inside bodies, strings and comments.
        (
            "2_b.up.sql",
            b"SAVEPOINT s;\nSELECT 'COMMIT;';\nROLLBACK TO SAVEPOINT s;\nRELEASE s;\n\
              -- COMMIT;\nDO $$ BEGIN PERFORM 1; END $$;\n",
        ),
        ("2_b.down.sql", b"SELECT 1;\n"),
        // A file that says it manages its own transactions.
        (
            "3_c.up.sql",
            b"-- no-transaction\nBEGIN;\nCREATE TABLE c ();\nCOMMIT;\nBEGIN;\nCREATE TABLE d ();\nCOMMIT;\n",
        ),
        ("3_c.down.sql", b"-- no-transaction\nDROP TABLE d;\nDROP TABLE c;\n"),
    ]);
    let history = load_ok(dir.path());
    let modes: Vec<TxMode> = history.revisions.iter().map(|r| r.up.transaction).collect();
    assert_eq!(
        modes,
        [
            TxMode::Transaction,
            TxMode::Transaction,
            TxMode::NoTransaction
        ]
    );
    assert!(history.warnings.is_empty(), "{:?}", history.warnings);
}

// ---- `-- no-transaction` in the wrong place (issue 16) ----

#[test]
fn a_no_transaction_directive_under_a_comment_is_ignored_with_a_warning_at_its_line() {
    let dir = history(&[
        (
            "1_a.up.sql",
            b"-- build the index without locking\n-- no-transaction\nCREATE INDEX i ON t (c);\n",
        ),
        ("1_a.down.sql", b"DROP INDEX i;\n"),
        ("2_b.up.sql", b"SELECT 1;\n--no-transaction\n"),
        ("2_b.down.sql", b"SELECT 1;\n"),
    ]);
    let history = load_ok(dir.path());
    assert_eq!(history.revisions[0].up.transaction, TxMode::Transaction);
    let found: Vec<(PathBuf, Option<usize>, Option<usize>)> = history
        .warnings
        .iter()
        .map(|w| (w.path.clone(), w.line, w.column))
        .collect();
    assert_eq!(
        found,
        [
            (dir.path().join("1_a.up.sql"), Some(2), Some(1)),
            (dir.path().join("2_b.up.sql"), Some(2), Some(1)),
        ]
    );
    let first = &history.warnings[0];
    assert!(
        first.to_string().ends_with(
            "1_a.up.sql:2:1: `-- no-transaction` on line 2 is ignored: the directive counts \
             only as the first line, so this file runs in one transaction"
        ),
        "{first}"
    );
    assert!(
        first
            .help
            .as_deref()
            .is_some_and(|h| h.contains("move `-- no-transaction` to the first line"))
    );
}

#[test]
fn a_no_transaction_directive_sqlx_would_not_read_is_honoured_with_a_warning() {
    let dir = history(&[
        (
            "1_a.up.sql",
            "\u{feff}-- no-transaction\nSELECT 1;\n".as_bytes(),
        ),
        ("1_a.down.sql", b"\n\n-- no-transaction\nSELECT 1;\n"),
    ]);
    let history = load_ok(dir.path());
    let revision = &history.revisions[0];
    assert_eq!(revision.up.transaction, TxMode::NoTransaction);
    assert_eq!(
        revision.down.as_ref().map(|d| d.transaction),
        Some(TxMode::NoTransaction)
    );
    let lines: Vec<Option<usize>> = history.warnings.iter().map(|w| w.line).collect();
    assert_eq!(lines, [Some(3), Some(1)], "{:?}", history.warnings);
    assert!(history.warnings.iter().all(|w| {
        w.message
            .contains("sqlx would run this file in a transaction")
    }));
}

// ---- file names that are nearly right (issue 16) ----

#[test]
fn nearly_right_file_names_get_the_name_to_use() {
    let dir = history(&[
        ("0006_add_bar.UP.sql", b"SELECT 1;"),
        ("0007_add_baz.up.SQL", b"SELECT 1;"),
        ("0008-add-qux.up.sql", b"SELECT 1;"),
        ("add_bar.down.sql", b"SELECT 1;"),
    ]);
    let err = load_err(dir.path());
    let helps: Vec<(String, String)> = err
        .problems
        .iter()
        .map(|p| {
            let name = p
                .path
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            (name, p.help.clone().unwrap_or_default())
        })
        .collect();
    let expect = [
        ("0006_add_bar.UP.sql", "rename it to `0006_add_bar.up.sql`"),
        ("0007_add_baz.up.SQL", "rename it to `0007_add_baz.up.sql`"),
        ("0008-add-qux.up.sql", "rename it to `0008_add-qux.up.sql`"),
        (
            "add_bar.down.sql",
            "rename it to `<version>_add_bar.down.sql`",
        ),
    ];
    assert_eq!(helps.len(), expect.len(), "{err}");
    for ((name, help), (want_name, want_help)) in helps.iter().zip(expect) {
        assert_eq!(name, want_name, "{err}");
        assert!(help.starts_with(want_help), "{name}: {help}");
    }
}

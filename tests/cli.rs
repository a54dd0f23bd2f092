//! The binary as users run it: exit codes, messages, snapshot workflow.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::bin::{PgRoundtrip, text};
use common::history::HistoryFiles;
use std::path::Path;
use std::process::Output;

/// A local-backend run in `cwd` (`CI=true`: nothing is recorded).
fn pg_roundtrip(args: &[&str], cwd: &Path) -> Output {
    PgRoundtrip::local(cwd).args(args).output()
}

/// A local-backend run that records snapshots, as on a developer's machine.
fn pg_roundtrip_recording(args: &[&str], cwd: &Path) -> Output {
    PgRoundtrip::local(cwd)
        .recording_snapshots()
        .args(args)
        .output()
}

#[test]
fn bad_history_exits_2_and_names_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    HistoryFiles::new()
        .file("1_a.down.sql", "DROP TABLE a;")
        .file("2_b.sql", "CREATE TABLE b ();")
        .write(tmp.path());
    let o = pg_roundtrip(&["check", "."], tmp.path());
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let t = text(&o);
    assert!(
        t.contains("1_a.down.sql") && t.contains("down file without an up file"),
        "{t}"
    );
    assert!(
        t.contains("2_b.sql") && t.contains("simple migration"),
        "{t}"
    );
}

#[test]
fn missing_directory_exits_2() {
    let tmp = tempfile::tempdir().unwrap();
    let o = pg_roundtrip(&["check", "nope"], tmp.path());
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("nope"));
}

#[test]
fn unknown_irreversible_revision_exits_2() {
    let tmp = tempfile::tempdir().unwrap();
    common::copy_dir(
        &common::fixture("flat-broken-index-left-behind"),
        &tmp.path().join("m"),
    );
    let o = pg_roundtrip(&["check", "m", "--allow-irreversible", "0042"], tmp.path());
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("0042"), "{}", text(&o));
}

#[test]
fn bad_usage_exits_2() {
    let tmp = tempfile::tempdir().unwrap();
    let o = pg_roundtrip(&["check", "--format", "yaml"], tmp.path());
    assert_eq!(o.status.code(), Some(2));
    let o = pg_roundtrip(&["frobnicate"], tmp.path());
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn unreachable_server_exits_3() {
    let tmp = tempfile::tempdir().unwrap();
    let o = pg_roundtrip(
        &["inspect", "--url", "postgres://nobody:secret@127.0.0.1:1/x"],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(3), "{}", text(&o));
    assert!(
        !text(&o).contains("secret"),
        "the password must not be printed: {}",
        text(&o)
    );
}

#[test]
fn missing_server_binaries_exit_3() {
    let tmp = tempfile::tempdir().unwrap();
    common::copy_dir(
        &common::repo_path("migrations"),
        &tmp.path().join("migrations"),
    );
    let o = pg_roundtrip(
        &["check", "migrations", "--pg-bin", "/nonexistent"],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(3), "{}", text(&o));
    assert!(text(&o).contains("/nonexistent"), "{}", text(&o));
}

#[test]
fn broken_downgrade_exits_1_and_names_object_and_file() {
    let tmp = tempfile::tempdir().unwrap();
    common::copy_dir(
        &common::fixture("flat-broken-index-left-behind"),
        &tmp.path().join("m"),
    );
    let o = pg_roundtrip(
        &["check", "m", "--no-snapshots", "--color", "never"],
        tmp.path(),
    );
    let t = text(&o);
    assert_eq!(o.status.code(), Some(1), "{t}");
    assert!(t.contains("downgrade-mismatch"), "{t}");
    assert!(
        t.contains("index ix_tasks_user_id on table public.tasks"),
        "{t}"
    );
    assert!(t.contains("m/0002_add_due_on.down.sql"), "{t}");
}

#[test]
fn github_and_json_formats_locate_the_finding() {
    let tmp = tempfile::tempdir().unwrap();
    common::copy_dir(
        &common::fixture("flat-broken-sql-error"),
        &tmp.path().join("m"),
    );
    let o = pg_roundtrip(
        &["check", "m", "--no-snapshots", "--format", "github"],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("::error file=m/0001_create_tasks.up.sql,line=8,col=5,title=pg-roundtrip step-error%3A 0001_create_tasks::"),
        "{out}"
    );
    let o = pg_roundtrip(
        &["check", "m", "--no-snapshots", "--format", "json"],
        tmp.path(),
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["passed"], false);
    let f = &v["runs"][0]["revisions"][0]["findings"][0];
    assert_eq!(f["kind"], "step-error");
    assert_eq!(f["line"], 8);
    assert_eq!(f["column"], 5);
}

#[test]
fn snapshot_workflow_new_review_accept_then_pass() {
    let tmp = tempfile::tempdir().unwrap();
    common::copy_dir(
        &common::fixture("flat-ok-tricky"),
        &tmp.path().join("migrations"),
    );
    let snaps = tmp.path().join("snapshots");

    // First run: no snapshots yet → fails and records .snap.new files.
    let o = pg_roundtrip_recording(&["check", "migrations"], tmp.path());
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("has no snapshot yet"), "{}", text(&o));
    let pending: Vec<_> = std::fs::read_dir(&snaps)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(
        !pending.is_empty() && pending.iter().all(|p| p.ends_with(".snap.new")),
        "{pending:?}"
    );

    // review shows them, accept moves them into place.
    let o = pg_roundtrip_recording(&["review"], tmp.path());
    assert!(text(&o).contains("(new)"), "{}", text(&o));
    let o = pg_roundtrip_recording(&["accept"], tmp.path());
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        std::fs::read_dir(&snaps).unwrap().all(|e| e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .ends_with(".snap"))
    );

    // Second run passes and writes nothing.
    let o = pg_roundtrip_recording(&["check", "migrations"], tmp.path());
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));

    // Editing an old migration changes its snapshot (its checksum), even
    // though the schema is the same; in CI nothing is written.
    let up = tmp
        .path()
        .join("migrations")
        .join(pending[0].replace(".snap.new", ".up.sql"));
    let mut sql = std::fs::read_to_string(&up).unwrap();
    sql.push_str("\n-- an edit\n");
    std::fs::write(&up, sql).unwrap();
    let o = pg_roundtrip(&["check", "migrations"], tmp.path());
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("edited-migration"), "{}", text(&o));
    assert!(text(&o).contains("sha256:"), "{}", text(&o));
    assert!(
        !std::fs::read_dir(&snaps).unwrap().any(|e| e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .ends_with(".new"))
    );

    // Locally it records a .snap.new; reject removes it.
    let o = pg_roundtrip_recording(&["check", "migrations"], tmp.path());
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let o = pg_roundtrip_recording(&["reject"], tmp.path());
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        !std::fs::read_dir(&snaps).unwrap().any(|e| e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .ends_with(".new"))
    );
}

#[test]
fn example_history_matches_its_committed_snapshots() {
    // The README's main job: the committed snapshots are current.
    let o = pg_roundtrip(&["check", "migrations"], &common::repo_path("."));
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}

#[test]
fn bad_insta_update_is_rejected_before_anything_runs() {
    let tmp = tempfile::tempdir().unwrap();
    let o = PgRoundtrip::local(tmp.path())
        .args(["check", "migrations"])
        .env("INSTA_UPDATE", "sometimes")
        .output();
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("INSTA_UPDATE"));
}

#[test]
fn a_major_below_15_is_refused_before_anything_runs() {
    for backend in ["auto", "docker", "local"] {
        let o = PgRoundtrip::new(&common::repo_path("."))
            .args(["check", "migrations", "--backend", backend, "--pg", "9"])
            .output();
        let t = text(&o);
        assert_eq!(o.status.code(), Some(2), "{t}");
        assert!(
            t.contains(
                "--pg 9: PostgreSQL 9 is too old; pg-roundtrip inspects PostgreSQL 15 and later"
            ),
            "{t}"
        );
        assert!(!t.contains("pg-roundtrip: backend"), "{t}");
    }
}

/// `auto` without `--pg` takes the installed server, the fast backend,
/// and says why; the engine is not asked (here it does not even exist).
#[test]
fn auto_takes_the_installed_server_and_says_why() {
    let installed = pg_roundtrip::db::find_pg_bin(None)
        .and_then(|b| pg_roundtrip::db::pg_bin_major(&b))
        .expect("a local PostgreSQL server");
    let tmp = tempfile::tempdir().unwrap();
    let o = PgRoundtrip::new(&common::repo_path("."))
        .args(["check", "migrations"])
        .env(
            "DOCKER_HOST",
            format!("unix://{}/no.sock", tmp.path().display()),
        )
        .output();
    let t = text(&o);
    assert_eq!(o.status.code(), Some(0), "{t}");
    assert!(
        t.contains(&format!(
            "pg-roundtrip: backend local (auto: PostgreSQL {installed} is installed): PostgreSQL {installed} (local)"
        )),
        "{t}"
    );
}

/// Two histories side by side, each with a revision `0001_init`.
fn two_histories(root: &Path) {
    for (name, table) in [("a", "apples"), ("b", "bananas")] {
        HistoryFiles::new()
            .rev(
                "0001_init",
                &format!("CREATE TABLE {table} (id int);"),
                &format!("DROP TABLE {table};"),
            )
            .write(&root.join("db").join(name));
    }
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

#[test]
fn histories_side_by_side_keep_their_own_snapshots() {
    let tmp = tempfile::tempdir().unwrap();
    two_histories(tmp.path());
    let o = pg_roundtrip_recording(&["check", "db/a", "db/b", "--color", "never"], tmp.path());
    let t = text(&o);
    // A first run: the round trip passed, snapshots wait (insta's rule: a
    // new snapshot fails the assertion, exit 1).
    assert_eq!(o.status.code(), Some(1), "{t}");
    assert!(!t.contains("FAILED"), "{t}");
    assert_eq!(
        t.matches(
            "every revision round-trips; 1 new snapshot waits for review: `pg-roundtrip review`"
        )
        .count(),
        2,
        "{t}"
    );
    let (a, b) = (
        tmp.path().join("db/snapshots/a"),
        tmp.path().join("db/snapshots/b"),
    );
    assert_eq!(files_in(&a), ["0001_init.snap.new"]);
    assert_eq!(files_in(&b), ["0001_init.snap.new"]);
    // The snapshot names the user's file, not pg-roundtrip's code.
    let new = std::fs::read_to_string(a.join("0001_init.snap.new")).unwrap();
    assert!(
        new.starts_with("---\nsource: db/a/0001_init.up.sql\n"),
        "{new}"
    );
    assert!(
        new.contains("expression: revision 0001_init of the history in db/a\n"),
        "{new}"
    );
    assert!(
        !new.contains("src/snapshot.rs") && !new.contains("assertion_line"),
        "{new}"
    );

    // review, accept and reject find each history's own directory.
    let o = pg_roundtrip_recording(&["review", "db/b"], tmp.path());
    assert!(
        text(&o).contains("bananas") && !text(&o).contains("apples"),
        "{}",
        text(&o)
    );
    for dir in ["db/a", "db/b"] {
        let o = pg_roundtrip_recording(&["accept", dir], tmp.path());
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    }
    assert_eq!(files_in(&a), ["0001_init.snap"]);
    assert_eq!(files_in(&b), ["0001_init.snap"]);
    let o = pg_roundtrip(&["check", "db/a", "db/b"], tmp.path());
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    // Alone, a history still finds its own subdirectory.
    let o = pg_roundtrip(&["check", "db/b"], tmp.path());
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));

    // --snapshots with several histories: one subdirectory each.
    let o = pg_roundtrip_recording(&["check", "db/a", "db/b", "--snapshots", "s"], tmp.path());
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert_eq!(files_in(&tmp.path().join("s/a")), ["0001_init.snap.new"]);
    assert_eq!(files_in(&tmp.path().join("s/b")), ["0001_init.snap.new"]);
    let o = pg_roundtrip_recording(&["accept", "db/a", "--snapshots", "s"], tmp.path());
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(files_in(&tmp.path().join("s/a")), ["0001_init.snap"]);
}

#[test]
fn histories_that_would_share_a_snapshots_directory_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    for parent in ["x", "y"] {
        HistoryFiles::new()
            .rev("1_a", "CREATE TABLE a ();", "DROP TABLE a;")
            .write(&tmp.path().join(parent).join("m"));
    }
    let o = pg_roundtrip(&["check", "x/m", "y/m", "--snapshots", "s"], tmp.path());
    let t = text(&o);
    assert_eq!(o.status.code(), Some(2), "{t}");
    assert!(
        t.contains("x/m and y/m would keep their snapshots in the same directory s/m"),
        "{t}"
    );
    assert!(!t.contains("pg-roundtrip: backend"), "nothing ran: {t}");
}

#[test]
fn reviewing_a_directory_that_does_not_exist_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    for command in ["review", "accept", "reject"] {
        let o = pg_roundtrip(&[command, "nope"], tmp.path());
        let t = text(&o);
        assert_eq!(o.status.code(), Some(2), "{command}: {t}");
        assert!(
            t.contains("nope: no such history directory"),
            "{command}: {t}"
        );
    }
}

#[test]
fn a_step_summary_that_cannot_be_written_never_hides_the_verdict() {
    let tmp = tempfile::tempdir().unwrap();
    let unwritable = tmp.path().join("no-such-dir").join("summary.md");
    common::copy_dir(
        &common::fixture("flat-broken-index-left-behind"),
        &tmp.path().join("m"),
    );
    // A failed verdict stays exit 1; the report error is a warning.
    let o = PgRoundtrip::local(tmp.path())
        .args(["check", "m", "--no-snapshots", "--format", "github"])
        .env("GITHUB_STEP_SUMMARY", &unwritable)
        .output();
    let t = text(&o);
    assert_eq!(o.status.code(), Some(1), "{t}");
    let named = format!(
        "failed to append the step summary to GITHUB_STEP_SUMMARY={}",
        unwritable.display()
    );
    assert!(t.contains(&format!("warning: {named}")), "{t}");
    // A passing run whose summary cannot be written: the report error,
    // exit 2 (not 3, which says no PostgreSQL could be started).
    let repo = common::repo_path(".");
    let o = PgRoundtrip::local(&repo)
        .args(["check", "migrations", "--format", "github"])
        .env("GITHUB_STEP_SUMMARY", &unwritable)
        .output();
    let t = text(&o);
    assert_eq!(o.status.code(), Some(2), "{t}");
    assert!(t.contains(&format!("error: {named}")), "{t}");
    // Set but empty is unset.
    let o = PgRoundtrip::local(&repo)
        .args(["check", "migrations", "--format", "github"])
        .env("GITHUB_STEP_SUMMARY", "")
        .output();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}

/// Runs with stdout a pipe whose reader is already gone (`… | head -1`).
fn into_a_closed_pipe(run: PgRoundtrip) -> Output {
    let mut command = run.into_command();
    command
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = command.spawn().unwrap();
    drop(child.stdout.take());
    child.wait_with_output().unwrap()
}

#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    let repo = common::repo_path(".");
    let o = into_a_closed_pipe(PgRoundtrip::local(&repo).args(["check", "migrations"]));
    let t = text(&o);
    assert_eq!(o.status.code(), Some(0), "{t}");
    assert!(!t.contains("panicked") && !t.contains("error"), "{t}");
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("migrations")).unwrap();
    for command in ["review", "accept", "reject"] {
        let o = into_a_closed_pipe(PgRoundtrip::local(tmp.path()).arg(command));
        let t = text(&o);
        assert_eq!(o.status.code(), Some(0), "{command}: {t}");
        assert!(!t.contains("panicked"), "{command}: {t}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inspect_into_a_closed_pipe_ends_quietly() {
    let cluster = common::cluster().await;
    let url = format!(
        "postgres://postgres@localhost:5432/postgres?host={}",
        cluster.dir().display()
    );
    let tmp = tempfile::tempdir().unwrap();
    let run = PgRoundtrip::new(tmp.path()).args(["inspect", "--url", &url]);
    let o = tokio::task::spawn_blocking(move || into_a_closed_pipe(run))
        .await
        .unwrap();
    let t = text(&o);
    assert_eq!(o.status.code(), Some(0), "{t}");
    assert!(!t.contains("panicked"), "{t}");
}

#[test]
fn a_misplaced_no_transaction_directive_is_a_warning_on_stderr_with_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    HistoryFiles::new()
        .rev(
            "1_a",
            "-- create a\n-- no-transaction\nCREATE TABLE a ();\n",
            "DROP TABLE a;\n",
        )
        .write(&tmp.path().join("m"));
    let o = pg_roundtrip(
        &["check", "m", "--no-snapshots", "--backend", "local"],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let stderr = String::from_utf8_lossy(&o.stderr);
    let warning = stderr
        .lines()
        .find(|l| l.starts_with("warning: "))
        .unwrap_or_else(|| panic!("no warning line on stderr:\n{stderr}"));
    assert!(
        warning.contains("1_a.up.sql:2:1") && warning.contains("no-transaction"),
        "{warning}"
    );
}

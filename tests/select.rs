//! `check --since`, `--changed-from` and `--partition` through the binary,
//! on a real throwaway PostgreSQL (the local backend), and the plain
//! progress lines a walk prints when stderr is not a terminal.
//!
//! Which revisions were round-tripped is read from those lines (one per
//! walked revision: `pg15 m [1/2] 3_c ok 12 ms`), and every history here
//! has a broken downgrade before the selected revisions: a walk that
//! inspected it would fail.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::bin::{PgRoundtrip, text};
use common::history::HistoryFiles;
use std::path::Path;
use std::process::{Command, Output};

/// Five revisions; the downgrade of `2_b` forgets its table.
fn five(dir: &Path) {
    HistoryFiles::new()
        .rev("1_a", "CREATE TABLE a (id int);", "DROP TABLE a;")
        .rev("2_b", "CREATE TABLE b (id int);", "SELECT 1;")
        .rev("3_c", "CREATE TABLE c (id int);", "DROP TABLE c;")
        .rev(
            "4_d",
            "ALTER TABLE c ADD COLUMN d int;",
            "ALTER TABLE c DROP COLUMN d;",
        )
        .rev("5_e", "CREATE INDEX ix_e ON c (d);", "DROP INDEX ix_e;")
        .write(dir);
}

fn check(cwd: &Path, args: &[&str]) -> Output {
    PgRoundtrip::local(cwd)
        .args(["check", "m", "--no-snapshots"])
        .args(args)
        .output()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The revisions the progress lines say were round-tripped, with `k/N`:
/// `["1/2 3_c ok", …]`.
fn walked(o: &Output) -> Vec<String> {
    stderr(o)
        .lines()
        .filter_map(|l| {
            let rest = l.strip_prefix("pg")?;
            let (_, rest) = rest.split_once(" m [")?;
            let (k, rest) = rest.split_once("] ")?;
            let mut words = rest.split(' ');
            let (id, verdict) = (words.next()?, words.next()?);
            Some(format!("{k} {id} {verdict}"))
        })
        .collect()
}

#[test]
fn since_round_trips_the_revision_and_after_and_only_fast_forwards_before() {
    let tmp = tempfile::tempdir().unwrap();
    five(&tmp.path().join("m"));
    let whole = check(tmp.path(), &[]);
    assert_eq!(whole.status.code(), Some(1), "{}", text(&whole));
    assert_eq!(walked(&whole)[1], "2/5 2_b FAILED", "{}", stderr(&whole));

    let o = check(tmp.path(), &["--since", "3_c"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(
        walked(&o),
        ["1/3 3_c ok", "2/3 4_d ok", "3/3 5_e ok"],
        "{}",
        stderr(&o)
    );
    let err = stderr(&o);
    assert!(
        err.contains("pg-roundtrip: m: round trip for 3_c, 4_d, 5_e (--since 3_c); 2 before them fast-forwarded (upgraded, not inspected)"),
        "{err}"
    );
    assert!(
        err.contains(" m: fast-forwarding 2 revisions from 1_a (upgrades only, not inspected)"),
        "{err}"
    );
    // A version number names a revision too.
    let o = check(tmp.path(), &["--since", "4"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(walked(&o), ["1/2 4_d ok", "2/2 5_e ok"]);
}

#[test]
fn an_unknown_since_is_bad_input_naming_the_history_and_nearby_ids() {
    let tmp = tempfile::tempdir().unwrap();
    five(&tmp.path().join("m"));
    let o = check(tmp.path(), &["--since", "6_f"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let err = stderr(&o);
    assert!(
        err.contains("--since 6_f: no revision \"6_f\" in m (nearby: 3_c, 4_d, 5_e; 5 revisions from 1_a to 5_e)"),
        "{err}"
    );
    assert!(walked(&o).is_empty());
}

/// `git` in `dir`, which must succeed.
fn git(dir: &Path, args: &[&str]) {
    let o = Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("run git");
    assert!(o.status.success(), "git {args:?}: {}", text(&o));
}

/// A repository whose one commit holds the five revisions.
fn repository() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    five(&tmp.path().join("m"));
    git(tmp.path(), &["init", "-q"]);
    git(tmp.path(), &["add", "."]);
    git(tmp.path(), &["commit", "-q", "-m", "five revisions"]);
    tmp
}

#[test]
fn changed_from_walks_added_revisions_only_and_nothing_when_nothing_changed() {
    let repo = repository();
    let root = repo.path();
    // Nothing changed: one line, no server.
    let o = check(root, &["--changed-from", "HEAD"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(
        stderr(&o),
        "pg-roundtrip: no revision of m is changed since HEAD: nothing to walk, no server started\n"
    );
    // A new revision, committed, and one untracked.
    HistoryFiles::new()
        .rev("6_f", "CREATE TABLE f (id int);", "DROP TABLE f;")
        .write(&root.join("m"));
    git(root, &["add", "m"]);
    git(root, &["commit", "-q", "-m", "6_f"]);
    HistoryFiles::new()
        .rev("7_g", "CREATE TABLE g (id int);", "DROP TABLE g;")
        .write(&root.join("m"));
    let o = check(root, &["--changed-from", "HEAD~1"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(walked(&o), ["1/2 6_f ok", "2/2 7_g ok"], "{}", stderr(&o));
    assert!(
        stderr(&o).contains(
            "round trip for 6_f, 7_g (changed since HEAD~1); 5 before them fast-forwarded"
        ),
        "{}",
        stderr(&o)
    );
}

#[test]
fn changed_from_a_branch_that_moved_on_counts_only_this_branch_s_changes() {
    let repo = repository();
    let root = repo.path();
    git(root, &["checkout", "-q", "-b", "feature"]);
    HistoryFiles::new()
        .rev("7_g", "CREATE TABLE g (id int);", "DROP TABLE g;")
        .write(&root.join("m"));
    git(root, &["add", "m"]);
    git(root, &["commit", "-q", "-m", "7_g on the branch"]);
    // Meanwhile main gets a revision and an edit the branch does not have.
    git(root, &["checkout", "-q", "main"]);
    HistoryFiles::new()
        .rev("6_f", "CREATE TABLE f (id int);", "DROP TABLE f;")
        .write(&root.join("m"));
    std::fs::write(root.join("m/3_c.up.sql"), "CREATE TABLE c (id bigint);").unwrap();
    git(root, &["add", "m"]);
    git(root, &["commit", "-q", "-m", "6_f and an edit on main"]);
    git(root, &["checkout", "-q", "feature"]);
    let o = check(root, &["--changed-from", "main"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(walked(&o), ["1/1 7_g ok"], "{}", stderr(&o));
    let err = stderr(&o);
    assert!(!err.contains("warning") && !err.contains("error"), "{err}");
}

#[test]
fn an_edited_applied_upgrade_fails_loudly_and_a_downgrade_fix_only_warns() {
    let repo = repository();
    let root = repo.path();
    // Fixing 2_b's downgrade (what a failed round trip asks for) is an
    // edit of an applied migration's downgrade: walked, and a warning.
    std::fs::write(root.join("m/2_b.down.sql"), "DROP TABLE b;").unwrap();
    let o = check(root, &["--changed-from", "HEAD"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(walked(&o), ["1/1 2_b ok"], "{}", stderr(&o));
    assert!(
        stderr(&o).contains("warning: edited an applied migration's downgrade: 2_b in m (m/2_b.down.sql changed, and the newer 5_e already existed)"),
        "{}",
        stderr(&o)
    );
    // Editing the upgrade of 3_c: databases that ran it never see the
    // edit. The round trip passes; the check fails.
    std::fs::write(root.join("m/3_c.up.sql"), "CREATE TABLE c (id bigint);").unwrap();
    let o = check(root, &["--changed-from", "HEAD"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert_eq!(walked(&o), ["1/2 2_b ok", "2/2 3_c ok"], "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("error: edited an applied migration: 3_c in m (m/3_c.up.sql changed, and the newer 5_e already existed): databases that applied 3_c will never run the edit"),
        "{err}"
    );
    assert!(err.contains("pass --allow-edited"), "{err}");
    let o = check(root, &["--changed-from", "HEAD", "--allow-edited"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        stderr(&o).contains("warning: edited an applied migration: 3_c in m"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn changed_from_outside_a_repository_or_with_an_unknown_ref_is_bad_input() {
    let tmp = tempfile::tempdir().unwrap();
    five(&tmp.path().join("m"));
    let o = check(tmp.path(), &["--changed-from", "main"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let err = stderr(&o);
    assert!(
        err.contains("--changed-from main: m is not inside a git repository (git: fatal: not a git repository"),
        "{err}"
    );
    assert!(
        err.contains("or choose the revisions with --since REV"),
        "{err}"
    );

    let repo = repository();
    let o = check(repo.path(), &["--changed-from", "origin/nope"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let err = stderr(&o);
    assert!(
        err.contains("--changed-from origin/nope: git knows no commit \"origin/nope\" in "),
        "{err}"
    );
    assert!(err.contains("help: fetch it first"), "{err}");
    assert!(err.contains("fetch-depth: 0"), "{err}");
}

#[test]
fn two_partitions_walk_every_revision_once_between_them() {
    let tmp = tempfile::tempdir().unwrap();
    // The five revisions with 2_b's downgrade fixed: both partitions pass.
    five(&tmp.path().join("m"));
    std::fs::write(tmp.path().join("m/2_b.down.sql"), "DROP TABLE b;").unwrap();
    let first = check(tmp.path(), &["--partition", "1/2"]);
    let second = check(tmp.path(), &["--partition", "count:2/2"]);
    for o in [&first, &second] {
        assert_eq!(o.status.code(), Some(0), "{}", text(o));
    }
    assert_eq!(walked(&first), ["1/3 1_a ok", "2/3 2_b ok", "3/3 3_c ok"]);
    assert_eq!(walked(&second), ["1/2 4_d ok", "2/2 5_e ok"]);
    assert!(
        stderr(&second).contains("pg-roundtrip: partition 2/2: 2 revision walks of 5: m on "),
        "{}",
        stderr(&second)
    );
    assert!(
        stderr(&second).contains(" (4_d to 5_e)"),
        "{}",
        stderr(&second)
    );
    assert!(stderr(&second).contains("fast-forwarding 3 revisions from 1_a"));
    // More partitions than revisions: an empty one says so and passes.
    let o = check(tmp.path(), &["--since", "5", "--partition", "2/2"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        stderr(&o)
            .contains("partition 2/2: nothing to walk (1 revision walk in all, for 2 partitions)"),
        "{}",
        stderr(&o)
    );
    let o = check(tmp.path(), &["--partition", "3/2"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        stderr(&o).contains("give K/N with 1 <= K <= N"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_walk_into_a_pipe_prints_one_plain_line_per_revision() {
    let tmp = tempfile::tempdir().unwrap();
    five(&tmp.path().join("m"));
    let o = check(tmp.path(), &[]);
    let lines: Vec<&str> = std::str::from_utf8(&o.stderr)
        .unwrap()
        .lines()
        .filter(|l| l.contains(" m ["))
        .collect();
    assert_eq!(lines.len(), 5, "{}", stderr(&o));
    for (line, (k, id, verdict)) in lines.iter().zip([
        ("1", "1_a", "ok"),
        ("2", "2_b", "FAILED"),
        ("3", "3_c", "ok"),
        ("4", "4_d", "ok"),
        ("5", "5_e", "ok"),
    ]) {
        let head = format!(" m [{k}/5] {id} {verdict} ");
        assert!(line.starts_with("pg") && line.contains(&head), "{line}");
        assert!(line.ends_with(" ms") || line.ends_with(" s"), "{line}");
        // No terminal control codes in a log.
        assert!(!line.contains('\u{1b}') && !line.contains('\r'), "{line:?}");
    }
    // The failed revision's database is rebuilt, and the log says so.
    assert!(
        stderr(&o).contains(" m: rebuilding a fresh database up to 2_b to go on"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn on_a_terminal_a_bar_shows_the_step_and_is_cleared_before_the_report() {
    // `script` (util-linux, in every Debian) runs the check on a
    // pseudo-terminal and copies what it drew.
    let tmp = tempfile::tempdir().unwrap();
    HistoryFiles::new()
        .rev("1_a", "CREATE TABLE a (id int);", "DROP TABLE a;")
        .rev(
            "2_b",
            "CREATE TABLE b (id int); SELECT pg_sleep(0.3);",
            "DROP TABLE b;",
        )
        .rev(
            "3_c",
            "CREATE TABLE c (id int); SELECT pg_sleep(0.3);",
            "DROP TABLE c;",
        )
        .write(&tmp.path().join("m"));
    let binary = env!("CARGO_BIN_EXE_pg-roundtrip");
    let o = Command::new("script")
        .args(["-q", "-e", "-f", "-c"])
        .arg(format!("'{binary}' check m --no-snapshots --since 2"))
        .arg("/dev/null")
        .current_dir(tmp.path())
        .env_remove("PG_ROUNDTRIP_PG")
        .env_remove("PG_ROUNDTRIP_IMAGE")
        .env_remove("INSTA_UPDATE")
        .env_remove("NO_COLOR")
        .env("PG_ROUNDTRIP_BACKEND", "local")
        .env("CI", "true")
        .env("TERM", "xterm")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run script (util-linux)");
    let screen = String::from_utf8_lossy(&o.stdout).into_owned();
    assert_eq!(o.status.code(), Some(0), "{screen}{}", stderr(&o));
    // The bar: walk, k/N, the step, the fast-forward before it.
    assert!(
        screen.contains(" m [") && screen.contains("] 0/2 "),
        "{screen}"
    );
    assert!(screen.contains("1_a fast-forward 1/1"), "{screen}");
    assert!(screen.contains("2_b downgrade"), "{screen}");
    assert!(
        screen.contains("] 1/2 ") && screen.contains(" left)"),
        "{screen}"
    );
    // No plain lines on a terminal, and the bar is erased (the line
    // cleared) before the report starts.
    assert!(!screen.contains("[1/2] 2_b ok"), "{screen}");
    let erased = screen.rfind("\u{1b}[2K").expect("a line erased");
    let after = &screen[erased..];
    assert!(
        ["] 0/2 ", "] 1/2 ", "] 2/2 "]
            .iter()
            .all(|bar| !after.contains(bar)),
        "a bar is left after the last erase: {after:?}"
    );
    assert!(
        after.contains("2_b") && after.contains("3_c"),
        "the report: {after:?}"
    );
}

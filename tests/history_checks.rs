//! Checks on the history itself against its snapshots: an applied
//! migration edited after its snapshot was recorded, and a new revision
//! that sorts before revisions that already have snapshots. Through the
//! binary, on a local throwaway cluster.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::bin::{PgRoundtrip, text};
use common::history::HistoryFiles;
use std::path::Path;

/// Records and accepts every snapshot of the history in `cwd/m`.
fn record(cwd: &Path) {
    let o = PgRoundtrip::local(cwd)
        .env("INSTA_UPDATE", "always")
        .recording_snapshots()
        .args(["check", "m"])
        .output();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}

fn check_in_ci(cwd: &Path) -> (Option<i32>, String) {
    let o = PgRoundtrip::local(cwd).args(["check", "m"]).output();
    (o.status.code(), text(&o))
}

#[test]
fn an_edited_applied_migration_is_named_with_its_file() {
    let tmp = tempfile::tempdir().unwrap();
    let m = tmp.path().join("m");
    HistoryFiles::new()
        .rev("1_a", "CREATE TABLE a (id int);", "DROP TABLE a;")
        .rev("2_b", "CREATE TABLE b (id int);", "DROP TABLE b;")
        .write(&m);
    record(tmp.path());
    // Same schema, edited text: what sqlx refuses as a modified applied
    // migration.
    std::fs::write(
        m.join("1_a.up.sql"),
        "-- reformatted\nCREATE TABLE a (id int);",
    )
    .unwrap();
    let (code, t) = check_in_ci(tmp.path());
    assert_eq!(code, Some(1), "{t}");
    assert!(t.contains("edited-migration"), "{t}");
    assert!(
        t.contains("edited an applied migration: the up file ") && t.contains("1_a.up.sql"),
        "{t}"
    );
    assert!(t.contains("put the change in a new migration"), "{t}");
    assert!(!t.contains("snapshot-mismatch"), "{t}");
    // The down file too, and both at once.
    std::fs::write(m.join("1_a.down.sql"), "DROP TABLE a; -- edited").unwrap();
    let (code, t) = check_in_ci(tmp.path());
    assert_eq!(code, Some(1), "{t}");
    assert!(
        t.contains("up file ") && t.contains(" and the down file "),
        "{t}"
    );
    // A revision that was not edited passes.
    assert!(t.contains("ok   2_b"), "{t}");
}

#[test]
fn a_new_revision_before_snapshotted_ones_is_out_of_order() {
    let tmp = tempfile::tempdir().unwrap();
    let m = tmp.path().join("m");
    HistoryFiles::new()
        .rev("1_a", "CREATE TABLE a (id int);", "DROP TABLE a;")
        .rev("3_c", "CREATE TABLE c (id int);", "DROP TABLE c;")
        .write(&m);
    record(tmp.path());
    HistoryFiles::new()
        .rev("2_b", "CREATE TABLE b (id int);", "DROP TABLE b;")
        .write(&m);
    let (code, t) = check_in_ci(tmp.path());
    assert_eq!(code, Some(1), "{t}");
    assert!(t.contains("out-of-order"), "{t}");
    assert!(
        t.contains("2_b is new but sorts before 3_c, which already has a snapshot"),
        "{t}"
    );
    // A new revision at the end is only a new snapshot.
    let tmp = tempfile::tempdir().unwrap();
    let m = tmp.path().join("m");
    HistoryFiles::new()
        .rev("1_a", "CREATE TABLE a (id int);", "DROP TABLE a;")
        .write(&m);
    record(tmp.path());
    HistoryFiles::new()
        .rev("2_b", "CREATE TABLE b (id int);", "DROP TABLE b;")
        .write(&m);
    let (code, t) = check_in_ci(tmp.path());
    assert_eq!(code, Some(1), "{t}");
    assert!(!t.contains("out-of-order"), "{t}");
    assert!(t.contains("2_b has no snapshot yet"), "{t}");
}

//! insta's update rules and the version-specific `@pgM` rules, on real
//! files in a temporary directory.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use crate::source::{self, History};
use std::path::Path;

/// A history of one revision, `1_a`, in `dir/m`.
fn history(dir: &Path) -> History {
    let m = dir.join("m");
    std::fs::create_dir_all(&m).unwrap();
    std::fs::write(m.join("1_a.up.sql"), "CREATE TABLE a ();\n").unwrap();
    std::fs::write(m.join("1_a.down.sql"), "DROP TABLE a;\n").unwrap();
    source::load(&m).unwrap()
}

fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn a_new_snapshot_waits_for_review_and_a_match_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let h = history(tmp.path());
    let r = &h.revisions[0];
    let snaps = tmp.path().join("snapshots");
    let status = check(&snaps, r, 15, "table a\n", UpdateMode::New).unwrap();
    let SnapshotStatus::Mismatched { stored, pending } = status else {
        panic!("{status:?}")
    };
    assert_eq!(stored, None);
    assert!(pending.unwrap().ends_with("snapshots/1_a.snap.new"));
    assert_eq!(files(&snaps), ["1_a.snap.new"]);

    let all = pending_in(&snaps);
    assert_eq!(all[0].accept().unwrap(), Accepted::Written);
    assert_eq!(files(&snaps), ["1_a.snap"]);
    let written = std::fs::read_to_string(snaps.join("1_a.snap")).unwrap();
    // `source:` is the user's up file, never pg-roundtrip's own code.
    let up =
        r.up.script()
            .map(|s| s.path.display().to_string())
            .unwrap_or_default();
    assert!(
        written.starts_with(&format!("---\nsource: {up}\ndescription: \"schema after the upgrade of 1_a on PostgreSQL 15 (up sha256:")),
        "{written}"
    );
    assert!(
        !written.contains("src/snapshot.rs") && !written.contains("assertion_line"),
        "{written}"
    );
    assert!(written.ends_with("---\ntable a\n"), "{written}");

    let before = std::fs::metadata(snaps.join("1_a.snap"))
        .unwrap()
        .modified()
        .unwrap();
    for mode in [UpdateMode::New, UpdateMode::Always, UpdateMode::No] {
        let status = check(&snaps, r, 15, "table a", mode).unwrap();
        assert_eq!(status, SnapshotStatus::Matched);
    }
    let after = std::fs::metadata(snaps.join("1_a.snap"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(before, after, "a passing snapshot is never rewritten");
}

fn pending_in(dir: &Path) -> Vec<Pending> {
    pending(dir).unwrap()
}

#[test]
fn no_writes_nothing_and_always_writes_in_place() {
    let tmp = tempfile::tempdir().unwrap();
    let h = history(tmp.path());
    let r = &h.revisions[0];
    let snaps = tmp.path().join("snapshots");
    let status = check(&snaps, r, 15, "table a", UpdateMode::No).unwrap();
    assert_eq!(
        status,
        SnapshotStatus::Mismatched {
            stored: None,
            pending: None
        }
    );
    assert!(files(&snaps).is_empty());
    let status = check(&snaps, r, 15, "table a", UpdateMode::Always).unwrap();
    assert_eq!(status, SnapshotStatus::Updated);
    assert_eq!(files(&snaps), ["1_a.snap"]);
    assert_eq!(
        stored(&snaps.join("1_a.snap")).unwrap().as_deref(),
        Some("table a")
    );
}

#[test]
fn another_major_gets_its_own_snapshot_only_where_it_differs() {
    let tmp = tempfile::tempdir().unwrap();
    let h = history(tmp.path());
    let r = &h.revisions[0];
    let snaps = tmp.path().join("snapshots");
    check(&snaps, r, 17, "table a", UpdateMode::Always).unwrap();

    // Same text on 15: a match, and no redundant copy, even with force.
    for mode in [UpdateMode::New, UpdateMode::Force] {
        assert_eq!(
            check(&snaps, r, 15, "table a", mode).unwrap(),
            SnapshotStatus::Matched
        );
    }
    assert_eq!(files(&snaps), ["1_a.snap"]);

    // Different text on 15: the new text goes beside it, as `@pg15`.
    let status = check(&snaps, r, 15, "table a\n  x", UpdateMode::New).unwrap();
    let SnapshotStatus::Mismatched { stored, pending } = status else {
        panic!("{status:?}")
    };
    assert_eq!(stored.as_deref(), Some("table a"));
    assert!(pending.unwrap().ends_with("1_a@pg15.snap.new"));
    assert_eq!(
        compared_name(&snaps, "1_a", 15),
        SnapshotName::shared("1_a")
    );
    assert_eq!(recorded_major(&snaps.join("1_a.snap")), Some(17));

    let all = pending_in(&snaps);
    assert_eq!(all[0].name, SnapshotName::for_major("1_a", 15));
    assert_eq!(all[0].accept().unwrap(), Accepted::Written);
    assert_eq!(files(&snaps), ["1_a.snap", "1_a@pg15.snap"]);
    assert_eq!(
        compared_name(&snaps, "1_a", 15),
        SnapshotName::for_major("1_a", 15)
    );
}

#[test]
fn a_pending_copy_of_the_shared_snapshot_is_not_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let h = history(tmp.path());
    let r = &h.revisions[0];
    let snaps = tmp.path().join("snapshots");
    check(&snaps, r, 17, "table a", UpdateMode::Always).unwrap();
    let specific = SnapshotName::for_major("1_a", 15);
    std::fs::copy(snaps.join("1_a.snap"), specific.pending_path(&snaps)).unwrap();
    let all = pending_in(&snaps);
    assert_eq!(
        all[0].accept().unwrap(),
        Accepted::SameAsShared(snaps.join("1_a.snap"))
    );
    assert_eq!(files(&snaps), ["1_a.snap"]);
}

#[test]
fn revisions_are_selected_as_allow_irreversible_names_them() {
    let tmp = tempfile::tempdir().unwrap();
    let h = history(tmp.path());
    let snaps = tmp.path().join("snapshots");
    std::fs::create_dir_all(&snaps).unwrap();
    for name in ["1_a", "1_a@pg17", "2_gone"] {
        std::fs::write(snaps.join(format!("{name}.snap.new")), "---\n---\nx\n").unwrap();
    }
    let names = |wanted: &[&str]| -> Result<Vec<String>, SnapshotError> {
        let wanted: Vec<String> = wanted.iter().map(|w| w.to_string()).collect();
        Ok(select(&snaps, &wanted, &h.revisions)?
            .iter()
            .map(|p| p.name.to_string())
            .collect())
    };
    assert_eq!(names(&[]).unwrap(), ["1_a", "1_a@pg17", "2_gone"]);
    for rev in ["1", "1_a"] {
        assert_eq!(names(&[rev]).unwrap(), ["1_a", "1_a@pg17"]);
    }
    assert_eq!(names(&["1_a@pg17"]).unwrap(), ["1_a@pg17"]);
    // Not in the history: only its id names it.
    assert_eq!(names(&["2_gone"]).unwrap(), ["2_gone"]);
    assert_eq!(names(&["1", "1_a"]).unwrap(), ["1_a", "1_a@pg17"]);
    let err = names(&["2"]).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("no pending snapshot for revision 2 in "),
        "{err}"
    );
}

//! Databases and tablespaces a migration creates live outside the walk's
//! database: what a downgrade leaves behind is a warning, a failure with
//! `--strict-globals` (and with `--strict-roles`, which keeps meaning what
//! it did for roles); an in-place tablespace lives inside the run's own
//! directory and goes with it; two concurrent local runs that create the
//! same role and database names do not see each other.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::bin::{PgRoundtrip, text};
use common::history::HistoryFiles;
use pg_roundtrip::walk::{RevisionStatus, WalkOptions, walk};
use std::path::{Path, PathBuf};

/// Revision 1 creates a database and a tablespace; its downgrade renames
/// them instead of dropping them, so the second upgrade works and only
/// what was left behind is wrong.
fn leaky_history(dir: &Path) {
    HistoryFiles::new()
        .rev(
            "1_globals",
            "-- no-transaction\nCREATE DATABASE reports;\nCREATE TABLESPACE fast LOCATION '';\n",
            "-- no-transaction\nALTER DATABASE reports RENAME TO reports_old;\nALTER TABLESPACE fast RENAME TO fast_old;\n",
        )
        .rev("2_t", "CREATE TABLE t (id int);\n", "DROP TABLE t;\n")
        .write(dir);
}

fn kinds(findings: &[pg_roundtrip::walk::Finding]) -> Vec<(String, String)> {
    findings
        .iter()
        .map(|f| {
            let name = match &f.problem {
                pg_roundtrip::walk::Problem::GlobalLeftBehind { name, .. } => name.clone(),
                other => format!("{other:?}"),
            };
            (f.kind().to_string(), name)
        })
        .collect()
}

/// Every tablespace directory under `dir` (`pg_tblspc/<oid>`).
fn tablespace_dirs(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let path = e.path();
            if path.is_dir() && !path.is_symlink() {
                if d.file_name().is_some_and(|n| n == "pg_tblspc") {
                    found.push(path.clone());
                }
                stack.push(path);
            }
        }
    }
    found
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn databases_and_tablespaces_left_behind_warn_and_fail_when_strict() {
    let dir = tempfile::tempdir().unwrap();
    leaky_history(dir.path());
    let history = common::load(dir.path());
    let expected = vec![
        (
            "database-left-behind".to_string(),
            "reports_old".to_string(),
        ),
        ("tablespace-left-behind".to_string(), "fast_old".to_string()),
    ];
    for (strict_globals, strict_roles) in [(false, false), (true, false), (false, true)] {
        let cluster = common::cluster().await;
        let options = WalkOptions {
            strict_globals,
            strict_roles,
            ..WalkOptions::default()
        };
        let report = walk(&history, cluster.server(), &options).await.unwrap();
        let first = &report.revisions[0];
        if strict_globals || strict_roles {
            assert_eq!(first.status, RevisionStatus::Failed);
            assert_eq!(kinds(&first.findings), expected);
        } else {
            assert_eq!(first.status, RevisionStatus::Passed, "{:?}", first.findings);
            assert_eq!(kinds(&first.warnings), expected);
        }
        // The second revision is not blamed for what the first left.
        assert!(report.revisions[1].findings.is_empty() && report.revisions[1].warnings.is_empty());
        // The in-place tablespaces are inside the run's own directory…
        let run_dir = cluster.dir().to_path_buf();
        assert_eq!(
            tablespace_dirs(&run_dir).len(),
            2,
            "fast_old, and fast again"
        );
        cluster.stop().await.unwrap();
        // …and went with it.
        assert!(!run_dir.exists());
    }
}

/// The same through the binary: the warnings' wording, and
/// `--strict-globals` making them exit 1.
#[test]
fn the_binary_reports_globals_left_behind() {
    let tmp = tempfile::tempdir().unwrap();
    leaky_history(&tmp.path().join("m"));
    let o = PgRoundtrip::local(tmp.path())
        .args(["check", "m", "--no-snapshots"])
        .output();
    let t = text(&o);
    assert_eq!(o.status.code(), Some(0), "{t}");
    assert!(
        t.contains("database reports_old exists after the downgrade of 1_globals but did not before its upgrade"),
        "{t}"
    );
    assert!(
        t.contains("tablespace fast_old exists after the downgrade"),
        "{t}"
    );
    assert!(t.contains("--strict-globals makes it a failure"), "{t}");
    let o = PgRoundtrip::local(tmp.path())
        .args(["check", "m", "--no-snapshots", "--strict-globals"])
        .output();
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    std::fs::write(
        tmp.path().join("pg-roundtrip.toml"),
        "strict-globals = true\n",
    )
    .unwrap();
    let o = PgRoundtrip::local(tmp.path())
        .args(["check", "m", "--no-snapshots", "--format", "json"])
        .output();
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let json = String::from_utf8_lossy(&o.stdout);
    assert!(json.contains("\"database-left-behind\""), "{json}");
    assert!(json.contains("\"tablespace-left-behind\""), "{json}");
}

/// Two runs at once, each creating the role `app_owner` and the database
/// `app_db` (and dropping them in the downgrade): each has a server of its
/// own, so neither sees the other's, and both pass.
#[test]
fn two_concurrent_local_runs_creating_the_same_globals_are_isolated() {
    let tmp = tempfile::tempdir().unwrap();
    HistoryFiles::new()
        .rev(
            "1_owner",
            "-- no-transaction\nCREATE ROLE app_owner;\nCREATE DATABASE app_db OWNER app_owner;\nSELECT pg_sleep(1);\n",
            "-- no-transaction\nDROP DATABASE app_db;\nDROP ROLE app_owner;\n",
        )
        .write(&tmp.path().join("m"));
    let children: Vec<_> = (0..2)
        .map(|_| {
            PgRoundtrip::local(tmp.path())
                .args(["check", "m", "--no-snapshots", "--strict-globals"])
                .into_command()
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let o = child.wait_with_output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    }
}

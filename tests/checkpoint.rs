//! After a failed revision the walk restores its latest checkpoint (a copy
//! of the scratch database kept aside) and replays only the upgrades after
//! it, not every upgrade from an empty database.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::history::HistoryFiles;
use pg_roundtrip::walk::{RevisionStatus, WalkOptions, walk};
use sqlx::AssertSqlSafe;

/// Revision 1 behaves differently when run again on the same cluster: the
/// first time it only creates a role, every later time it creates a table.
/// A rebuild that replays it from an empty database therefore finds a
/// different schema (not deterministic); one that starts from a
/// checkpoint after it never runs it again.
fn history_that_replay_from_scratch_would_break(role: &str) -> HistoryFiles {
    let once = format!(
        "-- pg-roundtrip: irreversible\nDO $$ BEGIN\n  IF EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN\n    \
         CREATE TABLE replayed (id int);\n  ELSE\n    CREATE ROLE {role};\n  END IF;\nEND $$;\n"
    );
    let mut files = HistoryFiles::new().up_only("1_once", &once);
    // Upgrades slow enough that a checkpoint is due after a few of them.
    for i in 2..=5 {
        files = files.rev(
            &format!("{i}_t{i}"),
            &format!("SELECT pg_sleep(0.03);\nCREATE TABLE t{i} (id int);\n"),
            &format!("DROP TABLE t{i};\n"),
        );
    }
    files
        // Its downgrade forgets the index: the walk must rebuild.
        .rev(
            "6_broken",
            "CREATE TABLE t6 (id int);\nCREATE INDEX t2_ix ON t2 (id);\n",
            "DROP TABLE t6;\n",
        )
        .rev("7_after", "CREATE TABLE t7 (id int);\n", "DROP TABLE t7;\n")
}

#[tokio::test]
async fn a_failed_revision_is_rebuilt_from_the_checkpoint_not_from_scratch() {
    let role = format!("rt_ckpt_{}", std::process::id());
    let dir = tempfile::tempdir().unwrap();
    history_that_replay_from_scratch_would_break(&role).write(dir.path());
    let history = common::load(dir.path());
    let cluster = common::cluster().await;
    let options = WalkOptions {
        allow_irreversible: vec!["1_once".into()],
        ..WalkOptions::default()
    };
    let report = walk(&history, cluster.server(), &options).await;
    let report = report.unwrap_or_else(|e| panic!("{e}"));
    let statuses: Vec<(&str, &RevisionStatus)> = report
        .revisions
        .iter()
        .map(|r| (r.id.as_str(), &r.status))
        .collect();
    assert_eq!(
        statuses,
        [
            ("1_once", &RevisionStatus::Irreversible { allowed: true }),
            ("2_t2", &RevisionStatus::Passed),
            ("3_t3", &RevisionStatus::Passed),
            ("4_t4", &RevisionStatus::Passed),
            ("5_t5", &RevisionStatus::Passed),
            ("6_broken", &RevisionStatus::Failed),
            // Replayed from scratch, revision 1 would have created a table
            // and 7 would not have run (not deterministic).
            ("7_after", &RevisionStatus::Passed),
        ]
    );
    // Nothing left behind: neither the scratch database nor a checkpoint.
    assert_eq!(
        cluster.server().live_scratch_databases(),
        Vec::<String>::new()
    );
    let db = cluster
        .server()
        .create_database("ckpt_check")
        .await
        .unwrap();
    let mut conn = db.connect().await.unwrap();
    let left: Vec<String> = sqlx::query_scalar(
        "SELECT datname::text FROM pg_database WHERE datname LIKE 'pg\\_roundtrip\\_%' \
         AND datname <> current_database()",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    assert_eq!(left, Vec::<String>::new());
    sqlx::raw_sql(AssertSqlSafe(format!("DROP ROLE {role}")))
        .execute(&mut conn)
        .await
        .unwrap();
    drop(conn);
    cluster.server().drop_database(&db).await.unwrap();
    cluster.stop().await.unwrap();
}

/// A restored checkpoint is older than what the last inspection saw: an
/// object the failed downgrade changed (a function renamed under a view)
/// is back as it was, with a row version older than that inspection. The
/// rebuild must read it afresh, not reuse what was read before.
#[tokio::test]
async fn a_restored_checkpoint_is_inspected_afresh() {
    let dir = tempfile::tempdir().unwrap();
    HistoryFiles::new()
        .rev(
            "1_view",
            "SELECT pg_sleep(0.05);\nCREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';\n\
             CREATE VIEW v AS SELECT f() AS one;\n",
            "DROP VIEW v;\nDROP FUNCTION f();\n",
        )
        .rev(
            "2_broken",
            "CREATE TABLE t2 (id int);\n",
            "ALTER FUNCTION f() RENAME TO h;\nDROP TABLE t2;\n",
        )
        .rev("3_after", "CREATE TABLE t3 (id int);\n", "DROP TABLE t3;\n")
        .write(dir.path());
    let history = common::load(dir.path());
    let cluster = common::cluster().await;
    let report = walk(&history, cluster.server(), &WalkOptions::default())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let statuses: Vec<&RevisionStatus> = report.revisions.iter().map(|r| &r.status).collect();
    assert_eq!(
        statuses,
        [
            &RevisionStatus::Passed,
            &RevisionStatus::Failed,
            &RevisionStatus::Passed
        ]
    );
    cluster.stop().await.unwrap();
}

/// A subscription lives in a shared catalog, so a template copy of the
/// database has none: the walk never takes a checkpoint of a database with
/// one. A rebuild after the broken revision then replays from an empty
/// database, which makes the subscription again, and no revision is
/// reported as not deterministic or changed.
#[tokio::test]
async fn a_database_with_a_subscription_is_never_copied_as_a_checkpoint() {
    let mut files = HistoryFiles::new().rev(
        "1_subscribe",
        "CREATE SUBSCRIPTION feed CONNECTION 'host=upstream dbname=app' \
         PUBLICATION app_pub WITH (connect = false);\n",
        "ALTER SUBSCRIPTION feed SET (slot_name = NONE);\nDROP SUBSCRIPTION feed;\n",
    );
    // Upgrades slow enough that a checkpoint would be due after a few.
    for i in 2..=5 {
        files = files.rev(
            &format!("{i}_t{i}"),
            &format!("SELECT pg_sleep(0.03);\nCREATE TABLE t{i} (id int);\n"),
            &format!("DROP TABLE t{i};\n"),
        );
    }
    let dir = tempfile::tempdir().unwrap();
    files
        .rev(
            "6_broken",
            "CREATE TABLE t6 (id int);\nCREATE INDEX t2_ix ON t2 (id);\n",
            "DROP TABLE t6;\n",
        )
        .rev("7_after", "CREATE TABLE t7 (id int);\n", "DROP TABLE t7;\n")
        .write(dir.path());
    let history = common::load(dir.path());
    let cluster = common::cluster().await;
    let report = walk(&history, cluster.server(), &WalkOptions::default()).await;
    let report = report.unwrap_or_else(|e| panic!("{e}"));
    let statuses: Vec<(&str, &RevisionStatus)> = report
        .revisions
        .iter()
        .map(|r| (r.id.as_str(), &r.status))
        .collect();
    assert_eq!(
        statuses,
        [
            ("1_subscribe", &RevisionStatus::Passed),
            ("2_t2", &RevisionStatus::Passed),
            ("3_t3", &RevisionStatus::Passed),
            ("4_t4", &RevisionStatus::Passed),
            ("5_t5", &RevisionStatus::Passed),
            ("6_broken", &RevisionStatus::Failed),
            ("7_after", &RevisionStatus::Passed),
        ]
    );
    let warnings: Vec<String> = report
        .revisions
        .iter()
        .flat_map(|r| &r.warnings)
        .map(|w| format!("{w:?}"))
        .collect();
    assert!(warnings.is_empty(), "{warnings:#?}");
    assert_eq!(
        cluster.server().live_scratch_databases(),
        Vec::<String>::new()
    );
    cluster.stop().await.unwrap();
}

//! Every history in tests/fixtures/flat-* walked on a real PostgreSQL:
//! the broken ones must report exactly the first finding in the table
//! below, the good ones nothing at all.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use pg_roundtrip::report::wording;
use pg_roundtrip::walk::{FindingKind, RevisionStatus};

/// Walks a fixture and checks the first finding against `expect`
/// (`kind revision object-or-file:line:column`, empty for "must pass").
async fn expect(name: &str, expect: &str) {
    let dir = common::fixture(name);
    let report = common::walk_dir(&dir).await;
    let first = report.findings().next();
    let Some(line) = expect.lines().find(|l| !l.trim().is_empty()) else {
        assert!(
            report.passed(),
            "{name} must pass, got {:#?}",
            report.findings().collect::<Vec<_>>()
        );
        return;
    };
    let mut parts = line.splitn(3, ' ');
    let (kind, revision, object) = (
        parts.next().unwrap(),
        parts.next().unwrap(),
        parts.next().unwrap(),
    );
    let f = first.unwrap_or_else(|| panic!("{name}: expected {line}, but the walk passed"));
    assert_eq!(f.kind().as_str(), kind, "{name}: {f:#?}");
    assert_eq!(f.revision(), revision, "{name}");
    if f.kind() == FindingKind::StepError || f.kind() == FindingKind::ReupgradeError {
        let file = f
            .file()
            .unwrap()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let at = format!(
            "{file}:{}:{}",
            f.line().unwrap_or(0),
            f.column().unwrap_or(0)
        );
        assert_eq!(at, object, "{name}: {f:#?}");
    } else {
        let paths: Vec<&str> = f.changes().iter().map(|c| c.object.path.as_str()).collect();
        assert!(
            paths.contains(&object),
            "{name}: expected a change on {object}, got {paths:?}\n{f:#?}"
        );
        // The finding blames the downgrade (or upgrade) file and says what differs.
        assert!(f.file().is_some());
        assert!(!wording::details(f).is_empty());
        assert_ne!(f.expected(), f.actual());
    }
    let failed = report.revisions.iter().find(|r| r.id == revision).unwrap();
    assert_eq!(failed.status, RevisionStatus::Failed);
}

macro_rules! fixtures {
    ($($test:ident => $dir:literal: $expect:literal,)*) => {
        $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $test() { expect($dir, $expect).await; })*
    };
}

fixtures! {
    index_left_behind => "flat-broken-index-left-behind": "downgrade-mismatch 0002_add_due_on index public.ix_tasks_user_id",
    column_left_behind => "flat-broken-column-left-behind": "downgrade-mismatch 0002_add_scheduling column public.tasks.estimate_minutes",
    not_null_not_restored => "flat-broken-not-null-not-restored": "downgrade-mismatch 0002_require_task_title column public.tasks.title",
    default_changed => "flat-broken-default-changed": "downgrade-mismatch 0002_default_priority_low column public.tasks.priority",
    enum_left_behind => "flat-broken-enum-left-behind": "downgrade-mismatch 0002_add_task_status type public.task_status",
    column_order_changed => "flat-broken-column-order-changed": "downgrade-mismatch 0002_priority_to_text table public.tasks",
    function_body_changed => "flat-broken-function-body-changed": "downgrade-mismatch 0002_touch_with_clock_timestamp function public.touch_updated_at()",
    type_left_behind => "flat-broken-reupgrade-fails-type-left-behind": "downgrade-mismatch 0002_add_task_summary type public.task_summary",
    reupgrade_error_only => "flat-broken-reupgrade-error-only": "reupgrade-error 0002_seed_default_labels 0002_seed_default_labels.up.sql:4:1",
    sql_error => "flat-broken-sql-error": "step-error 0001_create_tasks 0001_create_tasks.up.sql:8:5",
    tricky_but_correct => "flat-ok-tricky": "",
    bom_crlf => "flat-bom-crlf": "",
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn example_history_round_trips() {
    let report = common::walk_dir(&common::repo_path("migrations")).await;
    assert!(
        report.passed(),
        "{:#?}",
        report.findings().collect::<Vec<_>>()
    );
    assert_eq!(report.revisions.len(), 12);
    assert!(
        report
            .revisions
            .iter()
            .all(|r| r.status == RevisionStatus::Passed)
    );
    // With its fixtures: 0010 declares that it rounds created_at, so the
    // rounded rows are its one warning; 0012 declares that it drops the
    // notes 0011's fixture wrote.
    let warnings: Vec<String> = report
        .warnings()
        .map(|w| format!("{} {}", w.kind(), w.revision()))
        .collect();
    assert_eq!(
        warnings,
        [
            "data-changed 0010_round_task_created_at",
            "data-destroyed 0012_drop_task_notes"
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_revision_does_not_hide_later_ones() {
    // Two broken revisions: the walk rebuilds after the first and still
    // reports the second.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(
        dir.join("1_a.up.sql"),
        "CREATE TABLE a (id int);\nCREATE INDEX a_id ON a (id);\n",
    )
    .unwrap();
    std::fs::write(dir.join("1_a.down.sql"), "DROP TABLE a;\n").unwrap();
    std::fs::write(dir.join("2_b.up.sql"), "CREATE TABLE b (id int);\n").unwrap();
    std::fs::write(dir.join("2_b.down.sql"), "SELECT 1;\n").unwrap();
    std::fs::write(dir.join("3_c.up.sql"), "CREATE TABLE c (id int);\n").unwrap();
    std::fs::write(
        dir.join("3_c.down.sql"),
        "ALTER TABLE c ADD COLUMN x int;\n",
    )
    .unwrap();
    let report = common::walk_dir(dir).await;
    let statuses: Vec<_> = report.revisions.iter().map(|r| r.status.clone()).collect();
    assert_eq!(
        statuses,
        [
            RevisionStatus::Passed,
            RevisionStatus::Failed,
            RevisionStatus::Failed
        ]
    );
    let kinds: Vec<_> = report
        .findings()
        .map(|f| (f.revision(), f.kind()))
        .collect();
    assert_eq!(
        kinds,
        [
            // The second upgrade still runs after each downgrade
            // mismatch, on the state the downgrade left.
            ("2_b", FindingKind::DowngradeMismatch),
            ("2_b", FindingKind::ReupgradeError),
            ("3_c", FindingKind::DowngradeMismatch),
            ("3_c", FindingKind::ReupgradeError)
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_upgrade_stops_the_walk() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(
        dir.join("1_a.up.sql"),
        "CREATE TABLE a (id int);\nSELECT 1/0;\n",
    )
    .unwrap();
    std::fs::write(dir.join("1_a.down.sql"), "DROP TABLE a;\n").unwrap();
    std::fs::write(dir.join("2_b.up.sql"), "CREATE TABLE b (id int);\n").unwrap();
    std::fs::write(dir.join("2_b.down.sql"), "DROP TABLE b;\n").unwrap();
    let report = common::walk_dir(dir).await;
    let f = report.findings().next().unwrap();
    assert_eq!(f.kind(), FindingKind::StepError);
    assert_eq!((f.line(), f.column()), (Some(2), Some(1)), "{f:#?}");
    let message = wording::message(f);
    assert!(message.contains("division by zero"), "{message}");
    assert!(matches!(
        report.revisions[1].status,
        RevisionStatus::NotRun { .. }
    ));
    assert!(!report.passed());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_down_fails_its_revision_unless_declared_or_allowed() {
    // 2 drops `a` with no down file and says nothing: a finding on the up
    // file, and the walk goes on to 3. 3 is declared irreversible in its
    // file: upgraded only, and fine.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join("1_a.up.sql"), "CREATE TABLE a (id int);\n").unwrap();
    std::fs::write(dir.join("1_a.down.sql"), "DROP TABLE a;\n").unwrap();
    std::fs::write(dir.join("2_drop_a.up.sql"), "DROP TABLE a;\n").unwrap();
    std::fs::write(
        dir.join("3_b.up.sql"),
        "-- pg-roundtrip: irreversible\nCREATE TABLE b (id int);\n",
    )
    .unwrap();
    let history = common::load(dir);
    let cluster = common::cluster().await;
    let mut options = pg_roundtrip::walk::WalkOptions::default();
    let report = pg_roundtrip::walk::walk(&history, cluster.server(), &options)
        .await
        .unwrap();
    assert_eq!(
        report.revisions[1].status,
        RevisionStatus::Irreversible { allowed: false }
    );
    let finding = report.findings().next().unwrap();
    assert_eq!(finding.kind(), FindingKind::Irreversible);
    assert_eq!(finding.file(), Some(dir.join("2_drop_a.up.sql").as_path()));
    assert_eq!(
        report.revisions[2].status,
        RevisionStatus::Irreversible { allowed: true },
        "declared in its file"
    );
    assert!(report.revisions[2].findings.is_empty());
    assert!(!report.passed());
    options.allow_irreversible = vec!["2".into()];
    let report = pg_roundtrip::walk::walk(&history, cluster.server(), &options)
        .await
        .unwrap();
    assert_eq!(
        report.revisions[1].status,
        RevisionStatus::Irreversible { allowed: true }
    );
    assert!(report.passed());
    cluster.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_step_gets_a_fresh_session() {
    // The up leaves `search_path = app` in its session. The down relies on
    // it (unqualified DROP TABLE t). On a shared connection that would pass
    // and hide a downgrade that fails wherever it runs on its own, as it
    // does in production; on a fresh connection it fails.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(
        dir.join("1_app.up.sql"),
        "CREATE SCHEMA app;\nSET search_path = app;\nCREATE TABLE t (id int);\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("1_app.down.sql"),
        "DROP TABLE t;\nDROP SCHEMA app;\n",
    )
    .unwrap();
    let report = common::walk_dir(dir).await;
    let f = report.findings().next().expect("the downgrade must fail");
    assert_eq!(f.kind(), FindingKind::StepError);
    let message = wording::message(f);
    assert!(
        message.contains("the downgrade of 1_app failed"),
        "{message}"
    );
    assert!(message.contains("does not exist"), "{message}");
    assert_eq!((f.line(), f.column()), (Some(1), Some(1)), "{f:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn snapshots_are_a_pass_after_the_walk() {
    use pg_roundtrip::snapshot::{self, SnapshotStatus, UpdateMode};
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("m");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("1_a.up.sql"), "CREATE TABLE a (id int);\n").unwrap();
    std::fs::write(dir.join("1_a.down.sql"), "SELECT 1;\n").unwrap();
    std::fs::write(dir.join("2_b.up.sql"), "CREATE TABLE b (id int);\n").unwrap();
    std::fs::write(dir.join("2_b.down.sql"), "DROP TABLE b;\n").unwrap();
    std::fs::write(dir.join("3_c.up.sql"), "SELECT 1/0;\n").unwrap();
    std::fs::write(dir.join("3_c.down.sql"), "SELECT 1;\n").unwrap();
    let snaps = tmp.path().join("snapshots");
    let history = common::load(&dir);
    let mut report = common::walk_dir(&dir).await;
    // The walk wrote nothing and returned the schema of every revision
    // whose first upgrade went through.
    assert!(!snaps.exists());
    let schemas: Vec<bool> = report
        .revisions
        .iter()
        .map(|r| r.schema.is_some())
        .collect();
    assert_eq!(schemas, [true, true, false]);

    snapshot::check_walk_with(&mut report, &history, &snaps, UpdateMode::New).unwrap();
    let kinds: Vec<Vec<FindingKind>> = report
        .revisions
        .iter()
        .map(|r| r.findings.iter().map(|f| f.kind()).collect())
        .collect();
    assert_eq!(
        kinds,
        [
            vec![
                FindingKind::SnapshotMismatch,
                FindingKind::DowngradeMismatch,
                FindingKind::ReupgradeError
            ],
            vec![FindingKind::SnapshotMismatch],
            vec![FindingKind::StepError],
        ]
    );
    assert_eq!(report.revisions[1].status, RevisionStatus::Failed);
    assert_eq!(report.revisions[2].snapshot, None);
    assert!(
        wording::message(&report.revisions[1].findings[0]).contains("2_b has no snapshot yet"),
        "{:?}",
        report.revisions[1].findings[0]
    );

    for p in snapshot::pending(&snaps).unwrap() {
        p.accept().unwrap();
    }
    let mut report = common::walk_dir(&dir).await;
    snapshot::check_walk_with(&mut report, &history, &snaps, UpdateMode::New).unwrap();
    assert_eq!(report.revisions[1].snapshot, Some(SnapshotStatus::Matched));
    assert_eq!(report.revisions[1].status, RevisionStatus::Passed);
}

/// Each revision walked alone (the ones before it fast-forwarded) has the
/// outcome it has in the whole walk: the same status, findings and schema.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_selected_revision_walks_as_in_the_whole_walk() {
    use pg_roundtrip::walk::{Selection, WalkOptions, walk, walk_selected};
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    common::history::HistoryFiles::new()
        .rev("1_a", "CREATE TABLE a (id int);\n", "DROP TABLE a;\n")
        .rev("2_b", "CREATE TABLE b (id int);\n", "SELECT 1;\n")
        .rev(
            "3_c",
            "CREATE INDEX a_id ON a (id);\n",
            "DROP INDEX a_id;\n",
        )
        .rev(
            "4_d",
            "ALTER TABLE a ADD COLUMN x int;\n",
            "ALTER TABLE a DROP COLUMN x;\nCREATE INDEX left_behind ON b (id);\n",
        )
        .write(dir);
    let history = common::load(dir);
    let cluster = common::cluster().await;
    let options = WalkOptions::default();
    let whole = walk(&history, cluster.server(), &options).await.unwrap();
    let summary = |r: &pg_roundtrip::walk::RevisionOutcome| {
        (
            r.id.clone(),
            r.status.clone(),
            r.findings
                .iter()
                .map(common::findings::summarize)
                .collect::<Vec<_>>(),
            r.schema.clone(),
        )
    };
    for (i, expected) in whole.revisions.iter().enumerate() {
        let alone = walk_selected(&history, cluster.server(), &options, &Selection::only([i]))
            .await
            .unwrap();
        assert_eq!(alone.revisions.len(), 1, "{i}");
        assert_eq!(summary(&alone.revisions[0]), summary(expected), "{i}");
    }
    // Two of four: the one between them is only upgraded.
    let some = walk_selected(
        &history,
        cluster.server(),
        &options,
        &Selection::only([1, 3]),
    )
    .await
    .unwrap();
    let got: Vec<_> = some.revisions.iter().map(summary).collect();
    let want: Vec<_> = [&whole.revisions[1], &whole.revisions[3]]
        .into_iter()
        .map(summary)
        .collect();
    assert_eq!(got, want);
    // Selecting everything is the whole walk.
    let all = walk_selected(
        &history,
        cluster.server(),
        &options,
        &Selection::range(0..4),
    )
    .await
    .unwrap();
    let got: Vec<_> = all.revisions.iter().map(summary).collect();
    let want: Vec<_> = whole.revisions.iter().map(summary).collect();
    assert_eq!(got, want);
    cluster.stop().await.unwrap();
}

/// A revision before the selected one whose upgrade fails: the selected
/// one is not run, and the reason names where fast-forwarding stopped.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_fast_forward_does_not_run_the_selected_revision() {
    use pg_roundtrip::walk::{NotRunReason, Selection, WalkOptions, walk_selected};
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    common::history::HistoryFiles::new()
        .rev("1_a", "SELECT 1/0;\n", "SELECT 1;\n")
        .rev("2_b", "CREATE TABLE b (id int);\n", "DROP TABLE b;\n")
        .rev("3_c", "CREATE TABLE c (id int);\n", "DROP TABLE c;\n")
        .write(dir);
    let history = common::load(dir);
    let cluster = common::cluster().await;
    let report = walk_selected(
        &history,
        cluster.server(),
        &WalkOptions::default(),
        &Selection::only([1]),
    )
    .await
    .unwrap();
    cluster.stop().await.unwrap();
    assert_eq!(report.revisions.len(), 1);
    let RevisionStatus::NotRun { reason } = &report.revisions[0].status else {
        panic!("{:#?}", report.revisions[0]);
    };
    let NotRunReason::FastForwardFailed { failed_at, message } = reason else {
        panic!("{reason:#?}");
    };
    assert_eq!(failed_at, "1_a");
    assert!(message.contains("division by zero"), "{message}");
    assert!(
        wording::not_run(reason).contains("failed at 1_a: division by zero"),
        "{}",
        wording::not_run(reason)
    );
    assert!(!report.passed());
}

// Files that hold their own transaction control (issue 16): a wrapped file
// and a `-- no-transaction` file with two transactions round-trip; a
// failure after a committed block is reported at its own line.
fixtures! {
    own_transactions_round_trip => "flat-ok-own-transactions": "",
    own_transactions_error_line => "flat-broken-own-transactions-error-line": "step-error 0001_create_tasks 0001_create_tasks.up.sql:6:1",
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_history_that_is_not_deterministic_is_reported_once_and_walked_to_the_end() {
    // 1 freezes the moment it runs into a view (Lemmy's 2020-02-08
    // migration does this), so its second upgrade differs from its first
    // and so does every replay. 2 has a broken downgrade, so the walk
    // rebuilds after it too. Every revision must still be walked, and the
    // non-determinism said once, as a warning with the object.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(
        dir.join("1_recent.up.sql"),
        "CREATE TABLE t (id int, at timestamp);\n\
         CREATE VIEW recent AS SELECT id FROM t WHERE at > ('now'::timestamp - '1 month'::interval);\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("1_recent.down.sql"),
        "DROP VIEW recent; DROP TABLE t;\n",
    )
    .unwrap();
    std::fs::write(dir.join("2_a.up.sql"), "CREATE TABLE a (id int);\n").unwrap();
    std::fs::write(dir.join("2_a.down.sql"), "SELECT 1;\n").unwrap();
    std::fs::write(dir.join("3_b.up.sql"), "CREATE TABLE b (id int);\n").unwrap();
    std::fs::write(dir.join("3_b.down.sql"), "DROP TABLE b;\n").unwrap();
    let history = common::load(dir);
    let cluster = common::cluster().await;
    let report = pg_roundtrip::walk::walk(&history, cluster.server(), &Default::default())
        .await
        .unwrap();
    let statuses: Vec<&RevisionStatus> = report.revisions.iter().map(|r| &r.status).collect();
    assert_eq!(
        statuses,
        [
            &RevisionStatus::Failed,
            &RevisionStatus::Failed,
            &RevisionStatus::Passed
        ],
        "walked to the end"
    );
    let kinds: Vec<FindingKind> = report.revisions[0]
        .findings
        .iter()
        .map(|f| f.kind())
        .collect();
    assert_eq!(kinds, [FindingKind::ReupgradeMismatch]);
    let details = pg_roundtrip::report::wording::details(&report.revisions[0].findings[0]);
    assert!(
        details
            .iter()
            .any(|d| d.contains("the only difference is a timestamp literal")),
        "{details:#?}"
    );
    let warned: Vec<(String, FindingKind)> = report
        .revisions
        .iter()
        .flat_map(|r| r.warnings.iter())
        .map(|w| (w.revision().to_string(), w.kind()))
        .collect();
    assert_eq!(
        warned,
        [("1_recent".to_string(), FindingKind::NotDeterministic)],
        "said once, though the walk rebuilt twice"
    );
    assert!(
        report.revisions[0].warnings[0]
            .changes()
            .iter()
            .any(|c| c.object.path.contains("recent")),
        "names the view"
    );
    cluster.stop().await.unwrap();
}

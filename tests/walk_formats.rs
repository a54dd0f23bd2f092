//! The fixture of every layout walked on a real PostgreSQL, with its
//! layout detected: `<layout>-ok` must pass, and
//! `<layout>-broken-index-left-behind` must fail as a downgrade mismatch
//! that names the down script (for dbmate and goose, whose down is a
//! section of the file, the section's first line too).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::time::Instant;

use pg_roundtrip::source::Layout;
use pg_roundtrip::walk::{FindingKind, RevisionStatus, WalkOptions, WalkReport, walk};

/// Walks a fixture (layout detected) on the file's shared cluster and
/// prints the wall time.
async fn walk_fixture(name: &str, layout: Layout) -> WalkReport {
    let history = common::load(&common::fixture(name));
    assert_eq!(
        history.format, layout,
        "{name} must be detected as {layout}"
    );
    let cluster = common::shared().await;
    let started = Instant::now();
    let report = walk(&history, cluster.server(), &WalkOptions::default())
        .await
        .unwrap_or_else(|e| panic!("walk failed to run: {e}"));
    eprintln!(
        "{name}: {} revisions walked in {} ms",
        report.revisions.len(),
        started.elapsed().as_millis()
    );
    report
}

async fn passes(name: &str, layout: Layout) {
    let report = walk_fixture(name, layout).await;
    assert!(
        report.passed(),
        "{name} must pass, got {:#?}",
        report.findings().collect::<Vec<_>>()
    );
    assert_eq!(report.revisions.len(), 3, "{name}");
    assert!(
        report
            .revisions
            .iter()
            .all(|r| r.status == RevisionStatus::Passed),
        "{name}"
    );
}

/// The broken twin fails at `revision` as a downgrade mismatch on the index
/// it leaves behind, blaming `down_file` (relative to the fixture); when
/// `down_line` is given, the history's down step starts there and the
/// finding, if it gives a line, gives that one.
async fn fails(
    name: &str,
    layout: Layout,
    revision: &str,
    down_file: &str,
    down_line: Option<usize>,
) {
    let dir = common::fixture(name);
    let report = walk_fixture(name, layout).await;
    let first = report
        .findings()
        .next()
        .unwrap_or_else(|| panic!("{name} must fail, but the walk passed"));
    let summary = common::findings::summarize(first);
    assert_eq!(summary.kind, "downgrade-mismatch", "{name}: {summary}");
    assert_eq!(summary.revision, revision, "{name}");
    assert!(
        summary
            .paths
            .contains(&"index public.ix_tasks_user_id".to_string()),
        "{name}: {summary}"
    );
    assert_eq!(first.kind(), FindingKind::DowngradeMismatch);
    assert_eq!(
        first.file(),
        Some(dir.join(down_file).as_path()),
        "{name} must blame the down script"
    );
    let outcome = report.revisions.iter().find(|r| r.id == revision).unwrap();
    assert_eq!(outcome.status, RevisionStatus::Failed);
    if let Some(line) = down_line {
        let history = common::load(&dir);
        let down = history
            .revisions
            .iter()
            .find(|r| r.id() == revision)
            .and_then(|r| r.down.as_ref())
            .unwrap();
        assert_eq!(down.script.path, dir.join(down_file));
        assert_eq!(
            down.script.first_line(),
            line,
            "{name}: the down section's line"
        );
        assert_eq!(
            first.line(),
            Some(line),
            "{name}: the finding points at the down section"
        );
    }
    assert!(Path::new(&dir.join(down_file)).is_file());
}

macro_rules! walks {
    ($($test:ident => $body:expr;)*) => {
        $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $test() { $body.await; })*
    };
}

walks! {
    diesel_ok => passes("diesel-ok", Layout::Diesel);
    dbmate_ok => passes("dbmate-ok", Layout::Dbmate);
    goose_ok => passes("goose-ok", Layout::Goose);
    flyway_ok => passes("flyway-ok", Layout::Flyway);
    sqitch_ok => passes("sqitch-ok", Layout::Sqitch);
    diesel_index_left_behind => fails(
        "diesel-broken-index-left-behind",
        Layout::Diesel,
        "2024-01-03-090000_add_due_on",
        "2024-01-03-090000_add_due_on/down.sql",
        None,
    );
    dbmate_index_left_behind => fails(
        "dbmate-broken-index-left-behind",
        Layout::Dbmate,
        "20240103090000_add_due_on",
        "20240103090000_add_due_on.sql",
        Some(6),
    );
    goose_index_left_behind => fails(
        "goose-broken-index-left-behind",
        Layout::Goose,
        "00002_add_due_on",
        "00002_add_due_on.sql",
        Some(6),
    );
    flyway_index_left_behind => fails(
        "flyway-broken-index-left-behind",
        Layout::Flyway,
        "V1_1__add_due_on",
        "U1_1__add_due_on.sql",
        None,
    );
    sqitch_index_left_behind => fails(
        "sqitch-broken-index-left-behind",
        Layout::Sqitch,
        "tasks_due_on",
        "revert/tasks_due_on.sql",
        None,
    );
}

/// sqitch's verify script runs after each upgrade, as `sqitch deploy
/// --verify` runs it: the round trip of `tasks_due_on` is clean, but its
/// verify script checks a column the deploy does not create.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_sqitch_verify_script_is_a_finding_at_its_line() {
    let dir = common::fixture("sqitch-broken-verify");
    let report = walk_fixture("sqitch-broken-verify", Layout::Sqitch).await;
    let found: Vec<(
        String,
        FindingKind,
        Option<std::path::PathBuf>,
        Option<usize>,
    )> = report
        .findings()
        .map(|f| {
            (
                f.revision().to_string(),
                f.kind(),
                f.file().map(Path::to_path_buf),
                f.line(),
            )
        })
        .collect();
    let verify = dir.join("verify/tasks_due_on.sql");
    assert_eq!(
        found,
        [
            (
                "tasks_due_on".to_string(),
                FindingKind::VerifyError,
                Some(verify.clone()),
                Some(5)
            ),
            (
                "tasks_due_on".to_string(),
                FindingKind::VerifyError,
                Some(verify),
                Some(5)
            ),
        ],
        "after the upgrade and after the second upgrade"
    );
    assert_eq!(report.revisions[0].status, RevisionStatus::Passed);
    assert_eq!(report.revisions[1].status, RevisionStatus::Failed);
}

/// A server error in a section lands on its line of the file, in a
/// transaction (dbmate) and statement by statement (goose's NO TRANSACTION).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_error_in_a_down_section_points_at_its_line_of_the_file() {
    for (name, text) in [
        (
            "1_a.sql",
            "-- migrate:up\nCREATE TABLE a (id int);\n\n-- migrate:down\nDROP TABLE a;\nSELEC 1;\n",
        ),
        (
            "2_b.sql",
            "-- +goose NO TRANSACTION\n-- +goose Up\nCREATE TABLE b (id int);\n\n-- +goose Down\nDROP TABLE b;\n  SELEC 1;\n",
        ),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join(name), text).unwrap();
        let history = common::load(tmp.path());
        let cluster = common::shared().await;
        let report = walk(&history, cluster.server(), &WalkOptions::default())
            .await
            .unwrap();
        let first = report
            .findings()
            .next()
            .unwrap_or_else(|| panic!("{name} must fail"));
        assert_eq!(first.kind(), FindingKind::StepError, "{first:#?}");
        let at = (
            first.file().map(Path::to_path_buf),
            first.line(),
            first.column(),
        );
        let want = if name == "1_a.sql" { (6, 1) } else { (7, 3) };
        assert_eq!(
            at,
            (Some(tmp.path().join(name)), Some(want.0), Some(want.1)),
            "{name}"
        );
    }
}

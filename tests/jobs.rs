//! One history over several workers (`walk_jobs`) reports what a serial
//! walk reports, revision for revision, with broken revisions in several
//! slices and a failed first upgrade that ends the walk.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

#[path = "../benches/support/generate.rs"]
mod generate;

use pg_roundtrip::walk::{WalkOptions, WalkReport, walk, walk_jobs};
use std::path::Path;

/// Everything a report says of each revision but its timings.
fn verdicts(report: &WalkReport) -> Vec<String> {
    report
        .revisions
        .iter()
        .map(|r| {
            format!(
                "{} {:?} {:?} {:?} {:?}",
                r.id,
                r.status,
                r.findings,
                r.warnings,
                r.schema.as_ref().map(ToString::to_string)
            )
        })
        .collect()
}

async fn same_as_serial(dir: &Path, jobs: usize) -> WalkReport {
    let history = common::load(dir);
    let cluster = common::cluster().await;
    let options = WalkOptions::default();
    let serial = walk(&history, cluster.server(), &options).await.unwrap();
    let parallel = walk_jobs(&history, cluster.server(), &options, jobs)
        .await
        .unwrap();
    assert_eq!(verdicts(&parallel), verdicts(&serial));
    assert_eq!(
        cluster.server().live_scratch_databases(),
        Vec::<String>::new()
    );
    cluster.stop().await.unwrap();
    parallel
}

fn write(dir: &Path, i: usize, up: Option<String>, down: Option<String>) {
    let (gen_up, gen_down) = generate::revision(i);
    let stem = format!("{i:04}_rev{i}");
    std::fs::write(dir.join(format!("{stem}.up.sql")), up.unwrap_or(gen_up)).unwrap();
    std::fs::write(
        dir.join(format!("{stem}.down.sql")),
        down.unwrap_or(gen_down),
    )
    .unwrap();
}

#[tokio::test]
async fn broken_revisions_in_several_slices_are_reported_as_a_serial_walk_reports_them() {
    let dir = tempfile::tempdir().unwrap();
    generate::write_history(dir.path(), 24).unwrap();
    // Slices of three jobs: revisions 1–8, 9–16, 17–24.
    // 5: the downgrade forgets the enum.
    write(dir.path(), 5, None, Some("DROP TABLE t5;\n".into()));
    // 13: the upgrade also indexes t12, the downgrade forgets it.
    let (up13, _) = generate::revision(13);
    write(
        dir.path(),
        13,
        Some(format!(
            "{up13}CREATE INDEX t12_amount_ix ON t12 (amount);\n"
        )),
        None,
    );
    // 20: the downgrade fails.
    write(
        dir.path(),
        20,
        None,
        Some("DROP TABLE no_such_table;\n".into()),
    );
    let report = same_as_serial(dir.path(), 3).await;
    assert_eq!(report.failed_revisions(), 3);
}

#[tokio::test]
async fn a_failed_first_upgrade_ends_the_walk_in_every_later_slice() {
    let dir = tempfile::tempdir().unwrap();
    generate::write_history(dir.path(), 12).unwrap();
    write(
        dir.path(),
        3,
        Some("CREATE TABLE t3 (id int REFERENCES nowhere);\n".into()),
        None,
    );
    let report = same_as_serial(dir.path(), 3).await;
    assert_eq!(report.failed_revisions(), 1);
    assert!(!report.passed());
}

//! One history over several workers (`walk_jobs`) reports what a serial
//! walk reports, revision for revision, with broken revisions in several
//! slices and a failed first upgrade that ends the walk; so does
//! `check --jobs N` through the binary, report for report and exit code
//! for exit code.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

#[path = "../benches/support/generate.rs"]
mod generate;

use common::bin::{PgRoundtrip, text};
use pg_roundtrip::walk::{
    Progress, ProgressEvent, Selection, WalkOptions, WalkReport, walk, walk_jobs,
    walk_jobs_selected, walk_selected,
};
use std::path::Path;
use std::sync::{Arc, Mutex};

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

/// Options whose progress callback writes down every event.
fn telling() -> (Arc<Mutex<Vec<String>>>, WalkOptions) {
    let told = Arc::new(Mutex::new(Vec::new()));
    let seen = told.clone();
    let options = WalkOptions {
        progress: Some(Progress(Arc::new(move |e: &ProgressEvent<'_>| {
            seen.lock().unwrap().push(format!(
                "{}/{} {} {:?}",
                e.done, e.total, e.outcome.id, e.outcome.status
            ));
        }))),
        ..WalkOptions::default()
    };
    (told, options)
}

async fn same_as_serial(dir: &Path, jobs: usize) -> WalkReport {
    let history = common::load(dir);
    let cluster = common::cluster().await;
    // Progress is told as the serial walk tells it: once per walked
    // revision, in order.
    let (serial_told, with_progress) = telling();
    let serial = walk(&history, cluster.server(), &with_progress)
        .await
        .unwrap();
    let (told, with_progress) = telling();
    let parallel = walk_jobs(&history, cluster.server(), &with_progress, jobs)
        .await
        .unwrap();
    assert_eq!(verdicts(&parallel), verdicts(&serial));
    assert_eq!(*told.lock().unwrap(), *serial_told.lock().unwrap());
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

/// 24 generated revisions, broken at 5 (a downgrade mismatch), 13 (an
/// index the downgrade forgets) and 20 (a downgrade that fails): one in
/// each slice of three jobs (1–10, 11–18, 19–24: cut by weight, a later
/// revision weighing more).
fn broken_history(dir: &Path) {
    generate::write_history(dir, 24).unwrap();
    // 5: the downgrade forgets the enum.
    write(dir, 5, None, Some("DROP TABLE t5;\n".into()));
    // 13: the upgrade also indexes t12, the downgrade forgets it.
    let (up13, _) = generate::revision(13);
    write(
        dir,
        13,
        Some(format!(
            "{up13}CREATE INDEX t12_amount_ix ON t12 (amount);\n"
        )),
        None,
    );
    // 20: the downgrade fails.
    write(dir, 20, None, Some("DROP TABLE no_such_table;\n".into()));
}

#[tokio::test]
async fn broken_revisions_in_several_slices_are_reported_as_a_serial_walk_reports_them() {
    let dir = tempfile::tempdir().unwrap();
    broken_history(dir.path());
    let report = same_as_serial(dir.path(), 3).await;
    assert_eq!(report.failed_revisions(), 3);
}

#[tokio::test]
async fn a_selection_cut_into_slices_is_reported_as_its_serial_walk_reports_it() {
    let dir = tempfile::tempdir().unwrap();
    broken_history(dir.path());
    let history = common::load(dir.path());
    let cluster = common::cluster().await;
    let options = WalkOptions::default();
    // `--since 0004`-like: revisions 4–24 walked, 1–3 fast-forwarded.
    let selection = Selection::range(3..24);
    let serial = walk_selected(&history, cluster.server(), &options, &selection)
        .await
        .unwrap();
    let parallel = walk_jobs_selected(&history, cluster.server(), &options, &selection, 2)
        .await
        .unwrap();
    assert_eq!(verdicts(&parallel), verdicts(&serial));
    assert_eq!(parallel.revisions.len(), 21);
    assert_eq!(parallel.failed_revisions(), 3);
    cluster.stop().await.unwrap();
}

/// The JSON report without what differs from run to run: its timings
/// (keys ending in `_ms`) and the server's description (its run directory).
fn without_timings(mut value: serde_json::Value) -> serde_json::Value {
    fn strip(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(map) => {
                map.retain(|k, _| !k.ends_with("_ms") && k != "server");
                map.values_mut().for_each(strip);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    strip(&mut value);
    value
}

#[test]
fn check_with_three_jobs_gives_the_report_and_exit_code_of_one_job() {
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("m");
    std::fs::create_dir(&history).unwrap();
    broken_history(&history);
    let run = |jobs: &str| {
        let o = PgRoundtrip::local(dir.path())
            .args([
                "check",
                "m",
                "--no-snapshots",
                "--format",
                "json",
                "--jobs",
                jobs,
            ])
            .output();
        let report: serde_json::Value = serde_json::from_slice(&o.stdout)
            .unwrap_or_else(|e| panic!("--jobs {jobs}: {e}\n{}", text(&o)));
        (o.status.code(), without_timings(report), text(&o))
    };
    let (serial_code, serial, serial_text) = run("1");
    let (parallel_code, parallel, parallel_text) = run("3");
    assert_eq!(serial_code, Some(1), "{serial_text}");
    assert_eq!(parallel_code, serial_code, "{parallel_text}");
    pretty_assertions::assert_eq!(parallel, serial);
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

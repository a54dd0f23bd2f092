//! The command driver: a history listed by `--list-cmd` and applied by
//! `--up-cmd` / `--down-cmd`, here a tiny shell-script tool that runs the
//! SQL files of its fixture with psql, on a real PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use pg_roundtrip::driver::{CommandTemplates, load_command};
use pg_roundtrip::source::{Layout, Runner};
use pg_roundtrip::walk::{FindingKind, Problem, RevisionStatus, WalkOptions, walk};

fn templates() -> CommandTemplates {
    CommandTemplates {
        list: "./tool list".into(),
        up: "./tool up {rev} {url}".into(),
        down: "./tool down {rev} \"$DATABASE_URL\"".into(),
    }
}

#[test]
fn the_list_command_gives_the_revisions_in_order() {
    let dir = common::fixture("command-tasks");
    let history = load_command(&dir, &templates()).unwrap();
    assert_eq!(history.format, Layout::Command);
    let ids: Vec<String> = history.revisions.iter().map(|r| r.id()).collect();
    assert_eq!(
        ids,
        [
            "001_create_tasks",
            "002_add_due_on",
            "003_index_tasks_by_user"
        ]
    );
    assert_eq!(history.revisions[1].parents, ["001_create_tasks"]);
    let up = &history.revisions[0].up;
    assert_eq!(up.script.path, dir.join("migrations/001_create_tasks"));
    assert_eq!(
        up.runner,
        Runner::Command {
            template: "./tool up {rev} {url}".into(),
            revision: "001_create_tasks".into()
        }
    );
}

#[test]
fn a_failing_list_command_is_a_clear_error() {
    let dir = common::fixture("command-tasks");
    let err = load_command(
        &dir,
        &CommandTemplates {
            list: "echo broken >&2; exit 4".into(),
            ..templates()
        },
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("--list-cmd `echo broken >&2; exit 4` failed"),
        "{err}"
    );
    assert!(err.contains("broken"), "{err}");
    let err = load_command(
        &dir,
        &CommandTemplates {
            list: "printf 'a\\nb\\na\\n'".into(),
            ..templates()
        },
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("printed `a` twice (line 3)"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_fixture_round_trips_through_its_tool() {
    let history = load_command(&common::fixture("command-tasks"), &templates()).unwrap();
    let cluster = common::shared().await;
    let report = walk(&history, cluster.server(), &WalkOptions::default())
        .await
        .unwrap();
    assert!(
        report.passed(),
        "{:#?}",
        report.findings().collect::<Vec<_>>()
    );
    assert_eq!(report.revisions.len(), 3);
    assert!(
        report
            .revisions
            .iter()
            .all(|r| r.status == RevisionStatus::Passed)
    );
    let last = report.revisions[2].schema.as_ref().unwrap().to_string();
    assert!(last.contains("ix_tasks_user_id"), "{last}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_step_is_a_step_error_with_its_stderr() {
    let dir = common::fixture("command-tasks-broken");
    let history = load_command(&dir, &templates()).unwrap();
    let cluster = common::shared().await;
    let report = walk(&history, cluster.server(), &WalkOptions::default())
        .await
        .unwrap();
    let finding = report.findings().next().expect("the broken twin must fail");
    assert_eq!(finding.revision, "003_index_tasks_by_user");
    assert_eq!(finding.kind(), FindingKind::StepError);
    let Problem::StepError { step, .. } = &finding.problem else {
        unreachable!()
    };
    assert_eq!(step.file, dir.join("migrations/003_index_tasks_by_user"));
    assert!(
        step.error
            .message
            .contains("ix_tasks_by_nobody\" does not exist"),
        "psql's stderr: {}",
        step.error.message
    );
}

#[test]
fn the_cli_takes_the_three_commands() {
    let dir = common::fixture("command-tasks");
    let out = common::bin::PgRoundtrip::local(&dir)
        .args(["check", "--no-snapshots"])
        .arg(&dir)
        .args(["--list-cmd", "./tool list"])
        .args(["--up-cmd", "./tool up {rev} {url}"])
        .args(["--down-cmd", "./tool down {rev} {url}"])
        .output();
    let text = common::bin::text(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("003_index_tasks_by_user"), "{text}");
    let out = common::bin::PgRoundtrip::local(&dir)
        .args(["check", "--no-snapshots"])
        .arg(&dir)
        .args(["--list-cmd", "./tool list"])
        .output();
    assert_eq!(out.status.code(), Some(2), "{}", common::bin::text(&out));
}

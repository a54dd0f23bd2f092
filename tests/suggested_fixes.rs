//! Suggested fixes through the binary. `check --write-fixes`: the
//! suggested fix is appended to the down file as a marked block, and the
//! history then round-trips; nothing is written without the flag, to a
//! file that changed since the walk read it, or to an Alembic revision
//! file without `--write-fixes-alembic`. A second upgrade that fails on
//! what the downgrade left behind names the object in every report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
#[path = "alembic/venv.rs"]
mod venv;

use common::bin::{PgRoundtrip, text};
use common::history::HistoryFiles;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

fn check(dir: &Path, extra: &[&str]) -> std::process::Output {
    PgRoundtrip::local(dir)
        .args(["check", "m", "--no-snapshots"])
        .args(extra)
        .output()
}

fn broken(tmp: &Path) -> std::path::PathBuf {
    let m = tmp.join("m");
    common::copy_dir(&common::fixture("flat-broken-index-left-behind"), &m);
    m.join("0002_add_due_on.down.sql")
}

#[test]
fn the_fix_is_appended_as_a_marked_block_and_the_history_then_round_trips() {
    let tmp = tempfile::tempdir().unwrap();
    let down = broken(tmp.path());
    let before = std::fs::read_to_string(&down).unwrap();

    let o = check(tmp.path(), &[]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let t = text(&o);
    assert!(t.contains("suggested fix: add to the down file"), "{t}");
    assert!(t.contains("  DROP INDEX public.ix_tasks_user_id;"), "{t}");
    assert_eq!(
        std::fs::read_to_string(&down).unwrap(),
        before,
        "no flag, no write"
    );

    let o = check(tmp.path(), &["--write-fixes"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains("appended the suggested fix (1 statements)"),
        "{}",
        text(&o)
    );
    let after = std::fs::read_to_string(&down).unwrap();
    let block = after.strip_prefix(&before).expect(&after);
    assert!(
        block.starts_with("\n-- pg-roundtrip: suggested fix (0002_add_due_on, PostgreSQL 1")
            && block.ends_with(
                "); review before you commit\nDROP INDEX public.ix_tasks_user_id;\n\
                 -- pg-roundtrip: end of suggested fix\n"
            ),
        "{after}"
    );

    let o = check(tmp.path(), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}

#[test]
fn a_down_file_that_changed_since_the_walk_read_it_is_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let down = broken(tmp.path());
    // The downgrade itself rewrites its file (the server writes it), so
    // that it differs from what the walk read by the time fixes are
    // written.
    let sql = format!(
        "COPY (SELECT '-- rewritten while the walk ran') TO '{}';\nALTER TABLE tasks DROP COLUMN due_on;\n",
        down.display()
    );
    std::fs::write(&down, &sql).unwrap();
    for dir in [tmp.path(), &tmp.path().join("m")] {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o777)).unwrap();
    }
    std::fs::set_permissions(&down, std::fs::Permissions::from_mode(0o666)).unwrap();

    let o = check(tmp.path(), &["--write-fixes"]);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(1), "{t}");
    assert!(t.contains("it changed since the walk read it"), "{t}");
    let now = std::fs::read_to_string(&down).unwrap();
    assert_eq!(now, "-- rewritten while the walk ran\n", "{t}");
}

#[test]
fn a_down_section_that_does_not_end_its_file_is_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    HistoryFiles::new()
        .file(
            "20240101000000_a.sql",
            "-- migrate:down\nSELECT 1;\n\n-- migrate:up\nCREATE TABLE a (id int);\nCREATE INDEX ix_a ON a (id);\n",
        )
        .write(&tmp.path().join("m"));
    // dbmate reads `-- migrate:up` first; this file keeps the down above
    // it, and the broken down (`SELECT 1`) leaves the table behind.
    let o = check(tmp.path(), &["--write-fixes", "--layout", "dbmate"]);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(1), "{t}");
    assert!(t.contains("its down section does not end the file"), "{t}");
}

#[test]
fn alembic_revision_files_need_the_second_flag_and_get_op_calls_in_downgrade() {
    let python = venv::python();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("m");
    copy_tree(&common::fixture("alembic-tasks-broken"), &dir);
    let file = dir.join("migrations/versions/b8c9d0e1f2a3_index_open_tasks_concurrently.py");
    let before = std::fs::read_to_string(&file).unwrap();
    let run = |extra: &[&str]| {
        PgRoundtrip::local(&dir)
            .args(["check", ".", "--no-snapshots", "--python"])
            .arg(&python)
            .args(extra)
            .output()
    };

    let o = run(&["--write-fixes"]);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(1), "{t}");
    assert!(
        t.contains("suggested fix: add to downgrade() in the revision file"),
        "{t}"
    );
    assert!(
        t.contains(
            "  op.drop_index(\"ix_tasks_assignee_id\", table_name=\"tasks\", schema=\"public\")"
        ),
        "{t}"
    );
    assert!(t.contains("add --write-fixes-alembic"), "{t}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), before);

    let o = run(&["--write-fixes", "--write-fixes-alembic"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let after = std::fs::read_to_string(&file).unwrap();
    assert!(
        after.contains(
            "    # pg-roundtrip: end of suggested fix\n"
        ) && after.contains("\n    op.drop_index(\"ix_tasks_assignee_id\", table_name=\"tasks\", schema=\"public\")\n"),
        "{after}"
    );

    let o = run(&[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}

/// Copies a directory tree.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[test]
fn a_reupgrade_error_on_a_leftover_names_it_with_the_same_suggestion() {
    let tmp = tempfile::tempdir().unwrap();
    let m = tmp.path().join("m");
    common::copy_dir(
        &common::fixture("flat-broken-reupgrade-fails-type-left-behind"),
        &m,
    );
    let o = check(
        tmp.path(),
        &["--report", "json=r.json", "--report", "human"],
    );
    let t = text(&o);
    assert_eq!(o.status.code(), Some(1), "{t}");
    assert!(
        t.contains("left behind by the downgrade: type public.task_summary"),
        "{t}"
    );
    let report = pg_roundtrip::report::json::parse(
        &std::fs::read_to_string(tmp.path().join("r.json")).unwrap(),
    )
    .unwrap();
    let findings: Vec<_> = report.runs[0].revisions[1].findings.iter().collect();
    let kinds: Vec<String> = findings.iter().map(|f| f.kind.to_string()).collect();
    assert_eq!(kinds, ["downgrade-mismatch", "reupgrade-error"]);
    let down = findings[0].suggestion.as_ref().expect("a suggestion");
    let reup = findings[1].suggestion.as_ref().expect("a suggestion");
    assert_eq!(down.text, "DROP TYPE public.task_summary;");
    assert_eq!(down.leftover, None);
    assert_eq!(reup.text, down.text);
    assert_eq!(reup.leftover.as_deref(), Some("type public.task_summary"));

    let o = PgRoundtrip::local(tmp.path())
        .args(["check", "m", "--no-snapshots", "--format", "github"])
        .output();
    let t = text(&o);
    assert!(
        t.contains("%0Aleft behind by the downgrade: type public.task_summary")
            && t.contains(
                "%0Asuggested fix: add to the down file%0A  DROP TYPE public.task_summary;"
            ),
        "{t}"
    );
}

//! Alembic histories, read and run through the real alembic, SQLAlchemy,
//! SQLModel, asyncpg and psycopg (pinned in tests/alembic/requirements.txt,
//! in a virtualenv made on first use) on a real PostgreSQL.
//!
//! The fixture is a task tracker written the way Alembic users write it,
//! twice: `alembic-tasks-async` (an async asyncpg env.py on SQLModel
//! metadata) and `alembic-tasks-sync` (a sync psycopg env.py on plain
//! SQLAlchemy); `alembic-tasks-broken` is the sync one with a downgrade
//! that leaves an index behind.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
#[path = "alembic/venv.rs"]
mod venv;

use std::path::{Path, PathBuf};
use std::time::Instant;

use pg_roundtrip::driver::AlembicOptions;
use pg_roundtrip::source::{self, History, Layout, Runner};
use pg_roundtrip::walk::{FindingKind, Problem, RevisionStatus, WalkOptions, WalkReport, walk};

/// The fixture's revisions in the order alembic applies them (the two
/// branches of the merge in alembic's topological order).
const ORDER: [&str; 9] = [
    "a1b2c3d4e5f6",
    "b2c3d4e5f6a7",
    "c3d4e5f6a7b8",
    "e5f6a7b8c9d0",
    "d4e5f6a7b8c9",
    "f6a7b8c9d0e1",
    "a7b8c9d0e1f2",
    "b8c9d0e1f2a3",
    "c9d0e1f2a3b4",
];

fn options() -> AlembicOptions {
    AlembicOptions {
        python: Some(venv::python().to_string_lossy().into_owned()),
        ..AlembicOptions::default()
    }
}

fn load(dir: &Path) -> History {
    source::load_with_options(dir, None, &options()).unwrap_or_else(|e| panic!("{e}"))
}

async fn walk_with(history: &History, alembic: AlembicOptions) -> WalkReport {
    let cluster = common::shared().await;
    let started = Instant::now();
    let options = WalkOptions {
        alembic,
        ..WalkOptions::default()
    };
    let report = walk(history, cluster.server(), &options)
        .await
        .unwrap_or_else(|e| panic!("walk failed to run: {e}"));
    eprintln!(
        "{}: {} revisions walked in {} ms",
        history.dir.display(),
        report.revisions.len(),
        started.elapsed().as_millis()
    );
    report
}

fn assert_passed(report: &WalkReport) {
    assert!(
        report.passed(),
        "must pass, got {:#?}",
        report
            .findings()
            .map(common::findings::summarize)
            .collect::<Vec<_>>()
    );
    let ids: Vec<&str> = report.revisions.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ORDER);
    for r in &report.revisions {
        assert_eq!(r.status, RevisionStatus::Passed, "{}", r.id);
    }
}

/// The line of `text` (1-based) that starts with `prefix`.
fn line_of(file: &Path, prefix: &str) -> usize {
    std::fs::read_to_string(file)
        .unwrap()
        .lines()
        .position(|l| l.trim_start().starts_with(prefix))
        .unwrap_or_else(|| panic!("no `{prefix}` in {}", file.display()))
        + 1
}

fn revision_file(dir: &Path, id: &str) -> PathBuf {
    let versions = dir.join("migrations/versions");
    std::fs::read_dir(&versions)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(id))
        })
        .unwrap_or_else(|| panic!("no file for {id} in {}", versions.display()))
}

#[test]
fn the_graph_comes_from_alembic_in_topological_order() {
    for name in ["alembic-tasks-async", "alembic-tasks-sync"] {
        let dir = common::fixture(name);
        assert_eq!(source::detect(&dir).unwrap(), Layout::Alembic, "{name}");
        let history = load(&dir);
        assert_eq!(history.format, Layout::Alembic);
        let ids: Vec<String> = history.revisions.iter().map(|r| r.id()).collect();
        assert_eq!(ids, ORDER, "{name}");
        assert!(history.warnings.is_empty(), "{:?}", history.warnings);
        let merge = &history.revisions[5];
        assert_eq!(merge.parents, ["d4e5f6a7b8c9", "e5f6a7b8c9d0"]);
        assert!(
            merge.down.is_some(),
            "an empty merge revision undoes nothing"
        );
        assert!(history.revisions[0].parents.is_empty());
        for r in &history.revisions {
            let file = revision_file(&dir, &r.id());
            assert_eq!(r.up.script.path, std::path::absolute(&file).unwrap());
            assert_eq!(r.up.script.first_line(), line_of(&file, "def upgrade"));
            let down = r.down.as_ref().unwrap();
            assert_eq!(down.script.first_line(), line_of(&file, "def downgrade"));
            assert_eq!(
                down.runner,
                Runner::Alembic {
                    revision: r.id(),
                    upgrade: false,
                    down_revisions: r.parents.clone(),
                }
            );
            assert!(r.is_named(&file.file_stem().unwrap().to_string_lossy()));
        }
    }
}

#[test]
fn the_script_directory_alone_is_detected_too() {
    let dir = common::fixture("alembic-tasks-sync").join("migrations");
    assert_eq!(source::detect(&dir).unwrap(), Layout::Alembic);
    let ids: Vec<String> = load(&dir).revisions.iter().map(|r| r.id()).collect();
    assert_eq!(ids, ORDER);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_async_asyncpg_fixture_round_trips() {
    let history = load(&common::fixture("alembic-tasks-async"));
    assert_passed(&walk_with(&history, options()).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sync_psycopg_fixture_round_trips_to_the_same_schemas() {
    let sync = walk_with(&load(&common::fixture("alembic-tasks-sync")), options()).await;
    assert_passed(&sync);
    let asyncpg = walk_with(&load(&common::fixture("alembic-tasks-async")), options()).await;
    for (a, b) in sync.revisions.iter().zip(&asyncpg.revisions) {
        let (a, b) = (a.schema.as_ref().unwrap(), b.schema.as_ref().unwrap());
        assert_eq!(
            a.to_string(),
            b.to_string(),
            "both env.py shapes build one schema"
        );
    }
    let last = sync
        .revisions
        .last()
        .unwrap()
        .schema
        .as_ref()
        .unwrap()
        .to_string();
    assert!(last.contains("ix_tasks_open_by_due_on"), "{last}");
    assert!(last.contains("completed"), "{last}");
    assert!(
        !last.contains("alembic_version"),
        "alembic's bookkeeping table is never part of the schema:\n{last}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_url_reaches_env_py_as_an_x_argument_or_in_the_config() {
    let history = load(&common::fixture("alembic-tasks-sync"));
    for via in [
        pg_roundtrip::driver::UrlVia::XArg,
        pg_roundtrip::driver::UrlVia::Ini,
    ] {
        let report = walk_with(
            &history,
            AlembicOptions {
                url_via: via,
                scheme: Some("postgresql+psycopg".into()),
                ..options()
            },
        )
        .await;
        assert_passed(&report);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_alembic_process_per_step_gives_the_same_verdict() {
    let history = load(&common::fixture("alembic-tasks-sync"));
    let report = walk_with(
        &history,
        AlembicOptions {
            process_per_step: true,
            ..options()
        },
    )
    .await;
    assert_passed(&report);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_broken_twin_names_the_downgrade_file_and_line() {
    let dir = common::fixture("alembic-tasks-broken");
    let report = walk_with(&load(&dir), options()).await;
    let first = report.findings().next().expect("the broken twin must fail");
    let summary = common::findings::summarize(first);
    assert_eq!(first.kind(), FindingKind::DowngradeMismatch, "{summary}");
    assert_eq!(summary.revision, "b8c9d0e1f2a3");
    assert!(
        summary
            .paths
            .contains(&"index public.ix_tasks_assignee_id".to_string()),
        "{summary}"
    );
    let file = revision_file(&dir, "b8c9d0e1f2a3");
    let Problem::DowngradeMismatch(mismatch) = &first.problem else {
        panic!("{summary}");
    };
    assert_eq!(mismatch.blame, std::path::absolute(&file).unwrap());
    assert_eq!(mismatch.blame_line, Some(line_of(&file, "def downgrade")));
}

/// A copy of the sync fixture in a temporary directory, with `extra`
/// revision files (name, text) added to its versions.
fn project_with(extra: &[(&str, String)]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&common::fixture("alembic-tasks-sync"), tmp.path());
    for (name, text) in extra {
        std::fs::write(tmp.path().join("migrations/versions").join(name), text).unwrap();
    }
    tmp
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let name = entry.file_name();
        if name == "__pycache__" || name == "snapshots" {
            continue;
        }
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &to.join(&name));
        } else {
            std::fs::copy(entry.path(), to.join(&name)).unwrap();
        }
    }
}

/// A revision file: `body_up` and `body_down` are the functions' bodies.
fn revision(id: &str, down: &str, body_up: &str, body_down: &str) -> String {
    format!(
        "\"\"\"{id}\n\nRevision ID: {id}\nRevises: {down}\n\"\"\"\n\
         from alembic import op\nimport sqlalchemy as sa\n\n\
         revision = '{id}'\ndown_revision = '{down}'\nbranch_labels = None\ndepends_on = None\n\n\n\
         def upgrade() -> None:\n{body_up}\n\n\ndef downgrade() -> None:\n{body_down}\n"
    )
}

const LAST: &str = "c9d0e1f2a3b4";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_step_points_at_the_op_call_with_the_database_error() {
    let text = revision(
        "d0e1f2a3b4c5",
        LAST,
        "    op.add_column('tasks', sa.Column('estimate', sa.Integer(), nullable=True))\n    \
         op.create_index('ix_tasks_nope', 'tasks', ['no_such_column'])",
        "    op.drop_column('tasks', 'estimate')",
    );
    let tmp = project_with(&[("d0e1f2a3b4c5_estimate.py", text)]);
    let file = tmp
        .path()
        .join("migrations/versions/d0e1f2a3b4c5_estimate.py");
    let report = walk_with(&load(tmp.path()), options()).await;
    let finding = report
        .findings()
        .next()
        .expect("the new revision must fail");
    let Problem::StepError { step, .. } = &finding.problem else {
        panic!("{}", common::findings::summarize(finding));
    };
    assert_eq!(finding.revision, "d0e1f2a3b4c5");
    let location = step.location.as_ref().expect("a line from the traceback");
    assert_eq!(location.path, std::path::absolute(&file).unwrap());
    assert_eq!(location.line, line_of(&file, "op.create_index"));
    assert!(
        step.error.message.contains("no_such_column"),
        "the database's error: {:?}",
        step.error
    );
    // Everything before it passed.
    assert_eq!(report.revisions.len(), 10);
    assert!(
        report.revisions[..9]
            .iter()
            .all(|r| r.status == RevisionStatus::Passed)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pass_downgrade_runs_as_a_no_op_and_not_implemented_is_irreversible() {
    // `pass` after a schema change: a downgrade mismatch at `def
    // downgrade`. `pass` after a data-only upgrade: restores the schema,
    // passes. `raise NotImplementedError`: irreversible, at the raise.
    let forgot = revision(
        "d0e1f2a3b4c5",
        LAST,
        "    op.add_column('tasks', sa.Column('estimate', sa.Integer()))",
        "    pass",
    );
    let data_only = revision(
        "d1e2f3a4b5c6",
        "d0e1f2a3b4c5",
        "    op.execute(\"UPDATE tasks SET estimate = 1 WHERE estimate IS NULL\")",
        "    \"\"\"Nothing to undo in the schema.\"\"\"",
    );
    let declared = revision(
        "e1f2a3b4c5d6",
        "d1e2f3a4b5c6",
        "    op.drop_column('tasks', 'estimate')",
        "    \"\"\"The estimates are gone for good.\"\"\"\n    raise NotImplementedError(\"estimates cannot come back\")",
    );
    let tmp = project_with(&[
        ("d0e1f2a3b4c5_estimate.py", forgot),
        ("d1e2f3a4b5c6_fill_estimate.py", data_only),
        ("e1f2a3b4c5d6_drop_estimate.py", declared),
    ]);
    let versions = tmp.path().join("migrations/versions");
    let history = load(tmp.path());
    let last_three = &history.revisions[9..];
    assert!(last_three[0].down.is_some() && last_three[1].down.is_some());
    assert!(last_three[2].down.is_none());
    let forgot_file = std::path::absolute(versions.join("d0e1f2a3b4c5_estimate.py")).unwrap();
    let declared_file =
        std::path::absolute(versions.join("e1f2a3b4c5d6_drop_estimate.py")).unwrap();
    let missing = last_three[2].missing_down.as_ref().expect("a missing down");
    assert_eq!(missing.file, declared_file);
    assert_eq!(missing.what, "`downgrade()` raises NotImplementedError");
    let report = walk_with(&history, options()).await;
    let found: Vec<(String, FindingKind, Option<PathBuf>, Option<usize>)> = report
        .findings()
        .map(|f| {
            (
                f.revision.clone(),
                f.kind(),
                f.file().map(std::path::Path::to_path_buf),
                f.line(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "d0e1f2a3b4c5".to_string(),
                FindingKind::DowngradeMismatch,
                Some(forgot_file.clone()),
                Some(line_of(&forgot_file, "def downgrade"))
            ),
            // The second upgrade still runs after the mismatch, and fails
            // at its `op.add_column` on the column the downgrade left.
            (
                "d0e1f2a3b4c5".to_string(),
                FindingKind::ReupgradeError,
                Some(forgot_file.clone()),
                Some(line_of(&forgot_file, "op.add_column"))
            ),
            (
                "e1f2a3b4c5d6".to_string(),
                FindingKind::Irreversible,
                Some(declared_file.clone()),
                Some(line_of(&declared_file, "raise NotImplementedError"))
            ),
        ]
    );
}

#[test]
fn several_heads_are_refused_naming_them() {
    let sibling = revision(
        "d0e1f2a3b4c5",
        "b8c9d0e1f2a3",
        "    op.add_column('tasks', sa.Column('estimate', sa.Integer()))",
        "    op.drop_column('tasks', 'estimate')",
    );
    let tmp = project_with(&[("d0e1f2a3b4c5_estimate.py", sibling)]);
    let err = source::load_with_options(tmp.path(), None, &options()).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("2 heads"), "{text}");
    assert!(
        text.contains("c9d0e1f2a3b4") && text.contains("d0e1f2a3b4c5"),
        "{text}"
    );
    assert!(text.contains("alembic merge heads"), "{text}");
}

#[test]
fn an_env_py_that_cannot_import_is_named_with_its_line() {
    let tmp = project_with(&[]);
    let env = tmp.path().join("migrations/env.py");
    let text = std::fs::read_to_string(&env).unwrap();
    std::fs::write(
        &env,
        text.replace(
            "from tasks_app.db import Base",
            "from tasks_app.models import Base",
        ),
    )
    .unwrap();
    let err = source::load_with_options(tmp.path(), None, &options()).unwrap_err();
    let problem = &err.problems[0];
    assert_eq!(problem.path, std::path::absolute(&env).unwrap());
    assert_eq!(problem.line, Some(line_of(&env, "from tasks_app.models")));
    assert!(problem.message.contains("ModuleNotFoundError"), "{problem}");
}

#[test]
fn the_cli_passes_the_fixtures_against_their_snapshots() {
    let python = venv::python();
    for name in ["alembic-tasks-async", "alembic-tasks-sync"] {
        let dir = common::fixture(name);
        let out = common::bin::PgRoundtrip::local(&dir)
            .arg("check")
            .arg(&dir)
            .arg("--snapshots")
            .arg(dir.join("snapshots"))
            .arg("--python")
            .arg(&python)
            .output();
        let text = common::bin::text(&out);
        assert_eq!(out.status.code(), Some(0), "{name}:\n{text}");
        assert!(
            text.contains("9 revisions") || text.contains("9 passed"),
            "{name}:\n{text}"
        );
    }
}

#[test]
fn the_cli_exits_2_with_the_python_error_when_alembic_is_missing() {
    let dir = common::fixture("alembic-tasks-sync");
    // `-S`: the interpreter without its site-packages, so without alembic.
    let python = format!("{} -S", venv::python().display());
    let out = common::bin::PgRoundtrip::local(&dir)
        .args(["check", "--no-snapshots", "--python", &python])
        .arg(&dir)
        .output();
    let text = common::bin::text(&out);
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(text.contains("alembic cannot be imported"), "{text}");
    assert!(
        text.contains("ModuleNotFoundError: No module named 'alembic'"),
        "{text}"
    );
    assert!(text.contains("--python"), "{text}");
}

/// A project like Prefect's: its settings read the database URL once, when
/// its package is imported, and env.py picks the versions directory of that
/// URL's dialect at run time (`context.script.version_locations`, which
/// alembic honours with `revision_environment = true`). The revisions live
/// in `versions/postgresql/`, not where alembic.ini points.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn env_py_that_picks_its_versions_from_a_url_read_at_import_works() {
    let tmp = project_with(&[]);
    let root = tmp.path();
    let versions = root.join("migrations/versions");
    let by_dialect = versions.join("postgresql");
    std::fs::create_dir_all(&by_dialect).unwrap();
    for entry in std::fs::read_dir(&versions).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "py") {
            std::fs::rename(&path, by_dialect.join(path.file_name().unwrap())).unwrap();
        }
    }
    // The URL, read once at import, decides the dialect.
    std::fs::write(
        root.join("tasks_app/settings.py"),
        "import os\nURL = os.environ[\"DATABASE_URL\"]\nDIALECT = URL.split(\":\", 1)[0].split(\"+\", 1)[0]\n",
    )
    .unwrap();
    let env = root.join("migrations/env.py");
    let text = std::fs::read_to_string(&env).unwrap();
    let text = text.replace(
        "config = context.config\n",
        "from tasks_app import settings\n\nconfig = context.config\n\
         context.script.version_locations = [\n    \
         os.path.join(os.path.dirname(__file__), \"versions\", settings.DIALECT)\n]\n",
    );
    std::fs::write(&env, text).unwrap();
    let ini = root.join("alembic.ini");
    let text = std::fs::read_to_string(&ini).unwrap();
    std::fs::write(
        &ini,
        text.replacen("[alembic]\n", "[alembic]\nrevision_environment = true\n", 1),
    )
    .unwrap();
    let history = load(root);
    assert_eq!(
        history.revisions.len(),
        ORDER.len(),
        "listed from versions/postgresql"
    );
    let report = walk_with(&history, options()).await;
    assert_passed(&report);
}

#[test]
fn a_script_directory_without_revisions_is_an_error_not_an_empty_pass() {
    let tmp = project_with(&[]);
    let versions = tmp.path().join("migrations/versions");
    for entry in std::fs::read_dir(&versions).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "py") {
            std::fs::remove_file(path).unwrap();
        }
    }
    let err = source::load_with_options(tmp.path(), None, &options()).unwrap_err();
    let problem = &err.problems[0];
    assert!(
        problem
            .message
            .contains("alembic found no revision in the script directory"),
        "{problem}"
    );
    assert!(
        problem
            .help
            .as_deref()
            .is_some_and(|h| h.contains("version_locations")),
        "{problem}"
    );
}

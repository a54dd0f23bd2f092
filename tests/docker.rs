//! The `docker` backend against the real engine, with the images
//! `ci/build-postgres-image 15 17 18` builds. A test that needs Docker
//! fails with the reason when the engine or an image is missing, unless
//! `PG_ROUNDTRIP_SKIP_DOCKER=1` is set; then it prints a loud
//! "SKIPPED (PG_ROUNDTRIP_SKIP_DOCKER=1)" and returns.
//!
//! "Nothing left behind" is checked with `docker ps -a --filter
//! label=org.pg-roundtrip.pid=<pid of the run>`, so that containers of
//! other, concurrent runs (other tests, other people) never interfere.
#![cfg(feature = "docker")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::bin::{PgRoundtrip, text};
use common::docker::{containers_with, skip};
use common::history::{self, HistoryFiles};
use common::process::{signal, wait_exit};
use pg_roundtrip::db::{ContainerOptions, DockerServer, default_image, sweep_stale_containers};
use pg_roundtrip::walk::{WalkOptions, walk};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const PID_LABEL: &str = "org.pg-roundtrip.pid";

/// Runs to its end and checks that the run left no container.
fn run_leaving_nothing(run: PgRoundtrip) -> Output {
    let child = run
        .into_command()
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let out = child.wait_with_output().unwrap();
    let left = containers_with(&format!("{PID_LABEL}={pid}"));
    assert!(
        left.is_empty(),
        "the run left containers behind: {left:?}\n{}",
        text(&out)
    );
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_container_starts_serves_and_is_removed() {
    if skip("a_container_starts_serves_and_is_removed") {
        return;
    }
    let server = DockerServer::start(ContainerOptions::new(default_image(15), Some(15)))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(server.server().major(), 15);
    let id = server.id().to_string();
    assert!(common::docker::container_exists(&id));
    let db = server.server().create_database("t1").await.unwrap();
    let mut conn = db.connect().await.unwrap();
    let fsync: String = sqlx::query_scalar("SHOW fsync")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(fsync, "off");
    drop(conn);
    server.stop().await.unwrap();
    assert!(!common::docker::container_exists(&id), "{id} left behind");
}

#[test]
fn the_example_history_passes_on_15_17_and_18() {
    if skip("the_example_history_passes_on_15_17_and_18") {
        return;
    }
    let run = PgRoundtrip::new(&common::repo_path(".")).args([
        "check",
        "migrations",
        "--backend",
        "docker",
        "--pg",
        "15,17,18",
    ]);
    let o = run_leaving_nothing(run);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(0), "{t}");
    for v in ["PostgreSQL 15", "PostgreSQL 17", "PostgreSQL 18"] {
        assert!(t.contains(&format!("── {v} ──")), "{v} missing:\n{t}");
    }
    assert!(t.contains("backend docker"), "{t}");
}

/// A broken history fails on every version with the same finding, and a
/// good one beside it passes on every version (two histories × three
/// versions, three containers).
#[test]
fn a_broken_history_fails_the_same_way_on_every_version() {
    if skip("a_broken_history_fails_the_same_way_on_every_version") {
        return;
    }
    let run = PgRoundtrip::new(&common::repo_path(".")).args([
        "check",
        "tests/fixtures/flat-broken-index-left-behind",
        "tests/fixtures/flat-ok-tricky",
        "--no-snapshots",
        "--backend",
        "docker",
        "--pg",
        "15,17,18",
        "--jobs",
        "4",
        "--format",
        "json",
    ]);
    let o = run_leaving_nothing(run);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["versions"], serde_json::json!([15, 17, 18]));
    let runs = doc["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 6);
    let mut broken = Vec::new();
    for run in runs {
        let history = run["history"].as_str().unwrap();
        let major = run["pg_major"].as_u64().unwrap();
        assert!(
            run["server"]
                .as_str()
                .unwrap()
                .contains(&format!("postgres:{major}")),
            "{run}"
        );
        let findings: Vec<(String, String, String)> = run["revisions"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|r| r["findings"].as_array().unwrap().clone())
            .map(|f| {
                (
                    f["kind"].as_str().unwrap().to_string(),
                    f["revision"].as_str().unwrap().to_string(),
                    f["details"].to_string(),
                )
            })
            .collect();
        if history.ends_with("flat-ok-tricky") {
            assert!(findings.is_empty(), "{major}: {findings:?}");
        } else {
            broken.push((major, findings));
        }
    }
    assert_eq!(
        broken.iter().map(|(m, _)| *m).collect::<Vec<_>>(),
        vec![15, 17, 18]
    );
    let first = &broken[0].1;
    assert_eq!(first.len(), 1, "{first:?}");
    assert_eq!(first[0].0, "downgrade-mismatch");
    assert_eq!(first[0].1, "0002_add_due_on");
    assert!(first[0].2.contains("ix_tasks_user_id"), "{first:?}");
    for (major, findings) in &broken[1..] {
        assert_eq!(findings, first, "PostgreSQL {major} differs from 15");
    }
}

/// A panic inside a walk, in a task that holds the container: unwinding
/// drops it, and the container goes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panic_inside_the_walk_removes_the_container() {
    if skip("a_panic_inside_the_walk_removes_the_container") {
        return;
    }
    let (tx, rx) = tokio::sync::oneshot::channel();
    let task = tokio::spawn(async move {
        let server = DockerServer::start(ContainerOptions::new(default_image(18), Some(18)))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let _ = tx.send(server.id().to_string());
        let history = common::load(&common::fixture("flat-ok-tricky"));
        let options = WalkOptions::default();
        let walking = walk(&history, server.server(), &options);
        // Panic in the middle of the walk (after its first steps).
        tokio::select! {
            _ = walking => panic!("the walk ended before the test could panic in it"),
            _ = tokio::time::sleep(Duration::from_millis(300)) => panic!("boom inside the walk"),
        }
    });
    let id = rx.await.unwrap();
    let joined = task.await;
    assert!(joined.unwrap_err().is_panic());
    assert!(
        !common::docker::container_exists(&id),
        "container {id} outlived the panic"
    );
}

/// `pg-roundtrip check` on a history whose first upgrade sleeps, returned
/// once its container runs that step. The caller signals and reaps it.
#[expect(clippy::zombie_processes, reason = "the caller waits for the child")]
fn start_sleeping_check(tmp: &Path) -> (Child, String) {
    history::sleeping_upgrade().write(&tmp.join("m"));
    let mut child = PgRoundtrip::new(tmp)
        .args([
            "check",
            "m",
            "--no-snapshots",
            "--backend",
            "docker",
            "--pg",
            "17",
        ])
        .spawn_with_stderr();
    let label = format!("{PID_LABEL}={}", child.id());
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        if Instant::now() > deadline {
            signal(child.id(), libc::SIGINT);
            let _ = wait_exit(&mut child, Duration::from_secs(30));
            panic!("no container ran the step within 90 s");
        }
        if let Some(id) = containers_with(&label).first() {
            // The backend's process title ends with the running command.
            let top = Command::new("docker").args(["top", id]).output().unwrap();
            if String::from_utf8_lossy(&top.stdout).contains("SELECT") {
                return (child, id.clone());
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn stopped_by(sig: i32, name: &str) {
    if skip(name) {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let (mut child, id) = start_sleeping_check(tmp.path());
    signal(child.id(), sig);
    let code = wait_exit(&mut child, Duration::from_secs(30));
    let mut stderr = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
    assert_eq!(code, Some(130), "must exit 130 after cleaning up: {stderr}");
    assert!(stderr.contains("cleaning up"), "{stderr}");
    assert!(
        !common::docker::container_exists(&id),
        "container {id} outlived pg-roundtrip"
    );
    assert!(containers_with(&format!("{PID_LABEL}={}", child.id())).is_empty());
}

#[test]
fn ctrl_c_removes_the_container() {
    stopped_by(libc::SIGINT, "ctrl_c_removes_the_container");
}

#[test]
fn sigterm_removes_the_container() {
    stopped_by(libc::SIGTERM, "sigterm_removes_the_container");
}

/// SIGKILL runs no destructor: the container stays until a later run
/// sweeps containers whose owner process is gone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_sigkill_the_next_run_sweeps_the_container() {
    if skip("after_sigkill_the_next_run_sweeps_the_container") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let (mut child, id) = start_sleeping_check(tmp.path());
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        common::docker::container_exists(&id),
        "expected the container to survive SIGKILL"
    );
    // (A concurrent run's preflight may sweep it first; either way it goes.)
    sweep_stale_containers().await.unwrap();
    assert!(!common::docker::container_exists(&id), "{id} not swept");
}

/// One version whose rendering really differs gets its own snapshot;
/// the others keep using the shared one.
#[test]
fn a_version_that_renders_differently_gets_its_own_snapshot() {
    if skip("a_version_that_renders_differently_gets_its_own_snapshot") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    // A schema that differs on PostgreSQL 17 only.
    HistoryFiles::new()
        .rev(
            "1_t",
            "DO $$ BEGIN\n  IF current_setting('server_version_num')::int / 10000 = 17 THEN\n    CREATE TABLE t (id int, only_on_17 text);\n  ELSE\n    CREATE TABLE t (id int);\n  END IF;\nEND $$;\n",
            "DROP TABLE t;\n",
        )
        .write(&tmp.path().join("migrations"));
    let snaps = tmp.path().join("snapshots");
    let check = |pg: &str, ci: bool| {
        let mut run = PgRoundtrip::new(tmp.path()).args([
            "check",
            "migrations",
            "--backend",
            "docker",
            "--pg",
            pg,
        ]);
        if !ci {
            run = run.recording_snapshots();
        }
        run_leaving_nothing(run)
    };

    // Recorded on 15: the shared snapshot.
    let o = check("15", false);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let o = PgRoundtrip::new(tmp.path()).args(["accept"]).output();
    assert!(o.status.success(), "{}", text(&o));
    assert!(snaps.join("1_t.snap").exists());
    let shared = std::fs::read_to_string(snaps.join("1_t.snap")).unwrap();
    assert!(shared.contains("on PostgreSQL 15"), "{shared}");

    // 17 differs: with CI nothing is written and the message explains.
    let o = check("17", true);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(1), "{t}");
    assert!(t.contains("recorded on PostgreSQL 15"), "{t}");
    assert!(!snaps.join("1_t@pg17.snap.new").exists());
    // Without CI the new text goes to the version-specific file, never
    // over the shared one.
    let o = check("17", false);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(snaps.join("1_t@pg17.snap.new").exists());
    assert!(!snaps.join("1_t.snap.new").exists());
    let o = PgRoundtrip::new(tmp.path()).args(["accept"]).output();
    assert!(o.status.success(), "{}", text(&o));
    let v17 = std::fs::read_to_string(snaps.join("1_t@pg17.snap")).unwrap();
    assert!(v17.contains("only_on_17"), "{v17}");

    // Now every version passes: 15 and 18 on the shared snapshot, 17 on
    // its own; no file for 18 is needed.
    let o = check("15,17,18", true);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(!snaps.join("1_t@pg18.snap").exists());
    assert_eq!(
        std::fs::read_to_string(snaps.join("1_t.snap")).unwrap(),
        shared
    );
}

#[test]
fn a_missing_image_exits_3_and_says_how_to_build_it() {
    if skip("a_missing_image_exits_3_and_says_how_to_build_it") {
        return;
    }
    let o = PgRoundtrip::new(&common::repo_path("."))
        .args([
            "check",
            "migrations",
            "--backend",
            "docker",
            "--pg",
            "16",
            "--image",
            "postgres:16-not-built-here",
        ])
        .output();
    let t = text(&o);
    assert_eq!(o.status.code(), Some(3), "{t}");
    assert!(t.contains("ci/build-postgres-image 16"), "{t}");
    assert!(t.contains("docker pull postgres:16-not-built-here"), "{t}");
}

/// Needs no engine: the engine is a socket that does not exist.
#[test]
fn a_dead_engine_exits_3_with_its_error_and_auto_falls_back_to_local() {
    let tmp = tempfile::tempdir().unwrap();
    let dead = format!("unix://{}/nothing.sock", tmp.path().display());
    let o = PgRoundtrip::new(&common::repo_path("."))
        .args(["check", "migrations", "--backend", "docker"])
        .env("DOCKER_HOST", &dead)
        .output();
    let t = text(&o);
    assert_eq!(o.status.code(), Some(3), "{t}");
    assert!(t.contains("no Docker engine answered"), "{t}");
    assert!(t.contains("nothing.sock"), "{t}");

    let o = PgRoundtrip::new(&common::repo_path("."))
        .args(["check", "migrations", "--backend", "auto"])
        .env("DOCKER_HOST", &dead)
        .output();
    let t = text(&o);
    assert_eq!(o.status.code(), Some(0), "{t}");
    let line = t
        .lines()
        .find(|l| l.starts_with("pg-roundtrip: backend"))
        .unwrap_or_else(|| panic!("no backend line:\n{t}"));
    assert!(
        line.contains("backend local (auto: no Docker engine answered"),
        "{line}"
    );
}

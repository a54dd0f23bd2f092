//! The `docker` backend against the real engine, with the images
//! `ci/build-postgres-image 15 17 18` builds. A missing image is built by
//! the first test that needs it (once per machine, under a lock; see
//! `common::docker::ensure_image`). A test that needs Docker fails with
//! the reason when no engine answers, unless `PG_ROUNDTRIP_SKIP_DOCKER=1`
//! is set; then it prints a loud "SKIPPED (PG_ROUNDTRIP_SKIP_DOCKER=1)" and
//! returns.
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
    // The downgrade mismatch, then the second upgrade, which still runs
    // and fails on the index left behind.
    assert_eq!(first.len(), 2, "{first:?}");
    assert_eq!(first[0].0, "downgrade-mismatch");
    assert_eq!(first[0].1, "0002_add_due_on");
    assert!(first[0].2.contains("ix_tasks_user_id"), "{first:?}");
    assert_eq!(first[1].0, "reupgrade-error");
    assert_eq!(first[1].1, "0002_add_due_on");
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
    let run = |major: &str, image: Option<&str>| {
        let mut args = vec!["check", "migrations", "--backend", "docker", "--pg", major];
        if let Some(image) = image {
            args.extend(["--image", image]);
        }
        // From a directory without `ci/`, as a user's repository is.
        let tmp = tempfile::tempdir().unwrap();
        common::copy_dir(
            &common::repo_path("migrations"),
            &tmp.path().join("migrations"),
        );
        let o = PgRoundtrip::new(tmp.path()).args(args).output();
        let t = text(&o);
        assert_eq!(o.status.code(), Some(3), "{t}");
        t
    };
    // A major the script builds, under its own tag: the script, by its
    // path in pg-roundtrip's source tree, or a pull.
    let t = run("17", Some("postgres:17-not-built-here"));
    assert!(t.contains("docker pull postgres:17-not-built-here"), "{t}");
    assert!(!t.contains("build-postgres-image"), "{t}");
    // 16: no Debian suite ships it, so the script is not advised.
    let t = run("16", None);
    assert!(t.contains("docker pull postgres:16"), "{t}");
    assert!(t.contains("builds only 15, 17, 18"), "{t}");
    assert!(!t.contains("build-postgres-image 16"), "{t}");
}

/// Needs no engine: the engine is a socket that does not exist.
#[test]
fn a_dead_engine_exits_3_with_its_error_and_auto_uses_the_installed_server() {
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

    // auto runs the installed major locally without asking the engine.
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
    assert!(line.contains("backend local (auto: PostgreSQL "), "{line}");
    assert!(line.contains(" is installed): PostgreSQL "), "{line}");

    // A major that is not installed needs the engine, and says both.
    let o = PgRoundtrip::new(&common::repo_path("."))
        .args(["check", "migrations", "--backend", "auto", "--pg", "99"])
        .env("DOCKER_HOST", &dead)
        .output();
    let t = text(&o);
    assert_eq!(o.status.code(), Some(3), "{t}");
    assert!(
        t.contains("found neither Docker (no Docker engine answered")
            && t.contains("PostgreSQL 99 is not installed"),
        "{t}"
    );
}

/// `auto` with the installed major and two others: local for the
/// installed one, containers for the others, and the line says so.
#[test]
fn auto_runs_the_installed_major_locally_and_the_others_in_containers() {
    if skip("auto_runs_the_installed_major_locally_and_the_others_in_containers") {
        return;
    }
    let installed = pg_roundtrip::db::find_pg_bin(None)
        .and_then(|b| pg_roundtrip::db::pg_bin_major(&b))
        .expect("a local PostgreSQL server");
    let others: Vec<u32> = common::docker::MAJORS
        .into_iter()
        .filter(|m| *m != installed)
        .collect();
    let pg = std::iter::once(installed)
        .chain(others.iter().copied())
        .map(|m| m.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let run = PgRoundtrip::new(&common::repo_path(".")).args([
        "check",
        "migrations",
        "--backend",
        "auto",
        "--pg",
        &pg,
    ]);
    let o = run_leaving_nothing(run);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(0), "{t}");
    let line = t
        .lines()
        .find(|l| l.starts_with("pg-roundtrip: backend"))
        .unwrap_or_else(|| panic!("no backend line:\n{t}"));
    assert!(
        line.contains(&format!(
            "backend local and docker (auto: PostgreSQL {installed} is installed, "
        )),
        "{line}"
    );
    assert!(
        line.contains(&format!("PostgreSQL {installed} (local)")),
        "{line}"
    );
    for m in &others {
        assert!(
            line.contains(&format!("PostgreSQL {m} (postgres:{m})")),
            "{line}"
        );
        assert!(t.contains(&format!("── PostgreSQL {m} ──")), "{t}");
    }

    // --backend docker forces containers for the installed major too.
    let run = PgRoundtrip::new(&common::repo_path(".")).args([
        "check",
        "migrations",
        "--backend",
        "docker",
        "--pg",
        &installed.to_string(),
    ]);
    let o = run_leaving_nothing(run);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(0), "{t}");
    assert!(t.contains("backend docker (--backend docker; "), "{t}");
}

/// Of threads racing for the same missing image, one builds and the
/// others wait for it and then find it (the lock is an `flock`, which
/// separates threads that open the file themselves as it separates
/// processes). Needs no engine: the "image" is a file.
#[test]
fn a_missing_image_is_built_once_when_tests_race_for_it() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let tmp = tempfile::tempdir().unwrap();
    let lock = tmp.path().join("build.lock");
    let image = tmp.path().join("image");
    let builds = AtomicUsize::new(0);
    let results: Vec<Result<bool, String>> = std::thread::scope(|s| {
        let racers: Vec<_> = (0..4)
            .map(|_| {
                s.spawn(|| {
                    common::docker::ensure_with(
                        &lock,
                        "building a test image (once)…\n",
                        || image.exists(),
                        || {
                            builds.fetch_add(1, Ordering::SeqCst);
                            std::thread::sleep(Duration::from_millis(300));
                            std::fs::write(&image, "built").map_err(|e| e.to_string())
                        },
                    )
                })
            })
            .collect();
        racers.into_iter().map(|r| r.join().unwrap()).collect()
    });
    assert_eq!(builds.load(Ordering::SeqCst), 1, "{results:?}");
    assert_eq!(
        results.iter().filter(|r| *r == &Ok(true)).count(),
        1,
        "{results:?}"
    );
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    // A build that fails is an error that says so, and the next caller
    // tries again.
    let missing = tmp.path().join("never");
    let failed = common::docker::ensure_with(&lock, "", || missing.exists(), || Err("no".into()));
    assert_eq!(failed, Err("no".to_string()));
}

/// The real path: a missing `postgres:<major>` makes the helper run
/// `ci/build-postgres-image <major>`. 16 is missing here and the script
/// refuses it quickly (no Debian suite ships it), so this proves the call
/// without deleting or rebuilding any real image.
#[test]
fn a_missing_image_makes_the_tests_run_the_build_script() {
    if skip("a_missing_image_makes_the_tests_run_the_build_script") {
        return;
    }
    let present = Command::new("docker")
        .args(["image", "inspect", "postgres:16"])
        .output()
        .unwrap()
        .status
        .success();
    assert!(!present, "this test needs postgres:16 to be absent");
    let panicked = std::panic::catch_unwind(|| common::docker::ensure_image(16)).unwrap_err();
    let message = panicked
        .downcast_ref::<String>()
        .cloned()
        .unwrap_or_default();
    assert!(
        message.contains("ci/build-postgres-image 16 exited with exit status: 2"),
        "{message}"
    );
    assert!(
        message.contains("cannot build PostgreSQL 16: no Debian suite ships postgresql-16"),
        "{message}"
    );
}

//! The docker backend when things go wrong: the container killed mid-walk
//! is exit 3 within seconds with the server's last log lines, and the run
//! removes it; a run stopped between the container's creation and its
//! start (SIGTERM, which removes it on the way out, or SIGKILL, after
//! which the next run's sweep removes it by its labels). Containers are
//! counted by the label with the run's pid, so concurrent runs never
//! count. Needs a Docker engine (see `common::docker::skip`).
#![cfg(feature = "docker")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::bin::PgRoundtrip;
use common::census::PID_LABEL;
use common::docker::{containers_with, skip};
use common::history;
use common::process::{signal, wait_exit};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// The tests of this file one at a time: every docker run sweeps the
/// containers of dead runs, so one test's run would sweep the container
/// another test has just created to stand for a dead run.
fn one_at_a_time() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

fn stderr(child: &mut Child) -> String {
    let mut text = String::new();
    if let Some(err) = child.stderr.as_mut() {
        let _ = std::io::Read::read_to_string(err, &mut text);
    }
    text
}

fn docker_check(tmp: &std::path::Path) -> Child {
    history::sleeping_upgrade().write(&tmp.join("m"));
    PgRoundtrip::new(tmp)
        .args([
            "check",
            "m",
            "--no-snapshots",
            "--backend",
            "docker",
            "--pg",
            "17",
        ])
        .spawn_with_stderr()
}

#[test]
fn a_container_killed_mid_walk_is_exit_3_within_seconds_with_its_log() {
    let _serial = one_at_a_time();
    if skip("a_container_killed_mid_walk_is_exit_3_within_seconds_with_its_log") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let mut child = docker_check(tmp.path());
    let label = format!("{PID_LABEL}={}", child.id());
    let deadline = Instant::now() + Duration::from_secs(90);
    let id = loop {
        assert!(
            Instant::now() < deadline,
            "no container ran the step within 90 s"
        );
        if let Some(id) = containers_with(&label).first() {
            let top = Command::new("docker").args(["top", id]).output().unwrap();
            if String::from_utf8_lossy(&top.stdout).contains("SELECT") {
                break id.clone();
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let killed = Instant::now();
    let out = Command::new("docker").args(["kill", &id]).output().unwrap();
    assert!(out.status.success(), "docker kill {id}");
    let code = wait_exit(&mut child, Duration::from_secs(60));
    let took = killed.elapsed();
    let text = stderr(&mut child);
    assert_eq!(code, Some(3), "{text}");
    assert!(
        took < Duration::from_secs(15),
        "exit 3 took {took:?}: {text}"
    );
    assert!(text.contains("went away during the walk"), "{text}");
    assert!(text.contains("the last lines of its log:"), "{text}");
    assert!(
        text.contains("database system is ready to accept connections"),
        "{text}"
    );
    assert!(
        containers_with(&label).is_empty(),
        "the killed run's container is still there"
    );
}

/// Starts a docker check, freezes it (SIGSTOP) as soon as the engine
/// reports its container created (`docker events`, subscribed before the
/// run starts), so that it cannot go on to start it, notes the
/// container's state, then sends `sig` and lets it go on. Returns the
/// child (reaped), the container, the state seen while frozen and the
/// child's exit code.
fn cut_short_at_create(sig: i32) -> (Child, String, String, Option<i32>) {
    let mut events = Command::new("docker")
        .args([
            "events",
            "--filter",
            "label=org.pg-roundtrip.run",
            "--filter",
            "event=create",
            "--format",
            "{{.ID}} {{index .Actor.Attributes \"org.pg-roundtrip.pid\"}}",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = events.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    // Let the subscription reach the engine before the run starts.
    std::thread::sleep(Duration::from_millis(500));
    let tmp = tempfile::tempdir().unwrap();
    let mut child = docker_check(tmp.path());
    let pid = child.id().to_string();
    let deadline = Instant::now() + Duration::from_secs(90);
    let id = loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let Ok(line) = rx.recv_timeout(left) else {
            let _ = events.kill();
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "no container of run {pid} was created within 90 s: {}",
                stderr(&mut child)
            );
        };
        let mut parts = line.split_whitespace();
        let (Some(id), Some(owner)) = (parts.next(), parts.next()) else {
            continue;
        };
        if owner == pid {
            signal(child.id(), libc::SIGSTOP);
            break id.to_string();
        }
    };
    let state = Command::new("docker")
        .args(["inspect", "-f", "{{.State.Status}}", &id])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    signal(child.id(), sig);
    if sig != libc::SIGKILL {
        signal(child.id(), libc::SIGCONT);
    }
    let _ = events.kill();
    let _ = events.wait();
    let code = wait_exit(&mut child, Duration::from_secs(60));
    eprintln!("signal {sig} at create: the container was {state:?}");
    (child, id, state, code)
}

#[test]
fn sigterm_between_create_and_start_removes_the_container() {
    let _serial = one_at_a_time();
    if skip("sigterm_between_create_and_start_removes_the_container") {
        return;
    }
    let (mut child, id, state, code) = cut_short_at_create(libc::SIGTERM);
    assert_eq!(code, Some(130), "{}", stderr(&mut child));
    assert!(
        containers_with(&format!("{PID_LABEL}={}", child.id())).is_empty(),
        "container {id} (seen {state}) outlived the SIGTERM"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[allow(clippy::await_holding_lock)] // held on purpose: one test at a time
async fn sigkill_between_create_and_start_is_swept_by_the_next_run() {
    let _serial = one_at_a_time();
    if skip("sigkill_between_create_and_start_is_swept_by_the_next_run") {
        return;
    }
    let (child, id, state, _) = tokio::task::block_in_place(|| cut_short_at_create(libc::SIGKILL));
    let label = format!("{PID_LABEL}={}", child.id());
    // No destructor ran: the container stays (unless a concurrent run's
    // sweep got to it first), until a docker run sweeps it.
    let left = containers_with(&label);
    eprintln!("after SIGKILL: {left:?} (seen {state})");
    pg_roundtrip::db::sweep_stale_containers().await.unwrap();
    assert!(
        containers_with(&label).is_empty(),
        "container {id} (seen {state}) was not swept"
    );
}

/// A container that a run created and never started (the run died in
/// between): made here with `docker create` and the labels a run puts on
/// its containers, an owner that is gone (this pid with another start
/// time). The next docker run sweeps it before it starts its own.
#[test]
fn a_created_never_started_container_of_a_dead_run_is_swept_by_the_next_run() {
    let _serial = one_at_a_time();
    if skip("a_created_never_started_container_of_a_dead_run_is_swept_by_the_next_run") {
        return;
    }
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap();
    let owner = format!("{PID_LABEL}={}", std::process::id());
    let out = Command::new("docker")
        .args([
            "create",
            "--label",
            "org.pg-roundtrip.run=census-left-behind",
            "--label",
            &owner,
        ])
        .args(["--label", "org.pg-roundtrip.pid-start=1"])
        .args(["--label", &format!("org.pg-roundtrip.host={}", host.trim())])
        .arg("postgres:17")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let id = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let state = Command::new("docker")
        .args(["inspect", "-f", "{{.State.Status}}", &id])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&state.stdout).trim(), "created");
    let tmp = tempfile::tempdir().unwrap();
    common::history::HistoryFiles::new()
        .rev("1_t", "CREATE TABLE t (id int);\n", "DROP TABLE t;\n")
        .write(&tmp.path().join("m"));
    let o = PgRoundtrip::new(tmp.path())
        .args([
            "check",
            "m",
            "--no-snapshots",
            "--backend",
            "docker",
            "--pg",
            "17",
        ])
        .output();
    assert_eq!(o.status.code(), Some(0), "{}", common::bin::text(&o));
    assert!(
        !common::docker::container_exists(&id),
        "the created container {id} was not swept"
    );
    assert!(containers_with(&owner).is_empty());
}

/// Two `--backend docker` runs at once whose migration creates the same
/// role, database and tablespace names (sleeping so that the runs
/// overlap), and whose downgrade drops the role and the database but
/// renames the tablespace: the runs overlap (both containers up at once),
/// each has a container of its own, so each
/// passes with exactly its own warning about `fast_old` (a shared server
/// would fail the second `CREATE ROLE`), and neither leaves a container.
#[test]
fn two_concurrent_docker_runs_creating_the_same_globals_are_isolated() {
    let _serial = one_at_a_time();
    if skip("two_concurrent_docker_runs_creating_the_same_globals_are_isolated") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    history::HistoryFiles::new()
        .rev(
            "1_globals",
            "-- no-transaction\nCREATE ROLE app_owner;\nCREATE DATABASE app_db OWNER app_owner;\n\
             CREATE TABLESPACE fast LOCATION '';\nSELECT pg_sleep(2);\n",
            "-- no-transaction\nDROP DATABASE app_db;\nDROP ROLE app_owner;\n\
             ALTER TABLESPACE fast RENAME TO fast_old;\n",
        )
        .write(&tmp.path().join("m"));
    let started = Instant::now();
    let mut children: Vec<Child> = (0..2)
        .map(|_| {
            PgRoundtrip::new(tmp.path())
                .args(["check", "m", "--no-snapshots"])
                .args(["--backend", "docker", "--pg", "15"])
                .into_command()
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    // Both containers up at the same moment: the runs did overlap.
    let mut overlapped = false;
    while children.iter_mut().all(|c| c.try_wait().unwrap().is_none()) {
        overlapped |= children
            .iter()
            .all(|c| !containers_with(&format!("{PID_LABEL}={}", c.id())).is_empty());
        std::thread::sleep(Duration::from_millis(200));
    }
    let mut ran = Vec::new();
    let mut containers = Vec::new();
    for child in children {
        let pid = child.id();
        let o = child.wait_with_output().unwrap();
        let t = common::bin::text(&o);
        assert_eq!(o.status.code(), Some(0), "{t}");
        assert_eq!(
            t.matches("tablespace fast_old exists after the downgrade of 1_globals")
                .count(),
            1,
            "not exactly its own warning:\n{t}"
        );
        assert!(
            !t.contains("app_owner") && !t.contains("app_db"),
            "a role or database was reported though each run dropped its own:\n{t}"
        );
        let left = containers_with(&format!("{PID_LABEL}={pid}"));
        assert!(left.is_empty(), "run {pid} left containers: {left:?}\n{t}");
        containers.extend(
            t.split_whitespace()
                .skip_while(|w| *w != "container")
                .nth(1)
                .map(str::to_string),
        );
        ran.push(t);
    }
    assert!(overlapped, "the two runs never had containers at once");
    assert_eq!(containers.len(), 2, "{ran:?}");
    assert_ne!(containers[0], containers[1], "one container for both runs");
    eprintln!(
        "two docker runs in {:?}:\n{}",
        started.elapsed(),
        ran.join("\n")
    );
}

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
use std::time::{Duration, Instant};

fn stderr(child: &mut Child) -> String {
    let mut text = String::new();
    if let Some(err) = child.stderr.as_mut() {
        let _ = std::io::Read::read_to_string(err, &mut text);
    }
    text
}

#[expect(clippy::zombie_processes, reason = "the callers wait for the child")]
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

/// Starts a docker check and stops it with `sig` as soon as the engine
/// reports its container created (`docker events`), before it has started
/// or just as it starts. Returns the child (reaped) and the container's
/// state seen at that moment.
fn cut_short_at_create(sig: i32) -> (Child, String, String) {
    let tmp = tempfile::tempdir().unwrap();
    let mut child = docker_check(tmp.path());
    let label = format!("{PID_LABEL}={}", child.id());
    let mut events = Command::new("docker")
        .args([
            "events",
            "--filter",
            &format!("label={label}"),
            "--filter",
            "event=create",
            "--format",
            "{{.ID}}",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(events.stdout.take().unwrap()).lines();
    let id = lines
        .next()
        .expect("a create event")
        .expect("docker events output");
    signal(child.id(), sig);
    let state = Command::new("docker")
        .args(["inspect", "-f", "{{.State.Status}}", &id])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    let _ = events.kill();
    let _ = events.wait();
    let _ = wait_exit(&mut child, Duration::from_secs(60));
    eprintln!("signal {sig} at create: the container was {state:?}");
    (child, id, state)
}

#[test]
fn sigterm_between_create_and_start_removes_the_container() {
    if skip("sigterm_between_create_and_start_removes_the_container") {
        return;
    }
    let (child, id, state) = cut_short_at_create(libc::SIGTERM);
    assert!(
        containers_with(&format!("{PID_LABEL}={}", child.id())).is_empty(),
        "container {id} (seen {state}) outlived the SIGTERM"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_between_create_and_start_is_swept_by_the_next_run() {
    if skip("sigkill_between_create_and_start_is_swept_by_the_next_run") {
        return;
    }
    let (child, id, state) = tokio::task::block_in_place(|| cut_short_at_create(libc::SIGKILL));
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

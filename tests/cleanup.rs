//! Nothing is left behind when the binary is stopped mid-walk: Ctrl-C and
//! SIGTERM stop the server and delete its files before exiting with 130;
//! SIGKILL (no destructor runs) still takes the server down with it
//! (PR_SET_PDEATHSIG), and the next start sweeps the stale directory.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Starts `pg-roundtrip check` on a history whose first upgrade sleeps,
/// and returns once its server is up and the step is running. The caller
/// signals and reaps the child.
#[expect(clippy::zombie_processes, reason = "the caller waits for the child")]
fn start_sleeping_check(tmp: &std::path::Path) -> (Child, u32, PathBuf) {
    let dir = tmp.join("m");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("1_slow.up.sql"), "SELECT pg_sleep(60);\n").unwrap();
    std::fs::write(dir.join("1_slow.down.sql"), "SELECT 1;\n").unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_pg-roundtrip"))
        // These tests are about the local backend (auto would pick docker
        // where the images exist).
        .env("PG_ROUNDTRIP_BACKEND", "local")
        .args(["check", "m", "--no-snapshots"])
        .current_dir(tmp)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        assert!(Instant::now() < deadline, "no server started within 60 s");
        if let Some((pid, data)) = postmaster_of(child.id()) {
            // The server runs; wait for the sleeping step's backend.
            if backends_of(pid).iter().any(|c| c.contains("SELECT")) {
                return (child, pid, data.parent().unwrap().to_path_buf());
            }
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The postmaster started by `parent`, with its data directory.
fn postmaster_of(parent: u32) -> Option<(u32, PathBuf)> {
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        if ppid(pid) != Some(parent) {
            continue;
        }
        let cmd = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
        let args: Vec<String> = cmd
            .split(|b| *b == 0)
            .map(|a| String::from_utf8_lossy(a).into_owned())
            .collect();
        if let Some(i) = args.iter().position(|a| a == "-D") {
            return Some((pid, PathBuf::from(&args[i + 1])));
        }
    }
    None
}

fn backends_of(postmaster: u32) -> Vec<String> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        if ppid(pid) == Some(postmaster) {
            out.push(
                String::from_utf8_lossy(
                    &std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default(),
                )
                .into_owned(),
            );
        }
    }
    out
}

fn ppid(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name may contain spaces; fields after ')' are fixed.
    let rest = &stat[stat.rfind(')')? + 2..];
    rest.split(' ').nth(1)?.parse().ok()
}

fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|s| !s.contains(") Z "))
        .unwrap_or(false)
}

fn wait_exit(child: &mut Child, limit: Duration) -> Option<i32> {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if let Some(status) = child.try_wait().unwrap() {
            return status.code();
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    None
}

fn signal(pid: u32, sig: i32) {
    // SAFETY: plain kill(2) on a child we spawned.
    assert_eq!(unsafe { libc::kill(pid as i32, sig) }, 0);
}

fn stopped_by(sig: i32) {
    let tmp = tempfile::tempdir().unwrap();
    let (mut child, postmaster, run_dir) = start_sleeping_check(tmp.path());
    assert!(run_dir.exists());
    signal(child.id(), sig);
    let code = wait_exit(&mut child, Duration::from_secs(20));
    assert_eq!(
        code,
        Some(130),
        "pg-roundtrip must exit 130 after cleaning up"
    );
    let mut stderr = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
    assert!(stderr.contains("cleaning up"), "{stderr}");
    assert!(
        !alive(postmaster),
        "the server {postmaster} outlived pg-roundtrip"
    );
    assert!(!run_dir.exists(), "{} was left behind", run_dir.display());
}

#[test]
fn ctrl_c_stops_the_server_and_removes_its_files() {
    stopped_by(libc::SIGINT);
}

#[test]
fn sigterm_stops_the_server_and_removes_its_files() {
    stopped_by(libc::SIGTERM);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_takes_the_server_along_and_the_next_start_sweeps() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut child, postmaster, run_dir) = start_sleeping_check(tmp.path());
    child.kill().unwrap();
    child.wait().unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while alive(postmaster) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        !alive(postmaster),
        "the server survived its SIGKILLed owner"
    );
    // No destructor ran, so the directory is still there until the next
    // start sweeps directories whose owner is dead.
    let cluster = common::cluster().await;
    assert!(!run_dir.exists(), "{} was not swept", run_dir.display());
    cluster.stop().await.unwrap();
}

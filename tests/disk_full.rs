//! A server whose disk fills up mid-walk: the local backend's run
//! directory is put on a small tmpfs (`PG_ROUNDTRIP_RUN_DIR`) and a
//! migration writes far more than fits. The run ends within seconds, with
//! the step's error naming the file and "No space left on device" (exit 1)
//! or, when the server crashes of it (even if it restarts), with the
//! server's last log lines (exit 3); never a hang, and nothing is left
//! behind. Needs root (to
//! mount); a failed mount fails the test with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::bin::PgRoundtrip;
use common::census::{Seen, watch_until_exit};
use common::history::HistoryFiles;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Room for the copied cluster (about 40 MB for PostgreSQL 15) and a
/// little more; the migration writes about a gigabyte.
const TMPFS_SIZE: &str = "size=72m";
/// How long the whole run may take, from start to exit.
const LIMIT: Duration = Duration::from_secs(30);

/// A tmpfs mounted on a fresh directory, unmounted and removed on drop.
struct SmallDisk {
    dir: PathBuf,
}

impl SmallDisk {
    fn mount() -> SmallDisk {
        let dir = tempfile::Builder::new()
            .prefix("dfull-")
            .tempdir_in("/tmp")
            .unwrap()
            .keep();
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o"])
            .arg(format!("{TMPFS_SIZE},mode=0755"))
            .arg("tmpfs")
            .arg(&dir)
            .output();
        let failure = match out {
            Ok(o) if o.status.success() => None,
            Ok(o) => Some(String::from_utf8_lossy(&o.stderr).trim().to_string()),
            Err(e) => Some(e.to_string()),
        };
        if let Some(why) = failure {
            let _ = std::fs::remove_dir(&dir);
            panic!(
                "this test needs to mount a small tmpfs (as root) on {}, and could not: {why}",
                dir.display()
            );
        }
        SmallDisk { dir }
    }

    fn path(&self) -> &Path {
        &self.dir
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let unmounted = Command::new("umount")
            .arg(&self.dir)
            .status()
            .is_ok_and(|s| s.success());
        if !unmounted {
            // Busy (a process still in it): detach it now, it goes when freed.
            let _ = Command::new("umount").arg("-l").arg(&self.dir).status();
        }
        let _ = std::fs::remove_dir(&self.dir);
    }
}

/// Runs `check` on `history` with the run directory on a small tmpfs;
/// the exit code and what it printed, after checking the time bound and
/// that nothing is left.
fn run_on_small_disk(history: HistoryFiles, what: &str) -> (Option<i32>, String) {
    let disk = SmallDisk::mount();
    let tmp = tempfile::tempdir().unwrap();
    history.write(&tmp.path().join("m"));
    let started = Instant::now();
    let mut child = PgRoundtrip::local(tmp.path())
        .env("PG_ROUNDTRIP_RUN_DIR", disk.path())
        .args(["check", "m", "--no-snapshots"])
        .into_command()
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let mut seen = Seen::in_parent(disk.path());
    let code = watch_until_exit(&mut child, &mut seen, LIMIT);
    let took = started.elapsed();
    let out = child.wait_with_output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        took < LIMIT,
        "the run was still going after {LIMIT:?} and was killed:\n{text}"
    );
    seen.assert_nothing_left(pid, what);
    eprintln!("{what}: exit {code:?} after {took:?}:\n{text}");
    (code, text)
}

/// The revision that fills the disk, `2_fill`, after one that creates `t`.
fn filling(up: &str) -> HistoryFiles {
    HistoryFiles::new()
        .rev("1_t", "CREATE TABLE t (v text);\n", "DROP TABLE t;\n")
        .rev("2_fill", up, "TRUNCATE t;\n")
}

/// A table created and loaded in one statement skips WAL
/// (`wal_level=minimal`): the data file cannot grow, the statement
/// fails, the server lives on, and the step error says so.
#[test]
fn a_full_disk_fails_the_step_naming_the_file_and_leaves_nothing() {
    let (code, text) = run_on_small_disk(
        filling(
            "CREATE TABLE big AS SELECT repeat('x', 1000) AS v FROM generate_series(1, 1000000);\n",
        ),
        "data file",
    );
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains("the upgrade of 2_fill failed") && text.contains("m/2_fill.up.sql"),
        "the error names no file:\n{text}"
    );
    assert!(
        text.contains("No space left on device"),
        "the error does not say the disk is full:\n{text}"
    );
}

/// Loading a table created earlier keeps the blocks it added when it
/// fails, so the disk stays full; the checkpoint that dropping the walk's
/// database forces cannot write and the server crashes (PANIC) and
/// restarts. However quickly it is back, the run ends with exit 3, saying
/// the server went away, with its last log lines.
#[test]
fn a_full_disk_that_crashes_the_server_is_exit_3_with_its_log_and_leaves_nothing() {
    let (code, text) = run_on_small_disk(
        filling(
            "INSERT INTO t SELECT repeat('x', 1000) FROM generate_series(1, 1000) a, generate_series(1, 1000) b;\n",
        ),
        "server crash",
    );
    assert_eq!(code, Some(3), "{text}");
    assert!(
        text.contains("went away during the walk") && text.contains("the last lines of its log"),
        "{text}"
    );
    assert!(
        text.contains("No space left on device"),
        "the server's last log lines do not say the disk is full:\n{text}"
    );
}

//! A server whose disk fills up mid-walk: the local backend's run
//! directory is put on a small tmpfs (`PG_ROUNDTRIP_RUN_DIR`) and a
//! migration writes far more than fits. The run ends within seconds, with
//! the step's error naming the file and "No space left on device" (exit 1)
//! or, when the server dies of it, with the server's last log lines
//! (exit 3); never a hang, and nothing is left behind. Needs root (to
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

#[test]
fn a_full_disk_mid_walk_ends_within_seconds_with_a_clear_error_and_leaves_nothing() {
    let disk = SmallDisk::mount();
    let tmp = tempfile::tempdir().unwrap();
    HistoryFiles::new()
        .rev("1_t", "CREATE TABLE t (id int);\n", "DROP TABLE t;\n")
        .rev(
            "2_fill",
            "CREATE TABLE big AS SELECT repeat('x', 1000) AS v FROM generate_series(1, 1000000);\n",
            "DROP TABLE big;\n",
        )
        .write(&tmp.path().join("m"));
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
    match code {
        Some(1) => {
            assert!(text.contains("2_fill"), "the error names no file:\n{text}");
            assert!(
                text.contains("No space left on device"),
                "the error does not say the disk is full:\n{text}"
            );
        }
        Some(3) => {
            assert!(
                text.contains("No space left on device"),
                "the server's last log lines do not say the disk is full:\n{text}"
            );
        }
        other => panic!("exit {other:?} after {took:?}, not 1 or 3:\n{text}"),
    }
    seen.assert_nothing_left(pid, "a full disk");
    eprintln!("disk full: exit {code:?} after {took:?}:\n{text}");
}

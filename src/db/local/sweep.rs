//! Sweeping the leftovers of runs that were killed outright: `pgrt-*`
//! directories whose owner is dead, and a postmaster still running in one.

use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

use super::postmaster::SHUTDOWN_GRACE;
use super::rundir::{OWNER_FILE, RUN_PARENTS, RUN_PREFIX, chosen_run_parent};
use crate::db::common::{owner_alive, process_alive};

/// A run directory without an owner file is only swept when it is older
/// than this (it may be being created right now).
const UNOWNED_AGE: Duration = Duration::from_secs(3600);

/// Whether the process named in a run directory's owner file is alive;
/// `None` when the directory has no readable owner file.
fn run_owner_alive(dir: &Path) -> Option<bool> {
    let text = fs::read_to_string(dir.join(OWNER_FILE)).ok()?;
    let mut parts = text.split_whitespace();
    let pid: u32 = parts.next()?.parse().ok()?;
    let started: Option<u64> = parts.next().and_then(|s| s.parse().ok());
    Some(owner_alive(pid, started))
}

/// Best effort: removes `pgrt-*` run directories whose owner is dead,
/// stopping a postmaster still running in one.
pub(super) fn sweep_stale_runs() {
    let parents = RUN_PARENTS
        .iter()
        .map(std::path::PathBuf::from)
        .chain(chosen_run_parent());
    let entries = parents
        .filter_map(|parent| fs::read_dir(parent).ok())
        .flatten();
    for entry in entries.flatten() {
        if !entry.file_name().to_string_lossy().starts_with(RUN_PREFIX) {
            continue;
        }
        let path = entry.path();
        let Ok(meta) = fs::symlink_metadata(&path) else {
            continue;
        };
        if !meta.is_dir() {
            continue;
        }
        match run_owner_alive(&path) {
            Some(true) => continue,
            Some(false) => {}
            None => {
                let age = meta
                    .modified()
                    .ok()
                    .and_then(|m| SystemTime::now().duration_since(m).ok())
                    .unwrap_or_default();
                if age < UNOWNED_AGE {
                    continue;
                }
            }
        }
        // Only our own leftovers (or everyone's, as root).
        // SAFETY: geteuid has no preconditions.
        let euid = unsafe { libc::geteuid() };
        if euid != 0 && meta.uid() != euid {
            continue;
        }
        stop_stray_postmaster(&path.join("data"));
        let _ = fs::remove_dir_all(&path);
    }
}

/// Stops the postgres still serving `data`, if its `postmaster.pid` names
/// a live process whose command line holds exactly that directory.
fn stop_stray_postmaster(data: &Path) {
    let Ok(text) = fs::read_to_string(data.join("postmaster.pid")) else {
        return;
    };
    let Some(pid) = text
        .lines()
        .next()
        .and_then(|l| l.trim().parse::<u32>().ok())
    else {
        return;
    };
    // The pid must still be a postgres whose data directory is this one.
    let cmdline = fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
    let data_text = data.as_os_str().as_encoded_bytes();
    let ours = cmdline.split(|&b| b == 0).any(|arg| arg == data_text);
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return;
    };
    if !ours || !process_alive(pid.unsigned_abs()) {
        return;
    }
    // SAFETY: kill has no memory-safety preconditions.
    unsafe { libc::kill(pid, libc::SIGINT) };
    let deadline = Instant::now() + SHUTDOWN_GRACE;
    while process_alive(pid.unsigned_abs()) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    if process_alive(pid.unsigned_abs()) {
        // SAFETY: as above.
        unsafe { libc::kill(pid, libc::SIGKILL) };
    }
}

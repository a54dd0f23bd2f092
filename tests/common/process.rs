//! Processes, read from `/proc` (Linux): children, postmasters and their
//! backends, and waiting for a child or a pid to go.

use std::path::PathBuf;
use std::process::Child;
use std::time::{Duration, Instant};

/// The parent of `pid`, while it exists.
pub fn ppid(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name may contain spaces; fields after ')' are fixed.
    let rest = &stat[stat.rfind(')')? + 2..];
    rest.split(' ').nth(1)?.parse().ok()
}

/// Running and not a zombie (a reaped pid has no /proc entry at all).
pub fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|s| !s.contains(") Z "))
        .unwrap_or(false)
}

/// Polls until `pid` is gone; false if it still runs after `within`.
pub fn wait_dead(pid: u32, within: Duration) -> bool {
    let deadline = Instant::now() + within;
    while alive(pid) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    !alive(pid)
}

/// The processes whose parent is `parent`.
pub fn children_of(parent: u32) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| e.file_name().to_string_lossy().parse::<u32>().ok())
        .filter(|&pid| ppid(pid) == Some(parent))
        .collect()
}

/// The arguments a process was started with.
pub fn cmdline(pid: u32) -> Vec<String> {
    std::fs::read(format!("/proc/{pid}/cmdline"))
        .unwrap_or_default()
        .split(|b| *b == 0)
        .filter(|a| !a.is_empty())
        .map(|a| String::from_utf8_lossy(a).into_owned())
        .collect()
}

/// The postmaster started by `parent`, with its data directory (the
/// argument after `-D`).
pub fn postmaster_of(parent: u32) -> Option<(u32, PathBuf)> {
    children_of(parent).into_iter().find_map(|pid| {
        let args = cmdline(pid);
        let i = args.iter().position(|a| a == "-D")?;
        Some((pid, PathBuf::from(args.get(i + 1)?)))
    })
}

/// The command lines of a postmaster's backends (the process title of a
/// backend ends with the command it runs).
pub fn backends_of(postmaster: u32) -> Vec<String> {
    children_of(postmaster)
        .into_iter()
        .map(|pid| cmdline(pid).join(" "))
        .collect()
}

/// Waits up to `limit` for the child to exit and returns its exit code;
/// `None` when it did not exit in time (it is then killed and reaped) or
/// died from a signal.
pub fn wait_exit(child: &mut Child, limit: Duration) -> Option<i32> {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if let Some(status) = child.try_wait().expect("wait for the child") {
            return status.code();
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    None
}

/// Sends `sig` to `pid` (a child the test spawned).
pub fn signal(pid: u32, sig: i32) {
    let pid = i32::try_from(pid).expect("a pid fits in pid_t");
    // SAFETY: plain kill(2) on a child the test spawned.
    assert_eq!(unsafe { libc::kill(pid, sig) }, 0, "kill({pid}, {sig})");
}

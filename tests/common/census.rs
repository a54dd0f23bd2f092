//! Counting what a run of the binary leaves on the machine: the server
//! processes and the `pgrt-*` run directories (its temporary directories:
//! data, socket, log) it owns, its containers, and the scratch databases
//! `pg_roundtrip_*` on a server. Everything is scoped to the run's pid
//! (run directories carry an owner file `<pid> <start time>`, containers a
//! pid label), so concurrent tests and other people's runs never count.

use super::process::{alive, cmdline, postmaster_of};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Child;
use std::time::{Duration, Instant};

/// Where the local backend puts run directories.
const RUN_PARENTS: [&str; 2] = ["/dev/shm", "/tmp"];
/// The owner file in every run directory.
const OWNER_FILE: &str = "pgrt.owner";
/// The label with the pid of the run that started a container.
pub const PID_LABEL: &str = "org.pg-roundtrip.pid";

/// The `pgrt-*` directories whose owner file names `pid`.
pub fn run_dirs_of(pid: u32) -> Vec<PathBuf> {
    run_dirs_in(&[], pid)
}

/// The same, looking in `extra` too (a run's `PG_ROUNDTRIP_RUN_DIR`).
pub fn run_dirs_in(extra: &[PathBuf], pid: u32) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let parents = RUN_PARENTS
        .iter()
        .map(PathBuf::from)
        .chain(extra.iter().cloned());
    for parent in parents {
        let Ok(entries) = std::fs::read_dir(parent) else {
            continue;
        };
        for entry in entries.flatten() {
            if !entry.file_name().to_string_lossy().starts_with("pgrt-") {
                continue;
            }
            let owner = std::fs::read_to_string(entry.path().join(OWNER_FILE)).unwrap_or_default();
            if owner.split_whitespace().next() == Some(&pid.to_string()) {
                found.push(entry.path());
            }
        }
    }
    found
}

/// Live processes whose command line names a path inside `dir` (a
/// postmaster's `-D`, or anything else working there).
pub fn processes_in(dir: &Path) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    let dir = dir.to_string_lossy().into_owned();
    entries
        .flatten()
        .filter_map(|e| e.file_name().to_string_lossy().parse::<u32>().ok())
        .filter(|&pid| alive(pid) && cmdline(pid).iter().any(|a| a.starts_with(&dir)))
        .collect()
}

/// What was seen of one run while it ran.
#[derive(Debug, Default)]
pub struct Seen {
    pub postmasters: BTreeSet<u32>,
    pub run_dirs: BTreeSet<PathBuf>,
    /// Where else the run puts run directories (`PG_ROUNDTRIP_RUN_DIR`).
    pub extra_parents: Vec<PathBuf>,
}

impl Seen {
    /// Watching a run whose `PG_ROUNDTRIP_RUN_DIR` is `parent`.
    pub fn in_parent(parent: &Path) -> Self {
        Seen {
            extra_parents: vec![parent.to_path_buf()],
            ..Seen::default()
        }
    }

    /// Looks at the run `pid` once.
    pub fn look(&mut self, pid: u32) {
        if let Some((postmaster, _)) = postmaster_of(pid) {
            self.postmasters.insert(postmaster);
        }
        self.run_dirs.extend(run_dirs_in(&self.extra_parents, pid));
    }

    /// Panics unless the run had a server and a run directory (so that
    /// "nothing left" is not vacuous) and none of them is left: no
    /// process seen alive, none working in a run directory seen, no
    /// directory seen still there, and no directory owned by `pid`.
    pub fn assert_nothing_left(&self, pid: u32, what: &str) {
        assert!(
            !self.postmasters.is_empty() && !self.run_dirs.is_empty(),
            "{what}: the run was never seen with a server and a run directory: {self:?}"
        );
        let deadline = Instant::now() + Duration::from_secs(10);
        let left = || {
            let mut left: Vec<String> = self
                .postmasters
                .iter()
                .filter(|p| alive(**p))
                .map(|p| format!("server process {p}"))
                .collect();
            for dir in &self.run_dirs {
                left.extend(
                    processes_in(dir)
                        .iter()
                        .map(|p| format!("process {p} in {}", dir.display())),
                );
                if dir.exists() {
                    left.push(format!("directory {}", dir.display()));
                }
            }
            left.extend(
                run_dirs_in(&self.extra_parents, pid)
                    .iter()
                    .map(|d| format!("directory {}", d.display())),
            );
            left
        };
        // A SIGKILLed server's children take a moment to notice.
        while !left().is_empty() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
        let left = left();
        assert!(
            left.is_empty(),
            "{what}: left behind (seen: {} server(s), {} run dir(s)): {left:?}",
            self.postmasters.len(),
            self.run_dirs.len()
        );
    }
}

/// Waits for `child` to exit, looking at it every few milliseconds;
/// its exit code (`None`: killed by a signal, or still running after
/// `limit`, when it is killed) and what was seen.
pub fn watch_until_exit(child: &mut Child, seen: &mut Seen, limit: Duration) -> Option<i32> {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().expect("wait for the child") {
            return status.code();
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        seen.look(child.id());
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// The `pg_roundtrip_*` databases on the server `conn` is connected to
/// (other than the one it is connected to).
pub async fn scratch_databases(conn: &mut sqlx::PgConnection) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT datname::text FROM pg_database WHERE datname LIKE 'pg\\_roundtrip\\_%' \
         AND datname <> current_database() ORDER BY 1",
    )
    .fetch_all(conn)
    .await
    .expect("list databases")
}

//! Supervising the postmaster: spawning it from a keeper thread that
//! lives exactly as long as the child, waiting until it accepts
//! connections, and stopping it (fast shutdown, then SIGKILL) together
//! with its directory.

use std::fs;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, mpsc};
use std::thread::JoinHandle;
use std::time::Duration;

use sqlx::PgConnection;
use sqlx::postgres::PgConnectOptions;

use crate::db::common::{connect_until_ready, last_lines};
use crate::db::error::DbError;

const READY_TIMEOUT: Duration = Duration::from_secs(60);
const READY_POLL: Duration = Duration::from_millis(5);
/// How long a fast shutdown may take before SIGKILL (and SIGKILL before
/// we give up waiting).
pub(super) const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// The child's exit, as text, once the keeper thread has reaped it.
#[derive(Debug, Default)]
struct Exit {
    status: Mutex<Option<String>>,
    changed: Condvar,
}

impl Exit {
    fn lock(&self) -> MutexGuard<'_, Option<String>> {
        self.status
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The running postmaster.
///
/// It is spawned by a dedicated "keeper" thread that then blocks until the
/// child exits. The parent-death signal fires when the *thread* that forked
/// the child exits, not the process: spawning from a tokio worker or a
/// `spawn_blocking` thread (which idles out after 10 s) would kill the
/// server at a random moment. The keeper thread lives exactly as long as
/// the child, so the signal fires only when the whole process dies.
///
/// The keeper waits with `WNOWAIT` and reaps under the lock that guards
/// [`Postmaster::signal`], so a signal is never sent to a reaped (and
/// possibly reused) pid.
#[derive(Debug)]
pub(super) struct Postmaster {
    pub(super) pid: libc::pid_t,
    exit: Arc<Exit>,
    keeper: Option<JoinHandle<()>>,
}

impl Postmaster {
    /// Spawns `cmd` from a keeper thread of its own (see above).
    pub(super) fn spawn(mut cmd: Command) -> io::Result<Postmaster> {
        let exit = Arc::new(Exit::default());
        let keeper_exit = Arc::clone(&exit);
        let (tx, rx) = mpsc::channel();
        let keeper = std::thread::Builder::new()
            .name("pgrt-postmaster".into())
            .spawn(move || {
                let mut child = match cmd.spawn() {
                    Ok(child) => child,
                    Err(e) => {
                        let _ = tx.send(Err(e));
                        return;
                    }
                };
                let Ok(pid) = libc::pid_t::try_from(child.id()) else {
                    let _ = child.kill();
                    let _ = child.wait();
                    let _ = tx.send(Err(io::Error::other("child pid out of range")));
                    return;
                };
                let _ = tx.send(Ok(pid));
                wait_without_reaping(pid);
                let mut status = keeper_exit.lock();
                *status = Some(match child.wait() {
                    Ok(s) => s.to_string(),
                    Err(e) => format!("unknown status: {e}"),
                });
                keeper_exit.changed.notify_all();
            })?;
        match rx.recv() {
            Ok(Ok(pid)) => Ok(Postmaster {
                pid,
                exit,
                keeper: Some(keeper),
            }),
            Ok(Err(e)) => {
                let _ = keeper.join();
                Err(e)
            }
            Err(_) => Err(io::Error::other("the thread spawning postgres died")),
        }
    }

    /// The exit status, once the child has exited and been reaped.
    pub(super) fn exited(&self) -> Option<String> {
        self.exit.lock().clone()
    }

    /// Sends `signal` unless the child has already been reaped.
    fn signal(&self, signal: libc::c_int) {
        let status = self.exit.lock();
        if status.is_none() {
            // SAFETY: kill has no memory-safety preconditions; the pid is
            // our unreaped child (guaranteed by holding the lock).
            unsafe {
                libc::kill(self.pid, signal);
            }
        }
    }

    /// Waits until the child has exited; false on timeout.
    fn wait(&self, timeout: Duration) -> bool {
        let guard = self.exit.lock();
        let (guard, _) = self
            .exit
            .changed
            .wait_timeout_while(guard, timeout, |s| s.is_none())
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        guard.is_some()
    }

    /// Fast shutdown (SIGINT: roll back sessions, no checkpoint wait
    /// beyond the shutdown one), then SIGKILL if it takes too long.
    fn shutdown(&mut self) {
        self.signal(libc::SIGINT);
        if !self.wait(SHUTDOWN_GRACE) {
            self.signal(libc::SIGKILL);
            self.wait(SHUTDOWN_GRACE);
        }
        if self.exited().is_some()
            && let Some(keeper) = self.keeper.take()
        {
            let _ = keeper.join();
        }
    }
}

fn wait_without_reaping(pid: libc::pid_t) {
    let Ok(id) = libc::id_t::try_from(pid) else {
        return;
    };
    loop {
        // SAFETY: siginfo_t is plain data; zeroed is a valid value.
        let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
        // SAFETY: `info` is a valid out-pointer for the call's duration.
        let rc = unsafe { libc::waitid(libc::P_PID, id, &mut info, libc::WEXITED | libc::WNOWAIT) };
        if rc == 0 || io::Error::last_os_error().raw_os_error() != Some(libc::EINTR) {
            return;
        }
    }
}

/// Stops the server, then removes the directory; idempotent. Runs from
/// [`LocalCluster::stop`] or on drop (inside or outside a runtime: it only
/// blocks on std primitives).
#[derive(Debug, Default)]
pub(super) struct Teardown {
    pub(super) postmaster: Option<Postmaster>,
    pub(super) dir: Option<tempfile::TempDir>,
}

impl Teardown {
    /// Stops the server and removes the directory (the first time).
    pub(super) fn run(&mut self) -> io::Result<()> {
        if let Some(mut postmaster) = self.postmaster.take() {
            postmaster.shutdown();
        }
        match self.dir.take() {
            Some(dir) => dir.close(),
            None => Ok(()),
        }
    }
}

impl Drop for Teardown {
    fn drop(&mut self) {
        let _ = self.run();
    }
}

/// Connects to the server that `postmaster` runs until it accepts a
/// connection; fails with the end of its log (`log_path`) when it exits
/// first or does not answer within a minute.
pub(super) async fn wait_ready(
    admin: &PgConnectOptions,
    log_path: &Path,
    postmaster: Option<&Postmaster>,
) -> Result<PgConnection, DbError> {
    connect_until_ready(admin, READY_TIMEOUT, READY_POLL, |attempt| {
        if let Some(status) = postmaster.and_then(Postmaster::exited) {
            return Some(DbError::Process {
                action: "start postgres".into(),
                message: format!(
                    "it exited ({status}) before accepting connections; end of {}:\n{}",
                    log_path.display(),
                    log_tail(log_path)
                ),
            });
        }
        attempt.timed_out.then(|| DbError::Process {
            action: "start postgres".into(),
            message: format!(
                "it did not accept a connection within {} s (last error: {}); end of {}:\n{}",
                READY_TIMEOUT.as_secs(),
                crate::db::error::sqlx_text(attempt.error),
                log_path.display(),
                log_tail(log_path)
            ),
        })
    })
    .await
}

/// The last lines of the server log, for error messages.
pub(super) fn log_tail(path: &Path) -> String {
    const TAIL_BYTES: u64 = 4096;
    let Ok(mut file) = fs::File::open(path) else {
        return "(no server log)".into();
    };
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let _ = file.seek(SeekFrom::Start(len.saturating_sub(TAIL_BYTES)));
    let mut bytes = Vec::new();
    let _ = file.read_to_end(&mut bytes);
    last_lines(&String::from_utf8_lossy(&bytes), 20)
}

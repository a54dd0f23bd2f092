//! Running initdb and postgres as another user: both refuse to run as
//! root, so as root they run as `postgres` from `/etc/passwd`; and every
//! child dies with us (`PR_SET_PDEATHSIG`).

use std::fs;
use std::io;
use std::os::unix::process::CommandExt;
use std::process::Command;

use crate::db::error::DbError;

/// The user and group a child runs as.
#[derive(Debug, Clone, Copy)]
pub(super) struct Ids {
    pub(super) uid: u32,
    pub(super) gid: u32,
}

/// The user to run initdb and postgres as: `postgres` when we are root
/// (both refuse root), ourselves otherwise.
pub(super) fn run_as() -> Result<Option<Ids>, DbError> {
    // SAFETY: geteuid has no preconditions and cannot fail.
    if unsafe { libc::geteuid() } != 0 {
        return Ok(None);
    }
    let passwd = fs::read_to_string("/etc/passwd").unwrap_or_default();
    passwd
        .lines()
        .find_map(|line| {
            let fields: Vec<&str> = line.split(':').collect();
            match fields.as_slice() {
                ["postgres", _, uid, gid, ..] => Some(Ids {
                    uid: uid.parse().ok()?,
                    gid: gid.parse().ok()?,
                }),
                _ => None,
            }
        })
        .map(Some)
        .ok_or_else(|| DbError::Process {
            action: "run PostgreSQL as root".into(),
            message: "initdb and postgres refuse to run as root and /etc/passwd has no `postgres` user; \
                      create one (`useradd --system postgres`) or run pg-roundtrip as a regular user"
                .into(),
        })
}

/// Runs the child as `ids` (std sets the gid, drops supplementary groups,
/// then sets the uid) and makes the kernel SIGKILL it when the thread that
/// spawned it dies.
///
/// std runs `pre_exec` closures *after* the credential change, which
/// matters: the kernel clears the parent-death signal on every change of
/// uid/gid, so a PDEATHSIG set before `setuid` would be lost. (Verified by
/// `tests/db_cluster.rs`, which SIGKILLs a process that owns a cluster.)
pub(super) fn configure_child(cmd: &mut Command, run_as: Option<Ids>) {
    if let Some(ids) = run_as {
        cmd.uid(ids.uid).gid(ids.gid);
    }
    // SAFETY: getpid has no preconditions.
    let parent = unsafe { libc::getpid() };
    // SAFETY: the closure runs between fork and exec and only calls the
    // async-signal-safe prctl and getppid; it allocates only on error.
    unsafe {
        cmd.pre_exec(move || {
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL as libc::c_ulong) != 0 {
                return Err(io::Error::last_os_error());
            }
            // The parent may have died before the prctl took effect.
            if libc::getppid() != parent {
                return Err(io::Error::other(
                    "pg-roundtrip exited while starting the server",
                ));
            }
            Ok(())
        });
    }
}

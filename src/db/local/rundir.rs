//! The private per-run directories (`pgrt-*`): where they go
//! (`$PG_ROUNDTRIP_RUN_DIR` when set, else `/dev/shm` when it is a tmpfs
//! with room, else `/tmp`), the owner stamp that lets a
//! later run tell a leftover, and copying and handing over their files.

use std::fs;
use std::io;
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::{Path, PathBuf};

use super::user::Ids;
use crate::db::common::process_start_time;
use crate::db::error::DbError;

/// Where the per-run directories go, in order of preference; see
/// [`run_parent`]. Not `$TMPDIR`: the `postgres` user must be able to reach
/// it, and the socket path must stay short.
pub(super) const RUN_PARENTS: [&str; 2] = ["/dev/shm", "/tmp"];
/// Free space `/dev/shm` must have to be used (Docker's default is 64 MiB).
const SHM_MIN_FREE: u64 = 1 << 30;
/// Overrides where run directories go (a directory the `postgres` user can
/// reach, with a short path).
pub(super) const RUN_DIR_ENV: &str = "PG_ROUNDTRIP_RUN_DIR";
/// The name every run directory starts with.
pub(super) const RUN_PREFIX: &str = "pgrt-";
/// Written into every run directory: `<pid> <process start time>` of the
/// process that owns it, so that a later start can tell a leftover.
pub(super) const OWNER_FILE: &str = "pgrt.owner";
/// The server's log, beside its data directory.
pub(super) const LOG_FILE: &str = "server.log";
/// `sun_path` holds 108 bytes including the terminating NUL.
const MAX_SOCKET_PATH: usize = 107;

/// `$PG_ROUNDTRIP_RUN_DIR` when set and not empty.
pub(super) fn chosen_run_parent() -> Option<PathBuf> {
    std::env::var_os(RUN_DIR_ENV)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// [`chosen_run_parent`], else `/dev/shm` when it is a tmpfs with room,
/// else `/tmp`.
fn run_parent() -> PathBuf {
    if let Some(dir) = chosen_run_parent() {
        return dir;
    }
    let shm = Path::new(RUN_PARENTS[0]);
    if is_roomy_tmpfs(shm) {
        shm.to_path_buf()
    } else {
        PathBuf::from(RUN_PARENTS[1])
    }
}

fn is_roomy_tmpfs(path: &Path) -> bool {
    const TMPFS_MAGIC: libc::c_long = 0x0102_1994;
    let Ok(c_path) = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()) else {
        return false;
    };
    // SAFETY: statfs is plain data; zeroed is a valid value.
    let mut stat: libc::statfs = unsafe { std::mem::zeroed() };
    // SAFETY: both pointers are valid for the call's duration.
    if unsafe { libc::statfs(c_path.as_ptr(), &mut stat) } != 0 {
        return false;
    }
    #[allow(clippy::unnecessary_cast)] // the field's type differs between targets
    let is_tmpfs = stat.f_type as libc::c_long == TMPFS_MAGIC;
    #[allow(clippy::unnecessary_cast)]
    let free = (stat.f_bavail as u64).saturating_mul(stat.f_bsize as u64);
    // SAFETY: access only reads the NUL-terminated path.
    let writable = unsafe { libc::access(c_path.as_ptr(), libc::W_OK | libc::X_OK) } == 0;
    is_tmpfs && writable && free >= SHM_MIN_FREE
}

/// A fresh `pgrt-*` directory (mode 0700) with our owner file in it.
pub(super) fn new_run_dir() -> Result<tempfile::TempDir, DbError> {
    let parent = run_parent();
    let dir = tempfile::Builder::new()
        .prefix(RUN_PREFIX)
        .permissions(fs::Permissions::from_mode(0o700))
        .tempdir_in(&parent)
        .map_err(|source| DbError::Io {
            action: "create a private directory".into(),
            path: parent.clone(),
            source,
        })?;
    let owner = dir.path().join(OWNER_FILE);
    let me = std::process::id();
    let stamp = format!("{me} {}\n", process_start_time(me).unwrap_or_default());
    fs::write(&owner, stamp).map_err(|source| DbError::Io {
        action: "write the owner file".into(),
        path: owner,
        source,
    })?;
    Ok(dir)
}

/// Copies a directory tree, keeping permission bits (not owners).
pub(super) fn copy_tree(from: &Path, to: &Path) -> io::Result<()> {
    let mode = fs::metadata(from)?.permissions().mode();
    fs::DirBuilder::new().mode(mode & 0o7777).create(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        let dest = to.join(entry.file_name());
        if kind.is_dir() {
            copy_tree(&entry.path(), &dest)?;
        } else if kind.is_symlink() {
            std::os::unix::fs::symlink(fs::read_link(entry.path())?, &dest)?;
        } else {
            fs::copy(entry.path(), &dest)?;
        }
    }
    Ok(())
}

/// Hands a tree to `ids` (symlinks themselves, not their targets).
pub(super) fn chown_tree(path: &Path, ids: Ids) -> io::Result<()> {
    std::os::unix::fs::lchown(path, Some(ids.uid), Some(ids.gid))?;
    if fs::symlink_metadata(path)?.is_dir() {
        for entry in fs::read_dir(path)? {
            chown_tree(&entry?.path(), ids)?;
        }
    }
    Ok(())
}

/// Checks that the server's socket in `dir` fits a unix socket address.
pub(super) fn check_socket_path(dir: &Path, port: u16) -> Result<(), DbError> {
    let socket = dir.join(format!(".s.PGSQL.{port}"));
    if socket.as_os_str().len() > MAX_SOCKET_PATH {
        return Err(DbError::Process {
            action: "choose a socket directory".into(),
            message: format!(
                "{} is longer than {MAX_SOCKET_PATH} bytes",
                socket.display()
            ),
        });
    }
    Ok(())
}

//! The initdb cache: a cluster is initialized once per server version and
//! binary directory, under a name like `initdb-15.18-1a2b3c4d5e6f`, and
//! every start copies it. It is built elsewhere and renamed into place, so
//! concurrent processes never see half of one; a process that loses the
//! race throws its copy away.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use sha2::{Digest, Sha256};

use super::rundir::{chown_tree, copy_tree, new_run_dir};
use super::user::{Ids, configure_child};
use crate::db::common::last_lines;
use crate::db::error::DbError;

/// `$PG_ROUNDTRIP_CACHE`, else `$XDG_CACHE_HOME/pg-roundtrip`, else
/// `$HOME/.cache/pg-roundtrip`.
pub(super) fn default_cache_dir() -> PathBuf {
    let non_empty = |name: &str| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if let Some(dir) = non_empty("PG_ROUNDTRIP_CACHE") {
        return dir;
    }
    if let Some(dir) = non_empty("XDG_CACHE_HOME").filter(|d| d.is_absolute()) {
        return dir.join("pg-roundtrip");
    }
    if let Some(home) = non_empty("HOME") {
        return home.join(".cache").join("pg-roundtrip");
    }
    std::env::temp_dir().join("pg-roundtrip-cache")
}

/// The cached, initialized data directory for this server, created when
/// missing. Race-safe: built in a private directory and renamed into place.
pub(super) fn ensure_template(
    bin: &Path,
    version: &str,
    version_line: &str,
    cache_root: &Path,
    run_as: Option<Ids>,
) -> Result<PathBuf, DbError> {
    let mut hash = Sha256::new();
    hash.update(bin.as_os_str().as_encoded_bytes());
    hash.update([0]);
    hash.update(version_line.as_bytes());
    let digest: String = hash
        .finalize()
        .iter()
        .take(6)
        .map(|b| format!("{b:02x}"))
        .collect();
    let target = cache_root.join(format!("initdb-{version}-{digest}"));
    if target.join("PG_VERSION").is_file() {
        return Ok(target);
    }
    fs::create_dir_all(cache_root)
        .map_err(DbError::io("create the cache directory", cache_root))?;

    // initdb runs as `postgres`, which cannot reach e.g. /root/.cache:
    // initialize in a run directory, then copy next to the target and rename.
    let work = new_run_dir()?;
    let data = work.path().join("data");
    if let Some(ids) = run_as {
        chown_tree(work.path(), ids).map_err(DbError::io(
            "hand the initdb directory to the postgres user",
            work.path(),
        ))?;
    }
    let mut cmd = Command::new(bin.join("initdb"));
    cmd.arg("-D")
        .arg(&data)
        .args([
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        ])
        .stdin(Stdio::null())
        .current_dir(work.path());
    configure_child(&mut cmd, run_as);
    let out = cmd.output().map_err(|e| DbError::Process {
        action: format!("run {}", bin.join("initdb").display()),
        message: e.to_string(),
    })?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        return Err(DbError::Process {
            action: format!("initialize a cluster with {}", bin.join("initdb").display()),
            message: format!("{}:\n{}", out.status, last_lines(&stderr, 20)),
        });
    }

    let staging = tempfile::Builder::new()
        .prefix(".initdb-staging-")
        .tempdir_in(cache_root)
        .map_err(DbError::io("create a staging directory", cache_root))?;
    let staged = staging.path().join("data");
    copy_tree(&data, &staged).map_err(DbError::io("copy the initialized cluster", &staged))?;
    match fs::rename(&staged, &target) {
        Ok(()) => {}
        // Another process got there first; theirs is as good as ours.
        Err(_) if target.join("PG_VERSION").is_file() => {}
        Err(source) => {
            return Err(DbError::Io {
                action: "move the initialized cluster into the cache".into(),
                path: target,
                source,
            });
        }
    }
    let _ = work.close();
    let _ = staging.close();
    Ok(target)
}

//! The `local` backend: a throwaway PostgreSQL cluster started from the
//! server binaries installed on this machine.
//!
//! One file per concern: finding the binaries (`binaries`), the initdb
//! cache (`cache`), the private run directories (`rundir`), running as
//! another user (`user`), supervising the postmaster (`postmaster`) and
//! sweeping what crashed earlier runs left (`sweep`). This file starts
//! and stops a cluster with them.
//!
//! * **initdb once.** A cluster is initialized once per server version and
//!   binary directory into a cache directory (`$PG_ROUNDTRIP_CACHE`, else
//!   `$XDG_CACHE_HOME/pg-roundtrip`, else `$HOME/.cache/pg-roundtrip`),
//!   under a name like `initdb-15.18-1a2b3c4d5e6f`. It is built elsewhere
//!   and renamed into place, so concurrent processes never see half of one;
//!   a process that loses the race throws its copy away.
//! * **Copy per start.** Every start copies the cached data directory into
//!   a fresh private `pgrt-*` directory, which also holds the unix socket
//!   and `server.log`. That directory is in `/dev/shm` when it is a tmpfs
//!   with at least 1 GiB free, else in `/tmp`: creating the ~1000 files of
//!   a data directory cost ~1 s on this machine's ext4 and ~60 ms on tmpfs
//!   (start to ready: ~1 s against ~75 ms). The data then lives in memory,
//!   which a throwaway cluster with fsync off does not mind.
//! * **No TCP at all.** The server runs with `listen_addresses=''` and a
//!   private socket directory: no port is bound, so there is no free-port
//!   race between concurrent runs. `-p 5432` only names the socket file.
//! * **Root.** initdb and postgres refuse to run as root; when we are root
//!   both run as the `postgres` user from `/etc/passwd`.
//! * **Cleanup on every path.** [`LocalCluster::stop`] and `Drop` stop the
//!   server (fast shutdown, then SIGKILL) and remove the directory. If we
//!   are killed outright, the kernel kills the postmaster
//!   (`PR_SET_PDEATHSIG`), and the next start removes the directory of any
//!   `pgrt-*` owner that is no longer alive.

mod binaries;
mod cache;
mod postmaster;
mod rundir;
mod sweep;
mod user;

pub use binaries::{find_pg_bin, find_pg_bin_for_major, pg_bin_major};

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use sqlx::postgres::{PgConnectOptions, PgSslMode};

use crate::db::common::{SPEED_SETTINGS, version_num_and_close};
use crate::db::error::DbError;
use crate::db::server::Server;
use binaries::{postgres_version, short_version};
use cache::{default_cache_dir, ensure_template};
use postmaster::{Postmaster, Teardown, wait_ready};
use rundir::{LOG_FILE, check_socket_path, chown_tree, copy_tree, new_run_dir};
use sweep::sweep_stale_runs;
use user::{configure_child, run_as};

/// The port number only names the socket file: no TCP listener is opened.
const PORT: u16 = 5432;

/// How to start a [`LocalCluster`].
#[derive(Debug, Clone, Default)]
pub struct ClusterOptions {
    /// The directory holding `postgres` and `initdb` (`--pg-bin`); found
    /// with [`find_pg_bin`] when `None`.
    pub pg_bin: Option<PathBuf>,
    /// Where initialized clusters are cached; see the module docs for the
    /// default.
    pub cache_dir: Option<PathBuf>,
    /// More `name=value` server settings, after pg-roundtrip's own (so
    /// they win): e.g. `wal_level=replica` and `max_wal_senders=2` for a
    /// server that something streams from.
    pub settings: Vec<String>,
}

/// A server started for this run. Stopped, and its directory removed, by
/// [`LocalCluster::stop`] or on drop.
#[derive(Debug)]
pub struct LocalCluster {
    server: Server,
    dir: PathBuf,
    teardown: Teardown,
}

impl LocalCluster {
    /// Starts a server: initdb into the cache if needed, copy, spawn, and
    /// wait until it accepts a connection.
    pub async fn start(opts: ClusterOptions) -> Result<LocalCluster, DbError> {
        let prepared = tokio::task::spawn_blocking(move || prepare(&opts))
            .await
            .map_err(|e| DbError::Process {
                action: "prepare the local cluster".into(),
                message: e.to_string(),
            })??;
        let Prepared {
            dir,
            version,
            teardown,
        } = prepared;

        let admin = PgConnectOptions::new_without_pgpass()
            .socket(&dir)
            .port(PORT)
            .username("postgres")
            .database("postgres")
            .ssl_mode(PgSslMode::Disable)
            .application_name("pg-roundtrip");
        let conn = wait_ready(&admin, &dir.join(LOG_FILE), teardown.postmaster.as_ref()).await?;
        let version_num = version_num_and_close(conn).await?;

        Ok(LocalCluster {
            server: Server::new(
                admin,
                version_num,
                format!("local cluster {version} at {}", dir.display()),
            ),
            dir,
            teardown,
        })
    }

    /// The running server.
    pub fn server(&self) -> &Server {
        &self.server
    }

    /// The private directory: data, socket and `server.log`.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The last lines of the server's log (`server.log`).
    pub fn log_tail(&self) -> String {
        postmaster::log_tail(&self.dir.join(LOG_FILE))
    }

    /// The postmaster's process id.
    pub fn pid(&self) -> Option<u32> {
        self.teardown
            .postmaster
            .as_ref()
            .and_then(|p| u32::try_from(p.pid).ok())
    }

    /// Stops the server (fast shutdown; SIGKILL after 5 s) and removes the
    /// directory. Dropping the cluster does the same, blocking.
    pub async fn stop(mut self) -> Result<(), DbError> {
        let mut teardown = std::mem::take(&mut self.teardown);
        let dir = self.dir.clone();
        tokio::task::spawn_blocking(move || teardown.run())
            .await
            .map_err(|e| DbError::Process {
                action: "stop the local cluster".into(),
                message: e.to_string(),
            })?
            .map_err(|source| DbError::Io {
                action: "remove the cluster directory".into(),
                path: dir,
                source,
            })
    }
}

/// What the blocking half of `start` hands to the async half.
struct Prepared {
    dir: PathBuf,
    version: String,
    teardown: Teardown,
}

fn prepare(opts: &ClusterOptions) -> Result<Prepared, DbError> {
    let bin = find_pg_bin(opts.pg_bin.as_deref())?;
    let version_line = postgres_version(&bin)?;
    let version = short_version(&version_line);
    let run_as = run_as()?;

    sweep_stale_runs();

    let cache_root = match &opts.cache_dir {
        Some(dir) => dir.clone(),
        None => default_cache_dir(),
    };
    let template = ensure_template(&bin, &version, &version_line, &cache_root, run_as)?;

    let tmp = new_run_dir()?;
    let dir = tmp.path().to_path_buf();
    let mut teardown = Teardown {
        postmaster: None,
        dir: Some(tmp),
    };

    check_socket_path(&dir, PORT)?;

    let data = dir.join("data");
    copy_tree(&template, &data).map_err(DbError::io("copy the cached cluster", &data))?;
    fs::set_permissions(&data, fs::Permissions::from_mode(0o700))
        .map_err(DbError::io("set permissions", &data))?;
    let log_path = dir.join(LOG_FILE);
    let log =
        fs::File::create(&log_path).map_err(DbError::io("create the server log", &log_path))?;
    if let Some(ids) = run_as {
        chown_tree(&dir, ids)
            .map_err(DbError::io("hand the cluster to the postgres user", &dir))?;
    }

    let mut cmd = Command::new(bin.join("postgres"));
    cmd.arg("-D")
        .arg(&data)
        .arg("-k")
        .arg(&dir)
        .arg("-p")
        .arg(PORT.to_string());
    // No TCP listener at all: the socket in our private directory only.
    cmd.arg("-c").arg("listen_addresses=");
    // Dynamic shared memory in the data directory (`pg_dynshmem/`), not as
    // `/dev/shm/PostgreSQL.*` segments: a postmaster killed with its owner
    // (SIGKILL, PDEATHSIG) cannot remove those, while the data directory
    // goes with the run directory whatever ends the run.
    cmd.arg("-c").arg("dynamic_shared_memory_type=mmap");
    for setting in SPEED_SETTINGS {
        cmd.arg("-c").arg(setting);
    }
    for setting in &opts.settings {
        cmd.arg("-c").arg(setting);
    }
    let log_err = log
        .try_clone()
        .map_err(DbError::io("open the server log", &log_path))?;
    cmd.stdin(Stdio::null())
        .stdout(log)
        .stderr(log_err)
        .current_dir(&dir);
    configure_child(&mut cmd, run_as);
    let postmaster = Postmaster::spawn(cmd).map_err(|e| DbError::Process {
        action: format!("start {}", bin.join("postgres").display()),
        message: e.to_string(),
    })?;
    teardown.postmaster = Some(postmaster);

    Ok(Prepared {
        dir,
        version,
        teardown,
    })
}

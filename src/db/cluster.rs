//! The `local` backend: a throwaway PostgreSQL cluster started from the
//! server binaries installed on this machine.
//!
//! This file owns finding the binaries, the initdb cache, starting and
//! stopping the postmaster, and cleaning up after us and after crashed
//! earlier runs.
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

use std::fs;
use std::io::{self, Read, Seek, SeekFrom};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, mpsc};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime};

use sha2::{Digest, Sha256};
use sqlx::postgres::{PgConnectOptions, PgSslMode};
use sqlx::{ConnectOptions, Connection, PgConnection};

use super::{DbError, Server};

/// Where the per-run directories go, in order of preference; see
/// [`run_parent`]. Not `$TMPDIR`: the `postgres` user must be able to reach
/// it, and the socket path must stay short.
const RUN_PARENTS: [&str; 2] = ["/dev/shm", "/tmp"];
/// Free space `/dev/shm` must have to be used (Docker's default is 64 MiB).
const SHM_MIN_FREE: u64 = 1 << 30;
const RUN_PREFIX: &str = "pgrt-";
/// Written into every run directory: `<pid> <process start time>` of the
/// process that owns it, so that a later start can tell a leftover.
const OWNER_FILE: &str = "pgrt.owner";
const LOG_FILE: &str = "server.log";
const PORT: u16 = 5432;
/// `sun_path` holds 108 bytes including the terminating NUL.
const MAX_SOCKET_PATH: usize = 107;
const READY_TIMEOUT: Duration = Duration::from_secs(60);
const READY_POLL: Duration = Duration::from_millis(5);
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);
/// A run directory without an owner file is only swept when it is older
/// than this (it may be being created right now).
const UNOWNED_AGE: Duration = Duration::from_secs(3600);

/// How to start a [`LocalCluster`].
#[derive(Debug, Clone, Default)]
pub struct ClusterOptions {
    /// The directory holding `postgres` and `initdb` (`--pg-bin`); found
    /// with [`find_pg_bin`] when `None`.
    pub pg_bin: Option<PathBuf>,
    /// Where initialized clusters are cached; see the module docs for the
    /// default.
    pub cache_dir: Option<PathBuf>,
}

/// Finds the directory that holds the server binaries `postgres` and
/// `initdb`, in this order: `override_dir` (an error if they are not
/// there), `postgres` on `PATH` (symlinks resolved to the real directory),
/// `pg_config --bindir`, then Debian's `/usr/lib/postgresql/<major>/bin`,
/// newest major first.
pub fn find_pg_bin(override_dir: Option<&Path>) -> Result<PathBuf, DbError> {
    if let Some(dir) = override_dir {
        return if has_server_binaries(dir) {
            Ok(fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf()))
        } else {
            Err(DbError::BinariesNotFound {
                searched: format!("--pg-bin {}: no postgres and initdb there", dir.display()),
            })
        };
    }
    let mut searched = Vec::new();

    let mut on_path = Vec::new();
    if let Some(path) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&path) {
            let candidate = dir.join("postgres");
            if candidate.is_file() {
                let real = fs::canonicalize(&candidate).unwrap_or(candidate);
                if let Some(real_dir) = real.parent() {
                    if has_server_binaries(real_dir) {
                        return Ok(real_dir.to_path_buf());
                    }
                    on_path.push(real_dir.display().to_string());
                }
            }
        }
    }
    searched.push(if on_path.is_empty() {
        "postgres on PATH: not found".to_string()
    } else {
        format!(
            "postgres on PATH: no initdb beside it in {}",
            on_path.join(", ")
        )
    });

    match Command::new("pg_config")
        .arg("--bindir")
        .stderr(Stdio::null())
        .output()
    {
        Ok(out) if out.status.success() => {
            let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
            if has_server_binaries(&dir) {
                return Ok(fs::canonicalize(&dir).unwrap_or(dir));
            }
            searched.push(format!(
                "pg_config --bindir: no postgres and initdb in {}",
                dir.display()
            ));
        }
        Ok(_) => searched.push("pg_config --bindir: failed".to_string()),
        Err(_) => searched.push("pg_config: not on PATH".to_string()),
    }

    let debian = Path::new("/usr/lib/postgresql");
    let mut majors: Vec<(Vec<u32>, PathBuf)> = fs::read_dir(debian)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let key: Option<Vec<u32>> = name.split('.').map(|p| p.parse().ok()).collect();
            key.map(|k| (k, entry.path().join("bin")))
        })
        .collect();
    majors.sort_by(|a, b| b.0.cmp(&a.0));
    for (_, dir) in &majors {
        if has_server_binaries(dir) {
            return Ok(dir.clone());
        }
    }
    searched.push(format!(
        "{}/<major>/bin: none with postgres and initdb",
        debian.display()
    ));

    Err(DbError::BinariesNotFound {
        searched: searched.join("; "),
    })
}

/// The major version of the server binaries in `bin` (`postgres --version`).
pub fn pg_bin_major(bin: &Path) -> Result<u32, DbError> {
    let line = postgres_version(bin)?;
    let version = short_version(&line);
    version
        .split(['.', 'b', 'r', 'd'])
        .next()
        .and_then(|m| m.parse().ok())
        .ok_or_else(|| DbError::Process {
            action: format!("read the version of {}", bin.join("postgres").display()),
            message: format!("unexpected output {line:?}"),
        })
}

/// Like [`find_pg_bin`], but for one major version: `override_dir` must
/// hold that major; otherwise `postgres` on `PATH`, `pg_config --bindir`
/// and `/usr/lib/postgresql/<major>/bin` are tried, and the first with the
/// right major wins. The error names the majors that are installed.
pub fn find_pg_bin_for_major(override_dir: Option<&Path>, major: u32) -> Result<PathBuf, DbError> {
    if let Some(dir) = override_dir {
        let bin = find_pg_bin(Some(dir))?;
        let found = pg_bin_major(&bin)?;
        return if found == major {
            Ok(bin)
        } else {
            Err(DbError::MajorNotInstalled {
                major,
                installed: format!("--pg-bin {} holds PostgreSQL {found}", dir.display()),
            })
        };
    }
    let debian = Path::new("/usr/lib/postgresql")
        .join(major.to_string())
        .join("bin");
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Ok(bin) = find_pg_bin(None) {
        candidates.push(bin);
    }
    candidates.push(debian);
    let mut installed = Vec::new();
    for bin in candidates {
        if !has_server_binaries(&bin) {
            continue;
        }
        match pg_bin_major(&bin) {
            Ok(found) if found == major => return Ok(bin),
            Ok(found) => installed.push(format!("{found} in {}", bin.display())),
            Err(_) => {}
        }
    }
    for entry in fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
    {
        let bin = entry.path().join("bin");
        let name = entry.file_name().to_string_lossy().into_owned();
        if has_server_binaries(&bin)
            && !installed.iter().any(|i| i.starts_with(&format!("{name} ")))
        {
            installed.push(format!("{name} in {}", bin.display()));
        }
    }
    Err(DbError::MajorNotInstalled {
        major,
        installed: if installed.is_empty() {
            "no PostgreSQL server is installed".into()
        } else {
            format!("installed: {}", installed.join(", "))
        },
    })
}

fn has_server_binaries(dir: &Path) -> bool {
    dir.join("postgres").is_file() && dir.join("initdb").is_file()
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
            mut teardown,
        } = prepared;

        let admin = PgConnectOptions::new_without_pgpass()
            .socket(&dir)
            .port(PORT)
            .username("postgres")
            .database("postgres")
            .ssl_mode(PgSslMode::Disable)
            .application_name("pg-roundtrip");
        let mut conn = wait_ready(&admin, &dir, &mut teardown).await?;
        let version_num = server_version_num(&mut conn).await;
        let _ = conn.close().await;
        let version_num = version_num?;

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
    let io_err = |action: &str, path: &Path| {
        let action = action.to_string();
        let path = path.to_path_buf();
        move |source| DbError::Io {
            action,
            path,
            source,
        }
    };

    let socket = dir.join(format!(".s.PGSQL.{PORT}"));
    if socket.as_os_str().len() > MAX_SOCKET_PATH {
        return Err(DbError::Process {
            action: "choose a socket directory".into(),
            message: format!(
                "{} is longer than {MAX_SOCKET_PATH} bytes",
                socket.display()
            ),
        });
    }

    let data = dir.join("data");
    copy_tree(&template, &data).map_err(io_err("copy the cached cluster", &data))?;
    fs::set_permissions(&data, fs::Permissions::from_mode(0o700))
        .map_err(io_err("set permissions", &data))?;
    let log_path = dir.join(LOG_FILE);
    let log = fs::File::create(&log_path).map_err(io_err("create the server log", &log_path))?;
    if let Some(ids) = run_as {
        chown_tree(&dir, ids).map_err(io_err("hand the cluster to the postgres user", &dir))?;
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
    for setting in super::SPEED_SETTINGS {
        cmd.arg("-c").arg(setting);
    }
    let log_err = log
        .try_clone()
        .map_err(io_err("open the server log", &log_path))?;
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

async fn wait_ready(
    admin: &PgConnectOptions,
    dir: &Path,
    teardown: &mut Teardown,
) -> Result<PgConnection, DbError> {
    let started = Instant::now();
    let log_path = dir.join(LOG_FILE);
    let options = admin.clone().disable_statement_logging();
    loop {
        match PgConnection::connect_with(&options).await {
            Ok(conn) => return Ok(conn),
            Err(err) => {
                if let Some(status) = teardown.postmaster.as_ref().and_then(Postmaster::exited) {
                    return Err(DbError::Process {
                        action: "start postgres".into(),
                        message: format!(
                            "it exited ({status}) before accepting connections; end of {}:\n{}",
                            log_path.display(),
                            log_tail(&log_path)
                        ),
                    });
                }
                if started.elapsed() > READY_TIMEOUT {
                    return Err(DbError::Process {
                        action: "start postgres".into(),
                        message: format!(
                            "it did not accept a connection within {} s (last error: {err}); end of {}:\n{}",
                            READY_TIMEOUT.as_secs(),
                            log_path.display(),
                            log_tail(&log_path)
                        ),
                    });
                }
            }
        }
        tokio::time::sleep(READY_POLL).await;
    }
}

pub(super) async fn server_version_num(conn: &mut PgConnection) -> Result<u32, DbError> {
    let text: String = sqlx::query_scalar("SHOW server_version_num")
        .fetch_one(&mut *conn)
        .await
        .map_err(|source| DbError::Admin {
            action: "read server_version_num".into(),
            source,
        })?;
    text.trim().parse().map_err(|_| DbError::Process {
        action: "read server_version_num".into(),
        message: format!("unexpected value {text:?}"),
    })
}

/// The last lines of the server log, for error messages.
fn log_tail(path: &Path) -> String {
    const TAIL_BYTES: u64 = 4096;
    let Ok(mut file) = fs::File::open(path) else {
        return "(no server log)".into();
    };
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let _ = file.seek(SeekFrom::Start(len.saturating_sub(TAIL_BYTES)));
    let mut bytes = Vec::new();
    let _ = file.read_to_end(&mut bytes);
    let text = String::from_utf8_lossy(&bytes);
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(20)..].join("\n")
}

// ---------------------------------------------------------------------------
// Binaries, users, directories

/// `postgres --version`, e.g. `postgres (PostgreSQL) 15.18 (Debian 15.18-1)`.
/// (`--version` is answered before the server's refusal to run as root.)
fn postgres_version(bin: &Path) -> Result<String, DbError> {
    let exe = bin.join("postgres");
    let out = Command::new(&exe)
        .arg("--version")
        .output()
        .map_err(|e| DbError::Process {
            action: format!("run {} --version", exe.display()),
            message: e.to_string(),
        })?;
    if !out.status.success() {
        return Err(DbError::Process {
            action: format!("run {} --version", exe.display()),
            message: String::from_utf8_lossy(&out.stderr).trim().to_string(),
        });
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// `15.18` out of `postgres (PostgreSQL) 15.18 (Debian …)`; safe for a
/// file name.
fn short_version(line: &str) -> String {
    let token = line
        .split_once(')')
        .and_then(|(_, rest)| rest.split_whitespace().next())
        .unwrap_or("unknown");
    token
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        .collect()
}

#[derive(Debug, Clone, Copy)]
struct Ids {
    uid: u32,
    gid: u32,
}

/// The user to run initdb and postgres as: `postgres` when we are root
/// (both refuse root), ourselves otherwise.
fn run_as() -> Result<Option<Ids>, DbError> {
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

fn default_cache_dir() -> PathBuf {
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
fn ensure_template(
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
    let io_err = |action: &str, path: &Path| {
        let action = action.to_string();
        let path = path.to_path_buf();
        move |source| DbError::Io {
            action,
            path,
            source,
        }
    };
    fs::create_dir_all(cache_root).map_err(io_err("create the cache directory", cache_root))?;

    // initdb runs as `postgres`, which cannot reach e.g. /root/.cache:
    // initialize in a run directory, then copy next to the target and rename.
    let work = new_run_dir()?;
    let data = work.path().join("data");
    if let Some(ids) = run_as {
        chown_tree(work.path(), ids).map_err(io_err(
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
        let lines: Vec<&str> = stderr.lines().collect();
        return Err(DbError::Process {
            action: format!("initialize a cluster with {}", bin.join("initdb").display()),
            message: format!(
                "{}:\n{}",
                out.status,
                lines[lines.len().saturating_sub(20)..].join("\n")
            ),
        });
    }

    let staging = tempfile::Builder::new()
        .prefix(".initdb-staging-")
        .tempdir_in(cache_root)
        .map_err(io_err("create a staging directory", cache_root))?;
    let staged = staging.path().join("data");
    copy_tree(&data, &staged).map_err(io_err("copy the initialized cluster", &staged))?;
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

/// `/dev/shm` when it is a tmpfs with room, else `/tmp`.
fn run_parent() -> PathBuf {
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
fn new_run_dir() -> Result<tempfile::TempDir, DbError> {
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
fn copy_tree(from: &Path, to: &Path) -> io::Result<()> {
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

fn chown_tree(path: &Path, ids: Ids) -> io::Result<()> {
    std::os::unix::fs::lchown(path, Some(ids.uid), Some(ids.gid))?;
    if fs::symlink_metadata(path)?.is_dir() {
        for entry in fs::read_dir(path)? {
            chown_tree(&entry?.path(), ids)?;
        }
    }
    Ok(())
}

/// Runs the child as `ids` (std sets the gid, drops supplementary groups,
/// then sets the uid) and makes the kernel SIGKILL it when the thread that
/// spawned it dies.
///
/// std runs `pre_exec` closures *after* the credential change, which
/// matters: the kernel clears the parent-death signal on every change of
/// uid/gid, so a PDEATHSIG set before `setuid` would be lost. (Verified by
/// `tests/db_cluster.rs`, which SIGKILLs a process that owns a cluster.)
fn configure_child(cmd: &mut Command, run_as: Option<Ids>) {
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

// ---------------------------------------------------------------------------
// The postmaster process

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
struct Postmaster {
    pid: libc::pid_t,
    exit: Arc<Exit>,
    keeper: Option<JoinHandle<()>>,
}

impl Postmaster {
    fn spawn(mut cmd: Command) -> io::Result<Postmaster> {
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

    fn exited(&self) -> Option<String> {
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
struct Teardown {
    postmaster: Option<Postmaster>,
    dir: Option<tempfile::TempDir>,
}

impl Teardown {
    fn run(&mut self) -> io::Result<()> {
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

// ---------------------------------------------------------------------------
// Sweeping leftovers of runs that were killed

/// Start time of a process in clock ticks since boot (field 22 of
/// `/proc/<pid>/stat`), which tells a live owner from a reused pid.
pub(super) fn process_start_time(pid: u32) -> Option<u64> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let (_, rest) = stat.rsplit_once(')')?;
    rest.split_whitespace().nth(19)?.parse().ok()
}

/// Alive and not a zombie.
pub(super) fn process_alive(pid: u32) -> bool {
    let Ok(stat) = fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return false;
    };
    let state = stat
        .rsplit_once(')')
        .and_then(|(_, rest)| rest.split_whitespace().next());
    !matches!(state, None | Some("Z" | "X"))
}

fn owner_alive(dir: &Path) -> Option<bool> {
    let text = fs::read_to_string(dir.join(OWNER_FILE)).ok()?;
    let mut parts = text.split_whitespace();
    let pid: u32 = parts.next()?.parse().ok()?;
    let started: Option<u64> = parts.next().and_then(|s| s.parse().ok());
    Some(process_alive(pid) && (started.is_none() || process_start_time(pid) == started))
}

/// Best effort: removes `pgrt-*` run directories whose owner is dead,
/// stopping a postmaster still running in one.
fn sweep_stale_runs() {
    let entries = RUN_PARENTS
        .iter()
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
        match owner_alive(&path) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_version_takes_the_number_after_the_product_name() {
        assert_eq!(
            short_version("postgres (PostgreSQL) 15.18 (Debian 15.18-1.pgdg120+1)"),
            "15.18"
        );
        assert_eq!(short_version("postgres (PostgreSQL) 17beta1"), "17beta1");
        assert_eq!(short_version("garbage"), "unknown");
    }

    #[test]
    fn an_override_without_binaries_is_an_error_naming_it() {
        let err = find_pg_bin(Some(Path::new("/nonexistent/pg/bin"))).err();
        let text = err.map(|e| e.to_string()).unwrap_or_default();
        assert!(text.contains("--pg-bin /nonexistent/pg/bin"), "{text}");
    }

    #[test]
    fn process_start_time_of_ourselves_is_readable() {
        assert!(process_start_time(std::process::id()).is_some());
        assert!(process_alive(std::process::id()));
    }
}

//! Scratch databases for integration tests.
//!
//! Stand-in until the crate's own local cluster lands: one throwaway
//! PostgreSQL cluster per test process (initdb into /tmp as the `postgres`
//! user when we are root, unix socket only, no TCP), one fresh database per
//! call. The server is stopped and its directory removed when the process
//! exits. Only [`scratch_database`] is meant to be used by tests.

use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, Connection, Executor, PgConnection};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::OnceCell;

/// Names the socket file only: the server listens on no TCP port.
const PORT: u16 = 5432;

struct Cluster {
    dir: PathBuf,
    bin: PathBuf,
}

static CLUSTER: OnceCell<Cluster> = OnceCell::const_new();
/// The postmaster's pid and the cluster directory, for the exit hook.
static RUNNING: OnceLock<(i32, PathBuf)> = OnceLock::new();
static NEXT_DATABASE: AtomicU32 = AtomicU32::new(0);

/// Drops its database when dropped.
struct ScratchGuard {
    name: String,
    dir: PathBuf,
    bin: PathBuf,
}

impl Drop for ScratchGuard {
    fn drop(&mut self) {
        let _ = Command::new(self.bin.join("psql"))
            .args(["-X", "-q", "-h"])
            .arg(&self.dir)
            .args(["-p", &PORT.to_string(), "-U", "postgres", "-d", "postgres"])
            .args([
                "-c",
                &format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

/// A fresh, empty database (`CREATE DATABASE … TEMPLATE template0`) on the
/// process's cluster, and a connection to it.
pub async fn scratch_database() -> (impl Drop, PgConnection) {
    let cluster = CLUSTER.get_or_init(start_cluster).await;
    let name = format!(
        "t_{}_{}",
        std::process::id(),
        NEXT_DATABASE.fetch_add(1, Ordering::Relaxed)
    );
    let mut admin = connect(&cluster.dir, "postgres")
        .await
        .expect("connect to the maintenance database");
    admin
        .execute(sqlx::AssertSqlSafe(format!(
            "CREATE DATABASE {name} TEMPLATE template0"
        )))
        .await
        .expect("create a scratch database");
    admin.close().await.expect("close the admin connection");
    let conn = connect(&cluster.dir, &name)
        .await
        .expect("connect to the scratch database");
    let guard = ScratchGuard {
        name,
        dir: cluster.dir.clone(),
        bin: cluster.bin.clone(),
    };
    (guard, conn)
}

async fn connect(dir: &Path, database: &str) -> Result<PgConnection, sqlx::Error> {
    PgConnectOptions::new()
        .socket(dir)
        .port(PORT)
        .username("postgres")
        .database(database)
        .disable_statement_logging()
        .connect()
        .await
}

fn pg_bin() -> PathBuf {
    if let Some(dir) = std::env::var_os("PG_BINDIR") {
        return PathBuf::from(dir);
    }
    let mut majors: Vec<u32> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL binaries under /usr/lib/postgresql (or set PG_BINDIR)")
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse().ok())
        .collect();
    majors.sort_unstable();
    let major = majors
        .last()
        .expect("a PostgreSQL version under /usr/lib/postgresql");
    PathBuf::from(format!("/usr/lib/postgresql/{major}/bin"))
}

/// The uid and gid of `postgres` from /etc/passwd, when we are root
/// (initdb and postgres refuse to run as root).
fn run_as() -> Option<(u32, u32)> {
    // SAFETY: geteuid has no preconditions and cannot fail.
    if unsafe { libc::geteuid() } != 0 {
        return None;
    }
    let passwd = std::fs::read_to_string("/etc/passwd").expect("read /etc/passwd");
    let line = passwd
        .lines()
        .find(|line| line.starts_with("postgres:"))
        .expect("a postgres user to run the server as");
    let fields: Vec<&str> = line.split(':').collect();
    let uid = fields[2].parse().expect("postgres uid");
    let gid = fields[3].parse().expect("postgres gid");
    Some((uid, gid))
}

fn as_server_user(command: &mut Command, user: Option<(u32, u32)>) -> &mut Command {
    if let Some((uid, gid)) = user {
        command.uid(uid).gid(gid);
    }
    command
}

async fn start_cluster() -> Cluster {
    let bin = pg_bin();
    let user = run_as();
    let dir = tempfile::Builder::new()
        .prefix("pgrt-test-")
        .tempdir_in("/tmp")
        .expect("create the cluster directory")
        .keep();
    if let Some((uid, gid)) = user {
        std::os::unix::fs::chown(&dir, Some(uid), Some(gid)).expect("chown the cluster directory");
    }
    let data = dir.join("data");

    let initdb = as_server_user(&mut Command::new(bin.join("initdb")), user)
        .current_dir(&dir)
        .arg("-D")
        .arg(&data)
        .args([
            "-A",
            "trust",
            "-U",
            "postgres",
            "--no-sync",
            "-E",
            "UTF8",
            "--locale=C",
        ])
        .output()
        .expect("run initdb");
    assert!(
        initdb.status.success(),
        "initdb failed: {}",
        String::from_utf8_lossy(&initdb.stderr)
    );

    let log = std::fs::File::create(dir.join("server.log")).expect("create the server log");
    let child = as_server_user(&mut Command::new(bin.join("postgres")), user)
        .current_dir(&dir)
        .arg("-D")
        .arg(&data)
        .arg("-k")
        .arg(&dir)
        .args(["-p", &PORT.to_string()])
        .args(["-c", "listen_addresses=", "-c", "fsync=off"])
        .args(["-c", "full_page_writes=off", "-c", "synchronous_commit=off"])
        .stdin(Stdio::null())
        .stdout(log.try_clone().expect("clone the log handle"))
        .stderr(log)
        .spawn()
        .expect("start postgres");
    let pid = i32::try_from(child.id()).expect("pid fits in i32");
    // The exit hook reaps the server by pid; the handle is not needed.
    drop(child);
    if RUNNING.set((pid, dir.clone())).is_ok() {
        // SAFETY: registering a plain `extern "C" fn` has no preconditions.
        unsafe { libc::atexit(stop_cluster) };
    }

    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        match connect(&dir, "postgres").await {
            Ok(conn) => {
                let _ = conn.close().await;
                break;
            }
            Err(error) if Instant::now() < deadline => {
                let _ = error;
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            Err(error) => {
                let log = std::fs::read_to_string(dir.join("server.log")).unwrap_or_default();
                panic!("postgres did not accept connections: {error}\n{log}");
            }
        }
    }
    Cluster { dir, bin }
}

/// Fast shutdown (SIGINT), wait up to 10 s, remove the directory.
extern "C" fn stop_cluster() {
    let Some((pid, dir)) = RUNNING.get() else {
        return;
    };
    // SAFETY: plain syscalls on the pid of the child we spawned.
    unsafe {
        libc::kill(*pid, libc::SIGINT);
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut status = 0;
        while libc::waitpid(*pid, &mut status, libc::WNOHANG) == 0 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
    }
    let _ = std::fs::remove_dir_all(dir);
}

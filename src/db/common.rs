//! What the backends share: the speed settings every server we start runs
//! with, connecting until a fresh server answers, reading its version,
//! telling a live owner process from a dead one, and cleanup from `Drop`.

use std::fs;
use std::time::{Duration, Instant};

use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, Connection, PgConnection};

use super::error::DbError;

/// Settings for every server a backend starts (local cluster or
/// container): each is about speed, none changes what a migration can
/// observe about the schema.
pub const SPEED_SETTINGS: &[&str] = &[
    // Durability is worthless for a throwaway server.
    "fsync=off",
    "synchronous_commit=off",
    "full_page_writes=off",
    // Minimal WAL: less to write, and `CREATE TABLE` + load in one
    // transaction skips WAL entirely. Needs max_wal_senders=0.
    "wal_level=minimal",
    "max_wal_senders=0",
    // No checkpoints forced by WAL volume or time during a run.
    "max_wal_size=8GB",
    "checkpoint_timeout=1d",
    // No background vacuum/analyze competing for the cores.
    "autovacuum=off",
    // Catalog queries can look expensive enough to trigger JIT compilation,
    // which costs far more than it saves on small data.
    "jit=off",
    // Not for speed: a migration's `CREATE TABLESPACE … LOCATION ''` puts
    // the tablespace inside the server's own data directory (pg_tblspc),
    // which goes with the run, instead of a path of the host.
    "allow_in_place_tablespaces=on",
];

/// Why a server that is starting up did not answer yet, as the caller of
/// [`connect_until_ready`] is asked after every failed attempt.
pub(super) struct Attempt<'a> {
    /// The error of the last connection attempt.
    pub error: &'a sqlx::Error,
    /// Whether the caller's time limit has passed.
    pub timed_out: bool,
}

/// Connects to a server that is starting, every `poll`, until a
/// connection succeeds or `give_up` returns the error to fail with (it is
/// asked after every failed attempt; the attempt tells it whether
/// `timeout` has passed).
pub(super) async fn connect_until_ready(
    admin: &PgConnectOptions,
    timeout: Duration,
    poll: Duration,
    mut give_up: impl FnMut(Attempt<'_>) -> Option<DbError>,
) -> Result<PgConnection, DbError> {
    let options = admin.clone().disable_statement_logging();
    let started = Instant::now();
    loop {
        match PgConnection::connect_with(&options).await {
            Ok(conn) => return Ok(conn),
            Err(error) => {
                let attempt = Attempt {
                    error: &error,
                    timed_out: started.elapsed() > timeout,
                };
                if let Some(e) = give_up(attempt) {
                    return Err(e);
                }
            }
        }
        tokio::time::sleep(poll).await;
    }
}

/// `server_version_num` (e.g. 150018) read on `conn`, which is then
/// closed.
pub(super) async fn version_num_and_close(mut conn: PgConnection) -> Result<u32, DbError> {
    let version_num = server_version_num(&mut conn).await;
    let _ = conn.close().await;
    version_num
}

async fn server_version_num(conn: &mut PgConnection) -> Result<u32, DbError> {
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

/// `15.18` out of `server_version_num` 150018, for descriptions.
pub(super) fn major_minor(version_num: u32) -> String {
    format!("{}.{}", version_num / 10000, version_num % 10000)
}

/// The last `count` lines of `text`, for error messages.
pub(super) fn last_lines(text: &str, count: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(count)..].join("\n")
}

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

/// Whether the process that stamped a leftover (`pid`, and its start time
/// when it was recorded) is still the same live process.
pub(super) fn owner_alive(pid: u32, started: Option<u64>) -> bool {
    process_alive(pid) && (started.is_none() || process_start_time(pid) == started)
}

/// Runs cleanup that needs async I/O from a synchronous context (`Drop`),
/// and waits for it. On a multi-thread runtime the current worker steps
/// aside (`block_in_place`) and the future runs on the same runtime; on a
/// current-thread runtime, or outside any runtime, it runs on a thread of
/// its own with a small runtime, built by `make` there (so that nothing in
/// it is tied to a runtime that is blocked waiting for it).
pub(super) fn block_on_in_drop<F, M>(make: M)
where
    M: FnOnce() -> F + Send + 'static,
    F: std::future::Future<Output = ()>,
{
    use tokio::runtime::{Handle, RuntimeFlavor};
    if let Ok(handle) = Handle::try_current()
        && handle.runtime_flavor() == RuntimeFlavor::MultiThread
    {
        tokio::task::block_in_place(move || handle.block_on(make()));
        return;
    }
    let worker = std::thread::spawn(move || {
        if let Ok(rt) = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        {
            rt.block_on(make());
        }
    });
    let _ = worker.join();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn process_start_time_of_ourselves_is_readable() {
        assert!(process_start_time(std::process::id()).is_some());
        assert!(process_alive(std::process::id()));
        assert!(owner_alive(
            std::process::id(),
            process_start_time(std::process::id())
        ));
    }

    #[test]
    fn last_lines_keeps_the_end() {
        assert_eq!(last_lines("a\nb\nc\n", 2), "b\nc");
        assert_eq!(last_lines("a", 5), "a");
    }
}

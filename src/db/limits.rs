//! The limits a step runs under: `statement_timeout` (which also bounds
//! the whole step, see [`super::run_step`]) and `lock_timeout`, and what a step
//! that ended by one of them was waiting for ([`super::lockwatch`]).

use std::time::Duration;

use sqlx::PgConnection;
use sqlx::postgres::PgConnectOptions;

use super::exec::{FailureKind, StepFailure, run_script};
use super::lockwatch::Watch;
use crate::source::Step;

/// The default `statement_timeout` (and bound of a whole step).
pub const DEFAULT_STATEMENT_TIMEOUT: Duration = Duration::from_secs(300);
/// The default `lock_timeout`: on a scratch database nobody else should
/// hold a lock a migration needs for long.
pub const DEFAULT_LOCK_TIMEOUT: Duration = Duration::from_secs(60);
/// SQLSTATE `lock_not_available`, which `lock_timeout` raises.
pub const LOCK_NOT_AVAILABLE: &str = "55P03";

/// How long one step may run and wait for a lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepLimits {
    /// `statement_timeout`, and the bound of the whole step.
    pub statement: Duration,
    /// `lock_timeout`.
    pub lock: Duration,
}

impl Default for StepLimits {
    fn default() -> Self {
        StepLimits {
            statement: DEFAULT_STATEMENT_TIMEOUT,
            lock: DEFAULT_LOCK_TIMEOUT,
        }
    }
}

fn millis(d: Duration) -> u128 {
    // 0 would mean "no limit" to the server.
    d.as_millis().clamp(1, i32::MAX as u128)
}

/// [`super::run_step`] with `lock_timeout` set too; with `watch` (options that
/// connect to the step's database), a step that times out or ends by
/// `lock_timeout` while waiting for a lock says in its `detail` which lock
/// it waited for and which sessions held it, with their queries. The
/// session keeps both limits afterwards.
pub async fn run_step_limited(
    conn: &mut PgConnection,
    step: &Step,
    limits: &StepLimits,
    watch: Option<&PgConnectOptions>,
) -> Result<(), StepFailure> {
    let prepared = prepare(conn, limits).await?;
    run_prepared(conn, step, limits, prepared.pid, watch).await
}

/// What [`prepare`] read of a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Prepared {
    /// `pg_backend_pid()`, which the lock watch looks for.
    pub pid: i32,
    /// What a session takes from the catalogs when it starts, and keeps
    /// (see [`SESSION_FINGERPRINT`]).
    pub fingerprint: String,
}

/// What a new session takes from the catalogs when it starts, and an older
/// one does not see change: the settings of `ALTER DATABASE`/`ALTER ROLE …
/// SET` (`pg_db_role_setting`, every row), the database's own row (its
/// catalog row version: `ALLOW_CONNECTIONS`, `CONNECTION LIMIT`, owner…),
/// the session user's login attributes, and the procedural languages
/// besides SQL and PL/pgSQL (PL/Python's and PL/Perl's interpreters keep
/// state per session that `DISCARD ALL` does not clear).
pub(crate) const SESSION_FINGERPRINT: &str = "concat_ws(' | ', \
    (SELECT string_agg(s.setdatabase::text || ':' || s.setrole::text || ':' || s.setconfig::text, \
        ';' ORDER BY s.setdatabase, s.setrole) FROM pg_catalog.pg_db_role_setting s), \
    (SELECT d.xmin::text FROM pg_catalog.pg_database d WHERE d.datname = current_database()), \
    (SELECT row(r.rolsuper, r.rolinherit, r.rolcanlogin, r.rolconnlimit, r.rolvaliduntil)::text \
        FROM pg_catalog.pg_roles r WHERE r.rolname = session_user), \
    (SELECT string_agg(l.lanname, ',' ORDER BY l.lanname) FROM pg_catalog.pg_language l \
        WHERE l.lanname NOT IN ('internal', 'c', 'sql', 'plpgsql')))";

/// Sets a session's limits (`lock_timeout`, `statement_timeout`, and
/// `client_connection_check_interval` on PostgreSQL 14+, see
/// [`super::exec`]) and reads its pid and [`SESSION_FINGERPRINT`], in one
/// round trip (a simple query: nothing is prepared on the session).
pub(crate) async fn prepare(
    conn: &mut PgConnection,
    limits: &StepLimits,
) -> Result<Prepared, StepFailure> {
    use sqlx::Row;
    let setup = format!(
        "SELECT pg_backend_pid()::text, \
                set_config('lock_timeout', '{lock}', false), \
                set_config('statement_timeout', '{statement}', false), \
                CASE WHEN current_setting('server_version_num')::int >= 140000 \
                     THEN set_config('client_connection_check_interval', '1000', false) END, \
                {SESSION_FINGERPRINT}",
        lock = millis(limits.lock),
        statement = millis(limits.statement),
    );
    let setup = sqlx::raw_sql(sqlx::AssertSqlSafe(setup)).fetch_one(&mut *conn);
    let row = match tokio::time::timeout(Duration::from_secs(10), setup).await {
        Ok(Ok(row)) => row,
        Ok(Err(err)) => {
            let mut failure = StepFailure::from_sqlx(&err);
            failure.message = format!("SET lock_timeout failed: {}", failure.message);
            return Err(failure);
        }
        Err(_) => {
            return Err(StepFailure {
                message: "SET lock_timeout did not answer within 10 s".into(),
                kind: FailureKind::Timeout,
                ..StepFailure::timeout(Duration::from_secs(10))
            });
        }
    };
    let read = |i: usize| row.try_get::<Option<String>, _>(i);
    match (read(0), read(4)) {
        (Ok(Some(pid)), Ok(fingerprint)) => Ok(Prepared {
            pid: pid.parse().unwrap_or_default(),
            fingerprint: fingerprint.unwrap_or_default(),
        }),
        (Err(err), _) | (_, Err(err)) => Err(StepFailure::from_sqlx(&err)),
        (Ok(None), _) => Err(StepFailure::from_sqlx(&sqlx::Error::RowNotFound)),
    }
}

/// The step on a session [`prepare`] set up (`pid` is its backend's).
pub(crate) async fn run_prepared(
    conn: &mut PgConnection,
    step: &Step,
    limits: &StepLimits,
    pid: i32,
    watch: Option<&PgConnectOptions>,
) -> Result<(), StepFailure> {
    let watch = watch.map(|options| Watch::start(options.clone(), pid));
    let result = run_script(conn, step, limits.statement).await;
    let waited = match watch {
        Some(watch) => watch.finish().await,
        None => None,
    };
    result.map_err(|mut failure| {
        let by_lock = failure.code.as_deref() == Some(LOCK_NOT_AVAILABLE);
        if (by_lock || failure.kind == FailureKind::Timeout)
            && let Some(wait) = waited
        {
            failure.detail = Some(match failure.detail.take() {
                Some(detail) => format!("{wait}; {detail}"),
                None => wait.to_string(),
            });
        }
        failure
    })
}

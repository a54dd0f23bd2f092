//! The limits a step runs under: `statement_timeout` (which also bounds
//! the whole step, see [`run_step`]) and `lock_timeout`, and what a step
//! that ended by one of them was waiting for ([`super::lockwatch`]).

use std::time::Duration;

use sqlx::PgConnection;
use sqlx::postgres::PgConnectOptions;

use super::exec::{FailureKind, StepFailure, run_step};
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

/// [`run_step`] with `lock_timeout` set too; with `watch` (options that
/// connect to the step's database), a step that times out or ends by
/// `lock_timeout` while waiting for a lock says in its `detail` which lock
/// it waited for and which sessions held it, with their queries.
pub async fn run_step_limited(
    conn: &mut PgConnection,
    step: &Step,
    limits: &StepLimits,
    watch: Option<&PgConnectOptions>,
) -> Result<(), StepFailure> {
    let setup = format!(
        "SELECT pg_backend_pid(), set_config('lock_timeout', '{}', false)",
        millis(limits.lock)
    );
    let setup =
        sqlx::query_as::<_, (i32, String)>(sqlx::AssertSqlSafe(setup)).fetch_one(&mut *conn);
    let pid = match tokio::time::timeout(Duration::from_secs(10), setup).await {
        Ok(Ok((pid, _))) => pid,
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
    let watch = watch.map(|options| Watch::start(options.clone(), pid));
    let result = run_step(conn, step, limits.statement).await;
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

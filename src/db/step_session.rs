//! One session for the SQL steps of a walk, reused while reusing it is
//! exact: a step must see the database as it would from a new session,
//! and nothing a step leaves in its session (`SET`, `SET ROLE`, `SET
//! SESSION AUTHORIZATION`, temporary tables, prepared statements, cursors,
//! advisory locks, `LISTEN`, sequence caches, an open transaction) may
//! reach the next step. A new session costs a process on the server, its
//! catalog caches filled again, and two round trips on the wire: most of a
//! small step.
//!
//! After a step that succeeded, `DISCARD ALL` clears the session (it is
//! `CLOSE ALL; SET SESSION AUTHORIZATION DEFAULT; RESET ALL; DEALLOCATE
//! ALL; UNLISTEN *; SELECT pg_advisory_unlock_all(); DISCARD PLANS; DISCARD
//! TEMP; DISCARD SEQUENCES`, and refuses to run inside a transaction).
//! Before the next step, the query that sets the limits again also reads
//! [`SESSION_FINGERPRINT`]: what a session takes from the catalogs when it
//! starts. The session is closed, and the next step gets a new one, when:
//!
//! - the step failed (whatever state it left), or its connection broke;
//! - it left a transaction open (`DISCARD ALL` fails; closing rolls the
//!   transaction back, as it always did);
//! - it `LOAD`s a library or uses `dblink` (a loaded library's hooks and
//!   `dblink`'s named connections outlive `DISCARD ALL`);
//! - the fingerprint changed since the session started: `ALTER DATABASE …
//!   SET`, `ALTER ROLE … SET`, the database's or the session user's
//!   attributes, a procedural language other than SQL and PL/pgSQL (by
//!   this step or one run by another tool);
//! - the walk moves to another database, copies this one as a checkpoint
//!   (a template must have no session) or drops it ([`StepSession::close`]).
//!
//! [`REUSE_STEP_SESSION`]`=0` gives every step a new session, as before.

use std::sync::Mutex;
use std::time::Duration;

use sqlx::PgConnection;

use super::error::DbError;
use super::exec::StepFailure;
use super::limits::{Prepared, StepLimits, prepare, run_prepared};
use super::server::Database;
use crate::source::{Runner, Step, split_statements};

#[cfg(doc)]
use super::limits::SESSION_FINGERPRINT;

/// `PG_ROUNDTRIP_REUSE_STEP_SESSION=0`: a new session for every step (a
/// way around a bug in the reuse, should you find one).
pub const REUSE_STEP_SESSION: &str = "PG_ROUNDTRIP_REUSE_STEP_SESSION";

/// How long `DISCARD ALL` may take before the session is given up.
const DISCARD_TIMEOUT: Duration = Duration::from_secs(10);

/// The session a walk's SQL steps share, see the module's documentation.
#[derive(Debug)]
pub struct StepSession {
    kept: Mutex<Option<Kept>>,
    reuse: bool,
}

#[derive(Debug)]
struct Kept {
    /// The database it is connected to.
    database: String,
    conn: PgConnection,
    /// [`Prepared::fingerprint`] when the session started.
    fingerprint: String,
}

impl Default for StepSession {
    fn default() -> Self {
        Self::new()
    }
}

impl StepSession {
    /// Reusing sessions unless [`REUSE_STEP_SESSION`] is off (`0`,
    /// `false`, `off`, `no`).
    pub fn new() -> Self {
        let off = std::env::var(REUSE_STEP_SESSION)
            .is_ok_and(|v| matches!(v.trim(), "0" | "false" | "off" | "no"));
        Self::reusing(!off)
    }

    /// With `reuse` false, every step gets a new session.
    pub fn reusing(reuse: bool) -> Self {
        StepSession {
            kept: Mutex::new(None),
            reuse,
        }
    }

    /// Runs the SQL `step` on `db` under `limits`, on the kept session when
    /// it is still exact, else on a new one. `Err` only when no session
    /// could be opened; a step that fails is `Ok(Err(failure))`.
    pub async fn run(
        &self,
        db: &Database,
        step: &Step,
        limits: &StepLimits,
    ) -> Result<Result<(), StepFailure>, DbError> {
        debug_assert_eq!(step.runner, Runner::Sql);
        let (mut conn, prepared, fingerprint) = match self.ready(db, limits).await? {
            Ok(ready) => ready,
            Err(failure) => return Ok(Err(failure)),
        };
        let result = run_prepared(&mut conn, step, limits, prepared.pid, Some(&db.options)).await;
        if result.is_ok() && self.reuse && !leaves_session_state(step) && discard(&mut conn).await {
            self.put(Kept {
                database: db.name.clone(),
                conn,
                fingerprint,
            });
        } else {
            close(conn).await;
        }
        Ok(result)
    }

    /// Closes the kept session, if any.
    pub async fn close(&self) {
        if let Some(kept) = self.take() {
            close(kept.conn).await;
        }
    }

    /// A session on `db` with the limits set: the kept one when it is on
    /// `db` and its fingerprint has not changed, else a new one (with the
    /// fingerprint it started with).
    async fn ready(
        &self,
        db: &Database,
        limits: &StepLimits,
    ) -> Result<Result<(PgConnection, Prepared, String), StepFailure>, DbError> {
        if let Some(mut kept) = self.take() {
            if kept.database == db.name {
                match prepare(&mut kept.conn, limits).await {
                    Ok(prepared) if prepared.fingerprint == kept.fingerprint => {
                        return Ok(Ok((kept.conn, prepared, kept.fingerprint)));
                    }
                    _ => {}
                }
            }
            close(kept.conn).await;
        }
        let mut conn = db.connect().await?;
        match prepare(&mut conn, limits).await {
            Ok(prepared) => {
                let fingerprint = prepared.fingerprint.clone();
                Ok(Ok((conn, prepared, fingerprint)))
            }
            Err(failure) => {
                close(conn).await;
                Ok(Err(failure))
            }
        }
    }

    fn take(&self) -> Option<Kept> {
        self.kept.lock().unwrap_or_else(|e| e.into_inner()).take()
    }

    fn put(&self, kept: Kept) {
        *self.kept.lock().unwrap_or_else(|e| e.into_inner()) = Some(kept);
    }
}

/// `DISCARD ALL`; false when it fails (a transaction is open, the session
/// is gone) or does not answer.
async fn discard(conn: &mut PgConnection) -> bool {
    let discard = sqlx::raw_sql("DISCARD ALL").execute(&mut *conn);
    matches!(
        tokio::time::timeout(DISCARD_TIMEOUT, discard).await,
        Ok(Ok(_))
    )
}

async fn close(conn: PgConnection) {
    use sqlx::Connection;
    let _ = conn.close().await;
}

/// Whether `step` may leave state in its session that `DISCARD ALL` does
/// not clear: a `LOAD` statement (the library stays loaded, its hooks
/// installed), or `dblink` (its connections stay open).
fn leaves_session_state(step: &Step) -> bool {
    if step.script.sql.to_lowercase().contains("dblink") {
        return true;
    }
    split_statements(&step.script.sql).iter().any(|s| {
        let mut words = s.text.split(|c: char| c.is_whitespace() || c == '\'');
        words.next().is_some_and(|w| w.eq_ignore_ascii_case("load"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{Script, TxMode};
    use std::path::PathBuf;

    fn step(sql: &str) -> Step {
        Step {
            script: Script {
                path: PathBuf::from("a.sql"),
                sql: sql.into(),
                line_offset: 0,
                checksum: String::new(),
            },
            transaction: TxMode::Transaction,
            runner: Runner::Sql,
        }
    }

    #[test]
    fn load_and_dblink_leave_state_a_discard_does_not_clear() {
        assert!(leaves_session_state(&step(
            "CREATE TABLE t ();\n-- x\nLOAD 'auto_explain';"
        )));
        assert!(leaves_session_state(&step("load'plpgsql'")));
        assert!(leaves_session_state(&step(
            "SELECT dblink_connect('c', 'dbname=x');"
        )));
        assert!(!leaves_session_state(&step(
            "CREATE TABLE load (id int);\nINSERT INTO load VALUES (1);"
        )));
        assert!(!leaves_session_state(&step("SET work_mem = '8MB';")));
    }
}

//! Runs one step's SQL on a connection and turns a failure into
//! `file:line:column: message`.
//!
//! * [`TxMode::Transaction`]: `BEGIN`, the whole script as one simple query
//!   (the server parses it, so no splitting mistakes are possible), `COMMIT`.
//!   The server reports an error position as a 1-based *character* offset
//!   into the query string, and for a multi-statement string that offset
//!   counts from the start of the whole string (tested in
//!   `tests/db_exec.rs`), so it maps straight onto the script. Errors
//!   without a position (`division by zero`, a failing `DO` block, an error
//!   inside a function) are located by replaying the statements one by one
//!   in a transaction that is always rolled back, until one fails; so is a
//!   server-side `statement_timeout`, whose statement times out again in
//!   the replay. A script whose own
//!   transaction control would break the one transaction (a `COMMIT` in
//!   the middle, see [`breaks_transaction`]) is refused before it runs.
//! * [`TxMode::NoTransaction`]: the script is split (see [`split_statements`]) and
//!   each statement runs on its own in autocommit mode, which is what
//!   `CREATE INDEX CONCURRENTLY` needs, and the file's own `BEGIN` and
//!   `COMMIT` take effect as written. Positions are offset by the
//!   statement's start; after a failure a `ROLLBACK` ends a transaction
//!   the file left open.
//!
//! Never hangs: `statement_timeout` is set for the session, and the whole
//! step is also bounded on our side. When our side gives up first (many
//! statements that are each under the limit), the connection is left
//! mid-query and must be dropped; `client_connection_check_interval` then
//! lets the server notice and abort the query within a second.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use sqlx::postgres::{PgDatabaseError, PgErrorPosition};
use sqlx::{AssertSqlSafe, PgConnection};
use tokio::time::Instant;

use crate::source::{Script, Step, TxMode, breaks_transaction, line_column, split_statements};

/// How long our side waits beyond `statement_timeout`, so that the
/// server's own (clean, recoverable) timeout normally fires first.
const CLIENT_GRACE: Duration = Duration::from_secs(1);
/// Bound for the bookkeeping commands around a step (BEGIN, ROLLBACK, SET).
const CONTROL_TIMEOUT: Duration = Duration::from_secs(10);
/// SQLSTATE `query_canceled`, which `statement_timeout` raises.
const QUERY_CANCELED: &str = "57014";

/// A place in a migration file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub path: PathBuf,
    /// 1-based line in the file (the script's `line_offset` included).
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.path.display(), self.line, self.column)
    }
}

/// Why a step failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    /// The server rejected the SQL.
    Sql,
    /// The step ran longer than its timeout.
    Timeout,
    /// The connection failed (I/O, protocol); the server said nothing.
    Connection,
}

/// A step that did not complete. The database may hold part of its work
/// only for [`TxMode::NoTransaction`] steps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepFailure {
    /// Where in the file, when it could be determined.
    pub location: Option<Location>,
    /// The server's primary message (or ours, for timeouts and I/O).
    pub message: String,
    pub detail: Option<String>,
    pub hint: Option<String>,
    /// The server's context lines, e.g. `PL/pgSQL function
    /// inline_code_block line 3 at RAISE` for a failing `DO` block.
    pub context: Option<String>,
    /// SQLSTATE, e.g. `42601` for a syntax error.
    pub code: Option<String>,
    pub kind: FailureKind,
}

impl fmt::Display for StepFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(location) = &self.location {
            write!(f, "{location}: ")?;
        }
        write!(f, "{}", self.message)?;
        for (label, value) in [
            ("detail", &self.detail),
            ("hint", &self.hint),
            ("context", &self.context),
        ] {
            if let Some(value) = value {
                write!(f, "\n  {label}: {value}")?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for StepFailure {}

impl StepFailure {
    pub(crate) fn timeout(timeout: Duration) -> Self {
        StepFailure {
            location: None,
            message: format!(
                "the step did not finish within {}; raise the step timeout if it is legitimately slow",
                humanize(timeout)
            ),
            detail: None,
            hint: None,
            context: None,
            code: None,
            kind: FailureKind::Timeout,
        }
    }

    pub(crate) fn from_sqlx(err: &sqlx::Error) -> Self {
        let Some(pg) = err
            .as_database_error()
            .and_then(|e| e.try_downcast_ref::<PgDatabaseError>())
        else {
            return StepFailure {
                location: None,
                message: err.to_string(),
                detail: None,
                hint: None,
                context: None,
                code: None,
                kind: FailureKind::Connection,
            };
        };
        let kind = if pg.code() == QUERY_CANCELED && pg.message().contains("statement timeout") {
            FailureKind::Timeout
        } else {
            FailureKind::Sql
        };
        StepFailure {
            location: None,
            message: pg.message().to_string(),
            detail: pg.detail().map(str::to_string),
            hint: pg.hint().map(str::to_string),
            context: pg.r#where().map(str::to_string),
            code: Some(pg.code().to_string()),
            kind,
        }
    }
}

fn humanize(d: Duration) -> String {
    if d.subsec_millis() == 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{} ms", d.as_millis())
    }
}

/// The 1-based character offset the server reported into the query string
/// it was sent, when the error is in that string (not in a function body).
fn original_position(err: &sqlx::Error) -> Option<usize> {
    let pg = err
        .as_database_error()?
        .try_downcast_ref::<PgDatabaseError>()?;
    match pg.position()? {
        PgErrorPosition::Original(p) => Some(p),
        PgErrorPosition::Internal { .. } => None,
    }
}

fn location_at(script: &Script, char_index: usize) -> Location {
    let (line, column) = line_column(&script.sql, char_index);
    Location {
        path: script.path.clone(),
        line: line + script.line_offset,
        column,
    }
}

/// The outcome of one bounded command.
enum Outcome {
    Done,
    Failed(sqlx::Error),
    /// Our own deadline passed; the connection is mid-query.
    Abandoned,
}

async fn run_sql(conn: &mut PgConnection, sql: &str, deadline: Instant) -> Outcome {
    let query = sqlx::raw_sql(AssertSqlSafe(sql.to_string()));
    match tokio::time::timeout_at(deadline, query.execute(&mut *conn)).await {
        Ok(Ok(_)) => Outcome::Done,
        Ok(Err(err)) => Outcome::Failed(err),
        Err(_) => Outcome::Abandoned,
    }
}

/// A bookkeeping command (BEGIN, ROLLBACK, SET …) as a step failure.
async fn control(conn: &mut PgConnection, sql: &str) -> Result<(), StepFailure> {
    match run_sql(conn, sql, Instant::now() + CONTROL_TIMEOUT).await {
        Outcome::Done => Ok(()),
        Outcome::Failed(err) => {
            let mut failure = StepFailure::from_sqlx(&err);
            failure.message = format!("{sql} failed: {}", failure.message);
            Err(failure)
        }
        Outcome::Abandoned => Err(StepFailure {
            message: format!("{sql} did not answer within {}", humanize(CONTROL_TIMEOUT)),
            ..StepFailure::timeout(CONTROL_TIMEOUT)
        }),
    }
}

/// Runs one step on `conn`. On failure nothing of a
/// [`TxMode::Transaction`] step remains; a [`TxMode::NoTransaction`] step
/// keeps the statements before the failing one.
///
/// After a failure of kind [`FailureKind::Timeout`] or
/// [`FailureKind::Connection`], drop the connection.
pub async fn run_step(
    conn: &mut PgConnection,
    step: &Step,
    timeout: Duration,
) -> Result<(), StepFailure> {
    // 0 would mean "no limit" to the server.
    let millis = timeout.as_millis().clamp(1, i32::MAX as u128);
    control(conn, &format!("SET statement_timeout = {millis}")).await?;
    // PostgreSQL 14+; older servers simply do without.
    let _ = control(conn, "SET client_connection_check_interval = 1000").await;

    let result = run_script(conn, step, timeout).await;
    let usable = match &result {
        Ok(()) => true,
        Err(f) => f.kind == FailureKind::Sql || f.code.as_deref() == Some(QUERY_CANCELED),
    };
    if usable {
        let _ = control(conn, "RESET statement_timeout").await;
    }
    result
}

/// The step itself, on a session whose `statement_timeout` is already
/// `timeout` (and `client_connection_check_interval` set where the server
/// has it): [`run_step`] without its `SET`s and `RESET`.
pub(crate) async fn run_script(
    conn: &mut PgConnection,
    step: &Step,
    timeout: Duration,
) -> Result<(), StepFailure> {
    match step.transaction {
        TxMode::Transaction => run_in_transaction(conn, &step.script, timeout).await,
        TxMode::NoTransaction => run_each(conn, &step.script, timeout).await,
    }
}

async fn run_in_transaction(
    conn: &mut PgConnection,
    script: &Script,
    timeout: Duration,
) -> Result<(), StepFailure> {
    if let Some(control) = breaks_transaction(&script.sql) {
        // The history readers refuse such a file; a step built another way
        // must not commit half of itself either.
        return Err(StepFailure {
            location: Some(location_at(script, control.statement.start)),
            message: format!(
                "`{}` would break the one transaction this step runs in; \
                 remove it, or run the step outside a transaction",
                control.command
            ),
            detail: None,
            hint: None,
            context: None,
            code: None,
            kind: FailureKind::Sql,
        });
    }
    control(conn, "BEGIN").await?;
    let deadline = Instant::now() + timeout + CLIENT_GRACE;
    let err = match run_sql(conn, &script.sql, deadline).await {
        Outcome::Done => return control(conn, "COMMIT").await,
        Outcome::Abandoned => return Err(StepFailure::timeout(timeout)),
        Outcome::Failed(err) => err,
    };
    let mut failure = StepFailure::from_sqlx(&err);
    if failure.kind == FailureKind::Connection {
        return Err(failure);
    }
    // A failing ROLLBACK means the connection is gone; the script's own
    // error is still the one worth reporting.
    let rolled_back = control(conn, "ROLLBACK").await.is_ok();
    if let Some(position) = original_position(&err) {
        failure.location = Some(location_at(script, position.saturating_sub(1)));
    } else if matches!(failure.kind, FailureKind::Sql | FailureKind::Timeout) && rolled_back {
        // A server-side timeout has no position either: the replay names
        // the statement that was running.
        failure.location = locate_by_replay(conn, script, timeout).await;
    }
    Err(failure)
}

/// Finds the statement that fails by running the statements one by one in
/// a transaction that is always rolled back. `None` when the replay does
/// not fail (the error was not reproducible) or cannot finish.
///
/// After the server's `statement_timeout` fired, each statement of the
/// replay runs under it again, so the one that was running times out
/// again: naming its line costs up to the step's timeout once more.
async fn locate_by_replay(
    conn: &mut PgConnection,
    script: &Script,
    timeout: Duration,
) -> Option<Location> {
    control(conn, "BEGIN").await.ok()?;
    let deadline = Instant::now() + timeout + CLIENT_GRACE;
    let mut found = None;
    for statement in split_statements(&script.sql) {
        match run_sql(conn, &statement.text, deadline).await {
            Outcome::Done => continue,
            Outcome::Abandoned => return None,
            Outcome::Failed(err) => {
                let offset = original_position(&err).map_or(0, |p| p.saturating_sub(1));
                found = Some(location_at(script, statement.start + offset));
                break;
            }
        }
    }
    control(conn, "ROLLBACK").await.ok()?;
    found
}

async fn run_each(
    conn: &mut PgConnection,
    script: &Script,
    timeout: Duration,
) -> Result<(), StepFailure> {
    let deadline = Instant::now() + timeout + CLIENT_GRACE;
    for statement in split_statements(&script.sql) {
        match run_sql(conn, &statement.text, deadline).await {
            Outcome::Done => {}
            Outcome::Abandoned => {
                return Err(StepFailure {
                    location: Some(location_at(script, statement.start)),
                    ..StepFailure::timeout(timeout)
                });
            }
            Outcome::Failed(err) => {
                let mut failure = StepFailure::from_sqlx(&err);
                let offset = original_position(&err).map_or(0, |p| p.saturating_sub(1));
                failure.location = Some(location_at(script, statement.start + offset));
                if failure.kind != FailureKind::Connection {
                    // A file that manages its own transactions may fail
                    // inside one: end it, so that the connection is usable
                    // (outside a transaction this only warns).
                    let _ = control(conn, "ROLLBACK").await;
                }
                return Err(failure);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_with_location_detail_and_hint() {
        let failure = StepFailure {
            location: Some(Location {
                path: PathBuf::from("migrations/0001_init.up.sql"),
                line: 3,
                column: 5,
            }),
            message: "syntax error at or near \"TABL\"".into(),
            detail: Some("d".into()),
            hint: Some("h".into()),
            context: None,
            code: Some("42601".into()),
            kind: FailureKind::Sql,
        };
        assert_eq!(
            failure.to_string(),
            "migrations/0001_init.up.sql:3:5: syntax error at or near \"TABL\"\n  detail: d\n  hint: h"
        );
    }

    #[test]
    fn display_without_location_is_the_message() {
        let failure = StepFailure::timeout(Duration::from_millis(1500));
        assert_eq!(
            failure.to_string(),
            "the step did not finish within 1500 ms; raise the step timeout if it is legitimately slow"
        );
    }

    #[test]
    fn location_counts_the_line_offset() {
        let script = Script {
            path: PathBuf::from("a.sql"),
            sql: "SELECT 1;\nSELEC 2;".into(),
            line_offset: 10,
            checksum: String::new(),
        };
        assert_eq!(
            location_at(&script, 10),
            Location {
                path: PathBuf::from("a.sql"),
                line: 12,
                column: 1
            }
        );
    }
}

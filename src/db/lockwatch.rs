//! What a step waits for: while a step runs longer than a moment, a side
//! connection reads `pg_locks` and `pg_blocking_pids` for the step's
//! session and keeps the latest lock it was waiting on, with the sessions
//! that held it and their queries. A step that then ends by `lock_timeout`
//! (or `statement_timeout` while waiting) says what it waited for.
//!
//! The side connection is only opened once the step has run for
//! [`WATCH_AFTER`], so that the steps that finish at once (nearly all of
//! them) cost nothing more.

use std::fmt;
use std::time::Duration;

use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, Connection, PgConnection};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// How long a step runs before the watch connects.
const WATCH_AFTER: Duration = Duration::from_millis(150);
/// How often the watch reads the locks.
const POLL: Duration = Duration::from_millis(100);
/// Longest a blocking session's query is shown.
const QUERY_CHARS: usize = 300;

/// A lock the step's session was waiting for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockWait {
    /// `relation`, `transactionid`, `tuple`, `advisory`, …
    pub locktype: String,
    /// The mode asked for: `AccessExclusiveLock`.
    pub mode: String,
    /// The relation, when the lock is on one (`public.accounts`).
    pub relation: Option<String>,
    /// The sessions it waited behind.
    pub blockers: Vec<Blocker>,
}

/// A session that held (or queued before) the lock a step waited for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blocker {
    pub pid: i32,
    /// The modes it held on the same object (empty: it was queued first).
    pub held: Option<String>,
    /// `idle in transaction`, `active`, …
    pub state: Option<String>,
    /// Its current (or last) query.
    pub query: String,
}

impl fmt::Display for LockWait {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "it waited for {}", self.mode)?;
        match &self.relation {
            Some(relation) if self.locktype == "relation" => write!(f, " on {relation}")?,
            Some(relation) => write!(f, " on a {} of {relation}", self.locktype)?,
            None => write!(f, " on a {} lock", self.locktype)?,
        }
        for b in &self.blockers {
            write!(f, "; blocked by session {}", b.pid)?;
            if let Some(held) = &b.held {
                write!(f, " holding {held}")?;
            }
            if let Some(state) = &b.state {
                write!(f, " ({state})")?;
            }
            write!(f, ", its query: {}", shorten(&b.query))?;
        }
        Ok(())
    }
}

fn shorten(query: &str) -> String {
    let one_line = query.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= QUERY_CHARS {
        one_line
    } else {
        let cut: String = one_line.chars().take(QUERY_CHARS).collect();
        format!("{cut}…")
    }
}

/// A watch running beside one step.
pub(crate) struct Watch {
    stop: oneshot::Sender<()>,
    task: JoinHandle<Option<LockWait>>,
}

impl Watch {
    /// Watches the session `pid`, connecting with `options` (the same
    /// database, so that relation names resolve) once the step has run
    /// for a moment.
    pub(crate) fn start(options: PgConnectOptions, pid: i32) -> Watch {
        let (stop, mut stopped) = oneshot::channel();
        let options = options.disable_statement_logging();
        let task = tokio::spawn(async move {
            tokio::select! {
                _ = &mut stopped => return None,
                _ = tokio::time::sleep(WATCH_AFTER) => {}
            }
            let mut conn = tokio::select! {
                _ = &mut stopped => return None,
                c = options.connect() => c.ok()?,
            };
            let mut last = None;
            loop {
                tokio::select! {
                    _ = &mut stopped => break,
                    seen = observe(&mut conn, pid) => {
                        match seen {
                            Ok(Some(wait)) => last = Some(wait),
                            Ok(None) => {}
                            Err(_) => break,
                        }
                    }
                }
                tokio::select! {
                    _ = &mut stopped => break,
                    _ = tokio::time::sleep(POLL) => {}
                }
            }
            let _ = conn.close().await;
            last
        });
        Watch { stop, task }
    }

    /// Stops the watch; the latest lock the step was seen waiting for.
    pub(crate) async fn finish(self) -> Option<LockWait> {
        let _ = self.stop.send(());
        self.task.await.ok().flatten()
    }
}

/// The lock `pid` waits for right now, if any.
pub async fn observe(conn: &mut PgConnection, pid: i32) -> Result<Option<LockWait>, sqlx::Error> {
    type Row = (
        String,
        String,
        Option<String>,
        Option<i32>,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT w.locktype, w.mode, \
                CASE WHEN w.relation IS NOT NULL THEN w.relation::regclass::text END, \
                b.pid, b.query, b.state, \
                (SELECT string_agg(DISTINCT h.mode, ', ') FROM pg_locks h \
                  WHERE h.pid = b.pid AND h.granted AND h.locktype = w.locktype \
                    AND h.database IS NOT DISTINCT FROM w.database \
                    AND h.relation IS NOT DISTINCT FROM w.relation \
                    AND h.transactionid IS NOT DISTINCT FROM w.transactionid \
                    AND h.classid IS NOT DISTINCT FROM w.classid \
                    AND h.objid IS NOT DISTINCT FROM w.objid) \
           FROM pg_locks w \
           LEFT JOIN LATERAL unnest(pg_blocking_pids(w.pid)) AS bp(pid) ON true \
           LEFT JOIN pg_stat_activity b ON b.pid = bp.pid \
          WHERE w.pid = $1 AND NOT w.granted \
          ORDER BY b.pid",
    )
    .bind(pid)
    .fetch_all(&mut *conn)
    .await?;
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let mut wait = LockWait {
        locktype: first.0.clone(),
        mode: first.1.clone(),
        relation: first.2.clone(),
        blockers: Vec::new(),
    };
    for (_, _, _, pid, query, state, held) in rows {
        if let Some(pid) = pid {
            wait.blockers.push(Blocker {
                pid,
                held,
                state,
                query: query.unwrap_or_default(),
            });
        }
    }
    Ok(Some(wait))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wait_names_the_lock_the_relation_and_the_blocking_query() {
        let wait = LockWait {
            locktype: "relation".into(),
            mode: "AccessExclusiveLock".into(),
            relation: Some("public.accounts".into()),
            blockers: vec![Blocker {
                pid: 42,
                held: Some("AccessShareLock".into()),
                state: Some("idle in transaction".into()),
                query: "SELECT *\n  FROM accounts".into(),
            }],
        };
        assert_eq!(
            wait.to_string(),
            "it waited for AccessExclusiveLock on public.accounts; blocked by session 42 \
             holding AccessShareLock (idle in transaction), its query: SELECT * FROM accounts"
        );
    }
}

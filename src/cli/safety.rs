//! `check`'s flags that keep a run from harming a server or hanging
//! (`--lock-timeout`, `--timeout`, `--strict-globals`,
//! `--allow-production`, `--production-tables`; `crate::config::safety`
//! resolves them with the file's keys), and the whole-run timeout.

use super::error::CliError;
use crate::config::SafetyOverrides;
use clap::Args;
use std::time::Duration;

/// The flags.
#[derive(Debug, Clone, Default, Args)]
pub struct SafetyArgs {
    /// Longest a step may wait for a lock (`lock_timeout`), in seconds; a
    /// step that gives up says which lock it waited for and which session
    /// held it [default: 60].
    #[arg(long, value_name = "SECS")]
    pub lock_timeout: Option<u64>,
    /// Longest the whole run may take, in seconds; then it stops, cleans
    /// up and exits 3 [default: no limit].
    #[arg(long, value_name = "SECS")]
    pub timeout: Option<u64>,
    /// A database, tablespace or role that a downgrade leaves behind fails
    /// the revision (by default it is a warning: they are cluster-wide).
    #[arg(long)]
    pub strict_globals: bool,
    /// With `--backend url`: use the server even if it looks like
    /// production (a standby streams from it, or the URL's database has
    /// more than `--production-tables` tables with rows).
    #[arg(long)]
    pub allow_production: bool,
    /// With `--backend url`: more user tables with rows than this in the
    /// URL's database make the server look like production [default: 10].
    #[arg(long, value_name = "N")]
    pub production_tables: Option<u64>,
}

impl SafetyArgs {
    /// As the top layer of the configuration.
    pub fn overrides(&self) -> SafetyOverrides {
        SafetyOverrides {
            lock_timeout: self.lock_timeout,
            timeout: self.timeout,
            strict_globals: self.strict_globals.then_some(true),
            allow_production: self.allow_production.then_some(true),
            production_tables: self.production_tables,
        }
    }
}

/// Runs `work` for at most `limit`. When the limit passes, `work` is
/// dropped, which stops and removes every server and database it started
/// (as Ctrl-C does), and the run fails with [`CliError::TimedOut`].
pub async fn within<T>(
    limit: Option<Duration>,
    work: impl std::future::Future<Output = T>,
) -> Result<T, CliError> {
    let Some(limit) = limit else {
        return Ok(work.await);
    };
    tokio::time::timeout(limit, work)
        .await
        .map_err(|_| CliError::TimedOut(limit))
}

/// A walk's error when its server went away: [`DbError::ServerGone`] with
/// the server's last log lines, whatever the walk was doing when it lost
/// it (a step, an inspection, dropping its database), also when it is
/// answering again after a crash and restart its log shows. Other errors
/// are returned as they are.
///
/// [`DbError::ServerGone`]: crate::db::DbError::ServerGone
pub async fn explain_server_gone(error: CliError, running: &crate::db::RunningServer) -> CliError {
    use crate::db::DbError;
    use crate::walk::WalkError;
    let (server, cause) = match error {
        CliError::Walk(WalkError::Db(DbError::ServerGone { server, cause, .. })) => (server, cause),
        other => {
            let server = running.server();
            if server.answers().await {
                // Answering again, but perhaps only after a crash and
                // restart (a PANIC) that cut off what the walk was doing.
                let log = running.log_tail().await;
                if !crate::db::log_shows_crash_restart(&log) {
                    return other;
                }
                return CliError::Db(DbError::ServerGone {
                    server: server.description.clone(),
                    cause: crate::report::wording::crashed_and_restarted(&other.to_string()),
                    log,
                });
            }
            (server.description.clone(), other.to_string())
        }
    };
    CliError::Db(DbError::ServerGone {
        server,
        cause,
        log: running.log_tail().await,
    })
}

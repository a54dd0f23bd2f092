//! Is the server still there? Asked after a step lost its connection, so
//! that a server that died (killed, out of disk, its container gone) ends
//! the walk at once with [`DbError::ServerGone`] instead of a finding per
//! revision that is left.

use std::time::Duration;

use sqlx::{ConnectOptions, Connection};

use super::error::DbError;
use super::server::Server;

/// What a postmaster logs when a server process crashed (a PANIC, a
/// signal) and it restarts all the others: every connection was lost.
const CRASH_RESTART_LINES: [&str; 2] = [
    "terminating any other active server processes",
    "all server processes terminated; reinitializing",
];

/// True when `log` (a server's last lines) shows that it crashed and
/// restarted, e.g. a checkpoint that found no room on the disk: it may be
/// answering again, but whatever the walk was doing was cut off.
pub fn log_shows_crash_restart(log: &str) -> bool {
    log.lines()
        .any(|line| CRASH_RESTART_LINES.iter().any(|m| line.contains(m)))
}

/// How long the server has to answer.
const ANSWER_WITHIN: Duration = Duration::from_secs(3);

impl Server {
    /// True when a new admin connection opens and answers `SELECT 1`
    /// within a few seconds.
    pub async fn answers(&self) -> bool {
        let admin = self.admin.clone().disable_statement_logging();
        let asked = async move {
            let mut conn = admin.connect().await.ok()?;
            let one: i32 = sqlx::query_scalar("SELECT 1")
                .fetch_one(&mut conn)
                .await
                .ok()?;
            let _ = conn.close().await;
            Some(one)
        };
        matches!(
            tokio::time::timeout(ANSWER_WITHIN, asked).await,
            Ok(Some(1))
        )
    }

    /// [`DbError::ServerGone`] for this server, when it no longer answers
    /// (`cause`: what the walk saw).
    pub async fn gone(&self, cause: &str) -> Option<DbError> {
        if self.answers().await {
            return None;
        }
        Some(DbError::ServerGone {
            server: self.description.clone(),
            cause: cause.to_string(),
            log: String::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::log_shows_crash_restart;

    #[test]
    fn a_crash_restart_is_told_from_an_ordinary_error() {
        let crashed = "PANIC:  could not write to file \"pg_logical/x.tmp\": No space left on device\n\
                       LOG:  checkpointer process (PID 1) was terminated by signal 6: Aborted\n\
                       LOG:  terminating any other active server processes\n";
        assert!(log_shows_crash_restart(crashed));
        assert!(!log_shows_crash_restart(
            "ERROR:  could not extend file \"base/1/2\": No space left on device\n"
        ));
        assert!(!log_shows_crash_restart(""));
    }
}

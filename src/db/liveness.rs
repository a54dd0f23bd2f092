//! Is the server still there? Asked after a step lost its connection, so
//! that a server that died (killed, out of disk, its container gone) ends
//! the walk at once with [`DbError::ServerGone`] instead of a finding per
//! revision that is left.

use std::time::Duration;

use sqlx::{ConnectOptions, Connection};

use super::error::DbError;
use super::server::Server;

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

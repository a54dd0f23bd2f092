//! The `url` backend: an existing server (a CI service container, a
//! developer's server) given as a URL (`--url` or `DATABASE_URL`).
//!
//! pg-roundtrip never runs anything in the database the URL names: it
//! connects there only to `CREATE DATABASE pg_roundtrip_<random>` (from
//! `template0`) and to `DROP` those databases again; every migration runs
//! in a scratch database it created. The scratch databases still alive
//! when a [`UrlServer`] is stopped or dropped (a walk cut short by an
//! error, a panic, Ctrl-C or SIGTERM) are dropped then. Only a SIGKILL
//! can leave one behind; its name says whose it is, and nothing sweeps
//! them automatically, because other runs may share the server.
//!
//! Before anything, [`super::guard`] looks at the server on a read-only
//! session: a role that may not create databases, a standby, or (unless
//! allowed) a server that looks like production is refused; pg-roundtrip
//! never falls back to the database the URL names.

use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, Connection, PgConnection};

use super::common::{block_on_in_drop, major_minor, version_num_and_close};
use super::error::DbError;
use super::guard::{UrlGuard, judge, probe};
use super::readonly::connect_read_only;
use super::server::{Database, Server};

/// A server we were pointed at.
#[derive(Debug)]
pub struct UrlServer {
    server: Server,
}

/// The URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.find(':') {
                Some(c) => format!("{}{}:***{}", &url[..s + 3], &creds[..c], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

impl UrlServer {
    /// [`UrlServer::connect_guarded`] with the default [`UrlGuard`].
    pub async fn connect(url: &str) -> Result<UrlServer, DbError> {
        Self::connect_guarded(url, &UrlGuard::default()).await
    }

    /// Parses `url` ([`DbError::BadUrl`] when it is not a PostgreSQL URL),
    /// connects to the database it names (`postgres` when it names none)
    /// in a session that cannot write, and refuses the server (see
    /// [`super::guard`]) when its role may not create databases, when it
    /// is a standby, or, unless `guard` allows it, when it looks like
    /// production. Then reads the server version.
    pub async fn connect_guarded(url: &str, guard: &UrlGuard) -> Result<UrlServer, DbError> {
        let mut look = connect_read_only(url).await?;
        let facts = probe(&mut look, guard)
            .await
            .map_err(|source| DbError::Admin {
                action: format!("look at the server {}", redact(url)),
                source,
            })?;
        let _ = look.close().await;
        judge(&facts, guard, &format!("the server {}", redact(url)))?;
        if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
            return Err(DbError::BadUrl(format!(
                "{} is not a PostgreSQL URL (postgres://user:password@host:port/database)",
                redact(url)
            )));
        }
        let mut admin: PgConnectOptions = url
            .parse()
            .map_err(|e| DbError::BadUrl(format!("{}: {e}", redact(url))))?;
        if admin.get_database().is_none() {
            admin = admin.database("postgres");
        }
        let admin = admin.application_name("pg-roundtrip");
        let conn = PgConnection::connect_with(&admin.clone().disable_statement_logging())
            .await
            .map_err(|source| DbError::Connect {
                target: redact(url),
                source,
            })?;
        let version_num = version_num_and_close(conn).await?;
        Ok(UrlServer {
            server: Server::new(
                admin,
                version_num,
                format!(
                    "server {} (PostgreSQL {})",
                    redact(url),
                    major_minor(version_num)
                ),
            ),
        })
    }

    /// The server the URL names.
    pub fn server(&self) -> &Server {
        &self.server
    }

    /// Drops the scratch databases that are still alive.
    pub async fn stop(self) -> Result<(), DbError> {
        drop_leftovers(&self.server).await
    }
}

async fn drop_leftovers(server: &Server) -> Result<(), DbError> {
    let mut first_error = None;
    for name in server.live_scratch_databases() {
        let db = Database {
            options: server.admin.clone().database(&name),
            name,
        };
        if let Err(e) = server.drop_database(&db).await {
            first_error.get_or_insert(e);
        }
    }
    first_error.map_or(Ok(()), Err)
}

impl Drop for UrlServer {
    fn drop(&mut self) {
        if self.server.live_scratch_databases().is_empty() {
            return;
        }
        let server = self.server.clone();
        block_on_in_drop(move || async move {
            let _ = drop_leftovers(&server).await;
        });
    }
}

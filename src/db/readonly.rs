//! Read-only connections to a database that is not ours: `inspect --url`
//! and the url backend's look at the database its URL names. The session
//! starts with `default_transaction_read_only = on`, so that even a
//! statement outside the READ ONLY transaction the inspection opens
//! cannot write.

use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, PgConnection};

use super::error::DbError;
use super::url::redact;

/// The options of `url` (`postgres` when it names no database) for a
/// session that cannot write.
pub fn read_only_options(url: &str) -> Result<PgConnectOptions, DbError> {
    if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
        return Err(DbError::BadUrl(format!(
            "{} is not a PostgreSQL URL (postgres://user:password@host:port/database)",
            redact(url)
        )));
    }
    let mut options: PgConnectOptions = url
        .parse()
        .map_err(|e| DbError::BadUrl(format!("{}: {e}", redact(url))))?;
    if options.get_database().is_none() {
        options = options.database("postgres");
    }
    Ok(options
        .application_name("pg-roundtrip")
        .options([("default_transaction_read_only", "on")])
        .disable_statement_logging())
}

/// A session on `url` in which every transaction is READ ONLY.
pub async fn connect_read_only(url: &str) -> Result<PgConnection, DbError> {
    read_only_options(url)?
        .connect()
        .await
        .map_err(|source| DbError::Connect {
            target: redact(url),
            source,
        })
}

//! `inspect --url`: a live database's schema as pg-roundtrip sees it, read
//! inside one READ ONLY transaction.

use super::args::{Ignore, InspectArgs};
use super::error::CliError;
use super::exit;
use super::stdout::{Stdout, say};
use crate::db::{DbError, redact_url};
use crate::introspect::{InspectOptions, inspect};

pub async fn inspect_url(args: InspectArgs) -> Result<u8, CliError> {
    use sqlx::{ConnectOptions, Connection};
    let options: sqlx::postgres::PgConnectOptions = args
        .url
        .parse()
        .map_err(|e| CliError::Usage(format!("--url: not a PostgreSQL URL: {e}")))?;
    let mut conn = options
        .disable_statement_logging()
        .connect()
        .await
        .map_err(|source| DbError::Connect {
            target: redact_url(&args.url),
            source,
        })?;
    // inspect() reads inside one READ ONLY transaction and writes nothing.
    let inspect_options = InspectOptions {
        ignore_ownership: args.ignore.contains(&Ignore::Ownership),
        ..InspectOptions::default()
    };
    let schema = inspect(&mut conn, &inspect_options).await?;
    let _ = conn.close().await;
    let schema = if args.ignore.contains(&Ignore::ColumnOrder) {
        schema.without_column_order()
    } else {
        schema
    };
    let mut out = Stdout::new();
    say!(out, "{}", crate::render::document(&schema));
    Ok(exit::OK)
}

#[cfg(test)]
mod tests {
    use crate::db::redact_url;

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            redact_url("postgres://u:secret@h/db"),
            "postgres://u:***@h/db"
        );
        assert_eq!(redact_url("postgres://u@h/db"), "postgres://u@h/db");
    }
}

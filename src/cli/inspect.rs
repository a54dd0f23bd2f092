//! `inspect --url`: a live database's schema as pg-roundtrip sees it, read
//! inside one READ ONLY transaction of a session whose every transaction
//! is read-only (`db::connect_read_only`).

use super::args::{Ignore, InspectArgs};
use super::error::CliError;
use super::exit;
use super::stdout::{Stdout, say};
use crate::db::{DbError, connect_read_only};
use crate::introspect::{InspectOptions, inspect};

pub async fn inspect_url(args: InspectArgs) -> Result<u8, CliError> {
    use sqlx::Connection;
    // A session in which every transaction is READ ONLY
    // (`default_transaction_read_only`), and inspect() reads inside its
    // own READ ONLY transaction on top: nothing can write.
    let mut conn = connect_read_only(&args.url).await.map_err(|e| match e {
        DbError::BadUrl(text) => CliError::Usage(format!("--url: {text}")),
        other => CliError::Db(other),
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

//! The inspection transaction: one read-only snapshot, settings pinned,
//! one catalog query per object kind.

use super::assemble::{Rows, assemble};
use super::error::InspectError;
use super::options::InspectOptions;
use super::rows::SettingsRow;
use crate::model::Schema;
use sqlx::postgres::PgRow;
use sqlx::{Connection, FromRow, PgConnection};

const SETTINGS: &str = include_str!("sql/settings.sql");
const NAMESPACES: &str = include_str!("sql/namespaces.sql");
const RELATIONS: &str = include_str!("sql/relations.sql");
const COLUMNS: &str = include_str!("sql/columns.sql");
const CONSTRAINTS: &str = include_str!("sql/constraints.sql");
const INDEXES: &str = include_str!("sql/indexes.sql");
const TRIGGERS: &str = include_str!("sql/triggers.sql");
const SEQUENCES: &str = include_str!("sql/sequences.sql");
const TYPES: &str = include_str!("sql/types.sql");
const FUNCTIONS: &str = include_str!("sql/functions.sql");

/// `prosqlbody` and `pg_get_function_sqlbody` appeared in PostgreSQL 14.
const MIN_SERVER_VERSION_NUM: i32 = 140_000;

/// Reads the schema of the database `conn` is connected to.
///
/// Runs in one `REPEATABLE READ, READ ONLY` transaction, so every query sees
/// the same snapshot, with `search_path` (and the other settings that change
/// how the server renders expressions) pinned for the transaction only. The
/// transaction is rolled back at the end, also on error; the connection's
/// session settings are left as they were.
///
/// Ten statements after `BEGIN`: the settings and one query per kind.
pub async fn inspect(
    conn: &mut PgConnection,
    options: &InspectOptions,
) -> Result<Schema, InspectError> {
    let mut tx = conn
        .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .await
        .map_err(InspectError::Begin)?;
    let read = read_rows(&mut tx, options).await;
    // Nothing was written: rolling back is the cheapest way out.
    let ended = tx.rollback().await;
    let rows = read?;
    ended.map_err(InspectError::End)?;
    assemble(rows)
}

async fn read_rows(
    conn: &mut PgConnection,
    options: &InspectOptions,
) -> Result<Rows, InspectError> {
    let settings: SettingsRow = sqlx::query_as(SETTINGS)
        .fetch_one(&mut *conn)
        .await
        .map_err(|source| query_failed("settings.sql", source))?;
    if settings.server_version_num < MIN_SERVER_VERSION_NUM {
        return Err(InspectError::UnsupportedServer {
            version_num: settings.server_version_num,
        });
    }

    let ignored = options.ignored_tables();
    Ok(Rows {
        namespaces: fetch(conn, "namespaces.sql", NAMESPACES, None).await?,
        relations: fetch(conn, "relations.sql", RELATIONS, Some(&ignored)).await?,
        columns: fetch(conn, "columns.sql", COLUMNS, Some(&ignored)).await?,
        constraints: fetch(conn, "constraints.sql", CONSTRAINTS, Some(&ignored)).await?,
        indexes: fetch(conn, "indexes.sql", INDEXES, Some(&ignored)).await?,
        triggers: fetch(conn, "triggers.sql", TRIGGERS, Some(&ignored)).await?,
        sequences: fetch(conn, "sequences.sql", SEQUENCES, Some(&ignored)).await?,
        enums: fetch(conn, "types.sql", TYPES, None).await?,
        functions: fetch(conn, "functions.sql", FUNCTIONS, None).await?,
    })
}

/// Runs one catalog query; `ignored` binds `$1` (bookkeeping table names)
/// for the queries that take it.
async fn fetch<T>(
    conn: &mut PgConnection,
    file: &'static str,
    sql: &'static str,
    ignored: Option<&[String]>,
) -> Result<Vec<T>, InspectError>
where
    T: for<'r> FromRow<'r, PgRow> + Send + Unpin,
{
    let query = sqlx::query_as(sql);
    let query = match ignored {
        Some(names) => query.bind(names),
        None => query,
    };
    query
        .fetch_all(&mut *conn)
        .await
        .map_err(|source| query_failed(file, source))
}

fn query_failed(query: &'static str, source: sqlx::Error) -> InspectError {
    InspectError::Query { query, source }
}

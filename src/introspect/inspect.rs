//! The inspection transaction: one read-only snapshot, settings pinned,
//! one catalog query per object kind.

use super::assemble::{Rows, assemble};
use super::error::InspectError;
use super::options::InspectOptions;
use super::rows::{RoleRow, SettingsRow};
use crate::model::Schema;
use serde::de::DeserializeOwned;
use sqlx::{AssertSqlSafe, Connection, PgConnection};
use std::collections::BTreeSet;

const SETTINGS: &str = include_str!("sql/settings.sql");
const NAMESPACES: &str = include_str!("sql/namespaces.sql");
const RELATIONS: &str = include_str!("sql/relations.sql");
const COLUMNS: &str = include_str!("sql/columns.sql");
const CONSTRAINTS: &str = include_str!("sql/constraints.sql");
const INDEXES: &str = include_str!("sql/indexes.sql");
const TRIGGERS: &str = include_str!("sql/triggers.sql");
const POLICIES: &str = include_str!("sql/policies.sql");
const RULES: &str = include_str!("sql/rules.sql");
const SEQUENCES: &str = include_str!("sql/sequences.sql");
const TYPES: &str = include_str!("sql/types.sql");
const FUNCTIONS: &str = include_str!("sql/functions.sql");
const EXTENSIONS: &str = include_str!("sql/extensions.sql");
const EVENT_TRIGGERS: &str = include_str!("sql/event_triggers.sql");
const COLLATIONS: &str = include_str!("sql/collations.sql");
const TEXT_SEARCH: &str = include_str!("sql/text_search.sql");
const PUBLICATIONS: &str = include_str!("sql/publications.sql");
const PRIVILEGES: &str = include_str!("sql/privileges.sql");
const DEFAULT_PRIVILEGES: &str = include_str!("sql/default_privileges.sql");
const ROLES: &str = include_str!("sql/roles.sql");

/// `NULLS NOT DISTINCT`, `pg_publication_namespace` and publication
/// column lists and row filters appeared in PostgreSQL 15.
const MIN_SERVER_VERSION_NUM: i32 = 150_000;

/// Reads the schema of the database `conn` is connected to.
///
/// Runs in one `REPEATABLE READ, READ ONLY` transaction, so every query sees
/// the same snapshot, with `search_path` (and the other settings that change
/// how the server renders expressions) pinned for the transaction only. The
/// transaction is rolled back at the end, also on error; the connection's
/// session settings are left as they were.
///
/// One statement for the settings, then one per catalog query; each query
/// returns its rows as a single JSON array (`json_agg`), so a query costs
/// one round trip and one row whatever the schema's size.
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
    let schema = assemble(rows)?;
    Ok(if options.ignore_ownership {
        schema.without_ownership()
    } else {
        schema
    })
}

/// The cluster's roles, except predefined ones (`pg_*`) and the bootstrap
/// superuser. Roles are cluster-wide and never part of a database's schema;
/// the walk reads them to warn about roles a downgrade leaves behind.
pub async fn roles(conn: &mut PgConnection) -> Result<BTreeSet<String>, InspectError> {
    let rows: Vec<RoleRow> = fetch(conn, "roles.sql", ROLES, None).await?;
    Ok(rows.into_iter().map(|r| r.name).collect())
}

async fn read_rows(
    conn: &mut PgConnection,
    options: &InspectOptions,
) -> Result<Rows, InspectError> {
    let settings: Vec<SettingsRow> = fetch(conn, "settings.sql", SETTINGS, None).await?;
    let version_num = settings.first().map_or(0, |s| s.server_version_num);
    if version_num < MIN_SERVER_VERSION_NUM {
        return Err(InspectError::UnsupportedServer { version_num });
    }

    let ignored = options.ignored_tables();
    let ig = Some(ignored.as_slice());
    Ok(Rows {
        namespaces: fetch(conn, "namespaces.sql", NAMESPACES, None).await?,
        relations: fetch(conn, "relations.sql", RELATIONS, ig).await?,
        columns: fetch(conn, "columns.sql", COLUMNS, ig).await?,
        constraints: fetch(conn, "constraints.sql", CONSTRAINTS, ig).await?,
        indexes: fetch(conn, "indexes.sql", INDEXES, ig).await?,
        triggers: fetch(conn, "triggers.sql", TRIGGERS, ig).await?,
        policies: fetch(conn, "policies.sql", POLICIES, ig).await?,
        rules: fetch(conn, "rules.sql", RULES, ig).await?,
        sequences: fetch(conn, "sequences.sql", SEQUENCES, ig).await?,
        types: fetch(conn, "types.sql", TYPES, None).await?,
        functions: fetch(conn, "functions.sql", FUNCTIONS, None).await?,
        extensions: fetch(conn, "extensions.sql", EXTENSIONS, None).await?,
        event_triggers: fetch(conn, "event_triggers.sql", EVENT_TRIGGERS, None).await?,
        collations: fetch(conn, "collations.sql", COLLATIONS, None).await?,
        text_search_configs: fetch(conn, "text_search.sql", TEXT_SEARCH, None).await?,
        publications: fetch(conn, "publications.sql", PUBLICATIONS, None).await?,
        privileges: fetch(conn, "privileges.sql", PRIVILEGES, None).await?,
        default_privileges: fetch(conn, "default_privileges.sql", DEFAULT_PRIVILEGES, None).await?,
    })
}

/// Runs one catalog query, its rows aggregated into one JSON array;
/// `ignored` binds `$1` (bookkeeping table names) for the queries that
/// take it.
async fn fetch<T: DeserializeOwned>(
    conn: &mut PgConnection,
    file: &'static str,
    sql: &'static str,
    ignored: Option<&[String]>,
) -> Result<Vec<T>, InspectError> {
    let wrapped = format!("SELECT coalesce(json_agg(q), '[]')::text FROM (\n{sql}\n) q");
    let query = sqlx::query_scalar::<_, String>(AssertSqlSafe(wrapped));
    let query = match ignored {
        Some(names) => query.bind(names),
        None => query,
    };
    let json = query
        .fetch_one(&mut *conn)
        .await
        .map_err(|source| InspectError::Query {
            query: file,
            source,
        })?;
    serde_json::from_str(&json).map_err(|source| InspectError::Decode {
        query: file,
        source,
    })
}

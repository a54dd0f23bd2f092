//! The inspection transaction: one read-only snapshot, settings pinned,
//! one catalog query per object kind, then assembly kind by kind.

use super::error::InspectError;
use super::kind::Kind;
use super::kinds;
use super::options::InspectOptions;
use crate::model::Schema;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use sqlx::{AssertSqlSafe, Connection, PgConnection};
use std::collections::BTreeSet;

const SETTINGS: &str = include_str!("sql/settings.sql");
const ROLES: &str = include_str!("sql/roles.sql");
/// `sql/cluster.sql`: roles, databases and tablespaces in one query.
pub(super) const CLUSTER: &str = include_str!("sql/cluster.sql");
const BEGIN: &str = include_str!("sql/begin.sql");

/// `NULLS NOT DISTINCT`, `pg_publication_namespace` and publication
/// column lists and row filters appeared in PostgreSQL 15.
const MIN_SERVER_VERSION_NUM: i32 = 150_000;

/// `sql/settings.sql`.
#[derive(Debug, Clone, Deserialize)]
struct SettingsRow {
    server_version_num: i32,
}

/// `sql/roles.sql`.
#[derive(Debug, Clone, Deserialize)]
struct RoleRow {
    name: String,
}

/// Reads the schema of the database `conn` is connected to: every kind in
/// [`kinds::ALL`].
///
/// Runs in one `REPEATABLE READ, READ ONLY` transaction, so every query sees
/// the same snapshot, with `search_path` (and the other settings that change
/// how the server renders expressions) pinned for the transaction only. The
/// transaction is rolled back at the end, also on error; the connection's
/// session settings are left as they were.
///
/// One statement for the settings, then one per kind; each query returns
/// its rows as a single JSON array (`json_agg`), so a query costs one round
/// trip and one row whatever the schema's size.
pub async fn inspect(
    conn: &mut PgConnection,
    options: &InspectOptions,
) -> Result<Schema, InspectError> {
    inspect_kinds(conn, options, kinds::ALL).await
}

/// Like [`inspect`], but reads only the `requested` kinds and the kinds
/// they hang on ([`Kind::needs`]: columns need relations), in the same one
/// transaction. The schema holds nothing of the kinds not read.
pub async fn inspect_kinds(
    conn: &mut PgConnection,
    options: &InspectOptions,
    requested: &[&Kind],
) -> Result<Schema, InspectError> {
    let selected = kinds::with_needs(requested);
    let mut tx = conn
        .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .await
        .map_err(InspectError::Begin)?;
    let read = read_kinds(&mut tx, options, &selected).await;
    // Nothing was written: rolling back is the cheapest way out.
    let ended = tx.rollback().await;
    let rows = read?;
    ended.map_err(InspectError::End)?;
    assemble(&selected, &rows, options)
}

/// The schema from each kind's rows (one JSON array per kind, in `kinds`
/// order), owners cleared with `ignore_ownership`.
pub(super) fn assemble(
    kinds: &[&Kind],
    rows: &[String],
    options: &InspectOptions,
) -> Result<Schema, InspectError> {
    let mut schema = Schema::default();
    for (kind, json) in kinds.iter().zip(rows) {
        kind.assemble(json, &mut schema)?;
    }
    if options.ignore_ownership {
        schema.clear_owners();
    }
    Ok(schema)
}

/// The cluster's roles, except predefined ones (`pg_*`) and the bootstrap
/// superuser. Roles are cluster-wide and never part of a database's schema;
/// the walk reads them to warn about roles a downgrade leaves behind.
pub async fn roles(conn: &mut PgConnection) -> Result<BTreeSet<String>, InspectError> {
    let rows: Vec<RoleRow> = fetch(conn, "roles.sql", ROLES).await?;
    Ok(rows.into_iter().map(|r| r.name).collect())
}

/// The names of the cluster-wide objects the walk compares across a
/// downgrade: like roles, never part of a database's schema.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct ClusterObjects {
    /// As [`roles`] reads them (quoted names).
    pub roles: BTreeSet<String>,
    /// Databases, without templates, `postgres` and pg-roundtrip's own
    /// scratch databases (`pg_roundtrip_*`).
    pub databases: BTreeSet<String>,
    /// Tablespaces, without the built-in `pg_default` and `pg_global`.
    pub tablespaces: BTreeSet<String>,
}

/// Reads the [`ClusterObjects`] in one round trip (the incremental
/// inspection reads them within its one statement instead:
/// [`super::Incremental::cluster_objects`]).
pub async fn cluster_objects(conn: &mut PgConnection) -> Result<ClusterObjects, InspectError> {
    let json = sqlx::query_scalar::<_, String>(CLUSTER)
        .fetch_one(&mut *conn)
        .await
        .map_err(|source| InspectError::Query {
            query: "cluster.sql",
            source,
        })?;
    decode_cluster(&json)
}

/// `sql/cluster.sql`'s one value.
pub(super) fn decode_cluster(json: &str) -> Result<ClusterObjects, InspectError> {
    serde_json::from_str(json).map_err(|source| InspectError::Decode {
        query: "cluster.sql",
        source,
    })
}

/// The batch that opens the incremental inspection's transaction in one
/// round trip: `sql/begin.sql` (the snapshot, the current schema kept in
/// `pg_roundtrip.current_schema`, the generic plan), then `sql/settings.sql`.
pub(super) fn begin_batch() -> &'static str {
    static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SQL.get_or_init(|| format!("{BEGIN}{};\n", SETTINGS.trim_end()))
}

/// The server version check of [`read_settings`] without a round trip,
/// from what the server told at connection start; `false` when it did not
/// (then [`read_settings`] has to ask).
pub(super) fn check_version_known(conn: &PgConnection) -> Result<bool, InspectError> {
    match conn.server_version_num() {
        Some(v) => {
            let version_num = i32::try_from(v).unwrap_or(i32::MAX);
            if version_num < MIN_SERVER_VERSION_NUM {
                return Err(InspectError::UnsupportedServer { version_num });
            }
            Ok(true)
        }
        None => Ok(false),
    }
}

/// Pins the settings, checks the server version, then runs each kind's
/// query: its rows as one JSON array per kind, in `kinds` order.
async fn read_kinds(
    conn: &mut PgConnection,
    options: &InspectOptions,
    kinds: &[&Kind],
) -> Result<Vec<String>, InspectError> {
    let current = current_schema(conn).await?;
    read_settings(conn).await?;
    let ignored = options.ignored_tables(current.as_deref());
    let mut rows = Vec::with_capacity(kinds.len());
    for kind in kinds {
        // The shared scope (kinds/scope.sql) goes in front of every kind's
        // query; `$1` is always the bookkeeping table names.
        let sql = format!(
            "WITH {}\nSELECT coalesce(json_agg(q), '[]')::text FROM (\n{}\n) q",
            kinds::SCOPE,
            kind.sql()
        );
        let json = sqlx::query_scalar::<_, String>(AssertSqlSafe(sql))
            .bind(&ignored)
            .fetch_one(&mut *conn)
            .await
            .map_err(|source| InspectError::Query {
                query: kind.file(),
                source,
            })?;
        rows.push(json);
    }
    Ok(rows)
}

/// The schema an unqualified `CREATE TABLE` of this session would create
/// its table in, read before [`read_settings`] pins `search_path`: where a
/// migration tool puts its bookkeeping table by default.
pub(super) async fn current_schema(
    conn: &mut PgConnection,
) -> Result<Option<String>, InspectError> {
    sqlx::query_scalar::<_, Option<String>>("SELECT current_schema()::text")
        .fetch_one(&mut *conn)
        .await
        .map_err(|source| InspectError::Query {
            query: "current_schema()",
            source,
        })
}

/// Pins the settings for the transaction and checks the server version.
pub(super) async fn read_settings(conn: &mut PgConnection) -> Result<(), InspectError> {
    let settings: Vec<SettingsRow> = fetch(conn, "settings.sql", SETTINGS).await?;
    let version_num = settings.first().map_or(0, |s| s.server_version_num);
    if version_num < MIN_SERVER_VERSION_NUM {
        return Err(InspectError::UnsupportedServer { version_num });
    }
    Ok(())
}

/// Runs one query outside the kinds (settings, roles), its rows aggregated
/// into one JSON array.
async fn fetch<T: DeserializeOwned>(
    conn: &mut PgConnection,
    file: &'static str,
    sql: &'static str,
) -> Result<Vec<T>, InspectError> {
    let wrapped = format!("SELECT coalesce(json_agg(q), '[]')::text FROM (\n{sql}\n) q");
    let json = sqlx::query_scalar::<_, String>(AssertSqlSafe(wrapped))
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

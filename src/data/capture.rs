//! The tables' rows as the server sees them.
//!
//! A table's rows are compared as `jsonb`: each row is `to_jsonb(t)` (its
//! columns by name, so that a column's position and a widened type do not
//! count, but a value does), keyed by its primary key where it has one.
//! The fingerprint is the row count and the sum of the rows' 64-bit hashes
//! (`hashtextextended` of the row's canonical `jsonb` text), so that the
//! order the server returns rows in does not matter. Everything is
//! computed in one statement for all tables.

use super::{DataError, ident, literal, query_error, quote};
use crate::introspect::InspectOptions;
use sqlx::{AssertSqlSafe, PgConnection, Row};

/// Rows kept for comparing later are dropped above this many per table:
/// such a table is compared by its fingerprint alone, without examples.
pub const KEEP_ROWS: i64 = 10_000;

/// A user table and its columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub oid: i64,
    pub schema: String,
    pub name: String,
    /// Column names, by position.
    pub columns: Vec<String>,
    /// Their attribute numbers.
    pub attnums: Vec<i32>,
    /// Columns whose value the server picks (identity, or a default that
    /// calls a function: `nextval`, `now()`): a second upgrade may give
    /// them other values.
    pub server_picked: Vec<String>,
    /// The primary key's columns, in key order; empty without one.
    pub key: Vec<String>,
}

impl Table {
    /// `public.t`, as reports show it.
    pub fn display(&self) -> String {
        format!("{}.{}", self.schema, self.name)
    }

    pub(crate) fn sql_name(&self) -> String {
        quote(&self.schema, &self.name)
    }

    /// `jsonb_build_array(t."id")`, or `'null'::jsonb` without a key (or
    /// when a key column is left out).
    pub(crate) fn key_expr(&self, without: &[String]) -> String {
        if self.key.is_empty() || self.key.iter().any(|k| without.contains(k)) {
            return "'null'::jsonb".into();
        }
        let cols: Vec<String> = self.key.iter().map(|k| format!("t.{}", ident(k))).collect();
        format!("jsonb_build_array({})", cols.join(", "))
    }
}

/// A table's rows at one moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRows {
    pub table: Table,
    pub count: i64,
    /// The sum of the rows' hashes, as numeric text.
    pub hash: String,
    /// `[[key, row], …]` as `jsonb` text; `None` above [`KEEP_ROWS`] or
    /// when not asked for.
    pub rows: Option<String>,
}

/// Every user table's rows at one moment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Capture {
    pub tables: Vec<TableRows>,
}

impl Capture {
    pub fn get(&self, display: &str) -> Option<&TableRows> {
        self.tables.iter().find(|t| t.table.display() == display)
    }
}

const TABLES: &str = r"
SELECT c.oid::int8 AS oid, n.nspname::text AS schema, c.relname::text AS name,
       array_agg(a.attname::text ORDER BY a.attnum) AS columns,
       array_agg(a.attnum::int4 ORDER BY a.attnum) AS attnums,
       coalesce(array_agg(a.attname::text ORDER BY a.attnum) FILTER (
           WHERE a.attidentity <> ''
              OR pg_get_expr(d.adbin, d.adrelid) LIKE '%(%'), '{}') AS picked,
       coalesce((SELECT array_agg(ka.attname::text ORDER BY k.ord)
                 FROM pg_constraint pk
                 CROSS JOIN LATERAL unnest(pk.conkey) WITH ORDINALITY AS k(attnum, ord)
                 JOIN pg_attribute ka ON ka.attrelid = pk.conrelid AND ka.attnum = k.attnum
                 WHERE pk.conrelid = c.oid AND pk.contype = 'p'), '{}') AS key
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (SELECT FROM unnest($1::text[]) AS b(qualified)
                  CROSS JOIN LATERAL parse_ident(b.qualified) AS i(ident)
                  WHERE i.ident[cardinality(i.ident)] = c.relname
                    AND (cardinality(i.ident) = 1 OR i.ident[1] = n.nspname))
  AND NOT EXISTS (SELECT FROM pg_depend e
                  WHERE e.deptype = 'e'
                    AND ((e.classid = 'pg_class'::regclass AND e.objid = c.oid)
                      OR (e.classid = 'pg_namespace'::regclass AND e.objid = n.oid)))
GROUP BY c.oid, n.nspname, c.relname
ORDER BY n.nspname, c.relname";

/// Every user table (not a partition, not an extension's, not named in
/// left out by `ignored`: the bookkeeping tables), by schema and name.
pub async fn tables(
    conn: &mut PgConnection,
    ignored: &InspectOptions,
) -> Result<Vec<Table>, DataError> {
    // The bookkeeping tables are left out in the session's current schema,
    // as the inspection leaves them out (`InspectOptions::ignored_tables`).
    let current: Option<String> = sqlx::query_scalar("SELECT current_schema()::text")
        .fetch_one(&mut *conn)
        .await
        .map_err(query_error("read the current schema"))?;
    let rows = sqlx::query(TABLES)
        .bind(ignored.ignored_tables(current.as_deref()))
        .fetch_all(&mut *conn)
        .await
        .map_err(query_error("list the tables"))?;
    rows.iter()
        .map(|r| {
            Ok(Table {
                oid: r.try_get("oid")?,
                schema: r.try_get("schema")?,
                name: r.try_get("name")?,
                columns: r.try_get("columns")?,
                attnums: r.try_get("attnums")?,
                server_picked: r.try_get("picked")?,
                key: r.try_get("key")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(query_error("read the list of tables"))
}

/// The row expression of `t` without the columns `without`.
pub(crate) fn row_expr(without: &[String]) -> String {
    if without.is_empty() {
        "to_jsonb(t)".into()
    } else {
        let names: Vec<String> = without.iter().map(|c| literal(c)).collect();
        format!("(to_jsonb(t) - ARRAY[{}]::text[])", names.join(", "))
    }
}

/// Fingerprints (and, with `keep`, the rows) of `tables`, each without
/// the columns `without` gives for it, in one statement.
pub(crate) async fn fingerprints(
    conn: &mut PgConnection,
    tables: &[(Table, Vec<String>)],
    keep: bool,
) -> Result<Vec<TableRows>, DataError> {
    if tables.is_empty() {
        return Ok(Vec::new());
    }
    let parts: Vec<String> = tables
        .iter()
        .enumerate()
        .map(|(i, (t, without))| {
            let rows = if keep {
                format!(
                    "CASE WHEN count(*) <= {KEEP_ROWS} THEN coalesce(jsonb_agg(jsonb_build_array(x.k, x.r)), '[]')::text END"
                )
            } else {
                "NULL::text".into()
            };
            format!(
                "SELECT {i}::int4 AS i, count(*)::int8 AS n, \
                 coalesce(sum(hashtextextended(x.r::text, 0)), 0)::text AS h, {rows} AS rows \
                 FROM (SELECT {} AS k, {} AS r FROM {} t) x",
                t.key_expr(without),
                row_expr(without),
                t.sql_name()
            )
        })
        .collect();
    let sql = parts.join("\nUNION ALL\n");
    let rows = sqlx::query(AssertSqlSafe(sql))
        .fetch_all(&mut *conn)
        .await
        .map_err(query_error("fingerprint the tables' rows"))?;
    let mut out: Vec<Option<TableRows>> = vec![None; tables.len()];
    for r in rows {
        let read = || -> Result<(usize, TableRows), sqlx::Error> {
            let i: i32 = r.try_get("i")?;
            let i = usize::try_from(i).unwrap_or_default();
            Ok((
                i,
                TableRows {
                    table: tables[i].0.clone(),
                    count: r.try_get("n")?,
                    hash: r.try_get("h")?,
                    rows: r.try_get("rows")?,
                },
            ))
        };
        let (i, t) = read().map_err(query_error("read the tables' fingerprints"))?;
        if let Some(slot) = out.get_mut(i) {
            *slot = Some(t);
        }
    }
    Ok(out.into_iter().flatten().collect())
}

/// Every user table's rows now, kept for comparing later.
pub async fn capture(
    conn: &mut PgConnection,
    ignored: &InspectOptions,
) -> Result<Capture, DataError> {
    let all = tables(conn, ignored).await?;
    let with: Vec<(Table, Vec<String>)> = all.into_iter().map(|t| (t, Vec::new())).collect();
    Ok(Capture {
        tables: fingerprints(conn, &with, true).await?,
    })
}

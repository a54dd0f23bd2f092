//! What generation reads of the catalog: the columns of the tables to
//! fill (type, nullability, what the server picks) and their foreign keys.

use super::values::{TypeInfo, candidates};
use super::{DataError, query_error, quote};
use sqlx::{PgConnection, Row};
use std::collections::BTreeMap;

#[derive(Debug, Clone)]
pub(super) struct Column {
    pub(super) name: String,
    /// `format_type`: what literals are cast to.
    pub(super) sql_type: String,
    pub(super) info: TypeInfo,
    pub(super) not_null: bool,
    /// Identity, generated or `nextval`: left out of the insert.
    pub(super) server: bool,
    /// Of a domain type: its candidates are checked against the domain.
    pub(super) domain: bool,
    pub(super) has_default: bool,
    /// The candidates a domain accepts, once checked.
    pub(super) values: Option<Vec<String>>,
}

#[derive(Debug, Clone)]
pub(super) struct ForeignKey {
    pub(super) columns: Vec<String>,
    /// Quoted, for SQL.
    pub(super) parent: String,
    /// `public.x`, as reports show it.
    pub(super) parent_display: String,
    pub(super) parent_columns: Vec<String>,
}

const COLUMNS: &str = r"
SELECT a.attrelid::int8 AS oid, a.attname::text AS name,
       format_type(a.atttypid, a.atttypmod) AS sql_type,
       bt.typname::text AS base, bt.typcategory::text AS category,
       (CASE WHEN a.atttypmod <> -1 THEN a.atttypmod ELSE t.typtypmod END)::int4 AS typmod,
       (a.attnotnull OR t.typnotnull) AS not_null,
       (a.attidentity <> '' OR a.attgenerated <> ''
        OR coalesce(pg_get_expr(d.adbin, d.adrelid) LIKE 'nextval(%', false)) AS server,
       (d.adbin IS NOT NULL OR t.typdefaultbin IS NOT NULL) AS has_default,
       t.typtype = 'd' AS domain,
       coalesce((SELECT array_agg(e.enumlabel::text ORDER BY e.enumsortorder)
                 FROM pg_enum e WHERE e.enumtypid = bt.oid), '{}') AS labels,
       et.typname::text AS elem_base, et.typcategory::text AS elem_category,
       coalesce((SELECT array_agg(e.enumlabel::text ORDER BY e.enumsortorder)
                 FROM pg_enum e WHERE e.enumtypid = et.oid), '{}') AS elem_labels
FROM pg_attribute a
JOIN pg_type t ON t.oid = a.atttypid
JOIN pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
LEFT JOIN pg_type et ON bt.typcategory = 'A' AND et.oid = bt.typelem
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE a.attrelid::int8 = ANY($1::int8[]) AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum";

const FOREIGN_KEYS: &str = r"
SELECT c.conrelid::int8 AS oid, pn.nspname::text AS pschema, p.relname::text AS pname,
       ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(n, o)
             JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.o) AS cols,
       ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(n, o)
             JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.o) AS pcols
FROM pg_constraint c
JOIN pg_class p ON p.oid = c.confrelid
JOIN pg_namespace pn ON pn.oid = p.relnamespace
WHERE c.contype = 'f' AND c.conrelid::int8 = ANY($1::int8[])
ORDER BY c.conrelid, c.conname";

impl Column {
    /// The literals to try: the type's, or those its domain accepts.
    pub(super) fn candidates(&self) -> Vec<String> {
        self.values
            .clone()
            .unwrap_or_else(|| candidates(&self.info))
    }
}

pub(super) async fn read_columns(
    conn: &mut PgConnection,
    oids: &[i64],
) -> Result<BTreeMap<i64, Vec<Column>>, DataError> {
    let rows = sqlx::query(COLUMNS)
        .bind(oids)
        .fetch_all(&mut *conn)
        .await
        .map_err(query_error("read the columns to fill"))?;
    let mut out: BTreeMap<i64, Vec<Column>> = BTreeMap::new();
    for r in rows {
        let read = || -> Result<(i64, Column), sqlx::Error> {
            let elem_base: Option<String> = r.try_get("elem_base")?;
            let element = match elem_base {
                Some(base) => Some(Box::new(TypeInfo {
                    base,
                    category: r
                        .try_get::<Option<String>, _>("elem_category")?
                        .unwrap_or_default(),
                    typmod: -1,
                    labels: r.try_get("elem_labels")?,
                    element: None,
                })),
                None => None,
            };
            Ok((
                r.try_get("oid")?,
                Column {
                    name: r.try_get("name")?,
                    sql_type: r.try_get("sql_type")?,
                    info: TypeInfo {
                        base: r.try_get("base")?,
                        category: r.try_get("category")?,
                        typmod: r.try_get("typmod")?,
                        labels: r.try_get("labels")?,
                        element,
                    },
                    not_null: r.try_get("not_null")?,
                    server: r.try_get("server")?,
                    has_default: r.try_get("has_default")?,
                    domain: r.try_get("domain")?,
                    values: None,
                },
            ))
        };
        let (oid, column) = read().map_err(query_error("read a column to fill"))?;
        out.entry(oid).or_default().push(column);
    }
    Ok(out)
}

pub(super) async fn read_foreign_keys(
    conn: &mut PgConnection,
    oids: &[i64],
) -> Result<BTreeMap<i64, Vec<ForeignKey>>, DataError> {
    let rows = sqlx::query(FOREIGN_KEYS)
        .bind(oids)
        .fetch_all(&mut *conn)
        .await
        .map_err(query_error("read the foreign keys"))?;
    let mut out: BTreeMap<i64, Vec<ForeignKey>> = BTreeMap::new();
    for r in rows {
        let read = || -> Result<(i64, ForeignKey), sqlx::Error> {
            let schema: String = r.try_get("pschema")?;
            let name: String = r.try_get("pname")?;
            Ok((
                r.try_get("oid")?,
                ForeignKey {
                    columns: r.try_get("cols")?,
                    parent: quote(&schema, &name),
                    parent_display: format!("{schema}.{name}"),
                    parent_columns: r.try_get("pcols")?,
                },
            ))
        };
        let (oid, fk) = read().map_err(query_error("read a foreign key"))?;
        out.entry(oid).or_default().push(fk);
    }
    Ok(out)
}

//! A capture against the database now: the rows that did not survive.

use super::capture::{Capture, Table, TableRows, fingerprints, row_expr, tables};
use super::{DataError, query_error};
use crate::introspect::InspectOptions;
use sqlx::{AssertSqlSafe, PgConnection, Row};
use std::collections::BTreeSet;

/// At most this many example rows per difference.
pub const EXAMPLES: i64 = 5;

/// Which comparison of a round trip.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    /// Before the upgrade against after the downgrade (the down's fault).
    AfterDowngrade,
    /// After the first upgrade against after the second one (the up's).
    AfterSecondUpgrade,
}

/// How rows differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DiffClass {
    /// Rows that were there are gone.
    Lost,
    /// Rows that are still there (by primary key) have other values.
    Changed,
    /// Rows that were not there are.
    LeftBehind,
}

/// One row before and after; `None` where it is absent.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Example {
    /// The primary key's values as a JSON array; `None` without a key.
    pub key: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// Rows of one table that did not survive a comparison.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DataDiff {
    pub class: DiffClass,
    pub stage: Stage,
    /// `public.tasks`.
    pub table: String,
    /// The columns concerned: those whose values differ for a change, the
    /// compared ones for rows lost or left behind.
    pub columns: Vec<String>,
    /// How many rows.
    pub rows: i64,
    /// Up to [`EXAMPLES`], by key.
    pub examples: Vec<Example>,
}

/// What an upgrade dropped while it held rows: a whole table (`columns`
/// empty) or columns of one.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Destroyed {
    pub table: String,
    pub columns: Vec<String>,
    /// The rows the table had.
    pub rows: i64,
}

/// The tables and columns of `before` (tables with rows) that no longer
/// exist now, by object identity: a table or column renamed is not
/// destroyed, one dropped is.
pub async fn destroyed(
    conn: &mut PgConnection,
    before: &Capture,
) -> Result<Vec<Destroyed>, DataError> {
    let with_rows: Vec<&TableRows> = before.tables.iter().filter(|t| t.count > 0).collect();
    if with_rows.is_empty() {
        return Ok(Vec::new());
    }
    let oids: Vec<i64> = with_rows.iter().map(|t| t.table.oid).collect();
    let present = sqlx::query(
        "SELECT a.attrelid::int8 AS oid, a.attnum::int4 AS attnum FROM pg_attribute a \
         JOIN pg_class c ON c.oid = a.attrelid AND c.relkind IN ('r', 'p') \
         WHERE a.attrelid::int8 = ANY($1::int8[]) AND a.attnum > 0 AND NOT a.attisdropped",
    )
    .bind(&oids)
    .fetch_all(&mut *conn)
    .await
    .map_err(query_error("look for dropped tables and columns"))?;
    let mut have = BTreeSet::new();
    for r in present {
        let read =
            || -> Result<(i64, i32), sqlx::Error> { Ok((r.try_get("oid")?, r.try_get("attnum")?)) };
        have.insert(read().map_err(query_error("read the columns"))?);
    }
    let mut out = Vec::new();
    for t in with_rows {
        let table = &t.table;
        if !have.iter().any(|(oid, _)| *oid == table.oid) {
            out.push(Destroyed {
                table: table.display(),
                columns: Vec::new(),
                rows: t.count,
            });
            continue;
        }
        let gone: Vec<String> = table
            .attnums
            .iter()
            .zip(&table.columns)
            .filter(|(n, _)| !have.contains(&(table.oid, **n)))
            .map(|(_, c)| c.clone())
            .collect();
        if !gone.is_empty() {
            out.push(Destroyed {
                table: table.display(),
                columns: gone,
                rows: t.count,
            });
        }
    }
    Ok(out)
}

/// The tables of `before` against the database now, at `stage`: what was
/// `destroyed` is left out (reported on its own), and so is what differs
/// in the schema (a table or column absent on one side: the schema's
/// findings say so). After a second upgrade, columns whose value the
/// server picks are left out too.
pub async fn compare(
    conn: &mut PgConnection,
    before: &Capture,
    stage: Stage,
    destroyed: &[Destroyed],
    ignored: &InspectOptions,
) -> Result<Vec<DataDiff>, DataError> {
    let now = tables(conn, ignored).await?;
    let mut pairs: Vec<(&TableRows, Table, Vec<String>)> = Vec::new();
    for b in &before.tables {
        let display = b.table.display();
        let gone: Vec<&Destroyed> = destroyed.iter().filter(|d| d.table == display).collect();
        if gone.iter().any(|d| d.columns.is_empty()) {
            continue;
        }
        let Some(n) = now
            .iter()
            .find(|t| t.schema == b.table.schema && t.name == b.table.name)
        else {
            continue;
        };
        let mut without: BTreeSet<String> = gone.iter().flat_map(|d| d.columns.clone()).collect();
        if stage == Stage::AfterSecondUpgrade {
            without.extend(b.table.server_picked.iter().cloned());
        }
        let (bc, nc): (BTreeSet<_>, BTreeSet<_>) = (
            b.table.columns.iter().cloned().collect(),
            n.columns.iter().cloned().collect(),
        );
        without.extend(bc.symmetric_difference(&nc).cloned());
        pairs.push((b, n.clone(), without.into_iter().collect()));
    }
    let wanted: Vec<(Table, Vec<String>)> = pairs
        .iter()
        .map(|(_, n, w)| (n.clone(), w.clone()))
        .collect();
    let after = fingerprints(conn, &wanted, false).await?;
    let mut diffs = Vec::new();
    for ((b, n, without), a) in pairs.iter().zip(&after) {
        let (count, hash) = if without.is_empty() {
            (b.count, b.hash.clone())
        } else if let Some(rows) = &b.rows {
            rows_fingerprint(conn, rows, without).await?
        } else {
            // Too many rows kept to leave columns out: not compared.
            continue;
        };
        if count == a.count && hash == a.hash {
            continue;
        }
        let columns: Vec<String> = b
            .table
            .columns
            .iter()
            .filter(|c| !without.contains(c))
            .cloned()
            .collect();
        let Some(rows) = &b.rows else {
            let class = match a.count.cmp(&count) {
                std::cmp::Ordering::Less => DiffClass::Lost,
                std::cmp::Ordering::Greater => DiffClass::LeftBehind,
                std::cmp::Ordering::Equal => DiffClass::Changed,
            };
            diffs.push(DataDiff {
                class,
                stage,
                table: b.table.display(),
                columns,
                rows: (a.count - count).abs().max(1),
                examples: Vec::new(),
            });
            continue;
        };
        diffs.extend(examples(conn, b, n, rows, without, stage, &columns).await?);
    }
    Ok(diffs)
}

async fn rows_fingerprint(
    conn: &mut PgConnection,
    rows: &str,
    without: &[String],
) -> Result<(i64, String), DataError> {
    let r = sqlx::query(
        "SELECT count(*)::int8 AS n, \
         coalesce(sum(hashtextextended(((e->1) - $2::text[])::text, 0)), 0)::text AS h \
         FROM jsonb_array_elements($1::text::jsonb) e",
    )
    .bind(rows)
    .bind(without)
    .fetch_one(&mut *conn)
    .await
    .map_err(query_error("fingerprint the kept rows"))?;
    let read = || -> Result<(i64, String), sqlx::Error> { Ok((r.try_get("n")?, r.try_get("h")?)) };
    read().map_err(query_error("read a fingerprint"))
}

/// The differing rows of one table, classified and with up to
/// [`EXAMPLES`] of each class, computed in the server from the kept rows
/// (`$1`) and the table now.
async fn examples(
    conn: &mut PgConnection,
    before: &TableRows,
    now: &Table,
    rows: &str,
    without: &[String],
    stage: Stage,
    columns: &[String],
) -> Result<Vec<DataDiff>, DataError> {
    let keyed = !before.table.key.is_empty()
        && before.table.key.iter().all(|k| !without.contains(k))
        && before.table.key == now.key;
    let sql = if keyed {
        format!(
            "WITH b AS (SELECT e->0 AS k, (e->1) - $2::text[] AS r FROM jsonb_array_elements($1::text::jsonb) e),
             a AS (SELECT {} AS k, {} AS r FROM {} t),
             d AS (SELECT CASE WHEN a.k IS NULL THEN 'lost' WHEN b.k IS NULL THEN 'left' ELSE 'changed' END AS class,
                          coalesce(b.k, a.k) AS k, b.r AS br, a.r AS ar
                   FROM b FULL JOIN a ON a.k = b.k WHERE b.r IS DISTINCT FROM a.r)
             SELECT class, total, k::text AS k, br::text AS br, ar::text AS ar FROM (
                 SELECT d.*, count(*) OVER (PARTITION BY class)::int8 AS total,
                        row_number() OVER (PARTITION BY class ORDER BY k) AS rn FROM d) x
             WHERE rn <= {EXAMPLES} ORDER BY class, rn",
            now.key_expr(&[]),
            row_expr(without),
            now.sql_name()
        )
    } else {
        format!(
            "WITH b AS (SELECT (e->1) - $2::text[] AS r, count(*) AS n FROM jsonb_array_elements($1::text::jsonb) e GROUP BY 1),
             a AS (SELECT {} AS r, count(*) AS n FROM {} t GROUP BY 1),
             d AS (SELECT coalesce(b.r, a.r) AS r, coalesce(b.n, 0) - coalesce(a.n, 0) AS delta
                   FROM b FULL JOIN a ON a.r = b.r WHERE coalesce(b.n, 0) <> coalesce(a.n, 0)),
             c AS (SELECT CASE WHEN delta > 0 THEN 'lost' ELSE 'left' END AS class, r, abs(delta) AS n FROM d)
             SELECT class, total, NULL::text AS k,
                    CASE WHEN class = 'lost' THEN r::text END AS br,
                    CASE WHEN class = 'left' THEN r::text END AS ar FROM (
                 SELECT c.*, sum(n) OVER (PARTITION BY class)::int8 AS total,
                        row_number() OVER (PARTITION BY class ORDER BY r) AS rn FROM c) x
             WHERE rn <= {EXAMPLES} ORDER BY class, rn",
            row_expr(without),
            now.sql_name()
        )
    };
    let found = sqlx::query(AssertSqlSafe(sql))
        .bind(rows)
        .bind(without)
        .fetch_all(&mut *conn)
        .await
        .map_err(query_error(format!(
            "compare the rows of {}",
            now.display()
        )))?;
    let mut by_class: Vec<(DiffClass, i64, Vec<Example>)> = Vec::new();
    for r in found {
        let read = || -> Result<(String, i64, Example), sqlx::Error> {
            Ok((
                r.try_get("class")?,
                r.try_get("total")?,
                Example {
                    key: r.try_get("k")?,
                    before: r.try_get("br")?,
                    after: r.try_get("ar")?,
                },
            ))
        };
        let (class, total, example) = read().map_err(query_error("read the differing rows"))?;
        let class = match class.as_str() {
            "lost" => DiffClass::Lost,
            "left" => DiffClass::LeftBehind,
            _ => DiffClass::Changed,
        };
        match by_class.iter_mut().find(|(c, _, _)| *c == class) {
            Some((_, _, list)) => list.push(example),
            None => by_class.push((class, total, vec![example])),
        }
    }
    // Without a key, as many rows lost as left behind are rows changed.
    if !keyed
        && let [
            (DiffClass::LeftBehind, left, after),
            (DiffClass::Lost, lost, gone),
        ] = by_class.as_slice()
        && left == lost
    {
        let examples = gone
            .iter()
            .zip(after)
            .map(|(b, a)| Example {
                key: None,
                before: b.before.clone(),
                after: a.after.clone(),
            })
            .collect();
        by_class = vec![(DiffClass::Changed, *lost, examples)];
    }
    by_class.sort_by_key(|(c, _, _)| *c as u8);
    Ok(by_class
        .into_iter()
        .map(|(class, rows, examples)| DataDiff {
            class,
            stage,
            table: before.table.display(),
            columns: match class {
                DiffClass::Changed => changed_columns(&examples, columns),
                _ => columns.to_vec(),
            },
            rows,
            examples,
        })
        .collect())
}

/// The columns whose values differ in any example pair, in table order.
fn changed_columns(examples: &[Example], columns: &[String]) -> Vec<String> {
    let parse = |s: &Option<String>| -> serde_json::Map<String, serde_json::Value> {
        s.as_deref()
            .and_then(|s| serde_json::from_str::<serde_json::Value>(s).ok())
            .and_then(|v| v.as_object().cloned())
            .unwrap_or_default()
    };
    let differ: BTreeSet<String> = examples
        .iter()
        .flat_map(|e| {
            let (b, a) = (parse(&e.before), parse(&e.after));
            let keys: BTreeSet<String> = b.keys().chain(a.keys()).cloned().collect();
            keys.into_iter()
                .filter(|k| b.get(k) != a.get(k))
                .collect::<Vec<_>>()
        })
        .collect();
    columns
        .iter()
        .filter(|c| differ.contains(*c))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_columns_are_those_whose_values_differ() {
        let e = Example {
            key: Some("[1]".into()),
            before: Some(r#"{"id": 1, "a": 1, "b": "x"}"#.into()),
            after: Some(r#"{"id": 1, "a": 1, "b": "y"}"#.into()),
        };
        let cols = ["id".to_string(), "a".into(), "b".into()];
        assert_eq!(changed_columns(&[e], &cols), ["b"]);
    }
}

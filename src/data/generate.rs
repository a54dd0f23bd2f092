//! `--data auto`: a few rows in every table that has none, derived from
//! the catalog, the same on every run.
//!
//! Identity, generated and `nextval` columns are left to the server;
//! foreign keys take existing parent rows (parents are filled first);
//! every other column takes the candidates of its type ([`super::values`])
//! in turn, row `i` starting at candidate `i` (so that unique columns get
//! distinct values), NULL first where the column allows it. A row the
//! server refuses (a CHECK, a domain, a unique key) is retried with the
//! next candidates, then with the columns' defaults; a table that gets no
//! row is skipped, with a typed [`SkipReason`]: no value for a column, the
//! server's refusal, or a parent (of a `NOT NULL` foreign key) that got no
//! rows, with that parent's own reason.

use super::capture::tables;
use super::catalog::{Column, ForeignKey, read_columns, read_foreign_keys};
use super::values::candidates;
use super::{DataError, ident, query_error};
use crate::introspect::InspectOptions;
use sqlx::{AssertSqlSafe, Executor, PgConnection};
use std::collections::{BTreeMap, BTreeSet};

/// Rows tried per table.
pub const ROWS: usize = 4;
/// Tries per row.
const ATTEMPTS: usize = 8;

/// A table that got rows.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Filled {
    pub table: String,
    /// The table's OID (its name may change later).
    pub oid: i64,
    pub rows: usize,
}

/// A table that could not be given a row, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Skipped {
    pub table: String,
    pub reason: SkipReason,
}

/// Why a table got no row.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum SkipReason {
    /// A `NOT NULL` column without a default, of a type generation has no
    /// value for.
    NoValue { column: String, sql_type: String },
    /// The server refused every row tried: its last error, and its
    /// SQLSTATE (`23514` a CHECK, `23505` a unique key…).
    Refused {
        message: String,
        code: Option<String>,
    },
    /// A `NOT NULL` foreign key's parent table (`public.x`) has no row to
    /// reference: `because` it was skipped itself (`None`: it is not a
    /// table generation fills, or it had rows when it was looked at).
    ParentEmpty {
        parent: String,
        because: Option<Box<SkipReason>>,
    },
}

/// The tables generation has looked at in one database, and the reasons
/// of those it skipped (a child's reason names its parent's).
#[derive(Debug, Clone, Default)]
pub struct Tried {
    looked: BTreeSet<String>,
    skipped: BTreeMap<String, SkipReason>,
}

impl Tried {
    /// A new database: nothing looked at.
    pub fn clear(&mut self) {
        self.looked.clear();
        self.skipped.clear();
    }

    /// `tables` were looked at (a copy of a database that had them).
    pub fn looked_at(&mut self, tables: impl IntoIterator<Item = String>) {
        self.looked.extend(tables);
    }

    /// The tables are to be looked at again (they were emptied); what
    /// was skipped stays known.
    pub fn forget_looked(&mut self) {
        self.looked.clear();
    }
}

/// Fills every user table that is empty and that `tried` has not looked
/// at (each table is tried once per database), parents before children,
/// and adds every table it looked at to `tried`, with the reasons of
/// those it skipped.
pub async fn generate(
    conn: &mut PgConnection,
    ignored: &InspectOptions,
    tried: &mut Tried,
) -> Result<(Vec<Filled>, Vec<Skipped>), DataError> {
    let all = tables(conn, ignored).await?;
    let mut todo = Vec::new();
    for t in all {
        if !tried.looked.insert(t.display()) {
            continue;
        }
        let empty: bool = sqlx::query_scalar(AssertSqlSafe(format!(
            "SELECT NOT EXISTS (SELECT FROM {})",
            t.sql_name()
        )))
        .fetch_one(&mut *conn)
        .await
        .map_err(query_error(format!("count the rows of {}", t.display())))?;
        if empty {
            todo.push(t);
        }
    }
    if todo.is_empty() {
        return Ok((Vec::new(), Vec::new()));
    }
    let oids: Vec<i64> = todo.iter().map(|t| t.oid).collect();
    let columns = read_columns(conn, &oids).await?;
    let keys = read_foreign_keys(conn, &oids).await?;
    // Parents first: a table waits while a parent of it is still to fill.
    let names: BTreeMap<i64, String> = todo.iter().map(|t| (t.oid, t.sql_name())).collect();
    let mut order = Vec::new();
    let mut left: Vec<_> = todo.iter().collect();
    while !left.is_empty() {
        let pending: BTreeSet<&String> = left.iter().filter_map(|t| names.get(&t.oid)).collect();
        let ready = left.iter().position(|t| {
            let own = t.sql_name();
            keys.get(&t.oid).is_none_or(|fks| {
                fks.iter()
                    .all(|f| f.parent == own || !pending.contains(&f.parent))
            })
        });
        order.push(left.remove(ready.unwrap_or(0)));
    }
    conn.execute("BEGIN; SET CONSTRAINTS ALL IMMEDIATE; SET LOCAL statement_timeout = '60s'")
        .await
        .map_err(query_error("start filling tables"))?;
    let (mut filled, mut skipped) = (Vec::new(), Vec::new());
    for t in order {
        let cols = columns.get(&t.oid).cloned().unwrap_or_default();
        let fks = keys.get(&t.oid).cloned().unwrap_or_default();
        let result = match empty_parent(conn, &t.sql_name(), &cols, &fks, tried).await? {
            Some(reason) => Err(reason),
            None => fill(conn, &t.sql_name(), &cols, &fks).await?,
        };
        match result {
            Ok(rows) => {
                tried.skipped.remove(&t.display());
                filled.push(Filled {
                    table: t.display(),
                    oid: t.oid,
                    rows,
                });
            }
            Err(reason) => {
                tried.skipped.insert(t.display(), reason.clone());
                skipped.push(Skipped {
                    table: t.display(),
                    reason,
                });
            }
        }
    }
    conn.execute("COMMIT")
        .await
        .map_err(query_error("commit the generated rows"))?;
    Ok((filled, skipped))
}

/// The reason `table` cannot get a row when a foreign key of it that has
/// a `NOT NULL` column references another table with no row (in this
/// transaction: parents are filled first), with the parent's own reason
/// when generation skipped it.
async fn empty_parent(
    conn: &mut PgConnection,
    table: &str,
    columns: &[Column],
    fks: &[ForeignKey],
    tried: &Tried,
) -> Result<Option<SkipReason>, DataError> {
    for f in fks.iter().filter(|f| f.parent != table) {
        let required = f.columns.iter().any(|c| {
            columns
                .iter()
                .any(|col| &col.name == c && col.not_null && !col.server)
        });
        if !required {
            continue;
        }
        let empty: bool = sqlx::query_scalar(AssertSqlSafe(format!(
            "SELECT NOT EXISTS (SELECT FROM {})",
            f.parent
        )))
        .fetch_one(&mut *conn)
        .await
        .map_err(query_error(format!(
            "count the rows of {}",
            f.parent_display
        )))?;
        if empty {
            return Ok(Some(SkipReason::ParentEmpty {
                parent: f.parent_display.clone(),
                because: tried.skipped.get(&f.parent_display).cloned().map(Box::new),
            }));
        }
    }
    Ok(None)
}

/// Up to [`ROWS`] rows into `table`: how many went in, or why none did.
async fn fill(
    conn: &mut PgConnection,
    table: &str,
    columns: &[Column],
    fks: &[ForeignKey],
) -> Result<Result<usize, SkipReason>, DataError> {
    let mut insertable: Vec<Column> = columns.iter().filter(|c| !c.server).cloned().collect();
    for c in insertable.iter_mut().filter(|c| c.domain) {
        c.values = Some(domain_values(conn, c).await?);
    }
    let insertable: Vec<&Column> = insertable.iter().collect();
    for c in &insertable {
        let in_fk = fks.iter().any(|f| f.columns.contains(&c.name));
        if !in_fk && c.not_null && !c.has_default && c.candidates().is_empty() {
            return Ok(Err(SkipReason::NoValue {
                column: c.name.clone(),
                sql_type: c.sql_type.clone(),
            }));
        }
    }
    let mut rows = 0;
    let mut last_error = (String::new(), None);
    for i in 0..ROWS {
        for attempt in 0..ATTEMPTS {
            let sql = insert(table, &insertable, fks, i, attempt);
            conn.execute("SAVEPOINT pg_roundtrip_row")
                .await
                .map_err(query_error("set a savepoint"))?;
            match conn.execute(AssertSqlSafe(sql)).await {
                Ok(_) => {
                    conn.execute("RELEASE SAVEPOINT pg_roundtrip_row")
                        .await
                        .map_err(query_error("release a savepoint"))?;
                    rows += 1;
                    break;
                }
                Err(e) => {
                    last_error = match &e {
                        sqlx::Error::Database(db) => {
                            (db.message().to_string(), db.code().map(|c| c.into_owned()))
                        }
                        other => (other.to_string(), None),
                    };
                    conn.execute("ROLLBACK TO SAVEPOINT pg_roundtrip_row")
                        .await
                        .map_err(query_error("roll back a refused row"))?;
                }
            }
        }
    }
    Ok(if rows > 0 {
        Ok(rows)
    } else {
        let (message, code) = last_error;
        Err(SkipReason::Refused { message, code })
    })
}

/// The candidates of a domain column that the domain accepts (its CHECKs
/// hold on a cast), each tried in a savepoint.
async fn domain_values(conn: &mut PgConnection, c: &Column) -> Result<Vec<String>, DataError> {
    let mut ok = Vec::new();
    for v in candidates(&c.info) {
        conn.execute("SAVEPOINT pg_roundtrip_value")
            .await
            .map_err(query_error("set a savepoint"))?;
        let cast = format!("SELECT ({v})::{}", c.sql_type);
        let undo = match conn.execute(AssertSqlSafe(cast)).await {
            Ok(_) => {
                ok.push(v);
                "RELEASE SAVEPOINT pg_roundtrip_value"
            }
            Err(_) => "ROLLBACK TO SAVEPOINT pg_roundtrip_value",
        };
        conn.execute(undo)
            .await
            .map_err(query_error("end a savepoint"))?;
    }
    Ok(ok)
}

/// The insert of row `i`, try `attempt`.
fn insert(
    table: &str,
    columns: &[&Column],
    fks: &[ForeignKey],
    i: usize,
    attempt: usize,
) -> String {
    if columns.is_empty() {
        return format!("INSERT INTO {table} DEFAULT VALUES");
    }
    let last = attempt + 1 == ATTEMPTS;
    let values: Vec<String> = columns
        .iter()
        .map(|c| {
            if let Some(f) = fks.iter().find(|f| f.columns.contains(&c.name)) {
                if !c.not_null && ((i == 0 && attempt == 0) || last) {
                    return "NULL".into();
                }
                return parent_value(f, &c.name, i + attempt);
            }
            let mut list = c.candidates();
            if !c.not_null {
                list.insert(0, "NULL".into());
            }
            if last || list.is_empty() {
                return if c.has_default {
                    "DEFAULT".into()
                } else if !c.not_null {
                    "NULL".into()
                } else {
                    format!(
                        "{}::{}",
                        list.last().cloned().unwrap_or_default(),
                        c.sql_type
                    )
                };
            }
            let v = &list[(i + attempt) % list.len()];
            if v == "NULL" {
                v.clone()
            } else {
                format!("({v})::{}", c.sql_type)
            }
        })
        .collect();
    let names: Vec<String> = columns.iter().map(|c| ident(&c.name)).collect();
    format!(
        "INSERT INTO {table} ({}) VALUES ({})",
        names.join(", "),
        values.join(", ")
    )
}

/// The `column` of the parent row `n` (or the first, when there are
/// fewer), ordered by the key's columns so that every column of a
/// composite key takes the same row.
fn parent_value(f: &ForeignKey, column: &str, n: usize) -> String {
    let at = f.columns.iter().position(|c| c == column).unwrap_or(0);
    let pcol = ident(&f.parent_columns[at.min(f.parent_columns.len().saturating_sub(1))]);
    let order: Vec<String> = f
        .parent_columns
        .iter()
        .map(|c| format!("p.{}", ident(c)))
        .collect();
    let order = order.join(", ");
    format!(
        "coalesce((SELECT p.{pcol} FROM {parent} p ORDER BY {order} OFFSET {n} LIMIT 1), \
         (SELECT p.{pcol} FROM {parent} p ORDER BY {order} LIMIT 1))",
        parent = f.parent
    )
}

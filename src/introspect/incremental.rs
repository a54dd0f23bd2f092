//! Incremental inspection: the same [`Schema`] as [`super::inspect`], at a
//! cost that follows what changed since the previous inspection of the
//! same database, not the schema's size.
//!
//! The rows of the *anchored* kinds ([`ANCHORED`]: relations and
//! everything that hangs on one, sequences, relation and column
//! privileges) each hang on one relation, their anchor (the `anchor`
//! column of their query). `sql/anchors.sql` computes, for every anchor,
//! a fingerprint of the row versions (`xmin`) of every catalog row it is
//! made of, plus whether an object it depends on (`pg_depend`) was written
//! since the previous inspection, plus a global fingerprint of the cluster-wide names
//! renderings show (roles, tablespaces, access methods). An anchor whose
//! fingerprint differs from the previous inspection's, or that is new, is
//! *dirty*; the scope (`kinds/scope.sql`'s `scope_class`) then keeps only
//! dirty anchors, so the anchored kinds read only their rows, and the
//! cached rows of every other anchor are reused. The other kinds (types,
//! functions, …: a few rows each) are read whole every time.
//!
//! Everything is one statement after the settings: fingerprints, the dirty
//! set and every kind's rows, in one round trip, in one READ ONLY
//! REPEATABLE READ transaction like [`super::inspect`]. Nothing is written
//! to the database: no event trigger, no table, no function.
//!
//! Exactness: `tests/incremental.rs` and the mutation suite (with
//! `PG_ROUNDTRIP_VERIFY_INCREMENTAL=1`, which the walk honours) compare it
//! with the full inspection after every step.

use super::anchored::{self, Piece, Rows};
use super::error::InspectError;
use super::inspect::{assemble, read_settings};
use super::kind::Kind;
use super::kinds;
use super::options::InspectOptions;
use crate::model::Schema;
use sqlx::{AssertSqlSafe, Connection, PgConnection, Row};
use std::collections::{BTreeMap, HashSet};

const ANCHORS: &str = include_str!("sql/anchors.sql");

/// The line of `kinds/scope.sql` that the incremental inspection turns
/// into the filter on dirty anchors.
const SCOPE_MARKER: &str = "      -- incremental.rs: only the anchors that changed\n";
const SCOPE_FILTER: &str = "      AND c.oid IN (SELECT d.anchor FROM dirty d)\n";

/// The kinds whose rows each hang on one relation (their `anchor`
/// column), read through `scope_class`. Every other kind is read whole.
pub const ANCHORED: &[&str] = &[
    "relations",
    "columns",
    "constraints",
    "indexes",
    "triggers",
    "policies",
    "rules",
    "statistics",
    "sequences",
    "privileges",
];

/// An inspector for one database that remembers what it read. Use one per
/// database (its cache is keyed by OIDs); [`Incremental::reset`] when the
/// database is replaced.
#[derive(Debug)]
pub struct Incremental {
    options: InspectOptions,
    cache: Option<Cache>,
    stats: Stats,
}

/// What the latest inspection read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Relations (anchors) in the database.
    pub anchors: usize,
    /// Of them, read again because they changed or are new.
    pub reread: usize,
    /// Of them, whose rows were decoded and assembled again: the ones read
    /// again, unless `whole`.
    pub decoded: usize,
    /// Every row was decoded and assembled, because some anchor's rows did
    /// not assemble on their own (see `anchored`); then `decoded` is every
    /// anchor.
    pub whole: bool,
}

#[derive(Debug)]
struct Cache {
    global: String,
    /// The previous inspection's snapshot: its xmax and the xids in
    /// progress then; every row version it could not see has one of them
    /// or a newer one.
    horizon: String,
    in_progress: Vec<String>,
    anchors: Vec<i64>,
    hashes: Vec<String>,
    /// Per kind of [`kinds::ALL`] (empty for kinds not anchored): the rows
    /// of each anchor, as JSON objects joined by commas.
    rows: Vec<BTreeMap<i64, String>>,
    /// The model objects each anchor's rows assemble to (see
    /// [`anchored`]), so that only dirty anchors' rows are decoded again.
    pieces: BTreeMap<i64, Piece>,
}

/// What [`Incremental::merge`] leaves for the assembly besides the cache.
struct Merged {
    dirty: HashSet<i64>,
    /// Per kind: the JSON array of a kind read whole, or of an anchored
    /// kind's rows without an anchor.
    rest: Vec<String>,
}

/// The one statement's answer.
struct Fresh {
    fingerprints: Vec<(i64, String)>,
    dirty: HashSet<i64>,
    global: String,
    horizon: String,
    in_progress: Vec<String>,
    kinds: Vec<String>,
}

impl Incremental {
    pub fn new(options: InspectOptions) -> Incremental {
        Incremental {
            options,
            cache: None,
            stats: Stats::default(),
        }
    }

    /// Forgets everything read: the next inspection reads the whole schema.
    pub fn reset(&mut self) {
        self.cache = None;
    }

    /// What the latest inspection read.
    pub fn stats(&self) -> Stats {
        self.stats
    }

    /// Reads the schema of the database `conn` is connected to, reusing
    /// what the previous inspection read for every anchor that did not
    /// change. The result equals [`super::inspect`]'s.
    pub async fn inspect(&mut self, conn: &mut PgConnection) -> Result<Schema, InspectError> {
        let mut tx = conn
            .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            .await
            .map_err(InspectError::Begin)?;
        let read = self.read(&mut tx).await;
        let ended = tx.rollback().await;
        let fresh = read?;
        ended.map_err(InspectError::End)?;
        let (mut cache, merged) = self.merge(fresh)?;
        let schema = self.assemble_merged(&mut cache, merged);
        if self.stats.whole {
            self.stats.decoded = self.stats.anchors;
        }
        self.cache = Some(cache);
        schema
    }

    /// The schema from the merged rows: the pieces of clean anchors
    /// reused, or, when something does not stand on its own, every row
    /// assembled whole.
    fn assemble_merged(
        &mut self,
        cache: &mut Cache,
        merged: Merged,
    ) -> Result<Schema, InspectError> {
        let rows = Rows {
            anchors: &cache.anchors,
            dirty: &merged.dirty,
            by_anchor: &cache.rows,
            rest: &merged.rest,
        };
        let assembled = anchored::assemble(&mut cache.pieces, &rows, is_anchored, &self.options);
        if let Some((schema, decoded)) = assembled {
            self.stats.decoded = decoded;
            return Ok(schema);
        }
        self.stats.whole = true;
        // Something did not stand on its own: every row, assembled whole.
        let jsons: Vec<String> = kinds::ALL
            .iter()
            .zip(&cache.rows)
            .zip(merged.rest)
            .map(|((kind, by_anchor), rest)| {
                if is_anchored(kind) {
                    joined(by_anchor, &rest)
                } else {
                    rest
                }
            })
            .collect();
        assemble(kinds::ALL, &jsons, &self.options)
    }

    async fn read(&self, conn: &mut PgConnection) -> Result<Fresh, InspectError> {
        let current = super::inspect::current_schema(conn).await?;
        read_settings(conn).await?;
        // One plan for the one statement, made once per connection: its
        // parameters never change what a good plan is.
        sqlx::query("SELECT set_config('plan_cache_mode', 'force_generic_plan', true)")
            .execute(&mut *conn)
            .await
            .map_err(|source| InspectError::Query {
                query: "anchors.sql",
                source,
            })?;
        let (anchors, hashes, global, horizon, in_progress) = match &self.cache {
            Some(c) => (
                c.anchors.clone(),
                c.hashes.clone(),
                Some(c.global.clone()),
                Some(c.horizon.clone()),
                c.in_progress.clone(),
            ),
            None => (Vec::new(), Vec::new(), None, None, Vec::new()),
        };
        let row = sqlx::query(AssertSqlSafe(statement()))
            .bind(self.options.ignored_tables(current.as_deref()))
            .bind(anchors)
            .bind(hashes)
            .bind(global)
            .bind(horizon)
            .bind(in_progress)
            .fetch_one(&mut *conn)
            .await
            .map_err(|source| InspectError::Query {
                query: "anchors.sql",
                source,
            })?;
        let text = |i: usize| -> Result<String, InspectError> {
            row.try_get::<String, _>(i)
                .map_err(|source| InspectError::Query {
                    query: "anchors.sql",
                    source,
                })
        };
        let decode = |source| InspectError::Decode {
            query: "anchors.sql",
            source,
        };
        let fingerprints: Vec<(i64, String)> = serde_json::from_str(&text(0)?).map_err(decode)?;
        let dirty: HashSet<i64> = serde_json::from_str(&text(1)?).map_err(decode)?;
        let global = text(2)?;
        let horizon = text(3)?;
        let in_progress: Vec<String> = serde_json::from_str(&text(4)?).map_err(decode)?;
        let kinds = (0..kinds::ALL.len())
            .map(|i| text(5 + i))
            .collect::<Result<_, _>>()?;
        Ok(Fresh {
            fingerprints,
            dirty,
            global,
            horizon,
            in_progress,
            kinds,
        })
    }

    /// The rows of every kind, the dirty anchors' fresh, the others' from
    /// the cache; remembers them (and the pieces assembled from them) for
    /// the next inspection. Returns the new cache and the rows not kept per
    /// anchor.
    fn merge(&mut self, fresh: Fresh) -> Result<(Cache, Merged), InspectError> {
        let mut old = self.cache.take();
        let mut rows = Vec::with_capacity(kinds::ALL.len());
        let mut rest = Vec::with_capacity(kinds::ALL.len());
        for (at, (kind, json)) in kinds::ALL.iter().zip(fresh.kinds).enumerate() {
            if !is_anchored(kind) {
                rows.push(BTreeMap::new());
                rest.push(json);
                continue;
            }
            let (mut by_anchor, loose) = group(kind, &json)?;
            // Moved out of the old cache, not copied: it is replaced below.
            let mut cached = old.as_mut().map(|c| std::mem::take(&mut c.rows[at]));
            let mut merged = BTreeMap::new();
            for (anchor, _) in &fresh.fingerprints {
                let kept = if fresh.dirty.contains(anchor) {
                    by_anchor.remove(anchor)
                } else {
                    cached.as_mut().and_then(|c| c.remove(anchor))
                };
                if let Some(text) = kept {
                    merged.insert(*anchor, text);
                }
            }
            rest.push(array(&loose));
            rows.push(merged);
        }
        self.stats = Stats {
            anchors: fresh.fingerprints.len(),
            reread: fresh.dirty.len(),
            ..Stats::default()
        };
        let (anchors, hashes) = fresh.fingerprints.into_iter().unzip();
        let cache = Cache {
            global: fresh.global,
            horizon: fresh.horizon,
            in_progress: fresh.in_progress,
            anchors,
            hashes,
            rows,
            pieces: old.map(|c| c.pieces).unwrap_or_default(),
        };
        let merged = Merged {
            dirty: fresh.dirty,
            rest,
        };
        Ok((cache, merged))
    }
}

/// Rows (JSON objects) as one JSON array.
fn array(rows: &[String]) -> String {
    let mut out = String::from("[");
    for text in rows {
        if out.len() > 1 {
            out.push(',');
        }
        out.push_str(text);
    }
    out.push(']');
    out
}

/// An anchored kind's whole JSON array: every anchor's rows in anchor
/// order, then `loose` (a JSON array of the rows without an anchor).
fn joined(by_anchor: &BTreeMap<i64, String>, loose: &str) -> String {
    let loose = loose.strip_prefix('[').and_then(|l| l.strip_suffix(']'));
    let loose = loose.unwrap_or_default();
    let mut out = String::from("[");
    for text in by_anchor.values().map(String::as_str).chain([loose]) {
        if text.is_empty() {
            continue;
        }
        if out.len() > 1 {
            out.push(',');
        }
        out.push_str(text);
    }
    out.push(']');
    out
}

fn is_anchored(kind: &Kind) -> bool {
    ANCHORED.contains(&kind.name())
}

/// A kind's fresh rows by anchor (each anchor's rows in query order,
/// joined by commas), and the rows that hang on no anchor.
fn group(kind: &Kind, json: &str) -> Result<(BTreeMap<i64, String>, Vec<String>), InspectError> {
    let rows: Vec<serde_json::Value> =
        serde_json::from_str(json).map_err(|source| InspectError::Decode {
            query: kind.file(),
            source,
        })?;
    let mut by_anchor: BTreeMap<i64, String> = BTreeMap::new();
    let mut loose = Vec::new();
    for row in rows {
        let text = row.to_string();
        match row.get("anchor").and_then(serde_json::Value::as_i64) {
            Some(anchor) => {
                let group = by_anchor.entry(anchor).or_default();
                if !group.is_empty() {
                    group.push(',');
                }
                group.push_str(&text);
            }
            None => loose.push(text),
        }
    }
    Ok((by_anchor, loose))
}

/// The one statement: fingerprints, dirty anchors, the global fingerprint,
/// then every kind's rows as a JSON array, as columns of one row.
fn statement() -> &'static str {
    static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SQL.get_or_init(|| {
        let scope = kinds::SCOPE.replacen(SCOPE_MARKER, SCOPE_FILTER, 1);
        let mut sql = format!(
            "WITH {ANCHORS},\n{scope}\nSELECT\n  \
             (SELECT coalesce(json_agg(json_build_array(f.anchor, f.hash)), '[]')::text FROM fingerprint f),\n  \
             (SELECT coalesce(json_agg(d.anchor::int8), '[]')::text FROM dirty d),\n  \
             (SELECT g.hash FROM global_fingerprint g),\n  \
             (SELECT h.xid FROM horizon h),\n  \
             (SELECT to_json(h.in_progress)::text FROM horizon h)"
        );
        for kind in kinds::ALL {
            sql.push_str(&format!(
                ",\n  (SELECT coalesce(json_agg(q), '[]')::text FROM (\n{}\n) q)",
                kind.sql()
            ));
        }
        sql
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scope_has_the_line_the_filter_replaces() {
        assert_eq!(kinds::SCOPE.matches(SCOPE_MARKER).count(), 1);
        assert!(statement().contains(SCOPE_FILTER));
    }

    #[test]
    fn exactly_the_anchored_kinds_read_relations_through_the_scope() {
        for kind in kinds::ALL {
            let sql = kind.sql();
            assert_eq!(
                sql.contains("scope_class"),
                is_anchored(kind),
                "{}: a kind that reads scope_class must be anchored (and the other way round)",
                kind.file()
            );
            if is_anchored(kind) {
                assert!(
                    sql.contains("AS anchor"),
                    "{} has no anchor column",
                    kind.file()
                );
            }
        }
        for name in ANCHORED {
            assert!(kinds::named(name).is_some(), "{name} is no kind");
        }
    }
}

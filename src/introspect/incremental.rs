//! Incremental inspection: the same [`Schema`] as [`super::inspect`], at a
//! cost that follows what changed since the previous inspection of the
//! same database, not the schema's size.
//!
//! The rows of the *anchored* kinds ([`ANCHORED`]: relations and
//! everything that hangs on one, sequences, relation and column
//! privileges) each hang on one relation, their anchor (the `anchor`
//! column of their query). `sql/anchors.sql` finds the *dirty* anchors: those
//! with a catalog row written since the previous inspection (not visible to
//! its snapshot: found by one scan per catalog with that test alone, then
//! followed to the anchor), with a different row count in the catalogs
//! where a row can go unseen (a dropped trigger, comment, index, …), with a
//! dependency (`pg_depend`) on an object written since, or all of them when
//! the cluster-wide names renderings show (roles, tablespaces, access
//! methods) or the tables left out changed. The scope
//! (`kinds/scope.sql`'s `scope_class`) then keeps only dirty anchors, so
//! the anchored kinds read only their rows, and the cached rows of every
//! other anchor are reused. Of the other kinds, types, functions and the
//! privileges of objects that hang on no relation are read only when
//! `sql/whole_kinds.sql` finds one of their rows changed by the same rules
//! ([`SKIPPED_UNCHANGED`]); the rest (a few rows each) are read whole.
//!
//! Three round trips: `sql/begin.sql` with the pinned settings in one batch
//! (the snapshot, the current schema kept for the statement, a generic
//! plan), then one statement (the dirty set, every kind's rows and the
//! cluster's roles, databases and tablespaces, [`Incremental::cluster_objects`]),
//! then the rollback; all in one READ ONLY REPEATABLE READ transaction like
//! [`super::inspect`]. Nothing is written to the database: no event
//! trigger, no table, no function.
//!
//! Exactness: `tests/incremental.rs` and the mutation suite (with
//! `PG_ROUNDTRIP_VERIFY_INCREMENTAL=1`, which the walk honours) compare it
//! with the full inspection after every step.

use super::anchored::{self, Piece, Rows};
use super::error::InspectError;
use super::inspect::{self, ClusterObjects, assemble, read_settings};
use super::kind::Kind;
use super::kinds;
use super::options::InspectOptions;
use crate::model::Schema;
use sqlx::{AssertSqlSafe, Connection, PgConnection, Row};
use std::collections::{BTreeMap, HashSet};

const ANCHORS: &str = include_str!("sql/anchors.sql");
const WHOLE_KINDS: &str = include_str!("sql/whole_kinds.sql");

/// The kinds read whole that `sql/whole_kinds.sql` tells changed or not, in
/// its order: one that did not is not read again, its previous rows are.
pub const SKIPPED_UNCHANGED: &[&str] = &["types", "functions"];

/// The line of `kinds/scope.sql` that the incremental inspection turns
/// into the filter on dirty anchors.
const SCOPE_MARKER: &str = "      -- incremental.rs: only the anchors that changed\n";
/// An array, not `IN (SELECT …)`: the generic plan then looks the few
/// dirty anchors up in pg_class's index instead of scanning it in every
/// anchored kind's query.
const SCOPE_FILTER: &str =
    "      AND c.oid = ANY((SELECT array_agg(d.anchor) FROM dirty d)::oid[])\n";

/// The line of `kinds/privileges.sql` that the incremental inspection
/// turns into the filter on its objects that hang on no relation: read
/// only when one of them changed (`sql/whole_kinds.sql`).
const OTHER_PRIVILEGES_MARKER: &str = "    -- incremental.rs: only when one of them changed\n";
const OTHER_PRIVILEGES_FILTER: &str = "    WHERE (SELECT w.object_privileges FROM whole_kind w)\n";

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
    /// The current schema the previous inspection saw (`None` before the
    /// first): the statement assumes it and is run again when it changed.
    current_schema: Option<Option<String>>,
    /// The cluster's objects as of the latest inspection.
    cluster: Option<ClusterObjects>,
    /// The rows of the [`SKIPPED_UNCHANGED`] kinds as last read, and the
    /// row counts `sql/whole_kinds.sql` compares with.
    whole: Option<WholeKinds>,
}

#[derive(Debug)]
struct WholeKinds {
    /// How many of them the latest inspection did not read.
    skipped: usize,
    counts: Vec<i64>,
    /// Per kind of [`SKIPPED_UNCHANGED`], its JSON array of rows.
    rows: Vec<String>,
    /// The privilege rows that hang on no relation, as last read: JSON
    /// objects joined by commas.
    other_privileges: String,
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
    /// Each anchor's row count in the catalogs of the "count" rule.
    counts: Vec<i64>,
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
    /// Every anchor, and its row count (as `Cache`).
    anchors: Vec<i64>,
    counts: Vec<i64>,
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
            current_schema: None,
            cluster: None,
            whole: None,
        }
    }

    /// Forgets everything read: the next inspection reads the whole schema.
    pub fn reset(&mut self) {
        self.cache = None;
        self.whole = None;
    }

    /// What the latest inspection read.
    pub fn stats(&self) -> Stats {
        self.stats
    }

    /// How many of the [`SKIPPED_UNCHANGED`] kinds the latest inspection
    /// took from the previous one because none of their rows changed.
    pub fn kinds_unchanged(&self) -> usize {
        self.whole.as_ref().map_or(0, |w| w.skipped)
    }

    /// The cluster's roles, databases and tablespaces, read by the latest
    /// inspection in its snapshot (`None` before the first), so that the
    /// walk needs no query of its own for them.
    pub fn cluster_objects(&self) -> Option<&ClusterObjects> {
        self.cluster.as_ref()
    }

    /// Reads the schema of the database `conn` is connected to, reusing
    /// what the previous inspection read for every anchor that did not
    /// change. The result equals [`super::inspect`]'s.
    pub async fn inspect(&mut self, conn: &mut PgConnection) -> Result<Schema, InspectError> {
        let mut tx = conn
            .begin_with(AssertSqlSafe(inspect::begin_batch()))
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

    /// The one statement, in the transaction [`inspect::begin_batch`]
    /// opened: fingerprints, the dirty set, every kind's rows and the
    /// cluster's objects. Run again (same snapshot) in the rare case that
    /// the current schema, which places the bookkeeping tables, is not the
    /// one the previous inspection saw.
    async fn read(&mut self, conn: &mut PgConnection) -> Result<Fresh, InspectError> {
        if !inspect::check_version_known(conn)? {
            read_settings(conn).await?;
        }
        let mut assumed = self.current_schema.clone().unwrap_or(None);
        loop {
            let (fresh, current) = self.run_statement(conn, assumed.as_deref()).await?;
            if current == assumed {
                self.current_schema = Some(current);
                return Ok(fresh);
            }
            assumed = current;
        }
    }

    async fn run_statement(
        &mut self,
        conn: &mut PgConnection,
        current_schema: Option<&str>,
    ) -> Result<(Fresh, Option<String>), InspectError> {
        let (anchors, counts, global, horizon, in_progress) = match &self.cache {
            Some(c) => (
                c.anchors.clone(),
                c.counts.clone(),
                Some(c.global.clone()),
                Some(c.horizon.clone()),
                c.in_progress.clone(),
            ),
            None => (Vec::new(), Vec::new(), None, None, Vec::new()),
        };
        let whole_counts = self.whole.as_ref().map(|w| w.counts.clone());
        let row = sqlx::query(AssertSqlSafe(statement()))
            .bind(self.options.ignored_tables(current_schema))
            .bind(anchors)
            .bind(counts)
            .bind(global)
            .bind(horizon)
            .bind(in_progress)
            .bind(whole_counts)
            .fetch_one(&mut *conn)
            .await
            .map_err(statement_failed)?;
        let text = |i: usize| -> Result<String, InspectError> {
            row.try_get::<String, _>(i).map_err(statement_failed)
        };
        let decode = |source| InspectError::Decode {
            query: "anchors.sql",
            source,
        };
        let ints = |i: usize| -> Result<Vec<i64>, InspectError> {
            row.try_get::<Vec<i64>, _>(i).map_err(statement_failed)
        };
        let anchors = ints(0)?;
        let counts = ints(1)?;
        if anchors.len() != counts.len() {
            return Err(InspectError::UnexpectedValue {
                query: "anchors.sql",
                field: "counts",
                value: format!("{} counts for {} anchors", counts.len(), anchors.len()),
                object: "fingerprint".to_owned(),
            });
        }
        let dirty: HashSet<i64> = ints(2)?.into_iter().collect();
        let global = text(3)?;
        let horizon = text(4)?;
        let in_progress: Vec<String> = serde_json::from_str(&text(5)?).map_err(decode)?;
        let current = Some(text(6)?).filter(|s| !s.is_empty());
        self.cluster = Some(inspect::decode_cluster(&text(7)?)?);
        let whole_counts: Vec<i64> = serde_json::from_str(&text(8)?).map_err(decode)?;
        let other_privileges_read = row.try_get::<bool, _>(9).map_err(statement_failed)?;
        let mut other_privileges = String::new();
        let mut kinds = Vec::with_capacity(kinds::ALL.len());
        let mut whole_rows = Vec::with_capacity(SKIPPED_UNCHANGED.len());
        let mut skipped = 0;
        for (i, kind) in kinds::ALL.iter().enumerate() {
            let fresh = row
                .try_get::<Option<String>, _>(FIRST_KIND + i)
                .map_err(statement_failed)?;
            let json = match (fresh, skipped_at(kind)) {
                (Some(json), _) => json,
                // Not read: unchanged since the previous inspection, which
                // did read it (without one, the statement reads it).
                (None, Some(at)) => match &self.whole {
                    Some(whole) => {
                        skipped += 1;
                        whole.rows[at].clone()
                    }
                    None => return Err(unread(kind)),
                },
                (None, None) => return Err(unread(kind)),
            };
            if skipped_at(kind).is_some() {
                whole_rows.push(json.clone());
            }
            let json = if kind.name() != "privileges" {
                json
            } else if other_privileges_read {
                other_privileges = rows_without_anchor(&json).map_err(decode)?;
                json
            } else {
                match &self.whole {
                    Some(whole) => {
                        other_privileges = whole.other_privileges.clone();
                        with_rows(json, &other_privileges)
                    }
                    None => return Err(unread(kind)),
                }
            };
            kinds.push(json);
        }
        self.whole = Some(WholeKinds {
            skipped,
            counts: whole_counts,
            rows: whole_rows,
            other_privileges,
        });
        let fresh = Fresh {
            anchors,
            counts,
            dirty,
            global,
            horizon,
            in_progress,
            kinds,
        };
        Ok((fresh, current))
    }

    /// The rows of every kind, the dirty anchors' fresh, the others' from
    /// the cache; remembers them (and the pieces assembled from them) for
    /// the next inspection. Returns the new cache and the rows not kept per
    /// anchor.
    fn merge(&mut self, fresh: Fresh) -> Result<(Cache, Merged), InspectError> {
        let mut old = self.cache.take();
        // The anchors gone since the previous inspection: with the dirty
        // ones, the only entries of the cached maps that change. The maps
        // are changed in place, in time that follows what changed.
        let now: HashSet<i64> = fresh.anchors.iter().copied().collect();
        let gone: Vec<i64> = match &old {
            Some(c) => c
                .anchors
                .iter()
                .copied()
                .filter(|a| !now.contains(a))
                .collect(),
            None => Vec::new(),
        };
        let mut rows = Vec::with_capacity(kinds::ALL.len());
        let mut rest = Vec::with_capacity(kinds::ALL.len());
        for (at, (kind, json)) in kinds::ALL.iter().zip(fresh.kinds).enumerate() {
            if !is_anchored(kind) {
                rows.push(BTreeMap::new());
                rest.push(json);
                continue;
            }
            let (by_anchor, loose) = group(kind, &json)?;
            // Moved out of the old cache, not copied: it is replaced below.
            let mut merged = old
                .as_mut()
                .map(|c| std::mem::take(&mut c.rows[at]))
                .unwrap_or_default();
            // Every anchor keeps its cached rows, except a dirty one, which
            // has its fresh rows (or none), and one that is gone.
            for anchor in gone.iter().chain(&fresh.dirty) {
                merged.remove(anchor);
            }
            for (anchor, text) in by_anchor {
                if fresh.dirty.contains(&anchor) && now.contains(&anchor) {
                    merged.insert(anchor, text);
                }
            }
            rest.push(array(&loose));
            rows.push(merged);
        }
        self.stats = Stats {
            anchors: fresh.anchors.len(),
            reread: fresh.dirty.len(),
            ..Stats::default()
        };
        let cache = Cache {
            global: fresh.global,
            horizon: fresh.horizon,
            in_progress: fresh.in_progress,
            anchors: fresh.anchors,
            counts: fresh.counts,
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

/// The rows of a JSON array of rows that have no `anchor`, joined by
/// commas.
fn rows_without_anchor(json: &str) -> Result<String, serde_json::Error> {
    let rows: Vec<serde_json::Value> = serde_json::from_str(json)?;
    let loose: Vec<String> = rows
        .iter()
        .filter(|row| row.get("anchor").is_none_or(serde_json::Value::is_null))
        .map(serde_json::Value::to_string)
        .collect();
    Ok(loose.join(","))
}

/// A JSON array of rows with `rows` (JSON objects joined by commas) added
/// at its end.
fn with_rows(mut json: String, rows: &str) -> String {
    if rows.is_empty() {
        return json;
    }
    if json.ends_with(']') {
        json.pop();
        if json.trim_end() != "[" {
            json.push(',');
        }
        json.push_str(rows);
        json.push(']');
    }
    json
}

/// The kind's place in [`SKIPPED_UNCHANGED`], if it is one.
fn skipped_at(kind: &Kind) -> Option<usize> {
    SKIPPED_UNCHANGED
        .iter()
        .position(|name| *name == kind.name())
}

/// A kind the statement did not read and no previous inspection did
/// either: a bug in `sql/whole_kinds.sql`, reported rather than read as
/// empty.
fn unread(kind: &Kind) -> InspectError {
    InspectError::UnexpectedValue {
        query: "whole_kinds.sql",
        field: "rows",
        value: "NULL".to_owned(),
        object: kind.name().to_owned(),
    }
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

/// The one statement failed, or one of its columns could not be read.
fn statement_failed(source: sqlx::Error) -> InspectError {
    InspectError::Query {
        query: "anchors.sql",
        source,
    }
}

/// The column of the one statement's row where the kinds' rows start.
const FIRST_KIND: usize = 10;

/// The one statement: the anchors and their row counts (two arrays in
/// anchor order), dirty anchors, the global fingerprint,
/// the horizon (xmax, xids in progress), the current schema `begin.sql`
/// kept, the cluster's objects (`cluster.sql`), the counts of
/// `whole_kinds.sql` and whether it had the privileges on objects that
/// hang on no relation read, then every kind's rows as a JSON array (NULL for a
/// [`SKIPPED_UNCHANGED`] kind that did not change), as columns of one row.
fn statement() -> &'static str {
    static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SQL.get_or_init(|| {
        let scope = kinds::SCOPE.replacen(SCOPE_MARKER, SCOPE_FILTER, 1);
        let mut sql = format!(
            "WITH {ANCHORS},\n{WHOLE_KINDS},\n{scope}\nSELECT\n  \
             (SELECT coalesce(array_agg(f.anchor ORDER BY f.anchor), '{{}}') FROM fingerprint f),\n  \
             (SELECT coalesce(array_agg(f.n ORDER BY f.anchor), '{{}}') FROM fingerprint f),\n  \
             (SELECT coalesce(array_agg(d.anchor::int8), '{{}}') FROM dirty d),\n  \
             (SELECT g.hash FROM global_fingerprint g),\n  \
             (SELECT h.xid FROM horizon h),\n  \
             (SELECT to_json(h.in_progress)::text FROM horizon h),\n  \
             coalesce(current_setting('pg_roundtrip.current_schema', true), ''),\n  \
             ({cluster}),\n  \
             (SELECT w.counts FROM whole_kind w),\n  \
             (SELECT w.object_privileges FROM whole_kind w)",
            cluster = inspect::CLUSTER.trim_end()
        );
        for kind in kinds::ALL {
            let query = if kind.name() == "privileges" {
                kind.sql()
                    .replacen(OTHER_PRIVILEGES_MARKER, OTHER_PRIVILEGES_FILTER, 1)
            } else {
                kind.sql().to_owned()
            };
            let read = format!("(SELECT coalesce(json_agg(q), '[]')::text FROM (\n{query}\n) q)");
            if skipped_at(kind).is_some() {
                // NULL when unchanged (whole_kinds.sql): not read at all.
                sql.push_str(&format!(
                    ",\n  CASE WHEN (SELECT w.{} FROM whole_kind w) THEN {read} END",
                    kind.name()
                ));
            } else {
                sql.push_str(&format!(",\n  {read}"));
            }
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

    #[test]
    fn the_privileges_have_the_line_the_filter_replaces() {
        let privileges = kinds::named("privileges")
            .map(Kind::sql)
            .unwrap_or_default();
        assert_eq!(privileges.matches(OTHER_PRIVILEGES_MARKER).count(), 1);
        assert!(statement().contains(OTHER_PRIVILEGES_FILTER));
    }

    #[test]
    fn rows_are_added_at_the_end_of_a_json_array() {
        assert_eq!(with_rows("[]".into(), r#"{"a":1}"#), r#"[{"a":1}]"#);
        assert_eq!(
            with_rows(r#"[{"b":2}]"#.into(), r#"{"a":1}"#),
            r#"[{"b":2},{"a":1}]"#
        );
        assert_eq!(with_rows("[]".into(), ""), "[]");
        assert_eq!(
            rows_without_anchor(r#"[{"anchor":1,"x":1},{"anchor":null,"x":2},{"x":3}]"#).ok(),
            Some(r#"{"anchor":null,"x":2},{"x":3}"#.to_string())
        );
    }

    #[test]
    fn the_kinds_skipped_when_unchanged_are_kinds_read_whole() {
        for name in SKIPPED_UNCHANGED {
            let kind = kinds::named(name).unwrap_or_else(|| panic!("{name} is no kind"));
            assert!(!is_anchored(kind), "{name} is anchored");
            assert!(
                WHOLE_KINDS.contains(&format!(") AS {name},")),
                "whole_kinds.sql has no column for {name}"
            );
        }
    }
}

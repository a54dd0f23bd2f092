//! Assembly that follows what changed: the incremental inspection keeps,
//! per anchor (relation), the model objects its rows assemble to
//! ([`Piece`]), and decodes again only the rows of dirty anchors.
//!
//! Why the result is [`super::inspect`]'s assembly exactly:
//!
//! - The anchored kinds ([`super::incremental::ANCHORED`]) write only the
//!   four relation maps of [`Schema`] (tables, views, statistics,
//!   sequences) and read nothing else; the other kinds never touch those
//!   four (they are read whole and assembled every time, after the pieces,
//!   in list order). A piece that fills any other map is refused.
//! - A row's anchor is the relation it is about (its own row, its columns,
//!   constraints, indexes, triggers, policies, rules, statistics objects,
//!   privileges), so an anchor's rows assemble on their own to what the
//!   whole assembly makes of them. A row that names another anchor's
//!   relation fails on its own (an orphan), and then the whole assembly
//!   runs instead.
//! - Pieces of different anchors hold different relations; a name in two
//!   pieces is refused too.
//! - Rows without an anchor are allowed only in `privileges` (grants on
//!   schemas, functions, types …); they are assembled at that kind's place
//!   in the list, on the schema with every piece in it, as the whole
//!   assembly would. Adding a privilege is the same in any order.
//!
//! - A piece holds its relations behind an [`Arc`] and
//!   [`Piece::copy_into`] copies only the pointers: the schema of an
//!   inspection shares every clean anchor's relations with the previous
//!   inspection's schema (and the render cache's copies), so reusing a
//!   piece costs a pointer per relation, not a deep copy. Nothing changes a
//!   shared relation in place: a change goes through [`Arc::make_mut`],
//!   which copies it first. With `ignore_ownership` a piece's owners are
//!   cleared when it is assembled, so clearing the schema's owners finds
//!   none of them set and copies nothing.
//!
//! Whatever is refused falls back to joining every row and assembling the
//! whole schema, as before; `tests/incremental.rs` and the mutation suite
//! compare the result with a full inspection after every step.

use super::kind::Kind;
use super::kinds;
use super::options::InspectOptions;
use crate::model::{QualifiedName, Schema, Sequence, Statistics, Table, View};
use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

/// The model objects one anchor's rows assemble to, shared with the
/// schemas they are copied into.
#[derive(Debug, Default)]
pub(super) struct Piece {
    tables: BTreeMap<QualifiedName, Arc<Table>>,
    views: BTreeMap<QualifiedName, Arc<View>>,
    statistics: BTreeMap<QualifiedName, Arc<Statistics>>,
    sequences: BTreeMap<QualifiedName, Arc<Sequence>>,
}

impl Piece {
    /// Assembles one anchor's rows: for each anchored kind, in list order,
    /// its rows of this anchor (JSON objects joined by commas). `None`
    /// when they do not stand on their own. With `ignore_ownership` the
    /// owners are cleared here, while nothing shares the objects.
    fn assemble<'a>(
        rows: impl Iterator<Item = (&'a Kind, &'a str)>,
        options: &InspectOptions,
    ) -> Option<Piece> {
        let mut schema = Schema::default();
        let mut json = String::new();
        for (kind, text) in rows {
            json.clear();
            json.push('[');
            json.push_str(text);
            json.push(']');
            kind.assemble(&json, &mut schema).ok()?;
        }
        if options.ignore_ownership {
            schema.clear_owners();
        }
        let piece = Piece {
            tables: std::mem::take(&mut schema.tables),
            views: std::mem::take(&mut schema.views),
            statistics: std::mem::take(&mut schema.statistics),
            sequences: std::mem::take(&mut schema.sequences),
        };
        (schema == Schema::default()).then_some(piece)
    }

    /// Copies the piece's objects into `schema` (the pointers: the schema
    /// shares them with the piece); false when one is there already.
    fn copy_into(&self, schema: &mut Schema) -> bool {
        fn copy<V>(
            from: &BTreeMap<QualifiedName, Arc<V>>,
            into: &mut BTreeMap<QualifiedName, Arc<V>>,
        ) -> bool {
            from.iter()
                .all(|(name, object)| into.insert(name.clone(), Arc::clone(object)).is_none())
        }
        copy(&self.tables, &mut schema.tables)
            && copy(&self.views, &mut schema.views)
            && copy(&self.statistics, &mut schema.statistics)
            && copy(&self.sequences, &mut schema.sequences)
    }
}

/// What the assembly is given for one inspection.
pub(super) struct Rows<'a> {
    /// Every anchor of the database, in OID order.
    pub anchors: &'a [i64],
    /// The anchors read again this time (their rows are new).
    pub dirty: &'a HashSet<i64>,
    /// Per kind of [`kinds::ALL`]: for an anchored kind, the rows of each
    /// anchor (JSON objects joined by commas; empty for other kinds).
    pub by_anchor: &'a [BTreeMap<i64, String>],
    /// Per kind: the JSON array of a kind read whole, or of an anchored
    /// kind's rows without an anchor.
    pub rest: &'a [String],
}

/// The schema from `rows`, reusing the pieces of clean anchors from
/// `pieces` and replacing `pieces` with this inspection's, and how many
/// anchors' rows it decoded. `None` when
/// anything does not stand on its own (see the module's notes): then
/// `pieces` is emptied and the caller assembles the whole schema.
pub(super) fn assemble(
    pieces: &mut BTreeMap<i64, Piece>,
    rows: &Rows<'_>,
    is_anchored: impl Fn(&Kind) -> bool,
    options: &InspectOptions,
) -> Option<(Schema, usize)> {
    let schema = try_assemble(pieces, rows, &is_anchored, options);
    if schema.is_none() {
        pieces.clear();
    }
    schema
}

fn try_assemble(
    pieces: &mut BTreeMap<i64, Piece>,
    rows: &Rows<'_>,
    is_anchored: &impl Fn(&Kind) -> bool,
    options: &InspectOptions,
) -> Option<(Schema, usize)> {
    let mut decoded = 0;
    // In place, in time that follows what changed: the pieces of anchors
    // gone and of dirty ones go, then every anchor without a piece (a
    // dirty or new one, or one whose piece went with a failed assembly)
    // gets one from its rows. Then `pieces` holds exactly one piece per
    // anchor of `rows`, each clean anchor's as it was.
    let now: HashSet<i64> = rows.anchors.iter().copied().collect();
    pieces.retain(|anchor, _| now.contains(anchor) && !rows.dirty.contains(anchor));
    for anchor in rows.anchors {
        if pieces.contains_key(anchor) {
            continue;
        }
        decoded += 1;
        let piece = Piece::assemble(
            kinds::ALL
                .iter()
                .zip(rows.by_anchor)
                .filter_map(|(kind, by_anchor)| Some((*kind, by_anchor.get(anchor)?.as_str()))),
            options,
        )?;
        pieces.insert(*anchor, piece);
    }
    let mut schema = Schema::default();
    for piece in pieces.values() {
        if !piece.copy_into(&mut schema) {
            return None;
        }
    }
    for (kind, json) in kinds::ALL.iter().zip(rows.rest) {
        if is_anchored(kind) && kind.name() != "privileges" && json != "[]" {
            return None;
        }
        kind.assemble(json, &mut schema).ok()?;
    }
    if options.ignore_ownership {
        schema.clear_owners();
    }
    Some((schema, decoded))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn relation(anchor: i64, name: &str) -> String {
        format!(
            r#"{{"anchor":{anchor},"schema":"public","name":"{name}","kind":"r","unlogged":false,"inherits":[],"options":[],"row_security":false,"force_row_security":false,"populated":true}}"#
        )
    }

    fn column(anchor: i64, relation: &str, name: &str, position: i32) -> String {
        format!(
            r#"{{"anchor":{anchor},"schema":"public","relation":"{relation}","name":"{name}","position":{position},"data_type":"integer","not_null":false,"identity":"","generated_kind":"","compression":""}}"#
        )
    }

    /// Per kind of the list: the rows of each anchor, from `(kind, anchor,
    /// row)`s.
    fn by_anchor(rows: &[(&str, i64, String)]) -> Vec<BTreeMap<i64, String>> {
        kinds::ALL
            .iter()
            .map(|kind| {
                let mut map: BTreeMap<i64, String> = BTreeMap::new();
                for (name, anchor, row) in rows {
                    if *name == kind.name() {
                        let group = map.entry(*anchor).or_default();
                        if !group.is_empty() {
                            group.push(',');
                        }
                        group.push_str(row);
                    }
                }
                map
            })
            .collect()
    }

    /// What the whole assembly makes of the same rows.
    fn whole(by_anchor: &[BTreeMap<i64, String>]) -> Schema {
        whole_with(by_anchor, &InspectOptions::default())
    }

    fn whole_with(by_anchor: &[BTreeMap<i64, String>], options: &InspectOptions) -> Schema {
        let jsons: Vec<String> = by_anchor
            .iter()
            .map(|m| format!("[{}]", m.values().cloned().collect::<Vec<_>>().join(",")))
            .collect();
        super::super::inspect::assemble(kinds::ALL, &jsons, options).expect("the rows assemble")
    }

    fn anchored(kind: &Kind) -> bool {
        super::super::incremental::ANCHORED.contains(&kind.name())
    }

    fn assembled(
        pieces: &mut BTreeMap<i64, Piece>,
        by_anchor: &[BTreeMap<i64, String>],
        dirty: &[i64],
    ) -> Option<(Schema, usize)> {
        let rest = vec!["[]".to_string(); kinds::ALL.len()];
        let rows = Rows {
            anchors: &[1, 2],
            dirty: &dirty.iter().copied().collect(),
            by_anchor,
            rest: &rest,
        };
        assemble(pieces, &rows, anchored, &InspectOptions::default())
    }

    #[test]
    fn pieces_assemble_to_the_whole_and_only_dirty_anchors_are_decoded() {
        let mut rows = vec![
            ("relations", 1, relation(1, "a")),
            ("relations", 2, relation(2, "b")),
            ("columns", 1, column(1, "a", "x", 1)),
            ("columns", 2, column(2, "b", "y", 2)),
            ("columns", 2, column(2, "b", "z", 1)),
        ];
        let mut pieces = BTreeMap::new();
        let first = by_anchor(&rows);
        let (earlier, decoded) = assembled(&mut pieces, &first, &[1, 2]).expect("per anchor");
        assert_eq!(decoded, 2);
        assert_eq!(earlier, whole(&first));
        assert_eq!(earlier.tables.len(), 2);
        // Anchor 2 changes; anchor 1's piece is reused as it was.
        rows.push(("columns", 2, column(2, "b", "w", 3)));
        let second = by_anchor(&rows);
        let (schema, decoded) = assembled(&mut pieces, &second, &[2]).expect("per anchor");
        assert_eq!(decoded, 1);
        assert_eq!(schema, whole(&second));
        let (a, b) = (
            QualifiedName::new("public", "a"),
            QualifiedName::new("public", "b"),
        );
        let names: Vec<&str> = schema.tables[&b]
            .columns
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(names, ["z", "y", "w"]);
        // The clean anchor's table is the earlier schema's, not a copy.
        assert!(Arc::ptr_eq(&earlier.tables[&a], &schema.tables[&a]));
        assert!(!Arc::ptr_eq(&earlier.tables[&b], &schema.tables[&b]));
    }

    #[test]
    fn ignoring_ownership_clears_owners_in_the_pieces_and_still_shares_them() {
        let owned = |anchor: i64, name: &str| {
            relation(anchor, name).replace(r#""kind":"r""#, r#""kind":"r","owner":"app""#)
        };
        let rows = vec![
            ("relations", 1, owned(1, "a")),
            ("relations", 2, owned(2, "b")),
        ];
        let by_anchor = by_anchor(&rows);
        assert!(whole(&by_anchor).tables.values().all(|t| t.owner.is_some()));
        let rest = vec!["[]".to_string(); kinds::ALL.len()];
        let options = InspectOptions {
            ignore_ownership: true,
            ..InspectOptions::default()
        };
        let mut pieces = BTreeMap::new();
        let mut inspect = |dirty: &[i64]| {
            let rows = Rows {
                anchors: &[1, 2],
                dirty: &dirty.iter().copied().collect(),
                by_anchor: &by_anchor,
                rest: &rest,
            };
            assemble(&mut pieces, &rows, anchored, &options).expect("per anchor")
        };
        let (first, _) = inspect(&[1, 2]);
        let (second, decoded) = inspect(&[2]);
        assert_eq!(decoded, 1);
        let expected = whole_with(&by_anchor, &options);
        assert_eq!(first, expected);
        assert_eq!(second, expected);
        assert!(second.tables.values().all(|t| t.owner.is_none()));
        let a = QualifiedName::new("public", "a");
        assert!(Arc::ptr_eq(&first.tables[&a], &second.tables[&a]));
    }

    #[test]
    fn a_row_that_names_another_anchors_relation_falls_back_to_the_whole() {
        let rows = vec![
            ("relations", 1, relation(1, "a")),
            ("relations", 2, relation(2, "b")),
            // Anchored at 1, but about relation b (anchor 2).
            ("columns", 1, column(1, "b", "x", 1)),
        ];
        let mut pieces = BTreeMap::new();
        let by_anchor = by_anchor(&rows);
        assert!(assembled(&mut pieces, &by_anchor, &[1, 2]).is_none());
        assert!(pieces.is_empty());
        // The whole assembly still puts the column where it belongs.
        let b = &whole(&by_anchor).tables[&QualifiedName::new("public", "b")];
        assert_eq!(b.columns.len(), 1);
    }

    #[test]
    fn rows_without_an_anchor_outside_privileges_fall_back_to_the_whole() {
        let by_anchor = by_anchor(&[("relations", 1, relation(1, "a"))]);
        let mut rest = vec!["[]".to_string(); kinds::ALL.len()];
        let at = kinds::ALL.iter().position(|k| k.name() == "columns");
        rest[at.expect("columns is a kind")] = format!("[{}]", column(1, "a", "x", 1));
        let rows = Rows {
            anchors: &[1],
            dirty: &[1].into_iter().collect(),
            by_anchor: &by_anchor,
            rest: &rest,
        };
        let mut pieces = BTreeMap::new();
        assert!(assemble(&mut pieces, &rows, anchored, &InspectOptions::default()).is_none());
    }
}

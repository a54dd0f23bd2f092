//! Sequences with their parameters and the column that owns them. Their
//! privileges come with the `privileges` kind.

use crate::introspect::error::InspectError;
use crate::introspect::kind::{Kind, KindQuery};
use crate::model::{Privileges, QualifiedName, Schema, Sequence};
use serde::Deserialize;
use std::sync::Arc;

pub(super) static KIND: Kind = Kind::of::<Sequences>();

struct Sequences;

/// `sequences.sql`.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct SequenceRow {
    pub schema: String,
    pub name: String,
    pub data_type: String,
    pub start: i64,
    pub increment: i64,
    pub min: i64,
    pub max: i64,
    pub cache: i64,
    pub cycle: bool,
    pub owned_by: Option<String>,
    pub owner: Option<String>,
    pub unlogged: bool,
    pub comment: Option<String>,
}

impl KindQuery for Sequences {
    const FILE: &'static str = "sequences.sql";
    const SQL: &'static str = include_str!("sequences.sql");
    const NEEDS: &'static [&'static Kind] = &[];
    type Row = SequenceRow;

    fn assemble(rows: Vec<SequenceRow>, schema: &mut Schema) -> Result<(), InspectError> {
        for row in rows {
            schema.sequences.insert(
                QualifiedName::new(row.schema, row.name),
                Arc::new(Sequence {
                    data_type: row.data_type,
                    start: row.start,
                    increment: row.increment,
                    min: row.min,
                    max: row.max,
                    cache: row.cache,
                    cycle: row.cycle,
                    owned_by: row.owned_by,
                    unlogged: row.unlogged,
                    owner: row.owner,
                    privileges: Privileges::default(),
                    comment: row.comment,
                }),
            );
        }
        Ok(())
    }
}

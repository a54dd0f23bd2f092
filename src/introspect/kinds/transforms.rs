//! Transforms (`CREATE TRANSFORM`), database-wide.

use crate::introspect::error::InspectError;
use crate::introspect::kind::{Kind, KindQuery};
use crate::model::{Schema, Transform};
use serde::Deserialize;

pub(super) static KIND: Kind = Kind::of::<Transforms>();

struct Transforms;

/// `transforms.sql`.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct TransformRow {
    /// `for mood language plpgsql`.
    pub name: String,
    pub from_sql: Option<String>,
    pub to_sql: Option<String>,
    pub comment: Option<String>,
}

impl KindQuery for Transforms {
    const FILE: &'static str = "transforms.sql";
    const SQL: &'static str = include_str!("transforms.sql");
    const NEEDS: &'static [&'static Kind] = &[];
    type Row = TransformRow;

    fn assemble(rows: Vec<TransformRow>, schema: &mut Schema) -> Result<(), InspectError> {
        for row in rows {
            schema.transforms.insert(
                row.name,
                Transform {
                    from_sql: row.from_sql,
                    to_sql: row.to_sql,
                    comment: row.comment,
                },
            );
        }
        Ok(())
    }
}

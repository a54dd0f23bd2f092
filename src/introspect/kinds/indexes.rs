//! Indexes of tables and materialized views, except those that implement a
//! constraint (the constraint describes them).

use super::relations;
use crate::introspect::error::InspectError;
use crate::introspect::kind::{Kind, KindQuery, orphan};
use crate::model::{Index, QualifiedName, Schema};
use serde::Deserialize;
use std::sync::Arc;

pub(super) static KIND: Kind = Kind::of::<Indexes>();

struct Indexes;

/// `indexes.sql`.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct IndexRow {
    pub schema: String,
    pub relation: String,
    pub name: String,
    pub definition: String,
    pub valid: bool,
    pub comment: Option<String>,
}

impl KindQuery for Indexes {
    const FILE: &'static str = "indexes.sql";
    const SQL: &'static str = include_str!("indexes.sql");
    const NEEDS: &'static [&'static Kind] = &[&relations::KIND];
    type Row = IndexRow;

    fn assemble(rows: Vec<IndexRow>, schema: &mut Schema) -> Result<(), InspectError> {
        for row in rows {
            let relation = QualifiedName::new(row.schema, row.relation);
            let index = Index {
                definition: row.definition,
                valid: row.valid,
                comment: row.comment,
            };
            if let Some(table) = schema.tables.get_mut(&relation).map(Arc::make_mut) {
                table.indexes.insert(row.name, index);
            } else if let Some(view) = schema.views.get_mut(&relation).map(Arc::make_mut) {
                view.indexes.insert(row.name, index);
            } else {
                return Err(orphan(
                    "index",
                    row.name,
                    relation,
                    "table or materialized view",
                ));
            }
        }
        Ok(())
    }
}

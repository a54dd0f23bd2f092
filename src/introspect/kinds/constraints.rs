//! Table constraints: primary key, unique, foreign key, check, exclusion.

use super::relations;
use crate::introspect::error::InspectError;
use crate::introspect::kind::{Kind, KindQuery, orphan, unexpected};
use crate::model::{Constraint, ConstraintKind, QualifiedName, Schema};
use serde::Deserialize;
use std::sync::Arc;

pub(super) static KIND: Kind = Kind::of::<Constraints>();

struct Constraints;

/// `constraints.sql`.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct ConstraintRow {
    pub schema: String,
    pub relation: String,
    pub name: String,
    /// `contype`: `p`, `u`, `f`, `c` or `x`.
    pub kind: String,
    pub definition: String,
    pub comment: Option<String>,
}

impl KindQuery for Constraints {
    const FILE: &'static str = "constraints.sql";
    const SQL: &'static str = include_str!("constraints.sql");
    const NEEDS: &'static [&'static Kind] = &[&relations::KIND];
    type Row = ConstraintRow;

    fn assemble(rows: Vec<ConstraintRow>, schema: &mut Schema) -> Result<(), InspectError> {
        for row in rows {
            let relation = QualifiedName::new(row.schema, row.relation);
            let kind = match row.kind.as_str() {
                "p" => ConstraintKind::PrimaryKey,
                "u" => ConstraintKind::Unique,
                "f" => ConstraintKind::ForeignKey,
                "c" => ConstraintKind::Check,
                "x" => ConstraintKind::Exclusion,
                other => {
                    let object = format!("constraint {} on {relation}", row.name);
                    return Err(unexpected(Self::FILE, "contype", other, &object));
                }
            };
            let Some(table) = schema.tables.get_mut(&relation).map(Arc::make_mut) else {
                return Err(orphan("constraint", row.name, relation, "table"));
            };
            table.constraints.insert(
                row.name,
                Constraint {
                    kind,
                    definition: row.definition,
                    comment: row.comment,
                },
            );
        }
        Ok(())
    }
}

//! Operator classes (`CREATE OPERATOR CLASS`) with the members created
//! with them.

use super::operator_families::{MemberRow, members};
use crate::introspect::error::InspectError;
use crate::introspect::kind::{Kind, KindQuery};
use crate::model::{OperatorClass, QualifiedName, Schema};
use serde::Deserialize;

pub(super) static KIND: Kind = Kind::of::<OperatorClasses>();

struct OperatorClasses;

/// `operator_classes.sql`.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct OperatorClassRow {
    pub schema: String,
    /// `mood_ops using btree`.
    pub name: String,
    pub for_type: String,
    pub is_default: bool,
    pub family: String,
    pub storage: Option<String>,
    pub members: Vec<MemberRow>,
    pub owner: Option<String>,
    pub comment: Option<String>,
}

impl KindQuery for OperatorClasses {
    const FILE: &'static str = "operator_classes.sql";
    const SQL: &'static str = include_str!("operator_classes.sql");
    const NEEDS: &'static [&'static Kind] = &[];
    type Row = OperatorClassRow;

    fn assemble(rows: Vec<OperatorClassRow>, schema: &mut Schema) -> Result<(), InspectError> {
        for row in rows {
            schema.operator_classes.insert(
                QualifiedName::new(row.schema, row.name),
                OperatorClass {
                    for_type: row.for_type,
                    default: row.is_default,
                    family: row.family,
                    storage: row.storage,
                    members: members(row.members),
                    owner: row.owner,
                    comment: row.comment,
                },
            );
        }
        Ok(())
    }
}

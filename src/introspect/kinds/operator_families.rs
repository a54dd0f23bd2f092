//! Operator families (`CREATE OPERATOR FAMILY`), with the members added to
//! them loosely (`ALTER OPERATOR FAMILY … ADD`).

use crate::introspect::error::InspectError;
use crate::introspect::kind::{Kind, KindQuery};
use crate::model::{Members, OperatorFamily, QualifiedName, Schema};
use serde::Deserialize;

pub(super) static KIND: Kind = Kind::of::<OperatorFamilies>();

struct OperatorFamilies;

/// One `pg_amop` or `pg_amproc` row of a family or class.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct MemberRow {
    /// `operator 1 (integer, integer)`, `function 1 (integer, integer)`.
    pub key: String,
    pub value: String,
}

/// The members as the model keeps them.
pub(super) fn members(rows: Vec<MemberRow>) -> Members {
    rows.into_iter().map(|m| (m.key, m.value)).collect()
}

/// `operator_families.sql`.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct OperatorFamilyRow {
    pub schema: String,
    /// `fam using btree`.
    pub name: String,
    pub members: Vec<MemberRow>,
    pub owner: Option<String>,
    pub comment: Option<String>,
}

impl KindQuery for OperatorFamilies {
    const FILE: &'static str = "operator_families.sql";
    const SQL: &'static str = include_str!("operator_families.sql");
    const NEEDS: &'static [&'static Kind] = &[];
    type Row = OperatorFamilyRow;

    fn assemble(rows: Vec<OperatorFamilyRow>, schema: &mut Schema) -> Result<(), InspectError> {
        for row in rows {
            schema.operator_families.insert(
                QualifiedName::new(row.schema, row.name),
                OperatorFamily {
                    members: members(row.members),
                    owner: row.owner,
                    comment: row.comment,
                },
            );
        }
        Ok(())
    }
}

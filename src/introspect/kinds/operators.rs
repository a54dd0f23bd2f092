//! Operators (`CREATE OPERATOR`).

use crate::introspect::error::InspectError;
use crate::introspect::kind::{Kind, KindQuery};
use crate::model::{Operator, QualifiedName, Schema};
use serde::Deserialize;

pub(super) static KIND: Kind = Kind::of::<Operators>();

struct Operators;

/// `operators.sql`.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct OperatorRow {
    pub schema: String,
    /// `===(mood, mood)`.
    pub name: String,
    pub function: Option<String>,
    pub result: Option<String>,
    pub commutator: Option<String>,
    pub negator: Option<String>,
    pub restrict: Option<String>,
    pub join_estimator: Option<String>,
    pub hashes: bool,
    pub merges: bool,
    pub owner: Option<String>,
    pub comment: Option<String>,
}

impl KindQuery for Operators {
    const FILE: &'static str = "operators.sql";
    const SQL: &'static str = include_str!("operators.sql");
    const NEEDS: &'static [&'static Kind] = &[];
    type Row = OperatorRow;

    fn assemble(rows: Vec<OperatorRow>, schema: &mut Schema) -> Result<(), InspectError> {
        for row in rows {
            schema.operators.insert(
                QualifiedName::new(row.schema, row.name),
                Operator {
                    function: row.function,
                    result: row.result,
                    commutator: row.commutator,
                    negator: row.negator,
                    restrict: row.restrict,
                    join: row.join_estimator,
                    hashes: row.hashes,
                    merges: row.merges,
                    owner: row.owner,
                    comment: row.comment,
                },
            );
        }
        Ok(())
    }
}

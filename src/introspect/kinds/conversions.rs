//! Conversions (`CREATE CONVERSION`).

use crate::introspect::error::InspectError;
use crate::introspect::kind::{Kind, KindQuery};
use crate::model::{Conversion, QualifiedName, Schema};
use serde::Deserialize;

pub(super) static KIND: Kind = Kind::of::<Conversions>();

struct Conversions;

/// `conversions.sql`.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct ConversionRow {
    pub schema: String,
    pub name: String,
    pub from_encoding: String,
    pub to_encoding: String,
    pub function: String,
    pub is_default: bool,
    pub owner: Option<String>,
    pub comment: Option<String>,
}

impl KindQuery for Conversions {
    const FILE: &'static str = "conversions.sql";
    const SQL: &'static str = include_str!("conversions.sql");
    const NEEDS: &'static [&'static Kind] = &[];
    type Row = ConversionRow;

    fn assemble(rows: Vec<ConversionRow>, schema: &mut Schema) -> Result<(), InspectError> {
        for row in rows {
            schema.conversions.insert(
                QualifiedName::new(row.schema, row.name),
                Conversion {
                    from_encoding: row.from_encoding,
                    to_encoding: row.to_encoding,
                    function: row.function,
                    default: row.is_default,
                    owner: row.owner,
                    comment: row.comment,
                },
            );
        }
        Ok(())
    }
}

//! Casts (`CREATE CAST`), database-wide.

use crate::introspect::error::InspectError;
use crate::introspect::kind::{Kind, KindQuery, unexpected};
use crate::model::{Cast, Schema};
use serde::Deserialize;

pub(super) static KIND: Kind = Kind::of::<Casts>();

struct Casts;

/// `casts.sql`.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct CastRow {
    /// `(mood AS integer)`.
    pub name: String,
    /// `f`, `b` or `i`.
    pub method: String,
    pub function: Option<String>,
    /// `i`, `a` or `e`.
    pub context: String,
    pub comment: Option<String>,
}

impl KindQuery for Casts {
    const FILE: &'static str = "casts.sql";
    const SQL: &'static str = include_str!("casts.sql");
    const NEEDS: &'static [&'static Kind] = &[];
    type Row = CastRow;

    fn assemble(rows: Vec<CastRow>, schema: &mut Schema) -> Result<(), InspectError> {
        for row in rows {
            let method = match (row.method.as_str(), &row.function) {
                ("f", Some(function)) => format!("function {function}"),
                ("b", None) => "without function".to_owned(),
                ("i", None) => "with inout".to_owned(),
                (other, _) => return Err(unexpected(Self::FILE, "castmethod", other, &row.name)),
            };
            let context = match row.context.as_str() {
                "i" => "implicit",
                "a" => "assignment",
                "e" => "explicit",
                other => return Err(unexpected(Self::FILE, "castcontext", other, &row.name)),
            };
            schema.casts.insert(
                row.name,
                Cast {
                    method,
                    context: context.to_owned(),
                    comment: row.comment,
                },
            );
        }
        Ok(())
    }
}

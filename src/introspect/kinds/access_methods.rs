//! Access methods a migration created (database-wide).

use crate::introspect::error::InspectError;
use crate::introspect::kind::{Kind, KindQuery, unexpected};
use crate::model::{AccessMethod, Schema};
use serde::Deserialize;

pub(super) static KIND: Kind = Kind::of::<AccessMethods>();

struct AccessMethods;

/// `access_methods.sql`.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct AccessMethodRow {
    pub name: String,
    /// `amtype`: `t` (table) or `i` (index).
    pub method_type: String,
    pub handler: String,
    pub comment: Option<String>,
}

impl KindQuery for AccessMethods {
    const FILE: &'static str = "access_methods.sql";
    const SQL: &'static str = include_str!("access_methods.sql");
    const NEEDS: &'static [&'static Kind] = &[];
    type Row = AccessMethodRow;

    fn assemble(rows: Vec<AccessMethodRow>, schema: &mut Schema) -> Result<(), InspectError> {
        for row in rows {
            let method_type = match row.method_type.as_str() {
                "t" => "table",
                "i" => "index",
                other => return Err(unexpected(Self::FILE, "amtype", other, &row.name)),
            };
            schema.access_methods.insert(
                row.name,
                AccessMethod {
                    method_type: method_type.to_string(),
                    handler: row.handler,
                    comment: row.comment,
                },
            );
        }
        Ok(())
    }
}

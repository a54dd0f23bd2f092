//! Installed extensions (plpgsql included). Their member objects are left
//! out of every other kind by the shared scope.

use crate::introspect::error::InspectError;
use crate::introspect::kind::{Kind, KindQuery};
use crate::model::{Extension, Schema};
use serde::Deserialize;

pub(super) static KIND: Kind = Kind::of::<Extensions>();

struct Extensions;

/// `extensions.sql`.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct ExtensionRow {
    pub name: String,
    pub schema: String,
    pub version: String,
    pub comment: Option<String>,
}

impl KindQuery for Extensions {
    const FILE: &'static str = "extensions.sql";
    const SQL: &'static str = include_str!("extensions.sql");
    const NEEDS: &'static [&'static Kind] = &[];
    type Row = ExtensionRow;

    fn assemble(rows: Vec<ExtensionRow>, schema: &mut Schema) -> Result<(), InspectError> {
        for row in rows {
            schema.extensions.insert(
                row.name,
                Extension {
                    schema: row.schema,
                    version: row.version,
                    comment: row.comment,
                },
            );
        }
        Ok(())
    }
}

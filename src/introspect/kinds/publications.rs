//! Publications (database-wide).

use crate::introspect::error::InspectError;
use crate::introspect::kind::{Kind, KindQuery};
use crate::model::{Publication, Schema};
use serde::Deserialize;

pub(super) static KIND: Kind = Kind::of::<Publications>();

struct Publications;

/// `publications.sql`.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct PublicationRow {
    pub name: String,
    pub all_tables: bool,
    pub publish: String,
    pub via_root: bool,
    pub generated_columns: Option<String>,
    pub tables: Vec<String>,
    pub schemas: Vec<String>,
    pub owner: Option<String>,
    pub comment: Option<String>,
}

impl KindQuery for Publications {
    const FILE: &'static str = "publications.sql";
    const SQL: &'static str = include_str!("publications.sql");
    const NEEDS: &'static [&'static Kind] = &[];
    type Row = PublicationRow;

    fn assemble(rows: Vec<PublicationRow>, schema: &mut Schema) -> Result<(), InspectError> {
        for row in rows {
            schema.publications.insert(
                row.name,
                Publication {
                    all_tables: row.all_tables,
                    publish: row.publish,
                    via_root: row.via_root,
                    generated_columns: row.generated_columns,
                    tables: row.tables,
                    schemas: row.schemas,
                    owner: row.owner,
                    comment: row.comment,
                },
            );
        }
        Ok(())
    }
}

//! Procedural languages a migration created (database-wide).

use crate::introspect::error::InspectError;
use crate::introspect::kind::{Kind, KindQuery};
use crate::model::{Language, Privileges, Schema};
use serde::Deserialize;

pub(super) static KIND: Kind = Kind::of::<Languages>();

pub(super) struct Languages;

/// `languages.sql`.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct LanguageRow {
    pub name: String,
    pub trusted: bool,
    pub handler: Option<String>,
    pub inline: Option<String>,
    pub validator: Option<String>,
    pub owner: Option<String>,
    pub comment: Option<String>,
}

impl KindQuery for Languages {
    const FILE: &'static str = "languages.sql";
    const SQL: &'static str = include_str!("languages.sql");
    const NEEDS: &'static [&'static Kind] = &[];
    type Row = LanguageRow;

    fn assemble(rows: Vec<LanguageRow>, schema: &mut Schema) -> Result<(), InspectError> {
        for row in rows {
            schema.languages.insert(
                row.name,
                Language {
                    trusted: row.trusted,
                    handler: row.handler,
                    inline: row.inline,
                    validator: row.validator,
                    owner: row.owner,
                    privileges: Privileges::default(),
                    comment: row.comment,
                },
            );
        }
        Ok(())
    }
}

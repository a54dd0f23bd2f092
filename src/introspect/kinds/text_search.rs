//! Text search configurations (parser and token mappings).

use crate::introspect::error::InspectError;
use crate::introspect::kind::{Kind, KindQuery};
use crate::model::{QualifiedName, Schema, TextSearchConfig};
use serde::Deserialize;

pub(super) static KIND: Kind = Kind::of::<TextSearchConfigs>();

struct TextSearchConfigs;

/// `text_search.sql`.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct TextSearchConfigRow {
    pub schema: String,
    pub name: String,
    pub parser: String,
    /// `alias dict1, dict2`, sorted by alias.
    pub mappings: Vec<String>,
    pub owner: Option<String>,
    pub comment: Option<String>,
}

impl KindQuery for TextSearchConfigs {
    const FILE: &'static str = "text_search.sql";
    const SQL: &'static str = include_str!("text_search.sql");
    const NEEDS: &'static [&'static Kind] = &[];
    type Row = TextSearchConfigRow;

    fn assemble(rows: Vec<TextSearchConfigRow>, schema: &mut Schema) -> Result<(), InspectError> {
        for row in rows {
            let mappings = row
                .mappings
                .into_iter()
                .map(|m| match m.split_once(' ') {
                    Some((alias, dicts)) => (alias.to_owned(), dicts.to_owned()),
                    None => (m, String::new()),
                })
                .collect();
            schema.text_search_configs.insert(
                QualifiedName::new(row.schema, row.name),
                TextSearchConfig {
                    parser: row.parser,
                    mappings,
                    owner: row.owner,
                    comment: row.comment,
                },
            );
        }
        Ok(())
    }
}

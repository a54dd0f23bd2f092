//! Text search parsers (`CREATE TEXT SEARCH PARSER`; their functions are
//! C, so a migration names built-in ones such as `prsd_start`).

use crate::introspect::error::InspectError;
use crate::introspect::kind::{Kind, KindQuery};
use crate::model::{QualifiedName, Schema, TextSearchParser};
use serde::Deserialize;

pub(super) static KIND: Kind = Kind::of::<TextSearchParsers>();

struct TextSearchParsers;

/// `text_search_parsers.sql`.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct TextSearchParserRow {
    pub schema: String,
    pub name: String,
    pub start: String,
    pub gettoken: String,
    pub end_function: String,
    pub lextypes: String,
    pub headline: Option<String>,
    pub comment: Option<String>,
}

impl KindQuery for TextSearchParsers {
    const FILE: &'static str = "text_search_parsers.sql";
    const SQL: &'static str = include_str!("text_search_parsers.sql");
    const NEEDS: &'static [&'static Kind] = &[];
    type Row = TextSearchParserRow;

    fn assemble(rows: Vec<TextSearchParserRow>, schema: &mut Schema) -> Result<(), InspectError> {
        for row in rows {
            schema.text_search_parsers.insert(
                QualifiedName::new(row.schema, row.name),
                TextSearchParser {
                    start: row.start,
                    gettoken: row.gettoken,
                    end: row.end_function,
                    lextypes: row.lextypes,
                    headline: row.headline,
                    comment: row.comment,
                },
            );
        }
        Ok(())
    }
}

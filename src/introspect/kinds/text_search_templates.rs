//! Text search templates (`CREATE TEXT SEARCH TEMPLATE`; their functions
//! are C, so a migration names built-in ones such as `dsimple_lexize`).

use crate::introspect::error::InspectError;
use crate::introspect::kind::{Kind, KindQuery};
use crate::model::{QualifiedName, Schema, TextSearchTemplate};
use serde::Deserialize;

pub(super) static KIND: Kind = Kind::of::<TextSearchTemplates>();

struct TextSearchTemplates;

/// `text_search_templates.sql`.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct TextSearchTemplateRow {
    pub schema: String,
    pub name: String,
    pub init: Option<String>,
    pub lexize: String,
    pub comment: Option<String>,
}

impl KindQuery for TextSearchTemplates {
    const FILE: &'static str = "text_search_templates.sql";
    const SQL: &'static str = include_str!("text_search_templates.sql");
    const NEEDS: &'static [&'static Kind] = &[];
    type Row = TextSearchTemplateRow;

    fn assemble(rows: Vec<TextSearchTemplateRow>, schema: &mut Schema) -> Result<(), InspectError> {
        for row in rows {
            schema.text_search_templates.insert(
                QualifiedName::new(row.schema, row.name),
                TextSearchTemplate {
                    init: row.init,
                    lexize: row.lexize,
                    comment: row.comment,
                },
            );
        }
        Ok(())
    }
}

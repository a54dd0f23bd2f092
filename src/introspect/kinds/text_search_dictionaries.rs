//! Text search dictionaries (`CREATE TEXT SEARCH DICTIONARY`).

use crate::introspect::error::InspectError;
use crate::introspect::kind::{Kind, KindQuery};
use crate::model::{QualifiedName, Schema, TextSearchDictionary};
use serde::Deserialize;

pub(super) static KIND: Kind = Kind::of::<TextSearchDictionaries>();

struct TextSearchDictionaries;

/// `text_search_dictionaries.sql`.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct TextSearchDictionaryRow {
    pub schema: String,
    pub name: String,
    pub template: String,
    /// `stopwords = 'english', accept = 'false'`.
    pub options: Option<String>,
    pub owner: Option<String>,
    pub comment: Option<String>,
}

impl KindQuery for TextSearchDictionaries {
    const FILE: &'static str = "text_search_dictionaries.sql";
    const SQL: &'static str = include_str!("text_search_dictionaries.sql");
    const NEEDS: &'static [&'static Kind] = &[];
    type Row = TextSearchDictionaryRow;

    fn assemble(
        rows: Vec<TextSearchDictionaryRow>,
        schema: &mut Schema,
    ) -> Result<(), InspectError> {
        for row in rows {
            let mut options = row.options.as_deref().map(split_options).unwrap_or_default();
            // The options act together; ALTER … (option) moves one to the
            // end, so their order carries no meaning.
            options.sort();
            schema.text_search_dictionaries.insert(
                QualifiedName::new(row.schema, row.name),
                TextSearchDictionary {
                    template: row.template,
                    options,
                    owner: row.owner,
                    comment: row.comment,
                },
            );
        }
        Ok(())
    }
}

/// `a = 'x, y', b = 'it''s'` → `["a = 'x, y'", "b = 'it''s'"]`: the
/// server's list, split at the separators outside quoted values.
fn split_options(list: &str) -> Vec<String> {
    let mut options = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut chars = list.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\'' {
            quoted = !quoted;
        }
        if c == ',' && !quoted && chars.peek() == Some(&' ') {
            chars.next();
            options.push(std::mem::take(&mut current));
            continue;
        }
        current.push(c);
    }
    if !current.is_empty() {
        options.push(current);
    }
    options
}

#[cfg(test)]
mod tests {
    use super::split_options;

    #[test]
    fn options_split_outside_quotes_only() {
        assert_eq!(
            split_options("stopwords = 'english', accept = 'false'"),
            ["stopwords = 'english'", "accept = 'false'"]
        );
        assert_eq!(
            split_options("a = 'x, y', b = 'it''s, ok'"),
            ["a = 'x, y'", "b = 'it''s, ok'"]
        );
        assert!(split_options("").is_empty());
    }
}

//! Collations created in user schemas.

use crate::introspect::error::InspectError;
use crate::introspect::kind::{Kind, KindQuery};
use crate::model::{Collation, QualifiedName, Schema};
use serde::Deserialize;

pub(super) static KIND: Kind = Kind::of::<Collations>();

struct Collations;

/// `collations.sql`.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct CollationRow {
    pub schema: String,
    pub name: String,
    pub provider: String,
    pub deterministic: bool,
    pub lc_collate: Option<String>,
    pub lc_ctype: Option<String>,
    pub locale: Option<String>,
    pub rules: Option<String>,
    pub owner: Option<String>,
    pub comment: Option<String>,
}

impl KindQuery for Collations {
    const FILE: &'static str = "collations.sql";
    const SQL: &'static str = include_str!("collations.sql");
    const NEEDS: &'static [&'static Kind] = &[];
    type Row = CollationRow;

    fn assemble(rows: Vec<CollationRow>, schema: &mut Schema) -> Result<(), InspectError> {
        for row in rows {
            schema.collations.insert(
                QualifiedName::new(row.schema, row.name),
                Collation {
                    provider: row.provider,
                    deterministic: row.deterministic,
                    lc_collate: row.lc_collate,
                    lc_ctype: row.lc_ctype,
                    locale: row.locale,
                    rules: row.rules,
                    owner: row.owner,
                    comment: row.comment,
                },
            );
        }
        Ok(())
    }
}

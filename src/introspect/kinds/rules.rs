//! Rewrite rules of tables, views and materialized views (a view's own
//! `_RETURN` rule is its definition and left out).

use super::relations;
use crate::introspect::error::InspectError;
use crate::introspect::kind::{Kind, KindQuery, orphan};
use crate::model::{QualifiedName, Rule, Schema};
use serde::Deserialize;
use std::sync::Arc;

pub(super) static KIND: Kind = Kind::of::<Rules>();

struct Rules;

/// `rules.sql`.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct RuleRow {
    pub schema: String,
    pub relation: String,
    pub name: String,
    pub definition: String,
    pub enabled: String,
    pub comment: Option<String>,
}

impl KindQuery for Rules {
    const FILE: &'static str = "rules.sql";
    const SQL: &'static str = include_str!("rules.sql");
    const NEEDS: &'static [&'static Kind] = &[&relations::KIND];
    type Row = RuleRow;

    fn assemble(rows: Vec<RuleRow>, schema: &mut Schema) -> Result<(), InspectError> {
        for row in rows {
            let relation = QualifiedName::new(row.schema, row.relation);
            let rule = Rule {
                definition: row.definition,
                enabled: row.enabled,
                comment: row.comment,
            };
            if let Some(table) = schema.tables.get_mut(&relation).map(Arc::make_mut) {
                table.rules.insert(row.name, rule);
            } else if let Some(view) = schema.views.get_mut(&relation).map(Arc::make_mut) {
                view.rules.insert(row.name, rule);
            } else {
                return Err(orphan("rule", row.name, relation, "table or view"));
            }
        }
        Ok(())
    }
}

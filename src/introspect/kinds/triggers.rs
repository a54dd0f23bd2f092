//! Triggers of tables and views (internal ones left out).

use super::relations;
use crate::introspect::error::InspectError;
use crate::introspect::kind::{Kind, KindQuery, orphan, unexpected};
use crate::model::{QualifiedName, Schema, Trigger};
use serde::Deserialize;
use std::sync::Arc;

pub(super) static KIND: Kind = Kind::of::<Triggers>();

struct Triggers;

/// `triggers.sql`.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct TriggerRow {
    pub schema: String,
    pub relation: String,
    pub name: String,
    pub definition: String,
    /// `origin`, `replica`, `always` or `disabled`; `None` only for a
    /// `tgenabled` value this version does not know.
    pub enabled: Option<String>,
    pub comment: Option<String>,
}

impl KindQuery for Triggers {
    const FILE: &'static str = "triggers.sql";
    const SQL: &'static str = include_str!("triggers.sql");
    const NEEDS: &'static [&'static Kind] = &[&relations::KIND];
    type Row = TriggerRow;

    fn assemble(rows: Vec<TriggerRow>, schema: &mut Schema) -> Result<(), InspectError> {
        for row in rows {
            let relation = QualifiedName::new(row.schema, row.relation);
            let Some(enabled) = row.enabled else {
                let object = format!("trigger {} on {relation}", row.name);
                return Err(unexpected(Self::FILE, "tgenabled", "?", &object));
            };
            let trigger = Trigger {
                definition: row.definition,
                enabled,
                comment: row.comment,
            };
            if let Some(table) = schema.tables.get_mut(&relation).map(Arc::make_mut) {
                table.triggers.insert(row.name, trigger);
            } else if let Some(view) = schema.views.get_mut(&relation).map(Arc::make_mut) {
                view.triggers.insert(row.name, trigger);
            } else {
                return Err(orphan("trigger", row.name, relation, "table or view"));
            }
        }
        Ok(())
    }
}

//! Row security policies of tables.

use super::relations;
use crate::introspect::error::InspectError;
use crate::introspect::kind::{Kind, KindQuery, orphan};
use crate::model::{Policy, QualifiedName, Schema};
use serde::Deserialize;
use std::sync::Arc;

pub(super) static KIND: Kind = Kind::of::<Policies>();

struct Policies;

/// `policies.sql`.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct PolicyRow {
    pub schema: String,
    pub relation: String,
    pub name: String,
    pub command: String,
    pub permissive: bool,
    pub roles: Vec<String>,
    pub using_expr: Option<String>,
    pub check_expr: Option<String>,
    pub comment: Option<String>,
}

impl KindQuery for Policies {
    const FILE: &'static str = "policies.sql";
    const SQL: &'static str = include_str!("policies.sql");
    const NEEDS: &'static [&'static Kind] = &[&relations::KIND];
    type Row = PolicyRow;

    fn assemble(rows: Vec<PolicyRow>, schema: &mut Schema) -> Result<(), InspectError> {
        for row in rows {
            let relation = QualifiedName::new(row.schema, row.relation);
            let Some(table) = schema.tables.get_mut(&relation).map(Arc::make_mut) else {
                return Err(orphan("policy", row.name, relation, "table"));
            };
            table.policies.insert(
                row.name,
                Policy {
                    command: row.command,
                    permissive: row.permissive,
                    roles: row.roles,
                    using: row.using_expr,
                    check: row.check_expr,
                    comment: row.comment,
                },
            );
        }
        Ok(())
    }
}

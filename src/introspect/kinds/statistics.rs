//! Extended statistics objects (`CREATE STATISTICS`) on tables and
//! materialized views: their definitions, never their data.

use super::relations;
use crate::introspect::error::InspectError;
use crate::introspect::kind::{Kind, KindQuery, orphan, unexpected};
use crate::model::{QualifiedName, Schema, Statistics, StatisticsKind};
use serde::Deserialize;
use std::sync::Arc;

pub(super) static KIND: Kind = Kind::of::<StatisticsObjects>();

struct StatisticsObjects;

/// `statistics.sql`.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct StatisticsRow {
    pub schema: String,
    pub name: String,
    pub relation_schema: String,
    pub relation: String,
    pub targets: String,
    /// `stxkind` codes, sorted.
    pub kinds: Vec<String>,
    pub target: Option<i32>,
    pub owner: Option<String>,
    pub comment: Option<String>,
}

impl KindQuery for StatisticsObjects {
    const FILE: &'static str = "statistics.sql";
    const SQL: &'static str = include_str!("statistics.sql");
    const NEEDS: &'static [&'static Kind] = &[&relations::KIND];
    type Row = StatisticsRow;

    fn assemble(rows: Vec<StatisticsRow>, schema: &mut Schema) -> Result<(), InspectError> {
        for row in rows {
            let name = QualifiedName::new(row.schema, row.name);
            let table = QualifiedName::new(row.relation_schema, row.relation);
            if !schema.tables.contains_key(&table) && !schema.views.contains_key(&table) {
                return Err(orphan(
                    "statistics",
                    name.to_string(),
                    table,
                    "table or materialized view",
                ));
            }
            let mut kinds = Vec::new();
            for code in &row.kinds {
                match code.as_str() {
                    "d" => kinds.push(StatisticsKind::Ndistinct),
                    "f" => kinds.push(StatisticsKind::Dependencies),
                    "m" => kinds.push(StatisticsKind::Mcv),
                    // Built exactly when there are expressions, which
                    // `targets` shows.
                    "e" => {}
                    other => return Err(unexpected(Self::FILE, "stxkind", other, &name)),
                }
            }
            kinds.sort_unstable();
            schema.statistics.insert(
                name,
                Arc::new(Statistics {
                    table,
                    targets: row.targets,
                    kinds,
                    target: row.target,
                    owner: row.owner,
                    comment: row.comment,
                }),
            );
        }
        Ok(())
    }
}

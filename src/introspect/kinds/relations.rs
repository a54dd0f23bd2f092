//! Tables (ordinary and partitioned), views and materialized views: their
//! own properties. Columns, constraints, indexes, triggers, policies and
//! rules hang on them and come with their own kinds.

use crate::introspect::error::InspectError;
use crate::introspect::kind::{Kind, KindQuery, unexpected};
use crate::model::{
    ForeignSource, Privileges, QualifiedName, Schema, Table, TableProperties, View,
};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::Arc;

pub(super) static KIND: Kind = Kind::of::<Relations>();

pub(super) struct Relations;

/// `relations.sql`: a table, view or materialized view.
#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct RelationRow {
    pub schema: String,
    pub name: String,
    /// `relkind`: `r`, `p`, `v`, `m` or `f`.
    pub kind: String,
    /// `pg_get_viewdef`, for views and materialized views.
    pub definition: Option<String>,
    pub owner: Option<String>,
    pub unlogged: bool,
    pub partition_key: Option<String>,
    pub partition_of: Option<String>,
    pub partition_bound: Option<String>,
    pub inherits: Vec<String>,
    pub options: Vec<String>,
    pub row_security: bool,
    pub force_row_security: bool,
    pub replica_identity: Option<String>,
    pub tablespace: Option<String>,
    pub access_method: Option<String>,
    pub populated: bool,
    pub comment: Option<String>,
    /// A foreign table's server.
    pub foreign_server: Option<String>,
    /// A foreign table's options.
    #[serde(default)]
    pub foreign_options: BTreeMap<String, super::options::OptionRow>,
}

impl KindQuery for Relations {
    const FILE: &'static str = "relations.sql";
    const SQL: &'static str = include_str!("relations.sql");
    const NEEDS: &'static [&'static Kind] = &[];
    type Row = RelationRow;

    fn assemble(rows: Vec<RelationRow>, schema: &mut Schema) -> Result<(), InspectError> {
        for row in rows {
            let name = QualifiedName::new(row.schema, row.name);
            match row.kind.as_str() {
                "r" | "p" | "f" => {
                    let partition_of = match (row.partition_of, row.partition_bound) {
                        (Some(parent), Some(bound)) => Some((parent, bound)),
                        _ => None,
                    };
                    schema.tables.insert(
                        name,
                        Arc::new(Table {
                            properties: TableProperties {
                                unlogged: row.unlogged,
                                partition_key: row.partition_key,
                                partition_of,
                                inherits: row.inherits,
                                options: row.options,
                                row_security: row.row_security,
                                force_row_security: row.force_row_security,
                                replica_identity: row.replica_identity,
                                tablespace: row.tablespace,
                                access_method: row.access_method,
                                foreign: row.foreign_server.map(|server| ForeignSource {
                                    server,
                                    options: super::options::options(row.foreign_options),
                                }),
                            },
                            owner: row.owner,
                            comment: row.comment,
                            ..Table::default()
                        }),
                    );
                }
                "v" | "m" => {
                    schema.views.insert(
                        name,
                        Arc::new(View {
                            materialized: row.kind == "m",
                            columns: Vec::new(),
                            definition: row.definition.unwrap_or_default(),
                            indexes: BTreeMap::new(),
                            triggers: BTreeMap::new(),
                            rules: BTreeMap::new(),
                            options: row.options,
                            populated: row.populated,
                            column_comments: BTreeMap::new(),
                            column_privileges: BTreeMap::new(),
                            owner: row.owner,
                            privileges: Privileges::default(),
                            comment: row.comment,
                        }),
                    );
                }
                other => {
                    return Err(unexpected(Self::FILE, "relkind", other, &name));
                }
            }
        }
        Ok(())
    }
}

/// A relation row for unit tests of the kinds that hang on relations.
#[cfg(test)]
pub(super) fn test_row(schema: &str, name: &str, kind: &str) -> RelationRow {
    RelationRow {
        schema: schema.into(),
        name: name.into(),
        kind: kind.into(),
        definition: (kind == "v").then(|| " SELECT 1;".into()),
        populated: true,
        ..RelationRow::default()
    }
}

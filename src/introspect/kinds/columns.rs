//! Columns of tables (with identity, generation, storage, compression,
//! statistics and PostgreSQL 18's NOT NULL constraint details) and of views
//! (name and type, comments). Their privileges come with the `privileges`
//! kind.

use super::relations;
use crate::introspect::error::InspectError;
use crate::introspect::kind::{Kind, KindQuery, orphan, unexpected};
use crate::model::{Column, Identity, Privileges, QualifiedName, Schema};
use serde::Deserialize;
use std::sync::Arc;

pub(super) static KIND: Kind = Kind::of::<Columns>();

pub(super) struct Columns;

/// `columns.sql`, in attnum order within each relation.
#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct ColumnRow {
    pub schema: String,
    pub relation: String,
    pub name: String,
    /// `attnum`: only its order counts.
    pub position: i32,
    pub data_type: String,
    pub collation: Option<String>,
    pub not_null: bool,
    pub not_null_detail: Option<String>,
    pub default_expr: Option<String>,
    /// `attidentity`: empty, `a` or `d`.
    pub identity: String,
    pub generated: Option<String>,
    /// `attgenerated`: empty, `s` (stored) or `v` (virtual).
    pub generated_kind: String,
    /// `attstorage` when it differs from the type's: `p`, `e`, `m`, `x`.
    pub storage: Option<String>,
    /// `attcompression`: empty, `p` or `l`.
    pub compression: String,
    pub statistics: Option<i32>,
    pub comment: Option<String>,
    /// A foreign table column's generic options (`attfdwoptions`).
    #[serde(default)]
    pub options: std::collections::BTreeMap<String, super::options::OptionRow>,
}

impl KindQuery for Columns {
    const FILE: &'static str = "columns.sql";
    const SQL: &'static str = include_str!("columns.sql");
    const NEEDS: &'static [&'static Kind] = &[&relations::KIND];
    type Row = ColumnRow;

    fn assemble(mut rows: Vec<ColumnRow>, schema: &mut Schema) -> Result<(), InspectError> {
        // Live columns in attnum order per relation: pushing in that order
        // numbers them without the gaps of dropped ones.
        rows.sort_by(|a, b| {
            (&a.schema, &a.relation, a.position).cmp(&(&b.schema, &b.relation, b.position))
        });
        for row in rows {
            let relation = QualifiedName::new(row.schema.clone(), row.relation.clone());
            if let Some(table) = schema.tables.get_mut(&relation).map(Arc::make_mut) {
                table.columns.push(table_column(row, &relation)?);
            } else if let Some(view) = schema.views.get_mut(&relation).map(Arc::make_mut) {
                if let Some(comment) = row.comment {
                    view.column_comments.insert(row.name.clone(), comment);
                }
                view.columns.push((row.name, row.data_type));
            } else {
                return Err(orphan("column", row.name, relation, "table or view"));
            }
        }
        Ok(())
    }
}

/// A table's column, its catalog codes mapped to model values.
fn table_column(row: ColumnRow, relation: &QualifiedName) -> Result<Column, InspectError> {
    let file = Columns::FILE;
    let object = || format!("column {relation}.{}", row.name);
    let identity = match row.identity.as_str() {
        "" => None,
        "a" => Some(Identity::Always),
        "d" => Some(Identity::ByDefault),
        other => return Err(unexpected(file, "attidentity", other, &object())),
    };
    let generated_virtual = match row.generated_kind.as_str() {
        "" | "s" => false,
        "v" => true,
        other => return Err(unexpected(file, "attgenerated", other, &object())),
    };
    let storage = match row.storage.as_deref() {
        None => None,
        Some("p") => Some("plain".to_owned()),
        Some("e") => Some("external".to_owned()),
        Some("m") => Some("main".to_owned()),
        Some("x") => Some("extended".to_owned()),
        Some(other) => return Err(unexpected(file, "attstorage", other, &object())),
    };
    let compression = match row.compression.as_str() {
        "" => None,
        "p" => Some("pglz".to_owned()),
        "l" => Some("lz4".to_owned()),
        other => return Err(unexpected(file, "attcompression", other, &object())),
    };
    Ok(Column {
        name: row.name,
        data_type: row.data_type,
        collation: row.collation,
        not_null: row.not_null,
        not_null_constraint: row.not_null_detail,
        default: row.default_expr,
        identity,
        generated: row.generated,
        generated_virtual,
        storage,
        compression,
        statistics: row.statistics,
        privileges: Privileges::default(),
        comment: row.comment,
        options: super::options::options(row.options),
    })
}

/// A column row for unit tests of the kinds that hang on columns.
#[cfg(test)]
pub(super) fn test_row(relation: &str, name: &str) -> ColumnRow {
    ColumnRow {
        schema: "public".into(),
        relation: relation.into(),
        name: name.into(),
        data_type: "integer".into(),
        ..ColumnRow::default()
    }
}

#[cfg(test)]
mod tests {
    use super::relations::{Relations, test_row as relation};
    use super::*;

    fn assemble(
        relations: Vec<relations::RelationRow>,
        columns: Vec<ColumnRow>,
    ) -> Result<Schema, InspectError> {
        let mut schema = Schema::default();
        Relations::assemble(relations, &mut schema)?;
        Columns::assemble(columns, &mut schema)?;
        Ok(schema)
    }

    #[test]
    fn columns_keep_row_order_per_relation() -> Result<(), InspectError> {
        let schema = assemble(
            vec![relation("public", "t", "r"), relation("public", "v", "v")],
            vec![
                ColumnRow {
                    position: 3,
                    ..test_row("t", "c")
                },
                test_row("v", "x"),
                ColumnRow {
                    position: 5,
                    ..test_row("t", "a")
                },
                ColumnRow {
                    position: 8,
                    ..test_row("t", "b")
                },
            ],
        )?;
        let table = &schema.tables[&QualifiedName::new("public", "t")];
        let names: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["c", "a", "b"]);
        let view = &schema.views[&QualifiedName::new("public", "v")];
        assert_eq!(view.columns, [("x".to_owned(), "integer".to_owned())]);
        Ok(())
    }

    #[test]
    fn a_column_of_an_unknown_relation_is_an_error() {
        assert!(matches!(
            assemble(Vec::new(), vec![test_row("missing", "a")]),
            Err(InspectError::Orphan { kind: "column", .. })
        ));
    }

    #[test]
    fn an_unknown_identity_code_is_an_error() {
        let mut odd = test_row("t", "a");
        odd.identity = "z".into();
        assert!(matches!(
            assemble(vec![relation("public", "t", "r")], vec![odd]),
            Err(InspectError::UnexpectedValue {
                field: "attidentity",
                ..
            })
        ));
    }

    #[test]
    fn columns_follow_attnum_not_row_order() -> Result<(), InspectError> {
        let schema = assemble(
            vec![relation("public", "t", "r")],
            vec![
                ColumnRow {
                    position: 4,
                    ..test_row("t", "late")
                },
                ColumnRow {
                    position: 1,
                    ..test_row("t", "early")
                },
            ],
        )?;
        let table = &schema.tables[&QualifiedName::new("public", "t")];
        let names: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["early", "late"]);
        Ok(())
    }
}

//! Catalog rows → [`Schema`]: pure, no database. Hangs columns,
//! constraints, indexes and triggers on their table or view, and maps the
//! catalog's one-letter codes to model values.

use super::error::InspectError;
use super::rows::{
    ColumnRow, ConstraintRow, EnumRow, FunctionRow, IndexRow, NamespaceRow, RelationRow,
    SequenceRow, TriggerRow,
};
use crate::model::{
    Column, Constraint, ConstraintKind, Function, Identity, Index, Namespace, QualifiedName,
    RoutineKind, Schema, Sequence, Table, Trigger, TypeDef, TypeKind, View,
};
use std::collections::BTreeMap;

/// Everything the catalog queries returned, one vector per query.
#[derive(Debug, Default)]
pub(super) struct Rows {
    pub namespaces: Vec<NamespaceRow>,
    pub relations: Vec<RelationRow>,
    pub columns: Vec<ColumnRow>,
    pub constraints: Vec<ConstraintRow>,
    pub indexes: Vec<IndexRow>,
    pub triggers: Vec<TriggerRow>,
    pub sequences: Vec<SequenceRow>,
    pub enums: Vec<EnumRow>,
    pub functions: Vec<FunctionRow>,
}

/// Builds the model from the rows. Fails on a row that points at a
/// relation the relations query did not return, or on a catalog code this
/// version does not know, rather than dropping a fact silently.
pub(super) fn assemble(rows: Rows) -> Result<Schema, InspectError> {
    let mut schema = Schema::default();

    for row in rows.namespaces {
        schema.namespaces.insert(
            row.name,
            Namespace {
                comment: row.comment,
            },
        );
    }

    for row in rows.relations {
        let name = QualifiedName::new(row.schema, row.name);
        match row.kind.as_str() {
            "r" | "p" => {
                schema.tables.insert(
                    name,
                    Table {
                        comment: row.comment,
                        ..Table::default()
                    },
                );
            }
            "v" | "m" => {
                schema.views.insert(
                    name,
                    View {
                        materialized: row.kind == "m",
                        columns: Vec::new(),
                        definition: row.definition.unwrap_or_default(),
                        indexes: BTreeMap::new(),
                        triggers: BTreeMap::new(),
                        comment: row.comment,
                    },
                );
            }
            other => {
                return Err(unexpected("relations.sql", "relkind", other, &name));
            }
        }
    }

    // Rows arrive in attnum order per relation; pushing keeps that order
    // and numbers live columns without the gaps of dropped ones.
    for row in rows.columns {
        let relation = QualifiedName::new(row.schema, row.relation);
        if let Some(table) = schema.tables.get_mut(&relation) {
            let identity = match row.identity.as_str() {
                "" => None,
                "a" => Some(Identity::Always),
                "d" => Some(Identity::ByDefault),
                other => {
                    let object = format!("column {relation}.{}", row.name);
                    return Err(unexpected("columns.sql", "attidentity", other, &object));
                }
            };
            table.columns.push(Column {
                name: row.name,
                data_type: row.data_type,
                collation: row.collation,
                not_null: row.not_null,
                default: row.default_expr,
                identity,
                generated: row.generated,
                comment: row.comment,
            });
        } else if let Some(view) = schema.views.get_mut(&relation) {
            view.columns.push((row.name, row.data_type));
        } else {
            return Err(orphan("column", row.name, relation, "table or view"));
        }
    }

    for row in rows.constraints {
        let relation = QualifiedName::new(row.schema, row.relation);
        let kind = match row.kind.as_str() {
            "p" => ConstraintKind::PrimaryKey,
            "u" => ConstraintKind::Unique,
            "f" => ConstraintKind::ForeignKey,
            "c" => ConstraintKind::Check,
            "x" => ConstraintKind::Exclusion,
            other => {
                let object = format!("constraint {} on {relation}", row.name);
                return Err(unexpected("constraints.sql", "contype", other, &object));
            }
        };
        let Some(table) = schema.tables.get_mut(&relation) else {
            return Err(orphan("constraint", row.name, relation, "table"));
        };
        table.constraints.insert(
            row.name,
            Constraint {
                kind,
                definition: row.definition,
                comment: row.comment,
            },
        );
    }

    for row in rows.indexes {
        let relation = QualifiedName::new(row.schema, row.relation);
        let index = Index {
            definition: row.definition,
            comment: row.comment,
        };
        if let Some(table) = schema.tables.get_mut(&relation) {
            table.indexes.insert(row.name, index);
        } else if let Some(view) = schema.views.get_mut(&relation) {
            view.indexes.insert(row.name, index);
        } else {
            return Err(orphan(
                "index",
                row.name,
                relation,
                "table or materialized view",
            ));
        }
    }

    for row in rows.triggers {
        let relation = QualifiedName::new(row.schema, row.relation);
        let Some(enabled) = row.enabled else {
            let object = format!("trigger {} on {relation}", row.name);
            return Err(unexpected("triggers.sql", "tgenabled", "?", &object));
        };
        let trigger = Trigger {
            definition: row.definition,
            enabled,
            comment: row.comment,
        };
        if let Some(table) = schema.tables.get_mut(&relation) {
            table.triggers.insert(row.name, trigger);
        } else if let Some(view) = schema.views.get_mut(&relation) {
            view.triggers.insert(row.name, trigger);
        } else {
            return Err(orphan("trigger", row.name, relation, "table or view"));
        }
    }

    for row in rows.sequences {
        schema.sequences.insert(
            QualifiedName::new(row.schema, row.name),
            Sequence {
                data_type: row.data_type,
                start: row.start,
                increment: row.increment,
                min: row.min,
                max: row.max,
                cache: row.cache,
                cycle: row.cycle,
                owned_by: row.owned_by,
                comment: row.comment,
            },
        );
    }

    for row in rows.enums {
        let name = QualifiedName::new(row.schema, row.name);
        let kind = match row.kind.as_str() {
            "e" => TypeKind::Enum { labels: row.labels },
            "c" => TypeKind::Composite {
                attributes: row
                    .attribute_names
                    .into_iter()
                    .zip(row.attribute_types)
                    .collect(),
            },
            other => return Err(unexpected("types.sql", "typtype", other, &name)),
        };
        schema.types.insert(
            name,
            TypeDef {
                kind,
                comment: row.comment,
            },
        );
    }

    for row in rows.functions {
        let name = QualifiedName::new(row.schema, row.name);
        let kind = match row.kind.as_str() {
            "f" => RoutineKind::Function,
            "p" => RoutineKind::Procedure,
            other => return Err(unexpected("functions.sql", "prokind", other, &name)),
        };
        let mut config = row.config;
        // SET options act together; their order carries no meaning.
        config.sort();
        schema.functions.insert(
            name,
            Function {
                kind,
                arguments: row.arguments,
                result: row.result,
                language: row.language,
                volatility: row.volatility,
                strict: row.strict,
                security_definer: row.security_definer,
                leakproof: row.leakproof,
                parallel: row.parallel,
                cost: row.cost,
                rows: row.rows,
                config,
                body: row.body,
                comment: row.comment,
            },
        );
    }

    Ok(schema)
}

fn orphan(
    kind: &'static str,
    name: String,
    relation: QualifiedName,
    expected: &'static str,
) -> InspectError {
    InspectError::Orphan {
        kind,
        name,
        relation,
        expected,
    }
}

fn unexpected(
    query: &'static str,
    field: &'static str,
    value: &str,
    object: &dyn std::fmt::Display,
) -> InspectError {
    InspectError::UnexpectedValue {
        query,
        field,
        value: value.to_owned(),
        object: object.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn relation(schema: &str, name: &str, kind: &str) -> RelationRow {
        RelationRow {
            schema: schema.into(),
            name: name.into(),
            kind: kind.into(),
            definition: (kind == "v").then(|| " SELECT 1;".into()),
            comment: None,
        }
    }

    fn column(relation: &str, name: &str) -> ColumnRow {
        ColumnRow {
            schema: "public".into(),
            relation: relation.into(),
            name: name.into(),
            data_type: "integer".into(),
            collation: None,
            not_null: false,
            default_expr: None,
            identity: String::new(),
            generated: None,
            comment: None,
        }
    }

    #[test]
    fn columns_keep_row_order_per_relation() -> Result<(), InspectError> {
        let rows = Rows {
            relations: vec![relation("public", "t", "r"), relation("public", "v", "v")],
            columns: vec![
                column("t", "c"),
                column("v", "x"),
                column("t", "a"),
                column("t", "b"),
            ],
            ..Rows::default()
        };
        let schema = assemble(rows)?;
        let table = &schema.tables[&QualifiedName::new("public", "t")];
        let names: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["c", "a", "b"]);
        let view = &schema.views[&QualifiedName::new("public", "v")];
        assert_eq!(view.columns, [("x".to_owned(), "integer".to_owned())]);
        Ok(())
    }

    #[test]
    fn a_column_of_an_unknown_relation_is_an_error() {
        let rows = Rows {
            columns: vec![column("missing", "a")],
            ..Rows::default()
        };
        assert!(matches!(
            assemble(rows),
            Err(InspectError::Orphan { kind: "column", .. })
        ));
    }

    #[test]
    fn an_unknown_identity_code_is_an_error() {
        let mut odd = column("t", "a");
        odd.identity = "z".into();
        let rows = Rows {
            relations: vec![relation("public", "t", "r")],
            columns: vec![odd],
            ..Rows::default()
        };
        assert!(matches!(
            assemble(rows),
            Err(InspectError::UnexpectedValue {
                field: "attidentity",
                ..
            })
        ));
    }

    #[test]
    fn function_set_options_are_sorted() -> Result<(), InspectError> {
        let rows = Rows {
            functions: vec![FunctionRow {
                schema: "public".into(),
                name: "f()".into(),
                kind: "f".into(),
                arguments: String::new(),
                result: Some("integer".into()),
                language: "sql".into(),
                volatility: "volatile".into(),
                strict: false,
                security_definer: false,
                leakproof: false,
                parallel: "unsafe".into(),
                cost: "100".into(),
                rows: None,
                config: vec!["work_mem=64MB".into(), "search_path=public".into()],
                body: "SELECT 1".into(),
                comment: None,
            }],
            ..Rows::default()
        };
        let schema = assemble(rows)?;
        let function = &schema.functions[&QualifiedName::new("public", "f()")];
        assert_eq!(function.config, ["search_path=public", "work_mem=64MB"]);
        Ok(())
    }
}

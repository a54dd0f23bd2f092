//! Catalog rows → [`Schema`]: pure, no database. Hangs columns,
//! constraints, indexes, triggers, policies, rules and privileges on their
//! object, and maps the catalog's one-letter codes to model values.

use super::error::InspectError;
use super::rows::{
    CollationRow, ColumnRow, ConstraintRow, DefaultPrivilegeRow, EventTriggerRow, ExtensionRow,
    FunctionRow, IndexRow, NamespaceRow, PolicyRow, PrivilegeRow, PublicationRow, RelationRow,
    RuleRow, SequenceRow, TextSearchConfigRow, TriggerRow, TypeRow,
};
use crate::model::{
    Collation, Column, Constraint, ConstraintKind, DefaultPrivilegesKey, Domain, DomainCheck,
    EventTrigger, Extension, Function, Identity, Index, Namespace, Policy, Privileges, Publication,
    QualifiedName, Range, RoutineKind, Rule, Schema, Sequence, Table, TableProperties,
    TextSearchConfig, Trigger, TypeDef, TypeKind, View,
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
    pub policies: Vec<PolicyRow>,
    pub rules: Vec<RuleRow>,
    pub sequences: Vec<SequenceRow>,
    pub types: Vec<TypeRow>,
    pub functions: Vec<FunctionRow>,
    pub extensions: Vec<ExtensionRow>,
    pub event_triggers: Vec<EventTriggerRow>,
    pub collations: Vec<CollationRow>,
    pub text_search_configs: Vec<TextSearchConfigRow>,
    pub publications: Vec<PublicationRow>,
    pub privileges: Vec<PrivilegeRow>,
    pub default_privileges: Vec<DefaultPrivilegeRow>,
}

/// Builds the model from the rows. Fails on a row that points at a
/// relation the relations query did not return, or on a catalog code this
/// version does not know, rather than dropping a fact silently.
pub(super) fn assemble(mut rows: Rows) -> Result<Schema, InspectError> {
    let mut schema = Schema::default();

    for row in rows.namespaces {
        schema.namespaces.insert(
            row.name,
            Namespace {
                owner: row.owner,
                privileges: Privileges::default(),
                comment: row.comment,
            },
        );
    }

    for row in rows.relations {
        let name = QualifiedName::new(row.schema, row.name);
        match row.kind.as_str() {
            "r" | "p" => {
                let partition_of = match (row.partition_of, row.partition_bound) {
                    (Some(parent), Some(bound)) => Some((parent, bound)),
                    _ => None,
                };
                schema.tables.insert(
                    name,
                    Table {
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
                        },
                        owner: row.owner,
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
                        rules: BTreeMap::new(),
                        options: row.options,
                        populated: row.populated,
                        column_comments: BTreeMap::new(),
                        column_privileges: BTreeMap::new(),
                        owner: row.owner,
                        privileges: Privileges::default(),
                        comment: row.comment,
                    },
                );
            }
            other => {
                return Err(unexpected("relations.sql", "relkind", other, &name));
            }
        }
    }

    // Live columns in attnum order per relation: pushing in that order
    // numbers them without the gaps of dropped ones.
    rows.columns.sort_by(|a, b| {
        (&a.schema, &a.relation, a.position).cmp(&(&b.schema, &b.relation, b.position))
    });
    for row in rows.columns {
        let relation = QualifiedName::new(row.schema, row.relation);
        if let Some(table) = schema.tables.get_mut(&relation) {
            let object = || format!("column {relation}.{}", row.name);
            let identity = match row.identity.as_str() {
                "" => None,
                "a" => Some(Identity::Always),
                "d" => Some(Identity::ByDefault),
                other => {
                    return Err(unexpected("columns.sql", "attidentity", other, &object()));
                }
            };
            let generated_virtual = match row.generated_kind.as_str() {
                "" | "s" => false,
                "v" => true,
                other => {
                    return Err(unexpected("columns.sql", "attgenerated", other, &object()));
                }
            };
            let storage = match row.storage.as_deref() {
                None => None,
                Some("p") => Some("plain".to_owned()),
                Some("e") => Some("external".to_owned()),
                Some("m") => Some("main".to_owned()),
                Some("x") => Some("extended".to_owned()),
                Some(other) => {
                    return Err(unexpected("columns.sql", "attstorage", other, &object()));
                }
            };
            let compression = match row.compression.as_str() {
                "" => None,
                "p" => Some("pglz".to_owned()),
                "l" => Some("lz4".to_owned()),
                other => {
                    return Err(unexpected(
                        "columns.sql",
                        "attcompression",
                        other,
                        &object(),
                    ));
                }
            };
            table.columns.push(Column {
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
            });
        } else if let Some(view) = schema.views.get_mut(&relation) {
            if let Some(comment) = row.comment {
                view.column_comments.insert(row.name.clone(), comment);
            }
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
            valid: row.valid,
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

    for row in rows.policies {
        let relation = QualifiedName::new(row.schema, row.relation);
        let Some(table) = schema.tables.get_mut(&relation) else {
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

    for row in rows.rules {
        let relation = QualifiedName::new(row.schema, row.relation);
        let rule = Rule {
            definition: row.definition,
            enabled: row.enabled,
            comment: row.comment,
        };
        if let Some(table) = schema.tables.get_mut(&relation) {
            table.rules.insert(row.name, rule);
        } else if let Some(view) = schema.views.get_mut(&relation) {
            view.rules.insert(row.name, rule);
        } else {
            return Err(orphan("rule", row.name, relation, "table or view"));
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
                unlogged: row.unlogged,
                owner: row.owner,
                privileges: Privileges::default(),
                comment: row.comment,
            },
        );
    }

    for row in rows.types {
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
            "d" => TypeKind::Domain(Domain {
                base_type: row.base_type.unwrap_or_default(),
                collation: row.collation,
                default: row.default_expr,
                not_null: row.not_null,
                checks: row
                    .checks
                    .into_iter()
                    .map(|c| {
                        (
                            c.name,
                            DomainCheck {
                                definition: c.definition,
                                comment: c.comment,
                            },
                        )
                    })
                    .collect(),
            }),
            "r" => TypeKind::Range(Range {
                subtype: row.subtype.unwrap_or_default(),
                subtype_opclass: row.subtype_opclass,
                collation: row.range_collation,
                canonical: row.canonical,
                subtype_diff: row.subtype_diff,
                multirange: row.multirange,
            }),
            other => return Err(unexpected("types.sql", "typtype", other, &name)),
        };
        schema.types.insert(
            name,
            TypeDef {
                kind,
                owner: row.owner,
                privileges: Privileges::default(),
                comment: row.comment,
            },
        );
    }

    for row in rows.functions {
        let name = QualifiedName::new(row.schema, row.name);
        let kind = match row.kind.as_str() {
            "f" => RoutineKind::Function,
            "p" => RoutineKind::Procedure,
            "a" => RoutineKind::Aggregate,
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
                aggregate: row.aggregate,
                owner: row.owner,
                privileges: Privileges::default(),
                comment: row.comment,
            },
        );
    }

    for row in rows.extensions {
        schema.extensions.insert(
            row.name,
            Extension {
                schema: row.schema,
                version: row.version,
                comment: row.comment,
            },
        );
    }

    for row in rows.event_triggers {
        schema.event_triggers.insert(
            row.name,
            EventTrigger {
                event: row.event,
                tags: row.tags,
                function: row.function,
                enabled: row.enabled,
                owner: row.owner,
                comment: row.comment,
            },
        );
    }

    for row in rows.collations {
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

    for row in rows.text_search_configs {
        let mappings = row
            .mappings
            .into_iter()
            .map(|m| match m.split_once(' ') {
                Some((alias, dicts)) => (alias.to_owned(), dicts.to_owned()),
                None => (m, String::new()),
            })
            .collect();
        schema.text_search_configs.insert(
            QualifiedName::new(row.schema, row.name),
            TextSearchConfig {
                parser: row.parser,
                mappings,
                owner: row.owner,
                comment: row.comment,
            },
        );
    }

    for row in rows.publications {
        schema.publications.insert(
            row.name,
            Publication {
                all_tables: row.all_tables,
                publish: row.publish,
                via_root: row.via_root,
                generated_columns: row.generated_columns,
                tables: row.tables,
                schemas: row.schemas,
                owner: row.owner,
                comment: row.comment,
            },
        );
    }

    for row in rows.privileges {
        attach_privilege(&mut schema, row)?;
    }

    for row in rows.default_privileges {
        let grant = grant_action(&row.action, "default_privileges.sql", &row.object_type)?;
        let key = DefaultPrivilegesKey {
            role: row.role,
            schema: row.schema,
            object_type: row.object_type,
        };
        schema
            .default_privileges
            .entry(key)
            .or_default()
            .add(grant, row.grantee, row.privilege);
    }

    Ok(schema)
}

fn grant_action(action: &str, query: &'static str, object: &str) -> Result<bool, InspectError> {
    match action {
        "grant" => Ok(true),
        "revoke" => Ok(false),
        other => Err(unexpected(query, "action", other, &object)),
    }
}

/// Hangs one privilege row on its object. Rows for objects the model
/// leaves out (bookkeeping tables and their sequences, implicit types) are
/// dropped with them.
fn attach_privilege(schema: &mut Schema, row: PrivilegeRow) -> Result<(), InspectError> {
    let grant = grant_action(&row.action, "privileges.sql", &row.name)?;
    let name = QualifiedName::new(row.schema, row.name);
    let target: Option<&mut Privileges> = match (row.kind.as_str(), row.column_name) {
        ("schema", _) => schema
            .namespaces
            .get_mut(&name.name)
            .map(|n| &mut n.privileges),
        ("relation", _) => {
            if let Some(t) = schema.tables.get_mut(&name) {
                Some(&mut t.privileges)
            } else if let Some(v) = schema.views.get_mut(&name) {
                Some(&mut v.privileges)
            } else {
                schema.sequences.get_mut(&name).map(|s| &mut s.privileges)
            }
        }
        ("column", Some(column)) => {
            if let Some(t) = schema.tables.get_mut(&name) {
                t.columns
                    .iter_mut()
                    .find(|c| c.name == column)
                    .map(|c| &mut c.privileges)
            } else if let Some(v) = schema.views.get_mut(&name) {
                Some(v.column_privileges.entry(column).or_default())
            } else {
                None
            }
        }
        ("function", _) => schema.functions.get_mut(&name).map(|f| &mut f.privileges),
        ("type", _) => schema.types.get_mut(&name).map(|t| &mut t.privileges),
        (other, _) => return Err(unexpected("privileges.sql", "kind", other, &name)),
    };
    if let Some(privileges) = target {
        privileges.add(grant, row.grantee, row.privilege);
    }
    Ok(())
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
            populated: true,
            ..RelationRow::default()
        }
    }

    fn column(relation: &str, name: &str) -> ColumnRow {
        ColumnRow {
            schema: "public".into(),
            relation: relation.into(),
            name: name.into(),
            data_type: "integer".into(),
            ..ColumnRow::default()
        }
    }

    #[test]
    fn columns_keep_row_order_per_relation() -> Result<(), InspectError> {
        let rows = Rows {
            relations: vec![relation("public", "t", "r"), relation("public", "v", "v")],
            columns: vec![
                ColumnRow {
                    position: 3,
                    ..column("t", "c")
                },
                column("v", "x"),
                ColumnRow {
                    position: 5,
                    ..column("t", "a")
                },
                ColumnRow {
                    position: 8,
                    ..column("t", "b")
                },
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
    fn columns_follow_attnum_not_row_order() -> Result<(), InspectError> {
        let rows = Rows {
            relations: vec![relation("public", "t", "r")],
            columns: vec![
                ColumnRow {
                    position: 4,
                    ..column("t", "late")
                },
                ColumnRow {
                    position: 1,
                    ..column("t", "early")
                },
            ],
            ..Rows::default()
        };
        let schema = assemble(rows)?;
        let table = &schema.tables[&QualifiedName::new("public", "t")];
        let names: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["early", "late"]);
        Ok(())
    }

    #[test]
    fn a_privilege_row_lands_on_its_object() -> Result<(), InspectError> {
        let row = |kind: &str, column: Option<&str>, action: &str| PrivilegeRow {
            kind: kind.into(),
            schema: "public".into(),
            name: "t".into(),
            column_name: column.map(Into::into),
            action: action.into(),
            grantee: "app".into(),
            privilege: "SELECT".into(),
        };
        let rows = Rows {
            relations: vec![relation("public", "t", "r")],
            columns: vec![column("t", "a")],
            privileges: vec![
                row("relation", None, "grant"),
                row("column", Some("a"), "grant"),
                row("relation", None, "revoke"),
            ],
            ..Rows::default()
        };
        let schema = assemble(rows)?;
        let table = &schema.tables[&QualifiedName::new("public", "t")];
        assert_eq!(table.privileges.granted["app"].len(), 1);
        assert_eq!(table.privileges.revoked["app"].len(), 1);
        assert_eq!(table.columns[0].privileges.granted["app"].len(), 1);
        Ok(())
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
                owner: None,
                aggregate: None,
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

//! User-defined types: enums, composite types, domains, ranges.

use super::Phase;
use super::UnrestorableReason;
use super::kinds::EntryFix;
use super::plan::{Plan, Target};
use super::shared::annotate;
use super::sql::literal;
use crate::diff::{Change, ChangeKind};
use crate::model::object::{ModelObject, PartKind};
use crate::model::{Schema, TypeDef, TypeKind};

pub(super) struct TypeFix;

/// True when a column, attribute, domain or range of `schema` uses the
/// type `name` (`public.mood`), so that it cannot simply be dropped.
fn in_use(schema: &Schema, name: &str) -> bool {
    held(schema, name)
        || schema.functions.values().any(|f| {
            f.arguments.contains(name) || f.result.as_deref().is_some_and(|r| r.contains(name))
        })
}

/// True when a column, attribute, domain or range of `schema` uses the
/// type `name`: data that dropping the type would lose.
fn held(schema: &Schema, name: &str) -> bool {
    let uses = |t: &str| t == name || t.strip_suffix("[]") == Some(name);
    schema
        .tables
        .values()
        .any(|t| t.columns.iter().any(|c| uses(&c.data_type)))
        || schema.types.values().any(|t| match &t.kind {
            TypeKind::Composite { attributes, .. } => attributes.iter().any(|(_, x)| uses(x)),
            TypeKind::Domain(d) => uses(&d.base_type),
            TypeKind::Range(r) => uses(&r.subtype),
            TypeKind::Enum { .. } | TypeKind::Base { .. } | TypeKind::Shell => false,
        })
}

impl EntryFix for TypeFix {
    fn word(&self, object: ModelObject) -> &'static str {
        match object {
            ModelObject::Type(TypeDef {
                kind: TypeKind::Domain(_),
                ..
            }) => "DOMAIN",
            _ => "TYPE",
        }
    }

    fn as_dyn(&self) -> &dyn EntryFix {
        self
    }

    fn create(&self, target: &Target, object: ModelObject, plan: &mut Plan) {
        let ModelObject::Type(t) = object else {
            return;
        };
        let name = target.name();
        let sql = match &t.kind {
            TypeKind::Enum { labels } => {
                let labels: Vec<String> = labels.iter().map(|l| literal(l)).collect();
                format!("CREATE TYPE {name} AS ENUM ({});", labels.join(", "))
            }
            TypeKind::Composite { attributes, .. } => {
                let attributes: Vec<String> = attributes
                    .iter()
                    .map(|(a, ty)| format!("{a} {ty}"))
                    .collect();
                format!("CREATE TYPE {name} AS ({});", attributes.join(", "))
            }
            TypeKind::Domain(d) => {
                let mut sql = format!("CREATE DOMAIN {name} AS {}", d.base_type);
                if let Some(c) = &d.collation {
                    sql.push_str(&format!(" COLLATE {c}"));
                }
                if let Some(x) = &d.default {
                    sql.push_str(&format!(" DEFAULT {x}"));
                }
                if d.not_null {
                    sql.push_str(" NOT NULL");
                }
                for (c, check) in &d.checks {
                    sql.push_str(&format!(" CONSTRAINT {c} {}", check.definition));
                }
                sql.push(';');
                sql
            }
            TypeKind::Range(r) => {
                let mut options = vec![format!("SUBTYPE = {}", r.subtype)];
                for (key, value) in [
                    ("SUBTYPE_OPCLASS", &r.subtype_opclass),
                    ("COLLATION", &r.collation),
                    ("CANONICAL", &r.canonical),
                    ("SUBTYPE_DIFF", &r.subtype_diff),
                    ("MULTIRANGE_TYPE_NAME", &r.multirange),
                ] {
                    if let Some(v) = value {
                        options.push(format!("{key} = {v}"));
                    }
                }
                format!("CREATE TYPE {name} AS RANGE ({});", options.join(", "))
            }
            TypeKind::Base { definition } => {
                super::base_type::create_with_functions(target, definition, plan);
                annotate(target, self, object, plan);
                return;
            }
            TypeKind::Shell => format!("CREATE TYPE {name};"),
        };
        plan.push(Phase::CreateBase, &target.path, sql);
        if let TypeKind::Composite { comments, .. } = &t.kind {
            for (a, c) in comments {
                let sql = format!("COMMENT ON COLUMN {name}.{a} IS {};", literal(c));
                plan.push(Phase::Annotate, &target.path, sql);
            }
        }
        if let TypeKind::Domain(d) = &t.kind {
            for (c, check) in d.checks.iter().filter(|(_, x)| x.comment.is_some()) {
                let sql = format!(
                    "COMMENT ON CONSTRAINT {c} ON DOMAIN {name} IS {};",
                    super::sql::literal_or_null(check.comment.as_ref())
                );
                plan.push(Phase::Annotate, &target.path, sql);
            }
        }
        annotate(target, self, object, plan);
    }

    /// A base type with `CASCADE`: its I/O functions depend on it and it
    /// on them, so neither drops alone.
    fn drop(&self, target: &Target, object: ModelObject, plan: &mut Plan) {
        let cascade = match object {
            ModelObject::Type(TypeDef {
                kind: TypeKind::Base { .. },
                ..
            }) => " CASCADE",
            _ => "",
        };
        let sql = format!("DROP {} {}{cascade};", self.word(object), target.name());
        plan.push(Phase::DropBase, &target.path, sql);
    }

    fn alter(
        &self,
        target: &Target,
        change: &Change,
        expected: ModelObject,
        actual: ModelObject,
        plan: &mut Plan,
    ) {
        let (ModelObject::Type(e), ModelObject::Type(a)) = (expected, actual) else {
            return plan.no_rule(change);
        };
        let name = target.name();
        let path = &change.object.path;
        let alter = |what: String| format!("ALTER {} {name} {what};", self.word(expected));
        // What no ALTER restores: recreate the type when nothing uses it.
        let rebuild = |plan: &mut Plan, reason: UnrestorableReason| {
            if in_use(target.actual, &target.key.display_name()) {
                plan.unrestorable(path, reason);
            } else {
                plan.recreate(target, self, expected, actual);
            }
        };
        let part = change.object.part_key().map(|p| (p.kind, p.name.as_str()));
        match (&e.kind, &a.kind, part) {
            (TypeKind::Enum { labels: el }, TypeKind::Enum { labels: al }, None) => {
                let extra: Vec<String> = al.iter().filter(|l| !el.contains(l)).cloned().collect();
                let kept: Vec<&String> = el.iter().filter(|l| al.contains(l)).collect();
                let same_order = kept
                    .iter()
                    .copied()
                    .eq(al.iter().filter(|l| el.contains(l)));
                if !extra.is_empty() {
                    return rebuild(plan, UnrestorableReason::EnumLabel { labels: extra });
                }
                if !same_order {
                    let reason = UnrestorableReason::EnumOrder {
                        expected: el.clone(),
                        actual: al.clone(),
                    };
                    return rebuild(plan, reason);
                }
                // Labels the downgrade removed: add them back in place.
                for (i, label) in el.iter().enumerate() {
                    if al.contains(label) {
                        continue;
                    }
                    let place = match el[i + 1..].iter().find(|l| al.contains(l)) {
                        Some(next) => format!(" BEFORE {}", literal(next)),
                        None => String::new(),
                    };
                    let sql = alter(format!("ADD VALUE {}{place}", literal(label)));
                    plan.push(Phase::CreateBase, path, sql);
                }
            }
            (
                TypeKind::Composite { attributes: ea, .. },
                TypeKind::Composite { attributes: aa, .. },
                _,
            ) => {
                let Some((PartKind::Attribute, attr)) = part else {
                    if let ChangeKind::Reordered { expected, actual } = &change.kind {
                        let reason = UnrestorableReason::AttributeOrder {
                            expected: expected.clone(),
                            actual: actual.clone(),
                        };
                        return rebuild(plan, reason);
                    }
                    return plan.recreate(target, self, expected, actual);
                };
                let find = |v: &[(String, String)]| v.iter().position(|(n, _)| n == attr);
                match (find(ea), find(aa)) {
                    (None, Some(_)) => plan.push(
                        Phase::DropPart,
                        path,
                        alter(format!("DROP ATTRIBUTE {attr}")),
                    ),
                    (Some(i), None) => {
                        let later = ea[i + 1..]
                            .iter()
                            .any(|(n, _)| aa.iter().any(|(m, _)| m == n));
                        if later {
                            let names =
                                |v: &[(String, String)]| v.iter().map(|(n, _)| n.clone()).collect();
                            let reason = UnrestorableReason::AttributeOrder {
                                expected: names(ea),
                                actual: names(aa),
                            };
                            return rebuild(plan, reason);
                        }
                        let sql = alter(format!("ADD ATTRIBUTE {attr} {}", ea[i].1));
                        plan.push(Phase::CreateBase, path, sql);
                    }
                    (Some(i), Some(_)) => {
                        let sql = alter(format!("ALTER ATTRIBUTE {attr} TYPE {}", ea[i].1));
                        plan.push(Phase::CreateBase, path, sql);
                    }
                    (None, None) => plan.no_rule(change),
                }
            }
            (TypeKind::Domain(ed), TypeKind::Domain(_), Some((kind, part_name))) => match kind {
                PartKind::NotNull => {
                    let to = if ed.not_null { "SET" } else { "DROP" };
                    plan.push(Phase::CreateBase, path, alter(format!("{to} NOT NULL")));
                }
                PartKind::Default => {
                    let sql = match &ed.default {
                        Some(d) => alter(format!("SET DEFAULT {d}")),
                        None => alter("DROP DEFAULT".into()),
                    };
                    plan.push(Phase::CreateBase, path, sql);
                }
                PartKind::Constraint => {
                    if let TypeKind::Domain(ad) = &a.kind
                        && ad.checks.contains_key(part_name)
                    {
                        let sql = alter(format!("DROP CONSTRAINT {part_name}"));
                        plan.push(Phase::DropPart, path, sql);
                    }
                    if let Some(c) = ed.checks.get(part_name) {
                        let sql = alter(format!("ADD CONSTRAINT {part_name} {}", c.definition));
                        plan.push(Phase::CreateKey, path, sql);
                    }
                }
                _ => rebuild(
                    plan,
                    UnrestorableReason::NoRule {
                        kind: kind.word().to_string(),
                        change: "altered".into(),
                    },
                ),
            },
            // A base type's own I/O functions use it: they are dropped
            // with it and created again.
            (TypeKind::Base { .. }, _, _) | (_, TypeKind::Base { .. }, _)
                if !held(target.actual, &target.key.display_name()) =>
            {
                plan.recreate(target, self, expected, actual)
            }
            _ => rebuild(
                plan,
                UnrestorableReason::NoRule {
                    kind: "type".into(),
                    change: "altered".into(),
                },
            ),
        }
    }
}

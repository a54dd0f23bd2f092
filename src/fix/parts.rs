//! What hangs on a table or view: constraints, indexes, triggers,
//! policies and rules.

use super::Phase;
use super::alembic::{bare, py};
use super::plan::{Plan, Target};
use super::sql::literal_or_null;
use crate::diff::Change;
use crate::model::object::{ModelObject, PartKind};
use crate::model::{Constraint, ConstraintKind, Index, Policy, Rule, Trigger};
use std::collections::BTreeMap;

/// Creates every constraint, index, trigger and rule of an entry created
/// as a whole.
pub(super) fn create_all(
    target: &Target,
    constraints: &BTreeMap<String, Constraint>,
    indexes: &BTreeMap<String, Index>,
    triggers: &BTreeMap<String, Trigger>,
    rules: &BTreeMap<String, Rule>,
    plan: &mut Plan,
) {
    for (n, c) in constraints {
        create_constraint(target, n, c, plan);
    }
    for (n, i) in indexes {
        create_index(target, n, i, plan);
    }
    for (n, t) in triggers {
        create_trigger(target, n, t, plan);
    }
    for (n, r) in rules {
        create_rule(target, n, r, plan);
    }
}

/// A named part added, removed or altered: drop what the downgrade left,
/// create what it lost (an altered part is both).
pub(super) fn alter(target: &Target, change: &Change, plan: &mut Plan) {
    let key = change.object.key();
    let (Some(part), expected, actual) = (
        change.object.part_key(),
        target.expected.object(key),
        target.actual.object(key),
    ) else {
        return plan.no_rule(change);
    };
    let name = &part.name;
    match (part.kind, actual) {
        (_, None) => {}
        (PartKind::Constraint, Some(ModelObject::Constraint(c))) => {
            drop_constraint(target, name, c, plan)
        }
        (PartKind::Index, Some(ModelObject::Index(_))) => drop_index(target, name, plan),
        (PartKind::Trigger, Some(ModelObject::Trigger(_))) => {
            let sql = format!("DROP TRIGGER {name} ON {};", target.name());
            plan.push(Phase::DropDependent, &change.object.path, sql);
        }
        (PartKind::Policy, Some(ModelObject::Policy(_))) => {
            let sql = format!("DROP POLICY {name} ON {};", target.name());
            plan.push(Phase::DropDependent, &change.object.path, sql);
        }
        (PartKind::Rule, Some(ModelObject::Rule(_))) => {
            let sql = format!("DROP RULE {name} ON {};", target.name());
            plan.push(Phase::DropDependent, &change.object.path, sql);
        }
        _ => return plan.no_rule(change),
    }
    match expected {
        None => {}
        Some(ModelObject::Constraint(c)) => create_constraint(target, name, c, plan),
        Some(ModelObject::Index(i)) => create_index(target, name, i, plan),
        Some(ModelObject::Trigger(t)) => create_trigger(target, name, t, plan),
        Some(ModelObject::Policy(p)) => create_policy(target, name, p, plan),
        Some(ModelObject::Rule(r)) => create_rule(target, name, r, plan),
        Some(_) => plan.no_rule(change),
    }
}

fn drop_constraint(target: &Target, name: &str, c: &Constraint, plan: &mut Plan) {
    // A foreign key goes before the key it references.
    let phase = if c.kind == ConstraintKind::ForeignKey {
        Phase::DropDependent
    } else {
        Phase::DropPart
    };
    let path = format!("constraint {}.{name}", target.key.display_name());
    plan.push_op(
        phase,
        &path,
        format!("ALTER TABLE {} DROP CONSTRAINT {name};", target.name()),
        format!(
            "op.drop_constraint({}, {}, schema={})",
            py(&bare(name)),
            py(&bare(&target.key.name)),
            py(&bare(&target.key.schema))
        ),
    );
}

fn create_constraint(target: &Target, name: &str, c: &Constraint, plan: &mut Plan) {
    let phase = if c.kind == ConstraintKind::ForeignKey {
        Phase::CreateForeignKey
    } else {
        Phase::CreateKey
    };
    let path = format!("constraint {}.{name}", target.key.display_name());
    let sql = format!(
        "ALTER TABLE {} ADD CONSTRAINT {name} {};",
        target.name(),
        c.definition
    );
    plan.push(phase, &path, sql);
    if c.comment.is_some() {
        let sql = format!(
            "COMMENT ON CONSTRAINT {name} ON {} IS {};",
            target.name(),
            literal_or_null(c.comment.as_ref())
        );
        plan.push(Phase::Annotate, &path, sql);
    }
}

fn drop_index(target: &Target, name: &str, plan: &mut Plan) {
    let path = format!("index {}.{name}", target.key.schema);
    plan.push_op(
        Phase::DropPart,
        &path,
        format!("DROP INDEX {}.{name};", target.key.schema),
        format!(
            "op.drop_index({}, table_name={}, schema={})",
            py(&bare(name)),
            py(&bare(&target.key.name)),
            py(&bare(&target.key.schema))
        ),
    );
}

fn create_index(target: &Target, name: &str, i: &Index, plan: &mut Plan) {
    let path = format!("index {}.{name}", target.key.schema);
    plan.push(Phase::CreateKey, &path, format!("{};", i.definition));
    if i.comment.is_some() {
        let sql = format!(
            "COMMENT ON INDEX {}.{name} IS {};",
            target.key.schema,
            literal_or_null(i.comment.as_ref())
        );
        plan.push(Phase::Annotate, &path, sql);
    }
}

/// `ENABLE`, `DISABLE`, `ENABLE REPLICA`, `ENABLE ALWAYS` for a firing
/// state other than the default.
fn firing(enabled: &str) -> Option<&'static str> {
    match enabled {
        "disabled" => Some("DISABLE"),
        "replica" => Some("ENABLE REPLICA"),
        "always" => Some("ENABLE ALWAYS"),
        _ => None,
    }
}

fn create_trigger(target: &Target, name: &str, t: &Trigger, plan: &mut Plan) {
    let path = format!("trigger {}.{name}", target.key.display_name());
    plan.push(Phase::CreateDependent, &path, format!("{};", t.definition));
    if let Some(state) = firing(&t.enabled) {
        let sql = format!("ALTER TABLE {} {state} TRIGGER {name};", target.name());
        plan.push(Phase::CreateDependent, &path, sql);
    }
    if t.comment.is_some() {
        let sql = format!(
            "COMMENT ON TRIGGER {name} ON {} IS {};",
            target.name(),
            literal_or_null(t.comment.as_ref())
        );
        plan.push(Phase::Annotate, &path, sql);
    }
}

fn create_rule(target: &Target, name: &str, r: &Rule, plan: &mut Plan) {
    let path = format!("rule {}.{name}", target.key.display_name());
    let definition = r.definition.trim_end().trim_end_matches(';');
    plan.push(Phase::CreateDependent, &path, format!("{definition};"));
    if let Some(state) = firing(&r.enabled) {
        let sql = format!("ALTER TABLE {} {state} RULE {name};", target.name());
        plan.push(Phase::CreateDependent, &path, sql);
    }
    if r.comment.is_some() {
        let sql = format!(
            "COMMENT ON RULE {name} ON {} IS {};",
            target.name(),
            literal_or_null(r.comment.as_ref())
        );
        plan.push(Phase::Annotate, &path, sql);
    }
}

pub(super) fn create_policy(target: &Target, name: &str, p: &Policy, plan: &mut Plan) {
    let path = format!("policy {}.{name}", target.key.display_name());
    let mut sql = format!(
        "CREATE POLICY {name} ON {} AS {} FOR {} TO {}",
        target.name(),
        if p.permissive {
            "PERMISSIVE"
        } else {
            "RESTRICTIVE"
        },
        p.command.to_uppercase(),
        p.roles.join(", ")
    );
    if let Some(u) = &p.using {
        sql.push_str(&format!(" USING ({u})"));
    }
    if let Some(c) = &p.check {
        sql.push_str(&format!(" WITH CHECK ({c})"));
    }
    sql.push(';');
    plan.push(Phase::CreateDependent, &path, sql);
    if p.comment.is_some() {
        let sql = format!(
            "COMMENT ON POLICY {name} ON {} IS {};",
            target.name(),
            literal_or_null(p.comment.as_ref())
        );
        plan.push(Phase::Annotate, &path, sql);
    }
}

//! Operators, operator families and classes, casts, transforms,
//! conversions (text search objects are in `text_search`).
//!
//! Operators are created after the functions they call (`CreateBase`, in
//! the order of the document, which puts functions first) and dropped in
//! `DropTable`, before those functions; operator families and classes are
//! dropped in `DropPart`, after the indexes of the tables in their schema
//! and before the operators they hold. Casts and transforms
//! use types and functions: created in `CreateDependent`, dropped in
//! `DropDependent`.

use super::Phase;
use super::kinds::EntryFix;
use super::plan::{Plan, Target};
use super::shared::annotate;
use super::sql::literal;
use crate::diff::Change;
use crate::model::Members;
use crate::model::object::{ModelObject, PartKind};

/// The name of a `regprocedure`/`regoperator` text without its argument
/// list: `public.f(integer)` → `public.f`.
fn bare(f: &str) -> &str {
    f.split('(').next().unwrap_or(f)
}

/// An operator as `COMMUTATOR =` and `NEGATOR =` take it:
/// `OPERATOR(public.===)` or `===`.
fn operator_ref(regoperator: &str) -> String {
    let name = bare(regoperator);
    if name.contains('.') {
        format!("OPERATOR({name})")
    } else {
        name.to_string()
    }
}

/// `name(left, right)` → (`name`, `left`, `right`), `NONE` for a prefix
/// operator's left side.
fn operator_parts(name: &str) -> Option<(&str, &str, &str)> {
    let (op, args) = name.split_once('(')?;
    let (left, right) = args.strip_suffix(')')?.split_once(", ")?;
    Some((op, left, right))
}

/// `public.mood_ops using btree` → (`public.mood_ops`, `btree`).
fn using(name: &str) -> (&str, &str) {
    name.rsplit_once(" using ").unwrap_or((name, ""))
}

/// A member as `ADD` writes it: `OPERATOR 1 public.<(a,b)`,
/// `FUNCTION 1 (a, b) public.f(a,b)`.
fn member_add(key: &str, value: &str) -> String {
    match key.split_once(' ') {
        Some(("function", rest)) => format!("FUNCTION {rest} {value}"),
        Some((_, rest)) => {
            let strategy = rest.split(' ').next().unwrap_or(rest);
            format!("OPERATOR {strategy} {value}")
        }
        None => key.to_string(),
    }
}

/// A member as `DROP` writes it: `OPERATOR 1 (a, b)`, `FUNCTION 1 (a, b)`.
fn member_drop(key: &str) -> String {
    match key.split_once(' ') {
        Some(("function", rest)) => format!("FUNCTION {rest}"),
        Some((_, rest)) => format!("OPERATOR {rest}"),
        None => key.to_string(),
    }
}

/// The `Members` key of a member part: `function` + ` ` + its name.
fn member_key(kind: PartKind, name: &str) -> String {
    let word = if kind == PartKind::MemberFunction {
        "function"
    } else {
        "operator"
    };
    format!("{word} {name}")
}

pub(super) struct OperatorFix;

impl EntryFix for OperatorFix {
    fn word(&self, _: ModelObject) -> &'static str {
        "OPERATOR"
    }
    fn as_dyn(&self) -> &dyn EntryFix {
        self
    }
    fn create(&self, target: &Target, object: ModelObject, plan: &mut Plan) {
        let ModelObject::Operator(o) = object else {
            return;
        };
        let key = &target.key.name;
        let (Some(function), Some((op, left, right))) = (&o.function, operator_parts(key)) else {
            // A shell operator: made by the operator that names it as
            // its commutator or negator, never by itself.
            let named = target.expected.operators.values().any(|x| {
                let names = |r: &Option<String>| {
                    r.as_deref()
                        .is_some_and(|r| bare(r).rsplit('.').next() == Some(bare(key)))
                };
                names(&x.commutator) || names(&x.negator)
            });
            if !named {
                let reason = super::UnrestorableReason::NoRule {
                    kind: "shell operator".into(),
                    change: "removed".into(),
                };
                plan.unrestorable(&target.path, reason);
            }
            return;
        };
        let mut options = vec![format!("FUNCTION = {}", bare(function))];
        if left != "NONE" {
            options.push(format!("LEFTARG = {left}"));
        }
        options.push(format!("RIGHTARG = {right}"));
        for (word, value) in [("COMMUTATOR", &o.commutator), ("NEGATOR", &o.negator)] {
            if let Some(v) = value {
                options.push(format!("{word} = {}", operator_ref(v)));
            }
        }
        for (word, value) in [("RESTRICT", &o.restrict), ("JOIN", &o.join)] {
            if let Some(v) = value {
                options.push(format!("{word} = {}", bare(v)));
            }
        }
        if o.hashes {
            options.push("HASHES".into());
        }
        if o.merges {
            options.push("MERGES".into());
        }
        let sql = format!(
            "CREATE OPERATOR {}.{op} ({});",
            target.key.schema,
            options.join(", ")
        );
        plan.push(Phase::CreateBase, &target.path, sql);
        annotate(target, self, object, plan);
    }
    // After the classes and families that hold it, before its function.
    fn drop(&self, target: &Target, _: ModelObject, plan: &mut Plan) {
        let sql = format!("DROP OPERATOR {};", target.name());
        plan.push(Phase::DropTable, &target.path, sql);
    }
    fn alter(
        &self,
        target: &Target,
        change: &Change,
        expected: ModelObject,
        actual: ModelObject,
        plan: &mut Plan,
    ) {
        let ModelObject::Operator(e) = expected else {
            return plan.no_rule(change);
        };
        let part = change.object.part_key().map(|p| p.kind);
        let (word, value) = match part {
            Some(PartKind::Restrict) => ("RESTRICT", &e.restrict),
            Some(PartKind::Join) => ("JOIN", &e.join),
            _ => return plan.recreate(target, self, expected, actual),
        };
        let value = value.as_deref().map_or("NONE", bare);
        let sql = format!("ALTER OPERATOR {} SET ({word} = {value});", target.name());
        plan.push(Phase::CreateBase, &change.object.path, sql);
    }
}

/// `ALTER OPERATOR FAMILY … ADD`/`DROP` restoring one member, or all of
/// `expected`'s when `key` is `None`.
fn restore_members(
    target: &Target,
    family: &str,
    expected: &Members,
    actual: &Members,
    key: Option<&str>,
    plan: &mut Plan,
) {
    let alter = format!("ALTER OPERATOR FAMILY {family}");
    let keys: Vec<&String> = expected
        .keys()
        .chain(actual.keys())
        .filter(|k| key.is_none_or(|x| x == k.as_str()))
        .collect();
    for k in keys {
        match (expected.get(k), actual.get(k)) {
            (e, Some(a)) if e != Some(a) => {
                let sql = format!("{alter} DROP {};", member_drop(k));
                plan.push(Phase::DropDependent, &target.path, sql);
            }
            _ => {}
        }
        match (expected.get(k), actual.get(k)) {
            (Some(e), a) if a != Some(e) => {
                let sql = format!("{alter} ADD {};", member_add(k, e));
                plan.push(Phase::CreateDependent, &target.path, sql);
            }
            _ => {}
        }
    }
}

pub(super) struct OperatorFamilyFix;

impl EntryFix for OperatorFamilyFix {
    fn word(&self, _: ModelObject) -> &'static str {
        "OPERATOR FAMILY"
    }
    fn as_dyn(&self) -> &dyn EntryFix {
        self
    }
    fn create(&self, target: &Target, object: ModelObject, plan: &mut Plan) {
        let ModelObject::OperatorFamily(f) = object else {
            return;
        };
        let name = target.name();
        // A family of pg_catalog exists already: only its members are the
        // migration's.
        if target.key.schema != "pg_catalog" {
            let sql = format!("CREATE OPERATOR FAMILY {name};");
            plan.push(Phase::CreateBase, &target.path, sql);
        }
        restore_members(target, &name, &f.members, &Members::new(), None, plan);
        annotate(target, self, object, plan);
    }
    fn drop(&self, target: &Target, object: ModelObject, plan: &mut Plan) {
        let name = target.name();
        if target.key.schema == "pg_catalog" {
            if let ModelObject::OperatorFamily(f) = object {
                restore_members(target, &name, &Members::new(), &f.members, None, plan);
            }
            return;
        }
        // Before its operators; its classes go with it.
        plan.push(
            Phase::DropPart,
            &target.path,
            format!("DROP OPERATOR FAMILY {name};"),
        );
    }
    fn alter(
        &self,
        target: &Target,
        change: &Change,
        expected: ModelObject,
        actual: ModelObject,
        plan: &mut Plan,
    ) {
        let (ModelObject::OperatorFamily(e), ModelObject::OperatorFamily(a), Some(part)) =
            (expected, actual, change.object.part_key())
        else {
            return plan.no_rule(change);
        };
        match part.kind {
            PartKind::MemberOperator | PartKind::MemberFunction => {
                let key = member_key(part.kind, &part.name);
                restore_members(
                    target,
                    &target.name(),
                    &e.members,
                    &a.members,
                    Some(&key),
                    plan,
                );
            }
            _ => plan.recreate(target, self, expected, actual),
        }
    }
}

pub(super) struct OperatorClassFix;

impl EntryFix for OperatorClassFix {
    fn word(&self, _: ModelObject) -> &'static str {
        "OPERATOR CLASS"
    }
    fn as_dyn(&self) -> &dyn EntryFix {
        self
    }
    fn create(&self, target: &Target, object: ModelObject, plan: &mut Plan) {
        let ModelObject::OperatorClass(c) = object else {
            return;
        };
        let display = target.name();
        let (name, method) = using(&display);
        let default = if c.default { " DEFAULT" } else { "" };
        let mut items: Vec<String> = c.members.iter().map(|(k, v)| member_add(k, v)).collect();
        if let Some(s) = &c.storage {
            items.push(format!("STORAGE {s}"));
        }
        let sql = format!(
            "CREATE OPERATOR CLASS {name}{default} FOR TYPE {} USING {method} FAMILY {} AS {};",
            c.for_type,
            c.family,
            items.join(", ")
        );
        plan.push(Phase::CreateBase, &target.path, sql);
        annotate(target, self, object, plan);
    }
    /// After the indexes that use it, before its operators; nothing when
    /// its family is dropped too (the family takes its classes with it).
    fn drop(&self, target: &Target, object: ModelObject, plan: &mut Plan) {
        if let ModelObject::OperatorClass(c) = object {
            let (_, method) = using(&target.key.name);
            let family = |s: &crate::model::Schema| {
                s.operator_families.keys().any(|k| {
                    format!("{}.{}", k.schema, k.name) == format!("{} using {method}", c.family)
                })
            };
            if family(target.actual) && !family(target.expected) {
                return;
            }
        }
        let sql = format!("DROP OPERATOR CLASS {};", target.name());
        plan.push(Phase::DropPart, &target.path, sql);
    }
}

pub(super) struct CastFix;

impl EntryFix for CastFix {
    fn word(&self, _: ModelObject) -> &'static str {
        "CAST"
    }
    fn as_dyn(&self) -> &dyn EntryFix {
        self
    }
    fn create(&self, target: &Target, object: ModelObject, plan: &mut Plan) {
        let ModelObject::Cast(c) = object else {
            return;
        };
        let method = match c.method.strip_prefix("function ") {
            Some(f) => format!("WITH FUNCTION {f}"),
            None => c.method.to_uppercase(),
        };
        let context = match c.context.as_str() {
            "implicit" => " AS IMPLICIT",
            "assignment" => " AS ASSIGNMENT",
            _ => "",
        };
        let sql = format!("CREATE CAST {} {method}{context};", target.name());
        plan.push(Phase::CreateDependent, &target.path, sql);
        annotate(target, self, object, plan);
    }
    fn drop(&self, target: &Target, _: ModelObject, plan: &mut Plan) {
        let sql = format!("DROP CAST {};", target.name());
        plan.push(Phase::DropDependent, &target.path, sql);
    }
}

pub(super) struct TransformFix;

impl EntryFix for TransformFix {
    fn word(&self, _: ModelObject) -> &'static str {
        "TRANSFORM"
    }
    fn as_dyn(&self) -> &dyn EntryFix {
        self
    }
    fn create(&self, target: &Target, object: ModelObject, plan: &mut Plan) {
        let ModelObject::Transform(t) = object else {
            return;
        };
        let mut functions = Vec::new();
        if let Some(f) = &t.from_sql {
            functions.push(format!("FROM SQL WITH FUNCTION {f}"));
        }
        if let Some(f) = &t.to_sql {
            functions.push(format!("TO SQL WITH FUNCTION {f}"));
        }
        let sql = format!(
            "CREATE TRANSFORM {} ({});",
            transform_name(&target.name()),
            functions.join(", ")
        );
        plan.push(Phase::CreateDependent, &target.path, sql);
        annotate(target, self, object, plan);
    }
    fn drop(&self, target: &Target, _: ModelObject, plan: &mut Plan) {
        let sql = format!("DROP TRANSFORM {};", transform_name(&target.name()));
        plan.push(Phase::DropDependent, &target.path, sql);
    }
}

/// `for t language l` → `FOR t LANGUAGE l`.
fn transform_name(name: &str) -> String {
    let rest = name.strip_prefix("for ").unwrap_or(name);
    match rest.rsplit_once(" language ") {
        Some((t, l)) => format!("FOR {t} LANGUAGE {l}"),
        None => name.to_string(),
    }
}

pub(super) struct ConversionFix;

impl EntryFix for ConversionFix {
    fn word(&self, _: ModelObject) -> &'static str {
        "CONVERSION"
    }
    fn as_dyn(&self) -> &dyn EntryFix {
        self
    }
    fn create(&self, target: &Target, object: ModelObject, plan: &mut Plan) {
        let ModelObject::Conversion(c) = object else {
            return;
        };
        let sql = format!(
            "CREATE {}CONVERSION {} FOR {} TO {} FROM {};",
            if c.default { "DEFAULT " } else { "" },
            target.name(),
            literal(&c.from_encoding),
            literal(&c.to_encoding),
            c.function
        );
        plan.push(Phase::CreateBase, &target.path, sql);
        annotate(target, self, object, plan);
    }
    fn drop(&self, target: &Target, _: ModelObject, plan: &mut Plan) {
        let sql = format!("DROP CONVERSION {};", target.name());
        plan.push(Phase::DropDependent, &target.path, sql);
    }
}

//! Functions, procedures and aggregates.

use super::Phase;
use super::kinds::EntryFix;
use super::plan::{Plan, Target};
use super::shared::annotate;
use super::sql::{dollar_quoted, literal};
use crate::diff::Change;
use crate::model::object::{EntryKind, ModelObject, PartKind};
use crate::model::{Function, RoutineKind};

pub(super) struct RoutineFix;

/// The keys of an aggregate's definition as the model spells it
/// (`sfunc int4pl stype integer initcond '0'`).
const AGGREGATE_KEYS: &[&str] = &[
    "ordered-set",
    "hypothetical-set",
    "direct_args",
    "sfunc",
    "stype",
    "sspace",
    "finalfunc",
    "finalfunc_extra",
    "finalfunc_modify",
    "combinefunc",
    "serialfunc",
    "deserialfunc",
    "initcond",
    "msfunc",
    "minvfunc",
    "mstype",
    "msspace",
    "mfinalfunc",
    "mfinalfunc_extra",
    "mfinalfunc_modify",
    "minitcond",
    "sortop",
];

/// The `CREATE AGGREGATE` options of the model's definition text.
fn aggregate_options(definition: &str) -> Vec<String> {
    let mut pairs: Vec<(String, Vec<&str>)> = Vec::new();
    for word in definition.split(' ') {
        match pairs.last_mut() {
            Some((_, value)) if !AGGREGATE_KEYS.contains(&word) => value.push(word),
            _ => pairs.push((word.to_string(), Vec::new())),
        }
    }
    pairs
        .into_iter()
        .filter_map(|(key, value)| {
            let value = value.join(" ");
            let modify = |v: &str| match v {
                "s" => "SHAREABLE",
                "w" => "READ_WRITE",
                _ => "READ_ONLY",
            };
            Some(match key.as_str() {
                "ordered-set" | "direct_args" => return None,
                "hypothetical-set" => "HYPOTHETICAL".to_string(),
                "finalfunc_extra" | "mfinalfunc_extra" => key.to_uppercase(),
                "finalfunc_modify" | "mfinalfunc_modify" => {
                    format!("{} = {}", key.to_uppercase(), modify(&value))
                }
                "sortop" => format!(
                    "SORTOP = OPERATOR({})",
                    value.split('(').next().unwrap_or("")
                ),
                _ => format!("{} = {value}", key.to_uppercase()),
            })
        })
        .collect()
}

/// `f` of `public.f(integer)`: the routine's own name.
fn bare_name(target: &Target) -> String {
    let name = &target.key.name;
    let own = name.split_once('(').map_or(name.as_str(), |(n, _)| n);
    format!("{}.{own}", target.key.schema)
}

/// `SET search_path = public, pg_temp`, `SET work_mem = '64MB'`.
fn setting(option: &str) -> String {
    let (key, value) = option.split_once('=').unwrap_or((option, ""));
    if key == "search_path" || key.ends_with("_path") {
        format!("SET {key} = {value}")
    } else {
        format!("SET {key} = {}", literal(value))
    }
}

fn body(f: &Function) -> String {
    let trimmed = f.body.trim_start();
    if trimmed.len() >= 12 && trimmed[..12].eq_ignore_ascii_case("BEGIN ATOMIC") {
        f.body.clone()
    } else {
        format!("AS {}", dollar_quoted(&f.body))
    }
}

/// `CREATE OR REPLACE FUNCTION …` (or `PROCEDURE`) as the model holds it.
fn create_routine(target: &Target, f: &Function) -> String {
    let mut sql = match f.kind {
        RoutineKind::Procedure => format!(
            "CREATE OR REPLACE PROCEDURE {}({}) LANGUAGE {}",
            bare_name(target),
            f.arguments,
            f.language
        ),
        _ => format!(
            "CREATE OR REPLACE FUNCTION {}({}) RETURNS {} LANGUAGE {} {}",
            bare_name(target),
            f.arguments,
            f.result.as_deref().unwrap_or("void"),
            f.language,
            f.volatility.to_uppercase()
        ),
    };
    if f.kind == RoutineKind::Window {
        sql.push_str(" WINDOW");
    }
    if matches!(f.kind, RoutineKind::Function | RoutineKind::Window) {
        if f.strict {
            sql.push_str(" STRICT");
        }
        if f.leakproof {
            sql.push_str(" LEAKPROOF");
        }
        sql.push_str(&format!(
            " PARALLEL {} COST {}",
            f.parallel.to_uppercase(),
            f.cost
        ));
        if let Some(rows) = &f.rows {
            sql.push_str(&format!(" ROWS {rows}"));
        }
    }
    if f.security_definer {
        sql.push_str(" SECURITY DEFINER");
    }
    for option in &f.config {
        sql.push(' ');
        sql.push_str(&setting(option));
    }
    format!("{sql} {};", body(f))
}

impl EntryFix for RoutineFix {
    fn word(&self, object: ModelObject) -> &'static str {
        match object {
            ModelObject::Function(f) if f.kind == RoutineKind::Procedure => "PROCEDURE",
            ModelObject::Function(f) if f.kind == RoutineKind::Aggregate => "AGGREGATE",
            _ => "FUNCTION",
        }
    }

    fn grant_word(&self, object: ModelObject) -> &'static str {
        match object {
            ModelObject::Function(f) if f.kind == RoutineKind::Procedure => "PROCEDURE",
            _ => "FUNCTION",
        }
    }

    fn as_dyn(&self) -> &dyn EntryFix {
        self
    }

    /// Nothing for a base type's I/O function when the type is dropped
    /// too: `DROP TYPE … CASCADE` takes it.
    fn drop(&self, target: &Target, object: ModelObject, plan: &mut Plan) {
        if super::base_type::goes_with_type(target) {
            return;
        }
        let sql = format!("DROP {} {};", self.word(object), target.name());
        plan.push(Phase::DropBase, &target.path, sql);
    }

    fn create(&self, target: &Target, object: ModelObject, plan: &mut Plan) {
        let ModelObject::Function(f) = object else {
            return;
        };
        let sql = match (&f.aggregate, target.key.kind) {
            (Some(definition), EntryKind::Aggregate) => format!(
                "CREATE AGGREGATE {}({}) ({});",
                bare_name(target),
                f.arguments,
                aggregate_options(definition).join(", ")
            ),
            _ => create_routine(target, f),
        };
        plan.push(Phase::CreateBase, &target.path, sql);
        annotate(target, self, object, plan);
    }

    fn alter(
        &self,
        target: &Target,
        change: &Change,
        expected: ModelObject,
        actual: ModelObject,
        plan: &mut Plan,
    ) {
        let (ModelObject::Function(f), ModelObject::Function(a)) = (expected, actual) else {
            return plan.no_rule(change);
        };
        // A routine's kind (window or not) changes only by a new routine.
        let in_place = f.kind != RoutineKind::Aggregate
            && f.kind == a.kind
            && matches!(
                change.object.part_key().map(|p| p.kind),
                Some(PartKind::RoutineAttributes | PartKind::Body | PartKind::Setting)
            );
        if in_place && !plan.is_recreated(target.key) {
            plan.push(
                Phase::CreateBase,
                &change.object.path,
                create_routine(target, f),
            );
        } else {
            plan.recreate(target, self, expected, actual);
        }
    }
}

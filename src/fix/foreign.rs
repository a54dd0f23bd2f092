//! Foreign data wrappers, foreign servers with their user mappings,
//! foreign tables and subscriptions (procedural languages and access
//! methods are in `language`).
//!
//! A secret option (a user mapping's password) or a connection string
//! with a redacted secret is never written: the model holds only a hash
//! of it, so a difference in it is [`UnrestorableReason::Secret`].

use super::Phase;
use super::UnrestorableReason;
use super::column;
use super::kinds::EntryFix;
use super::plan::{Plan, Target};
use super::shared::annotate;
use super::sql::literal;
use crate::diff::Change;
use crate::model::object::{ModelObject, PartKind};
use crate::model::{OptionValue, Options};

/// The function name of a `regprocedure` text (`f(integer)` → `f`), for
/// clauses that take a name only.
pub(super) fn bare_function(f: &str) -> &str {
    f.split('(').next().unwrap_or(f)
}

/// ` OPTIONS (host 'db', port '5432')`, or nothing; a secret option is
/// left out and named as unrestorable under `path`.
fn options_clause(options: &Options, path: &str, plan: &mut Plan) -> String {
    let mut out = Vec::new();
    for (name, value) in options {
        match value {
            OptionValue::Plain(v) => out.push(format!("{name} {}", literal(v))),
            OptionValue::Secret { .. } => secret(plan, path, name),
        }
    }
    if out.is_empty() {
        String::new()
    } else {
        format!(" OPTIONS ({})", out.join(", "))
    }
}

fn secret(plan: &mut Plan, path: &str, option: &str) {
    plan.unrestorable(
        path,
        UnrestorableReason::Secret {
            option: option.to_string(),
        },
    );
}

/// `ALTER <what> OPTIONS (ADD|SET|DROP name …)` restoring one option.
fn restore_option(
    what: &str,
    name: &str,
    expected: &Options,
    actual: &Options,
    path: &str,
    plan: &mut Plan,
) {
    let action = match (expected.get(name), actual.get(name)) {
        (Some(OptionValue::Secret { .. }), _) => return secret(plan, path, name),
        (Some(OptionValue::Plain(v)), Some(_)) => format!("SET {name} {}", literal(v)),
        (Some(OptionValue::Plain(v)), None) => format!("ADD {name} {}", literal(v)),
        (None, Some(_)) => format!("DROP {name}"),
        (None, None) => return,
    };
    let sql = format!("ALTER {what} OPTIONS ({action});");
    plan.push(Phase::CreateNamespace, path, sql);
}

pub(super) struct ForeignDataWrapperFix;

impl EntryFix for ForeignDataWrapperFix {
    fn word(&self, _: ModelObject) -> &'static str {
        "FOREIGN DATA WRAPPER"
    }
    fn as_dyn(&self) -> &dyn EntryFix {
        self
    }
    fn create(&self, target: &Target, object: ModelObject, plan: &mut Plan) {
        let ModelObject::ForeignDataWrapper(w) = object else {
            return;
        };
        let mut sql = format!("CREATE FOREIGN DATA WRAPPER {}", target.name());
        if let Some(h) = &w.handler {
            sql.push_str(&format!(" HANDLER {}", bare_function(h)));
        }
        if let Some(v) = &w.validator {
            sql.push_str(&format!(" VALIDATOR {}", bare_function(v)));
        }
        sql.push_str(&options_clause(&w.options, &target.path, plan));
        sql.push(';');
        plan.push(Phase::CreateNamespace, &target.path, sql);
        annotate(target, self, object, plan);
    }
    // After the servers that use it (dropped in `DropBase`).
    fn drop(&self, target: &Target, _: ModelObject, plan: &mut Plan) {
        let sql = format!("DROP FOREIGN DATA WRAPPER {};", target.name());
        plan.push(Phase::DropNamespace, &target.path, sql);
    }
    fn alter(
        &self,
        target: &Target,
        change: &Change,
        expected: ModelObject,
        actual: ModelObject,
        plan: &mut Plan,
    ) {
        let (ModelObject::ForeignDataWrapper(e), ModelObject::ForeignDataWrapper(a), Some(part)) =
            (expected, actual, change.object.part_key())
        else {
            return plan.no_rule(change);
        };
        let what = format!("FOREIGN DATA WRAPPER {}", target.name());
        let path = &change.object.path;
        let function = |f: &Option<String>, word: &str| match f {
            Some(f) => format!("ALTER {what} {word} {};", bare_function(f)),
            None => format!("ALTER {what} NO {word};"),
        };
        match part.kind {
            PartKind::GenericOption => {
                restore_option(&what, &part.name, &e.options, &a.options, path, plan)
            }
            PartKind::Handler => plan.push(
                Phase::CreateNamespace,
                path,
                function(&e.handler, "HANDLER"),
            ),
            PartKind::Validator => plan.push(
                Phase::CreateNamespace,
                path,
                function(&e.validator, "VALIDATOR"),
            ),
            _ => plan.no_rule(change),
        }
    }
}

pub(super) struct ForeignServerFix;

/// `CREATE USER MAPPING FOR user SERVER server OPTIONS (…)`.
fn create_mapping(server: &str, user: &str, options: &Options, path: &str, plan: &mut Plan) {
    let sql = format!(
        "CREATE USER MAPPING FOR {user} SERVER {server}{};",
        options_clause(options, path, plan)
    );
    plan.push(Phase::CreateNamespace, path, sql);
}

fn mapping_path(server: &str, user: &str) -> String {
    format!("user mapping for {user} of server {server}")
}

impl EntryFix for ForeignServerFix {
    fn word(&self, _: ModelObject) -> &'static str {
        "SERVER"
    }
    fn grant_word(&self, _: ModelObject) -> &'static str {
        "FOREIGN SERVER"
    }
    fn as_dyn(&self) -> &dyn EntryFix {
        self
    }
    fn create(&self, target: &Target, object: ModelObject, plan: &mut Plan) {
        let ModelObject::ForeignServer(s) = object else {
            return;
        };
        let name = target.name();
        let mut sql = format!("CREATE SERVER {name}");
        if let Some(t) = &s.server_type {
            sql.push_str(&format!(" TYPE {}", literal(t)));
        }
        if let Some(v) = &s.version {
            sql.push_str(&format!(" VERSION {}", literal(v)));
        }
        sql.push_str(&format!(" FOREIGN DATA WRAPPER {}", s.wrapper));
        sql.push_str(&options_clause(&s.options, &target.path, plan));
        sql.push(';');
        plan.push(Phase::CreateNamespace, &target.path, sql);
        for (user, options) in &s.user_mappings {
            create_mapping(&name, user, options, &mapping_path(&name, user), plan);
        }
        annotate(target, self, object, plan);
    }
    // Its user mappings first, then the server (before its wrapper).
    fn drop(&self, target: &Target, object: ModelObject, plan: &mut Plan) {
        let name = target.name();
        if let ModelObject::ForeignServer(s) = object {
            for user in s.user_mappings.keys() {
                let sql = format!("DROP USER MAPPING FOR {user} SERVER {name};");
                plan.push(Phase::DropDependent, &mapping_path(&name, user), sql);
            }
        }
        plan.push(
            Phase::DropBase,
            &target.path,
            format!("DROP SERVER {name};"),
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
        let (ModelObject::ForeignServer(e), ModelObject::ForeignServer(a), Some(part)) =
            (expected, actual, change.object.part_key())
        else {
            return plan.no_rule(change);
        };
        let name = target.name();
        let path = &change.object.path;
        match (part.kind, &part.on) {
            (PartKind::GenericOption, Some(on)) if on.kind == PartKind::UserMapping => {
                let user = &on.name;
                let (Some(eo), Some(ao)) = (e.user_mappings.get(user), a.user_mappings.get(user))
                else {
                    // The mapping itself is created or dropped.
                    return;
                };
                let what = format!("USER MAPPING FOR {user} SERVER {name}");
                restore_option(&what, &part.name, eo, ao, path, plan);
            }
            (PartKind::GenericOption, _) => {
                let what = format!("SERVER {name}");
                restore_option(&what, &part.name, &e.options, &a.options, path, plan);
            }
            (PartKind::UserMapping, _) => {
                let user = &part.name;
                if a.user_mappings.contains_key(user) {
                    let sql = format!("DROP USER MAPPING FOR {user} SERVER {name};");
                    plan.push(Phase::DropDependent, path, sql);
                }
                if let Some(options) = e.user_mappings.get(user) {
                    create_mapping(&name, user, options, path, plan);
                }
            }
            (PartKind::Version, _) => {
                let version = e.version.as_deref().map_or("NULL".into(), literal);
                let sql = format!("ALTER SERVER {name} VERSION {version};");
                plan.push(Phase::CreateNamespace, path, sql);
            }
            _ => plan.recreate(target, self, expected, actual),
        }
    }
}

pub(super) struct ForeignTableFix;

impl EntryFix for ForeignTableFix {
    fn word(&self, _: ModelObject) -> &'static str {
        "FOREIGN TABLE"
    }
    fn grant_word(&self, _: ModelObject) -> &'static str {
        "TABLE"
    }
    fn as_dyn(&self) -> &dyn EntryFix {
        self
    }
    fn create(&self, target: &Target, object: ModelObject, plan: &mut Plan) {
        let ModelObject::Table(t) = object else {
            return;
        };
        let Some(source) = &t.properties.foreign else {
            return;
        };
        let name = target.name();
        let columns: Vec<String> = t
            .columns
            .iter()
            .map(|c| {
                let path = format!("column {}.{}", target.key.display_name(), c.name);
                let options = options_clause(&c.options, &path, plan);
                let definition = column::definition(c);
                let rest = definition.strip_prefix(&c.data_type).unwrap_or("");
                format!("{} {}{options}{rest}", c.name, c.data_type)
            })
            .collect();
        let mut sql = format!(
            "CREATE FOREIGN TABLE {name} ({}) SERVER {}",
            columns.join(", "),
            source.server
        );
        sql.push_str(&options_clause(&source.options, &target.path, plan));
        sql.push(';');
        plan.push(Phase::CreateTable, &target.path, sql);
        for c in &t.columns {
            column::after_create(target, c, plan);
        }
        for (cname, c) in &t.constraints {
            let sql = format!(
                "ALTER FOREIGN TABLE {name} ADD CONSTRAINT {cname} {};",
                c.definition
            );
            plan.push(Phase::CreateKey, &target.path, sql);
        }
        annotate(target, self, object, plan);
    }
    fn drop(&self, target: &Target, _: ModelObject, plan: &mut Plan) {
        let sql = format!("DROP FOREIGN TABLE {};", target.name());
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
        let (ModelObject::Table(e), ModelObject::Table(a), Some(part)) =
            (expected, actual, change.object.part_key())
        else {
            return plan.recreate(target, self, expected, actual);
        };
        let name = target.name();
        let path = &change.object.path;
        match (part.kind, &part.on) {
            (PartKind::GenericOption, Some(on)) if on.kind == PartKind::Column => {
                let find = |t: &'_ crate::model::Table| {
                    t.columns
                        .iter()
                        .find(|c| c.name == on.name)
                        .map(|c| c.options.clone())
                };
                let (Some(eo), Some(ao)) = (find(e), find(a)) else {
                    return;
                };
                let what = format!("FOREIGN TABLE {name} ALTER COLUMN {}", on.name);
                restore_option(&what, &part.name, &eo, &ao, path, plan);
            }
            (PartKind::GenericOption, _) => {
                let (Some(es), Some(as_)) = (&e.properties.foreign, &a.properties.foreign) else {
                    return plan.recreate(target, self, expected, actual);
                };
                let what = format!("FOREIGN TABLE {name}");
                restore_option(&what, &part.name, &es.options, &as_.options, path, plan);
            }
            (PartKind::Column, None) if !e.columns.is_empty() => {
                column::alter(target, change, e, a, plan)
            }
            _ => plan.recreate(target, self, expected, actual),
        }
    }
}

pub(super) struct SubscriptionFix;

impl EntryFix for SubscriptionFix {
    fn word(&self, _: ModelObject) -> &'static str {
        "SUBSCRIPTION"
    }
    fn as_dyn(&self) -> &dyn EntryFix {
        self
    }
    /// Without connecting: `connect = false` creates no slot, so the
    /// slot is named as it was and the subscription is not enabled.
    fn create(&self, target: &Target, object: ModelObject, plan: &mut Plan) {
        let ModelObject::Subscription(s) = object else {
            return;
        };
        if s.connection.contains("<redacted>") {
            return secret(plan, &target.path, "connection");
        }
        let mut with = vec!["connect = false".to_string()];
        with.push(match &s.slot_name {
            Some(slot) => format!("slot_name = {}", literal(slot)),
            None => "slot_name = NONE".into(),
        });
        with.extend(
            s.parameters
                .iter()
                .map(|(k, v)| format!("{k} = {}", literal(v))),
        );
        let sql = format!(
            "CREATE SUBSCRIPTION {} CONNECTION {} PUBLICATION {} WITH ({});",
            target.name(),
            literal(&s.connection),
            s.publications.join(", "),
            with.join(", ")
        );
        plan.push(Phase::CreateDependent, &target.path, sql);
        annotate(target, self, object, plan);
    }
    /// A subscription with a slot drops the slot on the publisher: detach
    /// it first, so the drop does not need to connect.
    fn drop(&self, target: &Target, object: ModelObject, plan: &mut Plan) {
        let name = target.name();
        if let ModelObject::Subscription(s) = object
            && s.slot_name.is_some()
        {
            for what in ["DISABLE", "SET (slot_name = NONE)"] {
                let sql = format!("ALTER SUBSCRIPTION {name} {what};");
                plan.push(Phase::DropDependent, &target.path, sql);
            }
        }
        let sql = format!("DROP SUBSCRIPTION {name};");
        plan.push(Phase::DropDependent, &target.path, sql);
    }
    fn alter(
        &self,
        target: &Target,
        change: &Change,
        expected: ModelObject,
        actual: ModelObject,
        plan: &mut Plan,
    ) {
        let (ModelObject::Subscription(e), Some(part)) = (expected, change.object.part_key())
        else {
            return plan.no_rule(change);
        };
        let name = target.name();
        let path = &change.object.path;
        let alter = |what: String| format!("ALTER SUBSCRIPTION {name} {what};");
        let sql = match part.kind {
            PartKind::Connection if e.connection.contains("<redacted>") => {
                return secret(plan, path, "connection");
            }
            PartKind::Connection => alter(format!("CONNECTION {}", literal(&e.connection))),
            PartKind::SubscribedPublication => alter(format!(
                "SET PUBLICATION {} WITH (refresh = false)",
                e.publications.join(", ")
            )),
            PartKind::Enabled if e.enabled => alter("ENABLE".into()),
            PartKind::Enabled => alter("DISABLE".into()),
            PartKind::SlotName => alter(format!(
                "SET (slot_name = {})",
                e.slot_name.as_deref().map_or("NONE".into(), literal)
            )),
            PartKind::SubscriptionParameter => match e.parameters.get(&part.name) {
                Some(v) => alter(format!("SET ({} = {})", part.name, literal(v))),
                None => match subscription_default(&part.name) {
                    Some(v) => alter(format!("SET ({} = {v})", part.name)),
                    None => return plan.no_rule(change),
                },
            },
            _ => return plan.recreate(target, self, expected, actual),
        };
        plan.push(Phase::CreateDependent, path, sql);
    }
}

/// The value a subscription parameter has when the model does not show
/// it (the inspection leaves defaults out).
fn subscription_default(parameter: &str) -> Option<&'static str> {
    Some(match parameter {
        "binary" | "two_phase" | "disable_on_error" | "run_as_owner" | "failover" => "false",
        "password_required" => "true",
        "synchronous_commit" => "'off'",
        "origin" => "'any'",
        _ => return None,
    })
}

//! Schemas, extensions, collations, text search configurations, event
//! triggers, publications and default privileges.

use super::Phase;
use super::kinds::EntryFix;
use super::plan::{Plan, Target};
use super::shared::{Grants, annotate};
use super::sql::literal;
use crate::diff::Change;
use crate::model::object::{EntryKey, ModelObject, PartKind};
use crate::model::{DefaultPrivilegesKey, Privileges};

pub(super) struct SchemaFix;

impl EntryFix for SchemaFix {
    fn word(&self, _: ModelObject) -> &'static str {
        "SCHEMA"
    }
    fn as_dyn(&self) -> &dyn EntryFix {
        self
    }
    fn create(&self, target: &Target, object: ModelObject, plan: &mut Plan) {
        let sql = format!("CREATE SCHEMA {};", target.name());
        plan.push(Phase::CreateNamespace, &target.path, sql);
        annotate(target, self, object, plan);
    }
    fn drop(&self, target: &Target, _: ModelObject, plan: &mut Plan) {
        let sql = format!("DROP SCHEMA {};", target.name());
        plan.push(Phase::DropNamespace, &target.path, sql);
    }
    fn alter(&self, _: &Target, change: &Change, _: ModelObject, _: ModelObject, plan: &mut Plan) {
        plan.no_rule(change);
    }
}

pub(super) struct ExtensionFix;

impl EntryFix for ExtensionFix {
    fn word(&self, _: ModelObject) -> &'static str {
        "EXTENSION"
    }
    fn as_dyn(&self) -> &dyn EntryFix {
        self
    }
    fn create(&self, target: &Target, object: ModelObject, plan: &mut Plan) {
        let ModelObject::Extension(e) = object else {
            return;
        };
        let sql = format!(
            "CREATE EXTENSION {} WITH SCHEMA {} VERSION {};",
            target.name(),
            e.schema,
            literal(&e.version)
        );
        plan.push(Phase::CreateNamespace, &target.path, sql);
        annotate(target, self, object, plan);
    }
    fn drop(&self, target: &Target, _: ModelObject, plan: &mut Plan) {
        let sql = format!("DROP EXTENSION {};", target.name());
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
        let ModelObject::Extension(e) = expected else {
            return plan.no_rule(change);
        };
        let path = &change.object.path;
        match change.object.part_key().map(|p| p.kind) {
            Some(PartKind::ExtensionSchema) => {
                let sql = format!("ALTER EXTENSION {} SET SCHEMA {};", target.name(), e.schema);
                plan.push(Phase::CreateNamespace, path, sql);
            }
            // An extension has no path back to an older version: drop it
            // and install that version again.
            _ => plan.recreate(target, self, expected, actual),
        }
    }
}

pub(super) struct CollationFix;

impl EntryFix for CollationFix {
    fn word(&self, _: ModelObject) -> &'static str {
        "COLLATION"
    }
    fn as_dyn(&self) -> &dyn EntryFix {
        self
    }
    fn create(&self, target: &Target, object: ModelObject, plan: &mut Plan) {
        let ModelObject::Collation(c) = object else {
            return;
        };
        let mut options = vec![format!("provider = {}", c.provider)];
        for (key, value) in [
            ("locale", &c.locale),
            ("lc_collate", &c.lc_collate),
            ("lc_ctype", &c.lc_ctype),
            ("rules", &c.rules),
        ] {
            if let Some(v) = value {
                options.push(format!("{key} = {}", literal(v)));
            }
        }
        if !c.deterministic {
            options.push("deterministic = false".into());
        }
        let sql = format!(
            "CREATE COLLATION {} ({});",
            target.name(),
            options.join(", ")
        );
        plan.push(Phase::CreateBase, &target.path, sql);
        annotate(target, self, object, plan);
    }
}

pub(super) struct TextSearchFix;

impl EntryFix for TextSearchFix {
    fn word(&self, _: ModelObject) -> &'static str {
        "TEXT SEARCH CONFIGURATION"
    }
    fn as_dyn(&self) -> &dyn EntryFix {
        self
    }
    fn create(&self, target: &Target, object: ModelObject, plan: &mut Plan) {
        let ModelObject::TextSearchConfig(c) = object else {
            return;
        };
        let name = target.name();
        let sql = format!(
            "CREATE TEXT SEARCH CONFIGURATION {name} (PARSER = {});",
            c.parser
        );
        plan.push(Phase::CreateBase, &target.path, sql);
        for (token, dictionaries) in &c.mappings {
            let sql = format!(
                "ALTER TEXT SEARCH CONFIGURATION {name} ADD MAPPING FOR {token} WITH {dictionaries};"
            );
            plan.push(Phase::CreateBase, &target.path, sql);
        }
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
        let (ModelObject::TextSearchConfig(e), Some(part)) = (expected, change.object.part_key())
        else {
            return plan.no_rule(change);
        };
        if part.kind != PartKind::Mapping {
            return plan.recreate(target, self, expected, actual);
        }
        let name = target.name();
        let token = &part.name;
        let sql = match e.mappings.get(token) {
            Some(d) => format!(
                "ALTER TEXT SEARCH CONFIGURATION {name} ALTER MAPPING FOR {token} WITH {d};"
            ),
            None => format!("ALTER TEXT SEARCH CONFIGURATION {name} DROP MAPPING FOR {token};"),
        };
        let sql = match (e.mappings.get(token), actual) {
            (Some(d), ModelObject::TextSearchConfig(a)) if !a.mappings.contains_key(token) => {
                format!("ALTER TEXT SEARCH CONFIGURATION {name} ADD MAPPING FOR {token} WITH {d};")
            }
            _ => sql,
        };
        plan.push(Phase::CreateBase, &change.object.path, sql);
    }
}

pub(super) struct EventTriggerFix;

/// `DISABLE`, `ENABLE REPLICA`, `ENABLE ALWAYS`, `ENABLE`.
fn firing(enabled: &str) -> &'static str {
    match enabled {
        "disabled" => "DISABLE",
        "replica" => "ENABLE REPLICA",
        "always" => "ENABLE ALWAYS",
        _ => "ENABLE",
    }
}

impl EntryFix for EventTriggerFix {
    fn word(&self, _: ModelObject) -> &'static str {
        "EVENT TRIGGER"
    }
    fn as_dyn(&self) -> &dyn EntryFix {
        self
    }
    fn create(&self, target: &Target, object: ModelObject, plan: &mut Plan) {
        let ModelObject::EventTrigger(t) = object else {
            return;
        };
        let name = target.name();
        let tags = if t.tags.is_empty() {
            String::new()
        } else {
            let tags: Vec<String> = t.tags.iter().map(|x| literal(x)).collect();
            format!(" WHEN TAG IN ({})", tags.join(", "))
        };
        let sql = format!(
            "CREATE EVENT TRIGGER {name} ON {}{tags} EXECUTE FUNCTION {};",
            t.event, t.function
        );
        plan.push(Phase::CreateDependent, &target.path, sql);
        if t.enabled != "origin" {
            let sql = format!("ALTER EVENT TRIGGER {name} {};", firing(&t.enabled));
            plan.push(Phase::CreateDependent, &target.path, sql);
        }
        annotate(target, self, object, plan);
    }
    fn drop(&self, target: &Target, _: ModelObject, plan: &mut Plan) {
        let sql = format!("DROP EVENT TRIGGER {};", target.name());
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
        match (change.object.part_key().map(|p| p.kind), expected) {
            (Some(PartKind::Enabled), ModelObject::EventTrigger(t)) => {
                let sql = format!(
                    "ALTER EVENT TRIGGER {} {};",
                    target.name(),
                    firing(&t.enabled)
                );
                plan.push(Phase::CreateDependent, &change.object.path, sql);
            }
            _ => plan.recreate(target, self, expected, actual),
        }
    }
}

pub(super) struct PublicationFix;

/// A published table's name, without its column list and row filter.
fn table_name(published: &str) -> &str {
    published.split([' ', '(']).next().unwrap_or(published)
}

impl EntryFix for PublicationFix {
    fn word(&self, _: ModelObject) -> &'static str {
        "PUBLICATION"
    }
    fn as_dyn(&self) -> &dyn EntryFix {
        self
    }
    fn create(&self, target: &Target, object: ModelObject, plan: &mut Plan) {
        let ModelObject::Publication(p) = object else {
            return;
        };
        let mut objects: Vec<String> = p.tables.iter().map(|t| format!("TABLE {t}")).collect();
        objects.extend(p.schemas.iter().map(|s| format!("TABLES IN SCHEMA {s}")));
        let what = if p.all_tables {
            " FOR ALL TABLES".to_string()
        } else if objects.is_empty() {
            String::new()
        } else {
            format!(" FOR {}", objects.join(", "))
        };
        let sql = format!(
            "CREATE PUBLICATION {}{what} WITH ({});",
            target.name(),
            options(p).join(", ")
        );
        plan.push(Phase::CreateDependent, &target.path, sql);
        annotate(target, self, object, plan);
    }
    fn drop(&self, target: &Target, _: ModelObject, plan: &mut Plan) {
        let sql = format!("DROP PUBLICATION {};", target.name());
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
        let (ModelObject::Publication(e), ModelObject::Publication(a), Some(part)) =
            (expected, actual, change.object.part_key())
        else {
            return plan.no_rule(change);
        };
        let name = target.name();
        let path = &change.object.path;
        let alter = |what: String| format!("ALTER PUBLICATION {name} {what};");
        match part.kind {
            PartKind::PublishedTable => {
                if a.tables.contains(&part.name) {
                    let sql = alter(format!("DROP TABLE {}", table_name(&part.name)));
                    plan.push(Phase::DropDependent, path, sql);
                }
                if e.tables.contains(&part.name) {
                    plan.push(
                        Phase::CreateDependent,
                        path,
                        alter(format!("ADD TABLE {}", part.name)),
                    );
                }
            }
            PartKind::PublishedSchema => {
                let verb = if e.schemas.contains(&part.name) {
                    "ADD"
                } else {
                    "DROP"
                };
                let sql = alter(format!("{verb} TABLES IN SCHEMA {}", part.name));
                plan.push(Phase::CreateDependent, path, sql);
            }
            PartKind::Publish
            | PartKind::PublishViaPartitionRoot
            | PartKind::PublishGeneratedColumns => {
                let sql = alter(format!("SET ({})", options(e).join(", ")));
                plan.push(Phase::CreateDependent, path, sql);
            }
            _ => plan.recreate(target, self, expected, actual),
        }
    }
}

fn options(p: &crate::model::Publication) -> Vec<String> {
    let mut options = vec![
        format!("publish = {}", literal(&p.publish)),
        format!("publish_via_partition_root = {}", p.via_root),
    ];
    if let Some(g) = &p.generated_columns {
        options.push(format!("publish_generated_columns = {g}"));
    }
    options
}

pub(super) struct DefaultPrivilegesFix;

/// The model's key of a default privileges entry.
fn default_key<'a>(target: &Target<'a>) -> Option<&'a DefaultPrivilegesKey> {
    let in_schema = |s: &'a crate::model::Schema| {
        s.default_privileges
            .keys()
            .find(|k| EntryKey::default_privileges(k) == *target.key)
    };
    in_schema(target.expected).or_else(|| in_schema(target.actual))
}

impl DefaultPrivilegesFix {
    fn restore(
        &self,
        target: &Target,
        expected: &Privileges,
        actual: &Privileges,
        plan: &mut Plan,
    ) {
        let Some(key) = default_key(target) else {
            return;
        };
        let prefix = match &key.schema {
            Some(s) => format!(
                "ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA {s} ",
                key.role
            ),
            None => format!("ALTER DEFAULT PRIVILEGES FOR ROLE {} ", key.role),
        };
        let on = key.object_type.to_uppercase();
        let grants = Grants {
            prefix: &prefix,
            on: &on,
            column: None,
        };
        grants.restore(plan, &target.path, expected, actual, None);
    }
}

impl EntryFix for DefaultPrivilegesFix {
    fn word(&self, _: ModelObject) -> &'static str {
        "DEFAULT PRIVILEGES"
    }
    fn as_dyn(&self) -> &dyn EntryFix {
        self
    }
    fn create(&self, target: &Target, object: ModelObject, plan: &mut Plan) {
        if let ModelObject::DefaultPrivileges(p) = object {
            self.restore(target, p, &Privileges::default(), plan);
        }
    }
    fn drop(&self, target: &Target, object: ModelObject, plan: &mut Plan) {
        if let ModelObject::DefaultPrivileges(p) = object {
            self.restore(target, &Privileges::default(), p, plan);
        }
    }
    fn alter(
        &self,
        target: &Target,
        _: &Change,
        expected: ModelObject,
        actual: ModelObject,
        plan: &mut Plan,
    ) {
        if let (ModelObject::DefaultPrivileges(e), ModelObject::DefaultPrivileges(a)) =
            (expected, actual)
            && !plan.is_recreated(target.key)
        {
            self.restore(target, e, a, plan);
        }
    }
}

//! Views, materialized views and statistics objects.

use super::Phase;
use super::kinds::EntryFix;
use super::parts;
use super::plan::{Plan, Target};
use super::shared::annotate;
use super::table::{column_annotations, storage_parameter};
use crate::diff::Change;
use crate::model::Privileges;
use crate::model::object::{ModelObject, PartKind};

pub(super) struct ViewFix;

impl EntryFix for ViewFix {
    fn word(&self, object: ModelObject) -> &'static str {
        match object {
            ModelObject::View(v) if v.materialized => "MATERIALIZED VIEW",
            _ => "VIEW",
        }
    }

    fn grant_word(&self, _: ModelObject) -> &'static str {
        "TABLE"
    }

    fn as_dyn(&self) -> &dyn EntryFix {
        self
    }

    fn create(&self, target: &Target, object: ModelObject, plan: &mut Plan) {
        let ModelObject::View(v) = object else {
            return;
        };
        let with = if v.options.is_empty() {
            String::new()
        } else {
            format!(" WITH ({})", v.options.join(", "))
        };
        let query = v.definition.trim_end().trim_end_matches(';');
        let data = match (v.materialized, v.populated) {
            (false, _) => "",
            (true, true) => " WITH DATA",
            (true, false) => " WITH NO DATA",
        };
        let sql = format!(
            "CREATE {} {}{with} AS{}{query}{data};",
            self.word(object),
            target.name(),
            if query.starts_with([' ', '\n']) {
                ""
            } else {
                " "
            }
        );
        plan.push(Phase::CreateDependent, &target.path, sql);
        parts::create_all(
            target,
            &Default::default(),
            &v.indexes,
            &v.triggers,
            &v.rules,
            plan,
        );
        let none = Privileges::default();
        for (column, _) in &v.columns {
            column_annotations(
                target,
                column,
                v.column_comments.get(column),
                v.column_privileges.get(column).unwrap_or(&none),
                plan,
            );
        }
        annotate(target, self, object, plan);
    }

    fn drop(&self, target: &Target, object: ModelObject, plan: &mut Plan) {
        let sql = format!("DROP {} {};", self.word(object), target.name());
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
        let (ModelObject::View(e), ModelObject::View(a)) = (expected, actual) else {
            return plan.no_rule(change);
        };
        let path = &change.object.path;
        let name = target.name();
        match change.object.part_key().map(|p| (p.kind, p.name.as_str())) {
            Some((PartKind::Definition | PartKind::DefinitionTrailing, _))
                if !e.materialized && e.columns == a.columns =>
            {
                let query = e.definition.trim_end().trim_end_matches(';');
                let space = if query.starts_with([' ', '\n']) {
                    ""
                } else {
                    " "
                };
                let sql = format!("CREATE OR REPLACE VIEW {name} AS{space}{query};");
                plan.push(Phase::CreateDependent, path, sql);
            }
            Some((PartKind::StorageParameter, key)) => {
                let sql = format!(
                    "ALTER {} {name} {};",
                    self.word(expected),
                    storage_parameter(key, &e.options)
                );
                plan.push(Phase::AlterTable, path, sql);
            }
            Some((PartKind::NotPopulated, _)) => {
                let data = if e.populated { "" } else { " WITH NO DATA" };
                let sql = format!("REFRESH MATERIALIZED VIEW {name}{data};");
                plan.push(Phase::CreateDependent, path, sql);
            }
            Some((PartKind::Index | PartKind::Trigger | PartKind::Rule, _)) => {
                parts::alter(target, change, plan)
            }
            _ => plan.recreate(target, self, expected, actual),
        }
    }
}

pub(super) struct StatisticsFix;

impl EntryFix for StatisticsFix {
    fn word(&self, _: ModelObject) -> &'static str {
        "STATISTICS"
    }

    fn as_dyn(&self) -> &dyn EntryFix {
        self
    }

    fn create(&self, target: &Target, object: ModelObject, plan: &mut Plan) {
        let ModelObject::Statistics(s) = object else {
            return;
        };
        let kinds: Vec<&str> = s.kinds.iter().map(|k| k.word()).collect();
        let kinds = if kinds.is_empty() {
            String::new()
        } else {
            format!(" ({})", kinds.join(", "))
        };
        let sql = format!(
            "CREATE STATISTICS {}{kinds} ON {} FROM {};",
            target.name(),
            s.targets,
            s.table
        );
        plan.push(Phase::CreateDependent, &target.path, sql);
        if let Some(n) = s.target {
            let sql = format!("ALTER STATISTICS {} SET STATISTICS {n};", target.name());
            plan.push(Phase::CreateDependent, &target.path, sql);
        }
        annotate(target, self, object, plan);
    }

    fn drop(&self, target: &Target, _: ModelObject, plan: &mut Plan) {
        let sql = format!("DROP STATISTICS {};", target.name());
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
            (Some(PartKind::StatisticsTarget), ModelObject::Statistics(s)) => {
                let to = s.target.unwrap_or(-1);
                let sql = format!("ALTER STATISTICS {} SET STATISTICS {to};", target.name());
                plan.push(Phase::CreateDependent, &change.object.path, sql);
            }
            _ => plan.recreate(target, self, expected, actual),
        }
    }
}

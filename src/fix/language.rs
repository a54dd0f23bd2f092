//! Procedural languages and access methods created by a migration.

use super::Phase;
use super::foreign::bare_function;
use super::kinds::EntryFix;
use super::plan::{Plan, Target};
use super::shared::annotate;
use crate::model::object::ModelObject;

pub(super) struct LanguageFix;

impl EntryFix for LanguageFix {
    fn word(&self, _: ModelObject) -> &'static str {
        "LANGUAGE"
    }
    fn as_dyn(&self) -> &dyn EntryFix {
        self
    }
    fn create(&self, target: &Target, object: ModelObject, plan: &mut Plan) {
        let ModelObject::Language(l) = object else {
            return;
        };
        let trusted = if l.trusted { "TRUSTED " } else { "" };
        let mut sql = format!("CREATE {trusted}LANGUAGE {}", target.name());
        if let Some(h) = &l.handler {
            sql.push_str(&format!(" HANDLER {}", bare_function(h)));
            if let Some(i) = &l.inline {
                sql.push_str(&format!(" INLINE {}", bare_function(i)));
            }
            if let Some(v) = &l.validator {
                sql.push_str(&format!(" VALIDATOR {}", bare_function(v)));
            }
        }
        sql.push(';');
        plan.push(Phase::CreateNamespace, &target.path, sql);
        annotate(target, self, object, plan);
    }
    fn drop(&self, target: &Target, _: ModelObject, plan: &mut Plan) {
        let sql = format!("DROP LANGUAGE {};", target.name());
        plan.push(Phase::DropNamespace, &target.path, sql);
    }
}

pub(super) struct AccessMethodFix;

impl EntryFix for AccessMethodFix {
    fn word(&self, _: ModelObject) -> &'static str {
        "ACCESS METHOD"
    }
    fn as_dyn(&self) -> &dyn EntryFix {
        self
    }
    fn create(&self, target: &Target, object: ModelObject, plan: &mut Plan) {
        let ModelObject::AccessMethod(m) = object else {
            return;
        };
        let sql = format!(
            "CREATE ACCESS METHOD {} TYPE {} HANDLER {};",
            target.name(),
            m.method_type.to_uppercase(),
            bare_function(&m.handler)
        );
        plan.push(Phase::CreateNamespace, &target.path, sql);
        annotate(target, self, object, plan);
    }
    fn drop(&self, target: &Target, _: ModelObject, plan: &mut Plan) {
        let sql = format!("DROP ACCESS METHOD {};", target.name());
        plan.push(Phase::DropNamespace, &target.path, sql);
    }
}

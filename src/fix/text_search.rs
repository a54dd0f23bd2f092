//! Text search dictionaries, parsers and templates (configurations are
//! in `global`).

use super::Phase;
use super::kinds::EntryFix;
use super::plan::{Plan, Target};
use super::shared::annotate;
use crate::diff::Change;
use crate::model::object::{EntryKey, EntryKind, ModelObject, ObjectKey, PartKind};

pub(super) struct TextSearchDictionaryFix;

impl EntryFix for TextSearchDictionaryFix {
    fn word(&self, _: ModelObject) -> &'static str {
        "TEXT SEARCH DICTIONARY"
    }
    fn as_dyn(&self) -> &dyn EntryFix {
        self
    }
    fn create(&self, target: &Target, object: ModelObject, plan: &mut Plan) {
        let ModelObject::TextSearchDictionary(d) = object else {
            return;
        };
        let mut options = vec![format!("TEMPLATE = {}", d.template)];
        options.extend(d.options.iter().cloned());
        let sql = format!(
            "CREATE TEXT SEARCH DICTIONARY {} ({});",
            target.name(),
            options.join(", ")
        );
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
        let (ModelObject::TextSearchDictionary(e), ModelObject::TextSearchDictionary(a)) =
            (expected, actual)
        else {
            return plan.no_rule(change);
        };
        if change.object.part_key().map(|p| p.kind) != Some(PartKind::Options) {
            return plan.recreate(target, self, expected, actual);
        }
        // Options set as they were; those the schema before did not have
        // named alone, which removes them.
        let key = |o: &String| o.split([' ', '=']).next().unwrap_or_default().to_string();
        let kept: Vec<String> = e.options.iter().map(key).collect();
        let mut options = e.options.clone();
        options.extend(a.options.iter().map(key).filter(|k| !kept.contains(k)));
        let sql = format!(
            "ALTER TEXT SEARCH DICTIONARY {} ({});",
            target.name(),
            options.join(", ")
        );
        // After a template re-created with the dictionaries that use it.
        plan.push(Phase::CreateDependent, &change.object.path, sql);
    }
}

pub(super) struct TextSearchParserFix;

impl EntryFix for TextSearchParserFix {
    fn word(&self, _: ModelObject) -> &'static str {
        "TEXT SEARCH PARSER"
    }
    fn as_dyn(&self) -> &dyn EntryFix {
        self
    }
    fn create(&self, target: &Target, object: ModelObject, plan: &mut Plan) {
        let ModelObject::TextSearchParser(p) = object else {
            return;
        };
        let mut options = vec![
            format!("START = {}", p.start),
            format!("GETTOKEN = {}", p.gettoken),
            format!("END = {}", p.end),
            format!("LEXTYPES = {}", p.lextypes),
        ];
        if let Some(h) = &p.headline {
            options.push(format!("HEADLINE = {h}"));
        }
        let sql = format!(
            "CREATE TEXT SEARCH PARSER {} ({});",
            target.name(),
            options.join(", ")
        );
        plan.push(Phase::CreateBase, &target.path, sql);
        annotate(target, self, object, plan);
    }
}

pub(super) struct TextSearchTemplateFix;

impl EntryFix for TextSearchTemplateFix {
    fn word(&self, _: ModelObject) -> &'static str {
        "TEXT SEARCH TEMPLATE"
    }
    fn as_dyn(&self) -> &dyn EntryFix {
        self
    }
    /// A template has no `ALTER` for its functions: it is dropped and
    /// created again, and so are the dictionaries that use it (they
    /// block the drop), from their definitions before.
    fn alter(
        &self,
        target: &Target,
        _: &Change,
        expected: ModelObject,
        actual: ModelObject,
        plan: &mut Plan,
    ) {
        if plan.is_recreated(target.key) {
            return;
        }
        let name = target.key.display_name();
        let using = |s: &'_ crate::model::Schema| -> Vec<EntryKey> {
            s.text_search_dictionaries
                .iter()
                .filter(|(_, d)| d.template == name)
                .map(|(q, _)| EntryKey::qualified(EntryKind::TextSearchDictionary, q))
                .collect()
        };
        for key in using(target.actual) {
            let sql = format!("DROP TEXT SEARCH DICTIONARY {};", key.display_name());
            plan.push(Phase::DropDependent, &key.to_string(), sql);
        }
        plan.recreate(target, self, expected, actual);
        for key in using(target.expected) {
            let whole = ObjectKey {
                entry: key.clone(),
                part: None,
            };
            if let Some(object) = target.expected.object(&whole) {
                let dictionary = Target {
                    key: &key,
                    path: key.to_string(),
                    expected: target.expected,
                    actual: target.actual,
                };
                TextSearchDictionaryFix.create(&dictionary, object, plan);
            }
        }
    }
    fn create(&self, target: &Target, object: ModelObject, plan: &mut Plan) {
        let ModelObject::TextSearchTemplate(t) = object else {
            return;
        };
        let mut options = Vec::new();
        if let Some(i) = &t.init {
            options.push(format!("INIT = {i}"));
        }
        options.push(format!("LEXIZE = {}", t.lexize));
        let sql = format!(
            "CREATE TEXT SEARCH TEMPLATE {} ({});",
            target.name(),
            options.join(", ")
        );
        plan.push(Phase::CreateBase, &target.path, sql);
        annotate(target, self, object, plan);
    }
}

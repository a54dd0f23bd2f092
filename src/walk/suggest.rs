//! The walk's side of suggested fixes: the schemas behind recent
//! documents (the differ compares documents; a fix needs the model
//! objects), and the suggestion a finding carries.

use super::finding::Suggestion;
use crate::diff::{Change, ChangeKind};
use crate::fix::{FixLanguage, suggest};
use crate::model::Schema;
use crate::render::{Document, RenderCache};
use crate::source::{Runner, Step};
use std::collections::VecDeque;

/// How many inspections back a document's schema is kept: a revision
/// compares the schema before it (at most three inspections earlier) with
/// the one after its downgrade.
const KEPT: usize = 4;

/// The latest inspections' documents and the schemas they render, and the
/// cache that renders them.
#[derive(Default)]
pub(super) struct Rendered {
    recent: VecDeque<(Document, Schema)>,
    cache: RenderCache,
}

impl Rendered {
    /// Renders `schema` and remembers both. The document shares the
    /// entries of every object that the previous rendering had unchanged
    /// (see [`RenderCache`]), so keeping it, and comparing it with the
    /// previous ones, costs little.
    pub fn render(&mut self, schema: Schema) -> Document {
        let document = self.cache.document(&schema);
        if self.recent.len() == KEPT {
            self.recent.pop_front();
        }
        self.recent.push_back((document.clone(), schema));
        document
    }

    /// The schema `document` was rendered from, if it is recent. Equal
    /// documents render equal schemas, so any match will do; documents
    /// compare shared entries by pointer.
    fn schema_of(&self, document: &Document) -> Option<&Schema> {
        self.recent
            .iter()
            .rev()
            .find(|(d, _)| d == document)
            .map(|(_, s)| s)
    }

    /// What the down file `down` is missing to take `after` back to
    /// `before`.
    pub fn for_downgrade(
        &self,
        before: &Document,
        after: &Document,
        changes: &[Change],
        down: &Step,
    ) -> Option<Suggestion> {
        let (expected, actual) = (self.schema_of(before)?, self.schema_of(after)?);
        let language = match down.runner {
            Runner::Alembic { .. } => FixLanguage::Alembic,
            _ => FixLanguage::Sql,
        };
        let fix = suggest(expected, actual, changes, language);
        (!fix.is_empty()).then_some(Suggestion {
            fix,
            leftover: None,
        })
    }
}

/// For a second upgrade that failed with "… already exists": the object
/// the downgrade left behind, with the downgrade's suggestion.
pub(super) fn for_reupgrade(
    downgrade: Option<&Suggestion>,
    changes: &[Change],
    message: &str,
) -> Option<Suggestion> {
    let downgrade = downgrade?;
    if !message.contains("already exists") {
        return None;
    }
    let name = message.split('"').nth(1)?;
    let leftover = changes
        .iter()
        .filter(|c| matches!(c.kind, ChangeKind::Added { .. }))
        .find(|c| {
            let own = match c.object.part_key() {
                Some(p) => p.name.clone(),
                None => c.object.entry_key().name.clone(),
            };
            let own = own.split('(').next().unwrap_or_default().trim_matches('"');
            own == name
        })?;
    Some(Suggestion {
        fix: downgrade.fix.clone(),
        leftover: Some(leftover.object.path.clone()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::ObjectRef;
    use crate::fix::Fix;
    use crate::model::object::{EntryKey, EntryKind, ObjectKey};

    #[test]
    fn an_already_exists_error_names_the_leftover_object() {
        let key = ObjectKey {
            entry: EntryKey::qualified(
                EntryKind::Type,
                &crate::model::QualifiedName::new("public", "task_status"),
            ),
            part: None,
        };
        let changes = vec![Change::added(ObjectRef::new(key), "type".into())];
        let down = Suggestion {
            fix: Fix {
                language: FixLanguage::Sql,
                statements: Vec::new(),
                unrestorable: Vec::new(),
            },
            leftover: None,
        };
        let found = for_reupgrade(Some(&down), &changes, "type \"task_status\" already exists");
        assert_eq!(
            found.and_then(|s| s.leftover).as_deref(),
            Some("type public.task_status")
        );
        assert!(for_reupgrade(Some(&down), &changes, "syntax error").is_none());
    }
}

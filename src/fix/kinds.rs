//! The one list of object kinds and the file whose rules fix each.
//!
//! A new entry kind adds a variant to `EntryKind`, which this `match`
//! then refuses to compile without: give the kind a unit struct that
//! implements [`EntryFix`] in a file of its own (or its family's) and
//! name it here.

use super::plan::{Plan, Target};
use super::{
    foreign, global, language, routine, sequence, support, table, text_search, types, view,
};
use crate::diff::Change;
use crate::model::object::{EntryKind, ModelObject};

/// How to restore one kind of entry.
pub(super) trait EntryFix: Sync {
    /// The word `COMMENT ON`, `ALTER … OWNER TO` and `DROP` take for the
    /// object: `TABLE`, `MATERIALIZED VIEW`, `FUNCTION`.
    fn word(&self, object: ModelObject) -> &'static str;

    /// The word `GRANT … ON` takes (`TABLE` for views too).
    fn grant_word(&self, object: ModelObject) -> &'static str {
        self.word(object)
    }

    /// Creates the object as `object` holds it, with everything that
    /// hangs on it: parts, comments, owner, privileges.
    fn create(&self, target: &Target, object: ModelObject, plan: &mut Plan);

    /// Drops the object the downgrade left behind.
    fn drop(&self, target: &Target, object: ModelObject, plan: &mut Plan) {
        let sql = format!("DROP {} {};", self.word(object), target.name());
        plan.push(super::Phase::DropBase, &target.path, sql);
    }

    /// A change of a part or of the header that [`super::shared`] does
    /// not cover (it covers comments, owners, grants and revokes). By
    /// default the object is dropped and created again.
    fn alter(
        &self,
        target: &Target,
        change: &Change,
        expected: ModelObject,
        actual: ModelObject,
        plan: &mut Plan,
    ) {
        let _ = change;
        plan.recreate(target, self.as_dyn(), expected, actual);
    }

    /// Itself, as a trait object.
    fn as_dyn(&self) -> &dyn EntryFix;
}

/// The rules for `kind`.
pub(super) fn entry_fix(kind: EntryKind) -> &'static dyn EntryFix {
    match kind {
        EntryKind::Schema => &global::SchemaFix,
        EntryKind::Extension => &global::ExtensionFix,
        EntryKind::Collation => &global::CollationFix,
        EntryKind::TextSearchConfig => &global::TextSearchFix,
        EntryKind::Type => &types::TypeFix,
        EntryKind::Sequence => &sequence::SequenceFix,
        EntryKind::Table => &table::TableFix,
        EntryKind::View | EntryKind::MaterializedView => &view::ViewFix,
        EntryKind::Statistics => &view::StatisticsFix,
        EntryKind::Function | EntryKind::Procedure | EntryKind::Aggregate => &routine::RoutineFix,
        EntryKind::EventTrigger => &global::EventTriggerFix,
        EntryKind::Publication => &global::PublicationFix,
        EntryKind::DefaultPrivileges => &global::DefaultPrivilegesFix,
        EntryKind::Operator => &support::OperatorFix,
        EntryKind::OperatorFamily => &support::OperatorFamilyFix,
        EntryKind::OperatorClass => &support::OperatorClassFix,
        EntryKind::Cast => &support::CastFix,
        EntryKind::Transform => &support::TransformFix,
        EntryKind::Conversion => &support::ConversionFix,
        EntryKind::TextSearchDictionary => &text_search::TextSearchDictionaryFix,
        EntryKind::TextSearchParser => &text_search::TextSearchParserFix,
        EntryKind::TextSearchTemplate => &text_search::TextSearchTemplateFix,
        EntryKind::ForeignDataWrapper => &foreign::ForeignDataWrapperFix,
        EntryKind::ForeignServer => &foreign::ForeignServerFix,
        EntryKind::ForeignTable => &foreign::ForeignTableFix,
        EntryKind::Subscription => &foreign::SubscriptionFix,
        EntryKind::Language => &language::LanguageFix,
        EntryKind::AccessMethod => &language::AccessMethodFix,
    }
}

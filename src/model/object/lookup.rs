//! From a key to the model object it names: what a change is about,
//! before and after.

use super::key::{EntryKey, ObjectKey};
use super::kind::{EntryKind, PartKind};
use crate::model::{
    AccessMethod, ForeignDataWrapper, ForeignServer, Language, Options, Subscription,
};
use crate::model::{
    Cast, Collation, Column, Constraint, Conversion, DomainCheck, EventTrigger, Extension,
    Function, Index, Namespace, Operator, OperatorClass, OperatorFamily, Policy, Privileges,
    Publication, RoutineKind, Rule, Schema, Sequence, Statistics, Table, TextSearchConfig,
    TextSearchDictionary, TextSearchParser, TextSearchTemplate, Transform, Trigger, TypeDef,
    TypeKind, View,
};

/// A reference to the model object an [`ObjectKey`] names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelObject<'a> {
    Namespace(&'a Namespace),
    Extension(&'a Extension),
    Collation(&'a Collation),
    TextSearchConfig(&'a TextSearchConfig),
    Type(&'a TypeDef),
    Sequence(&'a Sequence),
    Table(&'a Table),
    /// A view or materialized view.
    View(&'a View),
    Statistics(&'a Statistics),
    /// A function, procedure or aggregate.
    Function(&'a Function),
    EventTrigger(&'a EventTrigger),
    Publication(&'a Publication),
    DefaultPrivileges(&'a Privileges),
    Column(&'a Column),
    /// A view's output column.
    ViewColumn {
        name: &'a str,
        data_type: &'a str,
    },
    /// A composite type's attribute.
    Attribute {
        name: &'a str,
        data_type: &'a str,
    },
    Constraint(&'a Constraint),
    /// A domain's named check.
    DomainCheck(&'a DomainCheck),
    Index(&'a Index),
    Trigger(&'a Trigger),
    Policy(&'a Policy),
    Rule(&'a Rule),
    Operator(&'a Operator),
    OperatorFamily(&'a OperatorFamily),
    OperatorClass(&'a OperatorClass),
    Cast(&'a Cast),
    Transform(&'a Transform),
    Conversion(&'a Conversion),
    TextSearchDictionary(&'a TextSearchDictionary),
    TextSearchParser(&'a TextSearchParser),
    TextSearchTemplate(&'a TextSearchTemplate),
    ForeignDataWrapper(&'a ForeignDataWrapper),
    ForeignServer(&'a ForeignServer),
    /// A server's user mapping for one user: its options.
    UserMapping {
        user: &'a str,
        options: &'a Options,
    },
    Subscription(&'a Subscription),
    Language(&'a Language),
    AccessMethod(&'a AccessMethod),
}

impl Schema {
    /// The model object a key names, if the schema has it.
    ///
    /// Columns, attributes, constraints, indexes, triggers, policies and
    /// rules resolve to themselves. Every other part (a property such as
    /// the owner or the body, a storage parameter, a setting, a mapping, a
    /// published table, a grant or revoke) resolves to the object that
    /// holds it: the part named by `on` (a commented index, a column with
    /// privileges) or else the top-level object. Whether that holder has
    /// the property is then in its fields.
    pub fn object(&self, key: &ObjectKey) -> Option<ModelObject<'_>> {
        let entry = self.entry_object(&key.entry)?;
        let Some(part) = &key.part else {
            return Some(entry);
        };
        match &part.on {
            Some(on) => sub_object(entry, on.kind, &on.name),
            None if part.name.is_empty() => Some(entry),
            None => sub_object(entry, part.kind, &part.name).or_else(|| {
                // Named parts that are values of their holder.
                matches!(
                    part.kind,
                    PartKind::StorageParameter
                        | PartKind::Setting
                        | PartKind::Mapping
                        | PartKind::PublishedTable
                        | PartKind::PublishedSchema
                        | PartKind::Grant
                        | PartKind::Revoke
                        | PartKind::MemberOperator
                        | PartKind::MemberFunction
                        | PartKind::SupportFunction
                        | PartKind::GenericOption
                        | PartKind::SubscribedPublication
                        | PartKind::SubscriptionParameter
                )
                .then_some(entry)
            }),
        }
    }

    fn entry_object(&self, key: &EntryKey) -> Option<ModelObject<'_>> {
        let qualified = || key.qualified_name();
        let routine = |kind: RoutineKind| {
            self.functions
                .get(&qualified())
                .filter(|f| f.kind == kind)
                .map(ModelObject::Function)
        };
        let view = |materialized: bool| {
            self.views
                .get(&qualified())
                .filter(|v| v.materialized == materialized)
                .map(|x| ModelObject::View(x))
        };
        match key.kind {
            EntryKind::Schema => self.namespaces.get(&key.name).map(ModelObject::Namespace),
            EntryKind::Extension => self.extensions.get(&key.name).map(ModelObject::Extension),
            EntryKind::EventTrigger => self
                .event_triggers
                .get(&key.name)
                .map(ModelObject::EventTrigger),
            EntryKind::Publication => self
                .publications
                .get(&key.name)
                .map(ModelObject::Publication),
            EntryKind::DefaultPrivileges => self
                .default_privileges
                .iter()
                .find(|(k, _)| EntryKey::default_privileges(k) == *key)
                .map(|(_, p)| ModelObject::DefaultPrivileges(p)),
            EntryKind::Collation => self
                .collations
                .get(&qualified())
                .map(ModelObject::Collation),
            EntryKind::TextSearchConfig => self
                .text_search_configs
                .get(&qualified())
                .map(ModelObject::TextSearchConfig),
            EntryKind::Type => self.types.get(&qualified()).map(ModelObject::Type),
            EntryKind::Sequence => self
                .sequences
                .get(&qualified())
                .map(|x| ModelObject::Sequence(x)),
            EntryKind::Table => self
                .tables
                .get(&qualified())
                .filter(|t| t.properties.foreign.is_none())
                .map(|x| ModelObject::Table(x)),
            EntryKind::ForeignTable => self
                .tables
                .get(&qualified())
                .filter(|t| t.properties.foreign.is_some())
                .map(|x| ModelObject::Table(x)),
            EntryKind::ForeignDataWrapper => self
                .foreign_data_wrappers
                .get(&key.name)
                .map(ModelObject::ForeignDataWrapper),
            EntryKind::ForeignServer => self
                .foreign_servers
                .get(&key.name)
                .map(ModelObject::ForeignServer),
            EntryKind::Subscription => self
                .subscriptions
                .get(&key.name)
                .map(ModelObject::Subscription),
            EntryKind::Language => self.languages.get(&key.name).map(ModelObject::Language),
            EntryKind::AccessMethod => self
                .access_methods
                .get(&key.name)
                .map(ModelObject::AccessMethod),
            EntryKind::View => view(false),
            EntryKind::MaterializedView => view(true),
            EntryKind::Statistics => self
                .statistics
                .get(&qualified())
                .map(|x| ModelObject::Statistics(x)),
            EntryKind::Function => {
                routine(RoutineKind::Function).or_else(|| routine(RoutineKind::Window))
            }
            EntryKind::Procedure => routine(RoutineKind::Procedure),
            EntryKind::Aggregate => routine(RoutineKind::Aggregate),
            EntryKind::Operator => self.operators.get(&qualified()).map(ModelObject::Operator),
            EntryKind::OperatorFamily => self
                .operator_families
                .get(&qualified())
                .map(ModelObject::OperatorFamily),
            EntryKind::OperatorClass => self
                .operator_classes
                .get(&qualified())
                .map(ModelObject::OperatorClass),
            EntryKind::Cast => self.casts.get(&key.name).map(ModelObject::Cast),
            EntryKind::Transform => self.transforms.get(&key.name).map(ModelObject::Transform),
            EntryKind::Conversion => self
                .conversions
                .get(&qualified())
                .map(ModelObject::Conversion),
            EntryKind::TextSearchDictionary => self
                .text_search_dictionaries
                .get(&qualified())
                .map(ModelObject::TextSearchDictionary),
            EntryKind::TextSearchParser => self
                .text_search_parsers
                .get(&qualified())
                .map(ModelObject::TextSearchParser),
            EntryKind::TextSearchTemplate => self
                .text_search_templates
                .get(&qualified())
                .map(ModelObject::TextSearchTemplate),
        }
    }
}

/// A named sub-object of a top-level object.
fn sub_object<'a>(entry: ModelObject<'a>, kind: PartKind, name: &str) -> Option<ModelObject<'a>> {
    match (entry, kind) {
        (ModelObject::Table(t), PartKind::Column) => t
            .columns
            .iter()
            .find(|c| c.name == name)
            .map(ModelObject::Column),
        (ModelObject::Table(t), PartKind::Constraint) => {
            t.constraints.get(name).map(ModelObject::Constraint)
        }
        (ModelObject::Table(t), PartKind::Index) => t.indexes.get(name).map(ModelObject::Index),
        (ModelObject::Table(t), PartKind::Trigger) => {
            t.triggers.get(name).map(ModelObject::Trigger)
        }
        (ModelObject::Table(t), PartKind::Policy) => t.policies.get(name).map(ModelObject::Policy),
        (ModelObject::Table(t), PartKind::Rule) => t.rules.get(name).map(ModelObject::Rule),
        (ModelObject::View(v), PartKind::Column) => v
            .columns
            .iter()
            .find(|(n, _)| n == name)
            .map(|(name, data_type)| ModelObject::ViewColumn { name, data_type }),
        (ModelObject::View(v), PartKind::Index) => v.indexes.get(name).map(ModelObject::Index),
        (ModelObject::View(v), PartKind::Trigger) => v.triggers.get(name).map(ModelObject::Trigger),
        (ModelObject::View(v), PartKind::Rule) => v.rules.get(name).map(ModelObject::Rule),
        (ModelObject::Type(t), PartKind::Attribute) => match &t.kind {
            TypeKind::Composite { attributes, .. } => attributes
                .iter()
                .find(|(n, _)| n == name)
                .map(|(name, data_type)| ModelObject::Attribute { name, data_type }),
            _ => None,
        },
        (ModelObject::Type(t), PartKind::Constraint) => match &t.kind {
            TypeKind::Domain(d) => d.checks.get(name).map(ModelObject::DomainCheck),
            _ => None,
        },
        (ModelObject::ForeignServer(s), PartKind::UserMapping) => s
            .user_mappings
            .get_key_value(name)
            .map(|(user, options)| ModelObject::UserMapping { user, options }),
        _ => None,
    }
}

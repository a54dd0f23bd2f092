//! Typed identity of every object a schema document shows, shared by the
//! renderer (which keys entries and lines with it), the differ (which
//! compares by it) and whoever needs the model object behind a change
//! ([`Schema::object`]).
//!
//! An [`EntryKey`] names a top-level object (a table, a function, a
//! schema…); a [`PartKey`] names one part of it (a column, an index, a
//! grant, the comment on a column, the body); an [`ObjectKey`] is the pair.

use super::{
    Collation, Column, Constraint, DefaultPrivilegesKey, DomainCheck, EventTrigger, Extension,
    Function, Index, Namespace, Policy, Privileges, Publication, QualifiedName, RoutineKind, Rule,
    Schema, Sequence, Table, TextSearchConfig, Trigger, TypeDef, TypeKind, View,
};
use std::fmt;

/// Defines a kind enum whose variants each have the word a document
/// prints for them.
macro_rules! kinds {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $word:literal,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
        }

        impl $name {
            /// The word a document prints for this kind.
            pub fn word(self) -> &'static str {
                match self {
                    $($name::$variant => $word,)*
                }
            }
        }
    };
}

kinds! {
    /// The kinds of top-level objects, in the order a document prints them
    /// within a schema.
    EntryKind {
        Schema => "schema",
        Extension => "extension",
        Collation => "collation",
        TextSearchConfig => "text search configuration",
        Type => "type",
        Sequence => "sequence",
        Table => "table",
        View => "view",
        MaterializedView => "materialized view",
        Function => "function",
        Procedure => "procedure",
        Aggregate => "aggregate",
        EventTrigger => "event trigger",
        Publication => "publication",
        DefaultPrivileges => "default privileges",
    }
}

kinds! {
    /// The kinds of parts under a top-level object: named sub-objects
    /// (column, index, grantee…) and properties that occur once (comment,
    /// owner, body…).
    PartKind {
        /// A table's or view's column.
        Column => "column",
        /// A composite type's attribute.
        Attribute => "attribute",
        /// A table's constraint or a domain's check.
        Constraint => "constraint",
        Index => "index",
        Trigger => "trigger",
        Policy => "policy",
        Rule => "rule",
        /// One storage parameter (`with fillfactor 70`).
        StorageParameter => "with",
        /// One `SET` option of a function.
        Setting => "set",
        /// A text search configuration's mapping of one token type.
        Mapping => "mapping",
        /// A table a publication publishes.
        PublishedTable => "table",
        /// A schema whose tables a publication publishes.
        PublishedSchema => "tables in schema",
        /// Privileges granted to one grantee beyond the default.
        Grant => "grant",
        /// Default privileges one grantee no longer has.
        Revoke => "revoke",
        /// The comment on the object, or on one of its parts.
        Comment => "comment",
        Owner => "owner",
        Unlogged => "unlogged",
        PartitionBy => "partition by",
        PartitionOf => "partition of",
        Inherits => "inherits",
        RowLevelSecurity => "row level security",
        RowLevelSecurityForced => "row level security forced",
        ReplicaIdentity => "replica identity",
        Tablespace => "tablespace",
        AccessMethod => "access method",
        /// A view's query.
        Definition => "definition",
        /// White space after a view's query.
        DefinitionTrailing => "definition-trailing",
        NotPopulated => "not populated",
        /// A sequence's parameters.
        SequenceParameters => "parameters",
        OwnedBy => "owned by",
        /// A routine's language, volatility, strictness, cost…
        RoutineAttributes => "attributes",
        /// An aggregate's definition.
        AggregateDefinition => "aggregate",
        /// A routine's body.
        Body => "body",
        /// The schema an extension's objects are in.
        ExtensionSchema => "schema",
        Version => "version",
        Provider => "provider",
        Locale => "locale",
        LcCollate => "lc_collate",
        LcCtype => "lc_ctype",
        /// A collation's ICU rules.
        CollationRules => "rules",
        Deterministic => "deterministic",
        Parser => "parser",
        /// The event an event trigger fires on.
        Event => "on",
        WhenTagIn => "when tag in",
        ExecuteFunction => "execute function",
        Enabled => "enabled",
        ForAllTables => "for all tables",
        Publish => "publish",
        PublishViaPartitionRoot => "publish_via_partition_root",
        PublishGeneratedColumns => "publish_generated_columns",
        /// A domain's collation.
        Collate => "collate",
        NotNull => "not null",
        Default => "default",
        SubtypeOpclass => "subtype_opclass",
        /// A range type's collation.
        RangeCollation => "collation",
        Canonical => "canonical",
        SubtypeDiff => "subtype_diff",
        MultirangeTypeName => "multirange_type_name",
    }
}

/// Any kind a document shows: a top-level object's or a part's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ObjectKind {
    Entry(EntryKind),
    Part(PartKind),
}

impl ObjectKind {
    /// The word a document prints for this kind.
    pub fn word(self) -> &'static str {
        match self {
            ObjectKind::Entry(k) => k.word(),
            ObjectKind::Part(k) => k.word(),
        }
    }
}

impl EntryKind {
    /// True for objects that live in a schema and are named
    /// `schema.name`; false for schemas, database-wide objects and
    /// default privileges.
    pub fn is_qualified(self) -> bool {
        !matches!(
            self,
            EntryKind::Schema
                | EntryKind::Extension
                | EntryKind::EventTrigger
                | EntryKind::Publication
                | EntryKind::DefaultPrivileges
        )
    }

    /// True for the kinds whose parts include columns in an order that
    /// matters: tables, views and materialized views.
    pub fn has_columns(self) -> bool {
        matches!(
            self,
            EntryKind::Table | EntryKind::View | EntryKind::MaterializedView
        )
    }
}

/// Identity of a top-level object. The derived order (schema, kind, name)
/// is the order of a document's entries.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EntryKey {
    /// The schema the object lives in: its own name for a schema, the
    /// empty string for database-wide objects (which sort first).
    pub schema: String,
    pub kind: EntryKind,
    /// The name within the schema, as the model keys it (`tasks`,
    /// `touch(integer)`); a schema's or database-wide object's own name;
    /// for default privileges `for role r in schema s on tables`.
    pub name: String,
}

impl EntryKey {
    /// A schema (namespace).
    pub fn namespace(name: &str) -> Self {
        EntryKey {
            schema: name.to_string(),
            kind: EntryKind::Schema,
            name: name.to_string(),
        }
    }

    /// A database-wide object (extension, event trigger, publication).
    pub fn global(kind: EntryKind, name: &str) -> Self {
        EntryKey {
            schema: String::new(),
            kind,
            name: name.to_string(),
        }
    }

    /// An object in a schema.
    pub fn qualified(kind: EntryKind, name: &QualifiedName) -> Self {
        EntryKey {
            schema: name.schema.clone(),
            kind,
            name: name.name.clone(),
        }
    }

    /// An `ALTER DEFAULT PRIVILEGES` entry.
    pub fn default_privileges(key: &DefaultPrivilegesKey) -> Self {
        let name = match &key.schema {
            Some(s) => format!("for role {} in schema {s} on {}", key.role, key.object_type),
            None => format!("for role {} on {}", key.role, key.object_type),
        };
        EntryKey {
            schema: key.schema.clone().unwrap_or_default(),
            kind: EntryKind::DefaultPrivileges,
            name,
        }
    }

    /// The name a document prints: `public.tasks`, `public.f(integer)`,
    /// `app` (a schema), `pgcrypto` (an extension).
    pub fn display_name(&self) -> String {
        if self.kind.is_qualified() {
            format!("{}.{}", self.schema, self.name)
        } else {
            self.name.clone()
        }
    }

    /// The model's name of an object in a schema.
    pub fn qualified_name(&self) -> QualifiedName {
        QualifiedName::new(self.schema.clone(), self.name.clone())
    }
}

impl fmt::Display for EntryKey {
    /// `table public.tasks`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.kind.word(), self.display_name())
    }
}

/// A named part that a comment or a privilege line is about: `column
/// priority` in `comment on column priority`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SubObject {
    pub kind: PartKind,
    pub name: String,
}

/// Identity of one part of a top-level object, unique within it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartKey {
    pub kind: PartKind,
    /// The part's own name (a column's, an index's, a grantee's, a
    /// setting's); empty for a property that occurs once (owner, body,
    /// the comment).
    pub name: String,
    /// For a comment or privileges on a named part rather than on the
    /// object itself: that part.
    pub on: Option<SubObject>,
}

impl PartKey {
    /// A named part: `PartKey::named(PartKind::Index, "ix_tasks_title")`.
    pub fn named(kind: PartKind, name: impl Into<String>) -> Self {
        PartKey {
            kind,
            name: name.into(),
            on: None,
        }
    }

    /// A property that occurs once per object.
    pub fn property(kind: PartKind) -> Self {
        PartKey::named(kind, "")
    }

    /// The comment on a named part: `comment on column priority`.
    pub fn comment_on(kind: PartKind, name: impl Into<String>) -> Self {
        PartKey {
            kind: PartKind::Comment,
            name: String::new(),
            on: Some(SubObject {
                kind,
                name: name.into(),
            }),
        }
    }

    /// Privileges of one grantee (`Grant` or `Revoke`), on the object or,
    /// with `column`, on one of its columns.
    pub fn privileges(kind: PartKind, grantee: &str, column: Option<&str>) -> Self {
        PartKey {
            kind,
            name: grantee.to_string(),
            on: column.map(|c| SubObject {
                kind: PartKind::Column,
                name: c.to_string(),
            }),
        }
    }

    /// The word a document's line starts with: the kind's word, except
    /// `comment on` for a comment on a part.
    pub fn word(&self) -> &'static str {
        match (self.kind, &self.on) {
            (PartKind::Comment, Some(_)) => "comment on",
            (kind, _) => kind.word(),
        }
    }

    /// What follows [`PartKey::word`] in the line's label: `priority`,
    /// `column priority` (after `comment on`), `rt_reader on column
    /// title` (after `grant`); empty for a property.
    pub fn display_name(&self) -> String {
        match (&self.on, self.kind) {
            (None, _) => self.name.clone(),
            (Some(on), PartKind::Comment) => format!("{} {}", on.kind.word(), on.name),
            (Some(on), _) => format!("{} on {} {}", self.name, on.kind.word(), on.name),
        }
    }

    /// How the line is labelled: `column priority`, `comment`, `comment
    /// on index ix`, `grant rt_reader on column title`.
    pub fn label(&self) -> String {
        let name = self.display_name();
        if name.is_empty() {
            self.word().to_string()
        } else {
            format!("{} {name}", self.word())
        }
    }
}

impl fmt::Display for PartKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

/// Identity of anything a document shows: a top-level object, or one of
/// its parts.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ObjectKey {
    pub entry: EntryKey,
    pub part: Option<PartKey>,
}

impl ObjectKey {
    /// The part's kind, or the entry's for a top-level object.
    pub fn kind(&self) -> ObjectKind {
        match &self.part {
            Some(p) => ObjectKind::Part(p.kind),
            None => ObjectKind::Entry(self.entry.kind),
        }
    }
}

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
    /// A function, procedure or aggregate.
    Function(&'a Function),
    EventTrigger(&'a EventTrigger),
    Publication(&'a Publication),
    DefaultPrivileges(&'a Privileges),
    Column(&'a Column),
    ViewColumn {
        name: &'a str,
        data_type: &'a str,
    },
    Attribute {
        name: &'a str,
        data_type: &'a str,
    },
    Constraint(&'a Constraint),
    DomainCheck(&'a DomainCheck),
    Index(&'a Index),
    Trigger(&'a Trigger),
    Policy(&'a Policy),
    Rule(&'a Rule),
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
                .map(ModelObject::View)
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
            EntryKind::Sequence => self.sequences.get(&qualified()).map(ModelObject::Sequence),
            EntryKind::Table => self.tables.get(&qualified()).map(ModelObject::Table),
            EntryKind::View => view(false),
            EntryKind::MaterializedView => view(true),
            EntryKind::Function => routine(RoutineKind::Function),
            EntryKind::Procedure => routine(RoutineKind::Procedure),
            EntryKind::Aggregate => routine(RoutineKind::Aggregate),
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
            TypeKind::Composite { attributes } => attributes
                .iter()
                .find(|(n, _)| n == name)
                .map(|(name, data_type)| ModelObject::Attribute { name, data_type }),
            _ => None,
        },
        (ModelObject::Type(t), PartKind::Constraint) => match &t.kind {
            TypeKind::Domain(d) => d.checks.get(name).map(ModelObject::DomainCheck),
            _ => None,
        },
        _ => None,
    }
}

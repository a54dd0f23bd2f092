//! Typed identity of every object a schema document shows, shared by the
//! renderer (which keys entries and lines with it), the differ (which
//! compares by it) and whoever needs the model object behind a change
//! ([`super::Schema::object`]).
//!
//! An [`EntryKey`] names a top-level object (a table, a function, a
//! schema…); a [`PartKey`] names one part of it (a column, an index, a
//! grant, the comment on a column, the body); an [`ObjectKey`] is the pair.

mod lookup;

pub use lookup::ModelObject;

use super::{DefaultPrivilegesKey, QualifiedName};
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

/// A schema with every kind, for tests here and in the renderer.
#[cfg(test)]
pub(crate) mod tests;

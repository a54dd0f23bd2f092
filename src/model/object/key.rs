//! Keys that name a top-level object, one of its parts, or either.

use super::kind::{EntryKind, ObjectKind, PartKind};
use crate::model::{DefaultPrivilegesKey, QualifiedName};
use std::fmt;

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

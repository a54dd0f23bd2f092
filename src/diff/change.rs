use crate::model::Schema;
use crate::model::object::{EntryKey, ModelObject, ObjectKey, ObjectKind, PartKey, PartKind};
use crate::render::{Entry, Line};
use std::fmt;

/// One difference between an expected and an actual schema.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Change {
    pub object: ObjectRef,
    pub kind: ChangeKind,
}

/// Names the object a change is about, by its typed key (which
/// [`crate::model::Schema::object`] resolves to the model object), and
/// says it the way a reviewer reads it: `index ix_tasks_user_id on table
/// public.tasks`.
///
/// Serializes as `kind` (the word), `name`, `parent` (the entry's label,
/// for a part) and `path`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectRef {
    key: ObjectKey,
    /// A stable, greppable path to the object: `table public.tasks`,
    /// `column public.tasks.title`, `index public.ix_tasks_user_id`; a
    /// property (comment, body) is reported as its owner's path.
    pub path: String,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "change", rename_all = "kebab-case")]
pub enum ChangeKind {
    /// Present in the actual schema only.
    Added { actual: String },
    /// Present in the expected schema only.
    Removed { expected: String },
    /// Present in both, different.
    Altered { expected: String, actual: String },
    /// Same parts, different order (a table's columns).
    Reordered {
        expected: Vec<String>,
        actual: Vec<String>,
    },
}

impl ObjectRef {
    /// The entry as a whole.
    pub fn entry(e: &Entry) -> Self {
        ObjectRef::new(ObjectKey {
            entry: e.key.clone(),
            part: None,
        })
    }

    /// One line of an entry.
    pub fn line(e: &Entry, l: &Line) -> Self {
        ObjectRef::new(ObjectKey {
            entry: e.key.clone(),
            part: Some(l.key.clone()),
        })
    }

    /// The reference to what `key` names.
    pub fn new(key: ObjectKey) -> Self {
        let path = path(&key);
        ObjectRef { key, path }
    }

    /// The typed identity, for [`crate::model::Schema::object`].
    pub fn key(&self) -> &ObjectKey {
        &self.key
    }

    /// The top-level object the change is in.
    pub fn entry_key(&self) -> &EntryKey {
        &self.key.entry
    }

    /// The part of the entry the change is about; `None` for the entry
    /// as a whole (added, removed, header changed, reordered).
    pub fn part_key(&self) -> Option<&PartKey> {
        self.key.part.as_ref()
    }

    /// The part's kind, or the entry's.
    pub fn kind(&self) -> ObjectKind {
        self.key.kind()
    }

    /// True for a whole table, view or materialized view: the objects
    /// whose reordered parts are columns.
    pub fn has_columns(&self) -> bool {
        self.key.part.is_none() && self.key.entry.kind.has_columns()
    }

    /// The name the entry is printed with (`public.tasks`), for trimming
    /// reports to the relevant entries.
    pub fn entry_name(&self) -> String {
        self.key.entry.display_name()
    }

    /// The word a reviewer reads first: `table`, `index`, `comment on`.
    fn word(&self) -> &'static str {
        match &self.key.part {
            Some(p) => p.word(),
            None => self.key.entry.kind.word(),
        }
    }

    /// What follows the word: `public.tasks`, `ix_tasks_user_id`,
    /// `column priority`; empty for a property.
    fn name(&self) -> String {
        match &self.key.part {
            Some(p) => p.display_name(),
            None => self.key.entry.display_name(),
        }
    }
}

/// `table public.tasks`, `column public.tasks.title`, `index
/// public.ix_tasks_user_id` (indexes live in their table's schema, named
/// on their own), `comment on column priority of table public.tasks`,
/// `grant rt_reader on table public.tasks`; a property is its entry's path.
fn path(key: &ObjectKey) -> String {
    let entry = key.entry.to_string();
    let Some(part) = &key.part else {
        return entry;
    };
    let name = part.display_name();
    match (part.kind, &part.on) {
        _ if name.is_empty() => entry,
        (PartKind::Index, None) => format!("index {}.{name}", key.entry.schema),
        (PartKind::Comment, Some(_)) => format!("comment on {name} of {entry}"),
        (PartKind::Grant | PartKind::Revoke, _) => {
            format!("{} {name} on {entry}", part.word())
        }
        // A generic option of a part (`option password on user mapping
        // for app of server dw`) and a server's user mapping.
        (PartKind::GenericOption, Some(on)) => format!(
            "option {} on {} {} of {entry}",
            part.name,
            on.kind.word(),
            on.name
        ),
        (PartKind::UserMapping, None) => format!("{} {name} of {entry}", part.word()),
        _ => format!("{} {}.{name}", part.word(), key.entry.display_name()),
    }
}

impl fmt::Display for ObjectRef {
    /// `table public.tasks`, `column priority of table public.tasks`,
    /// `index ix on table public.tasks`, `comment of table public.tasks`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = self.name();
        let head = if name.is_empty() {
            self.word().to_string()
        } else {
            format!("{} {name}", self.word())
        };
        match &self.key.part {
            None => write!(f, "{head}"),
            Some(p) if (p.kind == PartKind::Column && p.on.is_none()) || name.is_empty() => {
                write!(f, "{head} of {}", self.key.entry)
            }
            Some(_) => write!(f, "{head} on {}", self.key.entry),
        }
    }
}

impl serde::Serialize for ObjectRef {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("ObjectRef", 4)?;
        s.serialize_field("kind", self.word())?;
        s.serialize_field("name", &self.name())?;
        s.serialize_field(
            "parent",
            &self.key.part.as_ref().map(|_| self.key.entry.to_string()),
        )?;
        s.serialize_field("path", &self.path)?;
        s.end()
    }
}

impl Change {
    pub fn added(object: ObjectRef, actual: String) -> Self {
        Change {
            object,
            kind: ChangeKind::Added { actual },
        }
    }
    pub fn removed(object: ObjectRef, expected: String) -> Self {
        Change {
            object,
            kind: ChangeKind::Removed { expected },
        }
    }
    pub fn altered(object: ObjectRef, expected: String, actual: String) -> Self {
        Change {
            object,
            kind: ChangeKind::Altered { expected, actual },
        }
    }
    pub fn reordered(object: ObjectRef, expected: Vec<String>, actual: Vec<String>) -> Self {
        Change {
            object,
            kind: ChangeKind::Reordered { expected, actual },
        }
    }

    /// The model object the change is about in each schema, `(expected,
    /// actual)`: `None` on the side where it is absent. Pass the schemas
    /// the compared documents were rendered from.
    pub fn model_objects<'a>(
        &self,
        expected: &'a Schema,
        actual: &'a Schema,
    ) -> (Option<ModelObject<'a>>, Option<ModelObject<'a>>) {
        let key = self.object.key();
        (expected.object(key), actual.object(key))
    }
}

use crate::render::{Entry, Line};
use std::fmt;

/// One difference between an expected and an actual schema.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Change {
    pub object: ObjectRef,
    pub kind: ChangeKind,
}

/// Names the object a change is about: `index ix_tasks_user_id on
/// table public.tasks`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ObjectRef {
    /// `table`, `index`, `column`, `comment`…
    pub kind: String,
    /// Empty for a property that occurs once (a comment, a body).
    pub name: String,
    /// The entry a line belongs to: `table public.tasks`.
    pub parent: Option<String>,
    /// A stable, greppable path to the object: `table public.tasks`,
    /// `column public.tasks.title`, `index public.ix_tasks_user_id`; a
    /// property (comment, body) is reported as its owner's path.
    pub path: String,
    /// The schema-qualified name of the entry the change is in, for
    /// trimming reports to the relevant objects.
    #[serde(skip)]
    pub entry_name: String,
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
    pub fn entry(e: &Entry) -> Self {
        ObjectRef {
            kind: e.kind.word().to_string(),
            name: e.name.clone(),
            parent: None,
            path: e.label(),
            entry_name: e.name.clone(),
        }
    }

    pub fn line(e: &Entry, l: &Line) -> Self {
        let path = match l.kind {
            _ if l.name.is_empty() => e.label(),
            // Indexes live in their table's schema, named on their own.
            "index" => format!("index {}.{}", e.schema, l.name),
            "comment on" => format!("comment on {} of {}", l.name, e.label()),
            "grant" | "revoke" => format!("{} {} on {}", l.kind, l.name, e.label()),
            kind => format!("{kind} {}.{}", e.name, l.name),
        };
        ObjectRef {
            kind: l.kind.to_string(),
            name: l.name.clone(),
            parent: Some(e.label()),
            path,
            entry_name: e.name.clone(),
        }
    }
}

impl fmt::Display for ObjectRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let head = if self.name.is_empty() {
            self.kind.clone()
        } else {
            format!("{} {}", self.kind, self.name)
        };
        match &self.parent {
            None => write!(f, "{head}"),
            Some(p) if self.kind == "column" || self.name.is_empty() => write!(f, "{head} of {p}"),
            Some(p) => write!(f, "{head} on {p}"),
        }
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
}

use std::fmt;

/// A rendered schema: entries in a stable order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    entries: Vec<Entry>,
}

/// One top-level object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The schema the object lives in (for a schema entry, its own name).
    pub schema: String,
    pub kind: EntryKind,
    /// The qualified name (`public.tasks`, `public.f(integer)`), or the
    /// schema's name for a schema entry.
    pub name: String,
    /// The first line without the kind word: `public.tasks`,
    /// `public.f(a integer) returns text`.
    pub header: String,
    /// Keyed lines in display order.
    pub lines: Vec<Line>,
}

/// The kinds of top-level entries, in the order they are printed within
/// a schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EntryKind {
    Schema,
    Extension,
    Collation,
    TextSearchConfig,
    Type,
    Sequence,
    Table,
    View,
    MaterializedView,
    Function,
    Procedure,
    Aggregate,
    EventTrigger,
    Publication,
    DefaultPrivileges,
}

impl EntryKind {
    /// The word that starts the entry's first line.
    pub fn word(self) -> &'static str {
        match self {
            EntryKind::Schema => "schema",
            EntryKind::Type => "type",
            EntryKind::Sequence => "sequence",
            EntryKind::Table => "table",
            EntryKind::View => "view",
            EntryKind::MaterializedView => "materialized view",
            EntryKind::Function => "function",
            EntryKind::Procedure => "procedure",
            EntryKind::Extension => "extension",
            EntryKind::Collation => "collation",
            EntryKind::TextSearchConfig => "text search configuration",
            EntryKind::Aggregate => "aggregate",
            EntryKind::EventTrigger => "event trigger",
            EntryKind::Publication => "publication",
            EntryKind::DefaultPrivileges => "default privileges",
        }
    }
}

/// One line under an entry, keyed by `(kind, name)` so that two renderings
/// can be compared object by object. `name` is empty for properties that
/// occur once (a comment, a function's body).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub kind: &'static str,
    pub name: String,
    /// What follows the kind word; may span several lines (bodies,
    /// view definitions), which are printed indented.
    pub text: String,
}

impl Line {
    pub fn new(kind: &'static str, name: impl Into<String>, text: impl Into<String>) -> Self {
        Line {
            kind,
            name: name.into(),
            text: text.into(),
        }
    }

    /// A property that occurs once per entry.
    pub fn property(kind: &'static str, text: impl Into<String>) -> Self {
        Line::new(kind, "", text)
    }

    /// How the line is named in a message: `column priority`, `comment`.
    pub fn label(&self) -> String {
        if self.name.is_empty() {
            self.kind.to_string()
        } else {
            format!("{} {}", self.kind, self.name)
        }
    }
}

impl Entry {
    /// How the entry is named in a message: `table public.tasks`.
    pub fn label(&self) -> String {
        format!("{} {}", self.kind.word(), self.name)
    }

    /// Identity of the entry within a document.
    pub fn key(&self) -> (&str, EntryKind, &str) {
        (&self.schema, self.kind, &self.name)
    }
}

impl Document {
    /// Sorts the entries: by schema, then kind, then name.
    pub fn new(mut entries: Vec<Entry>) -> Self {
        entries.sort_by(|a, b| a.key().cmp(&b.key()));
        Document { entries }
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Looks an entry up by its identity.
    pub fn get(&self, schema: &str, kind: EntryKind, name: &str) -> Option<&Entry> {
        self.entries
            .binary_search_by(|e| e.key().cmp(&(schema, kind, name)))
            .ok()
            .map(|i| &self.entries[i])
    }
}

impl fmt::Display for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} {}", self.kind.word(), self.header)?;
        for line in &self.lines {
            write_line(f, line)?;
        }
        Ok(())
    }
}

fn write_line(f: &mut fmt::Formatter<'_>, line: &Line) -> fmt::Result {
    let mut parts = line.text.split('\n');
    let first = parts.next().unwrap_or_default();
    let rest: Vec<&str> = parts.collect();
    if rest.is_empty() {
        let sep = if first.is_empty() { "" } else { " " };
        return writeln!(f, "  {}{sep}{first}", line.label());
    }
    // Multi-line values (bodies, view definitions) start on their own
    // line, indented under the key, so that a diff shows the changed
    // lines of the body rather than one long changed line.
    writeln!(f, "  {}", line.label())?;
    for l in std::iter::once(first).chain(rest) {
        if l.is_empty() {
            writeln!(f)?;
        } else {
            writeln!(f, "    {l}")?;
        }
    }
    Ok(())
}

impl fmt::Display for Document {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, entry) in self.entries.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{entry}")?;
        }
        Ok(())
    }
}

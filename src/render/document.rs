use crate::model::object::{EntryKey, PartKey, PartKind};
use std::fmt;
use std::sync::Arc;

/// A rendered schema: entries in a stable order.
///
/// Entries are shared (`Arc`): the documents of successive inspections
/// hold the same entry for every object that did not change (see
/// [`super::RenderCache`]), so a clone costs a pointer per entry and
/// comparing two documents skips every shared entry without reading it
/// (`Arc<T: Eq>` equality checks the pointer first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    entries: Vec<Arc<Entry>>,
}

/// One top-level object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Which object this is; entries are sorted by it.
    pub key: EntryKey,
    /// The first line without the kind word: `public.tasks`,
    /// `public.f(a integer) returns text`.
    pub header: String,
    /// Keyed lines in display order.
    pub lines: Vec<Line>,
}

/// One line under an entry, keyed by the part of the object it shows so
/// that two renderings can be compared object by object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// Which part of the entry's object this is.
    pub key: PartKey,
    /// What follows the label; may span several lines (bodies, view
    /// definitions), which are printed indented.
    pub text: String,
    /// How the differ compares `text`; never printed.
    pub compared_as: Comparison,
    /// For a line whose value is a secret (`text` then says `<redacted>`):
    /// a hash of the value computed by the server, compared with `text` but
    /// never printed, so that a changed password is a change without a
    /// snapshot or report showing it.
    pub fingerprint: Option<String>,
}

/// What a document shows in place of a secret value.
pub const REDACTED: &str = "<redacted>";

/// How the differ compares two texts of the same line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Comparison {
    /// Byte for byte.
    #[default]
    Text,
    /// As SQL or PL/pgSQL source: token by token, whitespace and comments
    /// outside literals left out (a routine's body; `diff::code`), unless
    /// the diff is told to compare bodies strictly.
    Code,
}

impl Line {
    /// A line for a named part: a column, an index, a grantee's
    /// privileges.
    pub fn new(kind: PartKind, name: impl Into<String>, text: impl Into<String>) -> Self {
        Line::keyed(PartKey::named(kind, name), text)
    }

    /// A property that occurs once per entry.
    pub fn property(kind: PartKind, text: impl Into<String>) -> Self {
        Line::keyed(PartKey::property(kind), text)
    }

    /// A line for any part.
    pub fn keyed(key: PartKey, text: impl Into<String>) -> Self {
        Line {
            key,
            text: text.into(),
            compared_as: Comparison::Text,
            fingerprint: None,
        }
    }

    /// A line that shows `text` (with its secrets already redacted) and is
    /// also compared by `fingerprint`, a hash of the secret value.
    pub fn secret(key: PartKey, text: impl Into<String>, fingerprint: impl Into<String>) -> Self {
        Line {
            fingerprint: Some(fingerprint.into()),
            ..Line::keyed(key, text)
        }
    }

    /// The text to show for this line as the after side of a change from
    /// `before`: its text, marked when only the hidden secret differs (the
    /// two texts would otherwise read the same).
    pub fn text_after(&self, before: &Line) -> String {
        if self.text == before.text && self.fingerprint != before.fingerprint {
            format!("{} (another value)", self.text)
        } else {
            self.text.clone()
        }
    }

    /// The same line, compared as `how`.
    pub fn compared_as(self, how: Comparison) -> Self {
        Line {
            compared_as: how,
            ..self
        }
    }

    /// How the line is named in a message: `column priority`, `comment`.
    pub fn label(&self) -> String {
        self.key.label()
    }
}

impl Entry {
    /// An entry for the object `key` names.
    pub fn new(key: EntryKey, header: impl Into<String>, lines: Vec<Line>) -> Self {
        Entry {
            key,
            header: header.into(),
            lines,
        }
    }

    /// The name a document prints: `public.tasks`, `public.f(integer)`.
    pub fn name(&self) -> String {
        self.key.display_name()
    }

    /// How the entry is named in a message: `table public.tasks`.
    pub fn label(&self) -> String {
        self.key.to_string()
    }
}

impl Document {
    /// Sorts the entries: by schema, then kind, then name.
    pub fn new(entries: Vec<Entry>) -> Self {
        Document::shared(entries.into_iter().map(Arc::new).collect())
    }

    /// A document of entries that other documents may share; sorted like
    /// [`Document::new`].
    pub fn shared(mut entries: Vec<Arc<Entry>>) -> Self {
        entries.sort_by(|a, b| a.key.cmp(&b.key));
        Document { entries }
    }

    pub fn entries(&self) -> &[Arc<Entry>] {
        &self.entries
    }

    /// Looks an entry up by its identity.
    pub fn get(&self, key: &EntryKey) -> Option<&Entry> {
        self.entries
            .binary_search_by(|e| e.key.cmp(key))
            .ok()
            .map(|i| &*self.entries[i])
    }
}

impl fmt::Display for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} {}", self.key.kind.word(), self.header)?;
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

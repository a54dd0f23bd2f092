//! Model → deterministic text.
//!
//! [`document`] turns a [`Schema`] into a [`Document`]: entries (one per
//! object: schema, table, view, sequence, type, function) sorted by schema,
//! kind and name, each with keyed lines (a table's columns, constraints,
//! indexes, triggers, comment). The document's `Display` is the snapshot
//! text. The same schema renders byte for byte the same, and every field
//! of the model is rendered, so two documents are equal exactly when the
//! schemas are: the walk compares documents, and what it compares is what
//! a reviewer reads.

mod document;
mod function;
mod relation;
mod text;

pub use document::{Document, Entry, EntryKind, Line};

use crate::model::Schema;

/// Renders a whole schema.
pub fn document(schema: &Schema) -> Document {
    let mut entries = Vec::new();
    for (name, namespace) in &schema.namespaces {
        entries.push(relation::namespace(name, namespace));
    }
    for (name, table) in &schema.tables {
        entries.push(relation::table(name, table));
    }
    for (name, view) in &schema.views {
        entries.push(relation::view(name, view));
    }
    for (name, sequence) in &schema.sequences {
        entries.push(relation::sequence(name, sequence));
    }
    for (name, ty) in &schema.types {
        entries.push(relation::type_def(name, ty));
    }
    for (name, function) in &schema.functions {
        entries.push(function::function(name, function));
    }
    Document::new(entries)
}

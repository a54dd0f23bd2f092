//! Model → deterministic text.
//!
//! [`document`] turns a [`Schema`] into a [`Document`]: entries (one per
//! object: schema, extension, collation, text search configuration, type,
//! sequence, table, view, statistics object, function, procedure, aggregate, event trigger,
//! publication, default privileges, operator, operator family, operator
//! class, cast, transform, conversion, text search dictionary, parser and
//! template, foreign data wrapper, server with its user mappings, foreign
//! table, subscription, language, access method) sorted by schema (database-wide
//! objects under the empty schema name, first), kind and name, each with keyed lines (a table's columns, constraints,
//! indexes, triggers, comment). Entries and lines carry typed keys
//! ([`crate::model::object::EntryKey`], [`crate::model::object::PartKey`])
//! that name the model object they show. The document's `Display` is the snapshot
//! text. The same schema renders byte for byte the same, and every field
//! of the model is rendered, so two documents are equal exactly when the
//! schemas are: the walk compares documents, and what it compares is what
//! a reviewer reads.
//!
//! Owners are rendered only when they are not the role that runs the
//! migrations, and privileges only where they differ from the object's
//! defaults (`grant <grantee> <privileges>` / `revoke <grantee>
//! <privileges>`), so that a snapshot reads the same on every backend
//! whatever the superuser is called.

mod document;
mod foreign;
mod function;
mod global;
mod parts;
mod relation;
mod support;
mod text;
mod types;

pub use document::{Comparison, Document, Entry, Line, REDACTED};

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
    for (name, s) in &schema.statistics {
        entries.push(relation::statistics(name, s));
    }
    for (name, sequence) in &schema.sequences {
        entries.push(relation::sequence(name, sequence));
    }
    for (name, ty) in &schema.types {
        entries.push(types::type_def(name, ty));
    }
    for (name, function) in &schema.functions {
        entries.push(function::function(name, function));
    }
    for (name, e) in &schema.extensions {
        entries.push(global::extension(name, e));
    }
    for (name, c) in &schema.collations {
        entries.push(global::collation(name, c));
    }
    for (name, c) in &schema.text_search_configs {
        entries.push(global::text_search_config(name, c));
    }
    for (name, t) in &schema.event_triggers {
        entries.push(global::event_trigger(name, t));
    }
    for (name, p) in &schema.publications {
        entries.push(global::publication(name, p));
    }
    for (key, p) in &schema.default_privileges {
        entries.push(global::default_privileges(key, p));
    }
    for (name, o) in &schema.operators {
        entries.push(support::operator(name, o));
    }
    for (name, f) in &schema.operator_families {
        entries.push(support::operator_family(name, f));
    }
    for (name, c) in &schema.operator_classes {
        entries.push(support::operator_class(name, c));
    }
    for (name, c) in &schema.casts {
        entries.push(support::cast(name, c));
    }
    for (name, t) in &schema.transforms {
        entries.push(support::transform(name, t));
    }
    for (name, c) in &schema.conversions {
        entries.push(support::conversion(name, c));
    }
    for (name, d) in &schema.text_search_dictionaries {
        entries.push(support::text_search_dictionary(name, d));
    }
    for (name, p) in &schema.text_search_parsers {
        entries.push(support::text_search_parser(name, p));
    }
    for (name, t) in &schema.text_search_templates {
        entries.push(support::text_search_template(name, t));
    }
    for (name, w) in &schema.foreign_data_wrappers {
        entries.push(foreign::foreign_data_wrapper(name, w));
    }
    for (name, s) in &schema.foreign_servers {
        entries.push(foreign::foreign_server(name, s));
    }
    for (name, s) in &schema.subscriptions {
        entries.push(foreign::subscription(name, s));
    }
    for (name, l) in &schema.languages {
        entries.push(foreign::language(name, l));
    }
    for (name, a) in &schema.access_methods {
        entries.push(foreign::access_method(name, a));
    }
    Document::new(entries)
}

#[cfg(test)]
mod support_tests;
#[cfg(test)]
mod tests;

#[cfg(test)]
mod foreign_tests;

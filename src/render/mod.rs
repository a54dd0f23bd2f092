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
//!
//! Every renderer is a pure function of its key and its one model object:
//! it reads nothing else of the schema. [`RenderCache`] relies on that to
//! render again only the objects that changed since its previous document,
//! whose entries (shared, `Arc<Entry>`) the new document reuses.

/// Calls `$apply!` with every map of [`Schema`] that renders entries: its
/// field, key type, object type (as the map holds it: the four relation
/// maps hold `Arc`s) and renderer. The one list that [`document`] and
/// [`RenderCache`] both follow.
macro_rules! rendered_kinds {
    ($apply:ident) => {
        $apply! {
            namespaces: String, Namespace => relation::namespace;
            tables: QualifiedName, Arc<Table> => relation::table;
            views: QualifiedName, Arc<View> => relation::view;
            statistics: QualifiedName, Arc<Statistics> => relation::statistics;
            sequences: QualifiedName, Arc<Sequence> => relation::sequence;
            types: QualifiedName, TypeDef => types::type_def;
            functions: QualifiedName, Function => function::function;
            extensions: String, Extension => global::extension;
            collations: QualifiedName, Collation => global::collation;
            text_search_configs: QualifiedName, TextSearchConfig => global::text_search_config;
            event_triggers: String, EventTrigger => global::event_trigger;
            publications: String, Publication => global::publication;
            default_privileges: DefaultPrivilegesKey, Privileges => global::default_privileges;
            operators: QualifiedName, Operator => support::operator;
            operator_families: QualifiedName, OperatorFamily => support::operator_family;
            operator_classes: QualifiedName, OperatorClass => support::operator_class;
            casts: String, Cast => support::cast;
            transforms: String, Transform => support::transform;
            conversions: QualifiedName, Conversion => support::conversion;
            text_search_dictionaries: QualifiedName, TextSearchDictionary => support::text_search_dictionary;
            text_search_parsers: QualifiedName, TextSearchParser => support::text_search_parser;
            text_search_templates: QualifiedName, TextSearchTemplate => support::text_search_template;
            foreign_data_wrappers: String, ForeignDataWrapper => foreign::foreign_data_wrapper;
            foreign_servers: String, ForeignServer => foreign::foreign_server;
            subscriptions: String, Subscription => foreign::subscription;
            languages: String, Language => foreign::language;
            access_methods: String, AccessMethod => foreign::access_method;
        }
    };
}

mod cache;
mod document;
mod foreign;
mod function;
mod global;
mod parts;
mod relation;
mod support;
mod text;
mod types;

pub use cache::{CacheStats, RenderCache};
pub use document::{Comparison, Document, Entry, Line, REDACTED};

use crate::model::Schema;
use std::sync::Arc;

macro_rules! render_all {
    ($($field:ident: $key:ty, $object:ty => $render:path;)*) => {
        /// Renders a whole schema. Every renderer is a function of one
        /// model object and its key alone (nothing else of the schema),
        /// which is what lets [`RenderCache`] reuse entries.
        pub fn document(schema: &Schema) -> Document {
            let mut entries = Vec::new();
            $(
                for (key, object) in &schema.$field {
                    entries.push(Arc::new($render(key, object)));
                }
            )*
            Document::shared(entries)
        }
    };
}

rendered_kinds!(render_all);

#[cfg(test)]
mod support_tests;
#[cfg(test)]
mod tests;

#[cfg(test)]
mod cache_tests;
#[cfg(test)]
mod foreign_tests;

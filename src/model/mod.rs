//! The normalized schema: what a database looks like to its users, with
//! nothing that legitimately differs between two equal schemas (no OIDs,
//! no sequence positions, no gathered statistics: the definitions of
//! statistics objects are kept, their data is not).
//!
//! Pure data. One struct per object kind, kept in `BTreeMap`s keyed by
//! name so that iteration order never depends on the catalog. Names are
//! stored as PostgreSQL would print them (`quote_ident`), so the model
//! needs no quoting rules of its own.
//!
//! Two orders are part of the schema and kept as the catalog gives them:
//! a table's columns (drop + re-add moves a column to the end, which
//! changes `SELECT *` and positional `INSERT`) and an enum's labels.

mod foreign;
mod function;
mod global;
mod name;
pub mod object;
mod privilege;
mod relation;
mod sequence;
mod statistics;
mod support;
mod types;

pub use foreign::{
    AccessMethod, ForeignDataWrapper, ForeignServer, ForeignSource, Language, OptionValue, Options,
    Subscription,
};
#[cfg(test)]
pub(crate) use foreign::{sample_foreign_table, sample_objects};
pub use function::{Function, RoutineKind};
pub use global::{Collation, EventTrigger, Extension, Publication, TextSearchConfig};
pub use name::QualifiedName;
pub use privilege::{DefaultPrivilegesKey, Privileges};
pub use relation::{
    Column, Constraint, ConstraintKind, Identity, Index, Policy, Rule, Table, TableProperties,
    Trigger, View,
};
pub use sequence::Sequence;
pub use statistics::{Statistics, StatisticsKind};
pub use support::{
    Cast, Conversion, Members, Operator, OperatorClass, OperatorFamily, TextSearchDictionary,
    TextSearchParser, TextSearchTemplate, Transform,
};
pub use types::{Domain, DomainCheck, Range, TypeDef, TypeKind};

use std::collections::BTreeMap;
use std::sync::Arc;

/// Everything pg-roundtrip compares, for one database.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Schema {
    /// Schemas (namespaces) by name.
    pub namespaces: BTreeMap<String, Namespace>,
    /// Tables by name. The four relation maps (tables, views, statistics,
    /// sequences) hold their objects behind an [`Arc`], so that a schema
    /// can share an unchanged relation with another (the incremental
    /// inspection and the render cache do); change one with
    /// [`Arc::make_mut`], which copies it only when it is shared.
    /// Equality still compares the objects.
    pub tables: BTreeMap<QualifiedName, Arc<Table>>,
    /// Views and materialized views.
    pub views: BTreeMap<QualifiedName, Arc<View>>,
    /// Extended statistics objects (`CREATE STATISTICS`), by their own
    /// qualified name.
    pub statistics: BTreeMap<QualifiedName, Arc<Statistics>>,
    pub sequences: BTreeMap<QualifiedName, Arc<Sequence>>,
    /// User-defined types: enums, composite types, domains, ranges.
    pub types: BTreeMap<QualifiedName, TypeDef>,
    /// Functions, procedures and aggregates, keyed by identity signature:
    /// `name` is `touch(integer, text)`.
    pub functions: BTreeMap<QualifiedName, Function>,
    /// Installed extensions by name (database-wide).
    pub extensions: BTreeMap<String, Extension>,
    pub collations: BTreeMap<QualifiedName, Collation>,
    pub text_search_configs: BTreeMap<QualifiedName, TextSearchConfig>,
    /// Event triggers by name (database-wide).
    pub event_triggers: BTreeMap<String, EventTrigger>,
    /// Publications by name (database-wide).
    pub publications: BTreeMap<String, Publication>,
    /// `ALTER DEFAULT PRIVILEGES` entries that change anything.
    pub default_privileges: BTreeMap<DefaultPrivilegesKey, Privileges>,
    /// Operators, keyed by `name(left, right)`.
    pub operators: BTreeMap<QualifiedName, Operator>,
    /// Operator families, keyed by `name using method`.
    pub operator_families: BTreeMap<QualifiedName, OperatorFamily>,
    /// Operator classes, keyed by `name using method`.
    pub operator_classes: BTreeMap<QualifiedName, OperatorClass>,
    /// Casts by `(source AS target)` (database-wide).
    pub casts: BTreeMap<String, Cast>,
    /// Transforms by `for type language lang` (database-wide).
    pub transforms: BTreeMap<String, Transform>,
    pub conversions: BTreeMap<QualifiedName, Conversion>,
    pub text_search_dictionaries: BTreeMap<QualifiedName, TextSearchDictionary>,
    pub text_search_parsers: BTreeMap<QualifiedName, TextSearchParser>,
    pub text_search_templates: BTreeMap<QualifiedName, TextSearchTemplate>,
    /// Foreign data wrappers by name (database-wide).
    pub foreign_data_wrappers: BTreeMap<String, ForeignDataWrapper>,
    /// Foreign servers by name, with their user mappings (database-wide).
    pub foreign_servers: BTreeMap<String, ForeignServer>,
    /// Subscriptions of this database by name.
    pub subscriptions: BTreeMap<String, Subscription>,
    /// Procedural languages a migration created, by name.
    pub languages: BTreeMap<String, Language>,
    /// Access methods a migration created, by name.
    pub access_methods: BTreeMap<String, AccessMethod>,
}

/// A schema (namespace).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Namespace {
    /// `None` when it is the role that runs the migrations.
    pub owner: Option<String>,
    pub privileges: Privileges,
    pub comment: Option<String>,
}

impl Schema {
    /// The same schema with every table's columns sorted by name: what
    /// `--ignore column-order` compares.
    pub fn without_column_order(&self) -> Schema {
        let mut schema = self.clone();
        for table in schema.tables.values_mut() {
            // Only a table whose columns move is copied out of the share.
            if !table.columns.is_sorted_by(|a, b| a.name <= b.name) {
                Arc::make_mut(table)
                    .columns
                    .sort_by(|a, b| a.name.cmp(&b.name));
            }
        }
        schema
    }

    /// The same schema with every owner left out: what `--ignore
    /// ownership` compares. Privileges stay (they are relative to the
    /// owner's defaults, so they do not name the owner).
    pub fn without_ownership(&self) -> Schema {
        let mut schema = self.clone();
        schema.clear_owners();
        schema
    }

    /// Leaves every owner out (`--ignore ownership`). A shared relation is
    /// copied only when it has an owner to clear.
    pub fn clear_owners(&mut self) {
        self.owners_where(true).for_each(|owner| *owner = None);
    }

    /// Every owner field of every object, in one iterator. Reaching an
    /// owner in one of the four relation maps copies a shared relation
    /// ([`Arc::make_mut`]); [`Schema::clear_owners`] skips the relations
    /// without one.
    pub fn owners_mut(&mut self) -> impl Iterator<Item = &mut Option<String>> {
        self.owners_where(false)
    }

    /// The owner fields of every object; with `only_set`, a relation of
    /// the four shared maps only when its owner is set (so that it is not
    /// copied for nothing). The destructuring below names every field of [`Schema`], so a
    /// new kind does not compile until it says here whether its objects
    /// have an owner.
    fn owners_where(&mut self, only_set: bool) -> impl Iterator<Item = &mut Option<String>> {
        let Schema {
            namespaces,
            tables,
            views,
            statistics,
            sequences,
            types,
            functions,
            extensions: _,
            collations,
            text_search_configs,
            event_triggers,
            publications,
            default_privileges: _,
            operators,
            operator_families,
            operator_classes,
            casts: _,
            transforms: _,
            conversions,
            text_search_dictionaries,
            text_search_parsers: _,
            text_search_templates: _,
            foreign_data_wrappers,
            foreign_servers,
            subscriptions,
            languages,
            access_methods: _,
        } = self;
        let namespaces = namespaces.values_mut().map(|x| &mut x.owner);
        let tables = tables
            .values_mut()
            .filter(move |x| !only_set || x.owner.is_some())
            .map(|x| &mut Arc::make_mut(x).owner);
        let views = views
            .values_mut()
            .filter(move |x| !only_set || x.owner.is_some())
            .map(|x| &mut Arc::make_mut(x).owner);
        let statistics = statistics
            .values_mut()
            .filter(move |x| !only_set || x.owner.is_some())
            .map(|x| &mut Arc::make_mut(x).owner);
        let sequences = sequences
            .values_mut()
            .filter(move |x| !only_set || x.owner.is_some())
            .map(|x| &mut Arc::make_mut(x).owner);
        let types = types.values_mut().map(|x| &mut x.owner);
        let functions = functions.values_mut().map(|x| &mut x.owner);
        let collations = collations.values_mut().map(|x| &mut x.owner);
        let text_search_configs = text_search_configs.values_mut().map(|x| &mut x.owner);
        let event_triggers = event_triggers.values_mut().map(|x| &mut x.owner);
        let publications = publications.values_mut().map(|x| &mut x.owner);
        let operators = operators.values_mut().map(|x| &mut x.owner);
        let operator_families = operator_families.values_mut().map(|x| &mut x.owner);
        let operator_classes = operator_classes.values_mut().map(|x| &mut x.owner);
        let conversions = conversions.values_mut().map(|x| &mut x.owner);
        let text_search_dictionaries = text_search_dictionaries.values_mut().map(|x| &mut x.owner);
        let foreign_data_wrappers = foreign_data_wrappers.values_mut().map(|x| &mut x.owner);
        let foreign_servers = foreign_servers.values_mut().map(|x| &mut x.owner);
        let subscriptions = subscriptions.values_mut().map(|x| &mut x.owner);
        let languages = languages.values_mut().map(|x| &mut x.owner);
        namespaces
            .chain(tables)
            .chain(views)
            .chain(statistics)
            .chain(sequences)
            .chain(types)
            .chain(functions)
            .chain(collations)
            .chain(text_search_configs)
            .chain(event_triggers)
            .chain(publications)
            .chain(operators)
            .chain(operator_families)
            .chain(operator_classes)
            .chain(conversions)
            .chain(text_search_dictionaries)
            .chain(foreign_data_wrappers)
            .chain(foreign_servers)
            .chain(subscriptions)
            .chain(languages)
    }

    /// True when the database holds nothing but schemas and the
    /// extensions every new database has (plpgsql).
    pub fn is_empty(&self) -> bool {
        self.tables.is_empty()
            && self.views.is_empty()
            && self.statistics.is_empty()
            && self.sequences.is_empty()
            && self.types.is_empty()
            && self.functions.is_empty()
            && self.collations.is_empty()
            && self.text_search_configs.is_empty()
            && self.event_triggers.is_empty()
            && self.publications.is_empty()
            && self.default_privileges.is_empty()
            && self.foreign_data_wrappers.is_empty()
            && self.foreign_servers.is_empty()
            && self.subscriptions.is_empty()
            && self.languages.is_empty()
            && self.access_methods.is_empty()
            && self.extensions.keys().all(|name| name == "plpgsql")
            && self.operators.is_empty()
            && self.operator_families.is_empty()
            && self.operator_classes.is_empty()
            && self.casts.is_empty()
            && self.transforms.is_empty()
            && self.conversions.is_empty()
            && self.text_search_dictionaries.is_empty()
            && self.text_search_parsers.is_empty()
            && self.text_search_templates.is_empty()
    }
}

#[cfg(test)]
mod tests;

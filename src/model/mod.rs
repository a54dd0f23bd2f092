//! The normalized schema: what a database looks like to its users, with
//! nothing that legitimately differs between two equal schemas (no OIDs,
//! no sequence positions, no statistics).
//!
//! Pure data. One struct per object kind, kept in `BTreeMap`s keyed by
//! name so that iteration order never depends on the catalog. Names are
//! stored as PostgreSQL would print them (`quote_ident`), so the model
//! needs no quoting rules of its own.
//!
//! Two orders are part of the schema and kept as the catalog gives them:
//! a table's columns (drop + re-add moves a column to the end, which
//! changes `SELECT *` and positional `INSERT`) and an enum's labels.

mod function;
mod name;
mod relation;
mod sequence;
mod types;

pub use function::{Function, RoutineKind};
pub use name::QualifiedName;
pub use relation::{Column, Constraint, ConstraintKind, Identity, Index, Table, Trigger, View};
pub use sequence::Sequence;
pub use types::{TypeDef, TypeKind};

use std::collections::BTreeMap;

/// Everything pg-roundtrip compares, for one database.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Schema {
    /// Schemas (namespaces) by name.
    pub namespaces: BTreeMap<String, Namespace>,
    pub tables: BTreeMap<QualifiedName, Table>,
    /// Views and materialized views.
    pub views: BTreeMap<QualifiedName, View>,
    pub sequences: BTreeMap<QualifiedName, Sequence>,
    /// User-defined types (enums in v1).
    pub types: BTreeMap<QualifiedName, TypeDef>,
    /// Functions and procedures, keyed by identity signature:
    /// `name` is `touch(integer, text)`.
    pub functions: BTreeMap<QualifiedName, Function>,
}

/// A schema (namespace).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Namespace {
    pub comment: Option<String>,
}

impl Schema {
    /// The same schema with every table's columns sorted by name: what
    /// `--ignore column-order` compares.
    pub fn without_column_order(&self) -> Schema {
        let mut schema = self.clone();
        for table in schema.tables.values_mut() {
            table.columns.sort_by(|a, b| a.name.cmp(&b.name));
        }
        schema
    }

    /// True when the database holds nothing but empty schemas.
    pub fn is_empty(&self) -> bool {
        self.tables.is_empty()
            && self.views.is_empty()
            && self.sequences.is_empty()
            && self.types.is_empty()
            && self.functions.is_empty()
    }
}

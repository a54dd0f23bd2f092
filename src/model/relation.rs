//! Tables and views, with what hangs off them.

use std::collections::BTreeMap;

/// An ordinary or partitioned table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    /// Live columns in catalog order (rank among non-dropped columns,
    /// never the raw attnum, which keeps the gaps of dropped columns).
    pub columns: Vec<Column>,
    /// Constraints by name: primary key, unique, foreign key, check,
    /// exclusion.
    pub constraints: BTreeMap<String, Constraint>,
    /// Indexes by name, except those that implement a constraint (the
    /// constraint already says everything about them).
    pub indexes: BTreeMap<String, Index>,
    /// Triggers by name (internal ones, e.g. for foreign keys, excluded).
    pub triggers: BTreeMap<String, Trigger>,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    /// `format_type(atttypid, atttypmod)`, e.g. `character varying(200)`.
    pub data_type: String,
    /// Only when it differs from the type's default collation.
    pub collation: Option<String>,
    pub not_null: bool,
    /// `pg_get_expr` of the default (absent for identity and generated
    /// columns).
    pub default: Option<String>,
    pub identity: Option<Identity>,
    /// The expression of a `GENERATED ALWAYS AS (…) STORED` column.
    pub generated: Option<String>,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Identity {
    Always,
    ByDefault,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Constraint {
    pub kind: ConstraintKind,
    /// `pg_get_constraintdef`, e.g. `FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE`.
    pub definition: String,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ConstraintKind {
    PrimaryKey,
    Unique,
    ForeignKey,
    Check,
    Exclusion,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Index {
    /// `pg_get_indexdef`: method, opclasses, collations, sort order,
    /// INCLUDE, predicate, expressions, uniqueness.
    pub definition: String,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trigger {
    /// `pg_get_triggerdef`: timing, events, columns, level, WHEN,
    /// function and arguments.
    pub definition: String,
    /// When it fires (`ALTER TABLE … ENABLE/DISABLE TRIGGER`), which the
    /// definition does not say: `origin` (the default), `replica`,
    /// `always` or `disabled`.
    pub enabled: String,
    pub comment: Option<String>,
}

/// A view or a materialized view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct View {
    pub materialized: bool,
    /// Output column names and types, in order.
    pub columns: Vec<(String, String)>,
    /// `pg_get_viewdef`.
    pub definition: String,
    /// Indexes of a materialized view, by name.
    pub indexes: BTreeMap<String, Index>,
    /// `INSTEAD OF` (and statement-level) triggers of a view, by name.
    pub triggers: BTreeMap<String, Trigger>,
    pub comment: Option<String>,
}

//! Tables and views, with what hangs off them.

use super::Privileges;
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
    /// Row security policies by name.
    pub policies: BTreeMap<String, Policy>,
    /// Rewrite rules by name.
    pub rules: BTreeMap<String, Rule>,
    pub properties: TableProperties,
    /// `None` when it is the role that runs the migrations.
    pub owner: Option<String>,
    pub privileges: Privileges,
    pub comment: Option<String>,
}

/// How a table is stored and partitioned, and who may see its rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableProperties {
    pub unlogged: bool,
    /// `pg_get_partkeydef` of a partitioned table: `RANGE (at)`.
    pub partition_key: Option<String>,
    /// A partition's parent and bound (`FOR VALUES FROM … TO …`, `DEFAULT`).
    pub partition_of: Option<(String, String)>,
    /// Inheritance parents, in order (not partitions' parents).
    pub inherits: Vec<String>,
    /// Storage parameters (`fillfactor=70`), sorted.
    pub options: Vec<String>,
    pub row_security: bool,
    pub force_row_security: bool,
    /// `None` for the default; `nothing`, `full` or `using index x`.
    pub replica_identity: Option<String>,
    /// `None` for the database's default tablespace.
    pub tablespace: Option<String>,
    /// `None` for heap (or none, for partitioned tables).
    pub access_method: Option<String>,
    /// A foreign table's server and options; `None` for every other table.
    pub foreign: Option<super::ForeignSource>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    /// `format_type(atttypid, atttypmod)`, e.g. `character varying(200)`.
    pub data_type: String,
    /// Only when it differs from the type's default collation.
    pub collation: Option<String>,
    pub not_null: bool,
    /// PostgreSQL 18's NOT NULL constraint, when it says more than
    /// `not_null`: `constraint a_nn`, `not valid`, `no inherit`.
    pub not_null_constraint: Option<String>,
    /// `pg_get_expr` of the default (absent for identity and generated
    /// columns).
    pub default: Option<String>,
    pub identity: Option<Identity>,
    /// The expression of a `GENERATED ALWAYS AS (…)` column.
    pub generated: Option<String>,
    /// True for a `VIRTUAL` generated column (PostgreSQL 18), false for
    /// `STORED`.
    pub generated_virtual: bool,
    /// `plain`, `external`, `main` or `extended`, only when it differs
    /// from the type's default.
    pub storage: Option<String>,
    /// `pglz` or `lz4`; `None` for the default.
    pub compression: Option<String>,
    /// `SET STATISTICS n`; `None` for the default.
    pub statistics: Option<i32>,
    /// Column privileges (grants only: columns have no default).
    pub privileges: Privileges,
    pub comment: Option<String>,
    /// A foreign table column's generic options.
    pub options: super::Options,
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
    /// INCLUDE, predicate, expressions, uniqueness, storage parameters
    /// (sorted).
    pub definition: String,
    /// False for an index a failed `CREATE INDEX CONCURRENTLY` left behind.
    pub valid: bool,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// `all`, `select`, `insert`, `update` or `delete`.
    pub command: String,
    pub permissive: bool,
    /// Sorted; `PUBLIC`, `CURRENT_USER` or role names.
    pub roles: Vec<String>,
    pub using: Option<String>,
    pub check: Option<String>,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// `pg_get_ruledef`.
    pub definition: String,
    /// `origin` (default), `replica`, `always` or `disabled`.
    pub enabled: String,
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
    /// Rewrite rules other than the view's own `_RETURN`.
    pub rules: BTreeMap<String, Rule>,
    /// `security_barrier=true`, `check_option=local`, … sorted; for a
    /// materialized view its storage parameters.
    pub options: Vec<String>,
    /// False for a materialized view created `WITH NO DATA` (not yet
    /// refreshed); always true for views.
    pub populated: bool,
    /// Column comments by column name.
    pub column_comments: BTreeMap<String, String>,
    /// Column privileges by column name.
    pub column_privileges: BTreeMap<String, Privileges>,
    pub owner: Option<String>,
    pub privileges: Privileges,
    pub comment: Option<String>,
}

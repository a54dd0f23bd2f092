//! One struct per catalog query, field for field what its `sql/*.sql` file
//! selects. Each query's rows arrive as one JSON array (`json_agg`), so
//! these are plain `Deserialize` structs. Names arrive already quoted
//! (`quote_ident`); no OIDs.

use serde::Deserialize;

/// `sql/settings.sql`.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct SettingsRow {
    pub server_version_num: i32,
}

/// `sql/namespaces.sql`.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct NamespaceRow {
    pub name: String,
    pub owner: Option<String>,
    pub comment: Option<String>,
}

/// `sql/relations.sql`: a table, view or materialized view.
#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct RelationRow {
    pub schema: String,
    pub name: String,
    /// `relkind`: `r`, `p`, `v` or `m`.
    pub kind: String,
    /// `pg_get_viewdef`, for views and materialized views.
    pub definition: Option<String>,
    pub owner: Option<String>,
    pub unlogged: bool,
    pub partition_key: Option<String>,
    pub partition_of: Option<String>,
    pub partition_bound: Option<String>,
    pub inherits: Vec<String>,
    pub options: Vec<String>,
    pub row_security: bool,
    pub force_row_security: bool,
    pub replica_identity: Option<String>,
    pub tablespace: Option<String>,
    pub access_method: Option<String>,
    pub populated: bool,
    pub comment: Option<String>,
}

/// `sql/columns.sql`, in attnum order within each relation.
#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct ColumnRow {
    pub schema: String,
    pub relation: String,
    pub name: String,
    /// `attnum`: only its order counts.
    pub position: i32,
    pub data_type: String,
    pub collation: Option<String>,
    pub not_null: bool,
    pub not_null_detail: Option<String>,
    pub default_expr: Option<String>,
    /// `attidentity`: empty, `a` or `d`.
    pub identity: String,
    pub generated: Option<String>,
    /// `attgenerated`: empty, `s` (stored) or `v` (virtual).
    pub generated_kind: String,
    /// `attstorage` when it differs from the type's: `p`, `e`, `m`, `x`.
    pub storage: Option<String>,
    /// `attcompression`: empty, `p` or `l`.
    pub compression: String,
    pub statistics: Option<i32>,
    pub comment: Option<String>,
}

/// `sql/constraints.sql`.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct ConstraintRow {
    pub schema: String,
    pub relation: String,
    pub name: String,
    /// `contype`: `p`, `u`, `f`, `c` or `x`.
    pub kind: String,
    pub definition: String,
    pub comment: Option<String>,
}

/// `sql/indexes.sql`.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct IndexRow {
    pub schema: String,
    pub relation: String,
    pub name: String,
    pub definition: String,
    pub valid: bool,
    pub comment: Option<String>,
}

/// `sql/triggers.sql`.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct TriggerRow {
    pub schema: String,
    pub relation: String,
    pub name: String,
    pub definition: String,
    /// `origin`, `replica`, `always` or `disabled`; `None` only for a
    /// `tgenabled` value this version does not know.
    pub enabled: Option<String>,
    pub comment: Option<String>,
}

/// `sql/policies.sql`.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct PolicyRow {
    pub schema: String,
    pub relation: String,
    pub name: String,
    pub command: String,
    pub permissive: bool,
    pub roles: Vec<String>,
    pub using_expr: Option<String>,
    pub check_expr: Option<String>,
    pub comment: Option<String>,
}

/// `sql/rules.sql`.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct RuleRow {
    pub schema: String,
    pub relation: String,
    pub name: String,
    pub definition: String,
    pub enabled: String,
    pub comment: Option<String>,
}

/// `sql/sequences.sql`.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct SequenceRow {
    pub schema: String,
    pub name: String,
    pub data_type: String,
    pub start: i64,
    pub increment: i64,
    pub min: i64,
    pub max: i64,
    pub cache: i64,
    pub cycle: bool,
    pub owned_by: Option<String>,
    pub owner: Option<String>,
    pub unlogged: bool,
    pub comment: Option<String>,
}

/// `sql/types.sql`: an enum, composite type, domain or range type.
#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct TypeRow {
    pub schema: String,
    pub name: String,
    /// `e` (enum), `c` (composite), `d` (domain) or `r` (range).
    pub kind: String,
    pub owner: Option<String>,
    pub labels: Vec<String>,
    pub attribute_names: Vec<String>,
    pub attribute_types: Vec<String>,
    pub base_type: Option<String>,
    pub collation: Option<String>,
    pub default_expr: Option<String>,
    pub not_null: bool,
    pub checks: Vec<DomainCheckRow>,
    pub subtype: Option<String>,
    pub subtype_opclass: Option<String>,
    pub range_collation: Option<String>,
    pub canonical: Option<String>,
    pub subtype_diff: Option<String>,
    pub multirange: Option<String>,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub(super) struct DomainCheckRow {
    pub name: String,
    pub definition: String,
    pub comment: Option<String>,
}

/// `sql/functions.sql`.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct FunctionRow {
    pub schema: String,
    /// `name(identity arguments)`.
    pub name: String,
    /// `prokind`: `f`, `p` or `a`.
    pub kind: String,
    pub arguments: String,
    pub result: Option<String>,
    pub language: String,
    pub volatility: String,
    pub strict: bool,
    pub security_definer: bool,
    pub leakproof: bool,
    pub parallel: String,
    pub cost: String,
    pub rows: Option<String>,
    /// `proconfig` in catalog order (sorted later).
    pub config: Vec<String>,
    pub body: String,
    pub owner: Option<String>,
    pub aggregate: Option<String>,
    pub comment: Option<String>,
}

/// `sql/extensions.sql`.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct ExtensionRow {
    pub name: String,
    pub schema: String,
    pub version: String,
    pub comment: Option<String>,
}

/// `sql/event_triggers.sql`.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct EventTriggerRow {
    pub name: String,
    pub event: String,
    pub tags: Vec<String>,
    pub function: String,
    pub enabled: String,
    pub owner: Option<String>,
    pub comment: Option<String>,
}

/// `sql/collations.sql`.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct CollationRow {
    pub schema: String,
    pub name: String,
    pub provider: String,
    pub deterministic: bool,
    pub lc_collate: Option<String>,
    pub lc_ctype: Option<String>,
    pub locale: Option<String>,
    pub rules: Option<String>,
    pub owner: Option<String>,
    pub comment: Option<String>,
}

/// `sql/text_search.sql`.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct TextSearchConfigRow {
    pub schema: String,
    pub name: String,
    pub parser: String,
    /// `alias dict1, dict2`, sorted by alias.
    pub mappings: Vec<String>,
    pub owner: Option<String>,
    pub comment: Option<String>,
}

/// `sql/publications.sql`.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct PublicationRow {
    pub name: String,
    pub all_tables: bool,
    pub publish: String,
    pub via_root: bool,
    pub generated_columns: Option<String>,
    pub tables: Vec<String>,
    pub schemas: Vec<String>,
    pub owner: Option<String>,
    pub comment: Option<String>,
}

/// `sql/privileges.sql`: one privilege that differs from the default.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct PrivilegeRow {
    /// `schema`, `relation`, `column`, `function` or `type`.
    pub kind: String,
    pub schema: String,
    pub name: String,
    pub column_name: Option<String>,
    /// `grant` or `revoke`.
    pub action: String,
    pub grantee: String,
    pub privilege: String,
}

/// `sql/default_privileges.sql`.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct DefaultPrivilegeRow {
    pub role: String,
    pub schema: Option<String>,
    pub object_type: String,
    pub action: String,
    pub grantee: String,
    pub privilege: String,
}

/// `sql/roles.sql`.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct RoleRow {
    pub name: String,
}

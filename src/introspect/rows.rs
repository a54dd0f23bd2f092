//! One struct per catalog query, field for field what its `sql/*.sql` file
//! selects. Names arrive already quoted (`quote_ident`); no OIDs.

use sqlx::postgres::PgRow;
use sqlx::{FromRow, Row};

/// `sql/settings.sql`.
#[derive(Debug, Clone)]
pub(super) struct SettingsRow {
    pub server_version_num: i32,
}

/// `sql/namespaces.sql`.
#[derive(Debug, Clone)]
pub(super) struct NamespaceRow {
    pub name: String,
    pub comment: Option<String>,
}

/// `sql/relations.sql`: a table, view or materialized view.
#[derive(Debug, Clone)]
pub(super) struct RelationRow {
    pub schema: String,
    pub name: String,
    /// `relkind`: `r`, `p`, `v` or `m`.
    pub kind: String,
    /// `pg_get_viewdef`, for views and materialized views.
    pub definition: Option<String>,
    pub comment: Option<String>,
}

/// `sql/columns.sql`, in attnum order within each relation.
#[derive(Debug, Clone)]
pub(super) struct ColumnRow {
    pub schema: String,
    pub relation: String,
    pub name: String,
    pub data_type: String,
    pub collation: Option<String>,
    pub not_null: bool,
    pub default_expr: Option<String>,
    /// `attidentity`: empty, `a` or `d`.
    pub identity: String,
    pub generated: Option<String>,
    pub comment: Option<String>,
}

/// `sql/constraints.sql`.
#[derive(Debug, Clone)]
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
#[derive(Debug, Clone)]
pub(super) struct IndexRow {
    pub schema: String,
    pub relation: String,
    pub name: String,
    pub definition: String,
    pub comment: Option<String>,
}

/// `sql/triggers.sql`.
#[derive(Debug, Clone)]
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

/// `sql/sequences.sql`.
#[derive(Debug, Clone)]
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
    pub comment: Option<String>,
}

/// `sql/types.sql`: an enum or a composite type.
#[derive(Debug, Clone)]
pub(super) struct EnumRow {
    pub schema: String,
    pub name: String,
    /// `e` (enum) or `c` (composite).
    pub kind: String,
    pub labels: Vec<String>,
    pub attribute_names: Vec<String>,
    pub attribute_types: Vec<String>,
    pub comment: Option<String>,
}

/// `sql/functions.sql`.
#[derive(Debug, Clone)]
pub(super) struct FunctionRow {
    pub schema: String,
    /// `name(identity arguments)`.
    pub name: String,
    /// `prokind`: `f` or `p`.
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
    pub comment: Option<String>,
}

impl FromRow<'_, PgRow> for SettingsRow {
    fn from_row(row: &PgRow) -> sqlx::Result<Self> {
        Ok(SettingsRow {
            server_version_num: row.try_get("server_version_num")?,
        })
    }
}

impl FromRow<'_, PgRow> for NamespaceRow {
    fn from_row(row: &PgRow) -> sqlx::Result<Self> {
        Ok(NamespaceRow {
            name: row.try_get("name")?,
            comment: row.try_get("comment")?,
        })
    }
}

impl FromRow<'_, PgRow> for RelationRow {
    fn from_row(row: &PgRow) -> sqlx::Result<Self> {
        Ok(RelationRow {
            schema: row.try_get("schema")?,
            name: row.try_get("name")?,
            kind: row.try_get("kind")?,
            definition: row.try_get("definition")?,
            comment: row.try_get("comment")?,
        })
    }
}

impl FromRow<'_, PgRow> for ColumnRow {
    fn from_row(row: &PgRow) -> sqlx::Result<Self> {
        Ok(ColumnRow {
            schema: row.try_get("schema")?,
            relation: row.try_get("relation")?,
            name: row.try_get("name")?,
            data_type: row.try_get("data_type")?,
            collation: row.try_get("collation")?,
            not_null: row.try_get("not_null")?,
            default_expr: row.try_get("default_expr")?,
            identity: row.try_get("identity")?,
            generated: row.try_get("generated")?,
            comment: row.try_get("comment")?,
        })
    }
}

impl FromRow<'_, PgRow> for ConstraintRow {
    fn from_row(row: &PgRow) -> sqlx::Result<Self> {
        Ok(ConstraintRow {
            schema: row.try_get("schema")?,
            relation: row.try_get("relation")?,
            name: row.try_get("name")?,
            kind: row.try_get("kind")?,
            definition: row.try_get("definition")?,
            comment: row.try_get("comment")?,
        })
    }
}

impl FromRow<'_, PgRow> for IndexRow {
    fn from_row(row: &PgRow) -> sqlx::Result<Self> {
        Ok(IndexRow {
            schema: row.try_get("schema")?,
            relation: row.try_get("relation")?,
            name: row.try_get("name")?,
            definition: row.try_get("definition")?,
            comment: row.try_get("comment")?,
        })
    }
}

impl FromRow<'_, PgRow> for TriggerRow {
    fn from_row(row: &PgRow) -> sqlx::Result<Self> {
        Ok(TriggerRow {
            schema: row.try_get("schema")?,
            relation: row.try_get("relation")?,
            name: row.try_get("name")?,
            definition: row.try_get("definition")?,
            enabled: row.try_get("enabled")?,
            comment: row.try_get("comment")?,
        })
    }
}

impl FromRow<'_, PgRow> for SequenceRow {
    fn from_row(row: &PgRow) -> sqlx::Result<Self> {
        Ok(SequenceRow {
            schema: row.try_get("schema")?,
            name: row.try_get("name")?,
            data_type: row.try_get("data_type")?,
            start: row.try_get("start")?,
            increment: row.try_get("increment")?,
            min: row.try_get("min")?,
            max: row.try_get("max")?,
            cache: row.try_get("cache")?,
            cycle: row.try_get("cycle")?,
            owned_by: row.try_get("owned_by")?,
            comment: row.try_get("comment")?,
        })
    }
}

impl FromRow<'_, PgRow> for EnumRow {
    fn from_row(row: &PgRow) -> sqlx::Result<Self> {
        Ok(EnumRow {
            schema: row.try_get("schema")?,
            name: row.try_get("name")?,
            kind: row.try_get("kind")?,
            labels: row.try_get("labels")?,
            attribute_names: row.try_get("attribute_names")?,
            attribute_types: row.try_get("attribute_types")?,
            comment: row.try_get("comment")?,
        })
    }
}

impl FromRow<'_, PgRow> for FunctionRow {
    fn from_row(row: &PgRow) -> sqlx::Result<Self> {
        Ok(FunctionRow {
            schema: row.try_get("schema")?,
            name: row.try_get("name")?,
            kind: row.try_get("kind")?,
            arguments: row.try_get("arguments")?,
            result: row.try_get("result")?,
            language: row.try_get("language")?,
            volatility: row.try_get("volatility")?,
            strict: row.try_get("strict")?,
            security_definer: row.try_get("security_definer")?,
            leakproof: row.try_get("leakproof")?,
            parallel: row.try_get("parallel")?,
            cost: row.try_get("cost")?,
            rows: row.try_get("rows")?,
            config: row.try_get("config")?,
            body: row.try_get("body")?,
            comment: row.try_get("comment")?,
        })
    }
}

//! What to leave out of an inspection.

/// Migration tools' bookkeeping tables. They are left out in every schema,
/// together with their columns, constraints, indexes, triggers and owned
/// sequences: their rows, not the schema, record what has been applied.
pub const BOOKKEEPING_TABLES: &[&str] = &[
    "_sqlx_migrations",
    "__diesel_schema_migrations",
    "schema_migrations",
    "alembic_version",
    "goose_db_version",
    "flyway_schema_history",
];

/// Options for [`super::inspect`]. The default leaves out
/// [`BOOKKEEPING_TABLES`] and nothing else.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InspectOptions {
    /// The bookkeeping tables of the history's layout, when known; `None`
    /// leaves out every tool's ([`BOOKKEEPING_TABLES`]), as `inspect` of a
    /// live database does.
    pub bookkeeping_tables: Option<Vec<String>>,
    /// Further bookkeeping tables to leave out (e.g. a migration table
    /// renamed in the tool's configuration). Matched against the table's
    /// name as stored in the catalog (unquoted, case-sensitive), in every
    /// schema.
    pub ignore_tables: Vec<String>,
    /// Leave every object's owner out of the model (`--ignore ownership`).
    /// Ownership is compared by default: who owns an object decides who
    /// may alter or drop it, and what its default privileges are.
    pub ignore_ownership: bool,
}

impl InspectOptions {
    /// Every table name to leave out: the defaults, then the extras.
    pub fn ignored_tables(&self) -> Vec<String> {
        let defaults: Vec<String> = match &self.bookkeeping_tables {
            Some(tables) => tables.clone(),
            None => BOOKKEEPING_TABLES.iter().map(|t| (*t).to_owned()).collect(),
        };
        defaults
            .into_iter()
            .chain(self.ignore_tables.iter().cloned())
            .collect()
    }
}

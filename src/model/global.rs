//! Database-wide objects without a schema of their own, and collations and
//! text search configurations.

use std::collections::BTreeMap;

/// An installed extension. Its member objects are left out of the model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extension {
    pub schema: String,
    pub version: String,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventTrigger {
    /// `ddl_command_start`, `ddl_command_end`, `sql_drop`, `table_rewrite`, `login`.
    pub event: String,
    /// `WHEN TAG IN (…)`, sorted.
    pub tags: Vec<String>,
    /// The function, as `regprocedure` text.
    pub function: String,
    /// `origin` (default), `replica`, `always` or `disabled`.
    pub enabled: String,
    pub owner: Option<String>,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publication {
    pub all_tables: bool,
    /// Published operations: `insert, update, delete, truncate`.
    pub publish: String,
    pub via_root: bool,
    /// `publish_generated_columns` (PostgreSQL 18), `None` before.
    pub generated_columns: Option<String>,
    /// Tables with column list and row filter, sorted.
    pub tables: Vec<String>,
    /// `TABLES IN SCHEMA`, sorted.
    pub schemas: Vec<String>,
    pub owner: Option<String>,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collation {
    /// `libc`, `icu` or `builtin`.
    pub provider: String,
    pub deterministic: bool,
    pub lc_collate: Option<String>,
    pub lc_ctype: Option<String>,
    /// ICU or builtin locale.
    pub locale: Option<String>,
    /// ICU rules (PostgreSQL 16+).
    pub rules: Option<String>,
    pub owner: Option<String>,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextSearchConfig {
    pub parser: String,
    /// Token type alias → dictionaries in order (`asciiword simple`).
    pub mappings: BTreeMap<String, String>,
    pub owner: Option<String>,
    pub comment: Option<String>,
}

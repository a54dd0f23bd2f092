//! Objects that reach outside the database (foreign data wrappers,
//! foreign servers with their user mappings, a foreign table's source,
//! subscriptions) and the database-wide procedural languages and access
//! methods.
//!
//! Option values that look secret (their name contains `pass`, `secret`,
//! `key` or `token`) never leave the server: the inspection reads a hash
//! the server computed instead, which is compared but never rendered.

use super::Privileges;
use std::collections::BTreeMap;

/// The value of one generic option (`OPTIONS (host 'db', password '…')`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OptionValue {
    /// A value shown as it is.
    Plain(String),
    /// A secret: only a hash of it, computed by the server.
    Secret { hash: String },
}

/// Generic options by name (their order carries no meaning).
pub type Options = BTreeMap<String, OptionValue>;

/// A foreign data wrapper (database-wide).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForeignDataWrapper {
    /// The handler function (`regproc`), `None` for none.
    pub handler: Option<String>,
    pub validator: Option<String>,
    pub options: Options,
    pub owner: Option<String>,
    pub privileges: Privileges,
    pub comment: Option<String>,
}

/// A foreign server (database-wide), with its user mappings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForeignServer {
    pub wrapper: String,
    /// `TYPE '…'`.
    pub server_type: Option<String>,
    /// `VERSION '…'`.
    pub version: Option<String>,
    pub options: Options,
    /// User (`PUBLIC` or a role name) → the mapping's options.
    pub user_mappings: BTreeMap<String, Options>,
    pub owner: Option<String>,
    pub privileges: Privileges,
    pub comment: Option<String>,
}

/// What makes a table a foreign table: its server and options.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ForeignSource {
    pub server: String,
    pub options: Options,
}

/// A logical replication subscription (of this database).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    /// The connection string with secret values replaced by `<redacted>`.
    pub connection: String,
    /// A hash of the whole connection string, computed by the server.
    pub connection_hash: String,
    /// Publications subscribed to, sorted.
    pub publications: Vec<String>,
    pub enabled: bool,
    /// `slot_name`; `None` for `slot_name = NONE`.
    pub slot_name: Option<String>,
    /// Its other parameters (`binary`, `streaming`, `synchronous_commit`,
    /// …) as `name → value`, every major's set (PostgreSQL 17's `failover`
    /// only where it exists).
    pub parameters: BTreeMap<String, String>,
    pub owner: Option<String>,
    pub comment: Option<String>,
}

/// A procedural language created by a migration (not by an extension).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    pub trusted: bool,
    /// Handler, inline and validator functions (`regprocedure`).
    pub handler: Option<String>,
    pub inline: Option<String>,
    pub validator: Option<String>,
    pub owner: Option<String>,
    pub privileges: Privileges,
    pub comment: Option<String>,
}

/// An access method created by a migration (not by an extension).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessMethod {
    /// `table` or `index`.
    pub method_type: String,
    /// The handler function (`regproc`).
    pub handler: String,
    pub comment: Option<String>,
}

/// One object of each kind in this file (a foreign table is a
/// [`super::Table`]: see [`sample_foreign_table`]), with `owner` on every
/// kind that has one: for the model's, lookup's and renderer's tests.
#[cfg(test)]
pub(crate) fn sample_objects(schema: &mut super::Schema, owner: Option<String>) {
    let plain = |v: &str| OptionValue::Plain(v.to_string());
    let secret = |h: &str| OptionValue::Secret {
        hash: h.to_string(),
    };
    let mut grant = Privileges::default();
    grant.add(true, "reader".into(), "USAGE".into());
    schema.foreign_data_wrappers.insert(
        "app_fdw".into(),
        ForeignDataWrapper {
            handler: Some("app_handler".into()),
            validator: None,
            options: [("debug".to_string(), plain("on"))].into(),
            owner: owner.clone(),
            privileges: grant.clone(),
            comment: Some("wraps".into()),
        },
    );
    schema.foreign_servers.insert(
        "dw".into(),
        ForeignServer {
            wrapper: "postgres_fdw".into(),
            server_type: Some("pg".into()),
            version: None,
            options: [
                ("host".to_string(), plain("dw.internal")),
                ("sslpassword".to_string(), secret("0a1b")),
            ]
            .into(),
            user_mappings: [
                ("PUBLIC".to_string(), Options::new()),
                (
                    "reader".to_string(),
                    [
                        ("password".to_string(), secret("9f8e")),
                        ("user".to_string(), plain("r")),
                    ]
                    .into(),
                ),
            ]
            .into(),
            owner: owner.clone(),
            privileges: grant.clone(),
            comment: Some("warehouse".into()),
        },
    );
    schema.subscriptions.insert(
        "sub".into(),
        Subscription {
            connection: "host=up password=<redacted>".into(),
            connection_hash: "77aa".into(),
            publications: vec!["p1".into(), "p2".into()],
            enabled: false,
            slot_name: None,
            parameters: [("binary".to_string(), "on".to_string())].into(),
            owner: owner.clone(),
            comment: Some("from upstream".into()),
        },
    );
    let mut revoke = Privileges::default();
    revoke.add(false, "PUBLIC".into(), "USAGE".into());
    schema.languages.insert(
        "pl".into(),
        Language {
            trusted: true,
            handler: Some("plpgsql_call_handler()".into()),
            inline: Some("plpgsql_inline_handler(internal)".into()),
            validator: None,
            owner,
            privileges: revoke,
            comment: Some("another plpgsql".into()),
        },
    );
    schema.access_methods.insert(
        "hash2".into(),
        AccessMethod {
            method_type: "index".into(),
            handler: "hashhandler".into(),
            comment: Some("another hash".into()),
        },
    );
}

/// A foreign table `public.remote` on server `dw`, with a column option.
#[cfg(test)]
pub(crate) fn sample_foreign_table(schema: &mut super::Schema) {
    let column = |name: &str, options: Options| super::Column {
        name: name.into(),
        data_type: "integer".into(),
        options,
        ..super::Column::default()
    };
    let mut table = super::Table {
        columns: vec![
            column(
                "id",
                [(
                    "column_name".to_string(),
                    OptionValue::Plain("user_id".into()),
                )]
                .into(),
            ),
            column("n", Options::new()),
        ],
        comment: Some("remote".into()),
        ..super::Table::default()
    };
    table.properties.foreign = Some(ForeignSource {
        server: "dw".into(),
        options: [("table_name".to_string(), OptionValue::Plain("users".into()))].into(),
    });
    schema
        .tables
        .insert(super::QualifiedName::new("public", "remote"), table.into());
}

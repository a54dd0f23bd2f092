//! Every kind of user object the running server can hold is read by the
//! inspection, or left out here on purpose with the reason: so that a new
//! PostgreSQL major cannot add a kind silently.
//!
//! On a database with `tests/sql/all_kinds.sql` loaded, it lists the
//! `pg_class` relkinds, `pg_proc` prokinds and `pg_type` typtypes that
//! occur, and every `pg_catalog` table with an owner or namespace column,
//! and every shared catalog. Each must be named below: read (by the kind
//! query named, whose SQL must mention it outside comments) or left out
//! (with the reason). Anything else fails the test, naming it.
//!
//! It runs on a local cluster, or on the server
//! `PG_ROUNDTRIP_COVERAGE_URL=postgres://user:password@host:port/postgres`
//! names (a `postgres:17` or `postgres:18` container), in a scratch
//! database it drops again.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use pg_roundtrip::db::{Server, UrlServer};
use sqlx::{AssertSqlSafe, PgConnection};
use std::collections::BTreeSet;

const ALL_KINDS: &str = include_str!("sql/all_kinds.sql");

/// Catalogs whose rows the inspection reads as objects, and the query file
/// (under `src/introspect/`) that reads them.
const READ: &[(&str, &str)] = &[
    ("pg_namespace", "kinds/namespaces.sql"),
    ("pg_class", "kinds/relations.sql"),
    ("pg_type", "kinds/types.sql"),
    ("pg_proc", "kinds/functions.sql"),
    ("pg_constraint", "kinds/constraints.sql"),
    ("pg_collation", "kinds/collations.sql"),
    ("pg_ts_config", "kinds/text_search.sql"),
    ("pg_statistic_ext", "kinds/statistics.sql"),
    ("pg_extension", "kinds/extensions.sql"),
    ("pg_event_trigger", "kinds/event_triggers.sql"),
    ("pg_publication", "kinds/publications.sql"),
    ("pg_publication_namespace", "kinds/publications.sql"),
    ("pg_default_acl", "kinds/default_privileges.sql"),
    ("pg_foreign_data_wrapper", "kinds/foreign_data_wrappers.sql"),
    ("pg_foreign_server", "kinds/foreign_servers.sql"),
    ("pg_subscription", "kinds/subscriptions.sql"),
    ("pg_language", "kinds/languages.sql"),
    ("pg_am", "kinds/access_methods.sql"),
    ("pg_operator", "kinds/operators.sql"),
    ("pg_opclass", "kinds/operator_classes.sql"),
    ("pg_opfamily", "kinds/operator_families.sql"),
    ("pg_amop", "kinds/operator_families.sql"),
    ("pg_amproc", "kinds/operator_families.sql"),
    ("pg_cast", "kinds/casts.sql"),
    ("pg_ts_dict", "kinds/text_search_dictionaries.sql"),
    ("pg_ts_parser", "kinds/text_search_parsers.sql"),
    ("pg_ts_template", "kinds/text_search_templates.sql"),
    ("pg_transform", "kinds/transforms.sql"),
    ("pg_conversion", "kinds/conversions.sql"),
    // Roles are cluster-wide: read through the pg_roles view, for the
    // roles-left-behind check, never as part of a database's schema.
    ("pg_authid", "sql/roles.sql"),
];

/// Catalogs left out on purpose, with the reason.
const LEFT_OUT: &[(&str, &str)] = &[
    (
        "pg_largeobject_metadata",
        "large objects are data, like a table's rows, not schema",
    ),
    (
        "pg_database",
        "the database itself is the walk's scratch database, created by pg-roundtrip",
    ),
    (
        "pg_tablespace",
        "cluster-wide; a table's or index's tablespace is shown by its name",
    ),
    (
        "pg_auth_members",
        "role memberships are cluster-wide, not part of a database's schema",
    ),
    (
        "pg_db_role_setting",
        "ALTER ROLE / ALTER DATABASE … SET are cluster-wide settings",
    ),
    (
        "pg_shdepend",
        "dependencies on roles and tablespaces: bookkeeping, no objects of its own",
    ),
    (
        "pg_shdescription",
        "comments on databases, tablespaces and roles, which are cluster-wide",
    ),
    (
        "pg_shseclabel",
        "security labels need a label provider module, which no server we start loads",
    ),
    (
        "pg_replication_origin",
        "made by replication at run time, not by migrations",
    ),
    ("pg_parameter_acl", "GRANT SET ON PARAMETER is cluster-wide"),
];

/// relkinds: read by the query named, or left out with the reason.
const RELKINDS: &[(&str, &str)] = &[
    ("r", "read: kinds/relations.sql"),
    ("p", "read: kinds/relations.sql"),
    ("v", "read: kinds/relations.sql"),
    ("m", "read: kinds/relations.sql"),
    ("f", "read: kinds/relations.sql"),
    ("S", "read: kinds/sequences.sql"),
    ("c", "read: kinds/types.sql"),
    ("i", "read through pg_index by kinds/indexes.sql"),
    (
        "I",
        "read through pg_index by kinds/indexes.sql (a partitioned table's index)",
    ),
    ("t", "left out: a TOAST table is its table's storage"),
];

/// prokinds, the same way.
const PROKINDS: &[(&str, &str)] = &[
    ("f", "read: kinds/functions.sql"),
    ("p", "read: kinds/functions.sql"),
    ("a", "read: kinds/functions.sql"),
    ("w", "read: kinds/functions.sql"),
];

/// typtypes, the same way.
const TYPTYPES: &[(&str, &str)] = &[
    ("c", "read: kinds/types.sql"),
    ("d", "read: kinds/types.sql"),
    ("e", "read: kinds/types.sql"),
    ("r", "read: kinds/types.sql"),
    ("m", "left out: a multirange comes with its range type"),
    ("b", "read: kinds/types.sql"),
    // Shell types; the pseudo-types are built in.
    ("p", "read: kinds/types.sql"),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_catalog_that_can_hold_user_objects_is_read_or_left_out_on_purpose() {
    match std::env::var("PG_ROUNDTRIP_COVERAGE_URL") {
        Ok(url) => {
            let server = UrlServer::connect(&url)
                .await
                .unwrap_or_else(|e| panic!("PG_ROUNDTRIP_COVERAGE_URL: {e}"));
            check_on(server.server()).await;
            server.stop().await.unwrap();
        }
        Err(_) => {
            let cluster = common::cluster().await;
            check_on(cluster.server()).await;
            cluster.stop().await.unwrap();
        }
    }
}

async fn check_on(server: &Server) {
    let db = server
        .create_database(&format!("coverage_{}", std::process::id()))
        .await
        .unwrap();
    let mut conn = db.connect().await.unwrap();
    sqlx::raw_sql(AssertSqlSafe(ALL_KINDS))
        .execute(&mut conn)
        .await
        .unwrap_or_else(|e| panic!("all_kinds.sql failed: {e}"));
    let problems = problems(&mut conn).await;
    drop(conn);
    server.drop_database(&db).await.unwrap();
    assert!(
        problems.is_empty(),
        "on PostgreSQL {}:\n{}",
        server.major(),
        problems.join("\n")
    );
}

async fn problems(conn: &mut PgConnection) -> Vec<String> {
    let mut problems = Vec::new();
    let catalogs: Vec<String> = sqlx::query_scalar(
        "SELECT c.relname::text FROM pg_class c
         WHERE c.relnamespace = 'pg_catalog'::regnamespace AND c.relkind = 'r'
           AND (c.relisshared OR EXISTS (
                SELECT FROM pg_attribute a
                WHERE a.attrelid = c.oid AND a.attnum > 0
                  AND (a.attname ~ '(owner|namespace|nspid)$' OR a.attname = 'datdba')))
         ORDER BY 1",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap();
    for catalog in &catalogs {
        let read = READ.iter().find(|(c, _)| c == catalog);
        let known = read.is_some()
            || LEFT_OUT.iter().any(|(c, _)| c == catalog);
        if !known {
            problems.push(format!(
                "catalog {catalog} can hold user objects and no query reads it: \
                 read it (CONTRIBUTING.md, \"Adding an object kind\") or list it in LEFT_OUT \
                 with the reason"
            ));
        }
    }
    for (catalog, file) in READ {
        let sql = query_text(file);
        let scope = format!("scope_{}", catalog.trim_start_matches("pg_"));
        let view = if *catalog == "pg_authid" {
            "pg_roles"
        } else {
            catalog
        };
        if !sql.contains(view) && !sql.contains(&scope) {
            problems.push(format!("{file} does not read {catalog}, as READ says"));
        }
    }
    for (what, table, column, known) in [
        ("relkind", "pg_class", "relkind", RELKINDS),
        ("prokind", "pg_proc", "prokind", PROKINDS),
        ("typtype", "pg_type", "typtype", TYPTYPES),
    ] {
        let sql = format!("SELECT DISTINCT {column}::text FROM pg_catalog.{table} ORDER BY 1");
        let codes: Vec<String> = sqlx::query_scalar(AssertSqlSafe(sql))
            .fetch_all(&mut *conn)
            .await
            .unwrap();
        for code in codes {
            match known.iter().find(|(c, _)| *c == code) {
                None => problems.push(format!(
                    "{table}.{what} '{code}' occurs and nothing says whether it is read"
                )),
                Some((_, reason)) => {
                    if let Some(file) = reason.strip_prefix("read: ")
                        && !query_text(file).contains(&format!("'{code}'"))
                    {
                        problems.push(format!("{file} does not read {what} '{code}'"));
                    }
                }
            }
        }
    }
    problems
}

/// A query's text without its `--` comments.
fn query_text(file: &str) -> String {
    let path = common::repo_path(&format!("src/introspect/{file}"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    text.lines()
        .map(|l| l.split("--").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The lists name each catalog once, and no catalog both as read and as
/// left out.
#[test]
fn the_lists_do_not_contradict_each_other() {
    let mut seen = BTreeSet::new();
    let names = READ
        .iter()
        .map(|(c, _)| *c)
        .chain(LEFT_OUT.iter().map(|(c, _)| *c));
    for name in names {
        assert!(seen.insert(name), "{name} is listed twice");
    }
}

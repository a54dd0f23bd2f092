//! Bookkeeping tables by layout: a tool's own table is left out only in
//! that tool's histories, the table a tool creates before its first
//! migration is there for migrations that rely on it, and
//! `--exclude-table` (and `exclude-table` in the file) leaves out a renamed
//! or moved one; a bookkeeping table is left out only in the schema its
//! tool writes it in (the current schema). On a local throwaway
//! cluster, through the binary.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::bin::{PgRoundtrip, text};
use std::path::Path;

fn write(root: &Path, files: &[(&str, &str)]) {
    for (name, body) in files {
        let path = root.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, body).unwrap();
    }
}

fn check(cwd: &Path, extra: &[&str]) -> (Option<i32>, String) {
    let o = PgRoundtrip::local(cwd)
        .args(["check", "m", "--no-snapshots"])
        .args(extra)
        .output();
    (o.status.code(), text(&o))
}

#[test]
fn a_diesel_migration_may_rely_on_diesels_own_table() {
    // Lemmy's 2025-08-01-000017_forbid_diesel_cli puts a trigger on it.
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        &[
            (
                "m/2025-01-01-000000_guard/up.sql",
                "CREATE FUNCTION guard() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;\n\
                 CREATE TRIGGER guard BEFORE INSERT ON __diesel_schema_migrations \
                 FOR EACH ROW EXECUTE FUNCTION guard();\n",
            ),
            (
                "m/2025-01-01-000000_guard/down.sql",
                "DROP TRIGGER guard ON __diesel_schema_migrations;\nDROP FUNCTION guard();\n",
            ),
        ],
    );
    let (code, t) = check(tmp.path(), &[]);
    assert_eq!(code, Some(0), "{t}");
}

#[test]
fn another_tools_table_is_the_users_own() {
    // crates.io (diesel) once had a down that created `schema_migrations`:
    // golang-migrate's table name, but in a diesel history it is the
    // user's, and a downgrade that leaves it behind is a finding.
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        &[
            (
                "m/2024-01-01-000000_a/up.sql",
                "DROP TABLE IF EXISTS schema_migrations;\n",
            ),
            (
                "m/2024-01-01-000000_a/down.sql",
                "CREATE TABLE schema_migrations (version varchar PRIMARY KEY);\n",
            ),
        ],
    );
    let (code, t) = check(tmp.path(), &[]);
    assert_eq!(code, Some(1), "{t}");
    assert!(
        t.contains("downgrade-mismatch") && t.contains("schema_migrations"),
        "{t}"
    );
    // Left out on purpose, it passes.
    let (code, t) = check(tmp.path(), &["--exclude-table", "schema_migrations"]);
    assert_eq!(code, Some(0), "{t}");
}

#[test]
fn the_flat_layouts_tables_are_left_out_in_a_flat_history() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        &[
            (
                "m/1_a.up.sql",
                "CREATE TABLE IF NOT EXISTS schema_migrations (version bigint PRIMARY KEY, dirty boolean);\n\
                 CREATE TABLE t (id int);\n",
            ),
            ("m/1_a.down.sql", "DROP TABLE t;\n"),
        ],
    );
    let (code, t) = check(tmp.path(), &[]);
    assert_eq!(
        code,
        Some(0),
        "golang-migrate's table is its bookkeeping: {t}"
    );
}

/// golang-migrate's table, created by a down in a schema of the user's:
/// the tool writes its own in the current schema (public) only.
const IN_AUDIT: &[(&str, &str)] = &[
    ("m/1_audit.up.sql", "CREATE SCHEMA audit;\n"),
    ("m/1_audit.down.sql", "DROP SCHEMA audit;\n"),
    ("m/2_t.up.sql", "CREATE TABLE t (id int);\n"),
    (
        "m/2_t.down.sql",
        "DROP TABLE t;\nCREATE TABLE audit.schema_migrations (version bigint PRIMARY KEY);\n",
    ),
];

#[test]
fn a_bookkeeping_name_in_another_schema_is_the_users_own() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), IN_AUDIT);
    let (code, t) = check(tmp.path(), &[]);
    assert_eq!(code, Some(1), "{t}");
    assert!(
        t.contains("downgrade-mismatch") && t.contains("audit.schema_migrations"),
        "{t}"
    );
    // A bare --exclude-table is the current schema's: still seen.
    let (code, t) = check(tmp.path(), &["--exclude-table", "schema_migrations"]);
    assert_eq!(code, Some(1), "{t}");
    // SCHEMA.NAME and *.NAME leave it out.
    for table in ["audit.schema_migrations", "*.schema_migrations"] {
        let (code, t) = check(tmp.path(), &["--exclude-table", table]);
        assert_eq!(code, Some(0), "--exclude-table {table}: {t}");
    }
}

#[test]
fn exclude_table_and_strict_bodies_are_configuration_keys() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), IN_AUDIT);
    let config = tmp.path().join("pg-roundtrip.toml");
    std::fs::write(&config, "exclude-table = [\"audit.schema_migrations\"]\n").unwrap();
    let (code, t) = check(tmp.path(), &[]);
    assert_eq!(code, Some(0), "{t}");
    // The flag's list replaces the file's.
    let (code, t) = check(tmp.path(), &["--exclude-table", "audit.other"]);
    assert_eq!(code, Some(1), "{t}");

    // A function re-created with other indentation passes, unless
    // strict-bodies says bodies are compared byte for byte.
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        &[
            (
                "m/1_f.up.sql",
                "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\n",
            ),
            ("m/1_f.down.sql", "DROP FUNCTION f();\n"),
            ("m/2_g.up.sql", "CREATE TABLE g (id int);\n"),
            (
                "m/2_g.down.sql",
                "DROP TABLE g;\nCREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS $$  SELECT 1 $$;\n",
            ),
        ],
    );
    let (code, t) = check(tmp.path(), &[]);
    assert_eq!(code, Some(0), "{t}");
    let config = tmp.path().join("pg-roundtrip.toml");
    std::fs::write(&config, "strict-bodies = true\n").unwrap();
    let (code, t) = check(tmp.path(), &[]);
    assert_eq!(code, Some(1), "{t}");
    assert!(t.contains("2_g") && t.contains("downgrade-mismatch"), "{t}");
    std::fs::write(&config, "strict-bodies = \"yes\"\n").unwrap();
    let (code, t) = check(tmp.path(), &[]);
    assert_eq!(code, Some(2), "{t}");
    assert!(t.contains("pg-roundtrip.toml:1"), "{t}");
}

#[test]
fn a_table_of_the_layouts_name_in_the_current_schema_is_left_out_only_there() {
    // The same down under the flat layout, writing the table in public:
    // that is where golang-migrate keeps it, so it is left out.
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        &[
            ("m/1_t.up.sql", "CREATE TABLE t (id int);\n"),
            (
                "m/1_t.down.sql",
                "DROP TABLE t;\nCREATE TABLE IF NOT EXISTS public.schema_migrations (version bigint PRIMARY KEY);\n",
            ),
        ],
    );
    let (code, t) = check(tmp.path(), &[]);
    assert_eq!(code, Some(0), "{t}");
}

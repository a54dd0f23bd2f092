//! Bookkeeping tables by layout: a tool's own table is left out only in
//! that tool's histories, the table a tool creates before its first
//! migration is there for migrations that rely on it, and
//! `--exclude-table` leaves out a renamed one. On a local throwaway
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

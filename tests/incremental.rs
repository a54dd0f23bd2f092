//! Incremental inspection is exact: after every step it gives the schema a
//! full inspection gives, and it reads again only what a step changed.
//!
//! - a generated history (`benches/support/generate.rs`: tables with
//!   indexes, foreign keys, checks and comments; views, enums, triggers,
//!   grants, partitions, renamed columns under views and indexes) walked
//!   with `PG_ROUNDTRIP_VERIFY_INCREMENTAL=1`, which compares with a full
//!   inspection after every step and fails the walk on any difference;
//! - one change at a time whose effect reaches an object through a
//!   dependency (a view over a renamed column, a default naming a renamed
//!   sequence, …), compared directly, with how many relations were read.
//!
//! The mutation suite (`tests/mutations/`) runs every case with the same
//! check.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

#[path = "../benches/support/generate.rs"]
mod generate;

use pg_roundtrip::introspect::{Incremental, InspectOptions, inspect};
use pg_roundtrip::render::document;
use pg_roundtrip::walk::{RevisionStatus, VERIFY_INCREMENTAL, WalkOptions, walk};
use sqlx::{AssertSqlSafe, PgConnection};

fn verify_every_inspection() {
    // SAFETY: set before any walk of this process reads it, to the same
    // value by every test; nothing else writes the environment.
    unsafe { std::env::set_var(VERIFY_INCREMENTAL, "1") };
}

#[tokio::test]
async fn a_generated_history_inspects_the_same_incrementally_after_every_step() {
    verify_every_inspection();
    let dir = tempfile::tempdir().unwrap();
    generate::write_history(dir.path(), 45).unwrap();
    let history = common::load(dir.path());
    let cluster = common::shared().await;
    let report = walk(&history, cluster.server(), &WalkOptions::default())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.revisions.len(), 45);
    assert!(
        report.passed(),
        "{:#?}",
        report.findings().collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn broken_revisions_and_rebuilds_inspect_the_same_incrementally() {
    verify_every_inspection();
    let dir = tempfile::tempdir().unwrap();
    generate::write_history(dir.path(), 12).unwrap();
    // Revision 5's downgrade forgets its enum; revision 9's upgrade also
    // indexes t8, which its downgrade forgets.
    std::fs::write(dir.path().join("0005_rev5.down.sql"), "DROP TABLE t5;\n").unwrap();
    let (up9, _) = generate::revision(9);
    std::fs::write(
        dir.path().join("0009_rev9.up.sql"),
        format!("{up9}CREATE INDEX t8_amount_ix ON t8 (amount);\n"),
    )
    .unwrap();
    let history = common::load(dir.path());
    let cluster = common::shared().await;
    let report = walk(&history, cluster.server(), &WalkOptions::default())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let failed: Vec<&str> = report
        .revisions
        .iter()
        .filter(|r| r.status == RevisionStatus::Failed)
        .map(|r| r.id.as_str())
        .collect();
    assert_eq!(failed, ["0005_rev5", "0009_rev9"]);
    assert!(
        report
            .revisions
            .iter()
            .all(|r| !matches!(r.status, RevisionStatus::NotRun { .. }))
    );
}

async fn run(conn: &mut PgConnection, sql: &str) {
    sqlx::raw_sql(AssertSqlSafe(sql.to_owned()))
        .execute(conn)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// After `setup` and after `change`, incremental equals full; returns how
/// many relations the incremental inspection read again for `change`.
async fn same_after(conn: &mut PgConnection, setup: &str, change: &str) -> usize {
    let options = InspectOptions::default();
    let mut incremental = Incremental::new(options.clone());
    run(conn, setup).await;
    let first = incremental.inspect(conn).await.unwrap();
    assert_eq!(first, inspect(conn, &options).await.unwrap());
    assert!(!incremental.stats().whole, "assembled whole after {setup}");
    run(conn, change).await;
    let after = incremental.inspect(conn).await.unwrap();
    let full = inspect(conn, &options).await.unwrap();
    // Only the relations read again were decoded again.
    let stats = incremental.stats();
    assert!(!stats.whole, "assembled whole after {change}");
    assert_eq!(stats.decoded, stats.reread, "after {change}");
    assert_eq!(
        document(&after).to_string(),
        document(&full).to_string(),
        "after {change}"
    );
    assert_eq!(after, full, "after {change}");
    assert_ne!(
        document(&first).to_string(),
        document(&full).to_string(),
        "the change must change the schema: {change}"
    );
    incremental.stats().reread
}

/// Twenty tables nobody touches, so that a count of relations read again
/// shows what was and was not read.
fn bystanders() -> String {
    (0..20)
        .map(|i| format!("CREATE TABLE bystander_{i} (id int PRIMARY KEY, note text);\n"))
        .collect()
}

/// (name, setup, change): changes that reach an object's rendering through
/// what it depends on, not through its own catalog rows.
const THROUGH_DEPENDENCIES: &[(&str, &str, &str)] = &[
    (
        "view over a renamed column",
        "CREATE TABLE a (id int, name text); CREATE VIEW v AS SELECT name FROM a;",
        "ALTER TABLE a RENAME COLUMN name TO title;",
    ),
    (
        "view over a renamed table",
        "CREATE TABLE a (id int); CREATE VIEW v AS SELECT id FROM a;",
        "ALTER TABLE a RENAME TO b;",
    ),
    (
        "default naming a renamed sequence",
        "CREATE SEQUENCE s; CREATE TABLE a (id bigint DEFAULT nextval('s'));",
        "ALTER SEQUENCE s RENAME TO s2;",
    ),
    (
        "column of a renamed type",
        "CREATE TYPE mood AS ENUM ('ok'); CREATE TABLE a (m mood);",
        "ALTER TYPE mood RENAME TO feeling;",
    ),
    (
        "index over an expression calling a renamed function",
        "CREATE FUNCTION lower2(text) RETURNS text IMMUTABLE LANGUAGE sql AS 'SELECT lower($1)';
         CREATE TABLE a (name text); CREATE INDEX a_ix ON a (lower2(name));",
        "ALTER FUNCTION lower2(text) RENAME TO lower3;",
    ),
    (
        "trigger calling a function moved to another schema",
        "CREATE SCHEMA other;
         CREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
         CREATE TABLE a (id int); CREATE TRIGGER a_t BEFORE INSERT ON a FOR EACH ROW EXECUTE FUNCTION tf();",
        "ALTER FUNCTION tf() SET SCHEMA other;",
    ),
    (
        "foreign key to a renamed column",
        "CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (p_id int REFERENCES p (id));",
        "ALTER TABLE p RENAME COLUMN id TO key;",
    ),
    (
        "check calling a renamed function",
        "CREATE FUNCTION ok(int) RETURNS bool IMMUTABLE LANGUAGE sql AS 'SELECT $1 > 0';
         CREATE TABLE a (n int CHECK (ok(n)));",
        "ALTER FUNCTION ok(int) RENAME TO positive;",
    ),
    (
        "everything in a renamed schema",
        "CREATE SCHEMA app; CREATE TABLE app.a (id int PRIMARY KEY); CREATE VIEW v AS SELECT id FROM app.a;",
        "ALTER SCHEMA app RENAME TO core;",
    ),
    (
        "view in another schema over a table in the renamed public schema",
        "CREATE SCHEMA app; CREATE TABLE public.pt (id int); CREATE VIEW app.v AS SELECT id FROM public.pt;",
        "ALTER SCHEMA public RENAME TO pub;",
    ),
    (
        "partition of a renamed parent",
        "CREATE TABLE p (at date) PARTITION BY RANGE (at);
         CREATE TABLE p1 PARTITION OF p FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');",
        "ALTER TABLE p RENAME TO q;",
    ),
    (
        "sequence owned by a renamed column",
        "CREATE TABLE a (id serial);",
        "ALTER TABLE a RENAME COLUMN id TO key;",
    ),
    (
        "column with a renamed collation",
        "CREATE COLLATION c1 (provider = libc, locale = 'C'); CREATE TABLE a (t text COLLATE c1);",
        "ALTER COLLATION c1 RENAME TO c2;",
    ),
    (
        "comment on an index",
        "CREATE TABLE a (id int); CREATE INDEX a_ix ON a (id);",
        "COMMENT ON INDEX a_ix IS 'by id';",
    ),
    (
        "grant to a role renamed later",
        "CREATE ROLE rt_incr_r1; CREATE TABLE a (id int); GRANT SELECT ON a TO rt_incr_r1;",
        "ALTER ROLE rt_incr_r1 RENAME TO rt_incr_r2;",
    ),
    (
        "column dropped",
        "CREATE TABLE a (id int, gone text);",
        "ALTER TABLE a DROP COLUMN gone;",
    ),
    (
        "table dropped",
        "CREATE TABLE a (id int); CREATE TABLE b (id int);",
        "DROP TABLE b;",
    ),
];

#[tokio::test]
async fn changes_through_dependencies_are_read_again_and_nothing_else() {
    let cluster = common::shared().await;
    for (i, (name, setup, change)) in THROUGH_DEPENDENCIES.iter().enumerate() {
        let db = cluster
            .server()
            .create_database(&format!("incr_{}_{i}", std::process::id()))
            .await
            .unwrap();
        let mut conn = db.connect().await.unwrap();
        let setup = format!("{}{setup}", bystanders());
        let reread = same_after(&mut conn, &setup, change).await;
        // A change may reach a few relations (the view and its table),
        // never the twenty bystanders, except when a role is renamed:
        // role names may show anywhere.
        if name.contains("public") {
            assert!(reread >= 20, "{name}: every table in public must be read");
        } else if name.contains("role") {
            assert!(reread >= 20, "{name}: a renamed role must read everything");
        } else {
            assert!(reread <= 4, "{name}: {reread} relations read again");
        }
        drop(conn);
        cluster.server().drop_database(&db).await.unwrap();
    }
    // Roles are cluster-wide: take away the one the role case created.
    let db = cluster
        .server()
        .create_database("incr_roles")
        .await
        .unwrap();
    let mut conn = db.connect().await.unwrap();
    run(
        &mut conn,
        "DROP ROLE IF EXISTS rt_incr_r2; DROP ROLE IF EXISTS rt_incr_r1;",
    )
    .await;
    drop(conn);
    cluster.server().drop_database(&db).await.unwrap();
}

#[tokio::test]
async fn an_unchanged_schema_is_read_from_the_cache() {
    let cluster = common::shared().await;
    let db = cluster
        .server()
        .create_database(&format!("incr_same_{}", std::process::id()))
        .await
        .unwrap();
    let mut conn = db.connect().await.unwrap();
    run(&mut conn, &bystanders()).await;
    let options = InspectOptions::default();
    let mut incremental = Incremental::new(options.clone());
    let first = incremental.inspect(&mut conn).await.unwrap();
    assert_eq!(incremental.stats().reread, incremental.stats().anchors);
    assert!(incremental.stats().anchors >= 20);
    assert_eq!(incremental.stats().decoded, incremental.stats().anchors);
    let again = incremental.inspect(&mut conn).await.unwrap();
    assert_eq!(incremental.stats().reread, 0);
    assert_eq!(incremental.stats().decoded, 0);
    assert!(!incremental.stats().whole);
    assert_eq!(first, again);
    assert_eq!(again, inspect(&mut conn, &options).await.unwrap());
    drop(conn);
    cluster.server().drop_database(&db).await.unwrap();
}

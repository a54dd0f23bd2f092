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

/// This file's tests share one cluster, and roles are cluster-wide: a role
/// one test creates or renames changes the global fingerprint that every
/// other test's next inspection compares, which then reads every relation
/// again, and a test counting the relations read again fails. They run one
/// at a time.
async fn one_at_a_time() -> tokio::sync::MutexGuard<'static, ()> {
    static LOCK: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
    LOCK.lock().await
}

fn verify_every_inspection() {
    // SAFETY: set before any walk of this process reads it, to the same
    // value by every test; nothing else writes the environment.
    unsafe { std::env::set_var(VERIFY_INCREMENTAL, "1") };
}

#[tokio::test]
async fn a_generated_history_inspects_the_same_incrementally_after_every_step() {
    let _one_at_a_time = one_at_a_time().await;
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
    let _one_at_a_time = one_at_a_time().await;
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
    let _one_at_a_time = one_at_a_time().await;
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
    let _one_at_a_time = one_at_a_time().await;
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

// ---------------------------------------------------------------------------
// Deletions. The detector (`src/introspect/sql/anchors.sql`) sees inserts and
// updates as row versions written since the previous inspection; a deleted
// row is not there to be seen. It relies on a lower per-anchor row count in
// the catalogs where a row can go without any other row of the relation
// being written, and on a written row for the others. One case per way a
// row goes (and a few where one goes and another comes, so that the count
// stays the same).

/// (name, setup, change): each change deletes catalog rows of a relation
/// that stays.
const DELETIONS: &[(&str, &str, &str)] = &[
    (
        "trigger dropped",
        "CREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
         CREATE TABLE a (id int); CREATE TRIGGER a_t BEFORE INSERT ON a FOR EACH ROW EXECUTE FUNCTION tf();",
        "DROP TRIGGER a_t ON a;",
    ),
    (
        "trigger dropped and another created",
        "CREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
         CREATE TABLE a (id int); CREATE TRIGGER a_t BEFORE INSERT ON a FOR EACH ROW EXECUTE FUNCTION tf();",
        "DROP TRIGGER a_t ON a; CREATE TRIGGER a_u BEFORE UPDATE ON a FOR EACH ROW EXECUTE FUNCTION tf();",
    ),
    (
        "policy dropped",
        "CREATE TABLE a (id int); ALTER TABLE a ENABLE ROW LEVEL SECURITY;
         CREATE POLICY a_p ON a USING (id > 0);",
        "DROP POLICY a_p ON a;",
    ),
    (
        "rule dropped",
        "CREATE TABLE a (id int); CREATE TABLE b (id int);
         CREATE RULE a_r AS ON INSERT TO a DO ALSO INSERT INTO b VALUES (NEW.id);",
        "DROP RULE a_r ON a;",
    ),
    (
        "comment on a table dropped",
        "CREATE TABLE a (id int); COMMENT ON TABLE a IS 'x';",
        "COMMENT ON TABLE a IS NULL;",
    ),
    (
        "comment on a column dropped",
        "CREATE TABLE a (id int); COMMENT ON COLUMN a.id IS 'x';",
        "COMMENT ON COLUMN a.id IS NULL;",
    ),
    (
        "comment moved from one column to another",
        "CREATE TABLE a (id int, n int); COMMENT ON COLUMN a.id IS 'x';",
        "COMMENT ON COLUMN a.id IS NULL; COMMENT ON COLUMN a.n IS 'x';",
    ),
    (
        "comment on an index dropped",
        "CREATE TABLE a (id int); CREATE INDEX a_ix ON a (id); COMMENT ON INDEX a_ix IS 'x';",
        "COMMENT ON INDEX a_ix IS NULL;",
    ),
    (
        "comment on a constraint dropped",
        "CREATE TABLE a (id int CONSTRAINT a_c CHECK (id > 0)); COMMENT ON CONSTRAINT a_c ON a IS 'x';",
        "COMMENT ON CONSTRAINT a_c ON a IS NULL;",
    ),
    (
        "comment on a trigger dropped",
        "CREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
         CREATE TABLE a (id int); CREATE TRIGGER a_t BEFORE INSERT ON a FOR EACH ROW EXECUTE FUNCTION tf();
         COMMENT ON TRIGGER a_t ON a IS 'x';",
        "COMMENT ON TRIGGER a_t ON a IS NULL;",
    ),
    (
        "comment on a policy dropped",
        "CREATE TABLE a (id int); CREATE POLICY a_p ON a USING (id > 0); COMMENT ON POLICY a_p ON a IS 'x';",
        "COMMENT ON POLICY a_p ON a IS NULL;",
    ),
    (
        "comment on a rule dropped",
        "CREATE TABLE a (id int); CREATE TABLE b (id int);
         CREATE RULE a_r AS ON INSERT TO a DO ALSO INSERT INTO b VALUES (NEW.id);
         COMMENT ON RULE a_r ON a IS 'x';",
        "COMMENT ON RULE a_r ON a IS NULL;",
    ),
    (
        "comment on a statistics object dropped",
        "CREATE TABLE a (x int, y int); CREATE STATISTICS a_s ON x, y FROM a; COMMENT ON STATISTICS a_s IS 'x';",
        "COMMENT ON STATISTICS a_s IS NULL;",
    ),
    (
        "default dropped",
        "CREATE TABLE a (id int DEFAULT 1);",
        "ALTER TABLE a ALTER COLUMN id DROP DEFAULT;",
    ),
    (
        "generation expression dropped",
        "CREATE TABLE a (x int, y int GENERATED ALWAYS AS (x * 2) STORED);",
        "ALTER TABLE a ALTER COLUMN y DROP EXPRESSION;",
    ),
    (
        "check dropped",
        "CREATE TABLE a (id int CONSTRAINT a_c CHECK (id > 0));",
        "ALTER TABLE a DROP CONSTRAINT a_c;",
    ),
    (
        "foreign key dropped",
        "CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (p_id int CONSTRAINT c_fk REFERENCES p (id));",
        "ALTER TABLE c DROP CONSTRAINT c_fk;",
    ),
    (
        "primary key dropped",
        "CREATE TABLE a (id int CONSTRAINT a_pk PRIMARY KEY);",
        "ALTER TABLE a DROP CONSTRAINT a_pk;",
    ),
    (
        "unique constraint dropped and another added",
        "CREATE TABLE a (x int, y int, CONSTRAINT a_u UNIQUE (x));",
        "ALTER TABLE a DROP CONSTRAINT a_u; ALTER TABLE a ADD CONSTRAINT a_v UNIQUE (y);",
    ),
    (
        "index dropped",
        "CREATE TABLE a (id int); CREATE INDEX a_ix ON a (id);",
        "DROP INDEX a_ix;",
    ),
    (
        "partition detached",
        "CREATE TABLE p (at date) PARTITION BY RANGE (at);
         CREATE TABLE p1 PARTITION OF p FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');",
        "ALTER TABLE p DETACH PARTITION p1;",
    ),
    (
        "inheritance taken away",
        "CREATE TABLE p (id int); CREATE TABLE c () INHERITS (p);",
        "ALTER TABLE c NO INHERIT p;",
    ),
    (
        "statistics object dropped",
        "CREATE TABLE a (x int, y int); CREATE STATISTICS a_s ON x, y FROM a;",
        "DROP STATISTICS a_s;",
    ),
    (
        "grant on a table revoked",
        "CREATE TABLE a (id int); GRANT SELECT ON a TO PUBLIC;",
        "REVOKE SELECT ON a FROM PUBLIC;",
    ),
    (
        "grant on a column revoked",
        "CREATE TABLE a (id int); GRANT SELECT (id) ON a TO PUBLIC;",
        "REVOKE SELECT (id) ON a FROM PUBLIC;",
    ),
    (
        "sequence no longer owned",
        "CREATE TABLE a (id int); CREATE SEQUENCE s OWNED BY a.id;",
        "ALTER SEQUENCE s OWNED BY NONE;",
    ),
    (
        "sequence owned by another column",
        "CREATE TABLE a (id int, n int); CREATE SEQUENCE s OWNED BY a.id;",
        "ALTER SEQUENCE s OWNED BY a.n;",
    ),
    (
        "identity dropped",
        "CREATE TABLE a (id int GENERATED ALWAYS AS IDENTITY);",
        "ALTER TABLE a ALTER COLUMN id DROP IDENTITY;",
    ),
    (
        "view taken out of its extension",
        "CREATE EXTENSION pg_stat_statements;",
        "ALTER EXTENSION pg_stat_statements DROP VIEW pg_stat_statements_info;",
    ),
    (
        "table put into an extension",
        "CREATE EXTENSION citext; CREATE TABLE a (id int);",
        "ALTER EXTENSION citext ADD TABLE a;",
    ),
    (
        "view replaced by one with fewer columns' dependencies",
        "CREATE TABLE a (x int, y int); CREATE VIEW v AS SELECT x, y FROM a;",
        "CREATE OR REPLACE VIEW v AS SELECT x, 0 AS y FROM a;",
    ),
];

#[tokio::test]
async fn deletions_are_read_again_and_nothing_else() {
    let _one_at_a_time = one_at_a_time().await;
    let cluster = common::shared().await;
    for (i, (name, setup, change)) in DELETIONS.iter().enumerate() {
        let db = cluster
            .server()
            .create_database(&format!("incr_del_{}_{i}", std::process::id()))
            .await
            .unwrap();
        let mut conn = db.connect().await.unwrap();
        let setup = format!("{}{setup}", bystanders());
        let reread = same_after(&mut conn, &setup, change).await;
        assert!(reread <= 4, "{name}: {reread} relations read again");
        drop(conn);
        cluster.server().drop_database(&db).await.unwrap();
    }
}

/// A transaction in progress when one inspection takes its snapshot, and
/// committed before the next, wrote row versions older than that
/// snapshot's xmax: the next inspection finds them through the xids that
/// were in progress (the horizon's list), not through their age.
#[tokio::test]
async fn rows_of_a_transaction_in_progress_at_the_previous_inspection_are_read() {
    let _one_at_a_time = one_at_a_time().await;
    let cluster = common::shared().await;
    let db = cluster
        .server()
        .create_database(&format!("incr_in_progress_{}", std::process::id()))
        .await
        .unwrap();
    let mut conn = db.connect().await.unwrap();
    let mut other = db.connect().await.unwrap();
    run(&mut conn, &bystanders()).await;
    let options = InspectOptions::default();
    let mut incremental = Incremental::new(options.clone());
    incremental.inspect(&mut conn).await.unwrap();
    // Open, with an xid and a catalog row rewritten (no row count
    // changes), while the next inspection takes its snapshot; a later
    // xid commits first, so that the snapshot's xmax is past the open one
    // and lists it as in progress.
    run(
        &mut other,
        "BEGIN; ALTER TABLE bystander_3 RENAME COLUMN note TO remark;",
    )
    .await;
    run(&mut conn, "SELECT pg_current_xact_id()").await;
    let during = incremental.inspect(&mut conn).await.unwrap();
    assert_eq!(during, inspect(&mut conn, &options).await.unwrap());
    run(&mut other, "COMMIT").await;
    let after = incremental.inspect(&mut conn).await.unwrap();
    let full = inspect(&mut conn, &options).await.unwrap();
    assert_eq!(
        document(&after).to_string(),
        document(&full).to_string(),
        "after the open transaction committed"
    );
    assert_eq!(after, full);
    assert_ne!(during, full, "the committed rename must show");
    assert_eq!(incremental.stats().reread, 1, "{:?}", incremental.stats());
    drop((conn, other));
    cluster.server().drop_database(&db).await.unwrap();
}

/// The cluster's roles, databases and tablespaces come with the
/// incremental inspection's statement, equal to what their own query reads.
#[tokio::test]
async fn the_incremental_statement_reads_the_cluster_objects() {
    let _one_at_a_time = one_at_a_time().await;
    let cluster = common::shared().await;
    let db = cluster
        .server()
        .create_database(&format!("incr_cluster_{}", std::process::id()))
        .await
        .unwrap();
    let mut conn = db.connect().await.unwrap();
    // A database of the cluster's own (not a scratch database, which the
    // query leaves out).
    let other = format!("incr_cluster_other_{}", std::process::id());
    run(&mut conn, &format!("CREATE DATABASE {other}")).await;
    let mut incremental = Incremental::new(InspectOptions::default());
    assert!(incremental.cluster_objects().is_none());
    incremental.inspect(&mut conn).await.unwrap();
    let read = pg_roundtrip::introspect::cluster_objects(&mut conn)
        .await
        .unwrap();
    run(&mut conn, &format!("DROP DATABASE {other}")).await;
    assert_eq!(incremental.cluster_objects(), Some(&read));
    assert!(read.databases.contains(&other), "{read:?}");
    assert!(!read.databases.contains(&db.name), "{read:?}");
    drop(conn);
    cluster.server().drop_database(&db).await.unwrap();
}

/// The bookkeeping table is found in the current schema when that schema
/// changes between two inspections (the statement assumes the previous
/// one and runs again).
#[tokio::test]
async fn a_new_current_schema_moves_the_bookkeeping_table() {
    let _one_at_a_time = one_at_a_time().await;
    let cluster = common::shared().await;
    let db = cluster
        .server()
        .create_database(&format!("incr_current_{}", std::process::id()))
        .await
        .unwrap();
    let mut conn = db.connect().await.unwrap();
    let options = InspectOptions::default();
    let mut incremental = Incremental::new(options.clone());
    run(
        &mut conn,
        "CREATE TABLE public.schema_migrations (v text); SET search_path = app, public;",
    )
    .await;
    let first = incremental.inspect(&mut conn).await.unwrap();
    assert_eq!(first, inspect(&mut conn, &options).await.unwrap());
    // Now app exists, and is the current schema: public's table is a table
    // like any other, app's the bookkeeping table.
    run(
        &mut conn,
        "CREATE SCHEMA app; CREATE TABLE app.schema_migrations (v text);",
    )
    .await;
    let after = incremental.inspect(&mut conn).await.unwrap();
    let full = inspect(&mut conn, &options).await.unwrap();
    assert_eq!(document(&after).to_string(), document(&full).to_string());
    assert_eq!(after, full);
    assert_ne!(document(&first).to_string(), document(&full).to_string());
    drop(conn);
    cluster.server().drop_database(&db).await.unwrap();
}

// ---------------------------------------------------------------------------
// Types and functions are read whole, and not at all when none of their
// rows changed (`src/introspect/sql/whole_kinds.sql`): each change below,
// directly or through a dependency, must have them read again.

const WHOLE_KIND_CHANGES: &[(&str, &str, &str)] = &[
    (
        "enum label added",
        "CREATE TYPE mood AS ENUM ('ok');",
        "ALTER TYPE mood ADD VALUE 'meh';",
    ),
    (
        "enum label renamed",
        "CREATE TYPE mood AS ENUM ('ok');",
        "ALTER TYPE mood RENAME VALUE 'ok' TO 'fine';",
    ),
    (
        "domain constraint dropped",
        "CREATE DOMAIN pos AS int CONSTRAINT pos_c CHECK (VALUE > 0);",
        "ALTER DOMAIN pos DROP CONSTRAINT pos_c;",
    ),
    (
        "comment on a type dropped",
        "CREATE TYPE mood AS ENUM ('ok'); COMMENT ON TYPE mood IS 'x';",
        "COMMENT ON TYPE mood IS NULL;",
    ),
    (
        "comment on a domain constraint dropped",
        "CREATE DOMAIN pos AS int CONSTRAINT pos_c CHECK (VALUE > 0);
         COMMENT ON CONSTRAINT pos_c ON DOMAIN pos IS 'x';",
        "COMMENT ON CONSTRAINT pos_c ON DOMAIN pos IS NULL;",
    ),
    (
        "comment on a composite attribute dropped",
        "CREATE TYPE pair AS (a int, b int); COMMENT ON COLUMN pair.a IS 'x';",
        "COMMENT ON COLUMN pair.a IS NULL;",
    ),
    (
        "composite attribute renamed",
        "CREATE TYPE pair AS (a int, b int);",
        "ALTER TYPE pair RENAME ATTRIBUTE a TO first;",
    ),
    (
        "composite attribute dropped",
        "CREATE TYPE pair AS (a int, b int);",
        "ALTER TYPE pair DROP ATTRIBUTE b;",
    ),
    (
        "composite attribute retyped",
        "CREATE TYPE pair AS (a int, b int);",
        "ALTER TYPE pair ALTER ATTRIBUTE b TYPE bigint;",
    ),
    (
        "composite type renamed, beside a relation",
        "CREATE TABLE a (id int); CREATE TYPE pair AS (a int, b int);",
        "ALTER TYPE pair RENAME TO couple;",
    ),
    (
        "type dropped",
        "CREATE TYPE mood AS ENUM ('ok'); CREATE TYPE other AS ENUM ('x');",
        "DROP TYPE other;",
    ),
    (
        "domain over a renamed table's row type",
        "CREATE TABLE a (id int); CREATE DOMAIN da AS a;",
        "ALTER TABLE a RENAME TO b;",
    ),
    (
        "composite attribute of a renamed enum",
        "CREATE TYPE mood AS ENUM ('ok'); CREATE TYPE pair AS (m mood);",
        "ALTER TYPE mood RENAME TO feeling;",
    ),
    (
        "range over a renamed subtype_diff function",
        "CREATE FUNCTION fdiff(float8, float8) RETURNS float8 IMMUTABLE LANGUAGE sql AS 'SELECT $1 - $2';
         CREATE TYPE frange AS RANGE (subtype = float8, subtype_diff = fdiff);",
        "ALTER FUNCTION fdiff(float8, float8) RENAME TO fdiff2;",
    ),
    (
        "type in a renamed schema",
        "CREATE SCHEMA app; CREATE TYPE app.mood AS ENUM ('ok');",
        "ALTER SCHEMA app RENAME TO core;",
    ),
    (
        "function dropped",
        "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';
         CREATE FUNCTION g() RETURNS int LANGUAGE sql AS 'SELECT 2';",
        "DROP FUNCTION g();",
    ),
    (
        "comment on a function dropped",
        "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'; COMMENT ON FUNCTION f() IS 'x';",
        "COMMENT ON FUNCTION f() IS NULL;",
    ),
    (
        "function taking a renamed table's row type",
        "CREATE TABLE a (id int); CREATE FUNCTION f(a) RETURNS int LANGUAGE sql AS 'SELECT 1';",
        "ALTER TABLE a RENAME TO b;",
    ),
    (
        "function of a renamed language",
        "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS 'BEGIN RETURN 1; END';",
        "ALTER LANGUAGE plpgsql RENAME TO plpgsql2;",
    ),
    (
        "function taken out of its extension",
        "CREATE EXTENSION citext;",
        "ALTER EXTENSION citext DROP FUNCTION citext(character);",
    ),
    (
        "function put into an extension",
        "CREATE EXTENSION citext; CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';",
        "ALTER EXTENSION citext ADD FUNCTION f();",
    ),
    (
        "aggregate's initial value changed",
        "CREATE AGGREGATE agg(int) (sfunc = int4pl, stype = int, initcond = '0');",
        "DROP AGGREGATE agg(int); CREATE AGGREGATE agg(int) (sfunc = int4pl, stype = int, initcond = '1');",
    ),
    (
        "grant on a function revoked",
        "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'; REVOKE EXECUTE ON FUNCTION f() FROM PUBLIC;",
        "GRANT EXECUTE ON FUNCTION f() TO PUBLIC;",
    ),
    (
        "grant on a type revoked",
        "CREATE TYPE mood AS ENUM ('ok'); REVOKE USAGE ON TYPE mood FROM PUBLIC;",
        "GRANT USAGE ON TYPE mood TO PUBLIC;",
    ),
    (
        "grant on a schema revoked",
        "CREATE SCHEMA app; GRANT USAGE ON SCHEMA app TO PUBLIC;",
        "REVOKE USAGE ON SCHEMA app FROM PUBLIC;",
    ),
    (
        "schema dropped",
        "CREATE SCHEMA app; CREATE SCHEMA other;",
        "DROP SCHEMA other;",
    ),
    (
        "grant on a foreign data wrapper revoked",
        "CREATE FOREIGN DATA WRAPPER w; GRANT USAGE ON FOREIGN DATA WRAPPER w TO PUBLIC;",
        "REVOKE USAGE ON FOREIGN DATA WRAPPER w FROM PUBLIC;",
    ),
    (
        "grant on a foreign server revoked",
        "CREATE FOREIGN DATA WRAPPER w; CREATE SERVER s FOREIGN DATA WRAPPER w;
         GRANT USAGE ON FOREIGN SERVER s TO PUBLIC;",
        "REVOKE USAGE ON FOREIGN SERVER s FROM PUBLIC;",
    ),
    (
        "function in a renamed schema",
        "CREATE SCHEMA app; CREATE FUNCTION app.f() RETURNS int LANGUAGE sql AS 'SELECT 1';",
        "ALTER SCHEMA app RENAME TO core;",
    ),
];

#[tokio::test]
async fn types_and_functions_are_read_again_when_they_change() {
    let _one_at_a_time = one_at_a_time().await;
    let cluster = common::shared().await;
    for (i, (name, setup, change)) in WHOLE_KIND_CHANGES.iter().enumerate() {
        let db = cluster
            .server()
            .create_database(&format!("incr_whole_{}_{i}", std::process::id()))
            .await
            .unwrap();
        let mut conn = db.connect().await.unwrap();
        let setup = format!("{}{setup}", bystanders());
        let reread = same_after(&mut conn, &setup, change).await;
        if !name.contains("table") && !name.contains("schema") {
            assert!(reread <= 4, "{name}: {reread} relations read again");
        }
        drop(conn);
        cluster.server().drop_database(&db).await.unwrap();
    }
}

#[tokio::test]
async fn unchanged_types_and_functions_are_not_read_again() {
    let _one_at_a_time = one_at_a_time().await;
    let cluster = common::shared().await;
    let db = cluster
        .server()
        .create_database(&format!("incr_whole_same_{}", std::process::id()))
        .await
        .unwrap();
    let mut conn = db.connect().await.unwrap();
    run(
        &mut conn,
        "CREATE TYPE mood AS ENUM ('ok'); CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';
         REVOKE EXECUTE ON FUNCTION f() FROM PUBLIC; GRANT USAGE ON SCHEMA public TO PUBLIC;",
    )
    .await;
    let options = InspectOptions::default();
    let mut incremental = Incremental::new(options.clone());
    let first = incremental.inspect(&mut conn).await.unwrap();
    assert_eq!(incremental.kinds_unchanged(), 0);
    // A new table changes neither (its row type is no type of the model).
    run(&mut conn, "CREATE TABLE a (id int, m mood);").await;
    let again = incremental.inspect(&mut conn).await.unwrap();
    assert_eq!(incremental.kinds_unchanged(), 2);
    assert_ne!(first, again);
    assert_eq!(again, inspect(&mut conn, &options).await.unwrap());
    drop(conn);
    cluster.server().drop_database(&db).await.unwrap();
}

//! The all-kinds schema (tests/sql/all_kinds.sql) inspected on a real
//! PostgreSQL and rendered: the reviewed snapshot in
//! tests/snapshots/render__all_kinds.snap shows every object kind
//! pg-roundtrip compares. Also: the same schema inspects the same way twice,
//! and `--ignore ownership` drops exactly the owner lines.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use pg_roundtrip::introspect::{InspectOptions, inspect};
use pg_roundtrip::render::document;
use sqlx::AssertSqlSafe;

const ALL_KINDS: &str = include_str!("sql/all_kinds.sql");

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn all_kinds() {
    let (cluster, mut conn) = common::scratch_database().await;
    sqlx::raw_sql(AssertSqlSafe(ALL_KINDS))
        .execute(&mut conn)
        .await
        .unwrap_or_else(|e| panic!("all_kinds.sql failed: {e}"));
    non_default_storage(&cluster, &mut conn).await;
    let schema = inspect(&mut conn, &InspectOptions::default())
        .await
        .unwrap();
    let text = document(&schema).to_string();
    insta::assert_snapshot!("all_kinds", text);

    // Secret option values and the subscription's password never reach
    // the model, let alone the document: the server hashed them.
    let model = format!("{schema:?}");
    for secret in ["hunter2", "s3cret", "k-123", "/etc/ssl/dw.key"] {
        assert!(!model.contains(secret), "{secret} reached the model");
        assert!(!text.contains(secret), "{secret} is in the document");
    }

    // Inspecting again gives byte for byte the same text.
    let again = inspect(&mut conn, &InspectOptions::default())
        .await
        .unwrap();
    assert_eq!(document(&again).to_string(), text);

    let options = InspectOptions {
        ignore_ownership: true,
        ..InspectOptions::default()
    };
    let unowned = document(&inspect(&mut conn, &options).await.unwrap()).to_string();
    let expected: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with("  owner "))
        .collect();
    assert_eq!(unowned.lines().collect::<Vec<_>>(), expected);
}

/// What all_kinds.sql cannot say on its own, because it needs the server's
/// file system or a failing statement: a table in its own tablespace (a
/// directory in the cluster's run directory, owned by the server's user),
/// an index and a primary key's index there, a table using a second table access method (core's heap handler under
/// another name), and an invalid index left behind by a failed
/// `CREATE UNIQUE INDEX CONCURRENTLY`.
async fn non_default_storage(
    cluster: &pg_roundtrip::db::LocalCluster,
    conn: &mut sqlx::PgConnection,
) {
    use std::os::unix::fs::MetadataExt;
    let dir = cluster.dir().join("tablespace_fast");
    std::fs::create_dir(&dir).unwrap();
    let owner = std::fs::metadata(cluster.dir()).unwrap();
    std::os::unix::fs::chown(&dir, Some(owner.uid()), Some(owner.gid())).unwrap();
    for sql in [
        format!("CREATE TABLESPACE fast LOCATION '{}'", dir.display()),
        "CREATE TABLE public.on_fast (id int) TABLESPACE fast".to_string(),
        "CREATE INDEX on_fast_id ON public.on_fast (id) TABLESPACE fast".to_string(),
        "ALTER TABLE public.on_fast ADD CONSTRAINT on_fast_pk PRIMARY KEY (id) USING INDEX TABLESPACE fast"
            .to_string(),
        "CREATE ACCESS METHOD heap2 TYPE TABLE HANDLER heap_tableam_handler".to_string(),
        "CREATE TABLE public.in_heap2 (id int) USING heap2".to_string(),
        "CREATE TABLE public.dupes (k int); INSERT INTO public.dupes VALUES (1), (1)".to_string(),
    ] {
        sqlx::raw_sql(AssertSqlSafe(sql))
            .execute(&mut *conn)
            .await
            .unwrap();
    }
    let failed = sqlx::raw_sql("CREATE UNIQUE INDEX CONCURRENTLY dupes_k ON public.dupes (k)")
        .execute(&mut *conn)
        .await;
    assert!(failed.is_err(), "the unique index must fail on duplicates");
}

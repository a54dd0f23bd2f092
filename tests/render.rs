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
    let (_cluster, mut conn) = common::scratch_database().await;
    sqlx::raw_sql(AssertSqlSafe(ALL_KINDS))
        .execute(&mut conn)
        .await
        .unwrap_or_else(|e| panic!("all_kinds.sql failed: {e}"));
    let schema = inspect(&mut conn, &InspectOptions::default())
        .await
        .unwrap();
    let text = document(&schema).to_string();
    insta::assert_snapshot!("all_kinds", text);

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

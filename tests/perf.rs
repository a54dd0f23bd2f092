//! Introspection time for a 200-table schema: median of several runs.
//! Ignored by default (it measures, it does not assert much); run with
//! `cargo test --release --test perf -- --ignored --nocapture`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use pg_roundtrip::introspect::{InspectOptions, inspect};
use pg_roundtrip::render::document;
use sqlx::AssertSqlSafe;
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore]
async fn inspect_200_tables() {
    let (_cluster, mut conn) = common::scratch_database().await;
    let mut sql = String::from("CREATE TYPE status AS ENUM ('a', 'b');\n");
    for i in 0..200 {
        let fk = if i > 0 {
            format!(", parent_id bigint REFERENCES t{} (id)", i - 1)
        } else {
            String::new()
        };
        sql.push_str(&format!(
            "CREATE TABLE t{i} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL, \
             status status NOT NULL DEFAULT 'a', created_at timestamptz NOT NULL DEFAULT now(), \
             amount numeric(10,2) CHECK (amount >= 0){fk});\n\
             CREATE INDEX t{i}_name ON t{i} (lower(name));\n\
             COMMENT ON TABLE t{i} IS 'table {i}';\n"
        ));
    }
    sqlx::raw_sql(AssertSqlSafe(sql))
        .execute(&mut conn)
        .await
        .unwrap();
    let options = InspectOptions::default();
    let mut times: Vec<Duration> = Vec::new();
    for _ in 0..9 {
        let started = Instant::now();
        let schema = inspect(&mut conn, &options).await.unwrap();
        let _ = document(&schema);
        times.push(started.elapsed());
        assert_eq!(schema.tables.len(), 200);
    }
    times.sort();
    println!(
        "inspect + render, 200 tables: median {:?} (min {:?}, max {:?}, 9 runs)",
        times[times.len() / 2],
        times[0],
        times[times.len() - 1]
    );
}

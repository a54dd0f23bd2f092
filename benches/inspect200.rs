//! `cargo bench --bench inspect200`: inspect + render of a 200-table
//! schema (identity PK, 5 columns, FK, check, expression index, comment
//! per table), median of 9 runs on one connection. See BENCHMARKS.md.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use pg_roundtrip::db::Backend;
use pg_roundtrip::introspect::{InspectOptions, inspect};
use pg_roundtrip::render::document;
use sqlx::AssertSqlSafe;
use std::time::{Duration, Instant};

#[tokio::main]
async fn main() {
    let cluster = Backend::installed(None, None)
        .unwrap()
        .start()
        .await
        .unwrap();
    let db = cluster.server().create_database("bench_200").await.unwrap();
    let mut conn = db.connect().await.unwrap();
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
    let pg_dump = pg_roundtrip::db::find_pg_bin(None).unwrap().join("pg_dump");
    let mut times: Vec<Duration> = Vec::new();
    let mut dumps: Vec<Duration> = Vec::new();
    for _ in 0..9 {
        let started = Instant::now();
        let schema = inspect(&mut conn, &options).await.unwrap();
        let _ = document(&schema).to_string();
        times.push(started.elapsed());
        assert_eq!(schema.tables.len(), 200);
        // Side by side, alternating: pg_dump --schema-only of the same database.
        let started = Instant::now();
        let out = std::process::Command::new(&pg_dump)
            .args(["--schema-only", "-U", "postgres", "-h"])
            .arg(cluster.local().unwrap().dir())
            .arg(&db.name)
            .output()
            .unwrap();
        assert!(out.status.success());
        dumps.push(started.elapsed());
    }
    dumps.sort();
    times.sort();
    println!(
        "inspect + render, 200 tables: median {:?} (min {:?}, max {:?}, 9 runs)",
        times[times.len() / 2],
        times[0],
        times[times.len() - 1]
    );
    println!(
        "pg_dump --schema-only, same database: median {:?}; ratio pg_dump / inspect {:.1}x",
        dumps[dumps.len() / 2],
        dumps[dumps.len() / 2].as_secs_f64() / times[times.len() / 2].as_secs_f64()
    );
    drop(conn);
    cluster.stop().await.unwrap();
}

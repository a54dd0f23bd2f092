//! `pg-roundtrip inspect --url` on a real database, and rendering
//! determinism: the same schema always renders to the same bytes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use pg_roundtrip::introspect::{InspectOptions, inspect};
use pg_roundtrip::render::document;
use sqlx::{AssertSqlSafe, Connection};
use std::process::Command;

const SCHEMA: &str = r#"
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE people (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL COLLATE "C",
    mood mood DEFAULT 'ok',
    born date CHECK (born > '1900-01-01'),
    nick varchar(20) UNIQUE
);
CREATE TABLE notes (id serial PRIMARY KEY, person bigint REFERENCES people ON DELETE CASCADE, body text);
CREATE INDEX notes_person ON notes (person) WHERE body IS NOT NULL;
CREATE VIEW happy AS SELECT id, name FROM people WHERE mood = 'happy';
CREATE FUNCTION shout(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT upper(t) || '!' $$;
COMMENT ON TABLE people IS 'who';
"#;

/// The same objects, created in another order and in other words.
const SCHEMA_REORDERED: &str = r#"
CREATE FUNCTION shout(t text) RETURNS text IMMUTABLE LANGUAGE sql AS $$ SELECT upper(t) || '!' $$;
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE people (
    id bigint GENERATED ALWAYS AS IDENTITY,
    name text COLLATE "C" NOT NULL,
    mood mood DEFAULT 'ok',
    born date,
    nick varchar(20)
);
COMMENT ON TABLE people IS 'who';
ALTER TABLE people ADD PRIMARY KEY (id);
ALTER TABLE people ADD CONSTRAINT people_born_check CHECK (born > '1900-01-01');
ALTER TABLE people ADD CONSTRAINT people_nick_key UNIQUE (nick);
CREATE VIEW happy AS SELECT id, name FROM people WHERE mood = 'happy';
CREATE TABLE notes (id serial, person bigint, body text);
ALTER TABLE notes ADD PRIMARY KEY (id);
CREATE INDEX notes_person ON notes (person) WHERE body IS NOT NULL;
ALTER TABLE notes ADD FOREIGN KEY (person) REFERENCES people (id) ON DELETE CASCADE;
"#;

async fn rendered(sql: &'static str) -> String {
    let (_cluster, mut conn) = common::scratch_database().await;
    sqlx::raw_sql(sql).execute(&mut conn).await.unwrap();
    let schema = inspect(&mut conn, &InspectOptions::default())
        .await
        .unwrap();
    document(&schema).to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_schema_renders_to_the_same_bytes() {
    let (a, b) = tokio::join!(rendered(SCHEMA), rendered(SCHEMA_REORDERED));
    pretty_assertions::assert_eq!(a, b);
    assert!(a.contains("table public.people"), "{a}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inspect_url_prints_the_rendering_and_writes_nothing() {
    let cluster = common::cluster().await;
    let db = cluster
        .server()
        .create_database("inspect_cli")
        .await
        .unwrap();
    let mut conn = db.connect().await.unwrap();
    sqlx::raw_sql(SCHEMA).execute(&mut conn).await.unwrap();
    let expected = document(
        &inspect(&mut conn, &InspectOptions::default())
            .await
            .unwrap(),
    )
    .to_string();
    // A database where every transaction is read-only: inspect must not
    // need to write anything.
    let ro = format!(
        "ALTER DATABASE {} SET default_transaction_read_only = on",
        db.name
    );
    sqlx::raw_sql(AssertSqlSafe(ro))
        .execute(&mut conn)
        .await
        .unwrap();
    let socket_dir = cluster.dir().display().to_string();
    let url = format!(
        "postgres://postgres@localhost/{}?host={socket_dir}",
        db.name
    );
    let out = Command::new(env!("CARGO_BIN_EXE_pg-roundtrip"))
        .args(["inspect", "--url", &url])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    pretty_assertions::assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim_end(),
        expected.trim_end()
    );
    let after = document(
        &inspect(&mut conn, &InspectOptions::default())
            .await
            .unwrap(),
    )
    .to_string();
    assert_eq!(after, expected);
    conn.close().await.unwrap();
    cluster.stop().await.unwrap();
}

//! The url backend runs migrations only in databases it created: it
//! refuses a role that may not create one (and never falls back to the
//! database the URL names), and a server that looks like production
//! unless told (`--allow-production`, `allow-production = true`; the
//! threshold `--production-tables`, `production-tables`). `inspect
//! --url` sessions cannot write. The decision on a streaming primary is
//! tested on probed facts in `db::guard`'s unit tests; here the probe runs
//! on a real server.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::bin::{PgRoundtrip, text};
use common::census::scratch_databases;
use common::history::HistoryFiles;
use pg_roundtrip::db::{LocalCluster, UrlGuard, connect_read_only, probe_url_server};
use sqlx::Executor;
use std::path::Path;

fn url_of(cluster: &LocalCluster, user: &str, database: &str) -> String {
    format!(
        "postgres://{user}@localhost:5432/{database}?host={}",
        cluster.dir().display()
    )
}

/// A history whose upgrade leaves a mark where it ran.
fn marking_history(dir: &Path) {
    HistoryFiles::new()
        .rev(
            "1_mark",
            "CREATE TABLE ran_here (id int);\n",
            "DROP TABLE ran_here;\n",
        )
        .write(dir);
}

/// `check m --no-snapshots --backend url --url URL` plus `extra`, run in
/// `dir` (which holds the history `m`).
fn check_url(dir: &Path, url: &str, extra: &[&str]) -> std::process::Output {
    PgRoundtrip::new(dir)
        .args([
            "check",
            "m",
            "--no-snapshots",
            "--backend",
            "url",
            "--url",
            url,
        ])
        .args(extra)
        .output()
}

async fn admin(cluster: &LocalCluster, database: &str) -> sqlx::PgConnection {
    use sqlx::ConnectOptions;
    cluster
        .server()
        .admin
        .clone()
        .database(database)
        .connect()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_role_that_cannot_create_databases_is_refused_and_nothing_runs_in_the_urls_database() {
    let cluster = common::cluster().await;
    let mut conn = admin(&cluster, "postgres").await;
    conn.execute("CREATE ROLE app_user LOGIN NOCREATEDB")
        .await
        .unwrap();
    conn.execute("CREATE DATABASE app OWNER app_user")
        .await
        .unwrap();
    let tmp = tempfile::tempdir().unwrap();
    marking_history(&tmp.path().join("m"));
    let url = url_of(&cluster, "app_user", "app");
    let o = check_url(tmp.path(), &url, &[]);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(2), "{t}");
    assert!(
        t.contains("the role app_user may not create databases"),
        "{t}"
    );
    assert!(t.contains("never in the database the URL names"), "{t}");
    assert!(t.contains("ALTER ROLE app_user CREATEDB"), "{t}");
    // Nothing ran in `app`, and no scratch database was made.
    let mut app = admin(&cluster, "app").await;
    let mark: Option<String> = sqlx::query_scalar("SELECT to_regclass('ran_here')::text")
        .fetch_one(&mut app)
        .await
        .unwrap();
    assert_eq!(mark, None, "the migration ran in the URL's database");
    assert_eq!(scratch_databases(&mut conn).await, Vec::<String>::new());

    // Given CREATEDB, the same run works in a database of its own.
    conn.execute("ALTER ROLE app_user CREATEDB").await.unwrap();
    let o = check_url(tmp.path(), &url, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let mark: Option<String> = sqlx::query_scalar("SELECT to_regclass('ran_here')::text")
        .fetch_one(&mut app)
        .await
        .unwrap();
    assert_eq!(mark, None, "the migration ran in the URL's database");
    assert_eq!(scratch_databases(&mut conn).await, Vec::<String>::new());
    drop((app, conn));
    cluster.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_with_many_filled_tables_is_refused_unless_told() {
    let cluster = common::cluster().await;
    let mut conn = admin(&cluster, "postgres").await;
    conn.execute("CREATE DATABASE shop").await.unwrap();
    let mut shop = admin(&cluster, "shop").await;
    // Rows the statistics do not know of yet (no ANALYZE): counted by
    // reading. An empty table does not count.
    shop.execute(
        "CREATE TABLE customers (id int); INSERT INTO customers VALUES (1);
         CREATE TABLE orders (id int); INSERT INTO orders VALUES (1);
         CREATE SCHEMA billing; CREATE TABLE billing.invoices (id int); INSERT INTO billing.invoices VALUES (1);
         CREATE TABLE empty_one (id int);",
    )
    .await
    .unwrap();
    let tmp = tempfile::tempdir().unwrap();
    marking_history(&tmp.path().join("m"));
    let url = url_of(&cluster, "postgres", "shop");
    let check = |extra: &[&str]| check_url(tmp.path(), &url, extra);
    let o = check(&["--production-tables", "2"]);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(2), "{t}");
    assert!(t.contains("it looks like a server that matters"), "{t}");
    assert!(
        t.contains("database shop has more than 2 tables with rows (billing.invoices, public.customers, public.orders)"),
        "{t}"
    );
    assert!(t.contains("--allow-production"), "{t}");
    // Three filled tables are within a limit of 3, and of the default.
    assert_eq!(check(&["--production-tables", "3"]).status.code(), Some(0));
    assert_eq!(check(&[]).status.code(), Some(0));
    // Told: the flag, or the file's keys.
    let o = check(&["--production-tables", "0", "--allow-production"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    std::fs::write(
        tmp.path().join("pg-roundtrip.toml"),
        "production-tables = 1\n",
    )
    .unwrap();
    assert_eq!(check(&[]).status.code(), Some(2));
    std::fs::write(
        tmp.path().join("pg-roundtrip.toml"),
        "production-tables = 1\nallow-production = true\n",
    )
    .unwrap();
    let o = check(&[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let mark: Option<String> = sqlx::query_scalar("SELECT to_regclass('ran_here')::text")
        .fetch_one(&mut shop)
        .await
        .unwrap();
    assert_eq!(mark, None);
    drop((shop, conn));
    cluster.stop().await.unwrap();
}

/// The probe on a real server: who we are, no standby, no replica, and
/// the filled tables it counts, stopping once past the limit.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_probe_reads_the_facts_of_a_real_server() {
    let cluster = common::cluster().await;
    let mut conn = admin(&cluster, "postgres").await;
    conn.execute(
        "CREATE TABLE a (id int); INSERT INTO a VALUES (1);
         CREATE TABLE b (id int); INSERT INTO b VALUES (1); ANALYZE b;
         CREATE TABLE c (id int);",
    )
    .await
    .unwrap();
    let mut look = connect_read_only(&url_of(&cluster, "postgres", "postgres"))
        .await
        .unwrap();
    let facts = probe_url_server(&mut look, &UrlGuard::default())
        .await
        .unwrap();
    assert_eq!(facts.role, "postgres");
    assert!(facts.can_create_databases && !facts.in_recovery);
    assert_eq!(facts.replicas, Vec::<String>::new());
    assert_eq!(facts.database, "postgres");
    // `b` is known from its statistics, `a` by reading it.
    assert_eq!(facts.filled_tables, vec!["public.b", "public.a"]);
    let one = UrlGuard {
        max_filled_tables: 0,
        ..UrlGuard::default()
    };
    let facts = probe_url_server(&mut look, &one).await.unwrap();
    assert_eq!(facts.filled_tables.len(), 1, "stops past the limit");
    drop((look, conn));
    cluster.stop().await.unwrap();
}

/// `inspect --url` reads through a session in which every transaction is
/// read-only: a write through that connection fails, and the binary's
/// inspection works on the same URL.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inspect_sessions_cannot_write() {
    let cluster = common::cluster().await;
    let url = url_of(&cluster, "postgres", "postgres");
    let mut conn = connect_read_only(&url).await.unwrap();
    let read_only: String = sqlx::query_scalar("SHOW default_transaction_read_only")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(read_only, "on");
    for write in [
        "CREATE TABLE written (id int)",
        "CREATE ROLE written",
        "BEGIN; CREATE TABLE written (id int); COMMIT;",
    ] {
        let err = conn.execute(write).await.expect_err(write);
        let code = err
            .as_database_error()
            .and_then(|e| e.code())
            .unwrap_or_default();
        assert_eq!(code, "25006", "{write}: {err}");
        let _ = conn.execute("ROLLBACK").await;
    }
    drop(conn);
    let tmp = tempfile::tempdir().unwrap();
    let o = PgRoundtrip::new(tmp.path())
        .args(["inspect", "--url", &url])
        .output();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let mut admin = admin(&cluster, "postgres").await;
    let written: Option<String> = sqlx::query_scalar("SELECT to_regclass('written')::text")
        .fetch_one(&mut admin)
        .await
        .unwrap();
    assert_eq!(written, None);
    drop(admin);
    cluster.stop().await.unwrap();
}

/// A real streaming client: `pg_receivewal` streams the WAL of a server
/// started with replication allowed, and shows in `pg_stat_replication`
/// like a standby does. The url backend refuses that server unless told.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_something_streams_from_is_refused_unless_told() {
    let options = pg_roundtrip::db::ClusterOptions {
        settings: vec!["wal_level=replica".into(), "max_wal_senders=4".into()],
        ..common::options()
    };
    let cluster = LocalCluster::start(options).await.unwrap();
    let bin = pg_roundtrip::db::find_pg_bin(None).unwrap();
    let wal = tempfile::tempdir().unwrap();
    let mut receiver = std::process::Command::new(bin.join("pg_receivewal"))
        .arg("-D")
        .arg(wal.path())
        .arg("--no-password")
        .arg("-d")
        .arg(format!(
            "host={} port=5432 user=postgres application_name=replica1",
            cluster.dir().display()
        ))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut conn = admin(&cluster, "postgres").await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let streaming: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'",
        )
        .fetch_one(&mut conn)
        .await
        .unwrap();
        if streaming > 0 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline && receiver.try_wait().unwrap().is_none(),
            "pg_receivewal did not stream"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let tmp = tempfile::tempdir().unwrap();
    marking_history(&tmp.path().join("m"));
    let url = url_of(&cluster, "postgres", "postgres");
    let check = |extra: &[&str]| check_url(tmp.path(), &url, extra);
    let o = tokio::task::block_in_place(|| check(&[]));
    let t = text(&o);
    assert_eq!(o.status.code(), Some(2), "{t}");
    assert!(
        t.contains("1 standby(s) stream from it: replica1 (local socket, streaming)"),
        "{t}"
    );
    let o = tokio::task::block_in_place(|| check(&["--allow-production"]));
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let _ = receiver.kill();
    let _ = receiver.wait();
    drop(conn);
    cluster.stop().await.unwrap();
}

/// A role that is not a superuser may not read a subscription's
/// connection string (`pg_subscription.subconninfo`). `inspect --url` as
/// such a role still reads every kind, and shows the subscription with its
/// connection and parameters marked as not readable, never as defaults;
/// a superuser's inspection shows them (the password redacted).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_role_that_may_not_read_subscriptions_still_inspects_and_says_what_it_could_not_read() {
    let cluster = common::cluster().await;
    let mut conn = admin(&cluster, "postgres").await;
    for sql in [
        "CREATE ROLE viewer LOGIN",
        "CREATE DATABASE shop OWNER viewer",
    ] {
        conn.execute(sql).await.unwrap();
    }
    drop(conn);
    let mut shop = admin(&cluster, "shop").await;
    for sql in [
        "CREATE TABLE items (id int PRIMARY KEY)",
        "ALTER TABLE items OWNER TO viewer",
        "CREATE SUBSCRIPTION feed CONNECTION 'host=upstream dbname=shop password=s3cr<e>t' \
         PUBLICATION items_pub WITH (connect = false, binary = true)",
    ] {
        shop.execute(sql).await.unwrap();
    }
    let tmp = tempfile::tempdir().unwrap();
    let viewer = PgRoundtrip::new(tmp.path())
        .args(["inspect", "--url", &url_of(&cluster, "viewer", "shop")])
        .output();
    assert_eq!(viewer.status.code(), Some(0), "{}", text(&viewer));
    let seen = String::from_utf8_lossy(&viewer.stdout).into_owned();
    assert!(seen.contains("table public.items"), "{seen}");
    assert!(seen.contains("subscription feed"), "{seen}");
    assert!(
        seen.contains("not readable: only a superuser may read it"),
        "{seen}"
    );
    assert!(!seen.contains("s3cr"), "{seen}");
    let superuser = PgRoundtrip::new(tmp.path())
        .args(["inspect", "--url", &url_of(&cluster, "postgres", "shop")])
        .output();
    assert_eq!(superuser.status.code(), Some(0), "{}", text(&superuser));
    let full = String::from_utf8_lossy(&superuser.stdout).into_owned();
    assert!(
        full.contains("host=upstream dbname=shop password=<redacted>"),
        "{full}"
    );
    assert!(!full.contains("not readable"), "{full}");
    assert!(!full.contains("s3cr"), "{full}");
    shop.execute("ALTER SUBSCRIPTION feed SET (slot_name = NONE)")
        .await
        .unwrap();
    shop.execute("DROP SUBSCRIPTION feed").await.unwrap();
    drop(shop);
    cluster.stop().await.unwrap();
}

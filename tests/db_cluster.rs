//! The local backend against real PostgreSQL binaries: start, stop,
//! cleanup on every path, the initdb cache, scratch databases.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use pg_roundtrip::db::{ClusterOptions, Database, DbError, LocalCluster};
use sqlx::{Connection, PgConnection};

/// Running and not a zombie (a reaped pid has no /proc entry at all).
fn alive(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => {
            let state = stat
                .rsplit_once(')')
                .and_then(|(_, rest)| rest.split_whitespace().next());
            !matches!(state, None | Some("Z" | "X"))
        }
        Err(_) => false,
    }
}

fn wait_dead(pid: u32, within: Duration) -> bool {
    let deadline = Instant::now() + within;
    while alive(pid) {
        if Instant::now() > deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    true
}

#[tokio::test]
async fn start_serves_connections_and_stop_removes_everything() {
    let cluster = common::start().await;
    let dir = cluster.dir().to_path_buf();
    let pid = cluster.pid().expect("a running cluster has a pid");
    let server = cluster.server().clone();

    assert!(server.version_num >= 100_000, "{}", server.version_num);
    assert!(
        server.description.contains(&dir.display().to_string()),
        "{}",
        server.description
    );
    assert!(
        dir.join(".s.PGSQL.5432").exists(),
        "socket in the private directory"
    );
    assert!(dir.join("server.log").is_file());
    let mode = std::fs::metadata(dir.join("data"))
        .expect("data dir")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o700);

    let mut conn = PgConnection::connect_with(&server.admin)
        .await
        .expect("connect");
    let one: i32 = sqlx::query_scalar("SELECT 1")
        .fetch_one(&mut conn)
        .await
        .expect("select");
    assert_eq!(one, 1);
    let listen: String = sqlx::query_scalar("SHOW listen_addresses")
        .fetch_one(&mut conn)
        .await
        .expect("show");
    assert_eq!(listen, "", "no TCP listener");
    conn.close().await.expect("close");

    // The cache holds exactly one initialized cluster for this server.
    let cached: Vec<_> = std::fs::read_dir(common::cache_dir())
        .expect("cache dir exists")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("initdb-"))
        .collect();
    assert_eq!(cached.len(), 1, "{cached:?}");
    assert!(cached[0].path().join("PG_VERSION").is_file());

    cluster.stop().await.expect("stop");
    assert!(!dir.exists(), "{} left behind", dir.display());
    assert!(
        wait_dead(pid, Duration::from_secs(1)),
        "postmaster {pid} still running"
    );
}

#[tokio::test]
async fn drop_stops_the_server_and_removes_the_directory() {
    let cluster = common::start().await;
    let dir = cluster.dir().to_path_buf();
    let pid = cluster.pid().expect("pid");
    drop(cluster);
    assert!(!dir.exists(), "{} left behind", dir.display());
    assert!(
        wait_dead(pid, Duration::from_secs(1)),
        "postmaster {pid} still running"
    );
}

#[test]
fn a_panic_while_the_cluster_is_alive_still_cleans_up() {
    let (tx, rx) = std::sync::mpsc::channel();
    let outcome = std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async {
            let cluster = common::start().await;
            let _ = tx.send((cluster.dir().to_path_buf(), cluster.pid()));
            panic!("deliberate panic with a live cluster");
        })
    })
    .join();
    assert!(outcome.is_err(), "the thread should have panicked");
    let (dir, pid) = rx.recv().expect("the cluster had started");
    assert!(!dir.exists(), "{} left behind", dir.display());
    let pid = pid.expect("pid");
    assert!(
        wait_dead(pid, Duration::from_secs(1)),
        "postmaster {pid} still running"
    );
}

#[test]
fn drop_outside_any_runtime_cleans_up() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let cluster = rt.block_on(common::start());
    drop(rt);
    let dir = cluster.dir().to_path_buf();
    let pid = cluster.pid().expect("pid");
    assert!(
        alive(pid),
        "the server outlives the runtime that started it"
    );
    drop(cluster);
    assert!(!dir.exists(), "{} left behind", dir.display());
    assert!(
        wait_dead(pid, Duration::from_secs(1)),
        "postmaster {pid} still running"
    );
}

#[tokio::test]
async fn concurrent_cold_starts_share_one_cache_entry() {
    let cache = tempfile::tempdir().expect("tempdir");
    let options = ClusterOptions {
        pg_bin: None,
        cache_dir: Some(cache.path().to_path_buf()),
        settings: Vec::new(),
    };
    let (a, b) = tokio::join!(
        LocalCluster::start(options.clone()),
        LocalCluster::start(options.clone())
    );
    let (a, b) = (a.expect("first start"), b.expect("second start"));
    let entries = |path: &Path| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(path)
            .expect("cache dir")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let names = entries(cache.path());
    assert_eq!(names.len(), 1, "one entry, no staging leftovers: {names:?}");
    assert!(names[0].starts_with("initdb-"), "{names:?}");
    a.stop().await.expect("stop a");
    b.stop().await.expect("stop b");

    // A warm start reuses the entry.
    let c = LocalCluster::start(options).await.expect("warm start");
    assert_eq!(entries(cache.path()), names);
    c.stop().await.expect("stop c");
}

#[tokio::test]
async fn scratch_databases_are_created_and_dropped() {
    let cluster = common::start().await;
    let server = cluster.server();
    let db = server
        .create_database("cluster_test")
        .await
        .expect("create");
    assert_eq!(db.name, "pg_roundtrip_cluster_test");
    let mut conn = db.connect().await.expect("connect to the new database");
    let name: String = sqlx::query_scalar("SELECT current_database()")
        .fetch_one(&mut conn)
        .await
        .expect("select");
    assert_eq!(name, db.name);
    // A connection still open does not stop the drop (WITH (FORCE)).
    server.drop_database(&db).await.expect("drop");
    drop(conn);

    let mut admin = PgConnection::connect_with(&server.admin)
        .await
        .expect("admin");
    let left: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM pg_database WHERE datname = 'pg_roundtrip_cluster_test'",
    )
    .fetch_one(&mut admin)
    .await
    .expect("count");
    assert_eq!(left, 0);
    admin.close().await.expect("close");

    let foreign = Database {
        name: "postgres".into(),
        options: server.admin.clone(),
    };
    match server.drop_database(&foreign).await {
        Err(DbError::NotOurs(name)) => assert_eq!(name, "postgres"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    cluster.stop().await.expect("stop");
}

#[tokio::test]
async fn missing_binaries_fail_with_what_was_searched() {
    let options = ClusterOptions {
        pg_bin: Some(PathBuf::from("/nonexistent/pg/bin")),
        cache_dir: Some(common::cache_dir()),
        settings: Vec::new(),
    };
    match LocalCluster::start(options).await {
        Err(err @ DbError::BinariesNotFound { .. }) => {
            let text = err.to_string();
            assert!(
                text.contains("/nonexistent/pg/bin") && text.contains("--pg-bin"),
                "{text}"
            );
        }
        other => panic!("expected BinariesNotFound, got {other:?}"),
    }
}

/// A fake `postgres` that dies at once: start must fail quickly, with the
/// server log in the message, and leave no directory behind.
#[tokio::test]
async fn a_server_that_exits_early_is_reported_with_its_log() {
    let fake = tempfile::Builder::new()
        .prefix("fakebin-")
        .permissions(std::fs::Permissions::from_mode(0o755))
        .tempdir_in("/tmp")
        .expect("tempdir");
    let write = |name: &str, body: &str| {
        let path = fake.path().join(name);
        std::fs::write(&path, body).expect("write script");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    };
    write(
        "postgres",
        "#!/bin/sh\nif [ \"$1\" = --version ]; then echo 'postgres (PostgreSQL) 99.0 (fake)'; exit 0; fi\n\
         echo 'FATAL:  fake server refuses to start' >&2\nexit 1\n",
    );
    write(
        "initdb",
        "#!/bin/sh\nwhile [ $# -gt 0 ]; do [ \"$1\" = -D ] && d=$2; shift; done\nmkdir -p \"$d\" && echo 99 > \"$d/PG_VERSION\"\n",
    );
    let cache = tempfile::tempdir().expect("tempdir");
    let before: Vec<PathBuf> = pgrt_dirs();
    let started = Instant::now();
    let result = LocalCluster::start(ClusterOptions {
        pg_bin: Some(fake.path().to_path_buf()),
        cache_dir: Some(cache.path().to_path_buf()),
        settings: Vec::new(),
    })
    .await;
    match result {
        Err(err @ DbError::Process { .. }) => {
            let text = err.to_string();
            assert!(text.contains("fake server refuses to start"), "{text}");
            assert!(text.contains("exited"), "{text}");
        }
        other => panic!("expected a process error, got {other:?}"),
    }
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "early exit must be noticed"
    );
    let leaked: Vec<PathBuf> = pgrt_dirs()
        .into_iter()
        .filter(|d| !before.contains(d))
        .collect();
    let ours: Vec<&PathBuf> = leaked
        .iter()
        .filter(|d| {
            d.join("server.log").exists()
                && std::fs::read_to_string(d.join("server.log"))
                    .unwrap_or_default()
                    .contains("fake server")
        })
        .collect();
    assert!(ours.is_empty(), "left behind: {ours:?}");
}

fn pgrt_dirs() -> Vec<PathBuf> {
    ["/dev/shm", "/tmp"]
        .iter()
        .filter_map(|parent| std::fs::read_dir(parent).ok())
        .flatten()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("pgrt-"))
        .map(|e| e.path())
        .collect()
}

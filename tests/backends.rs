//! `--backend url` against a real server (a local cluster reached through
//! its unix socket: `postgres://postgres@localhost:5432/postgres?host=<socket dir>`;
//! sqlx rejects an empty host, and its `host` parameter then overrides it),
//! and `--backend local` with a version that is not installed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use sqlx::Connection;
use std::path::Path;
use std::process::{Command, Output};

fn pg_roundtrip(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pg-roundtrip"))
        .args(args)
        .current_dir(cwd)
        .env_remove("PG_ROUNDTRIP_BACKEND")
        .env_remove("PG_ROUNDTRIP_PG")
        .env_remove("DATABASE_URL")
        .env("CI", "true")
        .output()
        .expect("run pg-roundtrip")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

async fn databases(conn: &mut sqlx::PgConnection) -> Vec<String> {
    sqlx::query_scalar("SELECT datname::text FROM pg_database ORDER BY 1")
        .fetch_all(conn)
        .await
        .unwrap()
}

async fn public_tables(conn: &mut sqlx::PgConnection) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
    )
    .fetch_all(conn)
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn url_backend_creates_and_drops_only_its_own_database() {
    let cluster = common::cluster().await;
    let url = format!(
        "postgres://postgres@localhost:5432/postgres?host={}",
        cluster.dir().display()
    );
    let mut conn = sqlx::PgConnection::connect(&url).await.unwrap();
    // Something of the user's in the database the URL names.
    for sql in ["CREATE TABLE users_own (id int)", "CREATE DATABASE app"] {
        sqlx::raw_sql(sql).execute(&mut conn).await.unwrap();
    }
    let before = databases(&mut conn).await;

    let repo = common::repo_path(".");
    for (dir, code) in [
        ("tests/fixtures/flat-ok-tricky", 0),
        ("tests/fixtures/flat-broken-index-left-behind", 1),
    ] {
        let o = pg_roundtrip(
            &[
                "check",
                dir,
                "--no-snapshots",
                "--backend",
                "url",
                "--url",
                &url,
            ],
            &repo,
        );
        let t = text(&o);
        assert_eq!(o.status.code(), Some(code), "{t}");
        assert!(
            t.contains("backend url: scratch databases pg_roundtrip_*"),
            "{t}"
        );
        assert_eq!(databases(&mut conn).await, before, "{t}");
    }
    // Nothing ran in the databases it did not create.
    assert_eq!(
        public_tables(&mut conn).await,
        vec!["users_own".to_string()]
    );
    let app = url.replace("/postgres?", "/app?");
    let mut app_conn = sqlx::PgConnection::connect(&app).await.unwrap();
    assert!(public_tables(&mut app_conn).await.is_empty());
    app_conn.close().await.unwrap();

    // DATABASE_URL works too, and --pg must match the server.
    let o = Command::new(env!("CARGO_BIN_EXE_pg-roundtrip"))
        .args([
            "check",
            "tests/fixtures/flat-ok-tricky",
            "--no-snapshots",
            "--backend",
            "url",
            "--pg",
            "99",
        ])
        .current_dir(&repo)
        .env("DATABASE_URL", &url)
        .env_remove("PG_ROUNDTRIP_PG")
        .output()
        .unwrap();
    let t = text(&o);
    assert_eq!(o.status.code(), Some(2), "{t}");
    assert!(
        t.contains("--pg 99") && t.contains("runs PostgreSQL"),
        "{t}"
    );
    assert_eq!(databases(&mut conn).await, before);

    conn.close().await.unwrap();
    cluster.stop().await.unwrap();
}

#[test]
fn url_backend_needs_a_url_and_rejects_other_schemes() {
    let repo = common::repo_path(".");
    let o = pg_roundtrip(&["check", "migrations", "--backend", "url"], &repo);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("--backend url needs --url"),
        "{}",
        text(&o)
    );
    let o = pg_roundtrip(
        &[
            "check",
            "migrations",
            "--backend",
            "url",
            "--url",
            "mysql://x@y/z",
        ],
        &repo,
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("not a PostgreSQL URL"), "{}", text(&o));
}

#[test]
fn local_backend_with_a_version_that_is_not_installed_is_a_clear_error() {
    let installed = pg_roundtrip::db::find_pg_bin(None)
        .and_then(|b| pg_roundtrip::db::pg_bin_major(&b))
        .expect("a local PostgreSQL server");
    let missing = (pg_roundtrip::db::MIN_MAJOR..40)
        .find(|m| pg_roundtrip::db::find_pg_bin_for_major(None, *m).is_err())
        .unwrap();
    let repo = common::repo_path(".");
    let o = pg_roundtrip(
        &[
            "check",
            "migrations",
            "--backend",
            "local",
            "--pg",
            &missing.to_string(),
        ],
        &repo,
    );
    let t = text(&o);
    assert_eq!(o.status.code(), Some(3), "{t}");
    assert!(
        t.contains(&format!("PostgreSQL {missing} is not installed"))
            && t.contains(&format!("installed: {installed}")),
        "{t}"
    );
}

/// The library's way in: plain settings → a plan → one type that starts
/// and stops whichever server it names.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_local_plan_starts_and_stops_through_the_backend_type() {
    use pg_roundtrip::db::{
        Backend, BackendChoice, BackendSettings, ContainerSweep, resolve_backends,
    };
    let settings = BackendSettings {
        choice: BackendChoice::Local,
        cache_dir: Some(common::cache_dir()),
        ..BackendSettings::default()
    };
    let plan = resolve_backends(&settings).await.unwrap();
    assert!(
        plan.reason
            .starts_with("backend local (--backend local): PostgreSQL "),
        "{}",
        plan.reason
    );
    assert!(matches!(plan.container_sweep, ContainerSweep::NotRun));
    let [backend] = plan.backends.as_slice() else {
        panic!("one backend: {:?}", plan.backends);
    };
    let Backend::Local { major, .. } = backend else {
        panic!("a local backend: {backend:?}");
    };
    assert_eq!(backend.label(), format!("PostgreSQL {major} (local)"));

    let running = backend.start().await.unwrap();
    assert_eq!(running.server().major(), *major);
    let dir = running
        .local()
        .expect("a local cluster")
        .dir()
        .to_path_buf();
    assert!(dir.is_dir());

    // The same server through the url backend: --pg must match it.
    let url = format!(
        "postgres://postgres@localhost:5432/postgres?host={}",
        dir.display()
    );
    let wrong = Backend::Url {
        url: url.clone(),
        major: Some(major + 1),
        guard: pg_roundtrip::db::UrlGuard::default(),
    };
    match wrong.start().await {
        Err(pg_roundtrip::db::DbError::BadUrl(text)) => {
            assert!(text.contains(&format!("runs PostgreSQL {major}")), "{text}")
        }
        other => panic!("expected BadUrl, got {other:?}"),
    }
    let right = Backend::Url {
        url,
        major: Some(*major),
        guard: pg_roundtrip::db::UrlGuard::default(),
    };
    let on_url = right.start().await.unwrap();
    assert!(on_url.local().is_none());
    assert_eq!(on_url.server().major(), *major);
    on_url.stop().await.unwrap();

    running.stop().await.unwrap();
    assert!(!dir.exists(), "{} left behind", dir.display());
}

/// A server error reaches the user as its message: no "at line 948" (the
/// server's own source line, which sqlx appends) and no sqlx prefix.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_error_shows_no_source_line_of_the_server() {
    let cluster = common::cluster().await;
    let url = format!(
        "postgres://postgres@localhost:5432/no_such_db?host={}",
        cluster.dir().display()
    );
    let repo = common::repo_path(".");
    for args in [
        vec![
            "check",
            "tests/fixtures/flat-ok-tricky",
            "--no-snapshots",
            "--backend",
            "url",
            "--url",
            &url,
        ],
        vec!["inspect", "--url", &url],
    ] {
        let o = pg_roundtrip(&args, &repo);
        let t = text(&o);
        assert_eq!(o.status.code(), Some(3), "{t}");
        assert!(t.contains(r#"database "no_such_db" does not exist"#), "{t}");
        assert!(!t.contains(" at line "), "{t}");
        assert!(!t.contains("error returned from database"), "{t}");
    }
    cluster.stop().await.unwrap();
}

/// A Docker socket this user may not open is reported as refused
/// permission, not as a missing engine. Run as root, the binary runs as
/// the `postgres` user (root may open any socket).
#[cfg(feature = "docker")]
#[test]
fn a_docker_socket_that_refuses_permission_is_reported_as_such() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::Builder::new()
        .prefix("pgrt-denied-")
        .tempdir()
        .unwrap();
    std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let socket = tmp.path().join("docker.sock");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    common::history::HistoryFiles::new()
        .rev("1_t", "CREATE TABLE t ();\n", "DROP TABLE t;\n")
        .write(&tmp.path().join("m"));
    for f in ["m", "m/1_t.up.sql", "m/1_t.down.sql"] {
        let mode = if f == "m" { 0o755 } else { 0o644 };
        std::fs::set_permissions(tmp.path().join(f), std::fs::Permissions::from_mode(mode))
            .unwrap();
    }
    let root = unsafe { libc::geteuid() } == 0;
    std::fs::set_permissions(
        &socket,
        std::fs::Permissions::from_mode(if root { 0o600 } else { 0o000 }),
    )
    .unwrap();
    let bin = env!("CARGO_BIN_EXE_pg-roundtrip");
    let mut command = if root {
        let mut c = Command::new("setpriv");
        c.args([
            "--reuid=postgres",
            "--regid=postgres",
            "--clear-groups",
            bin,
        ]);
        c
    } else {
        Command::new(bin)
    };
    let o = command
        .args(["check", "m", "--no-snapshots", "--backend", "docker"])
        .current_dir(tmp.path())
        .env("DOCKER_HOST", format!("unix://{}", socket.display()))
        .env("HOME", tmp.path())
        .env_remove("PG_ROUNDTRIP_BACKEND")
        .env_remove("PG_ROUNDTRIP_PG")
        .output()
        .expect("run pg-roundtrip");
    let t = text(&o);
    assert_eq!(o.status.code(), Some(3), "{t}");
    assert!(
        t.contains(&format!(
            "the Docker engine at unix://{} refused permission",
            socket.display()
        )),
        "{t}"
    );
    assert!(t.contains("`docker` group"), "{t}");
    assert!(!t.contains("no Docker engine answered"), "{t}");
}

//! Timeouts that end hangs: a step waiting on a lock another session holds
//! ends by `lock_timeout` and says which lock it waited for and which
//! session (with its query) held it; a PL/pgSQL loop ends by
//! `statement_timeout`; a whole run ends by `--timeout` (exit 3, nothing
//! left behind). A server killed mid-walk: `tests/cleanup_census.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::bin::{PgRoundtrip, text};
use common::census::{Seen, watch_until_exit};
use common::history::HistoryFiles;
use pg_roundtrip::db::{FailureKind, LOCK_NOT_AVAILABLE, StepLimits, run_step_limited};
use pg_roundtrip::source::{Runner, Script, Step, TxMode};
use sqlx::Executor;
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn step(path: &str, sql: &str, transaction: TxMode) -> Step {
    Step {
        script: Script {
            path: PathBuf::from(path),
            sql: sql.to_string(),
            line_offset: 0,
            checksum: String::new(),
        },
        transaction,
        runner: Runner::Sql,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_step_waiting_on_a_lock_names_the_file_the_lock_and_the_blocking_query() {
    let cluster = common::cluster().await;
    let db = cluster.server().create_database("lockwait").await.unwrap();
    let mut setup = db.connect().await.unwrap();
    setup
        .execute("CREATE TABLE accounts (id int); INSERT INTO accounts VALUES (1);")
        .await
        .unwrap();
    // Another session reads the table and keeps its transaction open.
    let mut holder = db.connect().await.unwrap();
    holder
        .execute("BEGIN; SELECT count(*) FROM accounts /* the report */;")
        .await
        .unwrap();
    let limits = StepLimits {
        statement: Duration::from_secs(30),
        lock: Duration::from_secs(1),
    };
    for mode in [TxMode::Transaction, TxMode::NoTransaction] {
        let migration = step(
            "migrations/2_add_email.up.sql",
            "CREATE TABLE audit (id int);\nALTER TABLE accounts ADD COLUMN email text;\n",
            mode,
        );
        let mut conn = db.connect().await.unwrap();
        let started = Instant::now();
        let failure = run_step_limited(&mut conn, &migration, &limits, Some(&db.options))
            .await
            .expect_err("the ALTER waits for the reader's lock");
        assert!(started.elapsed() < Duration::from_secs(15), "{mode:?}");
        assert_eq!(
            failure.code.as_deref(),
            Some(LOCK_NOT_AVAILABLE),
            "{failure}"
        );
        let text = failure.to_string();
        assert!(
            text.starts_with(
                "migrations/2_add_email.up.sql:2:1: canceling statement due to lock timeout"
            ),
            "{mode:?}: {text}"
        );
        let detail = failure.detail.clone().unwrap_or_default();
        assert!(
            detail.contains("it waited for AccessExclusiveLock on accounts"),
            "{mode:?}: {detail}"
        );
        assert!(detail.contains("holding AccessShareLock"), "{detail}");
        assert!(detail.contains("(idle in transaction)"), "{detail}");
        assert!(
            detail.contains("its query: BEGIN; SELECT count(*) FROM accounts /* the report */;"),
            "{detail}"
        );
        // Nothing of the transactional step stayed.
        if mode == TxMode::Transaction {
            let audit: Option<String> = sqlx::query_scalar("SELECT to_regclass('audit')::text")
                .fetch_one(&mut setup)
                .await
                .unwrap();
            assert_eq!(audit, None);
        } else {
            setup.execute("DROP TABLE audit").await.unwrap();
        }
    }
    holder.execute("ROLLBACK").await.unwrap();
    drop((holder, setup));
    cluster.server().drop_database(&db).await.unwrap();
    cluster.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plpgsql_infinite_loop_ends_by_statement_timeout() {
    let cluster = common::cluster().await;
    let db = cluster.server().create_database("loop").await.unwrap();
    let limits = StepLimits {
        statement: Duration::from_secs(1),
        lock: Duration::from_secs(1),
    };
    let migration = step(
        "migrations/3_loop.up.sql",
        "CREATE TABLE t (id int);\nDO $$\nBEGIN\n  LOOP\n  END LOOP;\nEND\n$$;\n",
        TxMode::Transaction,
    );
    let mut conn = db.connect().await.unwrap();
    let started = Instant::now();
    let failure = run_step_limited(&mut conn, &migration, &limits, Some(&db.options))
        .await
        .expect_err("the loop never ends by itself");
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(failure.kind, FailureKind::Timeout, "{failure}");
    assert_eq!(
        failure.to_string().lines().next().unwrap(),
        "migrations/3_loop.up.sql:2:1: canceling statement due to statement timeout"
    );
    assert!(
        failure
            .context
            .as_deref()
            .unwrap_or("")
            .contains("PL/pgSQL function inline_code_block"),
        "{failure:?}"
    );
    drop(conn);
    cluster.server().drop_database(&db).await.unwrap();
    cluster.stop().await.unwrap();
}

/// The same loop through the binary: `--step-timeout` ends it, the
/// revision fails with the file and line, and the run goes on to its
/// verdict.
#[test]
fn the_binary_ends_a_looping_migration_by_its_step_timeout() {
    let tmp = tempfile::tempdir().unwrap();
    HistoryFiles::new()
        .rev(
            "1_loop",
            "DO $$ BEGIN LOOP END LOOP; END $$;\n",
            "SELECT 1;\n",
        )
        .write(&tmp.path().join("m"));
    let started = Instant::now();
    let o = PgRoundtrip::local(tmp.path())
        .args(["check", "m", "--no-snapshots", "--step-timeout", "2"])
        .output();
    let t = text(&o);
    assert_eq!(o.status.code(), Some(1), "{t}");
    assert!(started.elapsed() < Duration::from_secs(60), "{t}");
    assert!(t.contains("1_loop.up.sql:1:1"), "{t}");
    assert!(
        t.contains("canceling statement due to statement timeout"),
        "{t}"
    );
}

/// `--timeout` (and the file's `timeout`) ends a run that would go on for
/// a minute: exit 3 after about that long, with a clear message, and the
/// server and its directory are gone.
#[test]
fn the_whole_run_timeout_stops_the_run_and_cleans_up() {
    for by_file in [false, true] {
        let tmp = tempfile::tempdir().unwrap();
        common::history::sleeping_upgrade().write(&tmp.path().join("m"));
        let mut run = PgRoundtrip::local(tmp.path()).args(["check", "m", "--no-snapshots"]);
        if by_file {
            std::fs::write(tmp.path().join("pg-roundtrip.toml"), "timeout = \"4s\"\n").unwrap();
        } else {
            run = run.args(["--timeout", "4"]);
        }
        let mut child = run.spawn_with_stderr();
        let started = Instant::now();
        let mut seen = Seen::default();
        let code = watch_until_exit(&mut child, &mut seen, Duration::from_secs(60));
        let took = started.elapsed();
        let mut stderr = String::new();
        std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
        assert_eq!(code, Some(3), "{stderr}");
        assert!(
            took >= Duration::from_secs(4) && took < Duration::from_secs(30),
            "{took:?}"
        );
        assert!(
            stderr.contains("the run did not finish within 4 s (--timeout)"),
            "{stderr}"
        );
        seen.assert_nothing_left(child.id(), "whole-run timeout");
    }
}

/// A timeout of 0 is refused, from the flag and from the file, with where
/// it was written.
#[test]
fn zero_timeouts_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    common::history::sleeping_upgrade().write(&tmp.path().join("m"));
    let o = PgRoundtrip::local(tmp.path())
        .args(["check", "m", "--no-snapshots", "--lock-timeout", "0"])
        .output();
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("--lock-timeout 0"), "{}", text(&o));
    std::fs::write(tmp.path().join("pg-roundtrip.toml"), "timeout = 0\n").unwrap();
    let o = PgRoundtrip::local(tmp.path())
        .args(["check", "m", "--no-snapshots"])
        .output();
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("pg-roundtrip.toml:1:11: timeout = 0: give at least 1 second"),
        "{}",
        text(&o)
    );
}

/// Through the binary and the walk: while revision 1's upgrade sleeps, the
/// test takes a lock on its table from a session of its own; the
/// downgrade's `DROP TABLE` then waits, ends by `--lock-timeout 1`, and
/// the report names the down file, the lock and the test's query.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_names_the_lock_a_downgrade_waited_for() {
    use common::process::postmaster_of;
    use sqlx::ConnectOptions;
    let tmp = tempfile::tempdir().unwrap();
    HistoryFiles::new()
        .rev(
            "1_t",
            "-- no-transaction\nCREATE TABLE t (id int);\nSELECT pg_sleep(3);\n",
            "DROP TABLE t;\n",
        )
        .write(&tmp.path().join("m"));
    let child = PgRoundtrip::local(tmp.path())
        .args(["check", "m", "--no-snapshots", "--lock-timeout", "1"])
        .into_command()
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The run's own server: its socket is in its run directory.
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut holder = loop {
        assert!(Instant::now() < deadline, "table t never appeared");
        if let Some((_, data)) = postmaster_of(child.id()) {
            let socket = data.parent().unwrap().to_path_buf();
            let admin = sqlx::postgres::PgConnectOptions::new_without_pgpass()
                .socket(&socket)
                .port(5432)
                .username("postgres")
                .database("postgres");
            if let Ok(mut conn) = admin.clone().connect().await {
                let dbs: Vec<String> = sqlx::query_scalar(
                    "SELECT datname::text FROM pg_database WHERE datname LIKE 'pg\\_roundtrip\\_%'",
                )
                .fetch_all(&mut conn)
                .await
                .unwrap_or_default();
                let mut found = None;
                for db in dbs {
                    if let Ok(mut c) = admin.clone().database(&db).connect().await
                        && c.execute("BEGIN; SELECT count(*) FROM t /* holding t */;")
                            .await
                            .is_ok()
                    {
                        found = Some(c);
                        break;
                    }
                }
                if let Some(c) = found {
                    break c;
                }
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let o = tokio::task::block_in_place(|| child.wait_with_output()).unwrap();
    let _ = holder.execute("ROLLBACK").await;
    let t = text(&o);
    assert_eq!(o.status.code(), Some(1), "{t}");
    assert!(t.contains("1_t.down.sql:1:1"), "{t}");
    assert!(t.contains("canceling statement due to lock timeout"), "{t}");
    assert!(t.contains("it waited for AccessExclusiveLock on t"), "{t}");
    assert!(
        t.contains("its query: BEGIN; SELECT count(*) FROM t /* holding t */;"),
        "{t}"
    );
}

//! The walk's steps share one session while that is exact
//! (`db::StepSession`): nothing a step leaves in its session reaches the
//! next step, and a step sees what a new session would see.
//!
//! Every step of the leak histories starts with a probe that fails, naming
//! what leaked, when it sees any session state a step before it left
//! behind, and ends by leaving every kind of it behind.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::history::HistoryFiles;
use pg_roundtrip::db::{Database, StepLimits, StepSession};
use pg_roundtrip::source::{Runner, Script, Step, TxMode};
use pg_roundtrip::walk::{Direction, Problem, RevisionStatus, WalkReport};
use std::path::PathBuf;

/// Fails, naming each kind, when session state of an earlier step is seen.
const PROBE: &str = r#"
DO $probe$
DECLARE
    leaked text[] := '{}';
BEGIN
    IF current_setting('work_mem') = '64kB' THEN leaked := leaked || 'SET'::text; END IF;
    IF coalesce(current_setting('pgrt.leak', true), '') <> '' THEN
        leaked := leaked || 'custom setting'::text;
    END IF;
    IF current_user <> session_user THEN leaked := leaked || 'SET ROLE'::text; END IF;
    IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) THEN
        leaked := leaked || 'SET SESSION AUTHORIZATION'::text;
    END IF;
    IF to_regclass('pg_temp.pgrt_leak') IS NOT NULL THEN
        leaked := leaked || 'temporary table'::text;
    END IF;
    IF EXISTS (SELECT FROM pg_prepared_statements WHERE name = 'pgrt_leak') THEN
        leaked := leaked || 'prepared statement'::text;
    END IF;
    IF EXISTS (SELECT FROM pg_cursors WHERE name = 'pgrt_leak') THEN
        leaked := leaked || 'cursor'::text;
    END IF;
    IF EXISTS (SELECT FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()) THEN
        leaked := leaked || 'advisory lock'::text;
    END IF;
    IF 'pgrt_leak' = ANY (ARRAY(SELECT pg_listening_channels())) THEN
        leaked := leaked || 'LISTEN'::text;
    END IF;
    BEGIN
        PERFORM lastval();
        leaked := leaked || 'lastval'::text;
    EXCEPTION
        WHEN object_not_in_prerequisite_state THEN NULL;
        -- Defined, on a sequence the role in use may not read.
        WHEN insufficient_privilege THEN leaked := leaked || 'lastval'::text;
    END;
    IF to_regclass('public.ghost') IS NOT NULL THEN
        leaked := leaked || 'open transaction'::text;
    END IF;
    IF leaked <> '{}' THEN
        RAISE EXCEPTION 'leaked: %', array_to_string(leaked, ', ');
    END IF;
END
$probe$;
"#;

/// Leaves every kind of session state behind (roles last: they take the
/// rights the others need).
const POLLUTE: &str = "
SET work_mem = '64kB';
SET pgrt.leak = 'yes';
CREATE TEMP TABLE pgrt_leak (id int);
PREPARE pgrt_leak AS SELECT 1;
DECLARE pgrt_leak CURSOR WITH HOLD FOR SELECT 1;
SELECT pg_advisory_lock(4242);
LISTEN pgrt_leak;
CREATE TEMP SEQUENCE pgrt_leak_seq;
SELECT nextval('pgrt_leak_seq');
SET SESSION AUTHORIZATION pg_monitor;
SET ROLE pg_read_all_stats;
";

fn polluting(body: &str, no_transaction: bool) -> String {
    let directive = if no_transaction {
        "-- no-transaction\n"
    } else {
        ""
    };
    format!("{directive}{PROBE}{body}\n{POLLUTE}")
}

async fn walk(files: HistoryFiles) -> WalkReport {
    let dir = tempfile::tempdir().unwrap();
    files.write(dir.path());
    common::walk_dir(dir.path()).await
}

fn failures(report: &WalkReport) -> Vec<String> {
    report
        .revisions
        .iter()
        .flat_map(|r| r.findings.iter().map(move |f| format!("{}: {f:?}", r.id)))
        .collect()
}

#[tokio::test]
async fn the_probe_sees_every_kind_of_session_state_within_one_step() {
    let up = format!("-- no-transaction\n{POLLUTE}{PROBE}");
    let report = walk(HistoryFiles::new().rev("0001_all", &up, "SELECT 1;")).await;
    let found = failures(&report);
    assert_eq!(found.len(), 1, "{found:#?}");
    for kind in [
        "SET",
        "custom setting",
        "SET ROLE",
        "SET SESSION AUTHORIZATION",
        "temporary table",
        "prepared statement",
        "cursor",
        "advisory lock",
        "LISTEN",
        "lastval",
    ] {
        assert!(found[0].contains(kind), "{kind} not seen: {}", found[0]);
    }
}

#[tokio::test]
async fn no_session_state_reaches_the_next_step() {
    let files = HistoryFiles::new()
        .rev(
            "0001_a",
            &polluting("CREATE TABLE a (id int);", false),
            &polluting("DROP TABLE a;", false),
        )
        .rev(
            "0002_b",
            &polluting("CREATE TABLE b (id int);", true),
            &polluting("DROP TABLE b;", true),
        )
        .rev(
            "0003_c",
            &polluting("CREATE TABLE c (id int);", false),
            &polluting("DROP TABLE c;", true),
        );
    let report = walk(files).await;
    assert_eq!(failures(&report), Vec::<String>::new());
    assert!(report.passed());
    assert_eq!(report.revisions.len(), 3);
}

#[tokio::test]
async fn a_step_after_alter_database_set_sees_the_setting_as_a_new_session_would() {
    let set = "DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET search_path = app, public', \
               current_database()); END $$;";
    let reset = "DO $$ BEGIN EXECUTE format('ALTER DATABASE %I RESET search_path', \
                 current_database()); END $$;";
    let expect = "DO $$ BEGIN IF current_setting('search_path') <> 'app, public' THEN \
                  RAISE EXCEPTION 'search_path is %', current_setting('search_path'); \
                  END IF; END $$;";
    let files = HistoryFiles::new()
        .rev(
            "0001_app",
            &format!("CREATE SCHEMA app;\n{set}\n"),
            // Right after the upgrade (no checkpoint between them).
            &format!("{expect}\n{reset}\nDROP SCHEMA app;\n"),
        )
        .rev(
            "0002_t",
            &format!("{expect}\nCREATE TABLE t (id int);\n"),
            &format!("{expect}\nDROP TABLE app.t;\n"),
        )
        .rev(
            "0003_u",
            &format!("{expect}\nCREATE TABLE u (id int);\n"),
            &format!("{expect}\nDROP TABLE app.u;\n"),
        );
    let report = walk(files).await;
    assert_eq!(failures(&report), Vec::<String>::new());
    let last = report.revisions[2].schema.as_ref().unwrap().to_string();
    assert!(last.contains("table app.u"), "{last}");
}

#[tokio::test]
async fn a_transaction_left_open_is_rolled_back_and_never_seen_by_the_next_step() {
    let files = HistoryFiles::new()
        .rev(
            "0001_a",
            &format!("{PROBE}CREATE TABLE a (id int);"),
            "DROP TABLE a;",
        )
        .rev(
            "0002_open",
            "-- no-transaction\nBEGIN;\nCREATE TABLE ghost (id int);\n",
            &format!("-- no-transaction\n{PROBE}DROP TABLE IF EXISTS ghost;"),
        )
        .rev(
            "0003_b",
            &format!("-- no-transaction\n{PROBE}CREATE INDEX CONCURRENTLY a_ix ON a (id);"),
            &format!("{PROBE}DROP INDEX a_ix;"),
        );
    let report = walk(files).await;
    assert_eq!(failures(&report), Vec::<String>::new());
    let open = report.revisions[1].schema.as_ref().unwrap().to_string();
    assert!(!open.contains("ghost"), "{open}");
}

#[tokio::test]
async fn a_step_that_kills_its_own_session_fails_and_the_walk_goes_on_in_a_new_one() {
    let files = HistoryFiles::new()
        .rev(
            "0001_a",
            &format!("{PROBE}CREATE TABLE a (id int);{POLLUTE}"),
            &format!("{PROBE}DROP TABLE a;"),
        )
        .rev(
            "0002_b",
            &format!("{PROBE}CREATE TABLE b (id int);"),
            "SELECT pg_terminate_backend(pg_backend_pid());",
        )
        .rev(
            "0003_c",
            &format!("{PROBE}CREATE TABLE c (id int);"),
            &format!("{PROBE}DROP TABLE c;"),
        );
    let report = walk(files).await;
    let statuses: Vec<bool> = report
        .revisions
        .iter()
        .map(|r| matches!(r.status, RevisionStatus::Passed))
        .collect();
    assert_eq!(statuses, [true, false, true], "{:#?}", failures(&report));
    let found = &report.revisions[1].findings;
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(matches!(
        &found[0].problem,
        Problem::StepError {
            direction: Direction::Down,
            ..
        }
    ));
}

fn step(sql: &str) -> Step {
    Step {
        script: Script {
            path: PathBuf::from("step.sql"),
            sql: sql.to_string(),
            line_offset: 0,
            checksum: String::new(),
        },
        transaction: TxMode::Transaction,
        runner: Runner::Sql,
    }
}

/// The backend pids of the steps run so far (each step records its own).
async fn pids(db: &Database) -> Vec<i32> {
    let mut conn = db.connect().await.unwrap();
    sqlx::query_scalar("SELECT pid FROM pids ORDER BY n")
        .fetch_all(&mut conn)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_session_is_kept_across_plain_steps_and_renewed_when_reuse_is_not_exact() {
    let cluster = common::cluster().await;
    let db = cluster
        .server()
        .create_database("step_session")
        .await
        .unwrap();
    let session = StepSession::reusing(true);
    let limits = StepLimits::default();
    let record = "INSERT INTO pids (pid) VALUES (pg_backend_pid());";
    let run = |sql: String| {
        let (session, db) = (&session, &db);
        async move {
            session
                .run(db, &step(&sql), &limits)
                .await
                .unwrap()
                .map_err(|f| f.to_string())
        }
    };
    let set_db = "DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET work_mem = ''8MB''', \
                  current_database()); END $$;";
    // 1, 2: plain steps share a session.
    run(format!("CREATE TABLE pids (n serial, pid int);{record}"))
        .await
        .unwrap();
    run(format!("CREATE TABLE x (id int);{record}"))
        .await
        .unwrap();
    // 3: ALTER DATABASE … SET: the next step (4) gets a new session.
    run(format!("{set_db}{record}")).await.unwrap();
    run(record.to_string()).await.unwrap();
    // 5 fails; 6 gets a new session.
    run("SELECT 1/0;".to_string()).await.unwrap_err();
    run(record.to_string()).await.unwrap();
    // 7: LOAD keeps its library in the session; 8 gets a new one.
    run(format!("LOAD 'plpgsql';{record}")).await.unwrap();
    run(record.to_string()).await.unwrap();
    let seen = pids(&db).await;
    assert_eq!(seen.len(), 7);
    let same = |a: usize, b: usize| seen[a] == seen[b];
    assert!(same(0, 1) && same(1, 2), "plain steps reuse: {seen:?}");
    assert!(
        !same(2, 3),
        "a new session after ALTER DATABASE … SET: {seen:?}"
    );
    assert!(!same(3, 4), "a new session after a failed step: {seen:?}");
    assert!(same(4, 5));
    assert!(!same(5, 6), "a new session after LOAD: {seen:?}");
    // The step after ALTER DATABASE saw the database's new default.
    let mut conn = db.connect().await.unwrap();
    let work_mem: String = sqlx::query_scalar("SHOW work_mem")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(work_mem, "8MB");
    drop(conn);
    session.close().await;
    cluster.server().drop_database(&db).await.unwrap();
    cluster.stop().await.unwrap();
}

//! Running steps against a real server: error positions mapped to
//! file:line:column, transaction modes, timeouts.

mod common;

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use pg_roundtrip::db::{Database, FailureKind, Location, StepFailure, run_step};
use pg_roundtrip::source::{Script, Step, TxMode};
use sqlx::postgres::{PgDatabaseError, PgErrorPosition};
use sqlx::{AssertSqlSafe, PgConnection};

const GENEROUS: Duration = Duration::from_secs(30);

fn step(sql: &str, transaction: TxMode) -> Step {
    Step {
        script: Script {
            path: PathBuf::from("migrations/0001_test.up.sql"),
            sql: sql.to_string(),
            line_offset: 0,
            checksum: String::new(),
        },
        transaction,
        runner: pg_roundtrip::source::Runner::Sql,
    }
}

fn at(line: usize, column: usize) -> Option<Location> {
    Some(Location {
        path: PathBuf::from("migrations/0001_test.up.sql"),
        line,
        column,
    })
}

/// A fresh database on the file's shared cluster, with a connection to it.
/// The cluster guard is returned so that it outlives the test's use of it.
async fn scratch(
    label: &str,
) -> (
    std::sync::Arc<pg_roundtrip::db::LocalCluster>,
    Database,
    PgConnection,
) {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let cluster = common::shared().await;
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let db = cluster
        .server()
        .create_database(&format!("{label}_{}_{n}", std::process::id()))
        .await
        .expect("create a scratch database");
    let conn = db.connect().await.expect("connect");
    (cluster, db, conn)
}

async fn failure(conn: &mut PgConnection, sql: &str, mode: TxMode) -> StepFailure {
    match run_step(conn, &step(sql, mode), GENEROUS).await {
        Ok(()) => panic!("expected the step to fail:\n{sql}"),
        Err(f) => f,
    }
}

async fn user_relations(conn: &mut PgConnection) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE n.nspname = 'public' ORDER BY 1",
    )
    .fetch_all(&mut *conn)
    .await
    .expect("list relations")
}

async fn user_functions(conn: &mut PgConnection) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT p.proname::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace \
         WHERE n.nspname = 'public' ORDER BY 1",
    )
    .fetch_all(&mut *conn)
    .await
    .expect("list functions")
}

/// What the server itself reports, without our mapping: the position of an
/// error in a multi-statement simple query counts characters from the start
/// of the whole string, for parse errors and for analysis errors alike.
#[tokio::test]
async fn server_positions_are_characters_into_the_whole_query_string() {
    let (cluster, db, mut conn) = scratch("positions").await;
    let cases = [
        // (query, expected 1-based position)
        ("SELECT 1;\nSELECT 2;\nSELEC 3", 21),
        ("CREATE TABLE p (id int);\nSELECT nope FROM p", 33),
        ("SELECT 'äöü';\nSELEC 1", 15),
    ];
    for (sql, expected) in cases {
        let err = sqlx::raw_sql(AssertSqlSafe(sql.to_string()))
            .execute(&mut conn)
            .await
            .expect_err("the query must fail");
        let pg = err
            .as_database_error()
            .and_then(|e| e.try_downcast_ref::<PgDatabaseError>())
            .expect("a server error");
        match pg.position() {
            Some(PgErrorPosition::Original(p)) => {
                assert_eq!(p, expected, "{sql:?}: {}", pg.message())
            }
            other => panic!("{sql:?}: expected an original position, got {other:?}"),
        }
    }
    drop(conn);
    cluster.server().drop_database(&db).await.expect("drop");
}

#[tokio::test]
async fn a_syntax_error_reports_its_line_and_column_and_leaves_nothing() {
    let (cluster, db, mut conn) = scratch("syntax").await;
    let sql = "CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n    CREAT TABLE c (id int);\n";
    let f = failure(&mut conn, sql, TxMode::Transaction).await;
    assert_eq!(f.location, at(3, 5), "{f}");
    assert_eq!(f.kind, FailureKind::Sql);
    assert_eq!(f.code.as_deref(), Some("42601"));
    assert_eq!(f.message, "syntax error at or near \"CREAT\"");
    assert_eq!(
        f.to_string(),
        "migrations/0001_test.up.sql:3:5: syntax error at or near \"CREAT\""
    );
    assert!(user_relations(&mut conn).await.is_empty());
    drop(conn);
    cluster.server().drop_database(&db).await.expect("drop");
}

#[tokio::test]
async fn an_analysis_error_after_multibyte_text_is_placed_by_characters() {
    let (cluster, db, mut conn) = scratch("analysis").await;
    let sql = "COMMENT ON SCHEMA public IS 'schéma ü';\nCREATE TABLE a (id int);\nSELECT id, nope FROM a;";
    let f = failure(&mut conn, sql, TxMode::Transaction).await;
    assert_eq!(f.location, at(3, 12), "{f}");
    assert_eq!(f.message, "column \"nope\" does not exist");
    assert!(user_relations(&mut conn).await.is_empty());
    drop(conn);
    cluster.server().drop_database(&db).await.expect("drop");
}

#[tokio::test]
async fn an_error_without_position_reports_the_statement_line() {
    let (cluster, db, mut conn) = scratch("nopos").await;
    let sql = "CREATE TABLE a (id int);\n-- a comment; with a semicolon\nSELECT 1;\n\nSELECT 1/0;\nSELECT 2;\n";
    let f = failure(&mut conn, sql, TxMode::Transaction).await;
    assert_eq!(f.message, "division by zero");
    assert_eq!(f.code.as_deref(), Some("22012"));
    assert_eq!(f.location, at(5, 1), "{f}");
    assert!(
        user_relations(&mut conn).await.is_empty(),
        "the replay is rolled back too"
    );

    // A failing DO block: no position, a context line.
    let sql =
        "CREATE TABLE a (id int);\n\nDO $$\nBEGIN\n  RAISE EXCEPTION 'boom; %', 1;\nEND\n$$;\n";
    let f = failure(&mut conn, sql, TxMode::Transaction).await;
    assert_eq!(f.message, "boom; 1");
    assert_eq!(f.location, at(3, 1), "{f}");
    let context = f.context.as_deref().unwrap_or_default();
    assert!(context.contains("PL/pgSQL"), "{context}");
    assert!(user_relations(&mut conn).await.is_empty());
    drop(conn);
    cluster.server().drop_database(&db).await.expect("drop");
}

#[tokio::test]
async fn a_failing_transaction_step_leaves_nothing_behind() {
    let (cluster, db, mut conn) = scratch("atomic").await;
    let sql = "\
CREATE TABLE t (id int PRIMARY KEY, v text);
INSERT INTO t VALUES (1, 'x');
CREATE INDEX t_v ON t (v);
CREATE FUNCTION f() RETURNS int LANGUAGE sql RETURN 1;
CREATE TYPE mood AS ENUM ('a', 'b');
INSERT INTO t VALUES (1, 'duplicate');
";
    let f = failure(&mut conn, sql, TxMode::Transaction).await;
    assert_eq!(f.code.as_deref(), Some("23505"), "{f}");
    assert_eq!(f.location, at(6, 1), "{f}");
    assert!(
        f.detail
            .as_deref()
            .unwrap_or_default()
            .contains("already exists"),
        "{f}"
    );
    assert!(user_relations(&mut conn).await.is_empty());
    assert!(user_functions(&mut conn).await.is_empty());
    let types: i64 = sqlx::query_scalar("SELECT count(*) FROM pg_type WHERE typname = 'mood'")
        .fetch_one(&mut conn)
        .await
        .expect("count");
    assert_eq!(types, 0);

    // The connection is usable, and a good step commits.
    run_step(
        &mut conn,
        &step("CREATE TABLE ok (id int);", TxMode::Transaction),
        GENEROUS,
    )
    .await
    .expect("a good step");
    assert_eq!(user_relations(&mut conn).await, ["ok"]);
    drop(conn);
    cluster.server().drop_database(&db).await.expect("drop");
}

#[tokio::test]
async fn create_index_concurrently_runs_in_no_transaction_mode() {
    let (cluster, db, mut conn) = scratch("cic").await;
    let sql = "-- no-transaction\nCREATE TABLE t (id int, v text);\n\
               CREATE INDEX CONCURRENTLY t_v ON t (v);\n\
               CREATE FUNCTION g() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$;\n";
    run_step(&mut conn, &step(sql, TxMode::NoTransaction), GENEROUS)
        .await
        .expect("no-transaction step");
    assert_eq!(user_relations(&mut conn).await, ["t", "t_v"]);
    assert_eq!(user_functions(&mut conn).await, ["g"]);

    // The same statement in a transaction step fails, located by replay.
    let sql = "CREATE TABLE u (id int);\nCREATE INDEX CONCURRENTLY u_id ON u (id);\n";
    let f = failure(&mut conn, sql, TxMode::Transaction).await;
    assert!(
        f.message.contains("cannot run inside a transaction block"),
        "{f}"
    );
    assert_eq!(f.location, at(2, 1), "{f}");
    assert_eq!(user_relations(&mut conn).await, ["t", "t_v"]);
    drop(conn);
    cluster.server().drop_database(&db).await.expect("drop");
}

#[tokio::test]
async fn no_transaction_errors_are_offset_by_the_statement_start() {
    let (cluster, db, mut conn) = scratch("notx").await;
    let sql =
        "CREATE TABLE t (id int);\n\n  SELECT id, nope FROM t;\nCREATE TABLE never (id int);\n";
    let f = failure(&mut conn, sql, TxMode::NoTransaction).await;
    assert_eq!(f.location, at(3, 14), "{f}");
    // Each statement committed on its own: t stays, the rest never ran.
    assert_eq!(user_relations(&mut conn).await, ["t"]);

    let f = failure(&mut conn, "SELECT 1;\n  SELECT 1/0;", TxMode::NoTransaction).await;
    assert_eq!(f.location, at(2, 3), "{f}");
    drop(conn);
    cluster.server().drop_database(&db).await.expect("drop");
}

#[tokio::test]
async fn a_step_that_runs_past_the_timeout_fails_with_a_timeout() {
    let (cluster, db, mut conn) = scratch("timeout").await;
    let limit = Duration::from_millis(300);
    for mode in [TxMode::Transaction, TxMode::NoTransaction] {
        let started = Instant::now();
        let result = run_step(
            &mut conn,
            &step("CREATE TABLE z (id int);\nSELECT pg_sleep(20);\n", mode),
            limit,
        )
        .await;
        let f = result.expect_err("must time out");
        assert_eq!(f.kind, FailureKind::Timeout, "{mode:?}: {f}");
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{mode:?} took {:?}",
            started.elapsed()
        );
        if mode == TxMode::NoTransaction {
            assert_eq!(f.location, at(2, 1), "{f}");
            let _ = run_step(&mut conn, &step("DROP TABLE z", mode), GENEROUS).await;
        }
    }
    // The server's own statement_timeout fired: the connection still works
    // and the session's timeout was reset.
    let timeout: String = sqlx::query_scalar("SHOW statement_timeout")
        .fetch_one(&mut conn)
        .await
        .expect("show");
    assert_eq!(timeout, "0");
    assert!(user_relations(&mut conn).await.is_empty());
    drop(conn);

    // Many statements each under the limit: our own deadline stops it.
    let mut conn = db.connect().await.expect("connect");
    let sql = "SELECT pg_sleep(0.2);\n".repeat(30);
    let started = Instant::now();
    let f = run_step(&mut conn, &step(&sql, TxMode::Transaction), limit)
        .await
        .expect_err("must time out");
    assert_eq!(f.kind, FailureKind::Timeout, "{f}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
    drop(conn);
    cluster.server().drop_database(&db).await.expect("drop");
}

#[tokio::test]
async fn line_offset_is_added_to_every_location() {
    let (cluster, db, mut conn) = scratch("offset").await;
    let mut s = step("SELECT 1;\n\n  SELEC 2;\n", TxMode::Transaction);
    s.script.line_offset = 10;
    let f = run_step(&mut conn, &s, GENEROUS).await.expect_err("fails");
    assert_eq!(f.location, at(13, 3), "{f}");

    s.script.sql = "SELECT 1;\nSELECT 1/0;".into();
    let f = run_step(&mut conn, &s, GENEROUS).await.expect_err("fails");
    assert_eq!(f.location, at(12, 1), "{f}");

    s.transaction = TxMode::NoTransaction;
    let f = run_step(&mut conn, &s, GENEROUS).await.expect_err("fails");
    assert_eq!(f.location, at(12, 1), "{f}");
    drop(conn);
    cluster.server().drop_database(&db).await.expect("drop");
}

// ---- transaction control and error lines (issue 16) ----

#[tokio::test]
async fn a_transaction_step_whose_commit_would_break_it_is_refused_before_it_runs() {
    let (cluster, db, mut conn) = scratch("txcontrol").await;
    let sql = "-- two halves\nBEGIN;\nCREATE TABLE a (id int);\nCOMMIT;\nCREATE TABLE b (id int);\nSELECT 1 / 0;\n";
    let f = failure(&mut conn, sql, TxMode::Transaction).await;
    assert_eq!(f.kind, FailureKind::Sql, "{f}");
    assert_eq!(f.location, at(4, 1), "{f}");
    assert!(f.message.starts_with("`COMMIT` would break"), "{f}");
    assert!(
        user_relations(&mut conn).await.is_empty(),
        "nothing of the step may be committed"
    );
    drop(conn);
    cluster.server().drop_database(&db).await.expect("drop");
}

#[tokio::test]
async fn a_file_that_manages_its_own_transactions_reports_the_failing_line() {
    let (cluster, db, mut conn) = scratch("owntx").await;
    let sql = "-- no-transaction\nBEGIN;\nCREATE TABLE a (id int);\nCOMMIT;\nBEGIN;\nINSERT INTO a VALUES (1 / 0);\nCOMMIT;\n";
    let f = failure(&mut conn, sql, TxMode::NoTransaction).await;
    assert_eq!(f.kind, FailureKind::Sql, "{f}");
    assert_eq!(f.location.as_ref().map(|l| l.line), Some(6), "{f}");
    // The first transaction was the file's own and is committed; the
    // second is rolled back, and the connection is usable again.
    assert_eq!(user_relations(&mut conn).await, ["a"]);
    let timeout: String = sqlx::query_scalar("SHOW statement_timeout")
        .fetch_one(&mut conn)
        .await
        .expect("the connection is outside a failed transaction");
    assert_eq!(timeout, "0");
    drop(conn);
    cluster.server().drop_database(&db).await.expect("drop");
}

#[tokio::test]
async fn a_statement_timeout_in_a_transaction_step_names_the_statement_that_was_running() {
    let (cluster, db, mut conn) = scratch("timeoutline").await;
    let sql = "CREATE TABLE z (id int);\n\nSELECT 1;\n  SELECT pg_sleep(20);\nSELECT 2;\n";
    let started = Instant::now();
    let f = run_step(
        &mut conn,
        &step(sql, TxMode::Transaction),
        Duration::from_millis(300),
    )
    .await
    .expect_err("must time out");
    assert_eq!(f.kind, FailureKind::Timeout, "{f}");
    assert_eq!(f.location, at(4, 3), "{f}");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "took {:?}",
        started.elapsed()
    );
    assert!(user_relations(&mut conn).await.is_empty());
    drop(conn);
    cluster.server().drop_database(&db).await.expect("drop");
}

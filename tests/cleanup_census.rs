//! Whatever happens to a run, it leaves nothing behind: each test counts
//! the run's server processes, its run directories (the temporary
//! directories holding data, socket and log) and, on a url server, the
//! scratch databases, while the run goes and after it ended (see
//! `common::census`, scoped to the run's pid). Cases: success, a
//! round-trip failure, an SQL error, a panic inside the walk (a progress
//! callback), SIGINT, SIGTERM, the server killed mid-walk, and a url-mode
//! run interrupted. Containers: `tests/docker_safety.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::bin::PgRoundtrip;
use common::census::{Seen, run_dirs_of, scratch_databases, watch_until_exit};
use common::history::{self, HistoryFiles};
use common::process::{backends_of, postmaster_of, signal};
use pg_roundtrip::walk::{Progress, WalkOptions, walk};
use std::path::Path;
use std::process::Child;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Runs `check` on the history `files` to its end, watching it.
fn run_to_end(files: &HistoryFiles, expected: i32, what: &str) {
    let tmp = tempfile::tempdir().unwrap();
    files.write(&tmp.path().join("m"));
    let mut child = PgRoundtrip::local(tmp.path())
        .args(["check", "m", "--no-snapshots"])
        .spawn_with_stderr();
    let mut seen = Seen::default();
    let code = watch_until_exit(&mut child, &mut seen, Duration::from_secs(120));
    assert_eq!(code, Some(expected), "{what}: {}", stderr(&mut child));
    seen.assert_nothing_left(child.id(), what);
}

fn stderr(child: &mut Child) -> String {
    let mut text = String::new();
    if let Some(err) = child.stderr.as_mut() {
        let _ = std::io::Read::read_to_string(err, &mut text);
    }
    text
}

#[test]
fn a_passing_run_leaves_nothing() {
    let files = HistoryFiles::new().rev("1_t", "CREATE TABLE t (id int);\n", "DROP TABLE t;\n");
    run_to_end(&files, 0, "success");
}

#[test]
fn a_round_trip_failure_leaves_nothing() {
    let files = HistoryFiles::new().rev(
        "1_t",
        "CREATE TABLE t (id int);\nCREATE INDEX t_id ON t (id);\n",
        "DROP INDEX t_id;\nALTER TABLE t ADD COLUMN extra int;\n",
    );
    run_to_end(&files, 1, "round-trip failure");
}

#[test]
fn an_sql_error_leaves_nothing() {
    let files = HistoryFiles::new().rev("1_t", "CREATE TABLE t (id int;\n", "DROP TABLE t;\n");
    run_to_end(&files, 1, "SQL error");
}

/// Starts a check of a history whose upgrade sleeps; returns once its
/// server runs the step, with what was seen so far.
fn sleeping_run(tmp: &Path, extra: &[&str]) -> (Child, Seen) {
    history::sleeping_upgrade().write(&tmp.join("m"));
    let mut child = PgRoundtrip::local(tmp)
        .args(["check", "m", "--no-snapshots"])
        .args(extra)
        .spawn_with_stderr();
    let mut seen = Seen::default();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        assert!(Instant::now() < deadline, "no step ran within 60 s");
        seen.look(child.id());
        if let Some((pid, _)) = postmaster_of(child.id())
            && backends_of(pid).iter().any(|c| c.contains("SELECT"))
        {
            return (child, seen);
        }
        if child.try_wait().unwrap().is_some() {
            panic!("the run ended early: {}", stderr(&mut child));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn interrupted_by(sig: i32, what: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let (mut child, mut seen) = sleeping_run(tmp.path(), &[]);
    assert_eq!(
        run_dirs_of(child.id()).len(),
        1,
        "{what}: one run directory while it runs"
    );
    signal(child.id(), sig);
    let code = watch_until_exit(&mut child, &mut seen, Duration::from_secs(30));
    assert_eq!(code, Some(130), "{what}: {}", stderr(&mut child));
    seen.assert_nothing_left(child.id(), what);
}

#[test]
fn sigint_leaves_nothing() {
    interrupted_by(libc::SIGINT, "SIGINT");
}

#[test]
fn sigterm_leaves_nothing() {
    interrupted_by(libc::SIGTERM, "SIGTERM");
}

/// The postmaster is SIGKILLed while a step runs: exit 3 within seconds
/// (never a hang), the message says the server went away and shows the
/// end of its log, and the run still removes its directory.
#[test]
fn a_server_killed_mid_walk_is_exit_3_within_seconds_and_leaves_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut child, mut seen) = sleeping_run(tmp.path(), &[]);
    let (postmaster, _) = postmaster_of(child.id()).unwrap();
    let killed = Instant::now();
    signal(postmaster, libc::SIGKILL);
    let code = watch_until_exit(&mut child, &mut seen, Duration::from_secs(30));
    let took = killed.elapsed();
    let text = stderr(&mut child);
    assert_eq!(code, Some(3), "{text}");
    assert!(took < Duration::from_secs(10), "exit 3 took {took:?}");
    assert!(text.contains("went away during the walk"), "{text}");
    assert!(text.contains("the last lines of its log:"), "{text}");
    assert!(
        text.contains("terminating connection due to unexpected postmaster exit")
            || text.contains("database system is ready to accept connections"),
        "no server log lines: {text}"
    );
    seen.assert_nothing_left(child.id(), "server killed");
}

/// A progress callback (the user's code) panics inside the walk, in a
/// task that owns the server: unwinding stops the server and removes its
/// directory.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panic_inside_the_walk_stops_the_local_server() {
    let dir = tempfile::tempdir().unwrap();
    HistoryFiles::new()
        .rev("1_a", "CREATE TABLE a (id int);\n", "DROP TABLE a;\n")
        .rev("2_b", "CREATE TABLE b (id int);\n", "DROP TABLE b;\n")
        .write(dir.path());
    let history = common::load(dir.path());
    let (tx, rx) = std::sync::mpsc::channel();
    let task = tokio::spawn(async move {
        let cluster = common::cluster().await;
        tx.send((cluster.pid().unwrap(), cluster.dir().to_path_buf()))
            .unwrap();
        let options = WalkOptions {
            progress: Some(Progress(Arc::new(|_| {
                panic!("boom in a progress callback")
            }))),
            ..WalkOptions::default()
        };
        let _ = walk(&history, cluster.server(), &options).await;
        cluster
    });
    let joined = task.await;
    let (pid, run_dir) = rx.recv().unwrap();
    assert!(joined.unwrap_err().is_panic(), "the callback's panic");
    assert!(
        common::process::wait_dead(pid, Duration::from_secs(10)),
        "server {pid} outlived the panic"
    );
    assert!(!run_dir.exists(), "{} left behind", run_dir.display());
}

/// The same panic on a url server: the scratch databases the walk had
/// created are dropped while unwinding.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panic_inside_the_walk_drops_the_url_scratch_databases() {
    let host = common::cluster().await;
    let url = format!(
        "postgres://postgres@localhost:5432/postgres?host={}",
        host.dir().display()
    );
    let dir = tempfile::tempdir().unwrap();
    HistoryFiles::new()
        .rev("1_a", "CREATE TABLE a (id int);\n", "DROP TABLE a;\n")
        .write(dir.path());
    let history = common::load(dir.path());
    let (tx, rx) = tokio::sync::oneshot::channel();
    let task = tokio::spawn(async move {
        let server = pg_roundtrip::db::UrlServer::connect(&url).await.unwrap();
        let options = WalkOptions {
            progress: Some(Progress(Arc::new(|_| {
                panic!("boom in a progress callback")
            }))),
            ..WalkOptions::default()
        };
        let watcher = server.server().clone();
        let _ = tx.send(watcher);
        let _ = walk(&history, server.server(), &options).await;
        server
    });
    let watcher = rx.await.unwrap();
    assert!(task.await.unwrap_err().is_panic());
    assert_eq!(watcher.live_scratch_databases(), Vec::<String>::new());
    let db = host.server().create_database("census").await.unwrap();
    let mut conn = db.connect().await.unwrap();
    assert_eq!(scratch_databases(&mut conn).await, Vec::<String>::new());
    drop(conn);
    host.server().drop_database(&db).await.unwrap();
    host.stop().await.unwrap();
}

/// A url-mode run interrupted while a step runs drops its
/// `pg_roundtrip_*` databases on the way out (SIGINT, then SIGTERM).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_interrupted_url_run_drops_its_scratch_databases() {
    let host = common::cluster().await;
    let url = format!(
        "postgres://postgres@localhost:5432/postgres?host={}",
        host.dir().display()
    );
    let own = host.server().create_database("census").await.unwrap();
    let mut conn = own.connect().await.unwrap();
    let postmaster = host.pid().unwrap();
    for sig in [libc::SIGINT, libc::SIGTERM] {
        let tmp = tempfile::tempdir().unwrap();
        history::sleeping_upgrade().write(&tmp.path().join("m"));
        assert_eq!(scratch_databases(&mut conn).await, Vec::<String>::new());
        let mut child = PgRoundtrip::new(tmp.path())
            .args([
                "check",
                "m",
                "--no-snapshots",
                "--backend",
                "url",
                "--url",
                &url,
            ])
            .spawn_with_stderr();
        let deadline = Instant::now() + Duration::from_secs(60);
        let during = loop {
            assert!(Instant::now() < deadline, "no step ran within 60 s");
            let during = scratch_databases(&mut conn).await;
            if !during.is_empty() && backends_of(postmaster).iter().any(|c| c.contains("SELECT")) {
                break during;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        signal(child.id(), sig);
        let code = tokio::task::block_in_place(|| {
            common::process::wait_exit(&mut child, Duration::from_secs(30))
        });
        assert_eq!(code, Some(130), "{}", stderr(&mut child));
        let after = scratch_databases(&mut conn).await;
        assert!(
            after.is_empty(),
            "signal {sig}: during the run {during:?}, after it {after:?}"
        );
    }
    drop(conn);
    host.server().drop_database(&own).await.unwrap();
    host.stop().await.unwrap();
}

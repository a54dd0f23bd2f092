//! Nothing is left behind when the binary is stopped mid-walk: Ctrl-C and
//! SIGTERM stop the server and delete its files before exiting with 130;
//! SIGKILL (no destructor runs) still takes the server down with it
//! (PR_SET_PDEATHSIG), and the next start sweeps the stale directory.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::bin::PgRoundtrip;
use common::history;
use common::process::{alive, backends_of, postmaster_of, signal, wait_dead, wait_exit};
use std::path::PathBuf;
use std::process::Child;
use std::time::{Duration, Instant};

/// Starts `pg-roundtrip check` on a history whose first upgrade sleeps,
/// and returns once its server is up and the step is running. The caller
/// signals and reaps the child.
#[expect(clippy::zombie_processes, reason = "the caller waits for the child")]
fn start_sleeping_check(tmp: &std::path::Path) -> (Child, u32, PathBuf) {
    history::sleeping_upgrade().write(&tmp.join("m"));
    let child = PgRoundtrip::local(tmp)
        .args(["check", "m", "--no-snapshots"])
        .spawn_with_stderr();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        assert!(Instant::now() < deadline, "no server started within 60 s");
        if let Some((pid, data)) = postmaster_of(child.id()) {
            // The server runs; wait for the sleeping step's backend.
            if backends_of(pid).iter().any(|c| c.contains("SELECT")) {
                return (child, pid, data.parent().unwrap().to_path_buf());
            }
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn stopped_by(sig: i32) {
    let tmp = tempfile::tempdir().unwrap();
    let (mut child, postmaster, run_dir) = start_sleeping_check(tmp.path());
    assert!(run_dir.exists());
    signal(child.id(), sig);
    let code = wait_exit(&mut child, Duration::from_secs(20));
    assert_eq!(
        code,
        Some(130),
        "pg-roundtrip must exit 130 after cleaning up"
    );
    let mut stderr = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
    assert!(stderr.contains("cleaning up"), "{stderr}");
    assert!(
        !alive(postmaster),
        "the server {postmaster} outlived pg-roundtrip"
    );
    assert!(!run_dir.exists(), "{} was left behind", run_dir.display());
}

#[test]
fn ctrl_c_stops_the_server_and_removes_its_files() {
    stopped_by(libc::SIGINT);
}

#[test]
fn sigterm_stops_the_server_and_removes_its_files() {
    stopped_by(libc::SIGTERM);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_takes_the_server_along_and_the_next_start_sweeps() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut child, postmaster, run_dir) = start_sleeping_check(tmp.path());
    // The server keeps its dynamic shared memory in its data directory, so
    // a SIGKILL leaves no segment in /dev/shm that nothing would remove.
    let segments = dynamic_shared_memory_of(postmaster);
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        !segments.is_empty() && segments.iter().all(|p| p.starts_with(&run_dir)),
        "shared memory outside the run directory: {segments:?}"
    );
    assert!(
        wait_dead(postmaster, Duration::from_secs(10)),
        "the server survived its SIGKILLed owner"
    );
    // No destructor ran, so the directory is still there until the next
    // start sweeps directories whose owner is dead.
    let cluster = common::cluster().await;
    assert!(!run_dir.exists(), "{} was not swept", run_dir.display());
    cluster.stop().await.unwrap();
}

/// The files a process has mapped whose name says they are PostgreSQL's
/// dynamic shared memory (`/dev/shm/PostgreSQL.*` or `pg_dynshmem/*`).
fn dynamic_shared_memory_of(pid: u32) -> Vec<PathBuf> {
    let maps = std::fs::read_to_string(format!("/proc/{pid}/maps")).unwrap();
    let mut found: Vec<PathBuf> = maps
        .lines()
        .filter_map(|l| l.split_whitespace().nth(5))
        .filter(|p| p.contains("PostgreSQL.") || p.contains("pg_dynshmem"))
        .map(PathBuf::from)
        .collect();
    found.dedup();
    found
}

/// A walk whose migration closes its own database to new sessions and
/// ends the open ones (the walk's inspection session among them) reports
/// that revision and goes on from a rebuilt database; afterwards neither
/// a scratch database nor the checkpoint copy it had taken is left.
#[tokio::test]
async fn a_walk_whose_database_is_closed_under_it_drops_its_checkpoint_too() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = history::HistoryFiles::new();
    // Slow enough upgrades that a checkpoint is taken after the first ones.
    for i in 1..=3 {
        files = files.rev(
            &format!("{i}_t{i}"),
            &format!("SELECT pg_sleep(0.03);\nCREATE TABLE t{i} (id int);\n"),
            &format!("DROP TABLE t{i};\n"),
        );
    }
    files
        .rev(
            "4_close_the_database",
            "DO $$ BEGIN\n  EXECUTE format('ALTER DATABASE %I ALLOW_CONNECTIONS false', current_database());\nEND $$;\n\
             SELECT pg_terminate_backend(pid) FROM pg_stat_activity\n\
             WHERE datname = current_database() AND pid <> pg_backend_pid();\n",
            "SELECT 1;\n",
        )
        .write(dir.path());
    let history = common::load(dir.path());
    let cluster = common::cluster().await;
    let walked = pg_roundtrip::walk::walk(
        &history,
        cluster.server(),
        &pg_roundtrip::walk::WalkOptions::default(),
    )
    .await;
    let report = walked.unwrap_or_else(|e| panic!("{e}"));
    let statuses: Vec<(&str, bool)> = report
        .revisions
        .iter()
        .map(|r| (r.id.as_str(), r.findings.is_empty()))
        .collect();
    assert_eq!(
        statuses,
        [
            ("1_t1", true),
            ("2_t2", true),
            ("3_t3", true),
            ("4_close_the_database", false)
        ],
        "{report:#?}"
    );
    assert_eq!(
        cluster.server().live_scratch_databases(),
        Vec::<String>::new()
    );
    let db = cluster
        .server()
        .create_database("cleanup_check")
        .await
        .unwrap();
    let mut conn = db.connect().await.unwrap();
    let left: Vec<String> = sqlx::query_scalar(
        "SELECT datname::text FROM pg_database WHERE datname LIKE 'pg\\_roundtrip\\_%' \
         AND datname <> current_database()",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    assert_eq!(left, Vec::<String>::new(), "databases left behind");
    drop(conn);
    cluster.server().drop_database(&db).await.unwrap();
    cluster.stop().await.unwrap();
}

//! Helpers shared by the integration tests. Every test that touches a
//! database starts a real throwaway PostgreSQL (the local cluster backend);
//! if none can be started the test fails with the reason, never skips.
//!
//! * [`bin`]: running the binary, and the one rule for `CI`.
//! * [`history`]: writing a history of the test's own.
//! * [`process`]: children, postmasters, waiting for an exit.
//! * [`findings`]: the one place a walk's findings are read.
//! * [`docker`]: the no-silent-skip rule and `docker ps`.
//! * [`census`]: what a run leaves behind (servers, run directories,
//!   scratch databases), scoped to its pid.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod bin;
pub mod census;
pub mod docker;
pub mod findings;
pub mod history;
pub mod process;

use pg_roundtrip::db::{ClusterOptions, LocalCluster};
use pg_roundtrip::source::{self, History};
use pg_roundtrip::walk::{WalkOptions, WalkReport, walk};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Weak};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

pub fn repo_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// A cluster of its own for one test.
pub async fn cluster() -> LocalCluster {
    start().await
}

pub fn load(dir: &Path) -> History {
    source::load(dir).unwrap_or_else(|e| panic!("{e}"))
}

/// Walks `dir` on a fresh cluster without snapshots.
pub async fn walk_dir(dir: &Path) -> WalkReport {
    let history = load(dir);
    let cluster = cluster().await;
    let report = walk(&history, cluster.server(), &WalkOptions::default()).await;
    cluster.stop().await.unwrap_or_else(|e| panic!("{e}"));
    report.unwrap_or_else(|e| panic!("walk failed to run: {e}"))
}

/// Copies a directory tree (files only) into `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

/// A fresh database on its own throwaway cluster, and a connection to it.
/// Dropping the returned cluster stops the server and deletes its files.
pub async fn scratch_database() -> (LocalCluster, sqlx::PgConnection) {
    let cluster = cluster().await;
    let db = cluster
        .server()
        .create_database(&format!("test_{}", std::process::id()))
        .await
        .unwrap_or_else(|e| panic!("could not create a scratch database: {e}"));
    let conn = db.connect().await.unwrap_or_else(|e| panic!("{e}"));
    (cluster, conn)
}

/// A cache that lives in the build directory, shared by every test binary,
/// so that initdb runs once per build directory rather than once per test.
pub fn cache_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("pg-roundtrip-cache")
}

pub fn options() -> ClusterOptions {
    ClusterOptions {
        pg_bin: None,
        cache_dir: Some(cache_dir()),
        settings: Vec::new(),
    }
}

/// Starts a cluster or fails the test with the reason.
pub async fn start() -> LocalCluster {
    match LocalCluster::start(options()).await {
        Ok(cluster) => cluster,
        Err(err) => panic!("could not start a local cluster: {err}"),
    }
}

static SHARED: tokio::sync::Mutex<Weak<LocalCluster>> = tokio::sync::Mutex::const_new(Weak::new());

/// One cluster for all the tests of a file that run at the same time; it
/// is stopped when the last of them lets go of it.
pub async fn shared() -> Arc<LocalCluster> {
    let mut slot = SHARED.lock().await;
    if let Some(cluster) = slot.upgrade() {
        return cluster;
    }
    let cluster = Arc::new(start().await);
    *slot = Arc::downgrade(&cluster);
    cluster
}

//! Helpers shared by the integration tests. Every test that touches a
//! database starts a real throwaway PostgreSQL (the local cluster backend);
//! if none can be started the test fails with the reason, never skips.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use pg_roundtrip::db::{ClusterOptions, LocalCluster};
use pg_roundtrip::source::{self, History};
use pg_roundtrip::walk::{WalkOptions, WalkReport, walk};
use std::path::{Path, PathBuf};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

pub fn repo_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

pub async fn cluster() -> LocalCluster {
    match LocalCluster::start(ClusterOptions::default()).await {
        Ok(c) => c,
        Err(e) => panic!("could not start a local PostgreSQL for this test: {e}"),
    }
}

pub fn load(dir: &Path) -> History {
    source::load(dir).unwrap_or_else(|e| panic!("{e}"))
}

/// Walks `dir` on a fresh cluster without snapshots.
pub async fn walk_dir(dir: &Path) -> WalkReport {
    let history = load(dir);
    let cluster = cluster().await;
    let report = walk(&history, cluster.server(), &WalkOptions::default()).await;
    cluster.stop().await;
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

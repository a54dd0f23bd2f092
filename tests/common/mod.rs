//! Helpers shared by the tests that need a real local cluster.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::{Arc, Weak};

use pg_roundtrip::db::{ClusterOptions, LocalCluster};

/// A cache that lives in the build directory, shared by every test binary,
/// so that initdb runs once per build directory rather than once per test.
pub fn cache_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("pg-roundtrip-cache")
}

pub fn options() -> ClusterOptions {
    ClusterOptions {
        pg_bin: None,
        cache_dir: Some(cache_dir()),
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

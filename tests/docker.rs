//! The `docker` backend against the real engine, with the images
//! `ci/build-postgres-image` builds. A test that needs Docker fails with
//! the reason when Docker or an image is missing, unless
//! `PG_ROUNDTRIP_SKIP_DOCKER=1` is set; then it prints a loud
//! "SKIPPED (PG_ROUNDTRIP_SKIP_DOCKER=1)" and returns.
#![cfg(feature = "docker")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use pg_roundtrip::db::{ContainerOptions, DockerServer, RUN_LABEL, default_image};
use std::time::Instant;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_container_starts_serves_and_is_removed() {
    if common::docker::skip("a_container_starts_serves_and_is_removed") {
        return;
    }
    let t = Instant::now();
    let server = DockerServer::start(ContainerOptions::new(default_image(15), Some(15)))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    eprintln!("ready in {:?} ({:?})", server.ready_in, t.elapsed());
    assert_eq!(server.server().major(), 15);
    let id = server.id().to_string();
    assert!(common::docker::container_exists(&id));
    let db = server.server().create_database("t1").await.unwrap();
    let mut conn = db.connect().await.unwrap();
    let one: i32 = sqlx::query_scalar("SELECT 1")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(one, 1);
    drop(conn);
    server.stop().await.unwrap();
    assert!(!common::docker::container_exists(&id), "{id} left behind");
    let _ = RUN_LABEL;
}

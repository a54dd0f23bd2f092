//! `cargo bench --bench docker_start`: start-to-ready of the docker
//! backend (container started, both ready lines seen, a real connection
//! made), median of 5 per image, with and without the tmpfs data
//! directory. Needs the images (`ci/build-postgres-image 15 17 18`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use pg_roundtrip::db::{ContainerOptions, DockerServer, default_image};

#[tokio::main]
async fn main() {
    println!("| image | tmpfs | median | min | max |\n|---|---|---|---|---|");
    for major in [15, 17, 18] {
        for tmpfs in [true, false] {
            let mut times = Vec::new();
            for _ in 0..5 {
                let mut opts = ContainerOptions::new(default_image(major), Some(major));
                opts.tmpfs = tmpfs;
                let server = DockerServer::start(opts).await.unwrap();
                times.push(server.ready_in);
                server.stop().await.unwrap();
            }
            times.sort();
            println!(
                "| postgres:{major} | {tmpfs} | {:.2} s | {:.2} s | {:.2} s |",
                times[2].as_secs_f64(),
                times[0].as_secs_f64(),
                times[4].as_secs_f64()
            );
        }
    }
}

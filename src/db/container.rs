//! The `docker` backend: a disposable PostgreSQL container per server,
//! started with testcontainers and removed when the run ends.
//!
//! * **No registry needed.** Before anything is created, [`preflight`]
//!   pings the engine and inspects the image. A missing image is an error
//!   that says how to build it (`ci/build-postgres-image <major>`) or pull
//!   it, instead of testcontainers' implicit pull (it pulls only when
//!   creating a container answers 404, which on a machine without a
//!   registry would just fail slowly).
//! * **The image contract** is the official `postgres` image's (and
//!   testcontainers-modules' `Postgres`): `POSTGRES_PASSWORD`, initdb on
//!   first start, the ready line once on stdout (temporary init server) and
//!   once on stderr (final server). The images `ci/build-postgres-image`
//!   builds keep it, so the official image works unchanged.
//! * **Ready means connected.** After both log lines, we connect through
//!   the mapped port and retry (bounded) until a connection succeeds.
//! * **Fast and throwaway.** fsync, synchronous_commit, full_page_writes,
//!   autovacuum and JIT are off, WAL is minimal, and the data directory is
//!   a tmpfs: nothing of a run ever reaches the disk, and nothing (no
//!   volume) outlives the container.
//! * **Labels.** Every container carries `org.pg-roundtrip.run=<run id>`,
//!   `org.pg-roundtrip.pid=<pid>`, `org.pg-roundtrip.pid-start=<start
//!   time of that process>` and `org.pg-roundtrip.host=<hostname>`, so
//!   `docker ps -a --filter label=org.pg-roundtrip.run` lists ours.
//!
//! ## Cleanup, and why it never depends on a reaper
//!
//! testcontainers for Rust has **no resource reaper** (Ryuk): nothing is
//! pulled or started beside our container, and `TESTCONTAINERS_RYUK_*`
//! variables mean nothing to it. Cleanup is ours, on every path:
//!
//! * **Success and findings:** [`DockerServer::stop`] removes the container
//!   (`rm -f -v`) and waits for the engine to confirm.
//! * **Errors, panics, Ctrl-C and SIGTERM:** dropping a [`DockerServer`]
//!   (unwinding, or the CLI dropping the cancelled work future) drops the
//!   `ContainerAsync`, whose `Drop` removes the container; it blocks inside
//!   the tokio runtime (`block_in_place`), which is why a server must be
//!   dropped inside a runtime (the CLI's and the tests' are multi-thread).
//!   A start cut short between "created" and "running" is covered by a
//!   guard that removes every container of that run id.
//! * **SIGKILL, `abort`, power loss:** no destructor runs. The next start
//!   of any pg-roundtrip on the same host sweeps ([`sweep_stale_containers`])
//!   containers whose labels name this host and a process that no longer
//!   exists (pid plus start time, so a reused pid does not count as alive).
//!
//! Where a reaper *is* available (testcontainers for Java/Go/.NET start
//! Ryuk, which removes a session's containers once its client disconnects),
//! it would only add a second net under the same containers; pg-roundtrip
//! does not start or expect one, and a Ryuk that happens to run on the
//! engine does not know our labels and leaves our containers alone.
//! `TESTCONTAINERS_COMMAND=keep` (testcontainers' own switch) keeps
//! containers for debugging; the sweep removes them on a later run once
//! their owner is gone.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use sqlx::postgres::{PgConnectOptions, PgSslMode};
use testcontainers::bollard::Docker;
use testcontainers::bollard::query_parameters::{
    ListContainersOptionsBuilder, RemoveContainerOptionsBuilder,
};
use testcontainers::core::{IntoContainerPort, Mount};
use testcontainers::runners::AsyncRunner;
use testcontainers::{ContainerAsync, ImageExt};
use testcontainers_modules::postgres::Postgres;

use super::common::{
    SPEED_SETTINGS, block_on_in_drop, connect_until_ready, major_minor, owner_alive,
    process_start_time, version_num_and_close,
};
use super::engine::{ENGINE_TIMEOUT, engine, engine_error, timed};
use super::error::DbError;
use super::server::Server;

/// The label every container of ours carries (value: the run id).
pub const RUN_LABEL: &str = "org.pg-roundtrip.run";
const PID_LABEL: &str = "org.pg-roundtrip.pid";
const PID_START_LABEL: &str = "org.pg-roundtrip.pid-start";
const HOST_LABEL: &str = "org.pg-roundtrip.host";

const PG_PORT: u16 = 5432;
const PGDATA: &str = "/var/lib/postgresql/data";
/// Container start, initdb and both ready lines.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(120);
/// Connecting after the ready lines (the port forwarding may lag).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(30);
const CONNECT_POLL: Duration = Duration::from_millis(50);

/// How to start a [`DockerServer`].
#[derive(Debug, Clone)]
pub struct ContainerOptions {
    /// `NAME:TAG`, e.g. `postgres:17`.
    pub image: String,
    /// The major the image must run; a different one is an error.
    pub major: Option<u32>,
    /// A tmpfs for `PGDATA` (on by default).
    pub tmpfs: bool,
}

impl ContainerOptions {
    /// `image` for `major` (when given), with a tmpfs data directory.
    pub fn new(image: impl Into<String>, major: Option<u32>) -> Self {
        ContainerOptions {
            image: image.into(),
            major,
            tmpfs: true,
        }
    }
}

/// Splits `NAME[:TAG]` (a registry port in NAME is not a tag).
fn split_image(image: &str) -> (&str, &str) {
    let last_slash = image.rfind('/').map(|i| i + 1).unwrap_or(0);
    match image[last_slash..].rfind(':') {
        Some(colon) => (
            &image[..last_slash + colon],
            &image[last_slash + colon + 1..],
        ),
        None => (image, "latest"),
    }
}

/// What [`preflight`] found: the engine answers and these images exist.
#[derive(Debug, Clone)]
pub struct Preflight {
    /// The engine's version, for messages.
    pub engine: String,
}

/// Pings the engine and checks that every image is present locally.
/// A dead engine is [`DbError::DockerUnavailable`], a missing image
/// [`DbError::ImageMissing`] (with how to build it); both are
/// infrastructure failures (exit code 3).
pub async fn preflight(images: &[(String, u32)]) -> Result<Preflight, DbError> {
    let docker = engine().await?;
    match tokio::time::timeout(ENGINE_TIMEOUT, docker.ping()).await {
        Ok(Ok(_)) => {}
        Ok(Err(e)) => return Err(engine_error(&e)),
        Err(_) => {
            return Err(DbError::DockerUnavailable {
                message: format!("ping: no answer within {} s", ENGINE_TIMEOUT.as_secs()),
            });
        }
    }
    let engine = match timed("version", docker.version()).await {
        Ok(v) => format!("Docker {}", v.version.unwrap_or_default()),
        Err(_) => "Docker".to_string(),
    };
    for (image, major) in images {
        match tokio::time::timeout(ENGINE_TIMEOUT, docker.inspect_image(image)).await {
            Ok(Ok(_)) => {}
            Ok(Err(testcontainers::bollard::errors::Error::DockerResponseServerError {
                status_code: 404,
                ..
            })) => {
                return Err(DbError::ImageMissing {
                    image: image.clone(),
                    major: *major,
                });
            }
            Ok(Err(e)) => {
                return Err(DbError::Docker {
                    action: format!("inspect image {image}"),
                    message: e.to_string(),
                });
            }
            Err(_) => {
                return Err(DbError::DockerUnavailable {
                    message: format!("inspect image {image}: no answer"),
                });
            }
        }
    }
    Ok(Preflight { engine })
}

fn hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_string())
        .unwrap_or_default()
}

/// A run id unique on this host: pid, time and a counter.
fn new_run_id() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!("{}-{nanos:x}-{n}", std::process::id())
}

/// Best effort: removes containers with our labels whose owner process,
/// on this host, is dead. Returns how many it removed.
pub async fn sweep_stale_containers() -> Result<usize, DbError> {
    let docker = engine().await?;
    let filters = HashMap::from([("label", vec![RUN_LABEL])]);
    let list = ListContainersOptionsBuilder::new()
        .all(true)
        .filters(&filters)
        .build();
    let containers = timed("list containers", docker.list_containers(Some(list)))
        .await
        .map_err(|message| DbError::Docker {
            action: "list containers".into(),
            message,
        })?;
    let here = hostname();
    let mut removed = 0;
    for c in containers {
        let (Some(id), Some(labels)) = (c.id, c.labels) else {
            continue;
        };
        if labels.get(HOST_LABEL) != Some(&here) {
            continue;
        }
        let Some(pid) = labels.get(PID_LABEL).and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        let started = labels
            .get(PID_START_LABEL)
            .and_then(|s| s.parse::<u64>().ok());
        if !owner_alive(pid, started) && remove(&docker, &id).await.is_ok() {
            removed += 1;
        }
    }
    Ok(removed)
}

async fn remove(docker: &Docker, id: &str) -> Result<(), String> {
    let options = RemoveContainerOptionsBuilder::new()
        .force(true)
        .v(true)
        .build();
    match docker.remove_container(id, Some(options)).await {
        Ok(()) => Ok(()),
        Err(testcontainers::bollard::errors::Error::DockerResponseServerError {
            status_code: 404,
            ..
        }) => Ok(()),
        Err(e) => Err(e.to_string()),
    }
}

/// Removes every container of a run: the net under a start that was cut
/// short before testcontainers handed us the container.
async fn remove_run(docker: &Docker, run_id: &str) {
    let label = format!("{RUN_LABEL}={run_id}");
    let filters = HashMap::from([("label", vec![label.as_str()])]);
    let list = ListContainersOptionsBuilder::new()
        .all(true)
        .filters(&filters)
        .build();
    if let Ok(Ok(containers)) =
        tokio::time::timeout(ENGINE_TIMEOUT, docker.list_containers(Some(list))).await
    {
        for c in containers {
            if let Some(id) = c.id {
                let _ = remove(docker, &id).await;
            }
        }
    }
}

/// Armed while a container is being created and started.
struct StartGuard {
    run_id: String,
    armed: bool,
}

impl Drop for StartGuard {
    fn drop(&mut self) {
        if !self.armed {
            return;
        }
        let run_id = std::mem::take(&mut self.run_id);
        block_on_in_drop(move || async move {
            // A client of its own: the shared one may belong to a runtime
            // that is blocked waiting for us.
            if let Ok(docker) = Docker::connect_with_defaults() {
                remove_run(&docker, &run_id).await;
            }
        });
    }
}

/// A PostgreSQL container started for this run; removed by
/// [`DockerServer::stop`] or on drop (see the module docs).
pub struct DockerServer {
    server: Server,
    container: Option<ContainerAsync<Postgres>>,
    id: String,
    run_id: String,
    /// From `docker run` to the first successful connection.
    pub ready_in: Duration,
}

impl std::fmt::Debug for DockerServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DockerServer")
            .field("id", &self.id)
            .field("run_id", &self.run_id)
            .field("server", &self.server.description)
            .finish()
    }
}

impl DockerServer {
    /// Starts a container from `opts.image` and waits until it accepts a
    /// connection. Run [`preflight`] first for a clear error about the
    /// engine or a missing image.
    pub async fn start(opts: ContainerOptions) -> Result<DockerServer, DbError> {
        let started = Instant::now();
        let run_id = new_run_id();
        let pid = std::process::id();
        let password = format!("pgrt-{}", new_run_id());
        let (name, tag) = split_image(&opts.image);

        let mut cmd = Vec::new();
        for setting in SPEED_SETTINGS {
            cmd.push("-c".to_string());
            cmd.push((*setting).to_string());
        }
        let mut request = Postgres::default()
            .with_password(&password)
            .with_name(name)
            .with_tag(tag)
            .with_cmd(cmd)
            .with_label(RUN_LABEL, run_id.clone())
            .with_label(PID_LABEL, pid.to_string())
            .with_label(
                PID_START_LABEL,
                process_start_time(pid)
                    .map(|t| t.to_string())
                    .unwrap_or_default(),
            )
            .with_label(HOST_LABEL, hostname())
            .with_startup_timeout(STARTUP_TIMEOUT);
        if opts.tmpfs {
            request = request.with_mount(Mount::tmpfs_mount(PGDATA));
        }

        let mut guard = StartGuard {
            run_id: run_id.clone(),
            armed: true,
        };
        let container = request.start().await.map_err(|e| DbError::Docker {
            action: format!("start a container from {}", opts.image),
            message: e.to_string(),
        })?;
        guard.armed = false;
        let id = container.id().to_string();
        let short: String = id.chars().take(12).collect();

        let docker_err = |action: &str| {
            let action = action.to_string();
            move |e: testcontainers::TestcontainersError| DbError::Docker {
                action,
                message: e.to_string(),
            }
        };
        let host = container
            .get_host()
            .await
            .map_err(docker_err("find the container's host"))?
            .to_string();
        let port = container
            .get_host_port_ipv4(PG_PORT.tcp())
            .await
            .map_err(docker_err("find the mapped port"))?;
        let admin = PgConnectOptions::new_without_pgpass()
            .host(&host)
            .port(port)
            .username("postgres")
            .password(&password)
            .database("postgres")
            .ssl_mode(PgSslMode::Disable)
            .application_name("pg-roundtrip");

        let image = &opts.image;
        let conn = connect_until_ready(&admin, CONNECT_TIMEOUT, CONNECT_POLL, |attempt| {
            attempt.timed_out.then(|| DbError::Docker {
                action: format!("connect to the container from {image}"),
                message: format!(
                    "no connection within {} s after its ready lines (last error: {})",
                    CONNECT_TIMEOUT.as_secs(),
                    super::error::sqlx_text(attempt.error)
                ),
            })
        })
        .await?;
        let version_num = version_num_and_close(conn).await?;
        let ready_in = started.elapsed();
        if let Some(major) = opts.major
            && version_num / 10000 != major
        {
            return Err(DbError::Docker {
                action: format!("use {} for PostgreSQL {major}", opts.image),
                message: format!("it runs PostgreSQL {}", version_num / 10000),
            });
        }
        let server = Server::new(
            admin,
            version_num,
            format!(
                "docker {} (PostgreSQL {}) container {short} at {host}:{port}",
                opts.image,
                major_minor(version_num)
            ),
        );
        Ok(DockerServer {
            server,
            container: Some(container),
            id,
            run_id,
            ready_in,
        })
    }

    /// The running server.
    pub fn server(&self) -> &Server {
        &self.server
    }

    /// The container id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The value of this container's [`RUN_LABEL`].
    pub fn run_id(&self) -> &str {
        &self.run_id
    }

    /// The last lines the server wrote to the container's standard error
    /// (its log); empty when the engine cannot say.
    pub async fn log_tail(&self) -> String {
        let Some(container) = &self.container else {
            return String::new();
        };
        match tokio::time::timeout(Duration::from_secs(10), container.stderr_to_vec()).await {
            Ok(Ok(bytes)) => super::common::last_lines(&String::from_utf8_lossy(&bytes), 20),
            _ => String::new(),
        }
    }

    /// Removes the container and waits for the engine to confirm.
    pub async fn stop(mut self) -> Result<(), DbError> {
        if let Some(container) = self.container.take() {
            container.rm().await.map_err(|e| DbError::Docker {
                action: format!("remove container {}", self.id),
                message: e.to_string(),
            })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_names_split_at_the_tag() {
        assert_eq!(split_image("postgres:17"), ("postgres", "17"));
        assert_eq!(split_image("postgres"), ("postgres", "latest"));
        assert_eq!(
            split_image("localhost:5000/pg/postgres:18"),
            ("localhost:5000/pg/postgres", "18")
        );
        assert_eq!(
            split_image("localhost:5000/postgres"),
            ("localhost:5000/postgres", "latest")
        );
    }

    #[test]
    fn run_ids_are_unique() {
        assert_ne!(new_run_id(), new_run_id());
    }
}

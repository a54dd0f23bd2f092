//! The one way to get a server: a [`Backend`] says what to start, and
//! [`Backend::start`] hands back a [`RunningServer`] whichever kind it is.
//! The CLI, the tests and the benches all start servers through it.

use std::path::{Path, PathBuf};

use super::error::DbError;
use super::guard::UrlGuard;
use super::local::{ClusterOptions, LocalCluster, find_pg_bin, pg_bin_major};
use super::server::Server;
use super::url::{UrlServer, redact};

/// What to start: one server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backend {
    /// A throwaway cluster from the server binaries in `pg_bin`, which
    /// hold PostgreSQL `major`; initialized clusters are cached in
    /// `cache_dir` (`None`: the default cache).
    Local {
        pg_bin: PathBuf,
        major: u32,
        cache_dir: Option<PathBuf>,
    },
    /// A throwaway container from `image`, which must run PostgreSQL
    /// `major`. Needs the `docker` cargo feature.
    Docker { image: String, major: u32 },
    /// Scratch databases on the existing server `url`, which must run
    /// PostgreSQL `major` when one is given, if `guard` accepts it.
    Url {
        url: String,
        major: Option<u32>,
        guard: UrlGuard,
    },
}

impl Backend {
    /// A local cluster from the installed server binaries: those in
    /// `pg_bin`, else the ones [`find_pg_bin`] finds.
    pub fn installed(
        pg_bin: Option<&Path>,
        cache_dir: Option<PathBuf>,
    ) -> Result<Backend, DbError> {
        let pg_bin = find_pg_bin(pg_bin)?;
        let major = pg_bin_major(&pg_bin)?;
        Ok(Backend::Local {
            pg_bin,
            major,
            cache_dir,
        })
    }

    /// For messages: "PostgreSQL 17 (postgres:17)".
    pub fn label(&self) -> String {
        match self {
            Backend::Local { major, .. } => format!("PostgreSQL {major} (local)"),
            Backend::Docker { image, major } => format!("PostgreSQL {major} ({image})"),
            Backend::Url { url, .. } => redact(url),
        }
    }

    /// Starts the server and waits until it accepts connections.
    pub async fn start(&self) -> Result<RunningServer, DbError> {
        match self {
            Backend::Local {
                pg_bin, cache_dir, ..
            } => Ok(RunningServer::Local(
                LocalCluster::start(ClusterOptions {
                    pg_bin: Some(pg_bin.clone()),
                    cache_dir: cache_dir.clone(),
                    settings: Vec::new(),
                })
                .await?,
            )),
            #[cfg(feature = "docker")]
            Backend::Docker { image, major } => Ok(RunningServer::Docker(Box::new(
                super::container::DockerServer::start(super::container::ContainerOptions::new(
                    image.clone(),
                    Some(*major),
                ))
                .await?,
            ))),
            #[cfg(not(feature = "docker"))]
            Backend::Docker { .. } => Err(DbError::DockerNotBuilt),
            Backend::Url { url, major, guard } => {
                let server = UrlServer::connect_guarded(url, guard).await?;
                if let Some(major) = *major
                    && server.server().major() != major
                {
                    let found = server.server().major();
                    return Err(DbError::BadUrl(format!(
                        "--pg {major}: the server at {} runs PostgreSQL {found}",
                        redact(url)
                    )));
                }
                Ok(RunningServer::Url(server))
            }
        }
    }
}

/// A started server. [`RunningServer::stop`], or dropping it, removes the
/// container, stops the cluster and deletes its files, or drops the
/// scratch databases still left on a `url` server.
#[derive(Debug)]
pub enum RunningServer {
    /// A throwaway local cluster.
    Local(LocalCluster),
    /// A throwaway container.
    #[cfg(feature = "docker")]
    Docker(Box<super::container::DockerServer>),
    /// An existing server we create scratch databases on.
    Url(UrlServer),
}

impl RunningServer {
    /// The server, to create scratch databases on.
    pub fn server(&self) -> &Server {
        match self {
            RunningServer::Local(c) => c.server(),
            #[cfg(feature = "docker")]
            RunningServer::Docker(d) => d.server(),
            RunningServer::Url(u) => u.server(),
        }
    }

    /// The local cluster, for what only it has (its directory, its pid).
    pub fn local(&self) -> Option<&LocalCluster> {
        match self {
            RunningServer::Local(c) => Some(c),
            _ => None,
        }
    }

    /// The last lines of the server's log, for a message about a server
    /// that went away; empty for a `url` server (its log is not ours).
    pub async fn log_tail(&self) -> String {
        match self {
            RunningServer::Local(c) => c.log_tail(),
            #[cfg(feature = "docker")]
            RunningServer::Docker(d) => d.log_tail().await,
            RunningServer::Url(_) => String::new(),
        }
    }

    /// Stops the server and cleans up after it, waiting until that is done.
    pub async fn stop(self) -> Result<(), DbError> {
        match self {
            RunningServer::Local(c) => c.stop().await,
            #[cfg(feature = "docker")]
            RunningServer::Docker(d) => d.stop().await,
            RunningServer::Url(u) => u.stop().await,
        }
    }
}

//! The one error type of the backends.

use std::path::PathBuf;

/// Infrastructure failures: no server could be started or reached.
/// The CLI maps every variant to exit code 3, except [`DbError::BadUrl`]
/// (bad input: 2).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DbError {
    #[error(
        "could not find the PostgreSQL server binaries ({searched}); install PostgreSQL (Debian: `apt-get install postgresql`) or pass --pg-bin DIR"
    )]
    BinariesNotFound { searched: String },
    #[error("failed to {action}: {message}")]
    Process { action: String, message: String },
    #[error("failed to {action} in {}: {source}", path.display())]
    Io {
        action: String,
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("could not connect to {target}: {source}")]
    Connect { target: String, source: sqlx::Error },
    #[error("failed to {action}: {source}")]
    Admin { action: String, source: sqlx::Error },
    #[error(
        "refusing to touch database {0:?}: pg-roundtrip only drops databases it created (pg_roundtrip_*)"
    )]
    NotOurs(String),
    #[error(
        "PostgreSQL {major} is not installed for the local backend ({installed}); install it (Debian: `apt-get install postgresql-{major}`), pass --pg-bin DIR, or use --backend docker"
    )]
    MajorNotInstalled { major: u32, installed: String },
    #[error(
        "no Docker engine answered ({message}); start it, set DOCKER_HOST, or use --backend local"
    )]
    DockerUnavailable { message: String },
    #[error(
        "the image {image} is not on this Docker engine; build it without a registry with `ci/build-postgres-image {major}` (as root), or pull it with `docker pull {image}`"
    )]
    ImageMissing { image: String, major: u32 },
    #[error("docker: failed to {action}: {message}")]
    Docker { action: String, message: String },
    #[error(
        "pg-roundtrip was built without the `docker` feature; rebuild with default features or use --backend local|url"
    )]
    DockerNotBuilt,
    #[error("{0}")]
    BadUrl(String),
}

impl DbError {
    /// A `map_err` adapter: `fs::create_dir(p).map_err(DbError::io("create x", p))`.
    pub(crate) fn io(action: &str, path: &std::path::Path) -> impl FnOnce(std::io::Error) -> Self {
        let action = action.to_string();
        let path = path.to_path_buf();
        move |source| DbError::Io {
            action,
            path,
            source,
        }
    }
}

use std::path::PathBuf;

/// Infrastructure failures: no server could be started or reached.
/// The CLI maps every variant to exit code 3.
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
}

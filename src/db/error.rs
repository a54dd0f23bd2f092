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
    #[error("could not connect to {target}: {}", sqlx_text(source))]
    Connect { target: String, source: sqlx::Error },
    #[error("failed to {action}: {}", sqlx_text(source))]
    Admin { action: String, source: sqlx::Error },
    #[error(
        "refusing to touch database {0:?}: pg-roundtrip only drops databases it created (pg_roundtrip_*)"
    )]
    NotOurs(String),
    #[error(
        "PostgreSQL {major} is not installed for the local backend ({installed}); install it (Debian: `apt-get install postgresql-{major}`, from apt.postgresql.org if your release does not ship it), pass --pg-bin DIR, or use --backend docker"
    )]
    MajorNotInstalled { major: u32, installed: String },
    #[error(
        "no Docker engine answered ({message}); start it, set DOCKER_HOST, or use --backend local"
    )]
    DockerUnavailable { message: String },
    /// The engine's socket exists but this user may not use it.
    #[error(
        "the Docker engine at {host} refused permission ({message}); add this user to the `docker` group (and log in again), run as a user who may use it, or use --backend local"
    )]
    DockerPermissionDenied { host: String, message: String },
    #[error("the image {image} is not on this Docker engine; {}", image_advice(image, *major))]
    ImageMissing { image: String, major: u32 },
    #[error("docker: failed to {action}: {message}")]
    Docker { action: String, message: String },
    #[error(
        "pg-roundtrip was built without the `docker` feature; rebuild with default features or use --backend local|url"
    )]
    DockerNotBuilt,
    #[error("{0}")]
    BadUrl(String),
    /// The url backend's role may not create databases.
    #[error(
        "the role {role} may not create databases on {server}: pg-roundtrip runs migrations only in databases it creates, never in the database the URL names; grant it CREATEDB (`ALTER ROLE {role} CREATEDB`) or give a URL whose role has it"
    )]
    CannotCreateDatabase { server: String, role: String },
    /// The url backend was pointed at a standby.
    #[error(
        "{server} is a standby (in recovery): pg-roundtrip cannot create its scratch databases there; point it at a throwaway server (a CI service container, --backend local or docker)"
    )]
    Standby { server: String },
    /// The url backend's server looks like one that matters.
    #[error(
        "refusing {server}: it looks like a server that matters ({reasons}); pg-roundtrip runs downgrades and whatever the migrations do to roles and databases, so point it at a throwaway server (a CI service container, --backend local or docker), or pass --allow-production (allow-production = true) if this server may take it"
    )]
    LooksLikeProduction { server: String, reasons: String },
    /// The server stopped answering during a walk.
    #[error("{server} went away during the walk ({cause}){}", log_lines(log))]
    ServerGone {
        server: String,
        cause: String,
        /// Its last log lines, when the backend could read them.
        log: String,
    },
}

fn log_lines(log: &str) -> String {
    if log.trim().is_empty() {
        String::new()
    } else {
        format!("; the last lines of its log:\n{}", log.trim_end())
    }
}

/// The PostgreSQL majors `ci/build-postgres-image` (in pg-roundtrip's
/// repository) can build: the ones a Debian suite ships.
pub const BUILDABLE_MAJORS: &[u32] = &[15, 17, 18];

/// How to get a missing image: pg-roundtrip's build script for the majors
/// it builds (named by where it is: the user's repository has no `ci/`),
/// else `docker pull`.
pub(crate) fn image_advice(image: &str, major: u32) -> String {
    let pull = format!("pull it with `docker pull {image}` (needs a registry)");
    let default = format!("postgres:{major}");
    if image != default {
        return format!("{pull}, or build it and tag it {image}");
    }
    if !BUILDABLE_MAJORS.contains(&major) {
        let buildable = BUILDABLE_MAJORS
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        return format!(
            "{pull}; pg-roundtrip's ci/build-postgres-image builds only {buildable} (Debian ships no postgresql-{major}), so without a registry install PostgreSQL {major} and use --backend local"
        );
    }
    format!(
        "build it without a registry with {} (as root, about a minute), or {pull}",
        build_script_command(major)
    )
}

/// `ci/build-postgres-image <major>`, named so that it can be found from
/// anywhere: its path when this build's source tree has it, else where it
/// is in pg-roundtrip's repository.
fn build_script_command(major: u32) -> String {
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ci/build-postgres-image");
    if script.is_file() {
        format!("`{} {major}`", script.display())
    } else {
        format!("`ci/build-postgres-image {major}` from a clone of pg-roundtrip's repository")
    }
}

/// A sqlx error as our messages show it: a server error is its message
/// alone, without sqlx's "error returned from database:" prefix and the
/// server's own source line (" at line 948") that sqlx appends.
pub fn sqlx_text(err: &sqlx::Error) -> String {
    match err
        .as_database_error()
        .and_then(|e| e.try_downcast_ref::<sqlx::postgres::PgDatabaseError>())
    {
        Some(pg) => pg.message().to_string(),
        None => err.to_string(),
    }
}

/// Any error as our messages show it: [`sqlx_text`] for sqlx's errors and
/// the server's, `Display` for everything else. For printing a chain of
/// causes.
pub fn error_text(err: &(dyn std::error::Error + 'static)) -> String {
    if let Some(e) = err.downcast_ref::<sqlx::Error>() {
        return sqlx_text(e);
    }
    // sqlx's `Error::Database` gives its boxed server error as the source.
    let server = err
        .downcast_ref::<Box<dyn sqlx::error::DatabaseError>>()
        .and_then(|e| e.try_downcast_ref::<sqlx::postgres::PgDatabaseError>())
        .or_else(|| err.downcast_ref::<sqlx::postgres::PgDatabaseError>());
    match server {
        Some(pg) => pg.message().to_string(),
        None => err.to_string(),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn missing(image: &str, major: u32) -> String {
        DbError::ImageMissing {
            image: image.to_string(),
            major,
        }
        .to_string()
    }

    #[test]
    fn a_missing_image_is_advised_a_script_only_for_the_majors_it_builds() {
        for major in BUILDABLE_MAJORS {
            let text = missing(&format!("postgres:{major}"), *major);
            // Named by its path (this source tree has it), never as a
            // `ci/` of the user's working directory.
            let script = format!(
                "`{}/ci/build-postgres-image {major}`",
                env!("CARGO_MANIFEST_DIR")
            );
            assert!(text.contains(&script), "{text}");
            assert!(text.contains(&format!("docker pull postgres:{major}")));
        }
        let text = missing("postgres:16", 16);
        assert!(!text.contains("build it"), "{text}");
        assert!(text.contains("docker pull postgres:16"), "{text}");
        assert!(
            text.contains("builds only 15, 17, 18 (Debian ships no postgresql-16)"),
            "{text}"
        );
        assert!(text.contains("--backend local"), "{text}");
        let text = missing("registry.local/pg:17", 17);
        assert!(!text.contains("build-postgres-image"), "{text}");
        assert!(text.contains("docker pull registry.local/pg:17"), "{text}");
    }
}

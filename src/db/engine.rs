//! Reaching the Docker engine: the client, bounded calls, and telling an
//! engine that refuses this user permission from one that is not there.

use std::time::Duration;

use testcontainers::bollard::Docker;

use super::error::DbError;

/// Engine calls that only read (ping, inspect, list) must answer quickly;
/// a dead `DOCKER_HOST` otherwise hangs for bollard's two minutes.
pub(super) const ENGINE_TIMEOUT: Duration = Duration::from_secs(10);

/// The engine's client (shared, as testcontainers keeps it).
pub(super) async fn engine() -> Result<Docker, DbError> {
    let docker = tokio::time::timeout(
        ENGINE_TIMEOUT,
        testcontainers::core::client::docker_client_instance(),
    )
    .await
    .map_err(|_| DbError::DockerUnavailable {
        message: format!("no answer within {} s", ENGINE_TIMEOUT.as_secs()),
    })?
    .map_err(|e| engine_error(&e))?;
    Ok(docker)
}

/// Where the engine is, for messages: `DOCKER_HOST`, else the default
/// socket.
fn docker_host() -> String {
    std::env::var("DOCKER_HOST")
        .ok()
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "unix:///var/run/docker.sock".to_string())
}

/// An engine that could not be reached: refused permission on its socket
/// (an `EACCES` anywhere in the chain of causes) is
/// [`DbError::DockerPermissionDenied`], anything else
/// [`DbError::DockerUnavailable`].
pub(super) fn engine_error(err: &(dyn std::error::Error + 'static)) -> DbError {
    let message = err.to_string();
    let mut next = Some(err);
    while let Some(e) = next {
        let denied = e
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::PermissionDenied)
            || e.to_string().contains("os error 13");
        if denied {
            return DbError::DockerPermissionDenied {
                host: docker_host(),
                message: e.to_string(),
            };
        }
        next = e.source();
    }
    DbError::DockerUnavailable { message }
}

pub(super) async fn timed<T, E: std::fmt::Display>(
    what: &str,
    fut: impl std::future::Future<Output = Result<T, E>>,
) -> Result<T, String> {
    match tokio::time::timeout(ENGINE_TIMEOUT, fut).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err(format!(
            "{what}: no answer within {} s",
            ENGINE_TIMEOUT.as_secs()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_socket_that_refuses_permission_is_not_a_missing_engine() {
        let denied = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        let wrapped = DbError::Io {
            action: "connect".into(),
            path: "/var/run/docker.sock".into(),
            source: denied,
        };
        assert!(
            matches!(
                engine_error(&wrapped),
                DbError::DockerPermissionDenied { .. }
            ),
            "{:?}",
            engine_error(&wrapped)
        );
        let missing = std::io::Error::from(std::io::ErrorKind::NotFound);
        assert!(matches!(
            engine_error(&missing),
            DbError::DockerUnavailable { .. }
        ));
    }
}

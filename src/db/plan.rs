//! Choosing the backends: plain settings in (which backend, which majors,
//! which image, URL or binaries), the [`Backend`]s to start out, with the
//! one line that says which and why.
//!
//! `auto` picks docker when an engine answers and every image is present,
//! else local. The default major is the installed server's (so that
//! `auto` checks the same version whichever backend it picks), or
//! [`DOCKER_DEFAULT_MAJOR`] when docker is used and no server is
//! installed.

use std::path::PathBuf;

use super::backend::Backend;
use super::error::DbError;
use super::local::{find_pg_bin, find_pg_bin_for_major, pg_bin_major};
use super::url::redact;

/// The major the docker backend uses, when no major is asked for and no
/// PostgreSQL server is installed locally.
pub const DOCKER_DEFAULT_MAJOR: u32 = 17;

/// `postgres:<major>`, the tag `ci/build-postgres-image` builds and the
/// official image uses.
pub fn default_image(major: u32) -> String {
    format!("postgres:{major}")
}

/// Which backend was asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BackendChoice {
    /// Docker when an engine answers and every image is present, else
    /// local.
    #[default]
    Auto,
    /// A throwaway container per major.
    Docker,
    /// A throwaway cluster per major from the installed binaries.
    Local,
    /// Scratch databases on an existing server.
    Url,
}

/// Everything the choice of backends depends on.
#[derive(Debug, Clone, Default)]
pub struct BackendSettings {
    /// Which backend.
    pub choice: BackendChoice,
    /// The majors to check on, in order (repeats are ignored); empty for
    /// the default.
    pub majors: Vec<u32>,
    /// The docker image: `NAME:TAG` (one major) or `NAME` (the tag is the
    /// major); `postgres:<major>` when `None`.
    pub image: Option<String>,
    /// The server of the url backend.
    pub url: Option<String>,
    /// The directory of the server binaries for the local backend (and
    /// for the installed major); searched for when `None`.
    pub pg_bin: Option<PathBuf>,
    /// Where the local backend caches initialized clusters (`None`: the
    /// default cache).
    pub cache_dir: Option<PathBuf>,
}

/// The servers to start, and why these.
#[derive(Debug)]
pub struct BackendPlan {
    /// One backend per major (one in all for `url`).
    pub backends: Vec<Backend>,
    /// Which backend, and why, on one line: "backend local (auto: …): …".
    pub reason: String,
    /// What the sweep of containers left by dead runs did (docker only).
    pub container_sweep: ContainerSweep,
}

/// The sweep of stale containers that choosing docker runs first.
#[derive(Debug)]
pub enum ContainerSweep {
    /// Docker was not chosen.
    NotRun,
    /// This many containers of dead runs were removed (often none).
    Removed(usize),
    /// The sweep failed; the run goes on.
    Failed(DbError),
}

/// Settings that cannot be planned. [`PlanError::Db`] and
/// [`PlanError::NoServerForAuto`] are about the machine (no server could
/// be found or reached); the others about the settings themselves.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error("--pg {0}: give a PostgreSQL major version such as 15, 17 or 18")]
    NotAMajor(u32),
    #[error("--backend url needs --url postgres://… (or DATABASE_URL)")]
    UrlMissing,
    #[error("--backend url checks the one server the URL names; --pg can name at most its major")]
    UrlWithSeveralMajors,
    #[error(
        "--image {image} names one tag but --pg names {majors} versions; give --image NAME (the tag is then the major) or one --pg"
    )]
    OneTagForSeveralMajors { image: String, majors: usize },
    /// `auto` found neither a usable Docker (`docker`: why not) nor a local
    /// server (`local`: why not).
    #[error("--backend auto found neither Docker ({docker}) nor a local server: {local}")]
    NoServerForAuto { docker: String, local: DbError },
    #[error(transparent)]
    Db(#[from] DbError),
}

/// Chooses the backends for `settings`; asks the Docker engine (and
/// sweeps its stale containers) when docker is asked for or `auto`.
pub async fn resolve_backends(settings: &BackendSettings) -> Result<BackendPlan, PlanError> {
    let majors = dedup(&settings.majors);
    if let Some(m) = majors.iter().find(|m| !(9..=99).contains(*m)) {
        return Err(PlanError::NotAMajor(*m));
    }
    match settings.choice {
        BackendChoice::Url => {
            let Some(url) = settings.url.clone() else {
                return Err(PlanError::UrlMissing);
            };
            if majors.len() > 1 {
                return Err(PlanError::UrlWithSeveralMajors);
            }
            let reason = format!(
                "backend url: scratch databases pg_roundtrip_* on {}",
                redact(&url)
            );
            Ok(BackendPlan {
                backends: vec![Backend::Url {
                    url,
                    major: majors.first().copied(),
                }],
                reason,
                container_sweep: ContainerSweep::NotRun,
            })
        }
        BackendChoice::Local => {
            let backends = local_backends(settings, &majors)?;
            Ok(BackendPlan {
                reason: format!(
                    "backend local (--backend local): {}",
                    backends
                        .iter()
                        .map(|b| match b {
                            Backend::Local { pg_bin, major, .. } =>
                                format!("PostgreSQL {major} from {}", pg_bin.display()),
                            b => b.label(),
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                backends,
                container_sweep: ContainerSweep::NotRun,
            })
        }
        BackendChoice::Docker => {
            let majors = if majors.is_empty() {
                vec![local_major(settings).unwrap_or(DOCKER_DEFAULT_MAJOR)]
            } else {
                majors
            };
            let images = images(settings, &majors)?;
            let (engine, sweep) = docker_preflight(&images).await?;
            Ok(docker_plan(
                images,
                format!("--backend docker; {engine}"),
                sweep,
            ))
        }
        BackendChoice::Auto => {
            let docker_majors = if majors.is_empty() {
                vec![local_major(settings).unwrap_or(DOCKER_DEFAULT_MAJOR)]
            } else {
                majors.clone()
            };
            let images = images(settings, &docker_majors)?;
            let why_not = match docker_preflight(&images).await {
                Ok((engine, sweep)) => {
                    let present = images
                        .iter()
                        .map(|(i, _)| i.as_str())
                        .collect::<Vec<_>>()
                        .join(", ");
                    return Ok(docker_plan(
                        images,
                        format!("auto: {engine} answered and {present} present"),
                        sweep,
                    ));
                }
                Err(e) => short_reason(&e),
            };
            let backends =
                local_backends(settings, &majors).map_err(|local| PlanError::NoServerForAuto {
                    docker: why_not.clone(),
                    local,
                })?;
            let what = backends
                .iter()
                .map(Backend::label)
                .collect::<Vec<_>>()
                .join(", ");
            Ok(BackendPlan {
                backends,
                reason: format!("backend local (auto: {why_not}): {what}"),
                container_sweep: ContainerSweep::NotRun,
            })
        }
    }
}

/// The majors in their first order, without repeats.
fn dedup(majors: &[u32]) -> Vec<u32> {
    let mut out = Vec::new();
    for m in majors {
        if !out.contains(m) {
            out.push(*m);
        }
    }
    out
}

/// The installed server's major, if one is found.
fn local_major(settings: &BackendSettings) -> Option<u32> {
    let bin = find_pg_bin(settings.pg_bin.as_deref()).ok()?;
    pg_bin_major(&bin).ok()
}

/// The image for each major.
fn images(settings: &BackendSettings, majors: &[u32]) -> Result<Vec<(String, u32)>, PlanError> {
    match &settings.image {
        None => Ok(majors.iter().map(|m| (default_image(*m), *m)).collect()),
        Some(image) => {
            let last = image.rsplit('/').next().unwrap_or(image);
            if last.contains(':') {
                if majors.len() > 1 {
                    return Err(PlanError::OneTagForSeveralMajors {
                        image: image.clone(),
                        majors: majors.len(),
                    });
                }
                Ok(majors.iter().map(|m| (image.clone(), *m)).collect())
            } else {
                Ok(majors
                    .iter()
                    .map(|m| (format!("{image}:{m}"), *m))
                    .collect())
            }
        }
    }
}

/// A local backend per major; without majors, the installed server's.
fn local_backends(settings: &BackendSettings, majors: &[u32]) -> Result<Vec<Backend>, DbError> {
    let cache_dir = &settings.cache_dir;
    if majors.is_empty() {
        return Ok(vec![Backend::installed(
            settings.pg_bin.as_deref(),
            cache_dir.clone(),
        )?]);
    }
    majors
        .iter()
        .map(|m| {
            let pg_bin = find_pg_bin_for_major(settings.pg_bin.as_deref(), *m)?;
            Ok(Backend::Local {
                pg_bin,
                major: *m,
                cache_dir: cache_dir.clone(),
            })
        })
        .collect()
}

fn docker_plan(images: Vec<(String, u32)>, why: String, sweep: ContainerSweep) -> BackendPlan {
    let what = images
        .iter()
        .map(|(i, _)| i.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    BackendPlan {
        backends: images
            .into_iter()
            .map(|(image, major)| Backend::Docker { image, major })
            .collect(),
        reason: format!("backend docker ({why}): {what}"),
        container_sweep: sweep,
    }
}

/// Why docker was not used, short enough for the reason line.
fn short_reason(e: &DbError) -> String {
    match e {
        DbError::DockerUnavailable { message } => format!("no Docker engine answered: {message}"),
        DbError::ImageMissing { image, major } => {
            format!("image {image} missing; build it with ci/build-postgres-image {major}")
        }
        DbError::DockerNotBuilt => "built without the docker feature".to_string(),
        e => e.to_string(),
    }
}

/// The engine's name when it answers and has every image; the sweep of
/// stale containers then runs.
#[cfg(feature = "docker")]
async fn docker_preflight(images: &[(String, u32)]) -> Result<(String, ContainerSweep), DbError> {
    let found = super::container::preflight(images).await?;
    let sweep = match super::container::sweep_stale_containers().await {
        Ok(n) => ContainerSweep::Removed(n),
        Err(e) => ContainerSweep::Failed(e),
    };
    Ok((found.engine, sweep))
}

#[cfg(not(feature = "docker"))]
async fn docker_preflight(_images: &[(String, u32)]) -> Result<(String, ContainerSweep), DbError> {
    Err(DbError::DockerNotBuilt)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(image: Option<&str>) -> BackendSettings {
        BackendSettings {
            choice: BackendChoice::Docker,
            image: image.map(str::to_string),
            ..BackendSettings::default()
        }
    }

    #[test]
    fn an_image_without_a_tag_takes_the_major() {
        let got = images(&settings(Some("reg.local:5000/pg")), &[15, 18]).unwrap_or_default();
        assert_eq!(
            got,
            vec![
                ("reg.local:5000/pg:15".to_string(), 15),
                ("reg.local:5000/pg:18".to_string(), 18)
            ]
        );
        assert!(images(&settings(Some("pg:16")), &[15, 18]).is_err());
        let default = images(&settings(None), &[17]).unwrap_or_default();
        assert_eq!(default, vec![("postgres:17".to_string(), 17)]);
    }

    #[test]
    fn majors_keep_their_order_without_repeats() {
        assert_eq!(dedup(&[18, 15, 18, 17]), vec![18, 15, 17]);
    }

    #[tokio::test]
    async fn settings_errors_name_the_flag() {
        let bad_major = BackendSettings {
            choice: BackendChoice::Local,
            majors: vec![150],
            ..BackendSettings::default()
        };
        let err = resolve_backends(&bad_major).await.err();
        assert!(matches!(err, Some(PlanError::NotAMajor(150))), "{err:?}");
        let no_url = BackendSettings {
            choice: BackendChoice::Url,
            ..BackendSettings::default()
        };
        let text = resolve_backends(&no_url)
            .await
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert_eq!(
            text,
            "--backend url needs --url postgres://… (or DATABASE_URL)"
        );
    }
}

//! Probing the machine (binaries, engine, images) and then deciding.

use crate::db::backend::Backend;
use crate::db::error::DbError;
use crate::db::local::{find_pg_bin, find_pg_bin_for_major, pg_bin_major};
use crate::db::url::redact;

use super::auto::{auto_plan, auto_split};
use super::settings::{
    BackendChoice, BackendPlan, BackendSettings, ContainerSweep, DOCKER_DEFAULT_MAJOR, PlanError,
    check_majors, dedup, images, join, short_reason,
};

/// Chooses the backends for `settings`; asks the Docker engine (and
/// sweeps its stale containers) when docker is asked for, or when `auto`
/// needs containers for a major the installed binaries do not have.
pub async fn resolve_backends(settings: &BackendSettings) -> Result<BackendPlan, PlanError> {
    let majors = dedup(&settings.majors);
    check_majors(&majors)?;
    match settings.choice {
        BackendChoice::Url => url_plan(settings, &majors),
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
        BackendChoice::Auto if settings.image.is_some() => auto_with_image(settings, majors).await,
        BackendChoice::Auto => {
            let split = auto_split(settings, &majors);
            let wanted = split.container_majors();
            let docker = if wanted.is_empty() {
                None
            } else {
                let images = images(settings, &wanted)?;
                let found = docker_preflight(&images).await;
                Some((images, found))
            };
            auto_plan(split, docker)
        }
    }
}

fn url_plan(settings: &BackendSettings, majors: &[u32]) -> Result<BackendPlan, PlanError> {
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
            guard: settings.url_guard,
        }],
        reason,
        container_sweep: ContainerSweep::NotRun,
    })
}

/// `auto` with `--image`: docker for every major when the engine answers
/// and every image is present, else local.
async fn auto_with_image(
    settings: &BackendSettings,
    majors: Vec<u32>,
) -> Result<BackendPlan, PlanError> {
    let docker_majors = if majors.is_empty() {
        vec![local_major(settings).unwrap_or(DOCKER_DEFAULT_MAJOR)]
    } else {
        majors.clone()
    };
    let images = images(settings, &docker_majors)?;
    let why_not = match docker_preflight(&images).await {
        Ok((engine, sweep)) => {
            let present = join(images.iter().map(|(i, _)| i.as_str()));
            return Ok(docker_plan(
                images,
                format!("auto: --image given; {engine} answered and {present} present"),
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
    let what = join(backends.iter().map(Backend::label));
    Ok(BackendPlan {
        backends,
        reason: format!("backend local (auto: {why_not}): {what}"),
        container_sweep: ContainerSweep::NotRun,
    })
}

/// The installed server's major, if one is found.
fn local_major(settings: &BackendSettings) -> Option<u32> {
    let bin = find_pg_bin(settings.pg_bin.as_deref()).ok()?;
    pg_bin_major(&bin).ok()
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

/// The engine's name when it answers and has every image; the sweep of
/// stale containers then runs.
#[cfg(feature = "docker")]
async fn docker_preflight(images: &[(String, u32)]) -> Result<(String, ContainerSweep), DbError> {
    let found = crate::db::container::preflight(images).await?;
    let sweep = match crate::db::container::sweep_stale_containers().await {
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

    /// Refused while planning, before any server or engine is asked.
    #[tokio::test]
    async fn a_major_below_the_minimum_is_refused_before_anything_starts() {
        for choice in [
            BackendChoice::Auto,
            BackendChoice::Docker,
            BackendChoice::Local,
        ] {
            let old = BackendSettings {
                choice,
                majors: vec![17, 9],
                ..BackendSettings::default()
            };
            let err = resolve_backends(&old).await.err();
            assert!(matches!(err, Some(PlanError::BelowMinimum(9))), "{err:?}");
            assert_eq!(
                err.map(|e| e.to_string()).unwrap_or_default(),
                "--pg 9: PostgreSQL 9 is too old; pg-roundtrip inspects PostgreSQL 15 and later"
            );
        }
    }
}

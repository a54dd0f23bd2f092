//! What planning takes and gives: the settings, the plan, its errors, and
//! the checks and names that need no machine.

use std::path::PathBuf;

use crate::db::backend::Backend;
use crate::db::error::{BUILDABLE_MAJORS, DbError};

/// The oldest major pg-roundtrip supports: the catalog queries of the
/// inspection need PostgreSQL 15 or later.
pub const MIN_MAJOR: u32 = 15;

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
    /// Local for the majors the installed binaries have, docker for the
    /// others (with `--image`: docker when it can, else local).
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
    /// What the url backend accepts.
    pub url_guard: crate::db::UrlGuard,
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
    /// A real major that is older than [`MIN_MAJOR`].
    #[error("--pg {0}: PostgreSQL {0} is too old; pg-roundtrip inspects PostgreSQL 15 and later")]
    BelowMinimum(u32),
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

/// Refuses what is not a major, or one older than [`MIN_MAJOR`].
pub(super) fn check_majors(majors: &[u32]) -> Result<(), PlanError> {
    for m in majors {
        match m {
            0 | 100.. => return Err(PlanError::NotAMajor(*m)),
            m if *m < MIN_MAJOR => return Err(PlanError::BelowMinimum(*m)),
            _ => {}
        }
    }
    Ok(())
}

/// The majors in their first order, without repeats.
pub(super) fn dedup(majors: &[u32]) -> Vec<u32> {
    let mut out = Vec::new();
    for m in majors {
        if !out.contains(m) {
            out.push(*m);
        }
    }
    out
}

/// The image for each major.
pub(super) fn images(
    settings: &BackendSettings,
    majors: &[u32],
) -> Result<Vec<(String, u32)>, PlanError> {
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

/// Why docker was not used, short enough for the reason line.
pub(super) fn short_reason(e: &DbError) -> String {
    match e {
        DbError::DockerUnavailable { message } => format!("no Docker engine answered: {message}"),
        DbError::ImageMissing { image, major }
            if *image == default_image(*major) && BUILDABLE_MAJORS.contains(major) =>
        {
            format!(
                "image {image} missing; pg-roundtrip's ci/build-postgres-image {major} builds it"
            )
        }
        DbError::ImageMissing { image, .. } => format!("image {image} missing"),
        DbError::DockerPermissionDenied { host, .. } => {
            format!("the Docker engine at {host} refused permission")
        }
        DbError::DockerNotBuilt => "built without the docker feature".to_string(),
        e => e.to_string(),
    }
}

pub(super) fn join<S: AsRef<str>>(items: impl Iterator<Item = S>) -> String {
    items
        .map(|s| s.as_ref().to_string())
        .collect::<Vec<_>>()
        .join(", ")
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

    #[test]
    fn majors_older_than_15_are_below_the_minimum() {
        assert!(check_majors(&[15, 16, 17, 18, 99]).is_ok());
        for old in [9, 10, 14] {
            assert!(matches!(
                check_majors(&[17, old]),
                Err(PlanError::BelowMinimum(m)) if m == old
            ));
        }
        for not_one in [0, 100, 150] {
            assert!(matches!(
                check_majors(&[not_one]),
                Err(PlanError::NotAMajor(m)) if m == not_one
            ));
        }
    }

    /// The reason line advises the build script only for the majors it
    /// builds.
    #[test]
    fn the_reason_for_a_missing_image_names_only_a_script_that_builds_it() {
        let missing = |image: &str, major| DbError::ImageMissing {
            image: image.to_string(),
            major,
        };
        let short = short_reason(&missing("postgres:17", 17));
        assert!(short.contains("ci/build-postgres-image 17"), "{short}");
        for (image, major) in [("postgres:16", 16), ("postgres:17-custom", 17)] {
            let short = short_reason(&missing(image, major));
            assert_eq!(short, format!("image {image} missing"));
        }
    }
}

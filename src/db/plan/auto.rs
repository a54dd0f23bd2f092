//! The decision of `auto`: local for the majors the installed binaries
//! have, containers for the others. Plain data in ([`AutoSplit`], the
//! engine's answer), a plan out.

use crate::db::backend::Backend;
use crate::db::error::DbError;
use crate::db::local::find_pg_bin_for_major;

use super::settings::{
    BackendPlan, BackendSettings, ContainerSweep, DOCKER_DEFAULT_MAJOR, PlanError, join,
    short_reason,
};

/// Where `auto` runs each major, from what is installed: before the
/// Docker engine is asked anything.
#[derive(Debug)]
pub(crate) struct AutoSplit {
    /// Every major, in the order asked (the default major when none was).
    majors: Vec<u32>,
    /// The majors the installed binaries have, as local backends.
    local: Vec<Backend>,
    /// The other majors, each with why the local backend cannot run it.
    containers: Vec<(u32, DbError)>,
}

impl AutoSplit {
    /// The majors that need containers, in order.
    pub(crate) fn container_majors(&self) -> Vec<u32> {
        self.containers.iter().map(|(m, _)| *m).collect()
    }
}

/// Splits the majors: local where the installed binaries have the major
/// (without `--pg`: the installed server's major), containers for the
/// rest (without `--pg` and no server installed: [`DOCKER_DEFAULT_MAJOR`]).
pub(crate) fn auto_split(settings: &BackendSettings, majors: &[u32]) -> AutoSplit {
    let found = |major: Option<u32>| match major {
        None => Backend::installed(settings.pg_bin.as_deref(), settings.cache_dir.clone()),
        Some(m) => {
            find_pg_bin_for_major(settings.pg_bin.as_deref(), m).map(|pg_bin| Backend::Local {
                pg_bin,
                major: m,
                cache_dir: settings.cache_dir.clone(),
            })
        }
    };
    let asked: Vec<Option<u32>> = if majors.is_empty() {
        vec![None]
    } else {
        majors.iter().copied().map(Some).collect()
    };
    split_by(asked, found)
}

/// [`auto_split`] with the lookup of local binaries given: the decision
/// alone.
fn split_by(
    asked: Vec<Option<u32>>,
    mut found: impl FnMut(Option<u32>) -> Result<Backend, DbError>,
) -> AutoSplit {
    let mut split = AutoSplit {
        majors: Vec::new(),
        local: Vec::new(),
        containers: Vec::new(),
    };
    for major in asked {
        match found(major) {
            Ok(backend) => {
                if let Backend::Local { major, .. } = &backend {
                    split.majors.push(*major);
                }
                split.local.push(backend);
            }
            Err(why) => {
                let m = major.unwrap_or(DOCKER_DEFAULT_MAJOR);
                split.majors.push(m);
                split.containers.push((m, why));
            }
        }
    }
    split
}

/// What the engine said about the images `auto` needs: the engine's name
/// and the sweep, or why containers cannot be used.
type DockerAnswer = (
    Vec<(String, u32)>,
    Result<(String, ContainerSweep), DbError>,
);

/// The plan of `auto` from the split and, when containers are needed,
/// the engine's answer; the reason line says which backend runs which
/// major and why.
pub(crate) fn auto_plan(
    split: AutoSplit,
    docker: Option<DockerAnswer>,
) -> Result<BackendPlan, PlanError> {
    let installed = join(split.local.iter().filter_map(|b| match b {
        Backend::Local { major, .. } => Some(major.to_string()),
        _ => None,
    }));
    let local_why = match split.local.len() {
        0 => String::new(),
        1 => format!("PostgreSQL {installed} is installed"),
        _ => format!("PostgreSQL {installed} are installed"),
    };
    let Some((images, answer)) = docker.filter(|_| !split.containers.is_empty()) else {
        let what = join(split.local.iter().map(Backend::label));
        return Ok(BackendPlan {
            backends: split.local,
            reason: format!("backend local (auto: {local_why}): {what}"),
            container_sweep: ContainerSweep::NotRun,
        });
    };
    let mut containers = split.containers;
    let (engine, sweep) = match answer {
        Ok(found) => found,
        Err(e) => {
            let (_, local) = containers.remove(0);
            return Err(PlanError::NoServerForAuto {
                docker: short_reason(&e),
                local,
            });
        }
    };
    let elsewhere = join(containers.iter().map(|(m, _)| m.to_string()));
    let not_here = match (split.local.is_empty(), containers.first()) {
        (_, Some((_, DbError::BinariesNotFound { .. }))) => {
            "no PostgreSQL server is installed".to_string()
        }
        (true, _) => format!("PostgreSQL {elsewhere} not installed"),
        (false, _) => format!("{elsewhere} not"),
    };
    let present = join(images.iter().map(|(i, _)| i.as_str()));
    let mut backends = split.local;
    backends.extend(
        images
            .into_iter()
            .map(|(image, major)| Backend::Docker { image, major }),
    );
    let order = |b: &Backend| match b {
        Backend::Local { major, .. } | Backend::Docker { major, .. } => {
            split.majors.iter().position(|m| m == major)
        }
        Backend::Url { .. } => None,
    };
    backends.sort_by_key(order);
    let what = join(backends.iter().map(Backend::label));
    let kinds = if local_why.is_empty() {
        "docker"
    } else {
        "local and docker"
    };
    let local_part = if local_why.is_empty() {
        String::new()
    } else {
        format!("{local_why}, ")
    };
    Ok(BackendPlan {
        backends,
        reason: format!(
            "backend {kinds} (auto: {local_part}{not_here}; {engine} has {present}): {what}"
        ),
        container_sweep: sweep,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// A machine with PostgreSQL `installed` and nothing else.
    fn only(installed: u32) -> impl FnMut(Option<u32>) -> Result<Backend, DbError> {
        move |major| match major {
            None => Ok(local(installed)),
            Some(m) if m == installed => Ok(local(m)),
            Some(m) => Err(DbError::MajorNotInstalled {
                major: m,
                installed: format!("installed: {installed}"),
            }),
        }
    }

    fn nothing_installed(_: Option<u32>) -> Result<Backend, DbError> {
        Err(DbError::BinariesNotFound {
            searched: "nowhere".into(),
        })
    }

    fn local(major: u32) -> Backend {
        Backend::Local {
            pg_bin: PathBuf::from(format!("/usr/lib/postgresql/{major}/bin")),
            major,
            cache_dir: None,
        }
    }

    fn docker(major: u32) -> Backend {
        Backend::Docker {
            image: format!("postgres:{major}"),
            major,
        }
    }

    /// The engine's answer for the majors the split sends to containers.
    fn engine_has(split: &AutoSplit) -> Option<DockerAnswer> {
        let images = split
            .containers
            .iter()
            .map(|(m, _)| (format!("postgres:{m}"), *m))
            .collect();
        Some((
            images,
            Ok(("Docker 20.10".to_string(), ContainerSweep::Removed(0))),
        ))
    }

    fn engine_down(split: &AutoSplit) -> Option<DockerAnswer> {
        let images = split
            .containers
            .iter()
            .map(|(m, _)| (format!("postgres:{m}"), *m))
            .collect();
        Some((
            images,
            Err(DbError::DockerUnavailable {
                message: "no socket".into(),
            }),
        ))
    }

    fn plan(split: AutoSplit, answer: Option<DockerAnswer>) -> BackendPlan {
        auto_plan(split, answer).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn the_installed_major_runs_locally_without_asking_docker() {
        for asked in [vec![None], vec![Some(15)]] {
            let split = split_by(asked, only(15));
            assert!(split.containers.is_empty());
            let plan = plan(split, None);
            assert_eq!(plan.backends, vec![local(15)]);
            assert_eq!(
                plan.reason,
                "backend local (auto: PostgreSQL 15 is installed): PostgreSQL 15 (local)"
            );
            assert!(matches!(plan.container_sweep, ContainerSweep::NotRun));
        }
    }

    #[test]
    fn the_other_majors_run_in_containers_in_the_order_asked() {
        let split = split_by(vec![Some(18), Some(15), Some(17)], only(15));
        let answer = engine_has(&split);
        let plan = plan(split, answer);
        assert_eq!(plan.backends, vec![docker(18), local(15), docker(17)]);
        assert_eq!(
            plan.reason,
            "backend local and docker (auto: PostgreSQL 15 is installed, 18, 17 not; \
             Docker 20.10 has postgres:18, postgres:17): PostgreSQL 18 (postgres:18), \
             PostgreSQL 15 (local), PostgreSQL 17 (postgres:17)"
        );
        assert!(matches!(plan.container_sweep, ContainerSweep::Removed(0)));
    }

    #[test]
    fn a_major_not_installed_anywhere_is_docker_only() {
        let split = split_by(vec![Some(17)], only(15));
        let answer = engine_has(&split);
        let plan = plan(split, answer);
        assert_eq!(plan.backends, vec![docker(17)]);
        assert_eq!(
            plan.reason,
            "backend docker (auto: PostgreSQL 17 not installed; Docker 20.10 has postgres:17): \
             PostgreSQL 17 (postgres:17)"
        );
    }

    #[test]
    fn without_a_server_installed_the_default_major_runs_in_a_container() {
        let split = split_by(vec![None], nothing_installed);
        let answer = engine_has(&split);
        let plan = plan(split, answer);
        assert_eq!(plan.backends, vec![docker(DOCKER_DEFAULT_MAJOR)]);
        assert!(
            plan.reason
                .starts_with("backend docker (auto: no PostgreSQL server is installed; "),
            "{}",
            plan.reason
        );
    }

    #[test]
    fn without_docker_a_missing_major_says_why_neither_works() {
        let split = split_by(vec![Some(15), Some(17)], only(15));
        let answer = engine_down(&split);
        let err = auto_plan(split, answer).err();
        let Some(PlanError::NoServerForAuto { docker, local }) = &err else {
            panic!("{err:?}");
        };
        assert_eq!(docker, "no Docker engine answered: no socket");
        assert!(
            matches!(local, DbError::MajorNotInstalled { major: 17, .. }),
            "{local:?}"
        );
        let text = err.map(|e| e.to_string()).unwrap_or_default();
        assert!(text.contains("PostgreSQL 17 is not installed"), "{text}");
    }
}

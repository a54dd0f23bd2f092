//! `--backend`, `--pg`, `--image`, `--url` → which servers to start, and
//! the servers themselves.
//!
//! `auto` picks docker when an engine answers and every image is present,
//! else local, and says why on one line of stderr. The default major is
//! the installed server's (so that `auto` checks the same version
//! whichever backend it picks), or 17 when docker is used and no server
//! is installed.

use super::args::{BackendKind, ServerArgs};
use super::run::Failure;
use crate::db::{ClusterOptions, DbError, LocalCluster, Server, UrlServer};
use std::path::PathBuf;

/// The major `--backend docker` uses without `--pg` when no PostgreSQL
/// server is installed locally.
pub const DOCKER_DEFAULT_MAJOR: u32 = 17;

/// What to start: one target per version (one in all for `url`).
#[derive(Debug)]
pub struct Plan {
    pub targets: Vec<Target>,
    /// The line printed to stderr: which backend, and why.
    pub reason: String,
}

#[derive(Debug, Clone)]
pub enum Target {
    Local {
        pg_bin: PathBuf,
        major: u32,
        cache_dir: Option<PathBuf>,
    },
    #[cfg_attr(not(feature = "docker"), allow(dead_code))]
    Docker {
        image: String,
        major: u32,
    },
    Url {
        url: String,
        major: Option<u32>,
    },
}

impl Target {
    /// For messages: "PostgreSQL 17 (postgres:17)".
    pub fn label(&self) -> String {
        match self {
            Target::Local { major, .. } => format!("PostgreSQL {major} (local)"),
            Target::Docker { image, major } => format!("PostgreSQL {major} ({image})"),
            Target::Url { url, .. } => crate::db::redact_url(url),
        }
    }

    /// Starts the server.
    pub async fn start(self) -> Result<Handle, DbError> {
        match self {
            Target::Local {
                pg_bin, cache_dir, ..
            } => Ok(Handle::Local(
                LocalCluster::start(ClusterOptions {
                    pg_bin: Some(pg_bin),
                    cache_dir,
                })
                .await?,
            )),
            #[cfg(feature = "docker")]
            Target::Docker { image, major } => Ok(Handle::Docker(Box::new(
                crate::db::DockerServer::start(crate::db::ContainerOptions::new(
                    image,
                    Some(major),
                ))
                .await?,
            ))),
            #[cfg(not(feature = "docker"))]
            Target::Docker { .. } => Err(DbError::DockerNotBuilt),
            Target::Url { url, major } => {
                let server = UrlServer::connect(&url).await?;
                if let Some(major) = major
                    && server.server().major() != major
                {
                    let found = server.server().major();
                    return Err(DbError::BadUrl(format!(
                        "--pg {major}: the server at {} runs PostgreSQL {found}",
                        crate::db::redact_url(&url)
                    )));
                }
                Ok(Handle::Url(server))
            }
        }
    }
}

/// A started server; removed (container), stopped (cluster) or cleaned
/// (url: leftover scratch databases) by [`Handle::stop`] or on drop.
#[derive(Debug)]
pub enum Handle {
    Local(LocalCluster),
    #[cfg(feature = "docker")]
    Docker(Box<crate::db::DockerServer>),
    Url(UrlServer),
}

impl Handle {
    pub fn server(&self) -> &Server {
        match self {
            Handle::Local(c) => c.server(),
            #[cfg(feature = "docker")]
            Handle::Docker(d) => d.server(),
            Handle::Url(u) => u.server(),
        }
    }

    pub async fn stop(self) -> Result<(), DbError> {
        match self {
            Handle::Local(c) => c.stop().await,
            #[cfg(feature = "docker")]
            Handle::Docker(d) => d.stop().await,
            Handle::Url(u) => u.stop().await,
        }
    }
}

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
fn local_major(args: &ServerArgs) -> Option<(PathBuf, u32)> {
    let bin = crate::db::find_pg_bin(args.pg_bin.as_deref()).ok()?;
    let major = crate::db::pg_bin_major(&bin).ok()?;
    Some((bin, major))
}

fn images(args: &ServerArgs, majors: &[u32]) -> Result<Vec<(String, u32)>, Failure> {
    match &args.image {
        None => Ok(majors
            .iter()
            .map(|m| (format!("postgres:{m}"), *m))
            .collect()),
        Some(image) => {
            let last = image.rsplit('/').next().unwrap_or(image);
            if last.contains(':') {
                if majors.len() > 1 {
                    return Err(Failure::input(format!(
                        "--image {image} names one tag but --pg names {} versions; give --image NAME (the tag is then the major) or one --pg",
                        majors.len()
                    )));
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

fn local_targets(
    args: &ServerArgs,
    majors: &[u32],
    cache_dir: &Option<PathBuf>,
) -> Result<Vec<Target>, Failure> {
    if majors.is_empty() {
        let bin = crate::db::find_pg_bin(args.pg_bin.as_deref()).map_err(Failure::from_db)?;
        let major = crate::db::pg_bin_major(&bin).map_err(Failure::from_db)?;
        return Ok(vec![Target::Local {
            pg_bin: bin,
            major,
            cache_dir: cache_dir.clone(),
        }]);
    }
    majors
        .iter()
        .map(|m| {
            let bin = crate::db::find_pg_bin_for_major(args.pg_bin.as_deref(), *m)
                .map_err(Failure::from_db)?;
            Ok(Target::Local {
                pg_bin: bin,
                major: *m,
                cache_dir: cache_dir.clone(),
            })
        })
        .collect()
}

/// Resolves the backend. `cache_dir` is the local cluster cache
/// (`None` = the default).
pub async fn resolve(args: &ServerArgs, cache_dir: Option<PathBuf>) -> Result<Plan, Failure> {
    let majors = dedup(&args.majors);
    if let Some(m) = majors.iter().find(|m| !(9..=99).contains(*m)) {
        return Err(Failure::input(format!(
            "--pg {m}: give a PostgreSQL major version such as 15, 17 or 18"
        )));
    }
    match args.backend {
        BackendKind::Url => {
            let Some(url) = args.url.clone() else {
                return Err(Failure::input(
                    "--backend url needs --url postgres://… (or DATABASE_URL)",
                ));
            };
            if majors.len() > 1 {
                return Err(Failure::input(
                    "--backend url checks the one server the URL names; --pg can name at most its major",
                ));
            }
            let reason = format!(
                "backend url: scratch databases pg_roundtrip_* on {}",
                crate::db::redact_url(&url)
            );
            Ok(Plan {
                targets: vec![Target::Url {
                    url,
                    major: majors.first().copied(),
                }],
                reason,
            })
        }
        BackendKind::Local => {
            let targets = local_targets(args, &majors, &cache_dir)?;
            Ok(Plan {
                reason: format!(
                    "backend local (--backend local): {}",
                    targets
                        .iter()
                        .map(|t| match t {
                            Target::Local { pg_bin, major, .. } =>
                                format!("PostgreSQL {major} from {}", pg_bin.display()),
                            t => t.label(),
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                targets,
            })
        }
        BackendKind::Docker => {
            let majors = if majors.is_empty() {
                vec![local_major(args).map_or(DOCKER_DEFAULT_MAJOR, |(_, m)| m)]
            } else {
                majors
            };
            let images = images(args, &majors)?;
            let engine = docker_preflight(&images).await.map_err(Failure::from_db)?;
            Ok(docker_plan(images, format!("--backend docker; {engine}")))
        }
        BackendKind::Auto => {
            let explicit = !majors.is_empty();
            let local = local_major(args);
            let docker_majors = if explicit {
                majors.clone()
            } else {
                vec![local.as_ref().map_or(DOCKER_DEFAULT_MAJOR, |(_, m)| *m)]
            };
            let images = images(args, &docker_majors)?;
            let why_not = match docker_preflight(&images).await {
                Ok(engine) => {
                    let present = images
                        .iter()
                        .map(|(i, _)| i.as_str())
                        .collect::<Vec<_>>()
                        .join(", ");
                    return Ok(docker_plan(
                        images,
                        format!("auto: {engine} answered and {present} present"),
                    ));
                }
                Err(e) => short_reason(&e),
            };
            let targets = local_targets(args, &majors, &cache_dir).map_err(|f| {
                Failure::infrastructure(format!(
                    "--backend auto found neither Docker ({why_not}) nor a local server: {}",
                    f.message
                ))
            })?;
            let what = targets
                .iter()
                .map(Target::label)
                .collect::<Vec<_>>()
                .join(", ");
            Ok(Plan {
                targets,
                reason: format!("backend local (auto: {why_not}): {what}"),
            })
        }
    }
}

fn docker_plan(images: Vec<(String, u32)>, why: String) -> Plan {
    let what = images
        .iter()
        .map(|(i, _)| i.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    Plan {
        targets: images
            .into_iter()
            .map(|(image, major)| Target::Docker { image, major })
            .collect(),
        reason: format!("backend docker ({why}): {what}"),
    }
}

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

#[cfg(feature = "docker")]
async fn docker_preflight(images: &[(String, u32)]) -> Result<String, DbError> {
    let found = crate::db::preflight(images).await?;
    match crate::db::sweep_stale_containers().await {
        Ok(n) if n > 0 => eprintln!(
            "pg-roundtrip: removed {n} container(s) left behind by runs that no longer exist"
        ),
        Ok(_) => {}
        Err(e) => eprintln!("pg-roundtrip: warning: could not sweep stale containers: {e}"),
    }
    Ok(found.engine)
}

#[cfg(not(feature = "docker"))]
async fn docker_preflight(_images: &[(String, u32)]) -> Result<String, DbError> {
    Err(DbError::DockerNotBuilt)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(image: Option<&str>) -> ServerArgs {
        ServerArgs {
            backend: BackendKind::Docker,
            majors: Vec::new(),
            image: image.map(str::to_string),
            url: None,
            pg_bin: None,
        }
    }

    #[test]
    fn an_image_without_a_tag_takes_the_major() {
        let got = images(&args(Some("reg.local:5000/pg")), &[15, 18]).unwrap_or_default();
        assert_eq!(
            got,
            vec![
                ("reg.local:5000/pg:15".to_string(), 15),
                ("reg.local:5000/pg:18".to_string(), 18)
            ]
        );
        assert!(images(&args(Some("pg:16")), &[15, 18]).is_err());
        let default = images(&args(None), &[17]).unwrap_or_default();
        assert_eq!(default, vec![("postgres:17".to_string(), 17)]);
    }

    #[test]
    fn majors_keep_their_order_without_repeats() {
        assert_eq!(dedup(&[18, 15, 18, 17]), vec![18, 15, 17]);
    }
}

//! `--backend`, `--pg`, `--image`, `--url`, `--pg-bin` → the settings
//! [`db::resolve_backends`] chooses the servers from.

use super::args::{BackendKind, ServerArgs};
use crate::db::{self, BackendChoice, BackendPlan, BackendSettings, ContainerSweep, PlanError};

/// The flags as plain settings (the default cluster cache).
pub fn settings(args: &ServerArgs) -> BackendSettings {
    BackendSettings {
        choice: match args.backend {
            BackendKind::Auto => BackendChoice::Auto,
            BackendKind::Docker => BackendChoice::Docker,
            BackendKind::Local => BackendChoice::Local,
            BackendKind::Url => BackendChoice::Url,
        },
        majors: args.majors.clone(),
        image: args.image.clone(),
        url: args.url.clone(),
        pg_bin: args.pg_bin.clone(),
        cache_dir: None,
    }
}

/// Chooses the servers for the flags, saying on stderr what the sweep of
/// stale containers removed (the caller prints the plan's reason).
pub async fn resolve(args: &ServerArgs) -> Result<BackendPlan, PlanError> {
    let plan = db::resolve_backends(&settings(args)).await?;
    match &plan.container_sweep {
        ContainerSweep::Removed(n) if *n > 0 => eprintln!(
            "pg-roundtrip: removed {n} container(s) left behind by runs that no longer exist"
        ),
        ContainerSweep::Failed(e) => {
            eprintln!("pg-roundtrip: warning: could not sweep stale containers: {e}")
        }
        ContainerSweep::Removed(_) | ContainerSweep::NotRun => {}
    }
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_flag_reaches_the_settings() {
        let args = ServerArgs {
            backend: BackendKind::Url,
            majors: vec![17, 15],
            image: Some("pg".into()),
            url: Some("postgres://h/db".into()),
            pg_bin: Some("/opt/pg/bin".into()),
        };
        let s = settings(&args);
        assert_eq!(s.choice, BackendChoice::Url);
        assert_eq!(s.majors, vec![17, 15]);
        assert_eq!(s.image.as_deref(), Some("pg"));
        assert_eq!(s.url.as_deref(), Some("postgres://h/db"));
        assert_eq!(s.pg_bin, Some("/opt/pg/bin".into()));
        assert_eq!(s.cache_dir, None);
    }
}

//! The server settings of the effective configuration (`--backend`,
//! `--pg`, `--image`, `--url`, `--pg-bin` over the environment over
//! pg-roundtrip.toml) → the servers [`db::resolve_backends`] chooses.

use crate::db::{self, BackendPlan, BackendSettings, ContainerSweep, PlanError};

/// Chooses the servers for the flags, saying on stderr what the sweep of
/// stale containers removed (the caller prints the plan's reason).
pub async fn resolve(settings: &BackendSettings) -> Result<BackendPlan, PlanError> {
    let plan = db::resolve_backends(settings).await?;
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

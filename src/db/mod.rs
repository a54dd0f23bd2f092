//! Disposable PostgreSQL: servers we start (or are pointed at) and the
//! scratch databases we create on them, plus running one step's SQL.
//!
//! A backend hands the walk a [`Server`]; the walk asks it for scratch
//! [`Database`]s and opens a fresh connection for every step. Everything a
//! backend creates is removed when its guard is dropped.
//!
//! Backends: [`LocalCluster`] (`local`), [`DockerServer`] (`docker`, with
//! the default `docker` cargo feature) and [`UrlServer`] (`url`).
//!
//! Files: `server` (what a backend hands out), `local/` (the local cluster), `container`, `url`,
//! `common` (what the backends share), `exec` (running a step), `error`.

mod common;
#[cfg(feature = "docker")]
mod container;
mod error;
mod exec;
mod local;
mod server;
mod url;

pub use common::SPEED_SETTINGS;
#[cfg(feature = "docker")]
pub use container::{
    ContainerOptions, DockerServer, Preflight, RUN_LABEL, default_image, preflight,
    sweep_stale_containers,
};
pub use error::DbError;
pub use exec::{FailureKind, Location, StepFailure, run_step};
pub use local::{ClusterOptions, LocalCluster, find_pg_bin, find_pg_bin_for_major, pg_bin_major};
pub use server::{Database, Server};
pub use url::{UrlServer, redact as redact_url};

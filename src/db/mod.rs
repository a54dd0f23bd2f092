//! Disposable PostgreSQL: servers we start (or are pointed at) and the
//! scratch databases we create on them, plus running one step's SQL.
//!
//! A [`Backend`] says what to start; [`Backend::start`] hands back a
//! [`RunningServer`] whose [`Server`] the walk asks for scratch
//! [`Database`]s, opening a fresh connection for every step. Everything a
//! backend creates is removed when its guard is dropped.
//! [`resolve_backends`] turns plain [`BackendSettings`] (what the command
//! line asked for) into the backends to start and the reason for them.
//!
//! Backends: [`LocalCluster`] (`local`), [`DockerServer`] (`docker`, with
//! the default `docker` cargo feature) and [`UrlServer`] (`url`).
//!
//! Files: `backend` (the one type), `plan/` (choosing), `server` (what a
//! backend hands out), `local/` (the local cluster), `container` (with
//! `engine`: reaching the Docker engine), `url` (with `guard`: may it
//! use that server), `readonly` (sessions that cannot write), `common`
//! (what the backends share), `exec` (running a step), `limits` (its
//! `statement_timeout` and `lock_timeout`, with `lockwatch`: what a
//! waiting step waited for), `liveness` (is the server still there),
//! `error`.

mod backend;
mod common;
#[cfg(feature = "docker")]
mod container;
#[cfg(feature = "docker")]
mod engine;
mod error;
mod exec;
mod guard;
mod limits;
mod liveness;
mod local;
mod lockwatch;
mod plan;
mod readonly;
mod server;
mod step_session;
mod url;

pub use backend::{Backend, RunningServer};
pub use common::SPEED_SETTINGS;
#[cfg(feature = "docker")]
pub use container::{
    ContainerOptions, DockerServer, Preflight, RUN_LABEL, preflight, sweep_stale_containers,
};
pub use error::{BUILDABLE_MAJORS, DbError, error_text, sqlx_text};
pub use exec::{FailureKind, Location, StepFailure, run_step};
pub use guard::{
    DEFAULT_MAX_FILLED_TABLES, ServerFacts, UrlGuard, judge as judge_url_server,
    probe as probe_url_server,
};
pub use limits::{
    DEFAULT_LOCK_TIMEOUT, DEFAULT_STATEMENT_TIMEOUT, LOCK_NOT_AVAILABLE, StepLimits,
    run_step_limited,
};
pub use liveness::log_shows_crash_restart;
pub use local::{ClusterOptions, LocalCluster, find_pg_bin, find_pg_bin_for_major, pg_bin_major};
pub use lockwatch::{Blocker, LockWait, observe as observe_lock_wait};
pub use plan::{
    BackendChoice, BackendPlan, BackendSettings, ContainerSweep, DOCKER_DEFAULT_MAJOR, MIN_MAJOR,
    PlanError, default_image, resolve_backends,
};
pub use readonly::{connect_read_only, read_only_options};
pub use server::{Database, Server};
pub use step_session::{REUSE_STEP_SESSION, StepSession};
pub use url::{UrlServer, redact as redact_url};

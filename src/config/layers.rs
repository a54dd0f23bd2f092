//! The top layer and its names: what `check`'s flags or the harness's
//! builder calls say ([`Overrides`]), what messages call them ([`Names`]),
//! and the environment variables and defaults below them.

use super::file::IgnoreRule;
use crate::db::BackendChoice;
use crate::source::Layout;
use std::path::PathBuf;

/// The default history directory.
pub const DEFAULT_HISTORY: &str = "migrations";
/// The variable that holds the url backend's server, unless `url-env`
/// names another.
pub const DEFAULT_URL_ENV: &str = "DATABASE_URL";
/// The default longest time of one step, in seconds.
pub const DEFAULT_STEP_TIMEOUT: u64 = 300;

/// The environment variables the configuration reads (besides the one
/// `url-env` names, and [`CONFIG_ENV`]).
pub mod env {
    pub const BACKEND: &str = "PG_ROUNDTRIP_BACKEND";
    pub const PG: &str = "PG_ROUNDTRIP_PG";
    pub const IMAGE: &str = "PG_ROUNDTRIP_IMAGE";
    pub const PG_BIN: &str = "PG_ROUNDTRIP_PG_BIN";
    pub const JOBS: &str = "PG_ROUNDTRIP_JOBS";
    pub const STEP_TIMEOUT: &str = "PG_ROUNDTRIP_STEP_TIMEOUT";
}

/// What the top layer is called in messages and in `pg-roundtrip config`:
/// flag names for the CLI, builder calls for the harness.
#[derive(Debug, Clone, Copy)]
pub struct Names {
    pub history: &'static str,
    pub layout: &'static str,
    pub snapshots: &'static str,
    pub backend: &'static str,
    pub image: &'static str,
    pub pg: &'static str,
    pub url: &'static str,
    pub pg_bin: &'static str,
    pub allow_irreversible: &'static str,
    pub ignore: &'static str,
    pub strict_roles: &'static str,
    pub jobs: &'static str,
    pub step_timeout: &'static str,
    pub exclude: &'static str,
    pub exclude_table: &'static str,
    pub strict_bodies: &'static str,
}

impl Names {
    /// `check`'s flags.
    pub const FLAGS: Names = Names {
        history: "DIR",
        layout: "--layout",
        snapshots: "--snapshots",
        backend: "--backend",
        image: "--image",
        pg: "--pg",
        url: "--url",
        pg_bin: "--pg-bin",
        allow_irreversible: "--allow-irreversible",
        ignore: "--ignore",
        strict_roles: "--strict-roles",
        jobs: "--jobs",
        step_timeout: "--step-timeout",
        exclude: "--exclude",
        exclude_table: "--exclude-table",
        strict_bodies: "--strict-bodies",
    };
}

/// The top layer: what the command line (or the harness's builder) says;
/// `None` where it says nothing.
#[derive(Debug, Clone)]
pub struct Overrides {
    pub histories: Option<Vec<PathBuf>>,
    pub layout: Option<Layout>,
    pub snapshots: Option<PathBuf>,
    pub backend: Option<BackendChoice>,
    pub image: Option<String>,
    pub majors: Option<Vec<u32>>,
    pub url: Option<String>,
    pub pg_bin: Option<PathBuf>,
    pub allow_irreversible: Option<Vec<String>>,
    pub ignore: Option<Vec<IgnoreRule>>,
    pub strict_roles: Option<bool>,
    pub jobs: Option<u64>,
    pub step_timeout: Option<u64>,
    pub exclude: Option<Vec<String>>,
    pub exclude_table: Option<Vec<String>>,
    pub strict_bodies: Option<bool>,
    /// `--data`, `--fixtures`, `--allow-data-loss`.
    pub data: Option<crate::data::DataMode>,
    pub fixtures: Option<PathBuf>,
    pub allow_data_loss: Option<Vec<String>>,
    /// `lock-timeout`, `timeout`, `strict-globals`, the url guard.
    pub safety: super::safety::SafetyOverrides,
    pub names: Names,
}

impl Overrides {
    /// Nothing overridden; the layer is called by `names`.
    pub fn none(names: Names) -> Self {
        Overrides {
            histories: None,
            layout: None,
            snapshots: None,
            backend: None,
            image: None,
            majors: None,
            url: None,
            pg_bin: None,
            allow_irreversible: None,
            ignore: None,
            strict_roles: None,
            jobs: None,
            step_timeout: None,
            exclude: None,
            exclude_table: None,
            strict_bodies: None,
            data: None,
            fixtures: None,
            allow_data_loss: None,
            safety: super::safety::SafetyOverrides::default(),
            names,
        }
    }
}

//! How to walk: the options, the progress callback, and the errors that
//! keep a walk from being carried out.

use super::outcome::RevisionOutcome;
use crate::db::DbError;
use crate::driver::AlembicOptions;
use crate::introspect::{InspectError, InspectOptions};
use std::sync::Arc;
use std::time::Duration;

/// How to walk.
#[derive(Debug, Clone)]
pub struct WalkOptions {
    /// Compare tables' columns as sets (`--ignore column-order`).
    pub ignore_column_order: bool,
    /// Longest any one step may run.
    pub step_timeout: Duration,
    /// Revisions (id, version as written, or version number) allowed to
    /// have no downgrade.
    pub allow_irreversible: Vec<String>,
    /// What inspections leave out (bookkeeping tables; ownership with
    /// `ignore_ownership`).
    pub inspect: InspectOptions,
    /// A role left behind by a downgrade fails the revision instead of
    /// warning (`--strict-roles`).
    pub strict_roles: bool,
    /// Told about every revision as soon as it is walked.
    pub progress: Option<Progress>,
    /// How an Alembic project's steps are run (its interpreter, how the
    /// URL reaches `env.py`).
    pub alembic: AlembicOptions,
}

/// A callback the walk calls after each revision, for progress displays.
#[derive(Clone)]
pub struct Progress(pub Arc<dyn Fn(&ProgressEvent<'_>) + Send + Sync>);

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Progress(..)")
    }
}

/// One walked revision.
#[derive(Debug)]
pub struct ProgressEvent<'a> {
    pub history: &'a std::path::Path,
    pub pg_major: u32,
    /// Revisions walked so far, this one included.
    pub done: usize,
    pub total: usize,
    pub outcome: &'a RevisionOutcome,
}

impl Default for WalkOptions {
    fn default() -> Self {
        WalkOptions {
            ignore_column_order: false,
            step_timeout: Duration::from_secs(300),
            allow_irreversible: Vec::new(),
            inspect: InspectOptions::default(),
            strict_roles: false,
            progress: None,
            alembic: AlembicOptions::default(),
        }
    }
}

/// Infrastructure failures: the walk could not be carried out at all.
#[derive(Debug, thiserror::Error)]
pub enum WalkError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("failed to inspect the schema {when}: {source}")]
    Inspect {
        when: InspectionPoint,
        #[source]
        source: Box<InspectError>,
    },
}

/// Which inspection of a walk failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InspectionPoint {
    EmptyDatabase,
    /// Before a selected revision, after the ones before it were upgraded
    /// without inspection (the id is the last of those).
    AfterFastForward(String),
    AfterUpgrade(String),
    AfterDowngrade(String),
    AfterSecondUpgrade(String),
    AfterRebuild,
}

impl std::fmt::Display for InspectionPoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InspectionPoint::EmptyDatabase => f.write_str("of the new, empty database"),
            InspectionPoint::AfterFastForward(id) => write!(f, "after fast-forwarding to {id}"),
            InspectionPoint::AfterUpgrade(id) => write!(f, "after the upgrade of {id}"),
            InspectionPoint::AfterDowngrade(id) => write!(f, "after the downgrade of {id}"),
            InspectionPoint::AfterSecondUpgrade(id) => {
                write!(f, "after the second upgrade of {id}")
            }
            InspectionPoint::AfterRebuild => f.write_str("after rebuilding"),
        }
    }
}

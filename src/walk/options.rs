//! How to walk: the options, the progress callback, and the errors that
//! keep a walk from being carried out.

use super::outcome::RevisionOutcome;
use super::selection::Selection;
use crate::db::DbError;
use crate::diff::DiffOptions;
use crate::driver::AlembicOptions;
use crate::introspect::{InspectError, InspectOptions};
use crate::source::{History, Revision};
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
    /// Databases, tablespaces and roles a downgrade leaves behind fail the
    /// revision instead of warning (`--strict-globals`).
    pub strict_globals: bool,
    /// `lock_timeout` of every step (`--lock-timeout`).
    pub lock_timeout: Duration,
    /// Told about every revision as soon as it is walked.
    pub progress: Option<Progress>,
    /// Told about every step as it starts (finer than `progress`).
    pub on_step: Option<StepProgress>,
    /// How an Alembic project's steps are run (its interpreter, how the
    /// URL reaches `env.py`).
    pub alembic: AlembicOptions,
    /// Compare SQL and PL/pgSQL routine bodies byte for byte
    /// (`--strict-bodies`); by default they are compared as code, so that
    /// whitespace and comments outside literals do not count.
    pub strict_bodies: bool,
    /// Rows to check across the round trip (`--data`, `--fixtures`,
    /// `--allow-data-loss`).
    pub data: crate::data::DataOptions,
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

/// A callback the walk calls before each step, for progress displays
/// that show what a walk is doing now.
#[derive(Clone)]
pub struct StepProgress(pub Arc<dyn Fn(&StepEvent<'_>) + Send + Sync>);

impl std::fmt::Debug for StepProgress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StepProgress(..)")
    }
}

/// One step a walk is about to take.
#[derive(Debug)]
pub struct StepEvent<'a> {
    pub history: &'a std::path::Path,
    pub pg_major: u32,
    /// The revision's id.
    pub revision: &'a str,
    pub step: WalkStep,
    /// For [`WalkStep::FastForward`]: which of the upgrades in a row
    /// before the next selected revision this is.
    pub forward: Option<ForwardRun>,
    /// Selected revisions before this one (walked, or being rebuilt).
    pub done: usize,
    /// Selected revisions of this walk.
    pub total: usize,
}

/// The `index`-th (from 1) of `of` fast-forwarded upgrades in a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ForwardRun {
    pub index: usize,
    pub of: usize,
}

/// What a walk does next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WalkStep {
    /// The upgrade of a revision before a selected one, not inspected.
    FastForward,
    Upgrade,
    /// Reading the schema after the step before.
    Inspect,
    Downgrade,
    /// The second upgrade.
    Reupgrade,
    /// A fresh database up to this revision, after it failed.
    Rebuild,
}

impl WalkOptions {
    /// How the walk compares two schemas.
    pub fn diff(&self) -> DiffOptions {
        DiffOptions {
            strict_bodies: self.strict_bodies,
        }
    }

    /// Tells [`WalkOptions::on_step`], if set, that `step` of `revision`
    /// starts.
    pub(crate) fn announce(
        &self,
        history: &History,
        pg_major: u32,
        selection: &Selection,
        revision: &Revision,
        step: WalkStep,
    ) {
        let Some(StepProgress(tell)) = &self.on_step else {
            return;
        };
        let len = history.revisions.len();
        let at = revision.position.min(len);
        let forward = (step == WalkStep::FastForward).then(|| {
            let start = (0..at)
                .rev()
                .find(|i| selection.contains(*i))
                .map_or(0, |i| i + 1);
            let end = (at..len).find(|i| selection.contains(*i)).unwrap_or(len);
            ForwardRun {
                index: at - start + 1,
                of: end - start,
            }
        });
        tell(&StepEvent {
            history: &history.dir,
            pg_major,
            revision: &revision.id(),
            step,
            forward,
            done: (0..at).filter(|i| selection.contains(*i)).count(),
            total: selection.count(len),
        });
    }
}

impl Default for WalkOptions {
    fn default() -> Self {
        WalkOptions {
            ignore_column_order: false,
            step_timeout: Duration::from_secs(300),
            allow_irreversible: Vec::new(),
            inspect: InspectOptions::default(),
            strict_roles: false,
            strict_globals: false,
            lock_timeout: crate::db::DEFAULT_LOCK_TIMEOUT,
            progress: None,
            on_step: None,
            alembic: AlembicOptions::default(),
            strict_bodies: false,
            data: crate::data::DataOptions::default(),
        }
    }
}

/// Infrastructure failures: the walk could not be carried out at all.
#[derive(Debug, thiserror::Error)]
pub enum WalkError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    Data(#[from] crate::data::DataError),
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// A flat history of `n` revisions in a temporary directory.
    fn history(n: usize) -> (tempfile::TempDir, History) {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        for i in 1..=n {
            for (way, sql) in [("up", "SELECT 1;"), ("down", "SELECT 2;")] {
                let file = tmp.path().join(format!("{i}_r{i}.{way}.sql"));
                std::fs::write(file, sql).unwrap_or_else(|e| panic!("{e}"));
            }
        }
        let h = crate::source::load(tmp.path()).unwrap_or_else(|e| panic!("{e}"));
        (tmp, h)
    }

    #[test]
    fn step_events_count_fast_forwards_in_a_row_and_selected_revisions_done() {
        let (_tmp, h) = history(6);
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = seen.clone();
        let options = WalkOptions {
            on_step: Some(StepProgress(Arc::new(move |e: &StepEvent<'_>| {
                if let Ok(mut seen) = sink.lock() {
                    let run = e.forward.map(|r| (r.index, r.of));
                    seen.push((e.revision.to_string(), e.step, run, e.done, e.total));
                }
            }))),
            ..WalkOptions::default()
        };
        let selection = Selection::only([1, 4]);
        for (at, step) in [
            (0, WalkStep::FastForward),
            (1, WalkStep::Upgrade),
            (2, WalkStep::FastForward),
            (3, WalkStep::FastForward),
            (4, WalkStep::Downgrade),
        ] {
            options.announce(&h, 17, &selection, &h.revisions[at], step);
        }
        let seen = seen.lock().map(|s| s.clone()).unwrap_or_default();
        let ff = WalkStep::FastForward;
        assert_eq!(
            seen,
            [
                ("1_r1".to_string(), ff, Some((1, 1)), 0, 2),
                ("2_r2".to_string(), WalkStep::Upgrade, None, 0, 2),
                ("3_r3".to_string(), ff, Some((1, 2)), 1, 2),
                ("4_r4".to_string(), ff, Some((2, 2)), 1, 2),
                ("5_r5".to_string(), WalkStep::Downgrade, None, 1, 2),
            ]
        );
        // Without a callback nothing happens (and nothing is computed).
        WalkOptions::default().announce(&h, 17, &selection, &h.revisions[0], ff);
    }
}

//! The walk's data steps ([`crate::data`]): what rows a revision starts
//! from, whether they survive its round trip, and the rows added once it
//! is done. Plain data: findings, no sentences.

use super::finding::{DataFinding, FailedStep, Finding, Location, Problem, ServerError};
use super::options::{WalkError, WalkOptions};
use crate::data::{self, Capture, DataMode, Destroyed, Generation, Stage, Tried};
use crate::db::{Database, run_step};
use crate::source::{History, Revision};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Duration;

/// What a walk does with data, and what it remembers of it.
pub(super) struct DataWalk {
    /// The fixtures directory, when it exists and data is on.
    fixtures: Option<PathBuf>,
    auto: bool,
    allow: Vec<String>,
    ignored: crate::introspect::InspectOptions,
    timeout: Duration,
    /// Tables generation has looked at in this database.
    tried: Tried,
    /// What generation filled and skipped in the whole walk.
    generation: Generation,
    /// Tables already reported as skipped in this walk.
    reported: BTreeSet<String>,
    /// What seeding fast-forwarded revisions found, for the next
    /// revision the report has.
    pending: Found,
    /// The tables generated rows went into, by OID (a rename keeps it, and
    /// so does a copy of the database), in this database.
    filled: Vec<i64>,
    /// Tables with a data finding after the current revision's downgrade
    /// (none: the downgrade was exact).
    down_tables: BTreeSet<String>,
    /// The current revision's downgrade gave back exactly the rows from
    /// before its upgrade (compared, and no difference): its second
    /// upgrade ran on the same rows as the first.
    down_exact: bool,
}

/// What becomes of what seeding finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Seeding {
    /// Into the revision's outcome (with what was deferred before).
    Report,
    /// Kept for the next reported revision (a fast-forward).
    Defer,
    /// Dropped: the first pass reported it already (a rebuild).
    Quiet,
}

/// The findings and warnings of a data step.
#[derive(Default)]
pub(super) struct Found {
    pub findings: Vec<Finding>,
    pub warnings: Vec<Finding>,
}

impl DataWalk {
    pub(super) fn new(history: &History, options: &WalkOptions) -> Self {
        let d = &options.data;
        let dir = d.fixtures.clone().unwrap_or_else(|| {
            history
                .dir
                .parent()
                .map_or_else(|| PathBuf::from("fixtures"), |p| p.join("fixtures"))
        });
        let on = d.mode != DataMode::Off;
        DataWalk {
            fixtures: (on && dir.is_dir()).then_some(dir),
            auto: d.mode == DataMode::Auto,
            allow: d.allow_data_loss.clone(),
            ignored: options.inspect.clone(),
            timeout: options.step_timeout,
            tried: Tried::default(),
            generation: Generation::default(),
            reported: BTreeSet::new(),
            pending: Found::default(),
            filled: Vec::new(),
            down_tables: BTreeSet::new(),
            down_exact: false,
        }
    }

    /// Whether rows are checked at all.
    pub(super) fn active(&self) -> bool {
        self.fixtures.is_some() || self.auto
    }

    /// A new, empty database: generation starts over.
    pub(super) fn reset(&mut self) {
        self.tried.clear();
        self.filled.clear();
    }

    /// What `--data auto` filled and skipped in the walk; `None` without it.
    pub(super) fn generation(&self) -> Option<Generation> {
        self.auto.then(|| self.generation.clone())
    }

    /// Whether generated rows are in the database.
    pub(super) fn has_generated(&self) -> bool {
        !self.filled.is_empty()
    }

    /// After an upgrade of `revision` failed with `reason`: empties every
    /// table generated rows went into in this database (and what
    /// references them; a copy of a checkpoint holds rows removed since),
    /// to run the upgrade again. The warning that says so, to
    /// [`defer`](Self::defer) if the upgrade then passes.
    pub(super) async fn remove_generated(
        &mut self,
        db: &Database,
        revision: &Revision,
        reason: &str,
    ) -> Result<Finding, WalkError> {
        use sqlx::Executor;
        let mut conn = db.connect().await?;
        let existing: Result<Vec<(String, String)>, _> = sqlx::query_as(
            "SELECT c.oid::regclass::text, n.nspname || '.' || c.relname FROM pg_class c \
             JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE c.oid::int8 = ANY($1::int8[]) ORDER BY n.nspname, c.relname",
        )
        .bind(&self.filled)
        .fetch_all(&mut conn)
        .await;
        let result = match existing {
            Ok(tables) if !tables.is_empty() => {
                let names: Vec<&str> = tables.iter().map(|(sql, _)| sql.as_str()).collect();
                let sql = format!("TRUNCATE {} CASCADE", names.join(", "));
                conn.execute(sqlx::AssertSqlSafe(sql)).await.map(|_| tables)
            }
            other => other,
        };
        close(conn).await;
        let tables = result.map_err(|source| {
            WalkError::Data(data::DataError::Query {
                action: "remove the generated rows".into(),
                source,
            })
        })?;
        let shown = tables.into_iter().map(|(_, shown)| shown).collect();
        // Empty now: generation may fill them again, under the constraints
        // the history has by then.
        self.tried.forget_looked();
        Ok(Finding::new(
            &revision.id(),
            Problem::GeneratedRowsRemoved {
                tables: shown,
                reason: reason.to_string(),
            },
        ))
    }

    /// A warning for the next reported revision.
    pub(super) fn defer(&mut self, warning: Finding) {
        self.pending.warnings.push(warning);
    }

    /// What earlier data steps kept for the next reported revision.
    pub(super) fn take_pending(&mut self, out: &mut Found) {
        out.findings.append(&mut self.pending.findings);
        out.warnings.append(&mut self.pending.warnings);
    }

    /// A copy of a checkpoint: its tables were all looked at already.
    pub(super) async fn resume(&mut self, db: &Database) -> Result<(), WalkError> {
        if !self.active() {
            return Ok(());
        }
        let mut conn = db.connect().await?;
        let tables = data::tables(&mut conn, &self.ignored).await;
        close(conn).await;
        self.tried.forget_looked();
        self.tried.looked_at(tables?.iter().map(|t| t.display()));
        Ok(())
    }

    /// The rows now, when data is on.
    pub(super) async fn capture(&mut self, db: &Database) -> Result<Option<Capture>, WalkError> {
        if !self.active() {
            return Ok(None);
        }
        let mut conn = db.connect().await?;
        let captured = data::capture(&mut conn, &self.ignored).await;
        close(conn).await;
        Ok(Some(captured?))
    }

    /// What the upgrade dropped of `before` while it held rows (a table,
    /// columns). Only a loss if the downgrade does not bring the values
    /// back (it may restore them from where the upgrade moved them): see
    /// [`compare`](Self::compare).
    pub(super) async fn destroyed(
        &mut self,
        db: &Database,
        before: &Capture,
    ) -> Result<Vec<Destroyed>, WalkError> {
        self.down_tables.clear();
        self.down_exact = false;
        let mut conn = db.connect().await?;
        let gone = data::destroyed(&mut conn, before).await;
        close(conn).await;
        Ok(gone?)
    }

    /// Whether `revision` may lose data: `--allow-data-loss` names it, or
    /// its up file says `-- pg-roundtrip: data-loss`.
    fn allowed(&self, revision: &Revision) -> bool {
        self.allow.iter().any(|a| revision.is_named(a))
            || data::declares_data_loss(&revision.up.script.sql)
    }

    /// `before` against the rows now, at `stage`, blaming the down file
    /// (after the downgrade) or the up file (after the second upgrade). Rows
    /// lost or changed by the downgrade of a revision that declares data
    /// loss are warnings. What the upgrade `destroyed` and the downgrade did
    /// not bring back is one `data-destroyed` per table (blaming the up
    /// file), instead of the rows that show it.
    ///
    /// After the second upgrade: when the downgrade gave back exactly the
    /// rows from before the upgrade, the second upgrade ran on the same
    /// rows as the first, so what differs can only come from the upgrade
    /// itself not being deterministic (random values, the clock, sequences
    /// the downgrade does not reset): a `data-not-deterministic` warning.
    /// Otherwise (a data finding after the downgrade, or its schema
    /// differed and its rows were not compared) the second upgrade ran on
    /// other input than the first, and whatever differs after it is left
    /// out: it is the downgrade's difference carried further, or
    /// non-determinism, and the downgrade's finding already names the
    /// cause (openmeter's 20260511201803_flatfee_runs: tables the upgrade
    /// drops, and new rows keyed by gen_random_uuid()).
    pub(super) async fn compare(
        &mut self,
        db: &Database,
        revision: &Revision,
        before: &Capture,
        stage: Stage,
        destroyed: &[Destroyed],
        found: &mut Found,
    ) -> Result<(), WalkError> {
        let blame = match (stage, &revision.down) {
            (Stage::AfterDowngrade, Some(down)) => down.script.path.clone(),
            _ => revision.up.script.path.clone(),
        };
        let mut conn = db.connect().await?;
        let diffs = data::compare(&mut conn, before, stage, &[], &self.ignored).await;
        close(conn).await;
        let allowed = self.allowed(revision);
        let mut diffs = diffs?;
        if stage == Stage::AfterDowngrade {
            self.down_tables.clear();
        }
        for d in destroyed {
            let explained = |diff: &data::DataDiff| {
                diff.table == d.table
                    && (d.columns.is_empty()
                        || diff.class != data::DiffClass::Changed
                        || diff.columns.iter().any(|c| d.columns.contains(c)))
            };
            if !diffs.iter().any(explained) {
                continue;
            }
            // Rows changed only in the destroyed columns are that loss.
            diffs.retain(|diff| {
                !(explained(diff)
                    && (d.columns.is_empty()
                        || diff.class != data::DiffClass::Changed
                        || diff.columns.iter().all(|c| d.columns.contains(c))))
            });
            let finding = Finding::new(
                &revision.id(),
                Problem::DataDestroyed {
                    up: revision.up.script.path.clone(),
                    destroyed: d.clone(),
                    allowed,
                },
            );
            if allowed {
                found.warnings.push(finding);
            } else {
                found.findings.push(finding);
            }
            self.down_tables.insert(d.table.clone());
        }
        match stage {
            Stage::AfterDowngrade => {
                self.down_tables
                    .extend(diffs.iter().map(|d| d.table.clone()));
                self.down_exact = self.down_tables.is_empty();
            }
            Stage::AfterSecondUpgrade if !self.down_exact => diffs.clear(),
            Stage::AfterSecondUpgrade => {}
        }
        let not_deterministic = stage == Stage::AfterSecondUpgrade && self.down_exact;
        for diff in diffs {
            let declared = allowed
                && stage == Stage::AfterDowngrade
                && diff.class != data::DiffClass::LeftBehind;
            let finding = Finding::new(
                &revision.id(),
                Problem::Data(DataFinding {
                    blame: blame.clone(),
                    diff,
                    declared,
                    not_deterministic,
                }),
            );
            if declared || not_deterministic {
                found.warnings.push(finding);
            } else {
                found.findings.push(finding);
            }
        }
        Ok(())
    }

    /// Once `revision` is upgraded for good: its fixture, then generated
    /// rows. A failed fixture is a finding, a table generation skips a
    /// warning (once per table and walk), dealt with as `seeding` says.
    pub(super) async fn seed(
        &mut self,
        db: &Database,
        revision: &Revision,
        seeding: Seeding,
        out: &mut Found,
    ) -> Result<(), WalkError> {
        let mut found = Found::default();
        let result = self.seed_into(db, revision, &mut found).await;
        match seeding {
            Seeding::Report => {
                out.findings.append(&mut self.pending.findings);
                out.warnings.append(&mut self.pending.warnings);
                out.findings.append(&mut found.findings);
                out.warnings.append(&mut found.warnings);
            }
            Seeding::Defer => {
                self.pending.findings.append(&mut found.findings);
                self.pending.warnings.append(&mut found.warnings);
            }
            Seeding::Quiet => {}
        }
        result
    }

    async fn seed_into(
        &mut self,
        db: &Database,
        revision: &Revision,
        found: &mut Found,
    ) -> Result<(), WalkError> {
        if let Some(dir) = &self.fixtures
            && let Some(step) = data::fixture_for(dir, revision)?
        {
            let mut conn = db.connect().await?;
            let result = run_step(&mut conn, &step, self.timeout).await;
            close(conn).await;
            if let Err(failure) = result {
                found.findings.push(Finding::new(
                    &revision.id(),
                    Problem::FixtureError(FailedStep {
                        file: step.script.path.clone(),
                        location: failure.location.map(|l| Location {
                            path: l.path,
                            line: l.line,
                            column: l.column,
                        }),
                        error: ServerError {
                            message: failure.message,
                            detail: failure.detail,
                            hint: failure.hint,
                        },
                    }),
                ));
            }
        }
        if !self.auto {
            return Ok(());
        }
        let mut conn = db.connect().await?;
        let generated = data::generate(&mut conn, &self.ignored, &mut self.tried).await;
        close(conn).await;
        let (filled, skipped) = generated?;
        self.generation.record(&filled, &skipped);
        self.filled.extend(filled.into_iter().map(|f| f.oid));
        for s in skipped {
            if self.reported.insert(s.table.clone()) {
                found.warnings.push(Finding::new(
                    &revision.id(),
                    Problem::DataSkipped {
                        table: s.table,
                        reason: s.reason,
                    },
                ));
            }
        }
        Ok(())
    }
}

async fn close(conn: sqlx::PgConnection) {
    use sqlx::Connection;
    let _ = conn.close().await;
}

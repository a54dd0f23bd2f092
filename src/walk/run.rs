//! The walk's state machine.

use super::checkpoint::Policy;
use super::data_walk::{DataWalk, Found, Seeding};
use super::finding::{Direction, FailedStep, Finding, Location, Mismatch, Problem, ServerError};
use super::globals::{self, Globals};
use super::options::{InspectionPoint, Progress, ProgressEvent, WalkError, WalkOptions, WalkStep};
use super::outcome::{NotRunReason, RevisionOutcome, RevisionStatus, StepTimings, WalkReport};
use super::selection::Selection;
use super::suggest::{Rendered, for_reupgrade};
use crate::db::{Database, DbError, FailureKind, Server, StepFailure, StepLimits, StepSession};
use crate::diff::{diff, diff_with};
use crate::driver::Driven;
use crate::introspect::{Incremental, InspectError, cluster_objects, inspect};
use crate::render::{Document, document};
use crate::source::{History, Revision, Runner, Step};
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

/// Walks every revision of `history` on a scratch database of `server`,
/// which it creates and always drops.
pub async fn walk(
    history: &History,
    server: &Server,
    options: &WalkOptions,
) -> Result<WalkReport, WalkError> {
    walk_selected(history, server, options, &Selection::All).await
}

/// Walks the revisions `selection` names, after fast-forwarding the others
/// before them (their first upgrades only, no inspection), on a scratch
/// database of `server`, which it creates and always drops. The report
/// has the selected revisions only; with [`Selection::All`] this is
/// [`walk`].
pub async fn walk_selected(
    history: &History,
    server: &Server,
    options: &WalkOptions,
    selection: &Selection,
) -> Result<WalkReport, WalkError> {
    let started = Instant::now();
    // Leave out the bookkeeping tables of this history's tool only.
    let mut own = options.clone();
    if own.inspect.bookkeeping_tables.is_none() {
        own.inspect.bookkeeping_tables = Some(
            history
                .format
                .bookkeeping_tables()
                .iter()
                .map(|t| (*t).to_owned())
                .collect(),
        );
    }
    let options = &own;
    let mut walker = Walker {
        history,
        server,
        options,
        selection,
        db: None,
        inspector: None,
        steps: StepSession::new(),
        incremental: Incremental::new(options.inspect.clone()),
        verify: env_flag(VERIFY_INCREMENTAL, false),
        full: !env_flag(INCREMENTAL, true),
        checkpoint: None,
        policy: Policy::default(),
        databases: 0,
        roles: BTreeSet::new(),
        globals: Globals::default(),
        unsteady: BTreeSet::new(),
        driven: Driven::new(&options.alembic, &history.dir),
        data: DataWalk::new(history, options),
        rendered: Rendered::default(),
    };
    let result = walker.run().await;
    let dropped = walker.drop_databases().await;
    let revisions = result?;
    dropped?;
    Ok(WalkReport {
        history: history.dir.clone(),
        server: server.description.clone(),
        pg_major: server.major(),
        revisions,
        duration: started.elapsed(),
        generated: walker.data.generation(),
    })
}

struct Walker<'a> {
    history: &'a History,
    server: &'a Server,
    options: &'a WalkOptions,
    selection: &'a Selection,
    db: Option<Database>,
    /// The connection inspections reuse. Unlike steps, inspections need no
    /// fresh session: they only read, inside one READ ONLY transaction that
    /// pins every setting it depends on, and nothing of the steps' sessions
    /// is visible to it. Reusing it keeps sqlx's prepared statements, which
    /// halves the round trips of every inspection after the first.
    inspector: Option<sqlx::PgConnection>,
    /// The session SQL steps share while that is exact (see
    /// [`StepSession`]): closed with the database, and before a copy.
    steps: StepSession,
    /// What the inspections of the current database read, so that each
    /// reads again only what changed (reset with the database).
    incremental: Incremental,
    /// Also inspect in full after every incremental inspection and fail on
    /// any difference ([`VERIFY_INCREMENTAL`]).
    verify: bool,
    /// Inspect in full every time ([`INCREMENTAL`]`=0`).
    full: bool,
    /// The latest copy of the scratch database kept aside (see
    /// [`super::checkpoint`]), at the revision `policy.at`.
    checkpoint: Option<Database>,
    policy: Policy,
    databases: usize,
    /// The cluster's roles as of the latest inspection. Roles are
    /// cluster-wide: they are never part of the schema, only compared
    /// across a revision's downgrade to warn about roles left behind.
    roles: BTreeSet<String>,
    /// The cluster's databases and tablespaces as of the latest inspection
    /// (see [`super::globals`]).
    globals: Globals,
    /// The sets of objects a replay has already shown to differ from the
    /// first walk (non-determinism is reported once per set).
    unsteady: BTreeSet<Vec<String>>,
    /// The external drivers of this walk (a resident Alembic process).
    driven: Driven,
    /// Rows across the round trip (`--data`).
    data: DataWalk,
    /// The schemas behind the latest documents, for suggested fixes.
    rendered: Rendered,
}

/// How a revision's first upgrade ended.
enum After {
    /// Go on with the next revision from this schema.
    Continue(Document),
    /// The database can't be trusted; rebuild it up to this revision,
    /// which should give this schema.
    Rebuild(Document),
    /// Nothing after this revision can run.
    Stop(NotRunReason),
}

impl Walker<'_> {
    async fn run(&mut self) -> Result<Vec<RevisionOutcome>, WalkError> {
        self.fresh_database().await?;
        let mut outcomes = Vec::new();
        let revisions = &self.history.revisions;
        let total = self.selection.count(revisions.len());
        let Some(last) = self.selection.last(revisions.len()) else {
            if revisions.is_empty() {
                // As a whole walk always did: the empty database is
                // inspected even when there is nothing to walk.
                self.inspect(InspectionPoint::EmptyDatabase).await?;
            }
            return Ok(outcomes);
        };
        // The schema before the next selected revision; `None` after a
        // fast-forwarded revision changed it without inspection.
        let mut before = None;
        for (i, revision) in revisions[..=last].iter().enumerate() {
            if !self.selection.contains(i) {
                self.announce(revision, WalkStep::FastForward);
                let (result, took) = self.upgrade(revision, None).await?;
                self.policy.upgraded(took);
                if let Err(failure) = result {
                    let reason = NotRunReason::FastForwardFailed {
                        failed_at: revision.id(),
                        message: failure.message,
                    };
                    self.skip_rest(&mut outcomes, i + 1..=last, &reason);
                    break;
                }
                before = None;
                let db = self.database()?.clone();
                self.data
                    .seed(&db, revision, Seeding::Defer, &mut Found::default())
                    .await?;
                self.checkpoint_if_due(i, last).await?;
                continue;
            }
            let before_doc = match before.take() {
                Some(doc) => doc,
                None if i == 0 => self.inspect(InspectionPoint::EmptyDatabase).await?.0,
                None => {
                    let when = InspectionPoint::AfterFastForward(revisions[i - 1].id());
                    self.inspect(when).await?.0
                }
            };
            let (mut outcome, after) = self.revision(revision, &before_doc).await?;
            if matches!(after, After::Continue(_)) {
                let db = self.database()?.clone();
                let mut found = Found::default();
                self.data
                    .seed(&db, revision, Seeding::Report, &mut found)
                    .await?;
                merge(&mut outcome, found);
            }
            if let Some(Progress(report)) = &self.options.progress {
                report(&ProgressEvent {
                    history: &self.history.dir,
                    pg_major: self.server.major(),
                    done: outcomes.len() + 1,
                    total,
                    outcome: &outcome,
                });
            }
            self.policy.upgraded(outcome.timings.up);
            outcomes.push(outcome);
            match after {
                After::Continue(doc) => {
                    before = Some(doc);
                    self.checkpoint_if_due(i, last).await?;
                }
                After::Rebuild(doc) => {
                    if i == last {
                        continue;
                    }
                    match self.rebuild(i, &doc).await? {
                        Err(reason) => {
                            self.skip_rest(&mut outcomes, i + 1..=last, &reason);
                            break;
                        }
                        Ok(None) => before = Some(doc),
                        Ok(Some(replayed)) => {
                            // Not deterministic: say so once per set of
                            // objects, and walk on from what the replay
                            // gave.
                            let changes = diff(&doc, &replayed);
                            let objects: Vec<String> =
                                changes.iter().map(|c| c.object.path.clone()).collect();
                            if self.unsteady.insert(objects)
                                && let Some(outcome) = outcomes.last_mut()
                            {
                                outcome.warnings.push(Finding::new(
                                    &revision.id(),
                                    Problem::NotDeterministic(Mismatch::new(
                                        revision.up.script.path.clone(),
                                        &doc,
                                        &replayed,
                                        changes,
                                    )),
                                ));
                            }
                            before = Some(replayed);
                        }
                    }
                }
                After::Stop(reason) => {
                    self.skip_rest(&mut outcomes, i + 1..=last, &reason);
                    break;
                }
            }
        }
        Ok(outcomes)
    }

    /// A not-run outcome for every selected revision in `rest`.
    fn skip_rest(
        &self,
        outcomes: &mut Vec<RevisionOutcome>,
        rest: std::ops::RangeInclusive<usize>,
        reason: &NotRunReason,
    ) {
        for i in rest.filter(|i| self.selection.contains(*i)) {
            let r = &self.history.revisions[i];
            outcomes.push(RevisionOutcome {
                id: r.id(),
                version: r.version,
                status: RevisionStatus::NotRun {
                    reason: reason.clone(),
                },
                findings: Vec::new(),
                warnings: Vec::new(),
                snapshot: None,
                timings: StepTimings::default(),
                schema: None,
            });
        }
    }

    async fn revision(
        &mut self,
        revision: &Revision,
        before: &Document,
    ) -> Result<(RevisionOutcome, After), WalkError> {
        let id = revision.id();
        let roles_before = self.roles.clone();
        let globals_before = self.globals.clone();
        let mut outcome = RevisionOutcome {
            id: id.clone(),
            version: revision.version,
            status: RevisionStatus::Passed,
            findings: Vec::new(),
            warnings: Vec::new(),
            snapshot: None,
            timings: StepTimings::default(),
            schema: None,
        };

        let db = self.database()?.clone();
        let mut rows_before = self.data.capture(&db).await?;

        // 1. Upgrade.
        self.announce(revision, WalkStep::Upgrade);
        let (up, t) = self.upgrade(revision, Some(&mut rows_before)).await?;
        outcome.timings.up = t;
        if let Err(failure) = up {
            outcome.status = RevisionStatus::Failed;
            outcome.findings.push(Finding::new(
                &id,
                Problem::StepError {
                    direction: Direction::Up,
                    step: failed_step(&revision.up, failure),
                },
            ));
            let reason = NotRunReason::UpgradeFailed { revision: id };
            return Ok((outcome, After::Stop(reason)));
        }
        self.announce(revision, WalkStep::Inspect);
        let (upgraded, t) = self
            .inspect(InspectionPoint::AfterUpgrade(id.clone()))
            .await?;
        outcome.timings.inspect += t;
        outcome.schema = Some(upgraded.clone());
        self.verify(revision, false, &mut outcome).await?;
        let mut found = Found::default();
        self.data.take_pending(&mut found);
        let destroyed = match (&rows_before, &revision.down) {
            (Some(before), Some(_)) => self.data.destroyed(&db, before).await?,
            _ => Vec::new(),
        };
        let rows_upgraded = self.data.capture(&db).await?;

        // 2. Downgrade, unless there is none.
        let Some(down) = &revision.down else {
            // Declared irreversible in the file, or allowed on the
            // command line; else a finding.
            let missing = revision
                .missing_down
                .as_ref()
                .filter(|_| !self.irreversible_allowed(revision));
            outcome.status = RevisionStatus::Irreversible {
                allowed: missing.is_none(),
            };
            if let Some(missing) = missing {
                outcome.findings.push(Finding::new(
                    &id,
                    Problem::Irreversible {
                        missing: missing.clone(),
                    },
                ));
            }
            return Ok((outcome, After::Continue(upgraded)));
        };
        self.announce(revision, WalkStep::Downgrade);
        let (result, t) = self.step(down).await?;
        outcome.timings.down = t;
        if let Err(failure) = result {
            outcome.status = RevisionStatus::Failed;
            outcome.findings.push(Finding::new(
                &id,
                Problem::StepError {
                    direction: Direction::Down,
                    step: failed_step(down, failure),
                },
            ));
            merge(&mut outcome, found);
            return Ok((outcome, After::Rebuild(upgraded)));
        }
        self.announce(revision, WalkStep::Inspect);
        let (downgraded, t) = self
            .inspect(InspectionPoint::AfterDowngrade(id.clone()))
            .await?;
        outcome.timings.inspect += t;
        self.roles_left_behind(&id, down, &roles_before, &mut outcome);
        let strict_globals = self.options.strict_globals || self.options.strict_roles;
        globals::left_behind(
            &id,
            down,
            &globals_before,
            &self.globals,
            strict_globals,
            &mut outcome,
        );
        let changes = diff_with(before, &downgraded, &self.options.diff());
        // After a downgrade mismatch the second upgrade still runs, on the
        // state the downgrade left, so that one run shows every defect of
        // the revision (a re-upgrade that then fails, or gives another
        // schema); the database is rebuilt afterwards either way.
        let mismatched = !changes.is_empty();
        let suggestion = mismatched
            .then(|| {
                self.rendered
                    .for_downgrade(before, &downgraded, &changes, down)
            })
            .flatten();
        let left = changes.clone();
        if mismatched {
            outcome.status = RevisionStatus::Failed;
            outcome.findings.push(
                Finding::new(
                    &id,
                    Problem::DowngradeMismatch(
                        Mismatch::new(down.script.path.clone(), before, &downgraded, changes)
                            .at_line(down.script.section_line()),
                    ),
                )
                .suggesting(suggestion.clone()),
            );
        }

        if let (Some(before), false) = (&rows_before, mismatched) {
            let stage = crate::data::Stage::AfterDowngrade;
            self.data
                .compare(&db, revision, before, stage, &destroyed, &mut found)
                .await?;
        }

        // 3. Upgrade again.
        self.announce(revision, WalkStep::Reupgrade);
        let (result, t) = self.step(&revision.up).await?;
        outcome.timings.reup = t;
        if let Err(failure) = result {
            outcome.status = RevisionStatus::Failed;
            let leftover = for_reupgrade(suggestion.as_ref(), &left, &failure.message);
            outcome.findings.push(
                Finding::new(
                    &id,
                    Problem::ReupgradeError(failed_step(&revision.up, failure)),
                )
                .suggesting(leftover),
            );
            merge(&mut outcome, found);
            return Ok((outcome, After::Rebuild(upgraded)));
        }
        self.announce(revision, WalkStep::Inspect);
        let (reupgraded, t) = self
            .inspect(InspectionPoint::AfterSecondUpgrade(id.clone()))
            .await?;
        outcome.timings.inspect += t;
        self.verify(revision, true, &mut outcome).await?;
        let changes = diff_with(&upgraded, &reupgraded, &self.options.diff());
        if !changes.is_empty() {
            outcome.status = RevisionStatus::Failed;
            outcome.findings.push(Finding::new(
                &id,
                Problem::ReupgradeMismatch(
                    Mismatch::new(
                        revision.up.script.path.clone(),
                        &upgraded,
                        &reupgraded,
                        changes,
                    )
                    .at_line(revision.up.script.section_line()),
                ),
            ));
            merge(&mut outcome, found);
            return Ok((outcome, After::Rebuild(upgraded)));
        }
        if let Some(upgraded_rows) = &rows_upgraded {
            let stage = crate::data::Stage::AfterSecondUpgrade;
            self.data
                .compare(&db, revision, upgraded_rows, stage, &[], &mut found)
                .await?;
        }
        merge(&mut outcome, found);
        if !outcome.findings.is_empty() {
            outcome.status = RevisionStatus::Failed;
        }
        if mismatched {
            return Ok((outcome, After::Rebuild(upgraded)));
        }
        Ok((outcome, After::Continue(upgraded)))
    }

    /// The first upgrade of `revision`. When it fails on rows `--data auto`
    /// generated, they are removed (a warning) and it runs again, after
    /// capturing `rows` again if given: generated rows never fail a
    /// history.
    async fn upgrade(
        &mut self,
        revision: &Revision,
        rows: Option<&mut Option<crate::data::Capture>>,
    ) -> Result<(Result<(), StepFailure>, Duration), WalkError> {
        let (result, took) = self.step(&revision.up).await?;
        let Err(failure) = &result else {
            return Ok((result, took));
        };
        if !self.data.has_generated() {
            return Ok((result, took));
        }
        let db = self.database()?.clone();
        let warning = self
            .data
            .remove_generated(&db, revision, &failure.message)
            .await?;
        if let Some(rows) = rows {
            *rows = self.data.capture(&db).await?;
        }
        let (again, more) = self.step(&revision.up).await?;
        if again.is_ok() {
            self.data.defer(warning);
        }
        Ok((again, took + more))
    }

    /// Tells the step callback, if any, that `step` of `revision` starts.
    fn announce(&self, revision: &Revision, step: WalkStep) {
        let major = self.server.major();
        self.options
            .announce(self.history, major, self.selection, revision, step);
    }

    /// Runs the revision's verify script (sqitch's `verify/`), as sqitch
    /// does after each deploy; a failure is a finding. The script runs
    /// statement by statement, as psql runs it (it usually holds its own
    /// `BEGIN` and `ROLLBACK`).
    async fn verify(
        &self,
        revision: &Revision,
        second: bool,
        outcome: &mut RevisionOutcome,
    ) -> Result<(), WalkError> {
        let Some(script) = &revision.verify else {
            return Ok(());
        };
        let step = Step {
            script: script.clone(),
            transaction: crate::source::TxMode::NoTransaction,
            runner: crate::source::Runner::Sql,
        };
        if let (Err(failure), _) = self.step(&step).await? {
            outcome.status = RevisionStatus::Failed;
            outcome.findings.push(Finding::new(
                &revision.id(),
                Problem::VerifyError {
                    second,
                    step: failed_step(&step, failure),
                },
            ));
        }
        Ok(())
    }

    fn irreversible_allowed(&self, revision: &Revision) -> bool {
        self.options
            .allow_irreversible
            .iter()
            .any(|a| revision.is_named(a))
    }

    /// Runs one step: an SQL step on the walk's step session (a new one
    /// whenever the kept one could show the step anything a new session
    /// would not, see [`StepSession`]), another tool's through its driver.
    async fn step(&self, step: &Step) -> Result<(Result<(), StepFailure>, Duration), WalkError> {
        let db = self.database()?;
        let started = Instant::now();
        if step.runner != Runner::Sql {
            let result = self
                .driven
                .run(step, &db.url(), self.options.step_timeout)
                .await;
            return Ok((result, started.elapsed()));
        }
        let limits = StepLimits {
            statement: self.options.step_timeout,
            lock: self.options.lock_timeout,
        };
        let result = self.steps.run(db, step, &limits).await?;
        if let Err(failure) = &result
            && failure.kind == FailureKind::Connection
            && let Some(gone) = self.server.gone(&failure.message).await
        {
            // Not a finding of this revision: the server died under it.
            return Err(WalkError::Db(gone));
        }
        Ok((result, started.elapsed()))
    }

    /// A warning (a finding with `--strict-roles`) for every role present
    /// after the downgrade that was absent before the upgrade.
    fn roles_left_behind(
        &self,
        id: &str,
        down: &Step,
        before: &BTreeSet<String>,
        outcome: &mut RevisionOutcome,
    ) {
        for role in self.roles.difference(before) {
            let finding = Finding::new(
                id,
                Problem::RoleLeftBehind {
                    role: role.clone(),
                    down: down.script.path.clone(),
                    strict: self.options.strict_roles,
                },
            );
            if self.options.strict_roles {
                outcome.status = RevisionStatus::Failed;
                outcome.findings.push(finding);
            } else {
                outcome.warnings.push(finding);
            }
        }
    }

    /// Inspects and renders the current schema, and records the cluster's
    /// roles.
    async fn inspect(&mut self, when: InspectionPoint) -> Result<(Document, Duration), WalkError> {
        let started = Instant::now();
        // The session kept from the previous inspection, unless a step
        // ended it (`pg_terminate_backend` of every other session): then a
        // new one, so that the walk goes on.
        let kept = match self.inspector.take() {
            Some(mut conn) => match sqlx::Connection::ping(&mut conn).await {
                Ok(()) => Some(conn),
                Err(_) => None,
            },
            None => None,
        };
        let mut conn = match kept {
            Some(conn) => conn,
            None => self.database()?.connect().await?,
        };
        let failed = |source| WalkError::Inspect {
            when: when.clone(),
            source: Box::new(source),
        };
        let schema = if self.full {
            inspect(&mut conn, &self.options.inspect).await
        } else {
            self.incremental.inspect(&mut conn).await
        }
        .map_err(failed)?;
        if self.verify && !self.full {
            let full = inspect(&mut conn, &self.options.inspect)
                .await
                .map_err(failed)?;
            if full != schema {
                let changes = diff(&document(&full), &document(&schema));
                return Err(failed(InspectError::IncrementalMismatch {
                    changes: format!("{changes:?}"),
                }));
            }
            // Exact either way, but the suites must see the per-relation
            // assembly taken, not its fallback.
            if self.incremental.stats().whole {
                return Err(failed(InspectError::IncrementalMismatch {
                    changes: "the rows did not assemble per relation; the whole schema was \
                              assembled instead"
                        .into(),
                }));
            }
        }
        // The incremental inspection read them in its statement.
        let cluster = match self.incremental.cluster_objects().filter(|_| !self.full) {
            Some(cluster) => cluster.clone(),
            None => cluster_objects(&mut conn).await.map_err(failed)?,
        };
        let roles = cluster.roles.clone();
        let globals = Globals::from(&cluster);
        self.inspector = Some(conn);
        self.roles = roles;
        self.globals = globals;
        let schema = if self.options.ignore_column_order {
            schema.without_column_order()
        } else {
            schema
        };
        let rendered = self.rendered.render(schema);
        Ok((rendered, started.elapsed()))
    }

    fn database(&self) -> Result<&Database, WalkError> {
        self.db.as_ref().ok_or(WalkError::Db(DbError::Process {
            action: "walk".into(),
            message: "no scratch database (internal error)".into(),
        }))
    }

    async fn fresh_database(&mut self) -> Result<(), WalkError> {
        self.drop_database().await?;
        self.data.reset();
        self.databases += 1;
        let suffix = format!("{}_{}_{}", std::process::id(), unique(), self.databases);
        let db = self.server.create_database(&suffix).await?;
        // What the layout's tool creates before its first migration.
        if let Some(setup) = self.history.format.bookkeeping_setup() {
            use sqlx::Executor;
            let mut conn = db.connect().await?;
            let created = conn.execute(setup).await;
            close(conn).await;
            self.db = Some(db);
            created.map_err(|e| {
                WalkError::Db(DbError::Process {
                    action: format!("create the {} bookkeeping table", self.history.format),
                    message: e.to_string(),
                })
            })?;
        } else {
            self.db = Some(db);
        }
        Ok(())
    }

    /// Drops the scratch database and the checkpoint, whatever happened.
    async fn drop_databases(&mut self) -> Result<(), WalkError> {
        let dropped = self.drop_database().await;
        let checkpoint = match self.checkpoint.take() {
            Some(db) => self
                .server
                .drop_database(&db)
                .await
                .map_err(WalkError::from),
            None => Ok(()),
        };
        dropped.and(checkpoint)
    }

    async fn drop_database(&mut self) -> Result<(), WalkError> {
        // What was read of this database says nothing about the next one:
        // a checkpoint copy is older than what the cache saw, and objects
        // changed since are not newer than its horizon.
        self.incremental.reset();
        if let Some(conn) = self.inspector.take() {
            close(conn).await;
        }
        self.steps.close().await;
        if let Some(db) = self.db.take() {
            self.server.drop_database(&db).await?;
        }
        Ok(())
    }

    /// After revision `at` (not the last, `last`), a copy of the scratch
    /// database when [`Policy::due`]. A copy that fails turns checkpoints
    /// off for the rest of the walk: they only save time.
    async fn checkpoint_if_due(&mut self, at: usize, last: usize) -> Result<(), WalkError> {
        if at >= last || !self.policy.due() {
            return Ok(());
        }
        // Subscriptions live in a shared catalog: a copy of the database
        // would not have them, and a rebuild from it would show them as
        // missing. A database with one is never copied.
        if self.has_subscriptions().await? {
            self.policy.disabled = true;
            return Ok(());
        }
        // The template of a copy must have no session.
        if let Some(conn) = self.inspector.take() {
            close(conn).await;
        }
        self.steps.close().await;
        let started = Instant::now();
        self.databases += 1;
        let suffix = format!("{}_{}_{}", std::process::id(), unique(), self.databases);
        let copy = self
            .server
            .create_database_from(self.database()?, &suffix)
            .await;
        let Ok(copy) = copy else {
            self.policy.disabled = true;
            return Ok(());
        };
        self.policy.taken(at, started.elapsed());
        if let Some(old) = self.checkpoint.replace(copy) {
            self.server.drop_database(&old).await?;
        }
        Ok(())
    }

    /// Whether the scratch database has a subscription (`pg_subscription`
    /// is shared by the cluster's databases; a template copy has none).
    async fn has_subscriptions(&mut self) -> Result<bool, WalkError> {
        let mut conn = self.database()?.connect().await?;
        let found = sqlx::query_scalar::<_, bool>(
            "SELECT EXISTS (SELECT FROM pg_catalog.pg_subscription s \
             JOIN pg_catalog.pg_database d ON d.oid = s.subdbid \
             WHERE d.datname = current_database())",
        )
        .fetch_one(&mut conn)
        .await;
        close(conn).await;
        // Unknown counts as yes: a checkpoint only saves time.
        Ok(found.unwrap_or(true))
    }

    /// A database at revision `target`'s first upgrade: a copy of the
    /// checkpoint with the upgrades after it, or a fresh database with
    /// every upgrade up to `target`. `Ok(Some(schema))` when that does not
    /// reproduce `expected` (the history is not deterministic): the schema
    /// it gave instead; `Err(reason)` when an upgrade fails.
    async fn rebuild(
        &mut self,
        target: usize,
        expected: &Document,
    ) -> Result<Result<Option<Document>, NotRunReason>, WalkError> {
        let revisions = &self.history.revisions[..=target];
        if let Some(last) = revisions.last() {
            self.announce(last, WalkStep::Rebuild);
        }
        let from = match (&self.checkpoint, self.policy.at) {
            (Some(checkpoint), Some(at)) if at <= target => {
                let checkpoint = checkpoint.clone();
                self.drop_database().await?;
                self.databases += 1;
                let suffix = format!("{}_{}_{}", std::process::id(), unique(), self.databases);
                let copy = self
                    .server
                    .create_database_from(&checkpoint, &suffix)
                    .await?;
                self.data.resume(&copy).await?;
                self.db = Some(copy);
                at + 1
            }
            _ => {
                self.fresh_database().await?;
                0
            }
        };
        for revision in &revisions[from..] {
            if let (Err(failure), _) = self.upgrade(revision, None).await? {
                return Ok(Err(NotRunReason::RebuildFailed {
                    target: revisions.last().map(Revision::id).unwrap_or_default(),
                    failed_at: revision.id(),
                    message: failure.message,
                }));
            }
            let db = self.database()?.clone();
            self.data
                .seed(&db, revision, Seeding::Quiet, &mut Found::default())
                .await?;
        }
        // A rebuild replays what the first pass reported already.
        self.data.take_pending(&mut Found::default());
        let (doc, _) = self.inspect(InspectionPoint::AfterRebuild).await?;
        Ok(Ok((&doc != expected).then_some(doc)))
    }
}

/// `PG_ROUNDTRIP_INCREMENTAL=0`: inspect the whole schema after every
/// step, as before incremental inspection (a way around a bug in it).
pub const INCREMENTAL: &str = "PG_ROUNDTRIP_INCREMENTAL";

/// `PG_ROUNDTRIP_VERIFY_INCREMENTAL=1`: after every incremental
/// inspection, also inspect in full and fail the walk on any difference
/// (the test suites' exactness check; it doubles the inspections' cost).
pub const VERIFY_INCREMENTAL: &str = "PG_ROUNDTRIP_VERIFY_INCREMENTAL";

/// An on/off environment setting: `0`, `false`, `off`, `no` or empty are
/// off; any other value on; unset is `default`.
fn env_flag(name: &str, default: bool) -> bool {
    match std::env::var(name) {
        Ok(v) => !matches!(v.trim(), "" | "0" | "false" | "off" | "no"),
        Err(_) => default,
    }
}

async fn close(conn: sqlx::PgConnection) {
    use sqlx::Connection;
    let _ = conn.close().await;
}

/// A per-process counter mixed with the time, so that concurrent walks on
/// one server never pick the same database name.
fn unique() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    format!("{nanos:x}{n}")
}

/// Adds a data step's findings and warnings to `outcome`.
fn merge(outcome: &mut RevisionOutcome, found: Found) {
    if !found.findings.is_empty() {
        outcome.status = RevisionStatus::Failed;
    }
    outcome.findings.extend(found.findings);
    outcome.warnings.extend(found.warnings);
}

/// A failed step as a finding shows it.
fn failed_step(step: &Step, failure: StepFailure) -> FailedStep {
    FailedStep {
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
    }
}

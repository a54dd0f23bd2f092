//! The round trip: for every revision, upgrade → inspect → downgrade →
//! inspect → upgrade again → inspect, each step on a fresh connection.
//!
//! [`walk`] takes a [`History`](crate::source::History) and a
//! [`Server`](crate::db::Server), creates its own scratch database, and
//! returns a [`WalkReport`]: one [`RevisionOutcome`] per revision, with
//! typed [`Finding`]s and the rendered schema after its first upgrade. The
//! walk only walks: it writes no file and no sentence. Comparing with
//! stored snapshots is a separate pass
//! ([`snapshot::check_walk`](crate::snapshot::check_walk)), and the words
//! of a report are [`report`](crate::report)'s. A failed revision leaves the database in a state
//! nobody can trust, so the walk then rebuilds a fresh database up to that
//! revision (first upgrades only) and goes on, so that one run reports
//! every broken revision. Only a failed first upgrade ends the walk: later
//! revisions build on it. The rebuild starts from a checkpoint, a copy of
//! the scratch database kept aside after a recent passing revision
//! (`checkpoint`), so it replays only the upgrades after that; the copy
//! is dropped with the scratch database, whatever happens.
//!
//! Inspections are incremental ([`Incremental`](crate::introspect::Incremental)):
//! each reads again only the relations a step changed, and what they
//! depend on. [`INCREMENTAL`]`=0` in the environment inspects in full
//! every time; [`VERIFY_INCREMENTAL`]`=1` does both and fails the walk on
//! any difference (the test suites' exactness check).
//!
//! [`walk_selected`] walks only the revisions a [`Selection`] names: the
//! others before them are fast-forwarded (first upgrades only, no
//! inspection), so that one revision costs little more than its own round
//! trip (`--since`, partitions, one test per revision).
//!
//! Roles are cluster-wide, so they are never part of the compared schema.
//! The walk reads the cluster's roles (without `pg_*` and the bootstrap
//! superuser) at every inspection; a role present after a downgrade that was
//! absent before the upgrade is a `role-left-behind` warning
//! ([`RevisionOutcome::warnings`]), or a failing finding with
//! [`WalkOptions::strict_roles`] (`--strict-roles`).
//!
//! Databases and tablespaces are watched the same way (`globals`):
//! `database-left-behind` and `tablespace-left-behind` warnings, failures
//! with [`WalkOptions::strict_globals`] (`--strict-globals`, which
//! `--strict-roles` implies for them too).
//!
//! Concurrent runs and role names: pg-roundtrip never creates, renames or
//! drops roles itself. The local (and container) backends give every run a
//! server of its own, so concurrent runs cannot collide. On a shared server
//! (`url` backend) roles are shared like they are in production: two
//! concurrent runs whose migrations create the same role collide exactly as
//! two deployments would (the second `CREATE ROLE` fails unless it is
//! idempotent), and a role created by another run between two inspections
//! can show up as a spurious warning. Run concurrent walks on separate
//! servers when migrations create roles.

mod checkpoint;
mod data_walk;
mod finding;
mod globals;
mod options;
mod outcome;
mod parallel;
mod run;
mod selection;
mod suggest;

pub use finding::{
    DataFinding, Direction, EditedFile, FailedStep, Finding, FindingKind, GlobalObject, Location,
    Mismatch, Problem, ServerError, SnapshotMismatch, Suggestion,
};
pub use options::{
    ForwardRun, InspectionPoint, Progress, ProgressEvent, StepEvent, StepProgress, WalkError,
    WalkOptions, WalkStep,
};
pub use outcome::{
    NotRunReason, RevisionOutcome, RevisionStatus, SnapshotStatus, StepTimings, WalkReport,
};
pub use parallel::{walk_jobs, walk_jobs_selected, walks_serially};
pub use run::{INCREMENTAL, VERIFY_INCREMENTAL, walk, walk_selected};
pub use selection::{BadPartition, Partition, Selection};

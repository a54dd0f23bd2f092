//! The round trip: for every revision, upgrade → inspect → downgrade →
//! inspect → upgrade again → inspect, each step on a fresh connection.
//!
//! [`walk`] takes a [`History`](crate::source::History) and a
//! [`Server`](crate::db::Server), creates its own scratch database, and
//! returns a [`WalkReport`]: one [`RevisionOutcome`] per revision, with
//! typed [`Finding`]s. A failed revision leaves the database in a state
//! nobody can trust, so the walk then rebuilds a fresh database up to that
//! revision (first upgrades only) and goes on, so that one run reports
//! every broken revision. Only a failed first upgrade ends the walk: later
//! revisions build on it.

mod outcome;
mod run;

pub use outcome::{Finding, FindingKind, RevisionOutcome, RevisionStatus, StepTimings, WalkReport};
pub use run::{WalkError, WalkOptions, walk};

//! Databases and tablespaces: like roles they live outside the database a
//! walk works in, so they are never part of the compared schema. Every
//! inspection also reads their names (without pg-roundtrip's own scratch
//! databases, the templates and the built-in tablespaces:
//! `introspect/sql/cluster.sql`, read with the roles); one present
//! after a downgrade that was absent before the upgrade is a
//! `database-left-behind` or `tablespace-left-behind` warning, or a
//! failure with `--strict-globals` (or `--strict-roles`).
//!
//! A tablespace needs a directory: the local and container backends start
//! their server with `allow_in_place_tablespaces`, so that `CREATE
//! TABLESPACE … LOCATION ''` puts it inside the server's own data
//! directory, which is removed with the run.

use super::finding::{Finding, GlobalObject, Problem};
use super::outcome::{RevisionOutcome, RevisionStatus};
use crate::introspect::ClusterObjects;
use crate::source::Step;
use std::collections::BTreeSet;

/// The databases and tablespaces of the cluster, by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Globals {
    pub databases: BTreeSet<String>,
    pub tablespaces: BTreeSet<String>,
}

impl From<&ClusterObjects> for Globals {
    /// The databases and tablespaces of what an inspection read of the
    /// cluster (`introspect::cluster_objects`, or the incremental
    /// inspection's own statement).
    fn from(cluster: &ClusterObjects) -> Globals {
        Globals {
            databases: cluster.databases.clone(),
            tablespaces: cluster.tablespaces.clone(),
        }
    }
}

/// A warning (a finding when `strict`) for every database and tablespace
/// in `after` (the downgrade's inspection) that is not in `before` (the
/// one before the upgrade).
pub(super) fn left_behind(
    id: &str,
    down: &Step,
    before: &Globals,
    after: &Globals,
    strict: bool,
    outcome: &mut RevisionOutcome,
) {
    let new = |object, now: &BTreeSet<String>, then: &BTreeSet<String>| {
        now.difference(then)
            .map(|name| {
                Finding::new(
                    id,
                    Problem::GlobalLeftBehind {
                        object,
                        name: name.clone(),
                        down: down.script.path.clone(),
                        strict,
                    },
                )
            })
            .collect::<Vec<_>>()
    };
    let mut found = new(GlobalObject::Database, &after.databases, &before.databases);
    found.extend(new(
        GlobalObject::Tablespace,
        &after.tablespaces,
        &before.tablespaces,
    ));
    if found.is_empty() {
        return;
    }
    if strict {
        outcome.status = RevisionStatus::Failed;
        outcome.findings.extend(found);
    } else {
        outcome.warnings.extend(found);
    }
}

//! Tables: the entry as a whole and its properties (columns are in
//! `column`, constraints, indexes, triggers, policies and rules in
//! `parts`).

use super::Phase;
use super::UnrestorableReason;
use super::alembic::{bare, py};
use super::column;
use super::kinds::EntryFix;
use super::parts;
use super::plan::{Plan, Target};
use super::shared::{Grants, annotate};
use super::sql::literal_or_null;
use crate::diff::{Change, ChangeKind};
use crate::model::object::{ModelObject, PartKind};
use crate::model::{Privileges, Table};

pub(super) struct TableFix;

impl EntryFix for TableFix {
    fn word(&self, _: ModelObject) -> &'static str {
        "TABLE"
    }

    fn as_dyn(&self) -> &dyn EntryFix {
        self
    }

    fn create(&self, target: &Target, object: ModelObject, plan: &mut Plan) {
        let ModelObject::Table(t) = object else {
            return;
        };
        let name = target.name();
        let p = &t.properties;
        let mut sql = format!(
            "CREATE {}TABLE {name}",
            if p.unlogged { "UNLOGGED " } else { "" }
        );
        match &p.partition_of {
            Some((parent, bound)) => sql.push_str(&format!(" PARTITION OF {parent} {bound}")),
            None => {
                let columns: Vec<String> = t
                    .columns
                    .iter()
                    .map(|c| format!("{} {}", c.name, column::definition(c)))
                    .collect();
                sql.push_str(&format!(" ({})", columns.join(", ")));
            }
        }
        if let Some(key) = &p.partition_key {
            sql.push_str(&format!(" PARTITION BY {key}"));
        }
        if !p.inherits.is_empty() {
            sql.push_str(&format!(" INHERITS ({})", p.inherits.join(", ")));
        }
        if let Some(am) = &p.access_method {
            sql.push_str(&format!(" USING {am}"));
        }
        if !p.options.is_empty() {
            sql.push_str(&format!(" WITH ({})", p.options.join(", ")));
        }
        if let Some(ts) = &p.tablespace {
            sql.push_str(&format!(" TABLESPACE {ts}"));
        }
        sql.push(';');
        plan.push(Phase::CreateTable, &target.path, sql);
        let alter = |what: &str| format!("ALTER TABLE {name} {what};");
        for c in &t.columns {
            column::after_create(target, c, plan);
        }
        if p.row_security {
            plan.push(
                Phase::AlterTable,
                &target.path,
                alter("ENABLE ROW LEVEL SECURITY"),
            );
        }
        if p.force_row_security {
            plan.push(
                Phase::AlterTable,
                &target.path,
                alter("FORCE ROW LEVEL SECURITY"),
            );
        }
        if let Some(r) = &p.replica_identity {
            plan.push(
                Phase::CreateKey,
                &target.path,
                alter(&format!("REPLICA IDENTITY {r}")),
            );
        }
        parts::create_all(
            target,
            &t.constraints,
            &t.indexes,
            &t.triggers,
            &t.rules,
            plan,
        );
        for (pname, policy) in &t.policies {
            parts::create_policy(target, pname, policy, plan);
        }
        annotate(target, self, object, plan);
    }

    fn drop(&self, target: &Target, _: ModelObject, plan: &mut Plan) {
        let (schema, table) = (&target.key.schema, &target.key.name);
        plan.push_op(
            Phase::DropTable,
            &target.path,
            format!("DROP TABLE {};", target.name()),
            format!(
                "op.drop_table({}, schema={})",
                py(&bare(table)),
                py(&bare(schema))
            ),
        );
    }

    fn alter(
        &self,
        target: &Target,
        change: &Change,
        expected: ModelObject,
        actual: ModelObject,
        plan: &mut Plan,
    ) {
        let (ModelObject::Table(e), ModelObject::Table(a)) = (expected, actual) else {
            return plan.no_rule(change);
        };
        let Some(part) = change.object.part_key() else {
            if let ChangeKind::Reordered { expected, actual } = &change.kind {
                return plan.unrestorable(
                    &change.object.path,
                    UnrestorableReason::ColumnOrder {
                        expected: expected.clone(),
                        actual: actual.clone(),
                    },
                );
            }
            return plan.no_rule(change);
        };
        match part.kind {
            PartKind::Column => column::alter(target, change, e, a, plan),
            PartKind::Constraint
            | PartKind::Index
            | PartKind::Trigger
            | PartKind::Rule
            | PartKind::Policy => parts::alter(target, change, plan),
            _ => properties(target, change, e, a, plan),
        }
    }
}

/// A table property: persistence, partitioning, inheritance, storage
/// parameters, row level security, replica identity, tablespace, access
/// method.
fn properties(target: &Target, change: &Change, e: &Table, a: &Table, plan: &mut Plan) {
    let name = target.name();
    let path = &change.object.path;
    let alter = |what: String| format!("ALTER TABLE {name} {what};");
    let (ep, ap) = (&e.properties, &a.properties);
    let Some(part) = change.object.part_key() else {
        return plan.no_rule(change);
    };
    match part.kind {
        PartKind::Unlogged => {
            let to = if ep.unlogged { "UNLOGGED" } else { "LOGGED" };
            plan.push(Phase::AlterTable, path, alter(format!("SET {to}")));
        }
        PartKind::PartitionOf => {
            if let Some((parent, _)) = &ap.partition_of {
                let sql = format!("ALTER TABLE {parent} DETACH PARTITION {name};");
                plan.push(Phase::DropPart, path, sql);
            }
            if let Some((parent, bound)) = &ep.partition_of {
                let sql = format!("ALTER TABLE {parent} ATTACH PARTITION {name} {bound};");
                plan.push(Phase::AlterTable, path, sql);
            }
        }
        PartKind::Inherits => {
            for p in ap.inherits.iter().filter(|p| !ep.inherits.contains(p)) {
                plan.push(Phase::DropPart, path, alter(format!("NO INHERIT {p}")));
            }
            for p in ep.inherits.iter().filter(|p| !ap.inherits.contains(p)) {
                plan.push(Phase::AlterTable, path, alter(format!("INHERIT {p}")));
            }
        }
        PartKind::StorageParameter => {
            plan.push(
                Phase::AlterTable,
                path,
                alter(storage_parameter(&part.name, &ep.options)),
            );
        }
        PartKind::RowLevelSecurity => {
            let to = if ep.row_security { "ENABLE" } else { "DISABLE" };
            plan.push(
                Phase::AlterTable,
                path,
                alter(format!("{to} ROW LEVEL SECURITY")),
            );
        }
        PartKind::RowLevelSecurityForced => {
            let to = if ep.force_row_security {
                "FORCE"
            } else {
                "NO FORCE"
            };
            plan.push(
                Phase::AlterTable,
                path,
                alter(format!("{to} ROW LEVEL SECURITY")),
            );
        }
        PartKind::ReplicaIdentity => {
            let to = ep.replica_identity.as_deref().unwrap_or("DEFAULT");
            plan.push(
                Phase::CreateKey,
                path,
                alter(format!("REPLICA IDENTITY {to}")),
            );
        }
        PartKind::Tablespace => {
            let to = ep.tablespace.as_deref().unwrap_or("pg_default");
            plan.push(
                Phase::AlterTable,
                path,
                alter(format!("SET TABLESPACE {to}")),
            );
        }
        PartKind::AccessMethod => {
            let to = ep.access_method.as_deref().unwrap_or("heap");
            plan.push(
                Phase::AlterTable,
                path,
                alter(format!("SET ACCESS METHOD {to}")),
            );
        }
        _ => plan.no_rule(change),
    }
}

/// `SET (fillfactor=70)` when `options` has the parameter, else
/// `RESET (fillfactor)`. Tables, views and materialized views share it.
pub(super) fn storage_parameter(key: &str, options: &[String]) -> String {
    match options
        .iter()
        .find(|o| o.split_once('=').map_or(o.as_str(), |(k, _)| k) == key)
    {
        Some(o) => format!("SET ({o})"),
        None => format!("RESET ({key})"),
    }
}

/// The grants and the comment of one column, as the model holds them.
pub(super) fn column_annotations(
    target: &Target,
    column: &str,
    comment: Option<&String>,
    privileges: &Privileges,
    plan: &mut Plan,
) {
    let path = format!("column {}.{column}", target.key.display_name());
    if comment.is_some() {
        let sql = format!(
            "COMMENT ON COLUMN {}.{column} IS {};",
            target.name(),
            literal_or_null(comment)
        );
        plan.push(Phase::Annotate, &path, sql);
    }
    let on = format!("TABLE {}", target.name());
    let grants = Grants {
        prefix: "",
        on: &on,
        column: Some(column),
    };
    grants.restore(plan, &path, privileges, &Privileges::default(), None);
}

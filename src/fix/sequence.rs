//! Sequences.

use super::Phase;
use super::kinds::EntryFix;
use super::plan::{Plan, Target};
use super::shared::annotate;
use crate::diff::Change;
use crate::model::Sequence;
use crate::model::object::{ModelObject, PartKind};

pub(super) struct SequenceFix;

/// `AS bigint INCREMENT BY 1 MINVALUE 1 MAXVALUE … START WITH 1 CACHE 1 NO CYCLE`.
fn parameters(s: &Sequence) -> String {
    format!(
        "AS {} INCREMENT BY {} MINVALUE {} MAXVALUE {} START WITH {} CACHE {} {}",
        s.data_type,
        s.increment,
        s.min,
        s.max,
        s.start,
        s.cache,
        if s.cycle { "CYCLE" } else { "NO CYCLE" }
    )
}

/// True when the sequence belongs to an identity column of the schema,
/// which creates and drops it.
fn is_identity(target: &Target, s: &Sequence, expected: bool) -> bool {
    let schema = if expected {
        target.expected
    } else {
        target.actual
    };
    let Some((table, column)) = s.owned_by.as_deref().and_then(|o| o.rsplit_once('.')) else {
        return false;
    };
    schema.tables.iter().any(|(name, t)| {
        name.to_string() == table
            && t.columns
                .iter()
                .any(|c| c.name == column && c.identity.is_some())
    })
}

impl EntryFix for SequenceFix {
    fn word(&self, _: ModelObject) -> &'static str {
        "SEQUENCE"
    }

    fn as_dyn(&self) -> &dyn EntryFix {
        self
    }

    fn create(&self, target: &Target, object: ModelObject, plan: &mut Plan) {
        let ModelObject::Sequence(s) = object else {
            return;
        };
        let name = target.name();
        if is_identity(target, s, true) {
            // The identity column creates it; give it its parameters.
            let sql = format!("ALTER SEQUENCE {name} {};", parameters(s));
            plan.push(Phase::AlterTable, &target.path, sql);
        } else {
            let unlogged = if s.unlogged { "UNLOGGED " } else { "" };
            let sql = format!("CREATE {unlogged}SEQUENCE {name} {};", parameters(s));
            plan.push(Phase::CreateBase, &target.path, sql);
            if let Some(o) = &s.owned_by {
                let sql = format!("ALTER SEQUENCE {name} OWNED BY {o};");
                plan.push(Phase::AlterTable, &target.path, sql);
            }
        }
        annotate(target, self, object, plan);
    }

    fn drop(&self, target: &Target, object: ModelObject, plan: &mut Plan) {
        let ModelObject::Sequence(s) = object else {
            return;
        };
        // A sequence owned by a column goes with it when that is dropped.
        let sql = match s.owned_by {
            Some(_) => format!("DROP SEQUENCE IF EXISTS {};", target.name()),
            None => format!("DROP SEQUENCE {};", target.name()),
        };
        plan.push(Phase::DropBase, &target.path, sql);
    }

    fn alter(
        &self,
        target: &Target,
        change: &Change,
        expected: ModelObject,
        actual: ModelObject,
        plan: &mut Plan,
    ) {
        let (ModelObject::Sequence(e), ModelObject::Sequence(a)) = (expected, actual) else {
            return plan.no_rule(change);
        };
        let name = target.name();
        let path = &change.object.path;
        match change.object.part_key().map(|p| p.kind) {
            Some(PartKind::SequenceParameters) => {
                let sql = format!("ALTER SEQUENCE {name} {};", parameters(e));
                plan.push(Phase::AlterTable, path, sql);
            }
            Some(PartKind::OwnedBy) => {
                let to = e.owned_by.as_deref().unwrap_or("NONE");
                let sql = format!("ALTER SEQUENCE {name} OWNED BY {to};");
                plan.push(Phase::AlterTable, path, sql);
            }
            Some(PartKind::Unlogged) if e.unlogged != a.unlogged => {
                let to = if e.unlogged { "UNLOGGED" } else { "LOGGED" };
                plan.push(
                    Phase::AlterTable,
                    path,
                    format!("ALTER SEQUENCE {name} SET {to};"),
                );
            }
            _ => plan.no_rule(change),
        }
    }
}

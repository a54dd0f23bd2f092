//! Event triggers (database-wide).

use crate::introspect::error::InspectError;
use crate::introspect::kind::{Kind, KindQuery};
use crate::model::{EventTrigger, Schema};
use serde::Deserialize;

pub(super) static KIND: Kind = Kind::of::<EventTriggers>();

struct EventTriggers;

/// `event_triggers.sql`.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct EventTriggerRow {
    pub name: String,
    pub event: String,
    pub tags: Vec<String>,
    pub function: String,
    pub enabled: String,
    pub owner: Option<String>,
    pub comment: Option<String>,
}

impl KindQuery for EventTriggers {
    const FILE: &'static str = "event_triggers.sql";
    const SQL: &'static str = include_str!("event_triggers.sql");
    const NEEDS: &'static [&'static Kind] = &[];
    type Row = EventTriggerRow;

    fn assemble(rows: Vec<EventTriggerRow>, schema: &mut Schema) -> Result<(), InspectError> {
        for row in rows {
            schema.event_triggers.insert(
                row.name,
                EventTrigger {
                    event: row.event,
                    tags: row.tags,
                    function: row.function,
                    enabled: row.enabled,
                    owner: row.owner,
                    comment: row.comment,
                },
            );
        }
        Ok(())
    }
}

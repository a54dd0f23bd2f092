//! Subscriptions of the inspected database.

use crate::introspect::error::InspectError;
use crate::introspect::kind::{Kind, KindQuery};
use crate::model::{Schema, Subscription};
use serde::Deserialize;
use std::collections::BTreeMap;

pub(super) static KIND: Kind = Kind::of::<Subscriptions>();

struct Subscriptions;

/// `subscriptions.sql`.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct SubscriptionRow {
    pub name: String,
    /// Secrets already replaced by the server.
    pub connection: String,
    pub connection_hash: String,
    pub publications: Vec<String>,
    pub enabled: bool,
    pub slot_name: Option<String>,
    pub parameters: BTreeMap<String, String>,
    pub owner: Option<String>,
    pub comment: Option<String>,
}

impl KindQuery for Subscriptions {
    const FILE: &'static str = "subscriptions.sql";
    const SQL: &'static str = include_str!("subscriptions.sql");
    const NEEDS: &'static [&'static Kind] = &[];
    type Row = SubscriptionRow;

    fn assemble(rows: Vec<SubscriptionRow>, schema: &mut Schema) -> Result<(), InspectError> {
        for row in rows {
            schema.subscriptions.insert(
                row.name,
                Subscription {
                    connection: row.connection,
                    connection_hash: row.connection_hash,
                    publications: row.publications,
                    enabled: row.enabled,
                    slot_name: row.slot_name,
                    parameters: row.parameters,
                    owner: row.owner,
                    comment: row.comment,
                },
            );
        }
        Ok(())
    }
}

//! Foreign servers with their user mappings (database-wide).

use super::options::{OptionRow, options};
use crate::introspect::error::InspectError;
use crate::introspect::kind::{Kind, KindQuery};
use crate::model::{ForeignServer, Privileges, Schema};
use serde::Deserialize;
use std::collections::BTreeMap;

pub(super) static KIND: Kind = Kind::of::<ForeignServers>();

pub(super) struct ForeignServers;

/// `foreign_servers.sql`.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct ForeignServerRow {
    pub name: String,
    pub wrapper: String,
    pub server_type: Option<String>,
    pub version: Option<String>,
    pub options: BTreeMap<String, OptionRow>,
    /// User → that mapping's options.
    pub user_mappings: BTreeMap<String, BTreeMap<String, OptionRow>>,
    pub owner: Option<String>,
    pub comment: Option<String>,
}

impl KindQuery for ForeignServers {
    const FILE: &'static str = "foreign_servers.sql";
    const SQL: &'static str = include_str!("foreign_servers.sql");
    const NEEDS: &'static [&'static Kind] = &[];
    type Row = ForeignServerRow;

    fn assemble(rows: Vec<ForeignServerRow>, schema: &mut Schema) -> Result<(), InspectError> {
        for row in rows {
            schema.foreign_servers.insert(
                row.name,
                ForeignServer {
                    wrapper: row.wrapper,
                    server_type: row.server_type,
                    version: row.version,
                    options: options(row.options),
                    user_mappings: row
                        .user_mappings
                        .into_iter()
                        .map(|(user, o)| (user, options(o)))
                        .collect(),
                    owner: row.owner,
                    privileges: Privileges::default(),
                    comment: row.comment,
                },
            );
        }
        Ok(())
    }
}

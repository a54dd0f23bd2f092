//! `ALTER DEFAULT PRIVILEGES` entries, as the difference from the built-in
//! defaults.

use crate::introspect::error::InspectError;
use crate::introspect::kind::{Kind, KindQuery, grant_action};
use crate::model::{DefaultPrivilegesKey, Schema};
use serde::Deserialize;

pub(super) static KIND: Kind = Kind::of::<DefaultPrivileges>();

struct DefaultPrivileges;

/// `default_privileges.sql`: one privilege of one entry.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct DefaultPrivilegeRow {
    pub role: String,
    pub schema: Option<String>,
    pub object_type: String,
    pub action: String,
    pub grantee: String,
    pub privilege: String,
}

impl KindQuery for DefaultPrivileges {
    const FILE: &'static str = "default_privileges.sql";
    const SQL: &'static str = include_str!("default_privileges.sql");
    const NEEDS: &'static [&'static Kind] = &[];
    type Row = DefaultPrivilegeRow;

    fn assemble(rows: Vec<DefaultPrivilegeRow>, schema: &mut Schema) -> Result<(), InspectError> {
        for row in rows {
            let grant = grant_action(&row.action, Self::FILE, &row.object_type)?;
            let key = DefaultPrivilegesKey {
                role: row.role,
                schema: row.schema,
                object_type: row.object_type,
            };
            schema
                .default_privileges
                .entry(key)
                .or_default()
                .add(grant, row.grantee, row.privilege);
        }
        Ok(())
    }
}

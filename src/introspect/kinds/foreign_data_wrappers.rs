//! Foreign data wrappers (database-wide).

use super::options::{OptionRow, options};
use crate::introspect::error::InspectError;
use crate::introspect::kind::{Kind, KindQuery};
use crate::model::{ForeignDataWrapper, Privileges, Schema};
use serde::Deserialize;
use std::collections::BTreeMap;

pub(super) static KIND: Kind = Kind::of::<ForeignDataWrappers>();

pub(super) struct ForeignDataWrappers;

/// `foreign_data_wrappers.sql`.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct ForeignDataWrapperRow {
    pub name: String,
    pub handler: Option<String>,
    pub validator: Option<String>,
    pub options: BTreeMap<String, OptionRow>,
    pub owner: Option<String>,
    pub comment: Option<String>,
}

impl KindQuery for ForeignDataWrappers {
    const FILE: &'static str = "foreign_data_wrappers.sql";
    const SQL: &'static str = include_str!("foreign_data_wrappers.sql");
    const NEEDS: &'static [&'static Kind] = &[];
    type Row = ForeignDataWrapperRow;

    fn assemble(rows: Vec<ForeignDataWrapperRow>, schema: &mut Schema) -> Result<(), InspectError> {
        for row in rows {
            schema.foreign_data_wrappers.insert(
                row.name,
                ForeignDataWrapper {
                    handler: row.handler,
                    validator: row.validator,
                    options: options(row.options),
                    owner: row.owner,
                    privileges: Privileges::default(),
                    comment: row.comment,
                },
            );
        }
        Ok(())
    }
}

//! Schemas (namespaces): owner and comment. Their privileges come with the
//! `privileges` kind.

use crate::introspect::error::InspectError;
use crate::introspect::kind::{Kind, KindQuery};
use crate::model::{Namespace, Privileges, Schema};
use serde::Deserialize;

pub(super) static KIND: Kind = Kind::of::<Namespaces>();

struct Namespaces;

/// `namespaces.sql`.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct NamespaceRow {
    pub name: String,
    pub owner: Option<String>,
    pub comment: Option<String>,
}

impl KindQuery for Namespaces {
    const FILE: &'static str = "namespaces.sql";
    const SQL: &'static str = include_str!("namespaces.sql");
    const NEEDS: &'static [&'static Kind] = &[];
    type Row = NamespaceRow;

    fn assemble(rows: Vec<NamespaceRow>, schema: &mut Schema) -> Result<(), InspectError> {
        for row in rows {
            schema.namespaces.insert(
                row.name,
                Namespace {
                    owner: row.owner,
                    privileges: Privileges::default(),
                    comment: row.comment,
                },
            );
        }
        Ok(())
    }
}

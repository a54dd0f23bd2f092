//! Effective privileges on schemas, relations, sequences, columns,
//! functions and types, hung on their objects. Rows for objects the model
//! leaves out (bookkeeping tables' sequences, implicit types) are dropped
//! with them.

use super::{columns, functions, namespaces, relations, sequences, types};
use super::{foreign_data_wrappers, foreign_servers, languages};
use crate::introspect::error::InspectError;
use crate::introspect::kind::{Kind, KindQuery, grant_action, unexpected};
use crate::model::{Privileges, QualifiedName, Schema};
use serde::Deserialize;
use std::sync::Arc;

pub(super) static KIND: Kind = Kind::of::<ObjectPrivileges>();

struct ObjectPrivileges;

/// `privileges.sql`: one privilege that differs from the default.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct PrivilegeRow {
    /// `schema`, `relation`, `column`, `function`, `type`, `foreign data
    /// wrapper`, `foreign server` or `language`.
    pub kind: String,
    pub schema: String,
    pub name: String,
    pub column_name: Option<String>,
    /// `grant` or `revoke`.
    pub action: String,
    pub grantee: String,
    pub privilege: String,
}

impl KindQuery for ObjectPrivileges {
    const FILE: &'static str = "privileges.sql";
    const SQL: &'static str = include_str!("privileges.sql");
    const NEEDS: &'static [&'static Kind] = &[
        &namespaces::KIND,
        &relations::KIND,
        &columns::KIND,
        &sequences::KIND,
        &functions::KIND,
        &types::KIND,
        &foreign_data_wrappers::KIND,
        &foreign_servers::KIND,
        &languages::KIND,
    ];
    type Row = PrivilegeRow;

    fn assemble(rows: Vec<PrivilegeRow>, schema: &mut Schema) -> Result<(), InspectError> {
        for row in rows {
            attach(schema, row)?;
        }
        Ok(())
    }
}

/// Hangs one privilege row on its object, if the model has it.
fn attach(schema: &mut Schema, row: PrivilegeRow) -> Result<(), InspectError> {
    let file = ObjectPrivileges::FILE;
    let grant = grant_action(&row.action, file, &row.name)?;
    let name = QualifiedName::new(row.schema, row.name);
    let target: Option<&mut Privileges> = match (row.kind.as_str(), row.column_name) {
        ("schema", _) => schema
            .namespaces
            .get_mut(&name.name)
            .map(|n| &mut n.privileges),
        ("relation", _) => {
            if let Some(t) = schema.tables.get_mut(&name).map(Arc::make_mut) {
                Some(&mut t.privileges)
            } else if let Some(v) = schema.views.get_mut(&name).map(Arc::make_mut) {
                Some(&mut v.privileges)
            } else {
                schema.sequences.get_mut(&name).map(Arc::make_mut).map(|s| &mut s.privileges)
            }
        }
        ("column", Some(column)) => {
            if let Some(t) = schema.tables.get_mut(&name).map(Arc::make_mut) {
                t.columns
                    .iter_mut()
                    .find(|c| c.name == column)
                    .map(|c| &mut c.privileges)
            } else if let Some(v) = schema.views.get_mut(&name).map(Arc::make_mut) {
                Some(v.column_privileges.entry(column).or_default())
            } else {
                None
            }
        }
        ("function", _) => schema.functions.get_mut(&name).map(|f| &mut f.privileges),
        ("type", _) => schema.types.get_mut(&name).map(|t| &mut t.privileges),
        ("foreign data wrapper", _) => schema
            .foreign_data_wrappers
            .get_mut(&name.name)
            .map(|w| &mut w.privileges),
        ("foreign server", _) => schema
            .foreign_servers
            .get_mut(&name.name)
            .map(|s| &mut s.privileges),
        ("language", _) => schema
            .languages
            .get_mut(&name.name)
            .map(|l| &mut l.privileges),
        (other, _) => return Err(unexpected(file, "kind", other, &name)),
    };
    if let Some(privileges) = target {
        privileges.add(grant, row.grantee, row.privilege);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::columns::{Columns, test_row as column};
    use super::relations::{Relations, test_row as relation};
    use super::*;

    #[test]
    fn a_privilege_row_lands_on_its_object() -> Result<(), InspectError> {
        let row = |kind: &str, column: Option<&str>, action: &str| PrivilegeRow {
            kind: kind.into(),
            schema: "public".into(),
            name: "t".into(),
            column_name: column.map(Into::into),
            action: action.into(),
            grantee: "app".into(),
            privilege: "SELECT".into(),
        };
        let mut schema = Schema::default();
        Relations::assemble(vec![relation("public", "t", "r")], &mut schema)?;
        Columns::assemble(vec![column("t", "a")], &mut schema)?;
        ObjectPrivileges::assemble(
            vec![
                row("relation", None, "grant"),
                row("column", Some("a"), "grant"),
                row("relation", None, "revoke"),
            ],
            &mut schema,
        )?;
        let table = &schema.tables[&QualifiedName::new("public", "t")];
        assert_eq!(table.privileges.granted["app"].len(), 1);
        assert_eq!(table.privileges.revoked["app"].len(), 1);
        assert_eq!(table.columns[0].privileges.granted["app"].len(), 1);
        Ok(())
    }
}

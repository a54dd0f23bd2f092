//! User-defined types: enums, composite types, domains (with their named
//! checks), range types, base types and shell types. Their privileges come with the `privileges`
//! kind.

use crate::introspect::error::InspectError;
use crate::introspect::kind::{Kind, KindQuery, unexpected};
use crate::model::{
    Domain, DomainCheck, Privileges, QualifiedName, Range, Schema, TypeDef, TypeKind,
};
use serde::Deserialize;

pub(super) static KIND: Kind = Kind::of::<Types>();

struct Types;

/// `types.sql`: an enum, composite type, domain or range type.
#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct TypeRow {
    pub schema: String,
    pub name: String,
    /// `e` (enum), `c` (composite), `d` (domain) or `r` (range).
    pub kind: String,
    pub owner: Option<String>,
    pub labels: Vec<String>,
    pub attribute_names: Vec<String>,
    pub attribute_types: Vec<String>,
    /// `[name, comment]` of each commented attribute.
    #[serde(default)]
    pub attribute_comments: Vec<(String, String)>,
    pub base_type: Option<String>,
    pub collation: Option<String>,
    pub default_expr: Option<String>,
    pub not_null: bool,
    pub checks: Vec<DomainCheckRow>,
    pub subtype: Option<String>,
    pub subtype_opclass: Option<String>,
    pub range_collation: Option<String>,
    pub canonical: Option<String>,
    pub subtype_diff: Option<String>,
    pub multirange: Option<String>,
    /// A base type's definition.
    pub definition: Option<String>,
    pub comment: Option<String>,
}

/// One named CHECK constraint of a domain, inside [`TypeRow::checks`].
#[derive(Debug, Clone, Deserialize)]
pub(super) struct DomainCheckRow {
    pub name: String,
    pub definition: String,
    pub comment: Option<String>,
}

impl KindQuery for Types {
    const FILE: &'static str = "types.sql";
    const SQL: &'static str = include_str!("types.sql");
    const NEEDS: &'static [&'static Kind] = &[];
    type Row = TypeRow;

    fn assemble(rows: Vec<TypeRow>, schema: &mut Schema) -> Result<(), InspectError> {
        for row in rows {
            let name = QualifiedName::new(row.schema, row.name);
            let kind = match row.kind.as_str() {
                "e" => TypeKind::Enum { labels: row.labels },
                "c" => TypeKind::Composite {
                    attributes: row
                        .attribute_names
                        .into_iter()
                        .zip(row.attribute_types)
                        .collect(),
                    comments: row.attribute_comments.into_iter().collect(),
                },
                "d" => TypeKind::Domain(Domain {
                    base_type: row.base_type.unwrap_or_default(),
                    collation: row.collation,
                    default: row.default_expr,
                    not_null: row.not_null,
                    checks: row
                        .checks
                        .into_iter()
                        .map(|c| {
                            (
                                c.name,
                                DomainCheck {
                                    definition: c.definition,
                                    comment: c.comment,
                                },
                            )
                        })
                        .collect(),
                }),
                "r" => TypeKind::Range(Range {
                    subtype: row.subtype.unwrap_or_default(),
                    subtype_opclass: row.subtype_opclass,
                    collation: row.range_collation,
                    canonical: row.canonical,
                    subtype_diff: row.subtype_diff,
                    multirange: row.multirange,
                }),
                "b" => TypeKind::Base {
                    definition: row.definition.unwrap_or_default(),
                },
                "p" => TypeKind::Shell,
                other => return Err(unexpected(Self::FILE, "typtype", other, &name)),
            };
            schema.types.insert(
                name,
                TypeDef {
                    kind,
                    owner: row.owner,
                    privileges: Privileges::default(),
                    comment: row.comment,
                },
            );
        }
        Ok(())
    }
}

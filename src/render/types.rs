//! Renderer for user-defined types: enums, composite types, domains, ranges.

use super::document::{Entry, EntryKind, Line};
use super::parts::{comment, owner, privileges, sub_comment};
use super::relation::entry;
use super::text::literal;
use crate::model::{QualifiedName, TypeDef, TypeKind};

pub fn type_def(name: &QualifiedName, t: &TypeDef) -> Entry {
    let mut lines = Vec::new();
    let header = match &t.kind {
        TypeKind::Enum { labels } => {
            let labels: Vec<String> = labels.iter().map(|l| literal(l)).collect();
            format!("{name} as enum ({})", labels.join(", "))
        }
        TypeKind::Composite { attributes } => {
            for (aname, ty) in attributes {
                lines.push(Line::new("attribute", aname, ty.clone()));
            }
            format!("{name} as composite")
        }
        TypeKind::Domain(d) => {
            if let Some(c) = &d.collation {
                lines.push(Line::property("collate", c.clone()));
            }
            if d.not_null {
                lines.push(Line::property("not null", ""));
            }
            if let Some(x) = &d.default {
                lines.push(Line::property("default", x.clone()));
            }
            for (cname, c) in &d.checks {
                lines.push(Line::new("constraint", cname, c.definition.clone()));
                sub_comment(&mut lines, "constraint", cname, &c.comment);
            }
            format!("{name} as domain over {}", d.base_type)
        }
        TypeKind::Range(r) => {
            let mut property = |key: &'static str, value: &Option<String>| {
                if let Some(v) = value {
                    lines.push(Line::property(key, v.clone()));
                }
            };
            property("subtype_opclass", &r.subtype_opclass);
            property("collation", &r.collation);
            property("canonical", &r.canonical);
            property("subtype_diff", &r.subtype_diff);
            property("multirange_type_name", &r.multirange);
            format!("{name} as range over {}", r.subtype)
        }
    };
    owner(&mut lines, &t.owner);
    privileges(&mut lines, &t.privileges, None);
    comment(&mut lines, &t.comment);
    entry(name, EntryKind::Type, header, lines)
}

//! Renderer for user-defined types: enums, composite types, domains, ranges,
//! base and shell types.

use super::document::{Entry, Line};
use super::parts::{comment, owner, privileges, sub_comment};
use super::relation::entry;
use super::text::literal;
use crate::model::object::{EntryKind, PartKind};
use crate::model::{QualifiedName, TypeDef, TypeKind};

pub fn type_def(name: &QualifiedName, t: &TypeDef) -> Entry {
    let mut lines = Vec::new();
    let header = match &t.kind {
        TypeKind::Enum { labels } => {
            let labels: Vec<String> = labels.iter().map(|l| literal(l)).collect();
            format!("{name} as enum ({})", labels.join(", "))
        }
        TypeKind::Composite {
            attributes,
            comments,
        } => {
            for (aname, ty) in attributes {
                lines.push(Line::new(PartKind::Attribute, aname, ty.clone()));
            }
            for (aname, c) in comments {
                sub_comment(&mut lines, PartKind::Attribute, aname, &Some(c.clone()));
            }
            format!("{name} as composite")
        }
        TypeKind::Domain(d) => {
            if let Some(c) = &d.collation {
                lines.push(Line::property(PartKind::Collate, c.clone()));
            }
            if d.not_null {
                lines.push(Line::property(PartKind::NotNull, ""));
            }
            if let Some(x) = &d.default {
                lines.push(Line::property(PartKind::Default, x.clone()));
            }
            for (cname, c) in &d.checks {
                lines.push(Line::new(PartKind::Constraint, cname, c.definition.clone()));
                sub_comment(&mut lines, PartKind::Constraint, cname, &c.comment);
            }
            format!("{name} as domain over {}", d.base_type)
        }
        TypeKind::Range(r) => {
            let mut property = |key: PartKind, value: &Option<String>| {
                if let Some(v) = value {
                    lines.push(Line::property(key, v.clone()));
                }
            };
            property(PartKind::SubtypeOpclass, &r.subtype_opclass);
            property(PartKind::RangeCollation, &r.collation);
            property(PartKind::Canonical, &r.canonical);
            property(PartKind::SubtypeDiff, &r.subtype_diff);
            property(PartKind::MultirangeTypeName, &r.multirange);
            format!("{name} as range over {}", r.subtype)
        }
        TypeKind::Base { definition } => {
            lines.push(Line::property(PartKind::Definition, definition.clone()));
            format!("{name} as base")
        }
        TypeKind::Shell => format!("{name} as shell"),
    };
    owner(&mut lines, &t.owner);
    privileges(&mut lines, &t.privileges, None);
    comment(&mut lines, &t.comment);
    entry(name, EntryKind::Type, header, lines)
}

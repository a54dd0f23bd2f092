//! Renderers for operators, operator classes and families, casts,
//! transforms, conversions, and text search dictionaries, parsers and
//! templates.

use super::document::{Entry, Line};
use super::parts::{comment, owner};
use super::relation::entry;
use super::text::literal;
use crate::model::object::{EntryKey, EntryKind, PartKind};
use crate::model::{
    Cast, Conversion, Members, Operator, OperatorClass, OperatorFamily, QualifiedName,
    TextSearchDictionary, TextSearchParser, TextSearchTemplate, Transform,
};

/// A line for each value that is set.
fn optional(lines: &mut Vec<Line>, kind: PartKind, value: &Option<String>) {
    if let Some(v) = value {
        lines.push(Line::property(kind, v.clone()));
    }
}

/// A line for a flag that is on.
fn flag(lines: &mut Vec<Line>, kind: PartKind, on: bool) {
    if on {
        lines.push(Line::property(kind, ""));
    }
}

pub fn operator(name: &QualifiedName, o: &Operator) -> Entry {
    let mut lines = Vec::new();
    optional(&mut lines, PartKind::OperatorFunction, &o.function);
    optional(&mut lines, PartKind::Returns, &o.result);
    optional(&mut lines, PartKind::Commutator, &o.commutator);
    optional(&mut lines, PartKind::Negator, &o.negator);
    optional(&mut lines, PartKind::Restrict, &o.restrict);
    optional(&mut lines, PartKind::Join, &o.join);
    flag(&mut lines, PartKind::Hashes, o.hashes);
    flag(&mut lines, PartKind::Merges, o.merges);
    owner(&mut lines, &o.owner);
    comment(&mut lines, &o.comment);
    entry(name, EntryKind::Operator, name.to_string(), lines)
}

/// `operator 1 (integer, integer) <(integer,integer)`, `function 1
/// (integer, integer) btint4cmp(integer,integer)`.
fn members(lines: &mut Vec<Line>, members: &Members) {
    for (key, value) in members {
        let (kind, rest) = match key.split_once(' ') {
            Some(("function", rest)) => (PartKind::MemberFunction, rest),
            Some((_, rest)) => (PartKind::MemberOperator, rest),
            None => (PartKind::MemberOperator, key.as_str()),
        };
        lines.push(Line::new(kind, rest, value.clone()));
    }
}

pub fn operator_family(name: &QualifiedName, f: &OperatorFamily) -> Entry {
    let mut lines = Vec::new();
    members(&mut lines, &f.members);
    owner(&mut lines, &f.owner);
    comment(&mut lines, &f.comment);
    entry(name, EntryKind::OperatorFamily, name.to_string(), lines)
}

pub fn operator_class(name: &QualifiedName, c: &OperatorClass) -> Entry {
    let mut lines = vec![Line::property(PartKind::ForType, c.for_type.clone())];
    flag(&mut lines, PartKind::IsDefault, c.default);
    lines.push(Line::property(PartKind::Family, c.family.clone()));
    optional(&mut lines, PartKind::Storage, &c.storage);
    members(&mut lines, &c.members);
    owner(&mut lines, &c.owner);
    comment(&mut lines, &c.comment);
    entry(name, EntryKind::OperatorClass, name.to_string(), lines)
}

/// Database-wide: under the empty schema name, which sorts first.
fn global(kind: EntryKind, name: &str, lines: Vec<Line>) -> Entry {
    Entry::new(EntryKey::global(kind, name), name, lines)
}

pub fn cast(name: &str, c: &Cast) -> Entry {
    let mut lines = vec![
        Line::property(PartKind::CastMethod, c.method.clone()),
        Line::property(PartKind::CastContext, c.context.clone()),
    ];
    comment(&mut lines, &c.comment);
    global(EntryKind::Cast, name, lines)
}

pub fn transform(name: &str, t: &Transform) -> Entry {
    let mut lines = Vec::new();
    optional(&mut lines, PartKind::FromSql, &t.from_sql);
    optional(&mut lines, PartKind::ToSql, &t.to_sql);
    comment(&mut lines, &t.comment);
    global(EntryKind::Transform, name, lines)
}

pub fn conversion(name: &QualifiedName, c: &Conversion) -> Entry {
    let mut lines = vec![
        Line::property(
            PartKind::Encodings,
            format!(
                "{} to {}",
                literal(&c.from_encoding),
                literal(&c.to_encoding)
            ),
        ),
        Line::property(PartKind::ConversionFunction, c.function.clone()),
    ];
    flag(&mut lines, PartKind::IsDefault, c.default);
    owner(&mut lines, &c.owner);
    comment(&mut lines, &c.comment);
    entry(name, EntryKind::Conversion, name.to_string(), lines)
}

pub fn text_search_dictionary(name: &QualifiedName, d: &TextSearchDictionary) -> Entry {
    let mut lines = vec![Line::property(PartKind::Template, d.template.clone())];
    if !d.options.is_empty() {
        lines.push(Line::property(PartKind::Options, d.options.join(", ")));
    }
    owner(&mut lines, &d.owner);
    comment(&mut lines, &d.comment);
    entry(
        name,
        EntryKind::TextSearchDictionary,
        name.to_string(),
        lines,
    )
}

pub fn text_search_parser(name: &QualifiedName, p: &TextSearchParser) -> Entry {
    let mut lines = Vec::new();
    for (role, function) in [
        ("start", Some(&p.start)),
        ("gettoken", Some(&p.gettoken)),
        ("end", Some(&p.end)),
        ("lextypes", Some(&p.lextypes)),
        ("headline", p.headline.as_ref()),
    ] {
        if let Some(f) = function {
            lines.push(Line::new(PartKind::SupportFunction, role, f.clone()));
        }
    }
    comment(&mut lines, &p.comment);
    entry(name, EntryKind::TextSearchParser, name.to_string(), lines)
}

pub fn text_search_template(name: &QualifiedName, t: &TextSearchTemplate) -> Entry {
    let mut lines = Vec::new();
    if let Some(init) = &t.init {
        lines.push(Line::new(PartKind::SupportFunction, "init", init.clone()));
    }
    lines.push(Line::new(
        PartKind::SupportFunction,
        "lexize",
        t.lexize.clone(),
    ));
    comment(&mut lines, &t.comment);
    entry(name, EntryKind::TextSearchTemplate, name.to_string(), lines)
}

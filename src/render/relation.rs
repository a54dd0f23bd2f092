//! Renderers for schemas, tables, views and sequences.

use super::document::{Entry, EntryKind, Line};
use super::parts::{comment, owner, privileges, sub_comment};
use super::text::{literal, words};
use crate::model::{
    Column, Identity, Index, Namespace, QualifiedName, Rule, Sequence, Table, Trigger, View,
};
use std::collections::BTreeMap;

pub fn namespace(name: &str, namespace: &Namespace) -> Entry {
    let mut lines = Vec::new();
    owner(&mut lines, &namespace.owner);
    privileges(&mut lines, &namespace.privileges, None);
    comment(&mut lines, &namespace.comment);
    Entry {
        schema: name.to_string(),
        kind: EntryKind::Schema,
        name: name.to_string(),
        header: name.to_string(),
        lines,
    }
}

pub(super) fn entry(
    name: &QualifiedName,
    kind: EntryKind,
    header: String,
    lines: Vec<Line>,
) -> Entry {
    Entry {
        schema: name.schema.clone(),
        kind,
        name: name.to_string(),
        header,
        lines,
    }
}

pub fn table(name: &QualifiedName, table: &Table) -> Entry {
    let mut lines = Vec::new();
    for c in &table.columns {
        lines.push(Line::new("column", &c.name, column(c)));
    }
    table_properties(&mut lines, table);
    for (cname, c) in &table.constraints {
        // The definition starts with the kind (PRIMARY KEY, UNIQUE, FOREIGN
        // KEY, CHECK, EXCLUDE), so the kind is not repeated.
        lines.push(Line::new("constraint", cname, c.definition.clone()));
        sub_comment(&mut lines, "constraint", cname, &c.comment);
    }
    indexes(&mut lines, &table.indexes);
    triggers(&mut lines, &table.triggers);
    for (pname, p) in &table.policies {
        let mut text = words([
            if p.permissive {
                "permissive"
            } else {
                "restrictive"
            },
            "for",
            p.command.as_str(),
            "to",
        ]);
        text.push(' ');
        text.push_str(&p.roles.join(", "));
        if let Some(u) = &p.using {
            text.push_str(&format!(" using ({u})"));
        }
        if let Some(c) = &p.check {
            text.push_str(&format!(" with check ({c})"));
        }
        lines.push(Line::new("policy", pname, text));
        sub_comment(&mut lines, "policy", pname, &p.comment);
    }
    rules(&mut lines, &table.rules);
    owner(&mut lines, &table.owner);
    privileges(&mut lines, &table.privileges, None);
    for c in &table.columns {
        privileges(
            &mut lines,
            &c.privileges,
            Some(&format!("column {}", c.name)),
        );
    }
    for c in &table.columns {
        sub_comment(&mut lines, "column", &c.name, &c.comment);
    }
    comment(&mut lines, &table.comment);
    entry(name, EntryKind::Table, name.to_string(), lines)
}

/// One line per storage, partitioning and security property that is not
/// the default, each keyed on its own so that a diff names it.
fn table_properties(lines: &mut Vec<Line>, table: &Table) {
    let p = &table.properties;
    if p.unlogged {
        lines.push(Line::property("unlogged", ""));
    }
    if let Some(key) = &p.partition_key {
        lines.push(Line::property("partition by", key.clone()));
    }
    if let Some((parent, bound)) = &p.partition_of {
        lines.push(Line::property("partition of", format!("{parent} {bound}")));
    }
    if !p.inherits.is_empty() {
        lines.push(Line::property("inherits", p.inherits.join(", ")));
    }
    storage_options(lines, &p.options);
    if p.row_security {
        lines.push(Line::property("row level security", "enabled"));
    }
    if p.force_row_security {
        lines.push(Line::property("row level security forced", ""));
    }
    if let Some(r) = &p.replica_identity {
        lines.push(Line::property("replica identity", r.clone()));
    }
    if let Some(t) = &p.tablespace {
        lines.push(Line::property("tablespace", t.clone()));
    }
    if let Some(am) = &p.access_method {
        lines.push(Line::property("access method", am.clone()));
    }
}

/// `with fillfactor=70`, one line per parameter (already sorted).
fn storage_options(lines: &mut Vec<Line>, options: &[String]) {
    for o in options {
        let (key, value) = o.split_once('=').unwrap_or((o.as_str(), ""));
        lines.push(Line::new("with", key, value));
    }
}

fn rules(lines: &mut Vec<Line>, rules: &BTreeMap<String, Rule>) {
    for (rname, r) in rules {
        let text = if r.enabled == "origin" {
            r.definition.clone()
        } else {
            format!("{} [enabled: {}]", r.definition, r.enabled)
        };
        lines.push(Line::new("rule", rname, text));
        sub_comment(lines, "rule", rname, &r.comment);
    }
}

/// `bigint not null generated always as identity`: the column's facts in
/// the order one would write them in `CREATE TABLE`.
fn column(c: &Column) -> String {
    let collation = c.collation.as_ref().map(|x| format!("collate {x}"));
    let default = c.default.as_ref().map(|x| format!("default {x}"));
    let identity = c.identity.map(|i| match i {
        Identity::Always => "generated always as identity",
        Identity::ByDefault => "generated by default as identity",
    });
    let generated = c.generated.as_ref().map(|x| {
        let kind = if c.generated_virtual {
            "virtual"
        } else {
            "stored"
        };
        format!("generated always as ({x}) {kind}")
    });
    let storage = c.storage.as_ref().map(|x| format!("storage {x}"));
    let compression = c.compression.as_ref().map(|x| format!("compression {x}"));
    let statistics = c.statistics.map(|x| format!("statistics {x}"));
    let not_null_constraint = c.not_null_constraint.as_ref().map(|x| format!("({x})"));
    words([
        c.data_type.as_str(),
        collation.as_deref().unwrap_or(""),
        if c.not_null { "not null" } else { "" },
        not_null_constraint.as_deref().unwrap_or(""),
        default.as_deref().unwrap_or(""),
        identity.unwrap_or(""),
        generated.as_deref().unwrap_or(""),
        storage.as_deref().unwrap_or(""),
        compression.as_deref().unwrap_or(""),
        statistics.as_deref().unwrap_or(""),
    ])
}

fn indexes(lines: &mut Vec<Line>, indexes: &BTreeMap<String, Index>) {
    for (iname, i) in indexes {
        let text = if i.valid {
            i.definition.clone()
        } else {
            format!("{} [invalid]", i.definition)
        };
        lines.push(Line::new("index", iname, text));
        sub_comment(lines, "index", iname, &i.comment);
    }
}

/// A trigger's definition, and its firing state when it is not the
/// default (`origin`): a disabled trigger reads the same in its definition.
fn triggers(lines: &mut Vec<Line>, triggers: &BTreeMap<String, Trigger>) {
    for (tname, t) in triggers {
        let text = if t.enabled == "origin" {
            t.definition.clone()
        } else {
            format!("{} [enabled: {}]", t.definition, t.enabled)
        };
        lines.push(Line::new("trigger", tname, text));
        sub_comment(lines, "trigger", tname, &t.comment);
    }
}

pub fn view(name: &QualifiedName, view: &View) -> Entry {
    let mut lines = Vec::new();
    for (cname, ty) in &view.columns {
        lines.push(Line::new("column", cname, ty.clone()));
    }
    lines.push(Line::property("definition", view.definition.trim_end()));
    if view.definition.trim_end() != view.definition {
        // Keep the rendering exact: trailing white space is not shown
        // above but is still part of the definition.
        lines.push(Line::property(
            "definition-trailing",
            literal(&view.definition[view.definition.trim_end().len()..]),
        ));
    }
    storage_options(&mut lines, &view.options);
    if !view.populated {
        lines.push(Line::property("not populated", ""));
    }
    indexes(&mut lines, &view.indexes);
    triggers(&mut lines, &view.triggers);
    rules(&mut lines, &view.rules);
    owner(&mut lines, &view.owner);
    privileges(&mut lines, &view.privileges, None);
    for (cname, p) in &view.column_privileges {
        privileges(&mut lines, p, Some(&format!("column {cname}")));
    }
    for (cname, c) in &view.column_comments {
        sub_comment(&mut lines, "column", cname, &Some(c.clone()));
    }
    comment(&mut lines, &view.comment);
    let kind = if view.materialized {
        EntryKind::MaterializedView
    } else {
        EntryKind::View
    };
    entry(name, kind, name.to_string(), lines)
}

pub fn sequence(name: &QualifiedName, s: &Sequence) -> Entry {
    let mut lines = vec![Line::property(
        "parameters",
        format!(
            "as {} start {} increment {} minvalue {} maxvalue {} cache {}{}",
            s.data_type,
            s.start,
            s.increment,
            s.min,
            s.max,
            s.cache,
            if s.cycle { " cycle" } else { " no cycle" }
        ),
    )];
    if let Some(owned_by) = &s.owned_by {
        lines.push(Line::property("owned by", owned_by.clone()));
    }
    if s.unlogged {
        lines.push(Line::property("unlogged", ""));
    }
    owner(&mut lines, &s.owner);
    privileges(&mut lines, &s.privileges, None);
    comment(&mut lines, &s.comment);
    entry(name, EntryKind::Sequence, name.to_string(), lines)
}

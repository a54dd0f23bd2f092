//! Renderers for schemas, tables, views, statistics objects and sequences.

use super::document::{Entry, Line};
use super::parts::{comment, owner, privileges, sub_comment};
use super::text::{literal, words};
use crate::model::object::{EntryKey, EntryKind, PartKind};
use crate::model::{
    Column, Identity, Index, Namespace, QualifiedName, Rule, Sequence, Statistics, Table, Trigger,
    View,
};
use std::collections::BTreeMap;

pub fn namespace(name: &str, namespace: &Namespace) -> Entry {
    let mut lines = Vec::new();
    owner(&mut lines, &namespace.owner);
    privileges(&mut lines, &namespace.privileges, None);
    comment(&mut lines, &namespace.comment);
    Entry::new(EntryKey::namespace(name), name, lines)
}

/// An entry for an object in a schema.
pub(super) fn entry(
    name: &QualifiedName,
    kind: EntryKind,
    header: String,
    lines: Vec<Line>,
) -> Entry {
    Entry::new(EntryKey::qualified(kind, name), header, lines)
}

pub fn table(name: &QualifiedName, table: &Table) -> Entry {
    let mut lines = Vec::new();
    for c in &table.columns {
        lines.push(Line::new(PartKind::Column, &c.name, column(c)));
    }
    table_properties(&mut lines, table);
    for (cname, c) in &table.constraints {
        // The definition starts with the kind (PRIMARY KEY, UNIQUE, FOREIGN
        // KEY, CHECK, EXCLUDE), so the kind is not repeated.
        lines.push(Line::new(PartKind::Constraint, cname, c.definition.clone()));
        sub_comment(&mut lines, PartKind::Constraint, cname, &c.comment);
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
        lines.push(Line::new(PartKind::Policy, pname, text));
        sub_comment(&mut lines, PartKind::Policy, pname, &p.comment);
    }
    rules(&mut lines, &table.rules);
    owner(&mut lines, &table.owner);
    privileges(&mut lines, &table.privileges, None);
    for c in &table.columns {
        privileges(&mut lines, &c.privileges, Some(&c.name));
    }
    for c in &table.columns {
        sub_comment(&mut lines, PartKind::Column, &c.name, &c.comment);
    }
    comment(&mut lines, &table.comment);
    let kind = if table.properties.foreign.is_some() {
        EntryKind::ForeignTable
    } else {
        EntryKind::Table
    };
    entry(name, kind, name.to_string(), lines)
}

/// One line per storage, partitioning and security property that is not
/// the default, each keyed on its own so that a diff names it.
fn table_properties(lines: &mut Vec<Line>, table: &Table) {
    let p = &table.properties;
    if p.unlogged {
        lines.push(Line::property(PartKind::Unlogged, ""));
    }
    if let Some(key) = &p.partition_key {
        lines.push(Line::property(PartKind::PartitionBy, key.clone()));
    }
    if let Some((parent, bound)) = &p.partition_of {
        lines.push(Line::property(
            PartKind::PartitionOf,
            format!("{parent} {bound}"),
        ));
    }
    if !p.inherits.is_empty() {
        lines.push(Line::property(PartKind::Inherits, p.inherits.join(", ")));
    }
    storage_options(lines, &p.options);
    if p.row_security {
        lines.push(Line::property(PartKind::RowLevelSecurity, "enabled"));
    }
    if p.force_row_security {
        lines.push(Line::property(PartKind::RowLevelSecurityForced, ""));
    }
    if let Some(r) = &p.replica_identity {
        lines.push(Line::property(PartKind::ReplicaIdentity, r.clone()));
    }
    if let Some(t) = &p.tablespace {
        lines.push(Line::property(PartKind::Tablespace, t.clone()));
    }
    if let Some(am) = &p.access_method {
        lines.push(Line::property(PartKind::AccessMethod, am.clone()));
    }
    if let Some(f) = &p.foreign {
        lines.push(Line::property(PartKind::Server, f.server.clone()));
        super::foreign::options(lines, &f.options, None);
        for c in &table.columns {
            super::foreign::options(lines, &c.options, Some((PartKind::Column, &c.name)));
        }
    }
}

/// `with fillfactor=70`, one line per parameter (already sorted).
fn storage_options(lines: &mut Vec<Line>, options: &[String]) {
    for o in options {
        let (key, value) = o.split_once('=').unwrap_or((o.as_str(), ""));
        lines.push(Line::new(PartKind::StorageParameter, key, value));
    }
}

fn rules(lines: &mut Vec<Line>, rules: &BTreeMap<String, Rule>) {
    for (rname, r) in rules {
        let text = if r.enabled == "origin" {
            r.definition.clone()
        } else {
            format!("{} [enabled: {}]", r.definition, r.enabled)
        };
        lines.push(Line::new(PartKind::Rule, rname, text));
        sub_comment(lines, PartKind::Rule, rname, &r.comment);
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
        lines.push(Line::new(PartKind::Index, iname, text));
        sub_comment(lines, PartKind::Index, iname, &i.comment);
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
        lines.push(Line::new(PartKind::Trigger, tname, text));
        sub_comment(lines, PartKind::Trigger, tname, &t.comment);
    }
}

pub fn view(name: &QualifiedName, view: &View) -> Entry {
    let mut lines = Vec::new();
    for (cname, ty) in &view.columns {
        lines.push(Line::new(PartKind::Column, cname, ty.clone()));
    }
    lines.push(Line::property(
        PartKind::Definition,
        view.definition.trim_end(),
    ));
    if view.definition.trim_end() != view.definition {
        // Keep the rendering exact: trailing white space is not shown
        // above but is still part of the definition.
        lines.push(Line::property(
            PartKind::DefinitionTrailing,
            literal(&view.definition[view.definition.trim_end().len()..]),
        ));
    }
    storage_options(&mut lines, &view.options);
    if !view.populated {
        lines.push(Line::property(PartKind::NotPopulated, ""));
    }
    indexes(&mut lines, &view.indexes);
    triggers(&mut lines, &view.triggers);
    rules(&mut lines, &view.rules);
    owner(&mut lines, &view.owner);
    privileges(&mut lines, &view.privileges, None);
    for (cname, p) in &view.column_privileges {
        privileges(&mut lines, p, Some(cname));
    }
    for (cname, c) in &view.column_comments {
        sub_comment(&mut lines, PartKind::Column, cname, &Some(c.clone()));
    }
    comment(&mut lines, &view.comment);
    let kind = if view.materialized {
        EntryKind::MaterializedView
    } else {
        EntryKind::View
    };
    entry(name, kind, name.to_string(), lines)
}

/// An extended statistics object, as `CREATE STATISTICS` and `ALTER
/// STATISTICS` say it: `on user_id, lower(title) from app.tasks`, the
/// kinds (none for a single expression), the target when it is not the
/// default.
pub fn statistics(name: &QualifiedName, s: &Statistics) -> Entry {
    let mut lines = vec![Line::property(
        PartKind::StatisticsOn,
        format!("{} from {}", s.targets, s.table),
    )];
    if !s.kinds.is_empty() {
        let kinds: Vec<&str> = s.kinds.iter().map(|k| k.word()).collect();
        lines.push(Line::property(PartKind::StatisticsKinds, kinds.join(", ")));
    }
    if let Some(target) = s.target {
        lines.push(Line::property(
            PartKind::StatisticsTarget,
            target.to_string(),
        ));
    }
    owner(&mut lines, &s.owner);
    comment(&mut lines, &s.comment);
    entry(name, EntryKind::Statistics, name.to_string(), lines)
}

pub fn sequence(name: &QualifiedName, s: &Sequence) -> Entry {
    let mut lines = vec![Line::property(
        PartKind::SequenceParameters,
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
        lines.push(Line::property(PartKind::OwnedBy, owned_by.clone()));
    }
    if s.unlogged {
        lines.push(Line::property(PartKind::Unlogged, ""));
    }
    owner(&mut lines, &s.owner);
    privileges(&mut lines, &s.privileges, None);
    comment(&mut lines, &s.comment);
    entry(name, EntryKind::Sequence, name.to_string(), lines)
}

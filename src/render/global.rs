//! Renderers for extensions, collations, text search configurations, event
//! triggers, publications and default privileges.

use super::document::{Entry, Line};
use super::parts::{comment, owner, privileges};
use super::relation::entry;
use super::text::literal;
use crate::model::object::{EntryKey, EntryKind, PartKind};
use crate::model::{
    Collation, DefaultPrivilegesKey, EventTrigger, Extension, Privileges, Publication,
    QualifiedName, TextSearchConfig,
};

/// Database-wide objects go under the empty schema name, which sorts
/// first.
fn global(kind: EntryKind, name: &str, lines: Vec<Line>) -> Entry {
    Entry::new(EntryKey::global(kind, name), name, lines)
}

pub fn extension(name: &str, e: &Extension) -> Entry {
    let mut lines = vec![
        Line::property(PartKind::ExtensionSchema, e.schema.clone()),
        Line::property(PartKind::Version, e.version.clone()),
    ];
    comment(&mut lines, &e.comment);
    global(EntryKind::Extension, name, lines)
}

pub fn collation(name: &QualifiedName, c: &Collation) -> Entry {
    let mut lines = vec![Line::property(PartKind::Provider, c.provider.clone())];
    let mut property = |key: PartKind, value: &Option<String>| {
        if let Some(v) = value {
            lines.push(Line::property(key, literal(v)));
        }
    };
    property(PartKind::Locale, &c.locale);
    property(PartKind::LcCollate, &c.lc_collate);
    property(PartKind::LcCtype, &c.lc_ctype);
    property(PartKind::CollationRules, &c.rules);
    if !c.deterministic {
        lines.push(Line::property(PartKind::Deterministic, "false"));
    }
    owner(&mut lines, &c.owner);
    comment(&mut lines, &c.comment);
    entry(name, EntryKind::Collation, name.to_string(), lines)
}

pub fn text_search_config(name: &QualifiedName, c: &TextSearchConfig) -> Entry {
    let mut lines = vec![Line::property(PartKind::Parser, c.parser.clone())];
    for (alias, dictionaries) in &c.mappings {
        lines.push(Line::new(PartKind::Mapping, alias, dictionaries.clone()));
    }
    owner(&mut lines, &c.owner);
    comment(&mut lines, &c.comment);
    entry(name, EntryKind::TextSearchConfig, name.to_string(), lines)
}

pub fn event_trigger(name: &str, t: &EventTrigger) -> Entry {
    let mut lines = vec![Line::property(PartKind::Event, t.event.clone())];
    if !t.tags.is_empty() {
        let tags: Vec<String> = t.tags.iter().map(|x| literal(x)).collect();
        lines.push(Line::property(PartKind::WhenTagIn, tags.join(", ")));
    }
    lines.push(Line::property(
        PartKind::ExecuteFunction,
        t.function.clone(),
    ));
    if t.enabled != "origin" {
        lines.push(Line::property(PartKind::Enabled, t.enabled.clone()));
    }
    owner(&mut lines, &t.owner);
    comment(&mut lines, &t.comment);
    global(EntryKind::EventTrigger, name, lines)
}

pub fn publication(name: &str, p: &Publication) -> Entry {
    let mut lines = Vec::new();
    if p.all_tables {
        lines.push(Line::property(PartKind::ForAllTables, ""));
    }
    for t in &p.tables {
        lines.push(Line::new(PartKind::PublishedTable, t, ""));
    }
    for s in &p.schemas {
        lines.push(Line::new(PartKind::PublishedSchema, s, ""));
    }
    lines.push(Line::property(PartKind::Publish, p.publish.clone()));
    if p.via_root {
        lines.push(Line::property(PartKind::PublishViaPartitionRoot, "true"));
    }
    if let Some(g) = &p.generated_columns {
        lines.push(Line::property(PartKind::PublishGeneratedColumns, g.clone()));
    }
    owner(&mut lines, &p.owner);
    comment(&mut lines, &p.comment);
    global(EntryKind::Publication, name, lines)
}

/// `default privileges for role CURRENT_USER in schema app on tables`.
pub fn default_privileges(key: &DefaultPrivilegesKey, p: &Privileges) -> Entry {
    let key = EntryKey::default_privileges(key);
    let mut lines = Vec::new();
    privileges(&mut lines, p, None);
    Entry::new(key.clone(), key.name, lines)
}

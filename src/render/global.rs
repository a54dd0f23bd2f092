//! Renderers for extensions, collations, text search configurations, event
//! triggers, publications and default privileges.

use super::document::{Entry, EntryKind, Line};
use super::parts::{comment, owner, privileges};
use super::relation::entry;
use super::text::literal;
use crate::model::{
    Collation, DefaultPrivilegesKey, EventTrigger, Extension, Privileges, Publication,
    QualifiedName, TextSearchConfig,
};

/// Database-wide objects go under the empty schema name, which sorts
/// first.
fn global(kind: EntryKind, name: &str, lines: Vec<Line>) -> Entry {
    Entry {
        schema: String::new(),
        kind,
        name: name.to_string(),
        header: name.to_string(),
        lines,
    }
}

pub fn extension(name: &str, e: &Extension) -> Entry {
    let mut lines = vec![
        Line::property("schema", e.schema.clone()),
        Line::property("version", e.version.clone()),
    ];
    comment(&mut lines, &e.comment);
    global(EntryKind::Extension, name, lines)
}

pub fn collation(name: &QualifiedName, c: &Collation) -> Entry {
    let mut lines = vec![Line::property("provider", c.provider.clone())];
    let mut property = |key: &'static str, value: &Option<String>| {
        if let Some(v) = value {
            lines.push(Line::property(key, literal(v)));
        }
    };
    property("locale", &c.locale);
    property("lc_collate", &c.lc_collate);
    property("lc_ctype", &c.lc_ctype);
    property("rules", &c.rules);
    if !c.deterministic {
        lines.push(Line::property("deterministic", "false"));
    }
    owner(&mut lines, &c.owner);
    comment(&mut lines, &c.comment);
    entry(name, EntryKind::Collation, name.to_string(), lines)
}

pub fn text_search_config(name: &QualifiedName, c: &TextSearchConfig) -> Entry {
    let mut lines = vec![Line::property("parser", c.parser.clone())];
    for (alias, dictionaries) in &c.mappings {
        lines.push(Line::new("mapping", alias, dictionaries.clone()));
    }
    owner(&mut lines, &c.owner);
    comment(&mut lines, &c.comment);
    entry(name, EntryKind::TextSearchConfig, name.to_string(), lines)
}

pub fn event_trigger(name: &str, t: &EventTrigger) -> Entry {
    let mut lines = vec![Line::property("on", t.event.clone())];
    if !t.tags.is_empty() {
        let tags: Vec<String> = t.tags.iter().map(|x| literal(x)).collect();
        lines.push(Line::property("when tag in", tags.join(", ")));
    }
    lines.push(Line::property("execute function", t.function.clone()));
    if t.enabled != "origin" {
        lines.push(Line::property("enabled", t.enabled.clone()));
    }
    owner(&mut lines, &t.owner);
    comment(&mut lines, &t.comment);
    global(EntryKind::EventTrigger, name, lines)
}

pub fn publication(name: &str, p: &Publication) -> Entry {
    let mut lines = Vec::new();
    if p.all_tables {
        lines.push(Line::property("for all tables", ""));
    }
    for t in &p.tables {
        lines.push(Line::new("table", t, ""));
    }
    for s in &p.schemas {
        lines.push(Line::new("tables in schema", s, ""));
    }
    lines.push(Line::property("publish", p.publish.clone()));
    if p.via_root {
        lines.push(Line::property("publish_via_partition_root", "true"));
    }
    if let Some(g) = &p.generated_columns {
        lines.push(Line::property("publish_generated_columns", g.clone()));
    }
    owner(&mut lines, &p.owner);
    comment(&mut lines, &p.comment);
    global(EntryKind::Publication, name, lines)
}

/// `default privileges for role CURRENT_USER in schema app on tables`.
pub fn default_privileges(key: &DefaultPrivilegesKey, p: &Privileges) -> Entry {
    let name = match &key.schema {
        Some(s) => format!("for role {} in schema {s} on {}", key.role, key.object_type),
        None => format!("for role {} on {}", key.role, key.object_type),
    };
    let mut lines = Vec::new();
    privileges(&mut lines, p, None);
    Entry {
        schema: key.schema.clone().unwrap_or_default(),
        kind: EntryKind::DefaultPrivileges,
        header: name.clone(),
        name,
        lines,
    }
}

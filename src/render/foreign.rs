//! Renderers for foreign data wrappers, foreign servers (with their user
//! mappings), subscriptions, procedural languages and access methods, and
//! the options of foreign tables and their columns.
//!
//! A secret option value renders as `<redacted>`; the line carries the
//! server's hash of it as its fingerprint, which the differ compares and
//! no document prints.

use super::document::{Entry, Line, REDACTED};
use super::parts::{comment, owner, privileges};
use super::text::literal;
use crate::model::object::{EntryKey, EntryKind, PartKey, PartKind, SubObject};
use crate::model::{
    AccessMethod, ForeignDataWrapper, ForeignServer, Language, OptionValue, Options, Subscription,
};

fn global(kind: EntryKind, name: &str, lines: Vec<Line>) -> Entry {
    Entry::new(EntryKey::global(kind, name), name, lines)
}

/// One `option <name> <value>` line per option, on the entry itself or, with
/// `on`, on one of its parts (`option password on user mapping for app`).
pub(super) fn options(lines: &mut Vec<Line>, options: &Options, on: Option<(PartKind, &str)>) {
    for (name, value) in options {
        let key = PartKey {
            kind: PartKind::GenericOption,
            name: name.clone(),
            on: on.map(|(kind, name)| SubObject {
                kind,
                name: name.to_string(),
            }),
        };
        lines.push(match value {
            OptionValue::Plain(v) => Line::keyed(key, literal(v)),
            OptionValue::Secret { hash } => Line::secret(key, REDACTED, hash.clone()),
        });
    }
}

fn function(lines: &mut Vec<Line>, kind: PartKind, function: &Option<String>) {
    if let Some(f) = function {
        lines.push(Line::property(kind, f.clone()));
    }
}

pub fn foreign_data_wrapper(name: &str, w: &ForeignDataWrapper) -> Entry {
    let mut lines = Vec::new();
    function(&mut lines, PartKind::Handler, &w.handler);
    function(&mut lines, PartKind::Validator, &w.validator);
    options(&mut lines, &w.options, None);
    owner(&mut lines, &w.owner);
    privileges(&mut lines, &w.privileges, None);
    comment(&mut lines, &w.comment);
    global(EntryKind::ForeignDataWrapper, name, lines)
}

pub fn foreign_server(name: &str, s: &ForeignServer) -> Entry {
    let mut lines = vec![Line::property(PartKind::Wrapper, s.wrapper.clone())];
    if let Some(t) = &s.server_type {
        lines.push(Line::property(PartKind::ObjectType, literal(t)));
    }
    if let Some(v) = &s.version {
        lines.push(Line::property(PartKind::Version, literal(v)));
    }
    options(&mut lines, &s.options, None);
    for (user, mapping) in &s.user_mappings {
        lines.push(Line::new(PartKind::UserMapping, user, ""));
        options(&mut lines, mapping, Some((PartKind::UserMapping, user)));
    }
    owner(&mut lines, &s.owner);
    privileges(&mut lines, &s.privileges, None);
    comment(&mut lines, &s.comment);
    global(EntryKind::ForeignServer, name, lines)
}

pub fn subscription(name: &str, s: &Subscription) -> Entry {
    let mut lines = vec![Line::secret(
        PartKey::property(PartKind::Connection),
        literal(&s.connection),
        s.connection_hash.clone(),
    )];
    for p in &s.publications {
        lines.push(Line::new(PartKind::SubscribedPublication, p, ""));
    }
    if !s.enabled {
        lines.push(Line::property(PartKind::Enabled, "false"));
    }
    lines.push(Line::property(
        PartKind::SlotName,
        s.slot_name.clone().unwrap_or_else(|| "none".to_string()),
    ));
    for (parameter, value) in &s.parameters {
        lines.push(Line::new(
            PartKind::SubscriptionParameter,
            parameter,
            value.clone(),
        ));
    }
    owner(&mut lines, &s.owner);
    comment(&mut lines, &s.comment);
    global(EntryKind::Subscription, name, lines)
}

pub fn language(name: &str, l: &Language) -> Entry {
    let mut lines = Vec::new();
    if l.trusted {
        lines.push(Line::property(PartKind::Trusted, ""));
    }
    function(&mut lines, PartKind::Handler, &l.handler);
    function(&mut lines, PartKind::Inline, &l.inline);
    function(&mut lines, PartKind::Validator, &l.validator);
    owner(&mut lines, &l.owner);
    privileges(&mut lines, &l.privileges, None);
    comment(&mut lines, &l.comment);
    global(EntryKind::Language, name, lines)
}

pub fn access_method(name: &str, a: &AccessMethod) -> Entry {
    let mut lines = vec![
        Line::property(PartKind::ObjectType, a.method_type.clone()),
        Line::property(PartKind::Handler, a.handler.clone()),
    ];
    comment(&mut lines, &a.comment);
    global(EntryKind::AccessMethod, name, lines)
}

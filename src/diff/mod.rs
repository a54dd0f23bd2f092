//! Two rendered schemas → object-level changes.
//!
//! [`diff`] compares an expected [`Document`] with an actual one and says,
//! object by object, what is there that should not be, what is missing,
//! what changed (the line before and after) and whose columns moved. It is
//! empty exactly when the documents are equal.
//!
//! Entries and lines are matched by their typed keys
//! ([`crate::model::object`]), never by the words they print; each
//! change carries the key, so [`Change::model_objects`] finds the model
//! object it is about in either schema.
//!
//! Lines are compared byte for byte, except the lines a renderer marks as
//! code ([`Comparison::Code`]: SQL and PL/pgSQL routine bodies), which are
//! compared token by token ([`code::same_code`]) unless
//! [`DiffOptions::strict_bodies`] asks for bytes.

mod change;
pub mod code;

pub use change::{Change, ChangeKind, ObjectRef};

use crate::model::object::{PartKey, PartKind};
use crate::render::{Comparison, Document, Entry, Line};
use std::sync::Arc;

/// How to compare.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DiffOptions {
    /// Compare routine bodies byte for byte, whitespace and comments
    /// included (`--strict-bodies`), instead of as code.
    pub strict_bodies: bool,
}

/// Every difference between `expected` and `actual`, with the default
/// options (bodies compared as code).
pub fn diff(expected: &Document, actual: &Document) -> Vec<Change> {
    diff_with(expected, actual, &DiffOptions::default())
}

/// Every difference between `expected` and `actual`, compared as
/// `options` say.
pub fn diff_with(expected: &Document, actual: &Document, options: &DiffOptions) -> Vec<Change> {
    let mut changes = Vec::new();
    let (exp, act) = (expected.entries(), actual.entries());
    let (mut i, mut j) = (0, 0);
    // Both entry lists are sorted by key: merge them.
    while i < exp.len() || j < act.len() {
        match (exp.get(i), act.get(j)) {
            (Some(e), Some(a)) if Arc::ptr_eq(e, a) => {
                // One shared entry (an object that did not change between
                // the inspections): nothing to compare.
                i += 1;
                j += 1;
            }
            (Some(e), Some(a)) if e.key == a.key => {
                entry_changes(e, a, options, &mut changes);
                i += 1;
                j += 1;
            }
            (Some(e), Some(a)) if e.key < a.key => {
                changes.push(Change::removed(ObjectRef::entry(e), e.to_string()));
                i += 1;
            }
            (Some(_), Some(a)) | (None, Some(a)) => {
                changes.push(Change::added(ObjectRef::entry(a), a.to_string()));
                j += 1;
            }
            (Some(e), None) => {
                changes.push(Change::removed(ObjectRef::entry(e), e.to_string()));
                i += 1;
            }
            (None, None) => break,
        }
    }
    changes
}

/// The one place where two texts of a line are compared.
fn same_text(e: &Line, a: &Line, options: &DiffOptions) -> bool {
    if e.fingerprint != a.fingerprint {
        return false;
    }
    if e.text == a.text {
        return true;
    }
    let as_code = e.compared_as == Comparison::Code && a.compared_as == Comparison::Code;
    as_code && !options.strict_bodies && code::same_code(&e.text, &a.text)
}

/// The entries are the same, line for line, as `same_text` compares.
fn same_entry(e: &Entry, a: &Entry, options: &DiffOptions) -> bool {
    e.header == a.header
        && e.lines.len() == a.lines.len()
        && e.lines
            .iter()
            .zip(&a.lines)
            .all(|(el, al)| el.key == al.key && same_text(el, al, options))
}

fn entry_changes<'a>(e: &'a Entry, a: &'a Entry, options: &DiffOptions, changes: &mut Vec<Change>) {
    if same_entry(e, a, options) {
        return;
    }
    let before = changes.len();
    if e.header != a.header {
        changes.push(Change::altered(
            ObjectRef::entry(e),
            e.header.clone(),
            a.header.clone(),
        ));
    }
    for el in &e.lines {
        match a.lines.iter().find(|al| al.key == el.key) {
            None => changes.push(Change::removed(ObjectRef::line(e, el), el.text.clone())),
            Some(al) if !same_text(el, al, options) => changes.push(Change::altered(
                ObjectRef::line(e, el),
                el.text.clone(),
                al.text_after(el),
            )),
            Some(_) => {}
        }
    }
    for al in &a.lines {
        if !e.lines.iter().any(|el| el.key == al.key) {
            changes.push(Change::added(ObjectRef::line(a, al), al.text.clone()));
        }
    }
    // Order: the lines both sides have, in each side's order. For tables
    // this is column order, which matters (SELECT *, positional INSERT).
    let common = |from: &'a [Line], other: &'a [Line]| -> Vec<&'a PartKey> {
        from.iter()
            .map(|l| &l.key)
            .filter(|k| other.iter().any(|o| o.key == **k))
            .collect()
    };
    let (eo, ao) = (common(&e.lines, &a.lines), common(&a.lines, &e.lines));
    if eo != ao {
        // Name the columns when they moved; otherwise whatever moved.
        let columns = |v: &[&PartKey]| -> Vec<String> {
            v.iter()
                .filter(|k| k.kind == PartKind::Column)
                .map(|k| k.name.clone())
                .collect()
        };
        let labels = |v: &[&PartKey]| -> Vec<String> { v.iter().map(|k| k.label()).collect() };
        let (ec, ac) = (columns(&eo), columns(&ao));
        if ec != ac {
            changes.push(Change::reordered(ObjectRef::entry(e), ec, ac));
        } else {
            changes.push(Change::reordered(
                ObjectRef::entry(e),
                labels(&eo),
                labels(&ao),
            ));
        }
    }
    if changes.len() == before {
        // Unreachable while every field is keyed, but the verdict must
        // never say "equal" for unequal documents.
        changes.push(Change::altered(
            ObjectRef::entry(e),
            e.to_string(),
            a.to_string(),
        ));
    }
}

#[cfg(test)]
pub(crate) mod tests;

#[cfg(test)]
mod secret_tests;

//! Small SQL spelling helpers the kinds share.

use crate::model::object::EntryKey;

/// A string literal: `'it''s'`, `E'a\nb'` for text with control
/// characters.
pub(super) fn literal(s: &str) -> String {
    if s.chars().any(|c| c.is_control()) {
        let mut out = String::from("E'");
        for c in s.chars() {
            match c {
                '\'' => out.push_str("''"),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c => out.push(c),
            }
        }
        out.push('\'');
        out
    } else {
        format!("'{}'", s.replace('\'', "''"))
    }
}

/// `'text'` or `NULL`.
pub(super) fn literal_or_null(s: Option<&String>) -> String {
    s.map_or_else(|| "NULL".to_string(), |s| literal(s))
}

/// The name an entry is written with in SQL: `public.tasks`,
/// `public.f(integer)`, `audit` (names are stored quoted).
pub(super) fn name(key: &EntryKey) -> String {
    key.display_name()
}

/// The role an owner field names: `CURRENT_USER` for `None` (the role
/// that runs the migrations).
pub(super) fn owner(owner: Option<&String>) -> &str {
    owner.map_or("CURRENT_USER", String::as_str)
}

/// A dollar-quoted body that does not contain its own delimiter.
pub(super) fn dollar_quoted(body: &str) -> String {
    let mut tag = String::from("$fix$");
    let mut n = 0;
    while body.contains(&tag) {
        n += 1;
        tag = format!("$fix{n}$");
    }
    format!("{tag}{body}{tag}")
}

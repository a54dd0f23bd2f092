//! Renderer for functions and procedures.

use super::document::{Comparison, Entry, Line};
use super::parts::{comment, owner, privileges};
use super::relation::entry;
use crate::model::object::{EntryKind, PartKind};
use crate::model::{Function, QualifiedName, RoutineKind};

pub fn function(name: &QualifiedName, f: &Function) -> Entry {
    let (kind, returns) = match f.kind {
        RoutineKind::Function | RoutineKind::Window => (
            EntryKind::Function,
            format!(" returns {}", f.result.as_deref().unwrap_or("")),
        ),
        RoutineKind::Procedure => (EntryKind::Procedure, String::new()),
        RoutineKind::Aggregate => (
            EntryKind::Aggregate,
            format!(" returns {}", f.result.as_deref().unwrap_or("")),
        ),
    };
    // The key carries the identity arguments; the header shows the full
    // argument list (names, modes, defaults) so that a renamed parameter
    // or a changed default shows up.
    let header = format!(
        "{}.{}({}){}",
        name.schema,
        base_name(&name.name),
        f.arguments,
        returns
    );
    let mut attributes = vec![format!("language {}", f.language)];
    if f.kind == RoutineKind::Window {
        attributes.push("window".into());
    }
    if f.kind != RoutineKind::Procedure {
        attributes.push(f.volatility.clone());
        if f.strict {
            attributes.push("strict".into());
        }
        if f.leakproof {
            attributes.push("leakproof".into());
        }
        attributes.push(format!("parallel {}", f.parallel));
        attributes.push(format!("cost {}", f.cost));
        if let Some(rows) = &f.rows {
            attributes.push(format!("rows {rows}"));
        }
    }
    if f.security_definer {
        attributes.push("security definer".into());
    }
    let mut lines = vec![Line::property(
        PartKind::RoutineAttributes,
        attributes.join(" "),
    )];
    for setting in &f.config {
        lines.push(Line::new(
            PartKind::Setting,
            setting.split('=').next().unwrap_or(setting),
            setting.clone(),
        ));
    }
    match &f.aggregate {
        // An aggregate's prosrc is a placeholder; its definition is here.
        Some(aggregate) => lines.push(Line::property(
            PartKind::AggregateDefinition,
            aggregate.clone(),
        )),
        None => lines
            .push(Line::property(PartKind::Body, f.body.clone()).compared_as(body_comparison(f))),
    }
    owner(&mut lines, &f.owner);
    privileges(&mut lines, &f.privileges, None);
    comment(&mut lines, &f.comment);
    entry(name, kind, header, lines)
}

/// SQL and PL/pgSQL bodies (a `BEGIN ATOMIC` body is SQL, rendered by the
/// server) are compared as code; other languages' (C's symbol name,
/// PL/Python, PL/Perl…, where whitespace may mean something) byte for byte.
fn body_comparison(f: &Function) -> Comparison {
    match f.language.as_str() {
        "sql" | "plpgsql" => Comparison::Code,
        _ => Comparison::Text,
    }
}

/// `touch(integer)` → `touch`.
fn base_name(identity: &str) -> &str {
    // Quoted names may contain '(' themselves; the identity's argument
    // list is the last parenthesized group, so cut at its opening paren
    // by matching from the end.
    let mut depth = 0usize;
    for (i, c) in identity.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return &identity[..i];
                }
            }
            _ => {}
        }
    }
    identity
}

#[cfg(test)]
mod tests {
    use super::base_name;

    #[test]
    fn base_name_cuts_the_argument_list() {
        assert_eq!(base_name("touch(integer, text)"), "touch");
        assert_eq!(base_name("\"odd(name\"(integer)"), "\"odd(name\"");
        assert_eq!(base_name("f()"), "f");
    }
}

//! A base type's `CREATE TYPE name (INPUT = …, OUTPUT = …)` from the
//! one-line definition the model holds (`input f output g internallength
//! 4 passedbyvalue alignment int4 …`).

use super::kinds::EntryFix;
use super::plan::{Plan, Target};
use super::routine::RoutineFix;
use crate::model::object::{EntryKey, EntryKind, ObjectKey};
use crate::model::{Schema, TypeKind};

/// The words of a definition that start a property, with whether they
/// take a value.
const PROPERTIES: &[(&str, bool)] = &[
    ("input", true),
    ("output", true),
    ("receive", true),
    ("send", true),
    ("typmod_in", true),
    ("typmod_out", true),
    ("analyze", true),
    ("subscript", true),
    ("internallength", true),
    ("passedbyvalue", false),
    ("alignment", true),
    ("storage", true),
    ("category", true),
    ("preferred", false),
    ("default", true),
    ("element", true),
    ("delimiter", true),
    ("collatable", false),
];

/// The definition's words, a quoted literal (`'a b'`, `'it''s'`) being one.
fn words(definition: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut chars = definition.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' if quoted && chars.peek() == Some(&'\'') => {
                current.push_str("''");
                chars.next();
            }
            '\'' => {
                quoted = !quoted;
                current.push(c);
            }
            ' ' if !quoted => {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// True when `definition` names the function `schema.f(args)` (as
/// `schema.f` or, on the search path, `f`).
fn names(definition: &str, function: &EntryKey) -> bool {
    let own = function.name.split('(').next().unwrap_or_default();
    let qualified = format!("{}.{own}", function.schema);
    words(definition)
        .iter()
        .any(|w| *w == qualified || w == own)
}

/// True when the function `target` is an I/O (or other support) function
/// of a base type that the downgrade left and the fix drops, with
/// `CASCADE`, which takes the function too.
pub(super) fn goes_with_type(target: &Target) -> bool {
    target.actual.types.iter().any(|(name, t)| match &t.kind {
        TypeKind::Base { definition } => {
            !target.expected.types.contains_key(name) && names(definition, target.key)
        }
        _ => false,
    })
}

/// A base type as the schema before had it: its shell, the functions its
/// definition names (which need the shell), then the type itself. The
/// functions' own suggestions, if any, are the same statements and are
/// dropped as duplicates.
pub(super) fn create_with_functions(target: &Target, definition: &str, plan: &mut Plan) {
    let name = target.name();
    plan.push(
        super::Phase::CreateBase,
        &target.path,
        format!("CREATE TYPE {name};"),
    );
    let functions: Vec<EntryKey> = functions(target.expected, definition);
    for key in &functions {
        let whole = ObjectKey {
            entry: key.clone(),
            part: None,
        };
        let Some(object) = target.expected.object(&whole) else {
            continue;
        };
        let function = Target {
            key,
            path: key.to_string(),
            expected: target.expected,
            actual: target.actual,
        };
        RoutineFix.create(&function, object, plan);
    }
    plan.push(
        super::Phase::CreateBase,
        &target.path,
        create(&name, definition),
    );
}

/// The functions of `schema` that `definition` names.
fn functions(schema: &Schema, definition: &str) -> Vec<EntryKey> {
    schema
        .functions
        .keys()
        .map(|q| EntryKey::qualified(EntryKind::Function, q))
        .filter(|k| names(definition, k))
        .collect()
}

/// `CREATE TYPE name (INPUT = f, …, PASSEDBYVALUE);`.
pub(super) fn create(name: &str, definition: &str) -> String {
    let mut options: Vec<String> = Vec::new();
    let mut value: Vec<String> = Vec::new();
    let mut current: Option<&str> = None;
    let flush = |key: Option<&str>, value: &mut Vec<String>, options: &mut Vec<String>| {
        if let Some(k) = key {
            options.push(format!("{} = {}", k.to_uppercase(), value.join(" ")));
        }
        value.clear();
    };
    for word in words(definition) {
        match PROPERTIES.iter().find(|(k, _)| *k == word) {
            Some((k, true)) => {
                flush(current, &mut value, &mut options);
                current = Some(k);
            }
            Some((k, false)) => {
                flush(current, &mut value, &mut options);
                current = None;
                options.push(k.to_uppercase());
            }
            None => value.push(word),
        }
    }
    flush(current, &mut value, &mut options);
    format!("CREATE TYPE {name} ({});", options.join(", "))
}

#[cfg(test)]
mod tests {
    use super::create;

    #[test]
    fn a_definition_becomes_create_type() {
        assert_eq!(
            create(
                "public.myint",
                "input public.myint_in output public.myint_out internallength 4 passedbyvalue alignment int4 storage plain category 'U' default 'a b' element double precision delimiter ','"
            ),
            "CREATE TYPE public.myint (INPUT = public.myint_in, OUTPUT = public.myint_out, INTERNALLENGTH = 4, PASSEDBYVALUE, ALIGNMENT = int4, STORAGE = plain, CATEGORY = 'U', DEFAULT = 'a b', ELEMENT = double precision, DELIMITER = ',');"
        );
    }
}

//! The keys that leave things out of a check or make it stricter, resolved
//! like the others (flag or builder call > file > default; no environment
//! variable): `exclude` (files of the history directory, `--exclude`),
//! `exclude-table` (tables of the schema, `--exclude-table`) and
//! `strict-bodies` (`--strict-bodies`). A list given on the command line
//! replaces the file's list.

use super::file::FileKeys;
use super::layers::Overrides;
use super::origin::{Origin, Sourced};
use std::ops::Range;

/// The resolved values.
pub(super) struct Listed {
    pub exclude: Sourced<Vec<String>>,
    pub exclude_table: Sourced<Vec<String>>,
    pub strict_bodies: Sourced<bool>,
}

/// Resolves [`Listed`] from the top layer and the file's keys; `at` turns
/// a key's span into its origin.
pub(super) fn resolve_listed(
    overrides: &Overrides,
    keys: Option<&FileKeys>,
    at: &dyn Fn(&Range<usize>) -> Origin,
) -> Listed {
    let names = overrides.names;
    let list = |flag: &Option<Vec<String>>,
                key: Option<&toml::Spanned<super::file::OneOrMany<String>>>,
                name: &'static str| match (flag, key) {
        (Some(v), _) => Sourced::new(v.clone(), Origin::Flag(name)),
        (None, Some(k)) => Sourced::new(k.get_ref().0.clone(), at(&k.span())),
        (None, None) => Sourced::default_value(Vec::new()),
    };
    Listed {
        exclude: list(
            &overrides.exclude,
            keys.and_then(|k| k.exclude.as_ref()),
            names.exclude,
        ),
        exclude_table: list(
            &overrides.exclude_table,
            keys.and_then(|k| k.exclude_table.as_ref()),
            names.exclude_table,
        ),
        strict_bodies: match (
            overrides.strict_bodies,
            keys.and_then(|k| k.strict_bodies.as_ref()),
        ) {
            (Some(s), _) => Sourced::new(s, Origin::Flag(names.strict_bodies)),
            (None, Some(s)) => Sourced::new(*s.get_ref(), at(&s.span())),
            (None, None) => Sourced::default_value(false),
        },
    }
}

//! The list of object kinds the inspection reads, one file per kind: its
//! query (`<kind>.sql`), its row type and its part of assembly.
//!
//! Adding a kind is one new file here plus one line in the list below
//! (`CONTRIBUTING.md` has the whole recipe). The list is the assembly order:
//! a kind whose rows hang on another kind's objects (its
//! [`Kind::needs`]) comes after it; a unit test holds the list to that.
//!
//! Every query is put behind the same scope (`scope.sql`): the filter that
//! leaves out system schemas, extension members and migration tools'
//! bookkeeping tables is written there once.

use super::kind::Kind;

mod options;

/// Declares each kind's module and lists its descriptor (the module's
/// `KIND`), in the order given.
macro_rules! kinds {
    ($($kind:ident),* $(,)?) => {
        $(mod $kind;)*

        /// Every kind, in assembly order.
        pub static ALL: &[&Kind] = &[$(&$kind::KIND),*];
    };
}

kinds! {
    namespaces,
    // Tables, views and materialized views; everything up to `statistics`
    // hangs on them.
    relations,
    columns,
    constraints,
    indexes,
    triggers,
    policies,
    rules,
    statistics,
    sequences,
    types,
    functions,
    extensions,
    event_triggers,
    collations,
    text_search,
    publications,
    foreign_data_wrappers,
    foreign_servers,
    subscriptions,
    languages,
    access_methods,
    // Hangs on namespaces, relations, columns, sequences, functions, types,
    // foreign data wrappers, foreign servers, languages.
    privileges,
    default_privileges,
    operators,
    operator_families,
    operator_classes,
    casts,
    transforms,
    conversions,
    text_search_dictionaries,
    text_search_parsers,
    text_search_templates,
}

/// The shared scope: `WITH` clauses (without the `WITH`) that every kind's
/// query may read instead of the raw catalogs.
pub(super) const SCOPE: &str = include_str!("scope.sql");

/// The kind called `name` (`columns`, `privileges`, …), if there is one.
pub fn named(name: &str) -> Option<&'static Kind> {
    ALL.iter().copied().find(|kind| kind.name() == name)
}

/// `requested` together with every kind they need, transitively, in list
/// order: what must be read to assemble the requested kinds on their own.
pub(super) fn with_needs(requested: &[&Kind]) -> Vec<&'static Kind> {
    let mut wanted: Vec<bool> = ALL.iter().map(|kind| requested.contains(kind)).collect();
    // Needs point backwards in the list, so one pass from the end collects
    // needs of needs.
    for at in (0..ALL.len()).rev() {
        if !wanted[at] {
            continue;
        }
        for need in ALL[at].needs() {
            if let Some(position) = ALL.iter().position(|kind| kind == need) {
                wanted[position] = true;
            }
        }
    }
    ALL.iter()
        .zip(wanted)
        .filter_map(|(kind, wanted)| wanted.then_some(*kind))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(kinds: &[&Kind]) -> Vec<&'static str> {
        kinds.iter().map(|kind| kind.name()).collect()
    }

    #[test]
    fn every_kind_comes_after_what_it_needs() {
        for (at, kind) in ALL.iter().enumerate() {
            for need in kind.needs() {
                let position = ALL.iter().position(|k| k == need);
                assert!(
                    position.is_some_and(|p| p < at),
                    "{} needs {}, which must come earlier in the list",
                    kind.name(),
                    need.name()
                );
            }
        }
    }

    #[test]
    fn kind_names_are_unique_and_found() {
        for kind in ALL {
            assert_eq!(named(kind.name()), Some(*kind));
        }
        let mut all = names(ALL);
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), ALL.len());
    }

    #[test]
    fn a_kind_is_read_with_what_it_needs() {
        let columns = named("columns").into_iter().collect::<Vec<_>>();
        assert_eq!(names(&with_needs(&columns)), ["relations", "columns"]);
        let privileges = named("privileges").into_iter().collect::<Vec<_>>();
        assert_eq!(
            names(&with_needs(&privileges)),
            [
                "namespaces",
                "relations",
                "columns",
                "sequences",
                "types",
                "functions",
                "foreign_data_wrappers",
                "foreign_servers",
                "languages",
                "privileges"
            ]
        );
        assert_eq!(names(&with_needs(ALL)), names(ALL));
    }

    #[test]
    fn every_query_reads_through_the_scope_not_the_raw_filter() {
        for kind in ALL {
            let sql = kind.sql();
            assert!(
                !sql.contains("nspname NOT LIKE") && !sql.contains("deptype = 'e'"),
                "{} repeats the shared filter; read the scope_* rows of scope.sql",
                kind.file()
            );
        }
    }

    #[test]
    fn comments_are_read_from_pg_description_not_through_its_sql_functions() {
        // obj_description, col_description and shobj_description are SQL
        // functions: the server plans each call site again on every
        // execution (src/introspect/mod.rs, BENCHMARKS.md).
        let sources = ALL
            .iter()
            .map(|kind| (kind.file(), kind.sql()))
            .chain([("scope.sql", SCOPE)]);
        for (file, sql) in sources {
            for function in ["obj_description", "col_description", "shobj_description"] {
                assert!(
                    !sql.contains(function),
                    "{file} calls {function}; read pg_description by subquery instead"
                );
            }
        }
    }
}

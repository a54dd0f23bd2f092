//! Mutation cases for extensions.

use crate::case::{Case, m, ms, ok};

pub fn cases() -> Vec<Case> {
    vec![
        m(
            "extension_left_behind",
            "CREATE EXTENSION hstore;",
            "SELECT 1;",
            "extension hstore",
        ),
        ms(
            "extension_version_not_restored",
            (
                "CREATE EXTENSION hstore VERSION '1.7';",
                "DROP EXTENSION hstore;",
            ),
            "ALTER EXTENSION hstore UPDATE TO '1.8';",
            "SELECT 1;",
            "extension hstore",
        ),
        ms(
            "extension_dropped_by_the_downgrade",
            ("CREATE EXTENSION citext;", "DROP EXTENSION citext;"),
            "CREATE TABLE logins (login citext);",
            "DROP TABLE logins; DROP EXTENSION citext;",
            "extension citext",
        ),
        ok(
            "extension_dropped_and_recreated",
            ("CREATE EXTENSION citext;", "DROP EXTENSION citext;"),
            "DROP EXTENSION citext;",
            "CREATE EXTENSION citext;",
        ),
    ]
}

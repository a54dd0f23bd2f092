//! Mutation cases for foreign data wrappers.

use crate::case::{Case, m, ms, ok};

/// A wrapper without handler or validator: it takes any option.
const FDW: (&str, &str) = (
    "CREATE FOREIGN DATA WRAPPER w OPTIONS (a '1', b '2', api_token 'one');",
    "DROP FOREIGN DATA WRAPPER w;",
);

pub fn cases() -> Vec<Case> {
    vec![
        m(
            "fdw_left_behind",
            "CREATE FOREIGN DATA WRAPPER w2;",
            "SELECT 1;",
            "foreign data wrapper w2",
        ),
        ms(
            "fdw_option_not_restored",
            FDW,
            "ALTER FOREIGN DATA WRAPPER w OPTIONS (SET a '10');",
            "SELECT 1;",
            "option w.a",
        ),
        ms(
            "fdw_secret_option_not_restored",
            FDW,
            "ALTER FOREIGN DATA WRAPPER w OPTIONS (SET api_token 'two');",
            "SELECT 1;",
            "option w.api_token",
        ),
        ms(
            "fdw_grant_left_behind",
            FDW,
            "GRANT USAGE ON FOREIGN DATA WRAPPER w TO rt_m_reader;",
            "SELECT 1;",
            "grant rt_m_reader on foreign data wrapper w",
        ),
        ok(
            "fdw_option_dropped_and_added_back_last",
            FDW,
            "ALTER FOREIGN DATA WRAPPER w OPTIONS (DROP a, SET api_token 'two');",
            "ALTER FOREIGN DATA WRAPPER w OPTIONS (ADD a '1', SET api_token 'one');",
        ),
    ]
}

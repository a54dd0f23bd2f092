//! Mutation cases for collations.

use crate::case::{Case, m, ms};

pub fn cases() -> Vec<Case> {
    vec![
        m(
            "collation_left_behind",
            "CREATE COLLATION nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);",
            "SELECT 1;",
            "collation public.nocase",
        ),
        ms(
            "collation_recreated_deterministic",
            (
                "CREATE COLLATION nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);",
                "DROP COLLATION nocase;",
            ),
            "DROP COLLATION nocase;",
            "CREATE COLLATION nocase (provider = icu, locale = 'und-u-ks-level2');",
            "collation public.nocase",
        ),
    ]
}

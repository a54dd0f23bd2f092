//! Mutation cases for aggregates.

use crate::case::{AGG, Case, m, ms, ok};

pub fn cases() -> Vec<Case> {
    vec![
        m(
            "aggregate_left_behind",
            "CREATE AGGREGATE total(integer) (SFUNC = int4pl, STYPE = integer);",
            "SELECT 1;",
            "aggregate public.total(integer)",
        ),
        ms(
            "aggregate_recreated_without_initcond",
            AGG,
            "DROP AGGREGATE total(integer);",
            "CREATE AGGREGATE total(integer) (SFUNC = int4pl, STYPE = integer);",
            "aggregate public.total(integer)",
        ),
        ok(
            "aggregate_replaced_and_restored",
            AGG,
            "DROP AGGREGATE total(integer); CREATE AGGREGATE total(integer) (SFUNC = int4pl, STYPE = integer, INITCOND = '1');",
            "DROP AGGREGATE total(integer); CREATE AGGREGATE total(integer) (SFUNC = int4pl, STYPE = integer, INITCOND = '0');",
        ),
    ]
}

//! Mutation cases for window functions. `CREATE FUNCTION … WINDOW` is
//! accepted in any language, but only C ones run as window functions:
//! these name a built-in one (LANGUAGE internal, as a superuser).

use crate::case::{Case, m, ms, ok};

const RN: &str =
    "CREATE FUNCTION rn() RETURNS bigint WINDOW LANGUAGE internal AS 'window_row_number';";
const WIN: (&str, &str) = (RN, "DROP FUNCTION rn();");

pub fn cases() -> Vec<Case> {
    vec![
        m(
            "window_function_left_behind",
            RN,
            "SELECT 1;",
            "function public.rn()",
        ),
        ms(
            "window_function_recreated_as_plain",
            WIN,
            "DROP FUNCTION rn();",
            "CREATE FUNCTION rn() RETURNS bigint LANGUAGE internal AS 'window_row_number';",
            "function public.rn()",
        ),
        ok(
            "window_function_altered_and_restored",
            WIN,
            "ALTER FUNCTION rn() COST 5 IMMUTABLE;",
            "ALTER FUNCTION rn() COST 1 VOLATILE;",
        ),
    ]
}

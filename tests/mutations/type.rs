//! Mutation cases for types: enums, domains, composites, ranges.

use crate::case::{Case, DOMAIN, NONE, m, ms, ok};

pub fn cases() -> Vec<Case> {
    vec![
        m(
            "enum_label_left_behind",
            "ALTER TYPE mood ADD VALUE 'meh';",
            "SELECT 1;",
            "type public.mood",
        ),
        m(
            "enum_recreated_in_another_order",
            "DROP TYPE mood;",
            "CREATE TYPE mood AS ENUM ('ok', 'sad', 'happy');",
            "type public.mood",
        ),
        ms(
            "domain_check_re_added_with_a_typo",
            DOMAIN,
            "ALTER DOMAIN posint DROP CONSTRAINT posint_check;",
            "ALTER DOMAIN posint ADD CONSTRAINT posint_check CHECK (VALUE > 0);",
            "constraint public.posint.posint_check",
        ),
        ms(
            "domain_not_null_left",
            DOMAIN,
            "ALTER DOMAIN posint SET NOT NULL;",
            "SELECT 1;",
            "type public.posint",
        ),
        ms(
            "domain_default_set_instead_of_dropped",
            DOMAIN,
            "ALTER DOMAIN posint SET DEFAULT 1;",
            "ALTER DOMAIN posint SET DEFAULT 0;",
            "type public.posint",
        ),
        ms(
            "composite_attribute_re_added_at_the_end",
            (
                "CREATE TYPE pair AS (a integer, b text);",
                "DROP TYPE pair;",
            ),
            "ALTER TYPE pair DROP ATTRIBUTE a;",
            "ALTER TYPE pair ADD ATTRIBUTE a integer;",
            "type public.pair",
        ),
        ms(
            "range_type_recreated_without_subtype_diff",
            (
                "CREATE TYPE floatrange AS RANGE (subtype = float8, subtype_diff = float8mi);",
                "DROP TYPE floatrange;",
            ),
            "DROP TYPE floatrange;",
            "CREATE TYPE floatrange AS RANGE (subtype = float8);",
            "type public.floatrange",
        ),
        ok(
            "enum_dropped_and_recreated",
            NONE,
            "DROP TYPE mood;",
            "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');",
        ),
        ok(
            "domain_check_dropped_and_re_added",
            DOMAIN,
            "ALTER DOMAIN posint DROP CONSTRAINT posint_check;",
            "ALTER DOMAIN posint ADD CONSTRAINT posint_check CHECK (VALUE >= 0);",
        ),
    ]
}

//! Mutation cases for comments on a composite type's attributes.

use crate::case::{Case, ms, ok};

const PAIR: (&str, &str) = (
    "CREATE TYPE pair AS (a integer, b text); COMMENT ON COLUMN pair.b IS 'second';",
    "DROP TYPE pair;",
);

pub fn cases() -> Vec<Case> {
    vec![
        ms(
            "attribute_comment_left_behind",
            PAIR,
            "COMMENT ON COLUMN pair.a IS 'first';",
            "SELECT 1;",
            "comment on attribute a of type public.pair",
        ),
        ms(
            "attribute_comment_restored_differently",
            PAIR,
            "COMMENT ON COLUMN pair.b IS 'other';",
            "COMMENT ON COLUMN pair.b IS 'Second';",
            "comment on attribute b of type public.pair",
        ),
        ms(
            "attribute_recreated_without_its_comment",
            PAIR,
            "ALTER TYPE pair DROP ATTRIBUTE b;",
            "ALTER TYPE pair ADD ATTRIBUTE b text;",
            "comment on attribute b of type public.pair",
        ),
        ok(
            "attribute_recreated_with_its_comment",
            PAIR,
            "ALTER TYPE pair DROP ATTRIBUTE b;",
            "ALTER TYPE pair ADD ATTRIBUTE b text; COMMENT ON COLUMN pair.b IS 'second';",
        ),
    ]
}

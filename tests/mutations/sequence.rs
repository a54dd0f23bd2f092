//! Mutation cases for sequences.

use crate::case::{Case, NONE, m, ok};

pub fn cases() -> Vec<Case> {
    vec![
        m(
            "sequence_left_behind",
            "CREATE SEQUENCE invoice_no;",
            "SELECT 1;",
            "sequence public.invoice_no",
        ),
        m(
            "sequence_increment_not_restored",
            "ALTER SEQUENCE s INCREMENT 5;",
            "SELECT 1;",
            "sequence public.s",
        ),
        m(
            "sequence_cache_not_restored",
            "ALTER SEQUENCE s CACHE 20 CYCLE;",
            "ALTER SEQUENCE s NO CYCLE;",
            "sequence public.s",
        ),
        m(
            "sequence_type_not_restored",
            "ALTER SEQUENCE s AS integer;",
            "SELECT 1;",
            "sequence public.s",
        ),
        m(
            "sequence_owned_by_not_restored",
            "ALTER SEQUENCE tasks_id_seq OWNED BY NONE;",
            "SELECT 1;",
            "sequence public.tasks_id_seq",
        ),
        ok(
            "sequence_positions_differ",
            NONE,
            "SELECT nextval('s'); SELECT setval('tasks_id_seq', 500);",
            "SELECT setval('s', 42);",
        ),
    ]
}

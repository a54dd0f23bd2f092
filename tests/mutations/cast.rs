//! Mutation cases for casts.

use crate::case::{Case, m, ms, ok};

const CAST: (&str, &str) = (
    "CREATE FUNCTION mood_int(mood) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT 1';
     CREATE CAST (mood AS integer) WITH FUNCTION mood_int(mood) AS ASSIGNMENT;",
    "DROP CAST (mood AS integer); DROP FUNCTION mood_int(mood);",
);

pub fn cases() -> Vec<Case> {
    vec![
        m(
            "cast_left_behind",
            "CREATE CAST (mood AS text) WITH INOUT;",
            "SELECT 1;",
            "cast (public.mood AS text)",
        ),
        ms(
            "cast_recreated_implicit",
            CAST,
            "DROP CAST (mood AS integer);",
            "CREATE CAST (mood AS integer) WITH FUNCTION mood_int(mood) AS IMPLICIT;",
            "cast (public.mood AS integer)",
        ),
        ms(
            "cast_recreated_with_inout",
            CAST,
            "DROP CAST (mood AS integer);",
            "CREATE CAST (mood AS integer) WITH INOUT AS ASSIGNMENT;",
            "cast (public.mood AS integer)",
        ),
        // DROP FUNCTION … CASCADE takes the cast with it; both come back.
        ok(
            "cast_dropped_with_its_function",
            CAST,
            "DROP FUNCTION mood_int(mood) CASCADE;",
            "CREATE FUNCTION public.mood_int(public.mood) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT 1';
             CREATE CAST (public.mood AS pg_catalog.int4) WITH FUNCTION public.mood_int AS ASSIGNMENT;",
        ),
    ]
}

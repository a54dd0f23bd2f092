//! Mutation cases for operators.

use crate::case::{Case, m, ms, ok};

const EQ_FN: &str = "CREATE FUNCTION mood_eq(mood, mood) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT $1::text = $2::text $$;";
const OP: (&str, &str) = (
    "CREATE FUNCTION mood_eq(mood, mood) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT $1::text = $2::text $$;
     CREATE OPERATOR === (LEFTARG = mood, RIGHTARG = mood, FUNCTION = mood_eq, COMMUTATOR = ===,
                          RESTRICT = eqsel, JOIN = eqjoinsel, HASHES);",
    "DROP OPERATOR === (mood, mood); DROP FUNCTION mood_eq(mood, mood);",
);

pub fn cases() -> Vec<Case> {
    vec![
        m(
            "operator_left_behind",
            &format!("{EQ_FN} CREATE OPERATOR === (LEFTARG = mood, RIGHTARG = mood, FUNCTION = mood_eq);"),
            "SELECT 1;",
            "operator public.===(public.mood, public.mood)",
        ),
        // DROP OPERATOR does not drop the shell that NEGATOR made.
        m(
            "operator_negator_shell_left_behind",
            &format!(
                "{EQ_FN} CREATE OPERATOR === (LEFTARG = mood, RIGHTARG = mood, FUNCTION = mood_eq, NEGATOR = !==);"
            ),
            "DROP OPERATOR === (mood, mood); DROP FUNCTION mood_eq(mood, mood);",
            "operator public.!==(public.mood, public.mood)",
        ),
        ms(
            "operator_recreated_without_commutator",
            OP,
            "DROP OPERATOR === (mood, mood);",
            "CREATE OPERATOR === (LEFTARG = mood, RIGHTARG = mood, FUNCTION = mood_eq,
                                  RESTRICT = eqsel, JOIN = eqjoinsel, HASHES);",
            "operator public.===(public.mood, public.mood)",
        ),
        ms(
            "operator_restrict_not_restored",
            OP,
            "ALTER OPERATOR === (mood, mood) SET (RESTRICT = NONE, JOIN = NONE);",
            "ALTER OPERATOR === (mood, mood) SET (RESTRICT = eqsel);",
            "operator public.===(public.mood, public.mood)",
        ),
        // Dropped with its function, re-created with the other spellings
        // (PROCEDURE, OPERATOR(...), options in another order).
        ok(
            "operator_recreated_with_other_spellings",
            OP,
            "DROP FUNCTION mood_eq(mood, mood) CASCADE;",
            "CREATE FUNCTION public.mood_eq(public.mood, public.mood) RETURNS boolean LANGUAGE sql IMMUTABLE
                 AS $$ SELECT $1::text = $2::text $$;
             CREATE OPERATOR public.=== (HASHES, JOIN = pg_catalog.eqjoinsel, RESTRICT = pg_catalog.eqsel,
                 COMMUTATOR = OPERATOR(public.===), PROCEDURE = public.mood_eq,
                 RIGHTARG = public.mood, LEFTARG = public.mood);",
        ),
    ]
}

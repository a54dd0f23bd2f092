//! Mutation cases for operator classes and operator families.

use crate::case::{Case, ms, ok};

const CMP: (&str, &str) = (
    "CREATE FUNCTION mood_cmp(mood, mood) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT 0 $$;",
    "DROP FUNCTION mood_cmp(mood, mood) CASCADE;",
);
const OPC: (&str, &str) = (
    "CREATE FUNCTION mood_cmp(mood, mood) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT 0 $$;
     CREATE OPERATOR CLASS mood_ops FOR TYPE mood USING btree AS
         OPERATOR 1 < (anyenum, anyenum), OPERATOR 3 = (anyenum, anyenum), FUNCTION 1 mood_cmp(mood, mood);",
    "DROP OPERATOR FAMILY mood_ops USING btree; DROP FUNCTION mood_cmp(mood, mood);",
);
const CLASS: &str = "CREATE OPERATOR CLASS mood_ops FOR TYPE mood USING btree AS
         OPERATOR 1 < (anyenum, anyenum), OPERATOR 3 = (anyenum, anyenum), FUNCTION 1 mood_cmp(mood, mood);";

pub fn cases() -> Vec<Case> {
    vec![
        // DROP OPERATOR CLASS leaves the family CREATE OPERATOR CLASS made.
        ms(
            "operator_class_dropped_family_left_behind",
            CMP,
            CLASS,
            "DROP OPERATOR CLASS mood_ops USING btree;",
            "operator family public.mood_ops using btree",
        ),
        ms(
            "operator_class_recreated_as_default",
            OPC,
            "DROP OPERATOR FAMILY mood_ops USING btree;",
            "CREATE OPERATOR CLASS mood_ops DEFAULT FOR TYPE mood USING btree AS
                 OPERATOR 1 < (anyenum, anyenum), OPERATOR 3 = (anyenum, anyenum), FUNCTION 1 mood_cmp(mood, mood);",
            "operator class public.mood_ops using btree",
        ),
        // A loose member of the family, restored with another function.
        ms(
            "operator_family_member_restored_with_another_function",
            OPC,
            "ALTER OPERATOR FAMILY mood_ops USING btree ADD FUNCTION 4 (mood, mood) btequalimage(oid);",
            "ALTER OPERATOR FAMILY mood_ops USING btree DROP FUNCTION 4 (mood, mood);
             ALTER OPERATOR FAMILY mood_ops USING btree ADD FUNCTION 4 (mood, mood) btvarstrequalimage(oid);",
            "function public.mood_ops using btree.4 (public.mood, public.mood)",
        ),
        ms(
            "operator_family_member_left_behind",
            OPC,
            "ALTER OPERATOR FAMILY mood_ops USING btree ADD OPERATOR 5 > (anyenum, anyenum);",
            "SELECT 1;",
            "operator public.mood_ops using btree.5 (anyenum, anyenum)",
        ),
        // Re-created through an explicit family, members in another order.
        ok(
            "operator_class_recreated_through_its_family",
            OPC,
            "DROP OPERATOR FAMILY mood_ops USING btree;",
            "CREATE OPERATOR FAMILY public.mood_ops USING btree;
             CREATE OPERATOR CLASS public.mood_ops FOR TYPE public.mood USING btree FAMILY public.mood_ops AS
                 FUNCTION 1 public.mood_cmp(public.mood, public.mood),
                 OPERATOR 3 pg_catalog.= (anyenum, anyenum), OPERATOR 1 < (anyenum, anyenum);",
        ),
        ok(
            "operator_family_member_added_and_dropped",
            OPC,
            "ALTER OPERATOR FAMILY mood_ops USING btree ADD OPERATOR 5 > (anyenum, anyenum);",
            "ALTER OPERATOR FAMILY mood_ops USING btree DROP OPERATOR 5 (anyenum, anyenum);",
        ),
        // A member added to a family of pg_catalog is the migration's too.
        ms(
            "operator_family_member_left_in_a_system_family",
            CMP,
            "ALTER OPERATOR FAMILY pg_catalog.enum_ops USING btree ADD FUNCTION 1 (mood, mood) mood_cmp(mood, mood);",
            "SELECT 1;",
            "operator family pg_catalog.enum_ops using btree",
        ),
        ok(
            "operator_family_member_added_to_a_system_family_and_dropped",
            CMP,
            "ALTER OPERATOR FAMILY pg_catalog.enum_ops USING btree ADD FUNCTION 1 (mood, mood) mood_cmp(mood, mood);",
            "ALTER OPERATOR FAMILY pg_catalog.enum_ops USING btree DROP FUNCTION 1 (mood, mood);",
        ),
    ]
}

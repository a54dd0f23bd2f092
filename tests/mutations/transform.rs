//! Mutation cases for transforms. Their functions take `internal`, which
//! SQL functions cannot return: these name a built-in C function
//! (LANGUAGE internal, as a superuser); a transform's functions only run
//! when a function in that language asks for it.

use crate::case::{Case, ms, ok};

const TRF: (&str, &str) = (
    "CREATE FUNCTION mood_from_sql(internal) RETURNS internal LANGUAGE internal IMMUTABLE STRICT AS 'int4recv';
     CREATE FUNCTION mood_to_sql(internal) RETURNS mood LANGUAGE internal IMMUTABLE STRICT AS 'int4recv';
     CREATE TRANSFORM FOR mood LANGUAGE plpgsql (
         FROM SQL WITH FUNCTION mood_from_sql(internal), TO SQL WITH FUNCTION mood_to_sql(internal));",
    "DROP TRANSFORM FOR mood LANGUAGE plpgsql;
     DROP FUNCTION mood_from_sql(internal); DROP FUNCTION mood_to_sql(internal);",
);

pub fn cases() -> Vec<Case> {
    vec![
        ms(
            "transform_left_behind",
            TRF,
            "CREATE TRANSFORM FOR mood LANGUAGE sql (FROM SQL WITH FUNCTION mood_from_sql(internal));",
            "SELECT 1;",
            "transform for public.mood language sql",
        ),
        ms(
            "transform_recreated_without_to_sql",
            TRF,
            "DROP TRANSFORM FOR mood LANGUAGE plpgsql;",
            "CREATE TRANSFORM FOR mood LANGUAGE plpgsql (FROM SQL WITH FUNCTION mood_from_sql(internal));",
            "transform for public.mood language plpgsql",
        ),
        ok(
            "transform_recreated_to_sql_first",
            TRF,
            "DROP TRANSFORM FOR mood LANGUAGE plpgsql;",
            "CREATE TRANSFORM FOR public.mood LANGUAGE plpgsql (
                 TO SQL WITH FUNCTION public.mood_to_sql(internal),
                 FROM SQL WITH FUNCTION public.mood_from_sql(internal));",
        ),
    ]
}

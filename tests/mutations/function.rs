//! Mutation cases for functions and procedures.

use crate::case::{Case, NONE, m, ms, ok};

pub fn cases() -> Vec<Case> {
    vec![
        m(
            "function_volatility_lost_by_create_or_replace",
            "CREATE OR REPLACE FUNCTION f() RETURNS integer LANGUAGE sql STABLE STRICT AS $$ SELECT 2 $$;",
            "CREATE OR REPLACE FUNCTION f() RETURNS integer LANGUAGE sql STRICT AS $$ SELECT 1 $$;",
            "function public.f()",
        ),
        m(
            "function_strictness_lost",
            "CREATE OR REPLACE FUNCTION f() RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT 2 $$;",
            "CREATE OR REPLACE FUNCTION f() RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT 1 $$;",
            "function public.f()",
        ),
        m(
            "security_definer_left",
            "ALTER FUNCTION f() SECURITY DEFINER;",
            "SELECT 1;",
            "function public.f()",
        ),
        m(
            "set_search_path_left",
            "ALTER FUNCTION f() SET search_path = public;",
            "SELECT 1;",
            "set public.f().search_path",
        ),
        m(
            "cost_left",
            "ALTER FUNCTION f() COST 1000;",
            "SELECT 1;",
            "function public.f()",
        ),
        m(
            "leakproof_left",
            "ALTER FUNCTION f() LEAKPROOF;",
            "SELECT 1;",
            "function public.f()",
        ),
        m(
            "parallel_safety_left",
            "ALTER FUNCTION f() PARALLEL SAFE;",
            "SELECT 1;",
            "function public.f()",
        ),
        m(
            "function_recreated_returning_bigint",
            "DROP VIEW open_tasks; DROP FUNCTION f();",
            "CREATE FUNCTION f() RETURNS bigint LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT 1 $$; CREATE VIEW open_tasks AS SELECT id, title FROM tasks WHERE NOT done;",
            "function public.f()",
        ),
        m(
            "the_wrong_overload_dropped",
            "CREATE FUNCTION f(a integer) RETURNS integer LANGUAGE sql AS $$ SELECT a $$;",
            "DROP FUNCTION f();",
            "function public.f()",
        ),
        ms(
            "procedure_body_left",
            (
                "CREATE PROCEDURE p() LANGUAGE sql AS $$ DELETE FROM tasks WHERE done $$;",
                "DROP PROCEDURE p();",
            ),
            "CREATE OR REPLACE PROCEDURE p() LANGUAGE sql AS $$ DELETE FROM tasks WHERE done; DELETE FROM users WHERE name IS NULL $$;",
            "SELECT 1;",
            "procedure public.p()",
        ),
        ok(
            "dollar_quoted_body_with_semicolons",
            NONE,
            "CREATE FUNCTION g(a integer) RETURNS integer LANGUAGE plpgsql AS $body$\nDECLARE x integer := 1; y text := ';';\nBEGIN x := x + a; RETURN x; END;\n$body$;",
            "DROP FUNCTION g(integer);",
        ),
        ok(
            "function_set_options_back_in_another_order",
            (
                "ALTER FUNCTION f() SET work_mem = '64MB'; ALTER FUNCTION f() SET search_path = public;",
                "",
            ),
            "ALTER FUNCTION f() RESET ALL;",
            "ALTER FUNCTION f() SET search_path = public; ALTER FUNCTION f() SET work_mem = '64MB';",
        ),
    ]
}

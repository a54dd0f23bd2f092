//! Mutation cases for functions and procedures.

use crate::case::{Case, NONE, m, ms, ok};

/// A PL/pgSQL trigger function with comments, a string literal and a
/// dollar-quoted one, and its trigger: what the body cases start from.
const TRIMMED: (&str, &str) = (
    "CREATE FUNCTION trim_title() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    -- Titles are stored trimmed.
    NEW.title := trim(NEW.title);
    IF NEW.title = '' THEN
        RAISE EXCEPTION 'title must not be empty';  /* checked /* here */ too */
    END IF;
    PERFORM $q$ -- not a comment $q$;
    RETURN NEW;
END
$fn$;
CREATE TRIGGER tasks_trim BEFORE INSERT OR UPDATE ON tasks FOR EACH ROW EXECUTE FUNCTION trim_title();",
    "DROP TRIGGER tasks_trim ON tasks; DROP FUNCTION trim_title();",
);

/// The upgrade the body cases revert: another body.
const TRIM_UPPER: &str =
    "CREATE OR REPLACE FUNCTION trim_title() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    NEW.title := upper(trim(NEW.title));
    RETURN NEW;
END
$fn$;";

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
        ms(
            "trigger_function_restored_with_another_string_literal",
            TRIMMED,
            TRIM_UPPER,
            // Indented and commented differently too; the literal decides.
            "CREATE OR REPLACE FUNCTION trim_title() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  NEW.title := trim(NEW.title);
  IF NEW.title = '' THEN
    RAISE EXCEPTION 'title must not be blank';
  END IF;
  PERFORM $q$ -- not a comment $q$;
  RETURN NEW;
END
$fn$;",
            "function public.trim_title()",
        ),
        ms(
            "trigger_function_restored_with_another_dollar_quoted_literal",
            TRIMMED,
            TRIM_UPPER,
            "CREATE OR REPLACE FUNCTION trim_title() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    -- Titles are stored trimmed.
    NEW.title := trim(NEW.title);
    IF NEW.title = '' THEN
        RAISE EXCEPTION 'title must not be empty';  /* checked /* here */ too */
    END IF;
    PERFORM $q$ -- not a comment either $q$;
    RETURN NEW;
END
$fn$;",
            "function public.trim_title()",
        ),
        ok(
            "trigger_function_restored_with_other_indentation_and_comments",
            TRIMMED,
            TRIM_UPPER,
            // Tabs for spaces, comments dropped and added, lines joined,
            // no trailing newline: the same code.
            "CREATE OR REPLACE FUNCTION trim_title() RETURNS trigger LANGUAGE plpgsql AS $fn$BEGIN
	NEW.title := trim(NEW.title); -- trimmed
	IF NEW.title = '' THEN RAISE EXCEPTION 'title must not be empty'; END IF;
	/* literals stay */ PERFORM $q$ -- not a comment $q$;
	RETURN NEW;
END$fn$;",
        ),
        ok(
            "sql_function_restored_with_other_layout",
            NONE,
            "CREATE OR REPLACE FUNCTION f() RETURNS integer LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT 2 $$;",
            "CREATE OR REPLACE FUNCTION f() RETURNS integer LANGUAGE sql IMMUTABLE STRICT AS $$
    -- one, as in the base revision
    SELECT
        1
$$;",
        ),
        ms(
            "begin_atomic_body_restored_with_another_literal",
            (
                "CREATE FUNCTION label(t tasks) RETURNS text LANGUAGE sql BEGIN ATOMIC SELECT 'task: ' || t.title; END;",
                "DROP FUNCTION label(tasks);",
            ),
            "CREATE OR REPLACE FUNCTION label(t tasks) RETURNS text LANGUAGE sql BEGIN ATOMIC SELECT t.title; END;",
            "CREATE OR REPLACE FUNCTION label(t tasks) RETURNS text LANGUAGE sql\nBEGIN ATOMIC\n  -- as before\n  SELECT 'Task: ' || t.title;\nEND;",
            "function public.label(t public.tasks)",
        ),
        ok(
            "begin_atomic_body_restored_with_other_layout",
            (
                "CREATE FUNCTION label(t tasks) RETURNS text LANGUAGE sql BEGIN ATOMIC SELECT 'task: ' || t.title; END;",
                "DROP FUNCTION label(tasks);",
            ),
            "CREATE OR REPLACE FUNCTION label(t tasks) RETURNS text LANGUAGE sql BEGIN ATOMIC SELECT t.title; END;",
            "CREATE OR REPLACE FUNCTION label(t tasks) RETURNS text LANGUAGE sql\nBEGIN ATOMIC\n  -- as before\n  SELECT 'task: '\n      || t.title;\nEND;",
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

//! Mutation cases for base and shell types. A base type's input and
//! output functions must be C: these name built-in ones (LANGUAGE
//! internal, as a superuser).

use crate::case::{Case, m, ms, ok};

const FUNCTIONS: &str = "CREATE TYPE myint;
     CREATE FUNCTION myint_in(cstring) RETURNS myint LANGUAGE internal IMMUTABLE STRICT AS 'int4in';
     CREATE FUNCTION myint_out(myint) RETURNS cstring LANGUAGE internal IMMUTABLE STRICT AS 'int4out';";
const BASE: (&str, &str) = (
    "CREATE TYPE myint;
     CREATE FUNCTION myint_in(cstring) RETURNS myint LANGUAGE internal IMMUTABLE STRICT AS 'int4in';
     CREATE FUNCTION myint_out(myint) RETURNS cstring LANGUAGE internal IMMUTABLE STRICT AS 'int4out';
     CREATE TYPE myint (INPUT = myint_in, OUTPUT = myint_out, INTERNALLENGTH = 4, PASSEDBYVALUE,
                        ALIGNMENT = int4, STORAGE = plain);",
    "DROP TYPE myint CASCADE;",
);

pub fn cases() -> Vec<Case> {
    vec![
        m(
            "shell_type_left_behind",
            "CREATE TYPE later;",
            "SELECT 1;",
            "type public.later",
        ),
        m(
            "base_type_left_behind",
            &format!(
                "{FUNCTIONS} CREATE TYPE myint (INPUT = myint_in, OUTPUT = myint_out, INTERNALLENGTH = 4, PASSEDBYVALUE);"
            ),
            "SELECT 1;",
            "type public.myint",
        ),
        ms(
            "base_type_recreated_in_another_category",
            BASE,
            "DROP TYPE myint CASCADE;",
            &format!(
                "{FUNCTIONS} CREATE TYPE myint (INPUT = myint_in, OUTPUT = myint_out, INTERNALLENGTH = 4,
                             PASSEDBYVALUE, ALIGNMENT = int4, STORAGE = plain, CATEGORY = 'N');"
            ),
            "type public.myint",
        ),
        // LIKE copies length, by-value, alignment and storage from integer.
        ok(
            "base_type_recreated_like_integer",
            BASE,
            "DROP TYPE myint CASCADE;",
            &format!("{FUNCTIONS} CREATE TYPE myint (INPUT = myint_in, OUTPUT = myint_out, LIKE = integer);"),
        ),
    ]
}

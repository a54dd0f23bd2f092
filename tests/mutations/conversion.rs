//! Mutation cases for conversions (with a built-in conversion function).

use crate::case::{Case, m, ms, ok};

const CONV: (&str, &str) = (
    "CREATE CONVERSION to_latin1 FOR 'UTF8' TO 'LATIN1' FROM utf8_to_iso8859_1;",
    "DROP CONVERSION to_latin1;",
);

pub fn cases() -> Vec<Case> {
    vec![
        m(
            "conversion_left_behind",
            "CREATE CONVERSION to_latin1 FOR 'UTF8' TO 'LATIN1' FROM utf8_to_iso8859_1;",
            "SELECT 1;",
            "conversion public.to_latin1",
        ),
        ms(
            "conversion_recreated_as_default",
            CONV,
            "DROP CONVERSION to_latin1;",
            "CREATE DEFAULT CONVERSION to_latin1 FOR 'UTF8' TO 'LATIN1' FROM utf8_to_iso8859_1;",
            "conversion public.to_latin1",
        ),
        ms(
            "conversion_owner_not_restored",
            CONV,
            "ALTER CONVERSION to_latin1 OWNER TO rt_m_owner;",
            "SELECT 1;",
            "conversion public.to_latin1",
        ),
        ok(
            "conversion_recreated_with_other_spellings",
            CONV,
            "DROP CONVERSION to_latin1;",
            "CREATE CONVERSION public.to_latin1 FOR 'utf8' TO 'latin1' FROM pg_catalog.utf8_to_iso8859_1;",
        ),
    ]
}

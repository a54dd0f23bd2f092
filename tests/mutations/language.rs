//! Mutation cases for procedural languages (plpgsql's handlers under
//! another name: a language of its own, not an extension's).

use crate::case::{Case, m, ms, ok};

const LANG: (&str, &str) = (
    "CREATE TRUSTED LANGUAGE pl2 HANDLER plpgsql_call_handler
         INLINE plpgsql_inline_handler VALIDATOR plpgsql_validator;",
    "DROP LANGUAGE pl2;",
);

pub fn cases() -> Vec<Case> {
    vec![
        m(
            "language_left_behind",
            "CREATE LANGUAGE pl3 HANDLER plpgsql_call_handler;",
            "SELECT 1;",
            "language pl3",
        ),
        ms(
            "language_recreated_untrusted",
            LANG,
            "DROP LANGUAGE pl2;",
            "CREATE LANGUAGE pl2 HANDLER plpgsql_call_handler
                 INLINE plpgsql_inline_handler VALIDATOR plpgsql_validator;",
            "language pl2",
        ),
        ms(
            "language_usage_revoke_left_behind",
            LANG,
            "REVOKE USAGE ON LANGUAGE pl2 FROM PUBLIC;",
            "SELECT 1;",
            "revoke PUBLIC on language pl2",
        ),
        ms(
            "language_comment_left_behind",
            LANG,
            "COMMENT ON LANGUAGE pl2 IS 'another plpgsql';",
            "SELECT 1;",
            "language pl2",
        ),
        ok(
            "language_recreated_untrusted_then_replaced_trusted",
            LANG,
            "DROP LANGUAGE pl2;",
            "CREATE LANGUAGE pl2 HANDLER plpgsql_call_handler;
             CREATE OR REPLACE TRUSTED PROCEDURAL LANGUAGE pl2 HANDLER plpgsql_call_handler
                 INLINE plpgsql_inline_handler VALIDATOR plpgsql_validator;",
        ),
    ]
}

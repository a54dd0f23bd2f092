//! Mutation cases for access methods (built-in handlers under another
//! name).

use crate::case::{Case, m, ms, ok};

const AM: (&str, &str) = (
    "CREATE ACCESS METHOD am2 TYPE INDEX HANDLER hashhandler;",
    "DROP ACCESS METHOD am2;",
);

pub fn cases() -> Vec<Case> {
    vec![
        m(
            "access_method_left_behind",
            "CREATE ACCESS METHOD heap3 TYPE TABLE HANDLER heap_tableam_handler;",
            "SELECT 1;",
            "access method heap3",
        ),
        ms(
            "access_method_recreated_with_another_handler",
            AM,
            "DROP ACCESS METHOD am2;",
            "CREATE ACCESS METHOD am2 TYPE INDEX HANDLER bthandler;",
            "access method am2",
        ),
        ms(
            "access_method_comment_left_behind",
            AM,
            "COMMENT ON ACCESS METHOD am2 IS 'hash again';",
            "SELECT 1;",
            "access method am2",
        ),
        ok(
            "access_method_dropped_and_recreated",
            AM,
            "DROP ACCESS METHOD am2;",
            "CREATE ACCESS METHOD am2 TYPE INDEX HANDLER hashhandler;",
        ),
    ]
}

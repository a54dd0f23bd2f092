//! Mutation cases for subscriptions (created with `connect = false`, so
//! that no publisher is needed).

use crate::case::{Case, m, ms, ok};

const SUB: (&str, &str) = (
    "CREATE SUBSCRIPTION sub CONNECTION 'host=upstream dbname=app password=one'
         PUBLICATION p WITH (connect = false, slot_name = NONE);",
    "DROP SUBSCRIPTION sub;",
);

pub fn cases() -> Vec<Case> {
    vec![
        m(
            "subscription_left_behind",
            "CREATE SUBSCRIPTION sub2 CONNECTION 'host=upstream' PUBLICATION p
                 WITH (connect = false, slot_name = NONE);",
            "SELECT 1;",
            "subscription sub2",
        ),
        ms(
            "subscription_password_not_restored",
            SUB,
            "ALTER SUBSCRIPTION sub CONNECTION 'host=upstream dbname=app password=two';",
            "SELECT 1;",
            "subscription sub",
        ),
        ms(
            "subscription_publication_left_behind",
            SUB,
            "ALTER SUBSCRIPTION sub SET PUBLICATION p, q WITH (refresh = false);",
            "SELECT 1;",
            "publication sub.q",
        ),
        ms(
            "subscription_parameter_not_restored",
            SUB,
            "ALTER SUBSCRIPTION sub SET (binary = true);",
            "SELECT 1;",
            "with sub.binary",
        ),
        ok(
            "subscription_connection_restored",
            SUB,
            "ALTER SUBSCRIPTION sub CONNECTION 'host=elsewhere';",
            "ALTER SUBSCRIPTION sub CONNECTION 'host=upstream dbname=app password=one';",
        ),
    ]
}

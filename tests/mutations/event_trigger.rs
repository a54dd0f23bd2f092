//! Mutation cases for event triggers.

use crate::case::{Case, EVT, ms, ok};

pub fn cases() -> Vec<Case> {
    vec![
        ms(
            "event_trigger_left_behind",
            (
                "CREATE FUNCTION on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$;",
                "DROP FUNCTION on_ddl();",
            ),
            "CREATE EVENT TRIGGER et ON ddl_command_end EXECUTE FUNCTION on_ddl();",
            "SELECT 1;",
            "event trigger et",
        ),
        ms(
            "event_trigger_left_disabled",
            EVT,
            "ALTER EVENT TRIGGER et DISABLE;",
            "SELECT 1;",
            "event trigger et",
        ),
        ok(
            "event_trigger_disabled_and_enabled_back",
            EVT,
            "ALTER EVENT TRIGGER et DISABLE;",
            "ALTER EVENT TRIGGER et ENABLE;",
        ),
    ]
}

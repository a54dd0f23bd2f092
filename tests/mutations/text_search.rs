//! Mutation cases for text search configurations.

use crate::case::{CFG, Case, m, ms};

pub fn cases() -> Vec<Case> {
    vec![
        ms(
            "text_search_mapping_not_restored",
            CFG,
            "ALTER TEXT SEARCH CONFIGURATION cfg ALTER MAPPING FOR asciiword WITH simple;",
            "SELECT 1;",
            "mapping public.cfg.asciiword",
        ),
        m(
            "text_search_configuration_left_behind",
            "CREATE TEXT SEARCH CONFIGURATION cfg (COPY = pg_catalog.simple);",
            "SELECT 1;",
            "text search configuration public.cfg",
        ),
    ]
}

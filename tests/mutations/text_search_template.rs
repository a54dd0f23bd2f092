//! Mutation cases for text search templates (built-in C functions, as a
//! superuser).

use crate::case::{Case, m, ms, ok};

const TMPL: (&str, &str) = (
    "CREATE TEXT SEARCH TEMPLATE tmpl (INIT = dsimple_init, LEXIZE = dsimple_lexize);
     CREATE TEXT SEARCH DICTIONARY words (TEMPLATE = tmpl, STOPWORDS = english);",
    "DROP TEXT SEARCH TEMPLATE tmpl CASCADE;",
);

pub fn cases() -> Vec<Case> {
    vec![
        m(
            "template_left_behind",
            "CREATE TEXT SEARCH TEMPLATE tmpl (LEXIZE = dsimple_lexize);",
            "SELECT 1;",
            "text search template public.tmpl",
        ),
        ms(
            "template_recreated_without_init",
            TMPL,
            "DROP TEXT SEARCH TEMPLATE tmpl CASCADE;",
            "CREATE TEXT SEARCH TEMPLATE tmpl (LEXIZE = dsimple_lexize);
             CREATE TEXT SEARCH DICTIONARY words (TEMPLATE = tmpl);",
            "support public.tmpl.init",
        ),
        // CASCADE took the dictionary too; the downgrade forgets it.
        ms(
            "template_restored_without_its_dictionary",
            TMPL,
            "DROP TEXT SEARCH TEMPLATE tmpl CASCADE;",
            "CREATE TEXT SEARCH TEMPLATE tmpl (INIT = dsimple_init, LEXIZE = dsimple_lexize);",
            "text search dictionary public.words",
        ),
        ok(
            "template_restored_with_its_dictionary",
            TMPL,
            "DROP TEXT SEARCH TEMPLATE tmpl CASCADE;",
            "CREATE TEXT SEARCH TEMPLATE public.tmpl (LEXIZE = pg_catalog.dsimple_lexize, INIT = pg_catalog.dsimple_init);
             CREATE TEXT SEARCH DICTIONARY public.words (STOPWORDS = english, TEMPLATE = public.tmpl);",
        ),
    ]
}

//! Mutation cases for text search dictionaries.

use crate::case::{Case, m, ms, ok};

const DICT: (&str, &str) = (
    "CREATE TEXT SEARCH DICTIONARY dict (TEMPLATE = simple, STOPWORDS = english, ACCEPT = false);",
    "DROP TEXT SEARCH DICTIONARY dict;",
);

pub fn cases() -> Vec<Case> {
    vec![
        m(
            "dictionary_left_behind",
            "CREATE TEXT SEARCH DICTIONARY dict (TEMPLATE = simple);",
            "SELECT 1;",
            "text search dictionary public.dict",
        ),
        ms(
            "dictionary_option_not_restored",
            DICT,
            "ALTER TEXT SEARCH DICTIONARY dict (ACCEPT = true);",
            "SELECT 1;",
            "text search dictionary public.dict",
        ),
        ms(
            "dictionary_recreated_without_stopwords",
            DICT,
            "DROP TEXT SEARCH DICTIONARY dict;",
            "CREATE TEXT SEARCH DICTIONARY dict (TEMPLATE = simple, ACCEPT = false);",
            "text search dictionary public.dict",
        ),
        // Removing an option and adding it back moves it to the end of
        // the server's list; the order carries no meaning.
        ok(
            "dictionary_option_removed_and_added_back",
            DICT,
            "ALTER TEXT SEARCH DICTIONARY dict (STOPWORDS);",
            "ALTER TEXT SEARCH DICTIONARY dict (StopWords = english);",
        ),
    ]
}

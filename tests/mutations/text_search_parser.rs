//! Mutation cases for text search parsers (built-in C functions, as a
//! superuser: a parser's functions cannot be written in SQL).

use crate::case::{Case, m, ms, ok};

const PARSER: &str = "CREATE TEXT SEARCH PARSER prs (START = prsd_start, GETTOKEN = prsd_nexttoken,
    END = prsd_end, LEXTYPES = prsd_lextype, HEADLINE = prsd_headline);";
const PRS: (&str, &str) = (PARSER, "DROP TEXT SEARCH PARSER prs;");

pub fn cases() -> Vec<Case> {
    vec![
        m(
            "parser_left_behind",
            PARSER,
            "SELECT 1;",
            "text search parser public.prs",
        ),
        ms(
            "parser_recreated_without_headline",
            PRS,
            "DROP TEXT SEARCH PARSER prs;",
            "CREATE TEXT SEARCH PARSER prs (START = prsd_start, GETTOKEN = prsd_nexttoken,
                 END = prsd_end, LEXTYPES = prsd_lextype);",
            "support public.prs.headline",
        ),
        ok(
            "parser_recreated_with_qualified_functions",
            PRS,
            "DROP TEXT SEARCH PARSER prs;",
            "CREATE TEXT SEARCH PARSER public.prs (HEADLINE = pg_catalog.prsd_headline,
                 LEXTYPES = pg_catalog.prsd_lextype, END = pg_catalog.prsd_end,
                 GETTOKEN = pg_catalog.prsd_nexttoken, START = pg_catalog.prsd_start);",
        ),
    ]
}

//! Directives written as SQL comments inside migration files: sqlx's
//! `-- no-transaction` and our own `-- pg-roundtrip: irreversible`, plus
//! byte-order-mark handling shared by every format.
//!
//! sqlx recognises `-- no-transaction` only when the raw file text starts
//! with it, so a UTF-8 BOM, a blank first line or a CRLF-only first line
//! silently turns it off. We are more tolerant: the directive counts when
//! it opens the first non-blank line, after an optional BOM, whatever the
//! line endings. Like sqlx, the match is a prefix match on that line
//! (`-- no-transaction` followed by anything), so everything sqlx treats as
//! no-transaction, we do too.

use std::path::Path;

use super::error::Problem;

/// The UTF-8 byte-order mark as a character.
pub const BOM: char = '\u{feff}';

/// The sqlx directive that runs a migration outside a transaction.
pub const NO_TRANSACTION: &str = "-- no-transaction";

/// The line that declares a revision irreversible (in its up file).
pub const IRREVERSIBLE_MARKER: &str = "-- pg-roundtrip: irreversible";

/// What a migration file's comments ask for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Directives {
    /// The first non-blank line starts with `-- no-transaction`.
    pub no_transaction: bool,
    /// Some line reads `-- pg-roundtrip: irreversible`.
    pub irreversible: bool,
}

/// `text` without a leading UTF-8 byte-order mark (unchanged if it has none).
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix(BOM).unwrap_or(text)
}

/// Reads the directives of one migration file's text.
///
/// * `no_transaction`: the first line that is not blank (only whitespace,
///   which includes a lone `\r`) starts, after leading whitespace, with
///   `-- no-transaction`. A leading BOM is ignored.
/// * `irreversible`: any line that is, once trimmed, `--`, then
///   `pg-roundtrip:`, then `irreversible`, with optional whitespace between
///   the three parts (so `--pg-roundtrip:irreversible` counts too). The
///   words are case-sensitive.
pub fn parse_directives(text: &str) -> Directives {
    let text = strip_bom(text);
    let no_transaction = text
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty())
        .is_some_and(|line| line.starts_with(NO_TRANSACTION));
    let irreversible = text.lines().any(is_irreversible_marker);
    Directives {
        no_transaction,
        irreversible,
    }
}

/// Warnings about a `-- no-transaction` directive that is not where sqlx
/// looks for it, for the file at `path` with text `text`: one that is
/// ignored (under a comment or a statement, or misspelt) and one that we
/// honour but sqlx would not (after a byte-order mark, a blank line or
/// spaces). Each names its line.
pub(super) fn no_transaction_warnings(path: &Path, text: &str) -> Vec<Problem> {
    let honoured = parse_directives(text).no_transaction;
    let body = strip_bom(text);
    let mut warnings = Vec::new();
    let mut first = true;
    for (index, line) in body.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        let is_first = std::mem::take(&mut first);
        if is_first && honoured {
            if !text.starts_with(NO_TRANSACTION) {
                warnings.push(
                    Problem::new(
                        path,
                        "`-- no-transaction` is honoured here, but sqlx only reads it \
                         at the very start of the file: sqlx would run this file in a transaction",
                    )
                    .at(index + 1, column_of(line))
                    .with_help(
                        "move it to the first line and column, with no blank line, \
                         space or byte-order mark before it",
                    ),
                );
            }
            continue;
        }
        if !looks_like_no_transaction(trimmed) {
            continue;
        }
        let (message, help) = if is_first {
            (
                format!(
                    "`{trimmed}` is not the directive `{NO_TRANSACTION}`: \
                     this file runs in one transaction"
                ),
                format!("write it exactly `{NO_TRANSACTION}` (lowercase, one space after `--`)"),
            )
        } else {
            (
                format!(
                    "`{trimmed}` on line {} is ignored: the directive counts only \
                     as the first line, so this file runs in one transaction",
                    index + 1
                ),
                format!(
                    "move `{NO_TRANSACTION}` to the first line of the file, \
                     above every comment and statement, or delete it"
                ),
            )
        };
        warnings.push(
            Problem::new(path, message)
                .at(index + 1, column_of(line))
                .with_help(help),
        );
    }
    warnings
}

/// 1-based column of the first non-blank character of `line`.
fn column_of(line: &str) -> usize {
    line.chars().take_while(|c| c.is_whitespace()).count() + 1
}

/// A line comment that means `-- no-transaction`, however it is spelt:
/// `--no-transaction`, `-- No-Transaction`, `-- no transaction`,
/// `-- no_transaction`.
fn looks_like_no_transaction(trimmed: &str) -> bool {
    let Some(rest) = trimmed.strip_prefix("--") else {
        return false;
    };
    let rest = rest.trim_start().to_ascii_lowercase();
    [
        "no-transaction",
        "no transaction",
        "no_transaction",
        "notransaction",
    ]
    .iter()
    .any(|spelling| rest.starts_with(spelling))
}

fn is_irreversible_marker(line: &str) -> bool {
    line.trim()
        .strip_prefix("--")
        .map(str::trim_start)
        .and_then(|rest| rest.strip_prefix("pg-roundtrip:"))
        .is_some_and(|rest| rest.trim() == "irreversible")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_tx(text: &str) -> bool {
        parse_directives(text).no_transaction
    }

    fn irreversible(text: &str) -> bool {
        parse_directives(text).irreversible
    }

    #[test]
    fn no_transaction_on_the_first_line() {
        assert!(no_tx(
            "-- no-transaction\nCREATE INDEX CONCURRENTLY i ON t (c);\n"
        ));
        assert!(no_tx("-- no-transaction"));
    }

    #[test]
    fn no_transaction_after_a_bom() {
        assert!(no_tx("\u{feff}-- no-transaction\nSELECT 1;\n"));
    }

    #[test]
    fn no_transaction_with_crlf() {
        assert!(no_tx("-- no-transaction\r\nSELECT 1;\r\n"));
        assert!(no_tx("\u{feff}\r\n\r\n-- no-transaction\r\nSELECT 1;\r\n"));
    }

    #[test]
    fn no_transaction_after_leading_blank_lines() {
        assert!(no_tx("\n\n-- no-transaction\nSELECT 1;\n"));
        assert!(no_tx("  \n\t\n   -- no-transaction  \nSELECT 1;\n"));
    }

    #[test]
    fn no_transaction_is_a_prefix_match_like_sqlx() {
        assert!(no_tx("-- no-transaction: concurrent index\nSELECT 1;\n"));
    }

    #[test]
    fn no_transaction_after_sql_does_not_count() {
        assert!(!no_tx("CREATE TABLE t (c int);\n\n-- no-transaction\n"));
    }

    #[test]
    fn no_transaction_after_another_comment_does_not_count() {
        assert!(!no_tx("-- add an index\n-- no-transaction\nSELECT 1;\n"));
    }

    #[test]
    fn no_transaction_misspelt_does_not_count() {
        assert!(!no_tx("--no-transaction\nSELECT 1;\n"));
        assert!(!no_tx("-- No-Transaction\nSELECT 1;\n"));
        assert!(!no_tx("-- no transaction\nSELECT 1;\n"));
        assert!(!no_tx("/* no-transaction */\nSELECT 1;\n"));
    }

    #[test]
    fn empty_and_blank_texts_have_no_directives() {
        assert_eq!(parse_directives(""), Directives::default());
        assert_eq!(parse_directives("\u{feff}\r\n  \n"), Directives::default());
    }

    #[test]
    fn irreversible_anywhere() {
        assert!(irreversible(
            "-- pg-roundtrip: irreversible\nDROP TABLE t;\n"
        ));
        assert!(irreversible(
            "DROP TABLE t;\n\n  -- pg-roundtrip: irreversible  \r\n"
        ));
        assert!(irreversible("\u{feff}-- pg-roundtrip: irreversible"));
        assert!(irreversible("--pg-roundtrip:irreversible\n"));
        assert!(irreversible("--   pg-roundtrip:   irreversible\n"));
    }

    #[test]
    fn irreversible_needs_the_whole_line() {
        assert!(!irreversible(
            "DROP TABLE t; -- pg-roundtrip: irreversible\n"
        ));
        assert!(!irreversible("-- pg-roundtrip: irreversible, probably\n"));
        assert!(!irreversible("-- PG-ROUNDTRIP: IRREVERSIBLE\n"));
        assert!(!irreversible("-- irreversible\n"));
    }

    #[test]
    fn both_directives_together() {
        let text =
            "\u{feff}\r\n-- no-transaction\r\n-- pg-roundtrip: irreversible\r\nSELECT 1;\r\n";
        assert_eq!(
            parse_directives(text),
            Directives {
                no_transaction: true,
                irreversible: true
            }
        );
    }

    #[test]
    fn strip_bom_removes_only_a_leading_bom() {
        assert_eq!(strip_bom("\u{feff}SELECT 1;\r\n"), "SELECT 1;\r\n");
        assert_eq!(strip_bom("SELECT 1;"), "SELECT 1;");
        assert_eq!(strip_bom("a\u{feff}"), "a\u{feff}");
        assert_eq!(strip_bom(""), "");
    }

    fn warnings(text: &str) -> Vec<(usize, usize, String)> {
        no_transaction_warnings(Path::new("1_a.up.sql"), text)
            .into_iter()
            .map(|p| (p.line.unwrap_or(0), p.column.unwrap_or(0), p.message))
            .collect()
    }

    #[test]
    fn no_warning_for_a_directive_where_sqlx_reads_it() {
        assert!(warnings("-- no-transaction\nSELECT 1;\n").is_empty());
        assert!(warnings("-- no-transaction\r\nSELECT 1;\r\n").is_empty());
        assert!(warnings("-- a comment\nSELECT 1;\n").is_empty());
        assert!(warnings("").is_empty());
    }

    #[test]
    fn a_directive_under_a_comment_or_a_statement_is_ignored_with_a_warning() {
        let w = warnings("-- add an index\n-- no-transaction\nSELECT 1;\n");
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!((w[0].0, w[0].1), (2, 1));
        assert!(w[0].2.contains("on line 2 is ignored"), "{w:?}");
        let w = warnings("SELECT 1;\n\n  -- no-transaction\n");
        assert_eq!((w[0].0, w[0].1), (3, 3), "{w:?}");
    }

    #[test]
    fn a_misspelt_directive_is_ignored_with_a_warning() {
        for text in [
            "--no-transaction\n",
            "-- No-Transaction\n",
            "-- no transaction\n",
        ] {
            let w = warnings(text);
            assert_eq!(w.len(), 1, "{text:?}");
            assert!(w[0].2.contains("is not the directive"), "{w:?}");
        }
    }

    #[test]
    fn a_directive_after_a_bom_or_blank_lines_is_honoured_with_a_warning() {
        for (text, line, column) in [
            ("\u{feff}-- no-transaction\nSELECT 1;\n", 1, 1),
            ("\n\n-- no-transaction\nSELECT 1;\n", 3, 1),
            ("  -- no-transaction\n", 1, 3),
        ] {
            assert!(no_tx(text));
            let w = warnings(text);
            assert_eq!(w.len(), 1, "{text:?}");
            assert_eq!((w[0].0, w[0].1), (line, column), "{text:?}");
            assert!(w[0].2.contains("sqlx would run this file in a transaction"));
        }
    }
}

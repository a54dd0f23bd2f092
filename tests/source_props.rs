//! Property tests (proptest) of the pure history pieces: what is written
//! and then read back must come back as written.
//!
//! * split → join: statements built from the lexer's hard tokens (strings
//!   and dollar quotes holding `;`, nested comments, parentheses), joined
//!   with `;` and comments, split back into the same statements, each at
//!   the character and line where the joined text has it;
//! * directives: a file rendered with or without `-- no-transaction` and
//!   the irreversible marker parses back to the same flags;
//! * readers: a generated flat and dbmate history is read back with the
//!   same ids, versions, order, transaction modes and statements;
//! * Flyway versions: printed, they parse back to an equal version.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use pg_roundtrip::source::{
    FlywayVersion, TxMode, load_dbmate, load_flat, parse_directives, split_statements,
};
use proptest::prelude::*;

/// One token that the splitter must keep whole.
fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        // Words and numbers ("begin", "create" and "function" left out: the
        // routine-body rule has its own cases in the unit tests).
        prop::sample::select(vec![
            "select", "insert", "into", "values", "t", "x_1", "a$b", "é", "42", "1.5e3", "$1", "*",
            "+", "<>", "::", ",",
        ])
        .prop_map(str::to_owned),
        // Plain strings with `;`, doubled quotes and comment-like text.
        "[a-z;\\- */$]{0,8}".prop_map(|s| format!("'{}'", s.replace('\'', "''"))),
        "[a-z;']{0,6}".prop_map(|s| format!("'{}'", s.replace('\'', "''"))),
        // E'' strings with backslash escapes.
        "[a-z;]{0,6}".prop_map(|s| format!("E'\\'{s}\\\\'")),
        // Quoted identifiers.
        "[a-z; \"]{1,6}".prop_map(|s| format!("\"{}\"", s.replace('"', "\"\""))),
        // Dollar quotes, tagged or not, with `;` and quotes inside.
        ("(tag|x|)", "[a-z;' \n]{0,10}").prop_map(|(tag, body)| format!("${tag}${body}${tag}$")),
        // Parentheses with `;` inside.
        "[a-z ;]{0,6}".prop_map(|s| format!("({})", s.trim())),
    ]
}

/// What may separate two tokens inside a statement.
fn gap() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        " ",
        "\n",
        " /* c; */ ",
        " /* a /* nested; */ b */ ",
        " -- line; comment\n",
        "\t\r\n",
    ])
    .prop_map(str::to_owned)
}

fn statement() -> impl Strategy<Value = String> {
    (token(), prop::collection::vec((gap(), token()), 0..6)).prop_map(|(first, rest)| {
        let mut s = first;
        for (gap, token) in rest {
            s.push_str(&gap);
            s.push_str(&token);
        }
        s
    })
}

/// What may separate two statements: `;` with comments and blanks.
fn separator() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        ";\n",
        ";",
        " ;\n\n",
        ";\n-- between\n",
        "; /* between; */\n",
        ";;\n",
    ])
    .prop_map(str::to_owned)
}

fn script() -> impl Strategy<Value = (Vec<String>, String)> {
    (
        prop::sample::select(vec!["", "-- head\n", "/* head */\n\n", "\n  "]),
        prop::collection::vec((statement(), separator()), 0..8),
    )
        .prop_map(|(head, parts)| {
            let mut sql = head.to_owned();
            let mut statements = Vec::new();
            for (statement, sep) in parts {
                sql.push_str(&statement);
                sql.push_str(&sep);
                statements.push(statement);
            }
            (statements, sql)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn split_then_join_gives_back_the_statements((statements, sql) in script()) {
        let got = split_statements(&sql);
        let texts: Vec<&str> = got.iter().map(|s| s.text.as_str()).collect();
        prop_assert_eq!(&texts, &statements, "{:?}", sql);
        let chars: Vec<char> = sql.chars().collect();
        for s in &got {
            let at: String = chars[s.start..].iter().take(s.text.chars().count()).collect();
            prop_assert_eq!(&at, &s.text);
            let line = 1 + chars[..s.start].iter().filter(|&&c| c == '\n').count();
            prop_assert_eq!(line, s.line);
        }
        // Joined again without the comments, they split the same way.
        let joined = statements.join(";\n");
        let again: Vec<String> = split_statements(&joined).into_iter().map(|s| s.text).collect();
        prop_assert_eq!(again, statements);
    }

    #[test]
    fn directives_render_and_parse_back(
        bom in any::<bool>(),
        blank in prop::sample::select(vec!["", "\n", "\r\n", "  \n\t\n"]),
        no_transaction in any::<bool>(),
        irreversible in any::<bool>(),
        marker_spacing in prop::sample::select(vec![
            "-- pg-roundtrip: irreversible",
            "--pg-roundtrip:irreversible",
            "  --   pg-roundtrip:   irreversible  ",
        ]),
        (statements, _) in script(),
        crlf in any::<bool>(),
    ) {
        let mut lines = Vec::new();
        if no_transaction {
            lines.push("-- no-transaction".to_owned());
        }
        for statement in &statements {
            lines.push(format!("{};", statement.replace('\n', " ")));
        }
        if irreversible {
            let at = lines.len() / 2 + usize::from(no_transaction && lines.len() < 2);
            lines.insert(at.min(lines.len()), marker_spacing.to_owned());
        }
        let end = if crlf { "\r\n" } else { "\n" };
        let text = format!(
            "{}{}{}",
            if bom { "\u{feff}" } else { "" },
            blank,
            lines.join(end)
        );
        let got = parse_directives(&text);
        prop_assert_eq!(got.no_transaction, no_transaction, "{:?}", text);
        prop_assert_eq!(got.irreversible, irreversible, "{:?}", text);
    }

    #[test]
    fn flyway_versions_print_and_parse_back(parts in prop::collection::vec(0u64..100_000, 1..5)) {
        let text = parts.iter().map(u64::to_string).collect::<Vec<_>>().join("_");
        let version = FlywayVersion::parse(&text).unwrap();
        let printed = version.to_string();
        prop_assert_eq!(FlywayVersion::parse(&printed), Some(version));
    }
}

/// A generated revision: its version, description, statements both ways
/// and whether it runs outside a transaction.
#[derive(Debug, Clone)]
struct Rev {
    version: u64,
    description: String,
    up: Vec<String>,
    down: Vec<String>,
    no_transaction: bool,
}

fn revisions() -> impl Strategy<Value = Vec<Rev>> {
    prop::collection::vec(
        (
            1u64..1_000,
            "[a-z][a-z_]{0,10}",
            prop::collection::vec(statement(), 1..4),
            prop::collection::vec(statement(), 1..4),
            any::<bool>(),
        ),
        1..6,
    )
    .prop_map(|raw| {
        // Strictly increasing versions.
        let mut version = 0;
        raw.into_iter()
            .map(|(step, description, up, down, no_transaction)| {
                version += step;
                Rev {
                    version,
                    description,
                    up,
                    down,
                    no_transaction,
                }
            })
            .collect()
    })
}

fn body(statements: &[String]) -> String {
    statements
        .iter()
        .map(|s| format!("{s};\n"))
        .collect::<String>()
}

fn texts(sql: &str) -> Vec<String> {
    split_statements(sql).into_iter().map(|s| s.text).collect()
}

fn mode(no_transaction: bool) -> TxMode {
    if no_transaction {
        TxMode::NoTransaction
    } else {
        TxMode::Transaction
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_flat_history_reads_back_as_written(revs in revisions(), width in 1usize..6) {
        let dir = tempfile::tempdir().unwrap();
        for rev in &revs {
            let stem = format!("{:0width$}_{}", rev.version, rev.description);
            let directive = if rev.no_transaction { "-- no-transaction\n" } else { "" };
            std::fs::write(
                dir.path().join(format!("{stem}.up.sql")),
                format!("{directive}{}", body(&rev.up)),
            )
            .unwrap();
            std::fs::write(dir.path().join(format!("{stem}.down.sql")), body(&rev.down)).unwrap();
        }
        let history = load_flat(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        prop_assert_eq!(history.revisions.len(), revs.len());
        for (got, rev) in history.revisions.iter().zip(&revs) {
            prop_assert_eq!(got.id(), format!("{:0width$}_{}", rev.version, rev.description));
            prop_assert_eq!(got.version, rev.version);
            prop_assert_eq!(&got.description, &rev.description);
            prop_assert_eq!(got.up.transaction, mode(rev.no_transaction));
            prop_assert_eq!(texts(&got.up.script.sql), rev.up.clone());
            let down = got.down.as_ref().unwrap();
            prop_assert_eq!(texts(&down.script.sql), rev.down.clone());
        }
    }

    #[test]
    fn a_dbmate_history_reads_back_as_written(revs in revisions()) {
        let dir = tempfile::tempdir().unwrap();
        let mut lines_before_down = Vec::new();
        for rev in &revs {
            let option = if rev.no_transaction { " transaction:false" } else { "" };
            let up = format!("-- migrate:up{option}\n{}\n", body(&rev.up));
            lines_before_down.push(up.matches('\n').count());
            std::fs::write(
                dir.path().join(format!("{:014}_{}.sql", rev.version, rev.description)),
                format!("{up}-- migrate:down\n{}", body(&rev.down)),
            )
            .unwrap();
        }
        let history = load_dbmate(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        prop_assert_eq!(history.revisions.len(), revs.len());
        for ((got, rev), before) in history.revisions.iter().zip(&revs).zip(lines_before_down) {
            prop_assert_eq!(got.version, rev.version);
            prop_assert_eq!(got.up.transaction, mode(rev.no_transaction));
            prop_assert_eq!(texts(&got.up.script.sql), rev.up.clone());
            let down = got.down.as_ref().unwrap();
            prop_assert_eq!(texts(&down.script.sql), rev.down.clone());
            // The down section starts at its marker's line.
            prop_assert_eq!(down.script.first_line(), before + 1);
        }
    }
}

//! Statements a step cannot run the way pg-roundtrip runs it, found when
//! the history is read so that the user learns it with the file, line and
//! column, before any server starts:
//!
//! * psql meta-commands (`\set`, `\i`, `\copy`, …): pg-roundtrip sends the
//!   script to the server, which knows no backslash commands (sqlx,
//!   golang-migrate, diesel, dbmate, goose and Flyway do the same, so such
//!   a file fails under its own tool too);
//! * `COPY … FROM STDIN` and `COPY … TO STDOUT`: they stream rows through
//!   the client, which sends none and reads none;
//! * in a step that runs in one transaction, a statement PostgreSQL refuses
//!   inside a transaction block (`VACUUM`, `CREATE INDEX CONCURRENTLY`, …):
//!   the fix is the layout's way of running the file outside one;
//! * `ALTER SYSTEM`, in any step: it rewrites the server's configuration,
//!   which is not the migration's to change (and, on a url server, the
//!   user's).
//!
//! Statements come from the splitter, so words inside strings, comments and
//! function bodies never count. After a `COPY … FROM STDIN` the rest of the
//! file is its data, which is not checked.

use super::error::Problem;
use super::split::{Statement, line_column, split_statements};
use super::{Script, Step, TxMode};

/// Statements PostgreSQL refuses inside a transaction block.
pub(super) fn cannot_run_in_transaction(statement: &str) -> bool {
    refused_in_transaction(statement).is_some()
}

/// The command of a statement PostgreSQL refuses inside a transaction
/// block (`CREATE INDEX CONCURRENTLY`), if it is one.
fn refused_in_transaction(statement: &str) -> Option<&'static str> {
    let words = words(statement, 5);
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let command = match words.as_slice() {
        ["CREATE", "INDEX", "CONCURRENTLY", ..] => "CREATE INDEX CONCURRENTLY",
        ["CREATE", "UNIQUE", "INDEX", "CONCURRENTLY", ..] => "CREATE UNIQUE INDEX CONCURRENTLY",
        ["DROP", "INDEX", "CONCURRENTLY", ..] => "DROP INDEX CONCURRENTLY",
        ["VACUUM", ..] => "VACUUM",
        ["CREATE", "DATABASE", ..] => "CREATE DATABASE",
        ["DROP", "DATABASE", ..] => "DROP DATABASE",
        ["CREATE", "TABLESPACE", ..] => "CREATE TABLESPACE",
        ["DROP", "TABLESPACE", ..] => "DROP TABLESPACE",
        ["ALTER", "SYSTEM", ..] => "ALTER SYSTEM",
        ["REINDEX", ..] if statement.to_ascii_uppercase().contains("CONCURRENTLY") => {
            "REINDEX CONCURRENTLY"
        }
        _ => return None,
    };
    Some(command)
}

/// `ALTER SYSTEM …`: it changes the whole server (`postgresql.auto.conf`),
/// which lives outside the databases pg-roundtrip creates and, on a url
/// server, is the user's. Refused in every file, in a transaction or not.
fn changes_server_configuration(statement: &str) -> bool {
    let words = words(statement, 2);
    words.len() == 2 && words[0] == "ALTER" && words[1] == "SYSTEM"
}

/// The leading words of a statement, upper-cased (letters, digits and `_`).
fn words(text: &str, count: usize) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .take(count)
        .map(str::to_ascii_uppercase)
        .collect()
}

/// `COPY … FROM STDIN` or `COPY … TO STDOUT`: the direction's words.
fn copy_through_client(statement: &str) -> Option<&'static str> {
    let first = statement.split_whitespace().next()?;
    if !first.eq_ignore_ascii_case("copy") {
        return None;
    }
    let words = words(statement, usize::MAX);
    words
        .windows(2)
        .find_map(|pair| match [&*pair[0], &*pair[1]] {
            ["FROM", "STDIN"] => Some("FROM STDIN"),
            ["TO", "STDOUT"] => Some("TO STDOUT"),
            _ => None,
        })
}

/// The psql meta-command a statement starts with (`\set`), if any.
fn meta_command(statement: &str) -> Option<&str> {
    let rest = statement.strip_prefix('\\')?;
    let end = rest.find(|c: char| c.is_whitespace()).unwrap_or(rest.len());
    Some(&statement[..1 + end])
}

fn position(script: &Script, statement: &Statement) -> (usize, usize) {
    let (line, column) = line_column(&script.sql, statement.start);
    (line + script.line_offset, column)
}

/// Records a problem for every statement of `step` that cannot run the way
/// the step runs. `own_transactions` says how the layout lets a file run
/// outside a transaction, as the start of a sentence ("add
/// `-- no-transaction` as the first line").
pub(super) fn check_step(step: &Step, own_transactions: &str, problems: &mut Vec<Problem>) {
    check_script(
        &step.script,
        (step.transaction == TxMode::Transaction).then_some(own_transactions),
        true,
        problems,
    );
}

/// [`check_step`] on a script; `in_transaction` is the layout's way out of
/// the transaction when the script runs in one; `meta_commands` whether
/// to look for psql meta-commands (a reader that reports them by line
/// itself says no).
pub(super) fn check_script(
    script: &Script,
    in_transaction: Option<&str>,
    meta_commands: bool,
    problems: &mut Vec<Problem>,
) {
    for statement in split_statements(&script.sql) {
        let text = statement.text.as_str();
        // Placed only when there is a problem: placing counts the script's
        // characters up to the statement.
        let at = |problem: Problem| {
            let (line, column) = position(script, &statement);
            problem.at(line, column)
        };
        if let Some(command) = meta_command(text).filter(|_| meta_commands) {
            problems.push(
                at(Problem::new(
                    &script.path,
                    format!("`{command}` is a psql meta-command, not SQL"),
                ))
                .with_help(
                    "pg-roundtrip sends the file to the server, as your migration tool does, and \
                     the server knows no backslash commands: write it in SQL (`\\set`: a literal \
                     value; `\\i`: the included file's statements)",
                ),
            );
        } else if let Some(direction) = copy_through_client(text) {
            problems.push(
                at(Problem::new(
                    &script.path,
                    format!(
                        "`COPY … {direction}` streams rows through the client, which \
                         pg-roundtrip does not do"
                    ),
                ))
                .with_help(
                    "write the rows as INSERT statements (or COPY from a file the server can \
                     read); the lines after it are data, not SQL",
                ),
            );
            // What follows is the COPY's data until `\.`, not statements.
            return;
        } else if changes_server_configuration(text) {
            problems.push(
                at(Problem::new(
                    &script.path,
                    "`ALTER SYSTEM` rewrites the server's configuration file, outside any \
                     database: pg-roundtrip does not run it",
                ))
                .with_help(
                    "a migration changes one database; set server parameters in the server's \
                     own configuration (or `ALTER DATABASE … SET` for this database), not in a \
                     migration",
                ),
            );
        } else if let Some(way_out) = in_transaction
            && let Some(command) = refused_in_transaction(text)
        {
            problems.push(
                at(Problem::new(
                    &script.path,
                    format!(
                        "`{command}` cannot run inside a transaction block, and this file runs \
                         in one"
                    ),
                ))
                .with_help(format!(
                    "{way_out} to run the file outside a transaction (each statement then runs \
                     on its own), or move the statement into a migration of its own that does"
                )),
            );
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn problems(sql: &str, in_transaction: bool) -> Vec<(usize, usize, String)> {
        let script = Script {
            path: PathBuf::from("m/1_a.up.sql"),
            sql: sql.to_owned(),
            line_offset: 2,
            checksum: String::new(),
        };
        let mut out = Vec::new();
        check_script(&script, in_transaction.then_some("add X"), true, &mut out);
        out.into_iter()
            .map(|p| (p.line.unwrap(), p.column.unwrap(), p.message))
            .collect()
    }

    #[test]
    fn alter_system_is_refused_in_and_outside_a_transaction() {
        for in_transaction in [true, false] {
            let found = problems(
                "CREATE TABLE t (id int);\n  alter system set work_mem = '1MB';\n",
                in_transaction,
            );
            assert_eq!(found.len(), 1, "{found:?}");
            assert_eq!((found[0].0, found[0].1), (4, 3));
            assert!(found[0].2.contains("`ALTER SYSTEM` rewrites"), "{found:?}");
        }
        assert!(problems("SELECT 'ALTER SYSTEM';\nALTER SYSTEMS;\n", false).is_empty());
    }

    #[test]
    fn meta_commands_are_named_with_their_line() {
        let got = problems("SELECT 1;\n  \\set x 1\nSELECT 2;", false);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!((got[0].0, got[0].1), (4, 3));
        assert!(got[0].2.starts_with("`\\set` is a psql meta-command"));
    }

    #[test]
    fn backslashes_in_strings_and_bodies_are_not_meta_commands() {
        let sql = "SELECT E'\\n';\nCREATE FUNCTION f() RETURNS text AS $$\n\\x\n$$ LANGUAGE sql;";
        assert!(problems(sql, true).is_empty());
    }

    #[test]
    fn copy_from_stdin_stops_the_check_at_its_data() {
        let sql = "CREATE TABLE t (id int);\ncopy t (id) from stdin;\n1\n\\N\n\\.\nVACUUM t;";
        let got = problems(sql, true);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!((got[0].0, got[0].1), (4, 1));
        assert!(got[0].2.contains("COPY … FROM STDIN"));
        assert!(
            problems("COPY (SELECT 1) TO STDOUT", false)[0]
                .2
                .contains("TO STDOUT")
        );
        assert!(problems("COPY t FROM '/tmp/data.csv'", false).is_empty());
    }

    #[test]
    fn non_transactional_statements_only_matter_in_a_transaction() {
        let sql = "CREATE TABLE t (id int);\nCREATE INDEX CONCURRENTLY i ON t (id);\nvacuum t;";
        let got = problems(sql, true);
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!((got[0].0, got[0].1), (4, 1));
        assert!(
            got[0]
                .2
                .starts_with("`CREATE INDEX CONCURRENTLY` cannot run")
        );
        assert!(got[1].2.starts_with("`VACUUM` cannot run"));
        assert!(problems(sql, false).is_empty());
        let body = "DO $$ BEGIN PERFORM 1; END $$; SELECT 'VACUUM';";
        assert!(problems(body, true).is_empty());
    }

    #[test]
    fn statements_refused_in_a_transaction() {
        assert!(cannot_run_in_transaction(
            "create index concurrently i on t (c)"
        ));
        assert!(cannot_run_in_transaction(
            "CREATE UNIQUE INDEX CONCURRENTLY i ON t (c)"
        ));
        assert!(cannot_run_in_transaction("VACUUM t"));
        assert!(cannot_run_in_transaction("REINDEX TABLE CONCURRENTLY t"));
        assert!(!cannot_run_in_transaction("CREATE INDEX i ON t (c)"));
    }
}

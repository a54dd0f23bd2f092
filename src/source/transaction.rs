//! Transaction control written inside a migration file (`BEGIN`, `COMMIT`,
//! `ROLLBACK`, …), and whether it breaks the one transaction a step runs in.
//!
//! Every layout but sqitch runs a step in one transaction unless the file
//! says otherwise (sqlx's `-- no-transaction`, dbmate's `transaction:false`,
//! …). A `COMMIT` in the middle of such a file ends that transaction early:
//! sqlx then commits the first half and runs the rest on its own, and a
//! failure after it leaves half a migration behind. dbmate and goose run
//! it in a Go transaction that the `COMMIT` ends under them (lib/pq then
//! fails with "unexpected transaction status idle"). So such a file is a history
//! problem, reported with its line, and the fix is one of two: remove the
//! statement, or let the file manage its own transactions.
//!
//! One shape is accepted: a file wrapped whole in `BEGIN; … COMMIT;`, as
//! golang-migrate advises. It is still one transaction: the opening `BEGIN`
//! only warns inside the step's transaction, and the closing `COMMIT`
//! commits it. `SAVEPOINT`, `RELEASE` and `ROLLBACK TO` are fine anywhere.
//! Statements come from the splitter, so words inside strings, comments and
//! function bodies never count.

use super::error::Problem;
use super::split::{Statement, line_column, split_statements};
use super::{Layout, Revision, Script, Step, TxMode};

/// What a transaction control statement does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ControlKind {
    /// `BEGIN`, `START TRANSACTION`.
    Start,
    /// `COMMIT`, `END` without `AND CHAIN`.
    Commit,
    /// Anything else that ends or restarts a transaction: `ROLLBACK`,
    /// `ABORT`, `… AND CHAIN`, `PREPARE TRANSACTION`, `COMMIT PREPARED`.
    Other,
}

/// One transaction control statement of a script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransactionControl {
    pub statement: Statement,
    pub kind: ControlKind,
    /// The command as the file spells it, upper-cased: `COMMIT`,
    /// `ROLLBACK AND CHAIN`, `START TRANSACTION`.
    pub command: String,
}

/// The leading words of a statement, upper-cased (letters only).
fn words(text: &str, count: usize) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
        .take(count)
        .map(str::to_ascii_uppercase)
        .collect()
}

/// Whether `statement` controls the transaction, and how.
fn classify(statement: &Statement) -> Option<TransactionControl> {
    let w = words(&statement.text, 4);
    let w: Vec<&str> = w.iter().map(String::as_str).collect();
    let chain = |w: &[&str]| {
        let upper = statement.text.to_ascii_uppercase();
        w.contains(&"AND") && upper.contains("CHAIN") && !upper.contains("NO CHAIN")
    };
    let (kind, command) = match w.as_slice() {
        ["BEGIN", ..] => (ControlKind::Start, "BEGIN"),
        ["START", "TRANSACTION", ..] => (ControlKind::Start, "START TRANSACTION"),
        ["COMMIT", "PREPARED", ..] => (ControlKind::Other, "COMMIT PREPARED"),
        ["ROLLBACK", "PREPARED", ..] => (ControlKind::Other, "ROLLBACK PREPARED"),
        ["ROLLBACK", "TO", ..] | ["ROLLBACK", _, "TO", ..] => return None,
        ["PREPARE", "TRANSACTION", ..] => (ControlKind::Other, "PREPARE TRANSACTION"),
        [first @ ("COMMIT" | "END"), ..] if chain(&w) => (
            ControlKind::Other,
            if *first == "END" {
                "END AND CHAIN"
            } else {
                "COMMIT AND CHAIN"
            },
        ),
        ["COMMIT", ..] => (ControlKind::Commit, "COMMIT"),
        ["END", ..] => (ControlKind::Commit, "END"),
        [first @ ("ROLLBACK" | "ABORT"), ..] if chain(&w) => (
            ControlKind::Other,
            if *first == "ABORT" {
                "ABORT AND CHAIN"
            } else {
                "ROLLBACK AND CHAIN"
            },
        ),
        ["ROLLBACK", ..] => (ControlKind::Other, "ROLLBACK"),
        ["ABORT", ..] => (ControlKind::Other, "ABORT"),
        _ => return None,
    };
    Some(TransactionControl {
        statement: statement.clone(),
        kind,
        command: command.to_owned(),
    })
}

/// Every transaction control statement of `sql`, in order.
pub fn transaction_control(sql: &str) -> Vec<TransactionControl> {
    split_statements(sql).iter().filter_map(classify).collect()
}

/// The first transaction control statement of `sql` that would break the
/// one transaction the script runs in: anything but a `BEGIN` (or `START
/// TRANSACTION`) as the first statement and a `COMMIT` (or `END`) as the
/// last.
pub fn breaks_transaction(sql: &str) -> Option<TransactionControl> {
    let statements = split_statements(sql);
    let last = statements.len().saturating_sub(1);
    statements.iter().enumerate().find_map(|(i, statement)| {
        let control = classify(statement)?;
        let allowed = match control.kind {
            ControlKind::Start => i == 0,
            ControlKind::Commit => i == last,
            ControlKind::Other => false,
        };
        (!allowed).then_some(control)
    })
}

/// The 1-based line and column in its file where `control` starts.
pub(crate) fn control_position(script: &Script, control: &TransactionControl) -> (usize, usize) {
    let (line, column) = line_column(&script.sql, control.statement.start);
    (line + script.line_offset, column)
}

/// Records a problem when a step that runs in one transaction holds
/// transaction control that breaks it. `own_transactions` says how the
/// layout lets a file manage its own transactions, as the end of a
/// sentence ("add `-- no-transaction` as the first line").
pub(super) fn check_step(step: &Step, own_transactions: &str, problems: &mut Vec<Problem>) {
    if step.transaction != TxMode::Transaction {
        return;
    }
    let Some(control) = breaks_transaction(&step.script.sql) else {
        return;
    };
    let (line, column) = control_position(&step.script, &control);
    let what = match control.kind {
        ControlKind::Start => "starts a transaction inside the one the file already runs in",
        _ => {
            "ends the transaction the file runs in, so the statements after it would not be undone with it"
        }
    };
    problems.push(
        Problem::new(&step.script.path, format!("`{}` {what}", control.command))
            .at(line, column)
            .with_help(format!(
                "remove it, or {own_transactions} to let the file manage its own transaction"
            )),
    );
}

/// How a file of `layout` says that it manages its own transactions, as
/// the end of "remove it, or …".
fn own_transactions(layout: Layout) -> &'static str {
    match layout {
        Layout::Flat => "add `-- no-transaction` as the first line",
        Layout::Diesel => "add `run_in_transaction = false` to the migration's `metadata.toml`",
        Layout::Dbmate => "add `transaction:false` to the section's `-- migrate:` line",
        Layout::Goose => "add `-- +goose NO TRANSACTION` at the top of the file",
        Layout::Flyway => "add `executeInTransaction=false` to the script's `.sql.conf` file",
        Layout::Sqitch => "leave it: sqitch scripts manage their own transactions",
        Layout::Alembic | Layout::Command => "leave it: the tool runs its own steps",
    }
}

/// Checks every step of `revisions` (read as `layout`) that runs in one
/// transaction with [`check_step`].
pub(super) fn check_revisions(revisions: &[Revision], layout: Layout, problems: &mut Vec<Problem>) {
    let help = own_transactions(layout);
    for revision in revisions {
        for step in std::iter::once(&revision.up).chain(revision.down.as_ref()) {
            check_step(step, help, problems);
            super::unsupported::check_step(step, help, problems);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn breaking(sql: &str) -> Option<(String, usize)> {
        breaks_transaction(sql).map(|c| (c.command, c.statement.line))
    }

    #[test]
    fn a_file_wrapped_whole_is_one_transaction() {
        assert_eq!(breaking("BEGIN;\nCREATE TABLE a ();\nCOMMIT;\n"), None);
        assert_eq!(breaking("start transaction;\nSELECT 1;\nend;"), None);
        assert_eq!(breaking("BEGIN;\nSELECT 1;\n"), None);
        assert_eq!(breaking("SELECT 1;\nCOMMIT;\n"), None);
        assert_eq!(breaking("BEGIN;\nCOMMIT;"), None);
    }

    #[test]
    fn control_in_the_middle_breaks_it() {
        assert_eq!(
            breaking("BEGIN;\nCREATE TABLE a ();\nCOMMIT;\nCREATE TABLE b ();\n"),
            Some(("COMMIT".into(), 3))
        );
        assert_eq!(
            breaking("SELECT 1;\nBEGIN;\nSELECT 2;"),
            Some(("BEGIN".into(), 2))
        );
        assert_eq!(
            breaking("SELECT 1;\nROLLBACK;"),
            Some(("ROLLBACK".into(), 2))
        );
        assert_eq!(breaking("ABORT;"), Some(("ABORT".into(), 1)));
        assert_eq!(
            breaking("SELECT 1;\ncommit and chain;\nSELECT 2;\nCOMMIT;"),
            Some(("COMMIT AND CHAIN".into(), 2))
        );
        assert_eq!(
            breaking("SELECT 1;\nCOMMIT AND CHAIN;"),
            Some(("COMMIT AND CHAIN".into(), 2))
        );
        assert_eq!(
            breaking("ROLLBACK AND CHAIN;"),
            Some(("ROLLBACK AND CHAIN".into(), 1))
        );
        assert_eq!(
            breaking("SELECT 1;\nPREPARE TRANSACTION 'x';"),
            Some(("PREPARE TRANSACTION".into(), 2))
        );
        assert_eq!(
            breaking("SELECT 1;\nCOMMIT PREPARED 'x';"),
            Some(("COMMIT PREPARED".into(), 2))
        );
    }

    #[test]
    fn commit_and_no_chain_is_a_commit() {
        assert_eq!(breaking("SELECT 1;\nCOMMIT AND NO CHAIN;"), None);
    }

    #[test]
    fn savepoints_are_fine() {
        let sql = "SAVEPOINT s;\nSELECT 1;\nROLLBACK TO SAVEPOINT s;\nROLLBACK TO s;\n\
                   ROLLBACK TRANSACTION TO s;\nRELEASE SAVEPOINT s;\nSELECT 2;";
        assert_eq!(breaking(sql), None);
        assert!(transaction_control(sql).is_empty());
    }

    #[test]
    fn words_in_bodies_strings_and_comments_do_not_count() {
        let sql = "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$\nBEGIN\n  COMMIT;\nEND $$;\n\
                   DO $$ BEGIN ROLLBACK; END $$;\n\
                   SELECT 'COMMIT;';\n-- COMMIT;\n/* ROLLBACK; */\n\
                   CREATE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC SELECT 1; END;\nSELECT 3;";
        assert_eq!(breaking(sql), None);
        assert!(transaction_control(sql).is_empty());
    }

    #[test]
    fn prepared_statements_are_not_control() {
        assert_eq!(breaking("PREPARE q AS SELECT 1;\nEXECUTE q;"), None);
    }

    #[test]
    fn positions_count_the_line_offset() {
        let script = Script {
            path: "a.sql".into(),
            sql: "SELECT 1;\n  COMMIT;\nSELECT 2;".into(),
            line_offset: 4,
            checksum: String::new(),
        };
        let control = breaks_transaction(&script.sql);
        assert_eq!(control.map(|c| control_position(&script, &c)), Some((6, 3)));
    }
}

//! goose SQL migrations: one file per revision, `<version>_<name>.sql`,
//! both directions in one file, driven by annotations:
//!
//! ```sql
//! -- +goose NO TRANSACTION
//! -- +goose Up
//! -- +goose StatementBegin
//! CREATE FUNCTION … $$ … ; … $$;
//! -- +goose StatementEnd
//! -- +goose Down
//! DROP FUNCTION …;
//! ```
//!
//! Rules, as goose reads them:
//! * the version is the digits before the first `_`, an integer;
//! * an annotation is a line that starts (no leading space) with
//!   `-- +goose ` and one of `Up`, `Down`, `StatementBegin`,
//!   `StatementEnd`, `NO TRANSACTION`, `ENVSUB ON`, `ENVSUB OFF`, in any
//!   case;
//! * `Up` is required and comes once; `Down` is optional and comes after
//!   it; `StatementBegin`/`StatementEnd` pair up inside a section;
//! * `NO TRANSACTION` runs both directions outside a transaction;
//! * `ENVSUB ON` (substituting `${VAR}` from the environment) is not
//!   supported: it is reported with its line;
//! * `.go` migrations cannot be run and are reported.
//!
//! A missing `Down`, or one with no statement, leaves the revision without
//! a downgrade: a problem unless the file says
//! `-- pg-roundtrip: irreversible`. StatementBegin/End only tell goose
//! where statements end; pg-roundtrip's own splitter finds the same
//! boundaries, so the annotations stay in the scripts as comments. Each
//! section's script starts at its annotation line.

use std::path::Path;

use super::companions::exclude_hint;
use super::directive::parse_directives;
use super::error::{HistoryError, Problem};
use super::exclude::Exclude;
use super::files::{Content, numbered_stem, read, sql_stem, tx_mode};
use super::sections::{SectionWords, lines, load_sectioned, section, up_and_down};
use super::{Down, History, Layout, Revision, RevisionName, Step};

/// Reads a goose history from `dir`, in version order.
pub fn load_goose(dir: &Path) -> Result<History, HistoryError> {
    read_goose(dir, &Exclude::default())
}

/// [`load_goose`], leaving out what `exclude` matches.
pub(super) fn read_goose(dir: &Path, exclude: &Exclude) -> Result<History, HistoryError> {
    load_sectioned(
        dir,
        exclude,
        Layout::Goose,
        "add `<version>_<name>.sql` files with `-- +goose Up` and `-- +goose Down` sections",
        file,
    )
}

fn file(path: &Path, name: &str, problems: &mut Vec<Problem>) -> Option<Revision> {
    if !path.is_file() {
        problems.push(
            Problem::new(
                path,
                "unexpected directory or special file in a goose history",
            )
            .with_help(
                "move it out of the migrations directory; goose reads `<version>_<name>.sql` files",
            ),
        );
        return None;
    }
    if name.ends_with(".go") {
        // A numbered one is a Go migration, left out before this with a
        // warning (`sections`); this is other Go code.
        problems.push(
            Problem::new(path, "not a migration file: Go code without a version").with_help(
                format!(
                    "goose's Go migrations are named `<version>_<name>.go`; \
                     move this file out of the migrations directory, {}",
                    exclude_hint(path)
                ),
            ),
        );
        return None;
    }
    let Some(stem) = sql_stem(name) else {
        problems.push(
            Problem::new(path, "not a migration file").with_help(format!(
                "a goose history holds `<version>_<name>.sql` files (hidden files and a README \
             are ignored); move it out of the migrations directory, {}",
                exclude_hint(path)
            )),
        );
        return None;
    };
    let (version, version_text, description) = match numbered_stem(stem) {
        Ok((_, _, "")) => Err(format!("`{stem}` has no `_` after the version")),
        other => other,
    }
    .map_err(|message| {
        problems.push(Problem::new(path, message).with_help(
            "rename it to `<version>_<name>.sql`, such as `00001_create_tasks.sql` or `20240101120000_create_tasks.sql`",
        ));
    })
    .ok()?;
    let content = read(path, problems)?;
    let (up, down) = sections(path, &content, problems)?;
    let name = RevisionName {
        id: stem.to_owned(),
        version,
        version_text: version_text.to_owned(),
        description: description.to_owned(),
        aliases: Vec::new(),
        numbered: true,
    };
    Some(Revision::with_down(name, up, down))
}

/// What an annotation line says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Annotation {
    Up,
    Down,
    StatementBegin,
    StatementEnd,
    NoTransaction,
    EnvsubOn,
    EnvsubOff,
}

/// The annotation on `line`, `Some(Err(word))` for an unknown one.
fn annotation(line: &str) -> Option<Result<Annotation, String>> {
    let rest = line.strip_prefix("-- +goose")?;
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let words: Vec<String> = rest
        .split_whitespace()
        .map(str::to_ascii_lowercase)
        .collect();
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    Some(match words.as_slice() {
        ["up", ..] => Ok(Annotation::Up),
        ["down", ..] => Ok(Annotation::Down),
        ["statementbegin", ..] => Ok(Annotation::StatementBegin),
        ["statementend", ..] => Ok(Annotation::StatementEnd),
        ["no", "transaction", ..] => Ok(Annotation::NoTransaction),
        ["envsub", "on", ..] => Ok(Annotation::EnvsubOn),
        ["envsub", "off", ..] => Ok(Annotation::EnvsubOff),
        _ => Err(rest.trim().to_owned()),
    })
}

fn sections(path: &Path, content: &Content, problems: &mut Vec<Problem>) -> Option<(Step, Down)> {
    let all = lines(content.sql());
    let before = problems.len();
    let mut up: Option<usize> = None;
    let mut down: Option<usize> = None;
    let mut no_transaction = false;
    let mut open_statement: Option<usize> = None;
    for (i, line) in all.iter().enumerate() {
        if line.text.trim_start().starts_with("-- +goose") && !line.text.starts_with("-- +goose") {
            problems.push(
                Problem::new(path, "goose annotation with leading whitespace")
                    .at(line.number, 1)
                    .with_help("goose reads annotations only at the start of a line: remove the indentation"),
            );
            continue;
        }
        let Some(found) = annotation(line.text) else {
            continue;
        };
        let at = |p: Problem| p.at(line.number, 1);
        match found {
            Err(word) => problems.push(at(Problem::new(
                path,
                format!("unknown goose annotation `{word}`"),
            )
            .with_help("goose knows Up, Down, StatementBegin, StatementEnd, NO TRANSACTION and ENVSUB ON/OFF"))),
            Ok(Annotation::Up) if up.is_some() => problems.push(at(Problem::new(
                path,
                "more than one `-- +goose Up`",
            )
            .with_help("keep one `-- +goose Up` per file"))),
            Ok(Annotation::Up) => up = Some(i),
            Ok(Annotation::Down) if up.is_none() => problems.push(at(Problem::new(
                path,
                "`-- +goose Down` before `-- +goose Up`",
            )
            .with_help("put the Up section first, as goose requires"))),
            Ok(Annotation::Down) if down.is_some() => problems.push(at(Problem::new(
                path,
                "more than one `-- +goose Down`",
            )
            .with_help("keep one `-- +goose Down` per file"))),
            Ok(Annotation::Down) => {
                if let Some(open) = open_statement.take() {
                    problems.push(unclosed(path, all[open].number));
                }
                down = Some(i);
            }
            Ok(Annotation::StatementBegin) => {
                if let Some(open) = open_statement.replace(i) {
                    problems.push(unclosed(path, all[open].number));
                }
            }
            Ok(Annotation::StatementEnd) => {
                if open_statement.take().is_none() {
                    problems.push(at(Problem::new(
                        path,
                        "`-- +goose StatementEnd` without a StatementBegin",
                    )
                    .with_help("add `-- +goose StatementBegin` before the statement, or remove this line")));
                }
            }
            Ok(Annotation::NoTransaction) => no_transaction = true,
            Ok(Annotation::EnvsubOn) => problems.push(at(Problem::new(
                path,
                "`-- +goose ENVSUB ON` is not supported",
            )
            .with_help("pg-roundtrip runs the SQL as written, without substituting environment variables; write the values into the migration"))),
            Ok(Annotation::EnvsubOff) => {}
        }
    }
    if let Some(open) = open_statement {
        problems.push(unclosed(path, all[open].number));
    }
    let Some(up) = up else {
        problems.push(Problem::new(path, "no `-- +goose Up` annotation").with_help(
            "start the upgrade with a line `-- +goose Up` and the downgrade with `-- +goose Down`",
        ));
        return None;
    };
    if problems.len() > before {
        return None;
    }
    let transaction = tx_mode(no_transaction);
    let up_end = down.unwrap_or(all.len());
    let up_step = Step {
        script: section(path, content, &all, up, up_end),
        transaction,
        runner: super::Runner::Sql,
    };
    let down_step = down.map(|d| Step {
        script: section(path, content, &all, d, all.len()),
        transaction,
        runner: super::Runner::Sql,
    });
    let irreversible = parse_directives(content.sql()).irreversible;
    up_and_down(
        path,
        up_step,
        down_step,
        irreversible,
        &SectionWords {
            down_marker: "-- +goose Down",
            down_section: "Down section",
            up_section: "Up section",
        },
        problems,
    )
}

fn unclosed(path: &Path, line: usize) -> Problem {
    Problem::new(path, "`-- +goose StatementBegin` without a StatementEnd")
        .at(line, 1)
        .with_help("add `-- +goose StatementEnd` after the statement's last line")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annotations_are_case_insensitive() {
        assert_eq!(annotation("-- +goose Up"), Some(Ok(Annotation::Up)));
        assert_eq!(annotation("-- +goose up"), Some(Ok(Annotation::Up)));
        assert_eq!(annotation("-- +goose DOWN"), Some(Ok(Annotation::Down)));
        assert_eq!(
            annotation("-- +goose NO TRANSACTION"),
            Some(Ok(Annotation::NoTransaction))
        );
        assert_eq!(
            annotation("-- +goose StatementBegin"),
            Some(Ok(Annotation::StatementBegin))
        );
        assert_eq!(
            annotation("-- +goose ENVSUB ON"),
            Some(Ok(Annotation::EnvsubOn))
        );
        assert_eq!(
            annotation("-- +goose sideways"),
            Some(Err("sideways".into()))
        );
        assert_eq!(annotation("-- +gooseUp"), None);
        assert_eq!(annotation("-- goose Up"), None);
    }
}

//! dbmate: one file per revision, `<version>_<name>.sql`, holding both
//! directions in sections that start at a marker line:
//!
//! ```sql
//! -- migrate:up transaction:false
//! CREATE INDEX CONCURRENTLY …;
//!
//! -- migrate:down
//! DROP INDEX …;
//! ```
//!
//! Rules, as dbmate reads them:
//! * the version is the leading digits of the file name, compared as an
//!   integer (dbmate's versions are timestamps of one width, so its text
//!   order and ours agree); the name follows a `_`;
//! * a marker is a line `-- migrate:up` or `-- migrate:down` (spaces after
//!   `--` optional), followed by options; the one option is
//!   `transaction:false`, which runs that section outside a transaction;
//! * the up section is required and comes once; nothing but comments may
//!   precede the first marker;
//! * a missing down section, or one with no statement, leaves the revision
//!   without a downgrade: that is a problem unless the file says
//!   `-- pg-roundtrip: irreversible`.
//!
//! Each section's script starts at its marker line, so that a server error
//! lands on the right line of the file and a finding about the downgrade
//! names the line where `-- migrate:down` is.

use std::path::Path;

use super::companions::exclude_hint;
use super::directive::parse_directives;
use super::error::{HistoryError, Problem};
use super::exclude::Exclude;
use super::files::{Content, is_blank_sql, numbered_stem, read, sql_stem, tx_mode};
use super::sections::{Line, SectionWords, lines, load_sectioned, section, up_and_down};
use super::{Down, History, Layout, Revision, RevisionName, Step};

/// Reads a dbmate history from `dir`, in version order.
pub fn load_dbmate(dir: &Path) -> Result<History, HistoryError> {
    read_dbmate(dir, &Exclude::default())
}

/// [`load_dbmate`], leaving out what `exclude` matches.
pub(super) fn read_dbmate(dir: &Path, exclude: &Exclude) -> Result<History, HistoryError> {
    load_sectioned(
        dir,
        exclude,
        Layout::Dbmate,
        "add `<version>_<name>.sql` files with `-- migrate:up` and `-- migrate:down` sections",
        file,
    )
}

/// One migration file, or the problems that keep it from being one.
fn file(path: &Path, name: &str, problems: &mut Vec<Problem>) -> Option<Revision> {
    if !path.is_file() {
        problems.push(
            Problem::new(path, "unexpected directory or special file in a dbmate history")
                .with_help(format!("dbmate reads only `<version>_<name>.sql` files; move it out of the migrations directory, {}", exclude_hint(path))),
        );
        return None;
    }
    let Some(stem) = sql_stem(name) else {
        problems.push(
            Problem::new(path, "not a migration file").with_help(format!(
                "a dbmate history holds only `<version>_<name>.sql` files (hidden files and a \
             README are ignored); move it out of the migrations directory, {}",
                exclude_hint(path)
            )),
        );
        return None;
    };
    let (version, version_text, description) = match numbered_stem(stem) {
        Ok(parts) => parts,
        Err(message) => {
            problems.push(Problem::new(path, message).with_help(
                "rename it to `<version>_<name>.sql`, where the version is digits such as `20240101120000`",
            ));
            return None;
        }
    };
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

/// A marker line: which section it opens, and its options.
struct Marker<'a> {
    index: usize,
    up: bool,
    options: &'a str,
}

/// `-- migrate:up …` or `-- migrate:down …`.
fn marker<'a>(line: &Line<'a>, index: usize) -> Option<Marker<'a>> {
    let rest = line.text.strip_prefix("--")?.trim_start();
    let (up, options) = if let Some(options) = rest.strip_prefix("migrate:up") {
        (true, options)
    } else {
        (false, rest.strip_prefix("migrate:down")?)
    };
    (options.is_empty() || options.starts_with(char::is_whitespace)).then_some(Marker {
        index,
        up,
        options,
    })
}

/// The up step and the down step (or `None` for a declared irreversible
/// revision) of one file.
fn sections(path: &Path, content: &Content, problems: &mut Vec<Problem>) -> Option<(Step, Down)> {
    let all = lines(content.sql());
    let markers: Vec<Marker<'_>> = all
        .iter()
        .enumerate()
        .filter_map(|(i, l)| marker(l, i))
        .collect();
    let before = problems.len();
    let ups: Vec<&Marker<'_>> = markers.iter().filter(|m| m.up).collect();
    let downs: Vec<&Marker<'_>> = markers.iter().filter(|m| !m.up).collect();
    match ups.as_slice() {
        [] => problems.push(Problem::new(path, "no `-- migrate:up` section").with_help(
            "start the upgrade with a line `-- migrate:up` and the downgrade with `-- migrate:down`",
        )),
        [_] => {}
        [_, again, ..] => problems.push(
            Problem::new(path, "more than one `-- migrate:up` section")
                .at(all[again.index].number, 1)
                .with_help("keep one `-- migrate:up` section per file"),
        ),
    }
    if let [_, again, ..] = downs.as_slice() {
        problems.push(
            Problem::new(path, "more than one `-- migrate:down` section")
                .at(all[again.index].number, 1)
                .with_help("keep one `-- migrate:down` section per file"),
        );
    }
    let first = markers.first().map_or(all.len(), |m| m.index);
    let head = section(path, content, &all, 0, first);
    if !markers.is_empty() && !is_blank_sql(&head.sql) {
        problems.push(
            Problem::new(path, "SQL before the first `-- migrate:` marker")
                .at(1, 1)
                .with_help("dbmate runs only the sections; move it below `-- migrate:up`"),
        );
    }
    let mut steps = Vec::new();
    for (n, m) in markers.iter().enumerate() {
        let end = markers.get(n + 1).map_or(all.len(), |next| next.index);
        let no_transaction = options(path, &all[m.index], m.options, problems);
        let script = section(path, content, &all, m.index, end);
        steps.push((
            m.up,
            Step {
                script,
                transaction: tx_mode(no_transaction),
                runner: super::Runner::Sql,
            },
        ));
    }
    if problems.len() > before {
        return None;
    }
    let irreversible = parse_directives(content.sql()).irreversible;
    let up = steps.iter().find(|(up, _)| *up).map(|(_, s)| s.clone())?;
    let down = steps.into_iter().find(|(up, _)| !*up).map(|(_, s)| s);
    up_and_down(
        path,
        up,
        down,
        irreversible,
        &SectionWords {
            down_marker: "-- migrate:down",
            down_section: "down section",
            up_section: "up section",
        },
        problems,
    )
}

/// Reads a marker's options; returns whether the section runs outside a
/// transaction.
fn options(path: &Path, line: &Line<'_>, options: &str, problems: &mut Vec<Problem>) -> bool {
    let mut no_transaction = false;
    for option in options.split_whitespace() {
        match option {
            "transaction:false" => no_transaction = true,
            "transaction:true" => no_transaction = false,
            other => {
                let column = line.text.find(other).map_or(1, |c| c + 1);
                problems.push(
                    Problem::new(path, format!("unknown dbmate option `{other}`"))
                        .at(line.number, column)
                        .with_help("the one option dbmate knows is `transaction:false`"),
                );
            }
        }
    }
    no_transaction
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(text: &str) -> Option<(bool, &str)> {
        let line = Line {
            number: 1,
            text,
            start: 0,
        };
        marker(&line, 0).map(|m| (m.up, m.options))
    }

    #[test]
    fn markers() {
        assert_eq!(parts("-- migrate:up"), Some((true, "")));
        assert_eq!(parts("--migrate:down"), Some((false, "")));
        assert_eq!(
            parts("-- migrate:up transaction:false"),
            Some((true, " transaction:false"))
        );
        assert_eq!(parts("-- migrate:upgrade"), None);
        assert_eq!(parts(" -- migrate:up"), None);
        assert_eq!(parts("-- migrate: up"), None);
    }
}

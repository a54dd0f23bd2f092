//! Files that hold both directions, cut into sections at marker lines
//! (`-- migrate:down`, `-- +goose Down`), each section keeping the line it
//! starts on so that errors land on the right line of the file.

use std::path::Path;

use super::companions::go_up_left_out;
use super::directive::IRREVERSIBLE_MARKER;
use super::error::{HistoryError, Problem};
use super::exclude::Exclude;
use super::files::{Content, Lister, check_dir, entries, is_blank_sql, numbered_stem};
use super::transaction::check_revisions;
use super::{Down, History, Layout, MissingDown, Revision, Script, Step, place};
use std::collections::BTreeMap;

/// Reads a history of one `<version>_<name>.sql` file per revision, both
/// directions in sections of that file (dbmate, goose): every file through
/// `file`, sorted by version, a version used twice reported once per
/// clash. `empty_help` says what an empty directory should hold.
pub(super) fn load_sectioned(
    dir: &Path,
    exclude: &Exclude,
    layout: Layout,
    empty_help: &str,
    file: impl Fn(&Path, &str, &mut Vec<Problem>) -> Option<Revision>,
) -> Result<History, HistoryError> {
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let mut by_version: BTreeMap<u64, Vec<Revision>> = BTreeMap::new();
    if check_dir(dir, &mut problems) {
        let found = entries(Lister::new(dir, exclude), dir, &mut problems);
        if found.is_empty() && problems.is_empty() {
            problems.push(Problem::new(dir, "no migration files found").with_help(empty_help));
        }
        for entry in found {
            // goose's Go migrations (`00002_x.go`) hold both directions in
            // code: recognised, and left out with a warning.
            if layout == Layout::Goose
                && entry.is_file()
                && let Some(stem) = entry.name.strip_suffix(".go")
                && numbered_stem(stem).is_ok()
            {
                warnings.push(go_up_left_out(&entry.path, stem, None));
                continue;
            }
            if let Some(revision) = file(&entry.path, &entry.name, &mut problems) {
                by_version
                    .entry(revision.version)
                    .or_default()
                    .push(revision);
            }
        }
    }
    let mut revisions = Vec::new();
    for (version, mut same) in by_version {
        if same.len() > 1 {
            let names: Vec<String> = same.iter().map(|r| format!("`{}.sql`", r.id())).collect();
            problems.push(
                Problem::new(
                    &same[0].up.script.path,
                    format!(
                        "version {version} is used by more than one file: {}",
                        names.join(", ")
                    ),
                )
                .with_help("give each revision its own version, or remove the extra files"),
            );
        } else if let Some(revision) = same.pop() {
            revisions.push(revision);
        }
    }
    check_revisions(&revisions, layout, &mut problems);
    if !problems.is_empty() {
        return Err(HistoryError::new(dir, problems));
    }
    place(&mut revisions);
    Ok(History {
        dir: dir.to_path_buf(),
        format: layout,
        revisions,
        warnings,
    })
}

/// One line of a file.
#[derive(Debug, Clone, Copy)]
pub(super) struct Line<'a> {
    /// 1-based.
    pub number: usize,
    /// Without its line ending (`\n` or `\r\n`).
    pub text: &'a str,
    /// Byte offset of the line's first character in the text.
    pub start: usize,
}

/// The lines of `text` (a BOM already stripped).
pub(super) fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, raw) in text.split_inclusive('\n').enumerate() {
        let text_of_line = raw
            .strip_suffix('\n')
            .map(|l| l.strip_suffix('\r').unwrap_or(l))
            .unwrap_or(raw);
        out.push(Line {
            number: i + 1,
            text: text_of_line,
            start,
        });
        start += raw.len();
    }
    out
}

/// The script made of lines `from..to` (0-based indexes into `lines`,
/// `to` exclusive) of the file at `path`: it starts on line `from + 1`.
pub(super) fn section(
    path: &Path,
    content: &Content,
    lines: &[Line<'_>],
    from: usize,
    to: usize,
) -> Script {
    let text = content.sql();
    let begin = lines.get(from).map_or(text.len(), |l| l.start);
    let end = lines.get(to).map_or(text.len(), |l| l.start);
    Script {
        path: path.to_path_buf(),
        sql: text[begin..end].to_owned(),
        line_offset: from,
        checksum: content.checksum.clone(),
    }
}

/// How a layout names the sections of a file, for the messages about them:
/// `-- migrate:down` / `up section` (dbmate), `-- +goose Down` / `Up section`.
pub(super) struct SectionWords {
    pub down_marker: &'static str,
    pub down_section: &'static str,
    pub up_section: &'static str,
}

/// The revision's steps from its up step and its down section, as the
/// irreversible marker says: a down with SQL (refused when the file is
/// marked irreversible), none when the file is marked irreversible, and
/// otherwise a missing down (an empty or absent down section), which the
/// walk reports.
pub(super) fn up_and_down(
    path: &Path,
    up: Step,
    down: Option<Step>,
    irreversible: bool,
    words: &SectionWords,
    problems: &mut Vec<Problem>,
) -> Option<(Step, Down)> {
    let SectionWords {
        down_marker,
        down_section,
        up_section,
    } = words;
    match down {
        Some(down) if !is_blank_sql(&down.script.sql) => {
            if irreversible {
                problems.push(
                    Problem::new(
                        path,
                        format!("marked irreversible, but its `{down_marker}` section has SQL"),
                    )
                    .at(down.script.first_line(), 1)
                    .with_help(format!(
                        "remove the `{IRREVERSIBLE_MARKER}` line, or empty the {down_section}"
                    )),
                );
                return None;
            }
            Some((up, Down::Step(down)))
        }
        _ if irreversible => Some((up, Down::Declared)),
        Some(down) => Some((
            up,
            Down::Missing(MissingDown {
                file: path.to_path_buf(),
                line: Some(down.script.first_line()),
                what: format!("an empty `{down_marker}` section"),
                help: format!(
                    "write the SQL that undoes the {up_section} below `{down_marker}`, \
                     or declare the revision irreversible with a line `{IRREVERSIBLE_MARKER}`"
                ),
            }),
        )),
        None => Some((
            up,
            Down::Missing(MissingDown {
                file: path.to_path_buf(),
                line: None,
                what: format!("no `{down_marker}` section"),
                help: format!(
                    "add a `{down_marker}` section that undoes the {up_section}, \
                     or declare the revision irreversible with a line `{IRREVERSIBLE_MARKER}`"
                ),
            }),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_numbered_and_keep_offsets() {
        let text = "a\r\nbc\n\nd";
        let got: Vec<(usize, &str, usize)> = lines(text)
            .iter()
            .map(|l| (l.number, l.text, l.start))
            .collect();
        assert_eq!(got, [(1, "a", 0), (2, "bc", 3), (3, "", 6), (4, "d", 7)]);
    }

    #[test]
    fn a_section_starts_on_its_line() {
        let content = Content {
            text: "\u{feff}-- up\nSELECT 1;\n-- down\nSELECT 2;\n".into(),
            checksum: "x".into(),
        };
        let all = lines(content.sql());
        let down = section(Path::new("f.sql"), &content, &all, 2, all.len());
        assert_eq!(down.sql, "-- down\nSELECT 2;\n");
        assert_eq!(down.first_line(), 3);
        let up = section(Path::new("f.sql"), &content, &all, 0, 2);
        assert_eq!(up.sql, "-- up\nSELECT 1;\n");
        assert_eq!(up.line_offset, 0);
    }
}

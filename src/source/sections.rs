//! Files that hold both directions, cut into sections at marker lines
//! (`-- migrate:down`, `-- +goose Down`), each section keeping the line it
//! starts on so that errors land on the right line of the file.

use std::path::Path;

use super::Script;
use super::files::Content;

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

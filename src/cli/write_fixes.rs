//! `check --write-fixes`: appends each downgrade mismatch's suggested fix
//! to its down file, as a marked block, after the walks.
//!
//! Only a file whose content is still what the walk read (its SHA-256,
//! as the history recorded it) is touched; an Alembic revision file only
//! with `--write-fixes-alembic` (the block goes at the end of its
//! `downgrade()`); a down section that does not end its file (dbmate,
//! goose) is left alone. One block per file, from the first walk that
//! suggested one.

use super::error::CliError;
use crate::fix::FixLanguage;
use crate::report::suggestion::{self as words, BLOCK_END};
use crate::source::History;
use crate::walk::{FindingKind, WalkReport};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What the walk read of each down file: its SHA-256 and the down
/// script's text (for a file that also holds the up section).
pub struct Read {
    files: BTreeMap<PathBuf, (String, String)>,
}

impl Read {
    /// Every down file of `histories`, as read.
    pub fn of<'a>(histories: impl IntoIterator<Item = &'a History>) -> Self {
        let files = histories
            .into_iter()
            .flat_map(|h| &h.revisions)
            .filter_map(|r| r.down.as_ref())
            .map(|d| {
                let s = &d.script;
                (s.path.clone(), (s.checksum.clone(), s.sql.clone()))
            })
            .collect();
        Read { files }
    }
}

/// Appends the suggestions of `walks` to their down files; returns one
/// line per file, written or left alone with why.
pub fn write(walks: &[WalkReport], read: &Read, alembic: bool) -> Result<Vec<String>, CliError> {
    let mut done: BTreeMap<PathBuf, ()> = BTreeMap::new();
    let mut lines = Vec::new();
    for walk in walks {
        for outcome in &walk.revisions {
            for finding in &outcome.findings {
                if finding.kind() != FindingKind::DowngradeMismatch {
                    continue;
                }
                let (Some(s), Some(file)) = (&finding.suggestion, finding.file()) else {
                    continue;
                };
                if s.fix.statements.is_empty() || done.insert(file.to_path_buf(), ()).is_some() {
                    continue;
                }
                let header = words::block_header(&outcome.id, walk.pg_major);
                lines.push(one(file, &header, &s.fix, read, alembic)?);
            }
        }
    }
    Ok(lines)
}

fn one(
    file: &Path,
    header: &str,
    fix: &crate::fix::Fix,
    read: &Read,
    alembic: bool,
) -> Result<String, CliError> {
    let failed = |source| CliError::ReportFile {
        action: "append the suggested fix to",
        path: file.to_path_buf(),
        source,
    };
    let Some((checksum, down_sql)) = read.files.get(file) else {
        return Ok(words::not_read(file));
    };
    let bytes = std::fs::read(file).map_err(failed)?;
    if hex(&Sha256::digest(&bytes)) != *checksum {
        return Ok(words::changed_since(file));
    }
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let new = match fix.language {
        FixLanguage::Alembic if !alembic => return Ok(words::alembic_needs_flag(file)),
        FixLanguage::Alembic => match into_downgrade(&text, header, &fix.text()) {
            Some(new) => new,
            None => return Ok(words::no_downgrade_function(file)),
        },
        FixLanguage::Sql => {
            if !text.trim_end().ends_with(down_sql.trim_end()) {
                return Ok(words::down_not_at_end(file));
            }
            let mut new = text.clone();
            if !new.ends_with('\n') {
                new.push('\n');
            }
            new.push_str(&format!("\n-- {header}\n{}\n-- {BLOCK_END}\n", fix.text()));
            new
        }
    };
    std::fs::write(file, new).map_err(failed)?;
    Ok(words::written(file, fix.statements.len()))
}

/// `text` with the block at the end of its `def downgrade(…)` body.
fn into_downgrade(text: &str, header: &str, calls: &str) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.starts_with("def downgrade(") || l.starts_with("async def downgrade("))?;
    let body_end = lines[start + 1..]
        .iter()
        .position(|l| !l.trim().is_empty() && !l.starts_with([' ', '\t']))
        .map_or(lines.len(), |i| start + 1 + i);
    // Before the blank lines that end the body.
    let mut at = body_end;
    while at > start + 1 && lines[at - 1].trim().is_empty() {
        at -= 1;
    }
    let indent: String = lines[start + 1..at]
        .iter()
        .find(|l| !l.trim().is_empty())
        .map(|l| l.chars().take_while(|c| c.is_whitespace()).collect())
        .unwrap_or_else(|| "    ".to_string());
    let mut block = vec![format!("{indent}# {header}")];
    block.extend(calls.lines().map(|c| format!("{indent}{c}")));
    block.push(format!("{indent}# {BLOCK_END}"));
    let mut out: Vec<String> = lines[..at].iter().map(|l| l.to_string()).collect();
    out.extend(block);
    out.extend(lines[at..].iter().map(|l| l.to_string()));
    let mut new = out.join("\n");
    new.push('\n');
    Some(new)
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::into_downgrade;

    #[test]
    fn the_block_goes_at_the_end_of_downgrade() {
        let text = "def upgrade():\n    op.create_index(\"ix\", \"t\", [\"a\"])\n\n\ndef downgrade():\n    pass\n\n\ndef other():\n    pass\n";
        let new = into_downgrade(text, "H", "op.drop_index(\"ix\")").unwrap();
        assert_eq!(
            new,
            "def upgrade():\n    op.create_index(\"ix\", \"t\", [\"a\"])\n\n\ndef downgrade():\n    pass\n    # H\n    op.drop_index(\"ix\")\n    # pg-roundtrip: end of suggested fix\n\n\ndef other():\n    pass\n"
        );
        assert!(into_downgrade("def upgrade():\n    pass\n", "H", "x").is_none());
    }
}

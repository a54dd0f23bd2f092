//! `--format github`: GitHub Actions workflow commands.
//!
//! One `::error` annotation per finding on the offending file (with line
//! and column when known), then a plain summary ([`write`]). When the
//! `GITHUB_STEP_SUMMARY` file is set, a Markdown table of revisions is
//! appended to it as well ([`append_step_summary`]); a step summary that
//! cannot be written is its own error, never the verdict's.

use super::display_path;
use super::json::from_walk;
use super::json::schema::{Report, RevisionStatus};
use crate::walk::WalkReport;
use std::io::{self, Write};
use std::path::PathBuf;

/// The variable that names the step summary file.
pub const STEP_SUMMARY: &str = "GITHUB_STEP_SUMMARY";

/// A step summary that could not be appended to its file.
#[derive(Debug, thiserror::Error)]
#[error("failed to append the step summary to {STEP_SUMMARY}={}: {source}", path.display())]
pub struct StepSummaryError {
    /// The file `GITHUB_STEP_SUMMARY` names.
    pub path: PathBuf,
    #[source]
    pub source: io::Error,
}

/// Writes the annotations and summary lines of `reports` (the step
/// summary is [`append_step_summary`]'s).
pub fn write(out: &mut impl Write, reports: &[WalkReport]) -> io::Result<()> {
    write_annotations(out, &from_walk::report(reports))
}

/// Appends the step summary of `report` to the file `GITHUB_STEP_SUMMARY`
/// names; nothing when it is unset or empty.
pub fn append_step_summary(report: &Report) -> Result<(), StepSummaryError> {
    let Some(path) = std::env::var_os(STEP_SUMMARY).filter(|p| !p.is_empty()) else {
        return Ok(());
    };
    let path = PathBuf::from(path);
    std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(&path)
        .and_then(|mut file| file.write_all(summary(report).as_bytes()))
        .map_err(|source| StepSummaryError { path, source })
}

/// The workflow commands and summary lines of `report`, without the step
/// summary.
pub fn write_annotations(out: &mut impl Write, report: &Report) -> io::Result<()> {
    for walk in &report.runs {
        let annotations = walk
            .findings()
            .map(|f| ("error", f))
            .chain(walk.warnings().map(|w| ("warning", w)));
        for (level, f) in annotations {
            let mut props = Vec::new();
            if let Some(file) = &f.file {
                props.push(format!("file={}", escape_property(&display_path(file))));
            }
            if let Some(l) = f.line {
                props.push(format!("line={l}"));
            }
            if let Some(c) = f.column {
                props.push(format!("col={c}"));
            }
            props.push(format!(
                "title={}",
                escape_property(&format!("pg-roundtrip {}: {}", f.kind, f.revision))
            ));
            let mut message = f.message.clone();
            for d in &f.details {
                message.push('\n');
                message.push_str(d);
            }
            for line in f.suggestion.iter().flat_map(super::suggestion::lines) {
                message.push('\n');
                message.push_str(&line);
            }
            writeln!(
                out,
                "::{level} {}::{}",
                props.join(","),
                escape_data(&message)
            )?;
        }
        if let Some(g) = &walk.generated {
            writeln!(
                out,
                "pg-roundtrip: {} on PostgreSQL {}: data: {}",
                display_path(&walk.history),
                walk.pg_major,
                super::data_wording::generated_summary(g)
            )?;
        }
        let failed = walk.failed_revisions();
        writeln!(
            out,
            "pg-roundtrip: {} on PostgreSQL {}: {} of {} revisions failed",
            display_path(&walk.history),
            walk.pg_major,
            failed,
            walk.revisions.len()
        )?;
    }
    Ok(())
}

/// The Markdown step summary.
pub fn summary(report: &Report) -> String {
    let mut md = String::new();
    for walk in &report.runs {
        md.push_str(&format!(
            "### pg-roundtrip: `{}` on PostgreSQL {}\n\n| revision | result | findings |\n|---|---|---|\n",
            display_path(&walk.history),
            walk.pg_major
        ));
        for r in &walk.revisions {
            let result = match r.status {
                RevisionStatus::Passed if r.findings.is_empty() => "✅ ok".to_string(),
                RevisionStatus::IrreversibleAllowed => "⚠️ irreversible (allowed)".to_string(),
                RevisionStatus::NotRun => "⏭️ not run".to_string(),
                _ => "❌ failed".to_string(),
            };
            let findings: Vec<String> = r
                .findings
                .iter()
                .map(|f| format!("{}: {}", f.kind, f.message.replace('|', "\\|")))
                .collect();
            md.push_str(&format!(
                "| `{}` | {} | {} |\n",
                r.id,
                result,
                findings.join("<br>")
            ));
        }
        if let Some(g) = &walk.generated {
            md.push_str(&format!(
                "\ndata: {}\n",
                super::data_wording::generated_summary(g)
            ));
        }
        md.push('\n');
    }
    md
}

/// Escapes a workflow command's message.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_follow_the_workflow_command_rules() {
        assert_eq!(escape_data("50%\nnext"), "50%25%0Anext");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}

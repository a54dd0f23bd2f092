//! The terminal report: one line per revision, details under failures.

use super::{display_path, textdiff, wording};
use crate::walk::{Finding, RevisionStatus, WalkReport};
use std::io::{self, Write};

/// Writes the terminal report of `reports`; ANSI colours when `color`.
pub fn write(out: &mut impl Write, reports: &[WalkReport], color: bool) -> io::Result<()> {
    let paint = |code: &str, s: &str| {
        if color {
            format!("\u{1b}[{code}m{s}\u{1b}[0m")
        } else {
            s.to_string()
        }
    };
    // Several versions: one group per version, in the order given (the
    // reports come ordered by version), and a line per version at the end.
    let mut majors: Vec<u32> = Vec::new();
    for r in reports {
        if !majors.contains(&r.pg_major) {
            majors.push(r.pg_major);
        }
    }
    let grouped = majors.len() > 1;
    let mut current = None;
    for report in reports {
        if grouped && current != Some(report.pg_major) {
            current = Some(report.pg_major);
            writeln!(
                out,
                "{}",
                paint("1", &format!("── PostgreSQL {} ──", report.pg_major))
            )?;
        }
        writeln!(
            out,
            "{} ({} revisions) on {}",
            display_path(&report.history),
            report.revisions.len(),
            report.server
        )?;
        let width = report
            .revisions
            .iter()
            .map(|r| r.id.len())
            .max()
            .unwrap_or(0);
        for r in &report.revisions {
            let only_new =
                !r.findings.is_empty() && r.findings.iter().all(wording::is_new_snapshot);
            let (tag, note) = match &r.status {
                RevisionStatus::Passed => (paint("32", "ok  "), String::new()),
                RevisionStatus::Failed if only_new => (paint("33", "new "), String::new()),
                RevisionStatus::Failed => (paint("31;1", "FAIL"), String::new()),
                RevisionStatus::Irreversible { allowed: true } => {
                    (paint("33", "up  "), "irreversible (allowed)".to_string())
                }
                RevisionStatus::Irreversible { allowed: false } => {
                    (paint("31;1", "FAIL"), "irreversible".to_string())
                }
                RevisionStatus::NotRun { reason } => (
                    paint("90", "skip"),
                    format!("not run: {}", wording::not_run(reason)),
                ),
            };
            let t = &r.timings;
            let timing = if matches!(r.status, RevisionStatus::NotRun { .. }) {
                String::new()
            } else {
                format!(
                    "up {} down {} up {} inspect {}",
                    ms(t.up),
                    ms(t.down),
                    ms(t.reup),
                    ms(t.inspect)
                )
            };
            writeln!(
                out,
                "  {tag} {:width$}  {}",
                r.id,
                paint("90", if note.is_empty() { &timing } else { &note })
            )?;
            for f in &r.findings {
                finding(out, f, color, "")?;
            }
            for w in &r.warnings {
                finding(out, w, color, &format!("{} ", paint("33", "warning")))?;
            }
        }
        let failed: Vec<_> = report.findings().collect();
        let not_run = report
            .revisions
            .iter()
            .filter(|r| matches!(r.status, RevisionStatus::NotRun { .. }))
            .count();
        // A first run: every finding says only "no snapshot yet".
        let new: Vec<&Finding> = failed
            .iter()
            .copied()
            .filter(|f| wording::is_new_snapshot(f))
            .collect();
        if report.passed() {
            writeln!(
                out,
                "{} every revision round-trips ({:.1} s)\n",
                paint("32;1", "ok:"),
                report.duration.as_secs_f64()
            )?;
        } else if not_run == 0 && !new.is_empty() && new.len() == failed.len() {
            let written = new.iter().all(|f| match &f.problem {
                crate::walk::Problem::SnapshotMismatch(s) => s.pending.is_some(),
                _ => false,
            });
            writeln!(
                out,
                "{} {} ({:.1} s)\n",
                paint("33;1", "new snapshots:"),
                wording::new_snapshots(new.len(), written, wording::in_cargo_package()),
                report.duration.as_secs_f64()
            )?;
        } else {
            let mut kinds: Vec<String> = Vec::new();
            for f in &failed {
                let k = f.kind().as_str().to_string();
                if !kinds.contains(&k) {
                    kinds.push(k);
                }
            }
            let failed_revisions = report.failed_revisions();
            writeln!(
                out,
                "{} {failed_revisions} of {} revisions failed ({}){} ({:.1} s)\n",
                paint("31;1", "FAILED:"),
                report.revisions.len(),
                kinds.join(", "),
                if not_run > 0 {
                    format!(", {not_run} not run")
                } else {
                    String::new()
                },
                report.duration.as_secs_f64()
            )?;
        }
    }
    if grouped {
        let verdicts: Vec<String> = majors
            .iter()
            .map(|m| {
                let runs: Vec<&WalkReport> = reports.iter().filter(|r| r.pg_major == *m).collect();
                let new = runs
                    .iter()
                    .flat_map(|r| r.findings())
                    .filter(|f| wording::is_new_snapshot(f))
                    .count();
                let only_new = runs.iter().all(|r| {
                    r.findings().all(wording::is_new_snapshot)
                        && !r
                            .revisions
                            .iter()
                            .any(|o| matches!(o.status, RevisionStatus::NotRun { .. }))
                });
                if runs.iter().all(|r| r.passed()) {
                    format!("PostgreSQL {m} {}", paint("32;1", "ok"))
                } else if only_new {
                    format!(
                        "PostgreSQL {m} {} ({new} new snapshots to review)",
                        paint("33;1", "round-trips")
                    )
                } else {
                    let failed = runs
                        .iter()
                        .flat_map(|r| r.revisions.iter())
                        .filter(|r| !r.findings.is_empty())
                        .count();
                    format!(
                        "PostgreSQL {m} {} ({failed} revisions)",
                        paint("31;1", "FAILED")
                    )
                }
            })
            .collect();
        writeln!(out, "versions: {}", verdicts.join(" · "))?;
    }
    Ok(())
}

/// One finding; `prefix` marks warnings.
fn finding(out: &mut impl Write, f: &Finding, color: bool, prefix: &str) -> io::Result<()> {
    writeln!(out, "       {prefix}{}: {}", f.kind(), wording::message(f))?;
    if let Some(file) = f.file() {
        let mut at = display_path(file);
        if let (Some(l), Some(c)) = (f.line(), f.column()) {
            at = format!("{at}:{l}:{c}");
        } else if let Some(l) = f.line() {
            at = format!("{at}:{l}");
        }
        writeln!(out, "         --> {at}")?;
    }
    for d in wording::details(f) {
        writeln!(out, "         {d}")?;
    }
    if !f.expected().is_empty() || !f.actual().is_empty() {
        writeln!(out, "         diff (< expected, > actual):")?;
        for line in textdiff::lines(f.expected(), f.actual(), color).lines() {
            writeln!(out, "         {line}")?;
        }
    }
    Ok(())
}

/// A step's time; `-` for a step that did not run.
fn ms(d: std::time::Duration) -> String {
    if d.is_zero() {
        "-".to_string()
    } else {
        format!("{}ms", d.as_millis())
    }
}

//! The terminal report: one line per revision, details under failures.

use super::json::from_walk;
use super::json::schema::{Finding, Report, RevisionStatus, Run};
use super::{display_path, textdiff, wording};
use crate::walk::WalkReport;
use std::io::{self, Write};

/// Writes the terminal report of `reports`; ANSI colours when `color`.
pub fn write(out: &mut impl Write, reports: &[WalkReport], color: bool) -> io::Result<()> {
    write_report(out, &from_walk::report(reports), color)
}

/// Writes the terminal report of `report` (a walk's, or merged
/// partitions'); ANSI colours when `color`.
pub fn write_report(out: &mut impl Write, report: &Report, color: bool) -> io::Result<()> {
    let paint = |code: &str, s: &str| {
        if color {
            format!("\u{1b}[{code}m{s}\u{1b}[0m")
        } else {
            s.to_string()
        }
    };
    // Several versions: one group per version, in the order given (the
    // runs come ordered by version), and a line per version at the end.
    let majors = &report.versions;
    let grouped = majors.len() > 1;
    let mut current = None;
    for run in &report.runs {
        if grouped && current != Some(run.pg_major) {
            current = Some(run.pg_major);
            writeln!(
                out,
                "{}",
                paint("1", &format!("── PostgreSQL {} ──", run.pg_major))
            )?;
        }
        writeln!(
            out,
            "{} ({} revisions) on {}",
            display_path(&run.history),
            run.revisions.len(),
            run.server
        )?;
        let width = run.revisions.iter().map(|r| r.id.len()).max().unwrap_or(0);
        let mut skipped_until = 0;
        for (i, r) in run.revisions.iter().enumerate() {
            if i < skipped_until {
                continue;
            }
            // A run of revisions not run for one reason is one line.
            let same = run.revisions[i..]
                .iter()
                .take_while(|o| {
                    o.status == RevisionStatus::NotRun && o.not_run_reason == r.not_run_reason
                })
                .count();
            if same >= 3 {
                let last = &run.revisions[i + same - 1];
                writeln!(
                    out,
                    "  {} {} … {} ({same} revisions)  {}",
                    paint("90", "skip"),
                    r.id,
                    last.id,
                    paint(
                        "90",
                        &format!("not run: {}", r.not_run_reason.as_deref().unwrap_or(""))
                    )
                )?;
                skipped_until = i + same;
                continue;
            }
            let (tag, note) = match r.status {
                RevisionStatus::Passed => (paint("32", "ok  "), String::new()),
                RevisionStatus::Failed if r.only_new_snapshots() => {
                    (paint("33", "new "), String::new())
                }
                RevisionStatus::Failed => (paint("31;1", "FAIL"), String::new()),
                RevisionStatus::IrreversibleAllowed => {
                    (paint("33", "up  "), "irreversible (allowed)".to_string())
                }
                RevisionStatus::Irreversible => (paint("31;1", "FAIL"), "irreversible".to_string()),
                RevisionStatus::NotRun => (
                    paint("90", "skip"),
                    format!("not run: {}", r.not_run_reason.as_deref().unwrap_or("")),
                ),
            };
            let timing = if r.status == RevisionStatus::NotRun {
                String::new()
            } else {
                format!(
                    "up {} down {} up {} inspect {}",
                    ms(r.steps.up.duration_ms),
                    ms(r.steps.down.duration_ms),
                    ms(r.steps.reup.duration_ms),
                    ms(r.inspect_ms)
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
        if let Some(g) = &run.generated {
            writeln!(
                out,
                "{} {}",
                paint("90", "data:"),
                super::data_wording::generated_summary(g)
            )?;
        }
        verdict(out, run, &paint)?;
    }
    if grouped {
        let verdicts: Vec<String> = majors
            .iter()
            .map(|m| {
                let runs: Vec<&Run> = report.runs.iter().filter(|r| r.pg_major == *m).collect();
                let new = runs.iter().flat_map(|r| new_snapshots(r)).count();
                let only_new = runs.iter().all(|r| {
                    r.revisions
                        .iter()
                        .all(|o| o.findings.iter().all(|f| o.is_new_snapshot(f)))
                        && r.not_run() == 0
                });
                if runs.iter().all(|r| r.passed) {
                    format!("PostgreSQL {m} {}", paint("32;1", "ok"))
                } else if only_new {
                    format!(
                        "PostgreSQL {m} {} ({new} new snapshots to review)",
                        paint("33;1", "round-trips")
                    )
                } else {
                    let failed: usize = runs.iter().map(|r| r.failed_revisions()).sum();
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

/// The line that ends a run: ok, new snapshots only, or what failed.
fn verdict(
    out: &mut impl Write,
    run: &Run,
    paint: &impl Fn(&str, &str) -> String,
) -> io::Result<()> {
    let failed: Vec<&Finding> = run.findings().collect();
    let not_run = run.not_run();
    let seconds = run.duration_ms as f64 / 1000.0;
    // A first run: every finding says only "no snapshot yet".
    let new = new_snapshots(run);
    if run.passed {
        writeln!(
            out,
            "{} every revision round-trips ({seconds:.1} s)\n",
            paint("32;1", "ok:"),
        )
    } else if not_run == 0 && !new.is_empty() && new.len() == failed.len() {
        let written = new
            .iter()
            .all(|(r, _)| r.snapshot.as_ref().is_some_and(|s| s.pending.is_some()));
        writeln!(
            out,
            "{} {} ({seconds:.1} s)\n",
            paint("33;1", "new snapshots:"),
            wording::new_snapshots(new.len(), written, wording::in_cargo_package()),
        )
    } else {
        let mut kinds: Vec<&str> = Vec::new();
        for f in &failed {
            if !kinds.contains(&f.kind.as_str()) {
                kinds.push(f.kind.as_str());
            }
        }
        let mut ids: Vec<&str> = Vec::new();
        for f in &failed {
            if !ids.contains(&f.revision.as_str()) {
                ids.push(f.revision.as_str());
            }
        }
        writeln!(
            out,
            "{} {} of {} revisions failed ({}){} ({seconds:.1} s)\n  failed: {}\n",
            paint("31;1", "FAILED:"),
            run.failed_revisions(),
            run.revisions.len(),
            kinds.join(", "),
            if not_run > 0 {
                format!(", {not_run} not run")
            } else {
                String::new()
            },
            wording::failed_revisions(&ids, 10),
        )
    }
}

/// The findings of `run` that say only "no snapshot yet", with their
/// revisions.
fn new_snapshots(run: &Run) -> Vec<(&super::json::schema::Revision, &Finding)> {
    run.revisions
        .iter()
        .flat_map(|r| r.findings.iter().map(move |f| (r, f)))
        .filter(|(r, f)| r.is_new_snapshot(f))
        .collect()
}

/// One finding; `prefix` marks warnings.
fn finding(out: &mut impl Write, f: &Finding, color: bool, prefix: &str) -> io::Result<()> {
    writeln!(out, "       {prefix}{}: {}", f.kind, f.message)?;
    if let Some(file) = &f.file {
        let mut at = display_path(file);
        if let (Some(l), Some(c)) = (f.line, f.column) {
            at = format!("{at}:{l}:{c}");
        } else if let Some(l) = f.line {
            at = format!("{at}:{l}");
        }
        writeln!(out, "         --> {at}")?;
    }
    for d in &f.details {
        writeln!(out, "         {d}")?;
    }
    if !f.before.is_empty() || !f.after.is_empty() {
        writeln!(out, "         diff (< expected, > actual):")?;
        // Which lines to keep is decided on the plain diff; without colour
        // it is also what is shown.
        let plain = textdiff::lines(&f.before, &f.after, false);
        let painted = color.then(|| textdiff::lines(&f.before, &f.after, true));
        let plain: Vec<&str> = plain.lines().collect();
        let painted: Vec<&str> = painted.iter().flat_map(|p| p.lines()).collect();
        let shown = if painted.len() == plain.len() {
            &painted
        } else {
            &plain
        };
        let (kept, left_out) = trimmed(&plain, DIFF_CONTEXT, DIFF_CAP);
        let mut previous = None;
        for i in kept {
            if previous.is_some_and(|p| p + 1 != i) {
                writeln!(out, "         ⋮")?;
            }
            writeln!(out, "         {}", shown[i])?;
            previous = Some(i);
        }
        if left_out > 0 {
            writeln!(
                out,
                "         … {left_out} more changed lines; the whole before and after are in \
                 the JSON report (--report json=PATH)"
            )?;
        }
    }
    if let Some(s) = &f.suggestion {
        for line in super::suggestion::lines(s) {
            writeln!(out, "         {line}")?;
        }
    }
    Ok(())
}

/// Unchanged lines kept around each changed one.
const DIFF_CONTEXT: usize = 3;
/// The most lines of one finding's diff shown.
const DIFF_CAP: usize = 60;

/// Which lines of a diff (` `, `<`, `>` lines) to show: every changed line
/// with `context` unchanged lines around it and each object's header
/// (an unindented line) above a change, at most `cap` lines; and how many
/// changed lines the cap left out.
fn trimmed(lines: &[&str], context: usize, cap: usize) -> (Vec<usize>, usize) {
    let changed = |l: &str| l.starts_with('<') || l.starts_with('>');
    let header = |l: &str| l.len() > 1 && l.starts_with(' ') && !l[1..].starts_with(' ');
    let mut keep = vec![false; lines.len()];
    let mut last_header = None;
    for (i, l) in lines.iter().enumerate() {
        if header(l) {
            last_header = Some(i);
        }
        if changed(l) {
            for k in keep
                .iter_mut()
                .take((i + context + 1).min(lines.len()))
                .skip(i.saturating_sub(context))
            {
                *k = true;
            }
            if let Some(h) = last_header {
                keep[h] = true;
            }
        }
    }
    let kept: Vec<usize> = (0..lines.len()).filter(|i| keep[*i]).collect();
    if kept.len() <= cap {
        return (kept, 0);
    }
    let left_out = kept[cap..].iter().filter(|i| changed(lines[**i])).count();
    (kept[..cap].to_vec(), left_out)
}

/// A step's time; `-` for a step that did not run.
fn ms(d: Option<u64>) -> String {
    match d {
        None => "-".to_string(),
        Some(ms) => format!("{ms}ms"),
    }
}

#[cfg(test)]
mod trim_tests {
    use super::trimmed;

    #[test]
    fn a_long_object_is_trimmed_to_its_header_and_the_lines_around_a_change() {
        let mut lines = vec![" view public.v".to_string()];
        lines.extend((1..=100).map(|i| format!("   column c{i} integer")));
        lines[50] = "<   column c50 integer".into();
        lines.insert(51, ">   column c50 bigint".into());
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        let (kept, left_out) = trimmed(&lines, 3, 60);
        assert_eq!(kept, [0, 47, 48, 49, 50, 51, 52, 53, 54]);
        assert_eq!(left_out, 0);
    }

    #[test]
    fn a_huge_diff_is_capped_and_says_how_many_changes_it_left_out() {
        let mut lines = vec![" table public.t".to_string()];
        lines.extend((1..=100).map(|i| format!(">   column c{i} integer")));
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        let (kept, left_out) = trimmed(&lines, 3, 60);
        assert_eq!(kept.len(), 60);
        assert_eq!(left_out, 41);
    }
}

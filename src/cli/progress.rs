//! What a running `check` shows on stderr, so that a long walk is never
//! silent: on a terminal, one progress bar per walk (indicatif) with the
//! revision k/N, the step it is on, the elapsed time and an estimate,
//! cleared before the report; anywhere else (CI logs, pipes, files), one
//! plain line per revision walked:
//!
//! ```text
//! pg15 migrations [3/9] 0003_add_tasks ok 120 ms
//! ```
//!
//! plus a line when a walk fast-forwards or rebuilds, the steps that take
//! time without finishing a revision.

use crate::report::display_path;
use crate::walk::{
    Progress, ProgressEvent, RevisionOutcome, RevisionStatus, StepEvent, StepProgress, WalkStep,
};
use indicatif::{
    HumanDuration, MultiProgress, ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle,
};
use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The progress display of one `check`.
#[derive(Clone)]
pub struct Display {
    state: Arc<State>,
}

enum State {
    /// Progress bars, one per walk (history and version).
    Bars {
        multi: MultiProgress,
        bars: Mutex<HashMap<(PathBuf, u32), ProgressBar>>,
    },
    /// One line per revision.
    Lines,
}

impl Display {
    /// Bars when stderr is a terminal, else plain lines.
    pub fn for_stderr() -> Self {
        if std::io::stderr().is_terminal() {
            Self::bars()
        } else {
            Self::lines()
        }
    }

    fn bars() -> Self {
        let multi = MultiProgress::with_draw_target(ProgressDrawTarget::stderr());
        Display {
            state: Arc::new(State::Bars {
                multi,
                bars: Mutex::new(HashMap::new()),
            }),
        }
    }

    /// One plain line per revision on stderr.
    pub fn lines() -> Self {
        Display {
            state: Arc::new(State::Lines),
        }
    }

    /// The walk's callbacks: after each revision, and before each step.
    pub fn callbacks(&self) -> (Option<Progress>, Option<StepProgress>) {
        let (revision, step) = (self.clone(), self.clone());
        (
            Some(Progress(Arc::new(move |e| revision.revision(e)))),
            Some(StepProgress(Arc::new(move |e| step.step(e)))),
        )
    }

    /// Removes the bars (before the report is printed).
    pub fn finish(&self) {
        if let State::Bars { multi, bars } = &*self.state {
            if let Ok(bars) = bars.lock() {
                for bar in bars.values() {
                    bar.finish_and_clear();
                }
            }
            let _ = multi.clear();
        }
    }

    fn revision(&self, e: &ProgressEvent<'_>) {
        let line = revision_line(e);
        match &*self.state {
            State::Lines => print_line(&line),
            State::Bars { multi, .. } => {
                let bar = self.bar(e.history, e.pg_major, e.total);
                bar.set_position(e.done as u64);
                if !e.outcome.findings.is_empty() {
                    // A failure stays in view above the bars.
                    let _ = multi.println(&line);
                }
                if e.done >= e.total {
                    bar.finish_with_message("done");
                }
            }
        }
    }

    fn step(&self, e: &StepEvent<'_>) {
        match &*self.state {
            State::Lines => {
                if let Some(line) = step_line(e) {
                    print_line(&line);
                }
            }
            State::Bars { .. } => {
                let bar = self.bar(e.history, e.pg_major, e.total);
                bar.set_position(e.done as u64);
                bar.set_message(step_text(e));
            }
        }
    }

    /// The bar of one walk, made on its first event.
    fn bar(&self, history: &Path, major: u32, total: usize) -> ProgressBar {
        let State::Bars { multi, bars } = &*self.state else {
            return ProgressBar::hidden();
        };
        let Ok(mut bars) = bars.lock() else {
            return ProgressBar::hidden();
        };
        bars.entry((history.to_path_buf(), major))
            .or_insert_with(|| {
                let bar = multi.add(ProgressBar::new(total as u64));
                bar.set_style(style());
                bar.set_prefix(format!("pg{major} {}", display_path(history)));
                bar.enable_steady_tick(Duration::from_millis(200));
                bar
            })
            .clone()
    }
}

fn style() -> ProgressStyle {
    ProgressStyle::with_template(
        "{spinner} {prefix} [{bar:24}] {pos}/{len} {elapsed} {left} {wide_msg}",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar())
    .with_key("left", left)
    .progress_chars("=> ")
}

/// The estimate of what is left, once there is something to estimate
/// from.
fn left(state: &ProgressState, out: &mut dyn std::fmt::Write) {
    let len = state.len().unwrap_or_default();
    let _ = match state.pos() {
        0 => out.write_str("(estimating)"),
        pos if pos >= len => Ok(()),
        _ => write!(out, "(about {} left)", HumanDuration(state.eta())),
    };
}

/// Writes a line to stderr; a closed stderr is not worth a panic.
fn print_line(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// `pg15 migrations [3/9] 0003_add_tasks ok 120 ms`.
pub fn revision_line(e: &ProgressEvent<'_>) -> String {
    format!(
        "pg{} {} [{}/{}] {} {} {}",
        e.pg_major,
        display_path(e.history),
        e.done,
        e.total,
        e.outcome.id,
        verdict(e.outcome),
        duration(walked_time(e.outcome)),
    )
}

/// The plain line a step gets, if any: the first of a run of
/// fast-forwarded upgrades, and a rebuild.
fn step_line(e: &StepEvent<'_>) -> Option<String> {
    let walk = format!("pg{} {}", e.pg_major, display_path(e.history));
    match (e.step, e.forward) {
        (WalkStep::FastForward, Some(run)) if run.index == 1 => Some(match run.of {
            1 => format!(
                "{walk}: fast-forwarding {} (upgrade only, not inspected)",
                e.revision
            ),
            n => format!(
                "{walk}: fast-forwarding {n} revisions from {} (upgrades only, not inspected)",
                e.revision
            ),
        }),
        (WalkStep::Rebuild, _) => Some(format!(
            "{walk}: rebuilding a fresh database up to {} to go on",
            e.revision
        )),
        _ => None,
    }
}

/// What a bar says a walk is doing.
fn step_text(e: &StepEvent<'_>) -> String {
    let doing = match e.step {
        WalkStep::FastForward => match e.forward {
            Some(run) => format!("fast-forward {}/{}", run.index, run.of),
            None => "fast-forward".to_string(),
        },
        WalkStep::Upgrade => "upgrade".into(),
        WalkStep::Inspect => "inspect".into(),
        WalkStep::Downgrade => "downgrade".into(),
        WalkStep::Reupgrade => "upgrade again".into(),
        WalkStep::Rebuild => "rebuild".into(),
    };
    format!("{} {doing}", e.revision)
}

fn verdict(outcome: &RevisionOutcome) -> String {
    let word = if !outcome.findings.is_empty() {
        "FAILED"
    } else {
        match outcome.status {
            RevisionStatus::NotRun { .. } => "not run",
            RevisionStatus::Irreversible { .. } => "ok (irreversible, allowed)",
            RevisionStatus::Passed | RevisionStatus::Failed => "ok",
        }
    };
    match outcome.warnings.len() {
        0 => word.to_string(),
        1 => format!("{word}, 1 warning"),
        n => format!("{word}, {n} warnings"),
    }
}

/// The time the revision's own steps and inspections took.
fn walked_time(outcome: &RevisionOutcome) -> Duration {
    let t = &outcome.timings;
    t.up + t.down + t.reup + t.inspect
}

/// `120 ms`, `3.4 s`, `2 min 05 s`.
fn duration(d: Duration) -> String {
    let ms = d.as_millis();
    match ms {
        0..1_000 => format!("{ms} ms"),
        1_000..60_000 => format!("{:.1} s", d.as_secs_f64()),
        _ => format!("{} min {:02} s", ms / 60_000, (ms / 1_000) % 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::walk::{ForwardRun, StepTimings};
    use std::path::Path;

    fn outcome(findings: usize) -> RevisionOutcome {
        let finding = crate::walk::Finding::new(
            "0003_add_tasks",
            crate::walk::Problem::Irreversible {
                missing: crate::source::MissingDown {
                    file: "m/0003_add_tasks.up.sql".into(),
                    line: None,
                    what: "no `0003_add_tasks.down.sql`".into(),
                    help: "add it".into(),
                },
            },
        );
        RevisionOutcome {
            id: "0003_add_tasks".into(),
            version: 3,
            status: RevisionStatus::Passed,
            findings: vec![finding; findings],
            warnings: Vec::new(),
            snapshot: None,
            timings: StepTimings {
                up: Duration::from_millis(40),
                down: Duration::from_millis(30),
                reup: Duration::from_millis(20),
                inspect: Duration::from_millis(30),
            },
            schema: None,
        }
    }

    #[test]
    fn a_revision_is_one_plain_line() {
        let ok = outcome(0);
        let e = ProgressEvent {
            history: Path::new("migrations"),
            pg_major: 15,
            done: 3,
            total: 9,
            outcome: &ok,
        };
        assert_eq!(
            revision_line(&e),
            "pg15 migrations [3/9] 0003_add_tasks ok 120 ms"
        );
        let failed = outcome(1);
        let e = ProgressEvent {
            outcome: &failed,
            ..e
        };
        assert_eq!(
            revision_line(&e),
            "pg15 migrations [3/9] 0003_add_tasks FAILED 120 ms"
        );
    }

    #[test]
    fn durations_read_at_a_glance() {
        assert_eq!(duration(Duration::from_millis(7)), "7 ms");
        assert_eq!(duration(Duration::from_millis(3_456)), "3.5 s");
        assert_eq!(duration(Duration::from_secs(125)), "2 min 05 s");
    }

    #[test]
    fn fast_forwards_and_rebuilds_get_a_line_once() {
        let e = |step, forward| StepEvent {
            history: Path::new("m"),
            pg_major: 17,
            revision: "0002_b",
            step,
            forward,
            done: 0,
            total: 2,
        };
        let run = |index, of| Some(ForwardRun { index, of });
        assert_eq!(
            step_line(&e(WalkStep::FastForward, run(1, 4))).as_deref(),
            Some("pg17 m: fast-forwarding 4 revisions from 0002_b (upgrades only, not inspected)")
        );
        assert_eq!(step_line(&e(WalkStep::FastForward, run(2, 4))), None);
        assert_eq!(step_line(&e(WalkStep::Upgrade, None)), None);
        assert!(step_line(&e(WalkStep::Rebuild, None)).is_some_and(|l| l.contains("up to 0002_b")));
        assert_eq!(
            step_text(&e(WalkStep::FastForward, run(2, 4))),
            "0002_b fast-forward 2/4"
        );
    }
}

//! One history over several workers: [`walk_jobs`] cuts the history into
//! consecutive slices, walks each on a scratch database of its own at the
//! same time (the revisions before a slice fast-forwarded: first upgrades
//! only, no inspection, see [`Selection`]), and joins the slices' outcomes
//! into the report a serial walk gives, revision for revision.

use super::finding::{Direction, Problem};
use super::options::{Progress, ProgressEvent, WalkError, WalkOptions};
use super::outcome::{NotRunReason, RevisionOutcome, RevisionStatus, WalkReport};
use super::run::walk_selected;
use super::selection::Selection;
use crate::db::Server;
use crate::source::History;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Instant;
use tokio::task::JoinHandle;

#[cfg(doc)]
use super::run::walk;

/// Walks `history` with up to `jobs` workers on `server`. The report equals
/// [`walk`]'s: every revision's status and findings, and after a revision
/// that ends a serial walk (a failed first upgrade, a rebuild that fails)
/// every later revision not run for the same reason. Only the timings
/// differ.
///
/// Runs serially (as [`walk`]) with one job, with fewer than two revisions
/// per job, or when a script creates, alters or drops roles
/// ([`walks_serially`]): roles are cluster-wide, so workers on one server
/// would see each other's. `options.progress` is told about each revision
/// in order: a slice's revisions as they are walked once every slice
/// before it is done; `options.on_step` is not told about the slices'
/// steps (each slice fast-forwards on its own).
pub async fn walk_jobs(
    history: &History,
    server: &Server,
    options: &WalkOptions,
    jobs: usize,
) -> Result<WalkReport, WalkError> {
    walk_jobs_selected(history, server, options, &Selection::All, jobs).await
}

/// [`walk_jobs`] of the revisions `selection` names (see [`walk_selected`]):
/// the selected revisions cut into `jobs` consecutive slices of near-equal
/// work ([`cuts`]). The report equals [`walk_selected`]'s but for the
/// timings.
pub async fn walk_jobs_selected(
    history: &History,
    server: &Server,
    options: &WalkOptions,
    selection: &Selection,
    jobs: usize,
) -> Result<WalkReport, WalkError> {
    let selected = selection.indices(history.revisions.len());
    let m = selected.len();
    let jobs = jobs.min(m / 2).max(1);
    if jobs == 1 || walks_serially(history) {
        return walk_selected(history, server, options, selection).await;
    }
    let started = Instant::now();
    let shared = Arc::new(history.clone());
    let ordered = options.progress.clone().map(|progress| {
        Arc::new(Mutex::new(Ordered {
            progress,
            history: history.dir.clone(),
            pg_major: server.major(),
            total: m,
            current: 0,
            buffered: vec![Vec::new(); jobs],
            serial: Serial::default(),
            done: 0,
        }))
    });
    let mut tasks = AbortOnDrop(Vec::with_capacity(jobs));
    let bounds = cuts(&selected, history.revisions.len(), jobs);
    for k in 0..jobs {
        let slice = Selection::only(selected[bounds[k]..bounds[k + 1]].iter().copied());
        let mut quiet = options.clone();
        quiet.on_step = None;
        quiet.progress = ordered.clone().map(|ordered| {
            Progress(Arc::new(move |e: &ProgressEvent<'_>| {
                lock(&ordered).walked(k, e.outcome);
            }))
        });
        let (history, server) = (shared.clone(), server.clone());
        tasks.0.push(tokio::spawn(async move {
            walk_selected(&history, &server, &quiet, &slice).await
        }));
    }
    // Every task runs to its end (and drops its databases) before the
    // first error is returned; the slices are joined in order, so that the
    // progress of each is told once those before it are done.
    let mut results = Vec::with_capacity(jobs);
    for (k, task) in tasks.0.iter_mut().enumerate() {
        results.push(task.await);
        if let Some(ordered) = &ordered {
            lock(ordered).slice_done(k);
        }
    }
    let mut revisions = Vec::with_capacity(m);
    let mut first = None;
    let mut generated: Option<crate::data::Generation> = None;
    for result in results {
        let report = match result {
            Ok(report) => report,
            Err(join) => Err(WalkError::Db(crate::db::DbError::Process {
                action: "walk a slice of the history".into(),
                message: join.to_string(),
            })),
        };
        match report {
            Ok(report) => {
                first.get_or_insert_with(|| (report.server.clone(), report.pg_major));
                revisions.extend(report.revisions);
                match (&mut generated, report.generated) {
                    (Some(all), Some(more)) => all.join(more),
                    (all, more) => *all = all.take().or(more),
                }
            }
            Err(e) => return Err(e),
        }
    }
    let mut serial = Serial::default();
    let revisions = revisions.into_iter().map(|o| serial.next(o)).collect();
    let (server_description, pg_major) =
        first.unwrap_or_else(|| (server.description.clone(), server.major()));
    Ok(WalkReport {
        history: history.dir.clone(),
        server: server_description,
        pg_major,
        revisions,
        duration: started.elapsed(),
        generated,
    })
}

/// Where the selected revisions (history indices, ascending, out of `n`)
/// are cut into `jobs` consecutive slices: `jobs + 1` positions into
/// `selected`, from 0 to its length, every slice at least one revision
/// long. A revision's round trip costs more the bigger the schema in front
/// of it (the inspections read whole catalogs), so equal counts leave the
/// last slice the longest: on the generated 500-revision history a
/// revision at the end costs about 2.5 times one at the start. Each
/// revision is weighed `n + index`, a cost that doubles over the history,
/// and the slices get near-equal sums of weights.
fn cuts(selected: &[usize], n: usize, jobs: usize) -> Vec<usize> {
    let m = selected.len();
    let jobs = jobs.clamp(1, m.max(1));
    // prefix[p]: the weight of the first p selected revisions.
    let mut prefix = Vec::with_capacity(m + 1);
    prefix.push(0u128);
    for &i in selected {
        prefix.push(prefix[prefix.len() - 1] + (n + i) as u128);
    }
    let total = prefix[m];
    let mut bounds = vec![0];
    for k in 1..jobs {
        let share = prefix.partition_point(|&w| w * (jobs as u128) < k as u128 * total);
        let previous = bounds[bounds.len() - 1];
        bounds.push(share.clamp(previous + 1, m - (jobs - k)));
    }
    bounds.push(m);
    bounds
}

/// The slice tasks of a walk, aborted when the walk is (a cancelled run):
/// a detached slice would go on creating databases on a server being
/// stopped.
struct AbortOnDrop<T>(Vec<JoinHandle<T>>);

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        for task in &self.0 {
            task.abort();
        }
    }
}

fn lock(ordered: &Mutex<Ordered>) -> std::sync::MutexGuard<'_, Ordered> {
    ordered.lock().unwrap_or_else(|e| e.into_inner())
}

/// The slices' progress, told in the serial walk's order.
struct Ordered {
    progress: Progress,
    history: PathBuf,
    pg_major: u32,
    total: usize,
    /// The first slice not done yet: its revisions are told as walked,
    /// the later slices' kept until it is done.
    current: usize,
    buffered: Vec<Vec<RevisionOutcome>>,
    serial: Serial,
    done: usize,
}

impl Ordered {
    fn walked(&mut self, slice: usize, outcome: &RevisionOutcome) {
        // What progress shows of a revision; its document stays in the
        // slice's report.
        let outcome = RevisionOutcome {
            schema: None,
            ..outcome.clone()
        };
        if slice == self.current {
            self.tell(outcome);
        } else if let Some(buffer) = self.buffered.get_mut(slice) {
            buffer.push(outcome);
        }
    }

    fn slice_done(&mut self, slice: usize) {
        self.current = slice + 1;
        if let Some(buffer) = self.buffered.get_mut(self.current) {
            for outcome in std::mem::take(buffer) {
                self.tell(outcome);
            }
        }
    }

    fn tell(&mut self, outcome: RevisionOutcome) {
        let outcome = self.serial.next(outcome);
        self.done += 1;
        (self.progress.0)(&ProgressEvent {
            history: &self.history,
            pg_major: self.pg_major,
            done: self.done,
            total: self.total,
            outcome: &outcome,
        });
    }
}

/// The slices' outcomes, in order, as one serial walk has them: once a
/// revision ends the walk (its first upgrade failed, or it was not run),
/// every later one is not run, for the reason the serial walk would give.
#[derive(Default)]
struct Serial {
    stopped: Option<NotRunReason>,
}

impl Serial {
    fn next(&mut self, mut outcome: RevisionOutcome) -> RevisionOutcome {
        if let Some(reason) = &self.stopped {
            outcome.status = RevisionStatus::NotRun {
                reason: reason.clone(),
            };
            outcome.findings.clear();
            outcome.warnings.clear();
            outcome.snapshot = None;
            outcome.schema = None;
            outcome.timings = Default::default();
            return outcome;
        }
        if let RevisionStatus::NotRun { reason } = &outcome.status {
            self.stopped = Some(reason.clone());
        } else if outcome.findings.iter().any(|f| {
            matches!(
                &f.problem,
                Problem::StepError {
                    direction: Direction::Up,
                    ..
                }
            )
        }) {
            self.stopped = Some(NotRunReason::UpgradeFailed {
                revision: outcome.id.clone(),
            });
        }
        outcome
    }
}

/// Whether [`walk_jobs`] walks `history` with one job whatever it is given:
/// a script creates, alters or drops a role (or a database or tablespace),
/// which are cluster-wide, so that workers on one server would see each
/// other's.
pub fn walks_serially(history: &History) -> bool {
    const WORDS: &[(&str, &str)] = &[
        ("create", "role"),
        ("alter", "role"),
        ("drop", "role"),
        ("create", "user"),
        ("alter", "user"),
        ("drop", "user"),
        ("create", "group"),
        ("alter", "group"),
        ("drop", "group"),
        // Databases and tablespaces are cluster-wide too.
        ("create", "database"),
        ("drop", "database"),
        ("create", "tablespace"),
        ("drop", "tablespace"),
    ];
    history.revisions.iter().any(|r| {
        std::iter::once(&r.up)
            .chain(r.down.as_ref())
            .any(|step| mentions_any(&step.script.sql, WORDS))
    })
}

/// Whether `sql` has a word ending in one of `pairs`' first words
/// followed (after whitespace) by a word starting with its second, case
/// aside. Reads the text in place: a 50 MB migration costs no copy.
fn mentions_any(sql: &str, pairs: &[(&str, &str)]) -> bool {
    let mut words = sql.split_whitespace();
    let Some(mut previous) = words.next() else {
        return false;
    };
    for word in words {
        if pairs
            .iter()
            .any(|(first, second)| ends_with_ci(previous, first) && starts_with_ci(word, second))
        {
            return true;
        }
        previous = word;
    }
    false
}

fn ends_with_ci(word: &str, tail: &str) -> bool {
    word.len() >= tail.len()
        && word.is_char_boundary(word.len() - tail.len())
        && word[word.len() - tail.len()..].eq_ignore_ascii_case(tail)
}

fn starts_with_ci(word: &str, head: &str) -> bool {
    word.len() >= head.len()
        && word.is_char_boundary(head.len())
        && word[..head.len()].eq_ignore_ascii_case(head)
}

#[cfg(test)]
mod tests {
    use super::{cuts, mentions_any};

    #[test]
    fn slices_weigh_later_revisions_more() {
        // 500 revisions, 2 jobs: weights 500..999, the half of their sum
        // is reached at revision 291, not at 250.
        let all: Vec<usize> = (0..500).collect();
        assert_eq!(cuts(&all, 500, 2), vec![0, 291, 500]);
        // tests/jobs.rs's broken history: 24 revisions, 3 jobs, slices
        // 1–10, 11–18, 19–24.
        let all: Vec<usize> = (0..24).collect();
        assert_eq!(cuts(&all, 24, 3), vec![0, 10, 18, 24]);
        // Every slice keeps at least one revision, in order.
        assert_eq!(cuts(&[7, 8], 10, 2), vec![0, 1, 2]);
        assert_eq!(cuts(&[0, 1, 2], 3, 3), vec![0, 1, 2, 3]);
        for (m, jobs) in [(2, 2), (5, 2), (9, 4), (100, 7), (1, 1)] {
            let selected: Vec<usize> = (0..m).map(|i| i * 3).collect();
            let bounds = cuts(&selected, 3 * m, jobs);
            assert_eq!(bounds.len(), jobs + 1);
            assert_eq!((bounds[0], bounds[jobs]), (0, m));
            assert!(bounds.windows(2).all(|w| w[0] < w[1]), "{bounds:?}");
        }
        // A selection late in the history is weighed by where it is.
        let late: Vec<usize> = (900..1000).collect();
        assert_eq!(cuts(&late, 1000, 2)[1], 51);
    }

    const ROLE: &[(&str, &str)] = &[("create", "role"), ("drop", "tablespace")];

    #[test]
    fn cluster_wide_statements_are_found_across_case_and_whitespace() {
        assert!(mentions_any("CREATE ROLE app;", ROLE));
        assert!(mentions_any("select 1;\n  Create\n\t  Role x", ROLE));
        assert!(mentions_any("DROP TABLESPACE IF EXISTS t", ROLE));
        assert!(!mentions_any("CREATE TABLE role (id int)", ROLE));
        assert!(!mentions_any("create", ROLE));
        assert!(!mentions_any("", ROLE));
        assert!(!mentions_any("CRÉATE ROLE é", &[("create", "rôle")]));
    }
}

//! The job scheduler: every history on every backend, one server per
//! backend, one scratch database per walk (followed by its snapshot pass),
//! at most `jobs` server starts and walk workers at once. Jobs left over
//! once every walk has one go to the longest walks as slices
//! ([`walk_jobs_selected`]: one history cut into consecutive slices walked
//! at once, joined into the serial walk's report), at most one per
//! [`MIN_SLICE`] selected revisions. Cancelling the run (Ctrl-C, SIGTERM, a sibling's
//! failure) aborts the tasks and waits until the servers and databases
//! they hold are gone.

use super::config::HistoryRun;
use super::error::CliError;
use super::select::walks_nothing;
use crate::db::Backend;
use crate::snapshot;
use crate::walk::{Selection, WalkOptions, WalkReport, walk_jobs_selected, walks_serially};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

/// A [`JoinSet`] that, when dropped with tasks still running (the run was
/// cancelled or a sibling failed), aborts them and waits until they are
/// gone, so that the servers and databases they hold are cleaned up before
/// we go on (and before the runtime shuts down). Waiting needs a
/// multi-thread runtime (the binary's); elsewhere the tasks are only
/// aborted.
struct TaskGroup<T: Send + 'static> {
    set: JoinSet<T>,
}

/// How long dropping a [`TaskGroup`] waits for its cancelled tasks.
const CANCEL_WAIT: Duration = Duration::from_secs(60);

impl<T: Send + 'static> TaskGroup<T> {
    fn new() -> Self {
        TaskGroup {
            set: JoinSet::new(),
        }
    }
}

impl<T: Send + 'static> Drop for TaskGroup<T> {
    fn drop(&mut self) {
        use tokio::runtime::{Handle, RuntimeFlavor};
        if self.set.is_empty() {
            return;
        }
        self.set.abort_all();
        let mut set = std::mem::take(&mut self.set);
        if let Ok(handle) = Handle::try_current()
            && handle.runtime_flavor() == RuntimeFlavor::MultiThread
        {
            tokio::task::block_in_place(move || {
                handle.block_on(async move {
                    let _ = tokio::time::timeout(CANCEL_WAIT, async {
                        while set.join_next().await.is_some() {}
                    })
                    .await;
                })
            });
        }
    }
}

fn panic_message(e: tokio::task::JoinError) -> String {
    if e.is_panic() {
        let payload = e.into_panic();
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic".to_string())
    } else {
        "cancelled".to_string()
    }
}

/// Walks every history on every backend: one server per backend (started
/// as soon as a job slot is free), one scratch database per walk (per
/// slice of a walk cut into slices), at most `jobs` starts and walk
/// workers at once. Returns the reports (ordered by
/// backend, then history) and the errors that kept walks from running.
///
/// `selections[b][h]` is what backend `b` walks of history `h`
/// ([`Selection::All`] for a whole walk); a walk that selects nothing is
/// not run, and a backend with no walk is not started.
pub async fn run_matrix(
    backends: Vec<Backend>,
    histories: Vec<HistoryRun>,
    options: WalkOptions,
    jobs: usize,
    selections: Vec<Vec<Selection>>,
) -> (Vec<WalkReport>, Vec<CliError>) {
    let jobs = jobs.max(1);
    let slots = Arc::new(Semaphore::new(jobs));
    let histories = Arc::new(histories);
    let mut servers: TaskGroup<(usize, Walked)> = TaskGroup::new();
    let per_server: Vec<Vec<(usize, Selection)>> = selections
        .into_iter()
        .map(|selected| {
            selected
                .into_iter()
                .enumerate()
                .filter(|(h, s)| !walks_nothing(s, histories[*h].history.revisions.len()))
                .collect()
        })
        .collect();
    let sizes: Vec<usize> = per_server
        .iter()
        .flatten()
        .map(|(h, s)| {
            let run = &histories[*h].history;
            if walks_serially(run) {
                0
            } else {
                s.count(run.revisions.len())
            }
        })
        .collect();
    if jobs > sizes.len() {
        // Jobs were left over for slices: say why a history gets none.
        let serial = per_server.iter().flatten().map(|(h, _)| *h);
        let mut told = std::collections::BTreeSet::new();
        for h in serial.filter(|h| walks_serially(&histories[*h].history)) {
            if told.insert(h) {
                eprintln!(
                    "pg-roundtrip: {}: walked by one job: its scripts create, alter or drop \
                     roles, databases or tablespaces, which are shared by the whole server",
                    histories[h].history.dir.display()
                );
            }
        }
    }
    let mut workers = allot(jobs, &sizes).into_iter();
    for ((b, backend), walks) in backends.into_iter().enumerate().zip(per_server) {
        let walks: Vec<Walk> = walks
            .into_iter()
            .map(|(h, selection)| Walk {
                history: h,
                selection,
                workers: workers.next().unwrap_or(1),
            })
            .collect();
        if walks.is_empty() {
            continue;
        }
        let slots = slots.clone();
        let histories = histories.clone();
        let options = options.clone();
        servers
            .set
            .spawn(async move { (b, walk_on(backend, histories, walks, options, slots).await) });
    }
    let mut reports = Vec::new();
    let mut errors = Vec::new();
    while let Some(joined) = servers.set.join_next().await {
        match joined {
            Ok((b, (walked, failures))) => {
                reports.extend(walked.into_iter().map(|(h, r)| ((b, h), r)));
                errors.extend(failures);
            }
            Err(e) => errors.push(CliError::Internal(format!(
                "a server task failed: {}",
                panic_message(e)
            ))),
        }
    }
    reports.sort_by_key(|(key, _)| *key);
    (reports.into_iter().map(|(_, r)| r).collect(), errors)
}

/// Selected revisions per slice at least, on average (the slices are cut
/// by weight, a later revision weighing more): below that, a slice's
/// fast-forward and its own scratch database cost more than it saves.
pub const MIN_SLICE: usize = 8;

/// One walk of a history on a server.
struct Walk {
    /// Its index in the histories.
    history: usize,
    selection: Selection,
    /// Slices walked at once (jobs it holds).
    workers: usize,
}

/// The workers of each walk, whose selected revisions are `sizes` (0 for a
/// history that walks serially): one each, then the jobs left over, one at
/// a time, to the walk with the most revisions per worker that can still
/// be cut (at least [`MIN_SLICE`] revisions a slice on average).
fn allot(jobs: usize, sizes: &[usize]) -> Vec<usize> {
    let mut workers = vec![1; sizes.len()];
    let mut spare = jobs.saturating_sub(sizes.len());
    while spare > 0 {
        let next = (0..sizes.len())
            .filter(|&i| sizes[i] / (workers[i] + 1) >= MIN_SLICE)
            .max_by_key(|&i| (sizes[i] / workers[i], std::cmp::Reverse(i)));
        let Some(i) = next else { break };
        workers[i] += 1;
        spare -= 1;
    }
    workers
}

/// The reports of the walks on one server (with their history's index),
/// and the errors that kept other walks from running.
type Walked = (Vec<(usize, WalkReport)>, Vec<CliError>);

/// Starts `backend`'s server and walks on it each history of `walks`
/// (its index in `histories`) with its selection.
async fn walk_on(
    backend: Backend,
    histories: Arc<Vec<HistoryRun>>,
    walks: Vec<Walk>,
    options: WalkOptions,
    slots: Arc<Semaphore>,
) -> Walked {
    let label = backend.label();
    let started = {
        let _slot = slots.acquire().await;
        backend.start().await
    };
    let running = match started {
        Ok(running) => running,
        Err(e) => return (Vec::new(), vec![CliError::from(e).within(label)]),
    };
    let server = running.server().clone();
    let mut tasks: TaskGroup<(usize, Result<WalkReport, CliError>)> = TaskGroup::new();
    for walk in walks {
        let h = walk.history;
        let run = histories[h].clone();
        let (server, slots) = (server.clone(), slots.clone());
        let options = options.clone();
        tasks.set.spawn(async move {
            let permits = u32::try_from(walk.workers).unwrap_or(1);
            let _slots = slots.acquire_many_owned(permits).await;
            let walked = walk_jobs_selected(
                &run.history,
                &server,
                &options,
                &walk.selection,
                walk.workers,
            )
            .await
            .map_err(CliError::from)
            .and_then(|mut report| {
                // The snapshot pass, right after the walk it checks.
                if let Some(dir) = &run.snapshots {
                    snapshot::check_walk(&mut report, &run.history, dir)?;
                }
                Ok(report)
            });
            (h, walked)
        });
    }
    let mut done = Vec::new();
    let mut errors = Vec::new();
    while let Some(joined) = tasks.set.join_next().await {
        match joined {
            Ok((h, Ok(report))) => done.push((h, report)),
            Ok((h, Err(e))) => {
                let e = super::safety::explain_server_gone(e, &running).await;
                errors.push(e.within(format!("{} on {label}", histories[h].history.dir.display())))
            }
            Err(e) => errors.push(CliError::Internal(format!(
                "a walk on {label} panicked: {}",
                panic_message(e)
            ))),
        }
    }
    drop(tasks);
    if let Err(e) = running.stop().await {
        eprintln!("warning: {label}: {e}");
    }
    (done, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spare_jobs_go_to_the_longest_walks_as_slices() {
        // One history: every job a slice, while slices keep MIN_SLICE.
        assert_eq!(allot(2, &[500]), [2]);
        assert_eq!(allot(4, &[20]), [2]);
        assert_eq!(allot(4, &[9]), [1]);
        assert_eq!(allot(1, &[500]), [1]);
        // A matrix of three servers: one job each first.
        assert_eq!(allot(2, &[500, 500, 500]), [1, 1, 1]);
        assert_eq!(allot(4, &[500, 500, 500]), [2, 1, 1]);
        assert_eq!(allot(6, &[500, 100, 500]), [3, 1, 2]);
        assert_eq!(allot(5, &[100, 500]), [1, 4]);
        // A history that touches roles walks serially (size 0).
        assert_eq!(allot(4, &[0, 40]), [1, 3]);
    }
}

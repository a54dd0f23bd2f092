//! Dispatch: validated settings in, an exit code out.

use super::args::{CheckArgs, Cli, Color, Command, Ignore, InspectArgs, SnapshotArgs};
use super::backend::{self, Target};
use super::exit;
use crate::introspect::{InspectOptions, inspect};
use crate::report;
use crate::snapshot;
use crate::source;
use crate::source::History;
use crate::walk::{Progress, ProgressEvent, WalkError, WalkOptions, WalkReport, walk};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

/// An error with the exit code it maps to.
#[derive(Debug)]
pub struct Failure {
    pub code: u8,
    pub message: String,
}

impl Failure {
    pub(super) fn from_db(e: crate::db::DbError) -> Self {
        match e {
            crate::db::DbError::BadUrl(m) => Failure::input(m),
            e => Failure::infrastructure(e),
        }
    }
    pub(super) fn input(message: impl std::fmt::Display) -> Self {
        Failure {
            code: exit::BAD_INPUT,
            message: message.to_string(),
        }
    }
    pub(super) fn infrastructure(message: impl std::fmt::Display) -> Self {
        Failure {
            code: exit::INFRASTRUCTURE,
            message: message.to_string(),
        }
    }
}

impl From<WalkError> for Failure {
    fn from(e: WalkError) -> Self {
        Failure::infrastructure(e)
    }
}

/// Runs a parsed command line; returns the process exit code. Ctrl-C and
/// SIGTERM cancel the run, which drops (and so stops and deletes) every
/// server and database it started.
pub async fn run(cli: Cli) -> u8 {
    let work = async {
        match cli.command {
            Command::Check(args) => check(args).await,
            Command::Inspect(args) => inspect_url(args).await,
            Command::Review(args) => review(args),
            Command::Accept(args) => settle(args, true),
            Command::Reject(args) => settle(args, false),
        }
    };
    let result = tokio::select! {
        r = work => r,
        signal = interrupted() => {
            eprintln!("pg-roundtrip: {signal}: stopped, cleaning up");
            return exit::INTERRUPTED;
        }
    };
    match result {
        Ok(code) => code,
        Err(f) => {
            eprintln!("error: {}", f.message);
            f.code
        }
    }
}

async fn interrupted() -> &'static str {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = match signal(SignalKind::terminate()) {
        Ok(s) => s,
        Err(_) => {
            let _ = tokio::signal::ctrl_c().await;
            return "interrupted";
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => "interrupted",
        _ = term.recv() => "terminated",
    }
}

fn snapshot_dir(dir: &Path, explicit: &Option<PathBuf>) -> PathBuf {
    explicit
        .clone()
        .unwrap_or_else(|| dir.parent().unwrap_or(Path::new(".")).join("snapshots"))
}

/// On a terminal, one stderr line that shows the revision each walk just
/// finished (overwritten in place, cleared before the report). Nothing
/// when stderr is a file or a CI log, where the report says it all.
fn progress_line() -> Option<Progress> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    Some(Progress(Arc::new(|e: &ProgressEvent<'_>| {
        let verdict = if e.outcome.findings.is_empty() {
            "ok"
        } else {
            "FAILED"
        };
        eprint!(
            "\r\u{1b}[Kpg{} {} [{}/{}] {} {verdict}",
            e.pg_major,
            crate::report::display_path(e.history),
            e.done,
            e.total,
            e.outcome.id
        );
    })))
}

async fn check(args: CheckArgs) -> Result<u8, Failure> {
    if args.dirs.len() > 1 && args.snapshots.is_some() {
        return Err(Failure::input(
            "--snapshots names one directory; with several histories each keeps its snapshots beside it",
        ));
    }
    let mut histories = Vec::new();
    for dir in &args.dirs {
        if histories
            .iter()
            .any(|(h, _): &(Arc<History>, _)| h.dir == *dir)
        {
            continue;
        }
        let history = source::load(dir).map_err(Failure::input)?;
        let snapshots = (!args.no_snapshots).then(|| snapshot_dir(dir, &args.snapshots));
        histories.push((Arc::new(history), snapshots));
    }
    for allowed in &args.allow_irreversible {
        let known = histories
            .iter()
            .any(|(history, _)| history.revisions.iter().any(|r| r.is_named(allowed)));
        if !known {
            let (first, _) = &histories[0];
            return Err(Failure::input(format!(
                "--allow-irreversible {allowed}: no such revision in {} (give an id like {} or a version)",
                args.dirs
                    .iter()
                    .map(|d| d.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
                first.revisions.first().map(|r| r.id()).unwrap_or_default()
            )));
        }
    }
    let options = WalkOptions {
        ignore_column_order: args.ignore.contains(&Ignore::ColumnOrder),
        step_timeout: Duration::from_secs(args.step_timeout.max(1)),
        allow_irreversible: args.allow_irreversible.clone(),
        inspect: InspectOptions {
            ignore_ownership: args.ignore.contains(&Ignore::Ownership),
            ..InspectOptions::default()
        },
        strict_roles: args.strict_roles,
        progress: progress_line(),
    };

    let plan = backend::resolve(&args.server, None).await?;
    eprintln!("pg-roundtrip: {}", plan.reason);
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()))
        .max(1);
    let (reports, errors) = run_matrix(plan.targets, histories, options, jobs).await;
    if std::io::stderr().is_terminal() {
        // Clear the progress line before the report.
        eprint!("\r\u{1b}[K");
    }

    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    if !reports.is_empty() {
        let mut out = std::io::stdout().lock();
        report::write(args.format, &mut out, &reports, color)
            .map_err(|e| Failure::infrastructure(format!("failed to write the report: {e}")))?;
        let _ = out.flush();
        if let Some(path) = &args.junit {
            let mut file = std::fs::File::create(path)
                .map_err(|e| Failure::input(format!("failed to create {}: {e}", path.display())))?;
            report::junit::write(&mut file, &reports)
                .map_err(|e| Failure::input(format!("failed to write {}: {e}", path.display())))?;
        }
    }
    // Every failure is printed; the worst decides the exit code.
    let mut errors = errors;
    errors.sort_by_key(|f| f.code);
    if let Some(worst) = errors.pop() {
        for f in &errors {
            eprintln!("error: {}", f.message);
        }
        return Err(worst);
    }
    Ok(if reports.iter().all(|r| r.passed()) {
        exit::OK
    } else {
        exit::FAILED
    })
}

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

/// Walks every history on every target: one server per target (started
/// as soon as a job slot is free), one scratch database per walk, at most
/// `jobs` starts and walks at once. Returns the reports (ordered by
/// version, then history) and the failures that kept walks from running.
async fn run_matrix(
    targets: Vec<Target>,
    histories: Vec<(Arc<History>, Option<PathBuf>)>,
    options: WalkOptions,
    jobs: usize,
) -> (Vec<WalkReport>, Vec<Failure>) {
    let slots = Arc::new(Semaphore::new(jobs));
    let histories = Arc::new(histories);
    let mut servers: TaskGroup<(usize, Walked)> = TaskGroup::new();
    for (t, target) in targets.into_iter().enumerate() {
        let slots = slots.clone();
        let histories = histories.clone();
        let options = options.clone();
        servers
            .set
            .spawn(async move { (t, walk_on_target(target, histories, options, slots).await) });
    }
    let mut reports = Vec::new();
    let mut errors = Vec::new();
    while let Some(joined) = servers.set.join_next().await {
        match joined {
            Ok((t, (walked, failures))) => {
                reports.extend(walked.into_iter().map(|(h, r)| ((t, h), r)));
                errors.extend(failures);
            }
            Err(e) => errors.push(Failure::infrastructure(format!(
                "internal error: a server task failed: {}",
                panic_message(e)
            ))),
        }
    }
    reports.sort_by_key(|(key, _)| *key);
    (reports.into_iter().map(|(_, r)| r).collect(), errors)
}

/// The reports of the walks on one server (with their history's index),
/// and the failures that kept other walks from running.
type Walked = (Vec<(usize, WalkReport)>, Vec<Failure>);

async fn walk_on_target(
    target: Target,
    histories: Arc<Vec<(Arc<History>, Option<PathBuf>)>>,
    options: WalkOptions,
    slots: Arc<Semaphore>,
) -> Walked {
    let label = target.label();
    let started = {
        let _slot = slots.acquire().await;
        target.start().await
    };
    let handle = match started {
        Ok(handle) => handle,
        Err(e) => {
            let mut f = Failure::from_db(e);
            f.message = format!("{label}: {}", f.message);
            return (Vec::new(), vec![f]);
        }
    };
    let server = handle.server().clone();
    let mut walks: TaskGroup<(usize, Result<WalkReport, Failure>)> = TaskGroup::new();
    for (h, (history, snapshots)) in histories.iter().enumerate() {
        let (history, server, slots) = (history.clone(), server.clone(), slots.clone());
        let (options, snapshots) = (options.clone(), snapshots.clone());
        walks.set.spawn(async move {
            let _slot = slots.acquire_owned().await;
            let walked = walk(&history, &server, &options)
                .await
                .map_err(Failure::from)
                .and_then(|mut report| match &snapshots {
                    Some(dir) => snapshot::check_walk(&mut report, &history, dir)
                        .map(|()| report)
                        .map_err(Failure::input),
                    None => Ok(report),
                });
            (h, walked)
        });
    }
    let mut done = Vec::new();
    let mut errors = Vec::new();
    while let Some(joined) = walks.set.join_next().await {
        match joined {
            Ok((h, Ok(report))) => done.push((h, report)),
            Ok((h, Err(mut f))) => {
                f.message = format!("{} on {label}: {}", histories[h].0.dir.display(), f.message);
                errors.push(f);
            }
            Err(e) => errors.push(Failure::infrastructure(format!(
                "internal error: a walk on {label} panicked: {}",
                panic_message(e)
            ))),
        }
    }
    drop(walks);
    if let Err(e) = handle.stop().await {
        eprintln!("warning: {label}: {e}");
    }
    (done, errors)
}

async fn inspect_url(args: InspectArgs) -> Result<u8, Failure> {
    use sqlx::{ConnectOptions, Connection};
    let options: sqlx::postgres::PgConnectOptions = args
        .url
        .parse()
        .map_err(|e| Failure::input(format!("--url: not a PostgreSQL URL: {e}")))?;
    let mut conn = options
        .disable_statement_logging()
        .connect()
        .await
        .map_err(|e| {
            Failure::infrastructure(format!(
                "could not connect to {}: {e}",
                crate::db::redact_url(&args.url)
            ))
        })?;
    // inspect() reads inside one READ ONLY transaction and writes nothing.
    let inspect_options = InspectOptions {
        ignore_ownership: args.ignore.contains(&Ignore::Ownership),
        ..InspectOptions::default()
    };
    let schema = inspect(&mut conn, &inspect_options)
        .await
        .map_err(Failure::infrastructure)?;
    let _ = conn.close().await;
    let schema = if args.ignore.contains(&Ignore::ColumnOrder) {
        schema.without_column_order()
    } else {
        schema
    };
    println!("{}", crate::render::document(&schema));
    Ok(exit::OK)
}

/// The pending snapshots `--revision` selects; a REV means what it means
/// for `--allow-irreversible` when the history can be read.
fn selected(args: &SnapshotArgs) -> Result<Vec<snapshot::Pending>, Failure> {
    let dir = snapshot_dir(&args.dir, &args.snapshots);
    let revisions = if args.revisions.is_empty() {
        Vec::new()
    } else {
        source::load(&args.dir)
            .map(|h| h.revisions)
            .unwrap_or_default()
    };
    snapshot::select(&dir, &args.revisions, &revisions).map_err(Failure::input)
}

fn review(args: SnapshotArgs) -> Result<u8, Failure> {
    let pending = selected(&args)?;
    let dir = snapshot_dir(&args.dir, &args.snapshots);
    if pending.is_empty() {
        println!("no pending snapshots in {}", dir.display());
        return Ok(exit::OK);
    }
    let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for p in &pending {
        let old = snapshot::stored(&p.target).map_err(Failure::input)?;
        let new = p.new_text().map_err(Failure::input)?;
        // A new version-specific snapshot (`<rev>@pgM`) is best read as
        // what differs from the shared one it will stand beside.
        let shared = match (&old, p.shared()) {
            (None, Some(shared)) => snapshot::stored(&shared)
                .map_err(Failure::input)?
                .map(|text| (p.name.revision.clone(), text)),
            _ => None,
        };
        let label = match (&old, &shared) {
            (Some(_), _) => "changed".to_string(),
            (None, Some((rev, _))) => format!("new, shown against the shared {rev}.snap"),
            (None, None) => "new".to_string(),
        };
        println!("── {} ({label})", p.name);
        let old = old.or(shared.map(|(_, text)| text));
        let diff = similar::TextDiff::from_lines(old.as_deref().unwrap_or(""), new.as_str());
        for change in diff.iter_all_changes() {
            let (sign, code) = match change.tag() {
                similar::ChangeTag::Delete => ("-", "31"),
                similar::ChangeTag::Insert => ("+", "32"),
                similar::ChangeTag::Equal => (" ", ""),
            };
            let line = format!("{sign} {}", change.value().trim_end_matches('\n'));
            if color && !code.is_empty() {
                println!("\u{1b}[{code}m{line}\u{1b}[0m");
            } else {
                println!("{line}");
            }
        }
        println!();
    }
    println!(
        "{} pending snapshot(s); settle them with `pg-roundtrip accept` or `pg-roundtrip reject` (add --revision REV for one)",
        pending.len()
    );
    Ok(exit::OK)
}

fn settle(args: SnapshotArgs, accept: bool) -> Result<u8, Failure> {
    let pending = selected(&args)?;
    for p in &pending {
        if accept {
            match p.accept().map_err(Failure::input)? {
                snapshot::Accepted::Written => println!("accepted {}", p.target.display()),
                snapshot::Accepted::SameAsShared(shared) => println!(
                    "not kept {}: identical to {}",
                    p.target.display(),
                    shared.display()
                ),
            }
        } else {
            p.reject().map_err(Failure::input)?;
            println!("rejected {}", p.new.display());
        }
    }
    if pending.is_empty() {
        println!(
            "no pending snapshots in {}",
            snapshot_dir(&args.dir, &args.snapshots).display()
        );
    }
    Ok(exit::OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_redacted() {
        use crate::db::redact_url;
        assert_eq!(
            redact_url("postgres://u:secret@h/db"),
            "postgres://u:***@h/db"
        );
        assert_eq!(redact_url("postgres://u@h/db"), "postgres://u@h/db");
    }

    #[test]
    fn snapshots_default_beside_the_history() {
        assert_eq!(
            snapshot_dir(Path::new("migrations"), &None),
            PathBuf::from("snapshots")
        );
        assert_eq!(
            snapshot_dir(Path::new("db/migrations"), &None),
            PathBuf::from("db/snapshots")
        );
    }
}

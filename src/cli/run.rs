//! Dispatch: validated settings in, an exit code out.

use super::args::{CheckArgs, Cli, Color, Command, Ignore, InspectArgs, SnapshotArgs};
use super::exit;
use crate::db::{ClusterOptions, LocalCluster};
use crate::introspect::{InspectOptions, inspect};
use crate::report;
use crate::snapshot;
use crate::source;
use crate::walk::{WalkError, WalkOptions, walk};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// An error with the exit code it maps to.
#[derive(Debug)]
pub struct Failure {
    pub code: u8,
    pub message: String,
}

impl Failure {
    fn input(message: impl std::fmt::Display) -> Self {
        Failure {
            code: exit::BAD_INPUT,
            message: message.to_string(),
        }
    }
    fn infrastructure(message: impl std::fmt::Display) -> Self {
        Failure {
            code: exit::INFRASTRUCTURE,
            message: message.to_string(),
        }
    }
}

impl From<WalkError> for Failure {
    fn from(e: WalkError) -> Self {
        match e {
            WalkError::Snapshot(e) => Failure::input(e),
            e => Failure::infrastructure(e),
        }
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

async fn check(args: CheckArgs) -> Result<u8, Failure> {
    let history = source::load(&args.dir).map_err(Failure::input)?;
    for allowed in &args.allow_irreversible {
        let known = history.revisions.iter().any(|r| {
            r.id() == *allowed
                || r.version_text == *allowed
                || allowed.parse::<u64>().ok() == Some(r.version)
        });
        if !known {
            return Err(Failure::input(format!(
                "--allow-irreversible {allowed}: no such revision in {} (give an id like {} or a version)",
                args.dir.display(),
                history
                    .revisions
                    .first()
                    .map(|r| r.id())
                    .unwrap_or_default()
            )));
        }
    }
    let options = WalkOptions {
        ignore_column_order: args.ignore.contains(&Ignore::ColumnOrder),
        step_timeout: Duration::from_secs(args.step_timeout.max(1)),
        allow_irreversible: args.allow_irreversible.clone(),
        snapshots: (!args.no_snapshots).then(|| snapshot_dir(&args.dir, &args.snapshots)),
        inspect: InspectOptions {
            ignore_ownership: args.ignore.contains(&Ignore::Ownership),
            ..InspectOptions::default()
        },
        strict_roles: args.strict_roles,
    };
    let cluster = LocalCluster::start(ClusterOptions {
        pg_bin: args.server.pg_bin.clone(),
        ..ClusterOptions::default()
    })
    .await
    .map_err(Failure::infrastructure)?;
    let result = walk(&history, cluster.server(), &options).await;
    if let Err(e) = cluster.stop().await {
        eprintln!("warning: {e}");
    }
    let report = result?;
    let reports = [report];

    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
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
    Ok(if reports.iter().all(|r| r.passed()) {
        exit::OK
    } else {
        exit::FAILED
    })
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
                redact_url(&args.url)
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

/// The URL without its password, for messages.
fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.find(':') {
                Some(c) => format!("{}{}:***{}", &url[..s + 3], &creds[..c], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

fn selected(args: &SnapshotArgs) -> Result<Vec<snapshot::Pending>, Failure> {
    let dir = snapshot_dir(&args.dir, &args.snapshots);
    let all = snapshot::pending(&dir).map_err(Failure::input)?;
    if args.revisions.is_empty() {
        return Ok(all);
    }
    let mut out = Vec::new();
    for rev in &args.revisions {
        let matching: Vec<_> = all
            .iter()
            .filter(|p| p.name == *rev || p.name.split('_').next() == Some(rev.as_str()))
            .cloned()
            .collect();
        if matching.is_empty() {
            return Err(Failure::input(format!(
                "no pending snapshot for revision {rev} in {}",
                dir.display()
            )));
        }
        out.extend(matching);
    }
    Ok(out)
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
        println!(
            "── {} ({})",
            p.name,
            if old.is_some() { "changed" } else { "new" }
        );
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
            p.accept().map_err(Failure::input)?;
            println!("accepted {}", p.target.display());
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

//! Dispatch: a parsed command line in, an exit code out. Ctrl-C and
//! SIGTERM cancel the command, which drops (and so stops and deletes) every
//! server and database it started.

use super::args::{Cli, Command};
use super::check::check;
use super::completions::{completions, man};
use super::configure::show_config;
use super::exit;
use super::inspect::inspect_url;
use super::merge::merge_reports;
use super::snapshots::{review, settle};

/// Runs a parsed command line; returns the process exit code.
pub async fn run(cli: Cli) -> u8 {
    let work = async {
        match cli.command {
            Command::Check(args) => check(args).await,
            Command::Inspect(args) => inspect_url(args).await,
            Command::Review(args) => review(args),
            Command::Accept(args) => settle(args, true),
            Command::Reject(args) => settle(args, false),
            Command::Config(args) => show_config(args),
            Command::Completions(args) => completions(args),
            Command::Man(args) => man(args),
            Command::MergeReports(args) => merge_reports(args),
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
        Err(e) => {
            let _ = e.print(&mut std::io::stderr().lock());
            e.exit_code()
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

//! The command line: raw arguments ([`args`]) → validated configuration
//! (`config`, `backend`) → the command (`check` with its `schedule`,
//! `inspect`, `snapshots`, `merge`, `configure` for `config`,
//! `completions` for `completions` and `man`; `reports` writes every
//! report) → a documented exit code ([`exit`]), or an
//! [`CliError`] that carries its exit code and prints its causes.

pub mod args;
mod backend;
mod changed;
mod check;
mod completions;
mod config;
mod configure;
mod error;
mod exclude;
pub mod exit;
mod inspect;
mod merge;
mod partition;
mod progress;
mod reports;
mod run;
pub mod safety;
mod schedule;
mod select;
mod snapshots;
mod stdout;
mod write_fixes;

pub use args::Cli;
pub use error::CliError;
pub use run::run;

/// Process-wide checks for the binary, made before anything runs: a bad
/// `INSTA_UPDATE` is reported at once instead of being read as `auto`.
pub fn prepare_process() -> Result<(), String> {
    const MODES: [&str; 6] = ["auto", "always", "new", "unseen", "no", "force"];
    if let Some(mode) = std::env::var_os("INSTA_UPDATE") {
        let mode = mode.to_string_lossy();
        if !MODES.contains(&mode.as_ref()) {
            return Err(format!(
                "INSTA_UPDATE={mode} is not one of {}",
                MODES.join(", ")
            ));
        }
    }
    Ok(())
}

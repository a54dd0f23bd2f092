//! The command line: raw arguments ([`args`]) → validated configuration
//! (`config`, `backend`) → the command (`check` with its `schedule`,
//! `inspect`, `snapshots`) → a documented exit code ([`exit`]), or an
//! [`CliError`] that carries its exit code and prints its causes.

pub mod args;
mod backend;
mod check;
mod config;
mod error;
pub mod exit;
mod inspect;
mod run;
mod schedule;
mod snapshots;

pub use args::Cli;
pub use error::CliError;
pub use run::run;

/// Process-wide settings for the binary, made before any thread starts:
/// insta reads its environment once per process, and a bad `INSTA_UPDATE`
/// would poison it for every later snapshot, so it is checked here.
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
    // SAFETY: called from `main` before the runtime (or any other thread)
    // exists, so nothing can read the environment concurrently.
    unsafe {
        // We print our own diffs; insta's boxes would repeat them.
        if std::env::var_os("INSTA_OUTPUT").is_none() {
            std::env::set_var("INSTA_OUTPUT", "none");
        }
        // Without it insta runs `cargo metadata` to find a workspace, which
        // a user of the binary may not have.
        if std::env::var_os("INSTA_WORKSPACE_ROOT").is_none()
            && let Ok(cwd) = std::env::current_dir()
        {
            std::env::set_var("INSTA_WORKSPACE_ROOT", cwd);
        }
    }
    crate::snapshot::silence_mismatch_panics();
    Ok(())
}

//! The command line: raw arguments ([`args`]) → validated settings and
//! dispatch ([`run`]) → a documented exit code ([`exit`]).

pub mod args;
mod backend;
pub mod exit;
mod run;

pub use args::Cli;
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

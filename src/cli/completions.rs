//! `completions SHELL` and `man`: generated from the clap definitions in
//! [`args`](super::args), so they always list the commands and flags the
//! binary has.

use super::args::{Cli, CompletionsArgs, ManArgs};
use super::error::CliError;
use super::exit;
use super::stdout::{Stdout, say};
use clap::CommandFactory;
use std::io::Write;

/// The binary's name, as completion scripts and man pages call it.
const BIN: &str = "pg-roundtrip";

pub fn completions(args: CompletionsArgs) -> Result<u8, CliError> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), BIN, &mut script);
    let mut out = Stdout::new();
    out.write_all(&script).map_err(CliError::Stdout)?;
    out.flush().map_err(CliError::Stdout)?;
    Ok(exit::OK)
}

pub fn man(args: ManArgs) -> Result<u8, CliError> {
    let command = Cli::command();
    if let Some(dir) = args.dir {
        let written =
            std::fs::create_dir_all(&dir).and_then(|()| clap_mangen::generate_to(command, &dir));
        written.map_err(|source| CliError::ReportFile {
            action: "write the man pages into",
            path: dir.clone(),
            source,
        })?;
        let mut out = Stdout::new();
        say!(out, "wrote the man pages into {}", dir.display());
        return Ok(exit::OK);
    }
    let mut page = Vec::new();
    clap_mangen::Man::new(command)
        .render(&mut page)
        .map_err(CliError::Stdout)?;
    let mut out = Stdout::new();
    out.write_all(&page).map_err(CliError::Stdout)?;
    out.flush().map_err(CliError::Stdout)?;
    Ok(exit::OK)
}

//! `--exclude` / `exclude = [..]` compiled once for every history, each bad
//! pattern reported with where it was given.

use super::error::CliError;
use crate::config::{Origin, Sourced};
use crate::source::Exclude;

/// The patterns of `exclude`; each bad one is pushed on `errors` (and the
/// history is then read with none, so that its own problems still show).
pub(super) fn compile(exclude: &Sourced<Vec<String>>, errors: &mut Vec<CliError>) -> Exclude {
    match Exclude::new(&exclude.value) {
        Ok(compiled) => compiled,
        Err(bad) => {
            for b in bad {
                let what = match &exclude.origin {
                    Origin::Flag(flag) => format!("{flag} '{}'", b.pattern),
                    other => format!("{other}: exclude {:?}", b.pattern),
                };
                errors.push(CliError::Usage(format!("{what}: {}", b.reason)));
            }
            Exclude::default()
        }
    }
}

//! The user's rows: one SQL file per revision in the fixtures directory,
//! named by the revision's id (`0003_add_tasks.sql`) or its version as
//! written (`0003.sql`).

use super::DataError;
use crate::source::{Revision, Runner, Script, Step, TxMode};
use std::path::Path;

/// The fixture step of `revision` in `dir`, if it has one: its SQL in one
/// transaction, as an upgrade runs.
pub fn fixture_for(dir: &Path, revision: &Revision) -> Result<Option<Step>, DataError> {
    for stem in [revision.id(), revision.version_text.clone()] {
        if stem.is_empty() {
            continue;
        }
        let path = dir.join(format!("{stem}.sql"));
        if !path.is_file() {
            continue;
        }
        let sql = std::fs::read_to_string(&path).map_err(|source| DataError::Fixture {
            path: path.clone(),
            source,
        })?;
        return Ok(Some(Step {
            script: Script {
                path,
                sql,
                line_offset: 0,
                checksum: String::new(),
            },
            transaction: TxMode::Transaction,
            runner: Runner::Sql,
        }));
    }
    Ok(None)
}

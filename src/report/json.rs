//! `--format json`: the reports as one JSON document.
//!
//! Shape: `{"passed": bool, "runs": [WalkReport…]}`, where every finding
//! has `kind`, `revision`, `file`, `line`, `column`, `message`, `details`
//! and `changes`, and durations are milliseconds.

use crate::walk::WalkReport;
use std::io::{self, Write};

#[derive(serde::Serialize)]
struct Document<'a> {
    passed: bool,
    runs: &'a [WalkReport],
}

pub fn write(out: &mut impl Write, reports: &[WalkReport]) -> io::Result<()> {
    let doc = Document {
        passed: reports.iter().all(WalkReport::passed),
        runs: reports,
    };
    serde_json::to_writer_pretty(&mut *out, &doc).map_err(io::Error::other)?;
    writeln!(out)
}

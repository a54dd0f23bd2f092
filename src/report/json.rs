//! `--format json`: the reports as one JSON document.
//!
//! Shape: `{"passed": bool, "versions": [15, 17…], "runs": [WalkReport…]}`
//! (one run per history and PostgreSQL version, each with `pg_major` and
//! `server`), where every finding
//! has `kind`, `revision`, `file`, `line`, `column`, `message`, `details`
//! and `changes`, and durations are milliseconds.

use crate::walk::WalkReport;
use std::io::{self, Write};

#[derive(serde::Serialize)]
struct Document<'a> {
    passed: bool,
    /// The PostgreSQL majors walked, in order.
    versions: Vec<u32>,
    runs: &'a [WalkReport],
}

pub fn write(out: &mut impl Write, reports: &[WalkReport]) -> io::Result<()> {
    let doc = Document {
        passed: reports.iter().all(WalkReport::passed),
        versions: {
            let mut v: Vec<u32> = Vec::new();
            for r in reports {
                if !v.contains(&r.pg_major) {
                    v.push(r.pg_major);
                }
            }
            v
        },
        runs: reports,
    };
    serde_json::to_writer_pretty(&mut *out, &doc).map_err(io::Error::other)?;
    writeln!(out)
}

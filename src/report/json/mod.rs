//! `--report json`: the walks as one JSON document of the documented,
//! versioned [`schema`] ([`schema::Report`], `schema_version`
//! [`schema::SCHEMA_VERSION`]); `docs/report-json.md` describes it.
//!
//! [`from_walk`] turns the walk's plain data into those types (every
//! sentence from [`wording`](super::wording)); the other formats render
//! from them too. [`parse`] reads a report back, refusing another schema
//! version.

pub mod from_walk;
pub mod generated;
pub mod schema;
pub mod suggestion;

use crate::walk::WalkReport;
use schema::{Report, SCHEMA_VERSION};
use std::io::{self, Write};

/// Writes `reports` as one pretty-printed JSON document and a newline.
pub fn write(out: &mut impl Write, reports: &[WalkReport]) -> io::Result<()> {
    write_report(out, &from_walk::report(reports))
}

/// Writes `report` as one pretty-printed JSON document and a newline.
pub fn write_report(out: &mut impl Write, report: &Report) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report).map_err(io::Error::other)?;
    writeln!(out)
}

/// A JSON report that cannot be read back.
#[derive(Debug, thiserror::Error)]
pub enum ParseError {
    #[error("not a pg-roundtrip JSON report: {0}")]
    NotJson(#[source] serde_json::Error),
    #[error("not a pg-roundtrip JSON report: it has no schema_version field")]
    NoVersion,
    #[error(
        "schema_version {found} is not the version this pg-roundtrip reads ({SCHEMA_VERSION}); write every report with the same pg-roundtrip release"
    )]
    Version { found: u64 },
    #[error("not a pg-roundtrip JSON report of schema version {SCHEMA_VERSION}: {0}")]
    Shape(#[source] serde_json::Error),
}

/// Reads a JSON report, checking its `schema_version` first so that a
/// report of another version says so instead of failing on a field.
pub fn parse(text: &str) -> Result<Report, ParseError> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(ParseError::NotJson)?;
    match value.get("schema_version").and_then(|v| v.as_u64()) {
        None => return Err(ParseError::NoVersion),
        Some(v) if v != u64::from(SCHEMA_VERSION) => return Err(ParseError::Version { found: v }),
        Some(_) => {}
    }
    serde_json::from_value(value).map_err(ParseError::Shape)
}

//! `merge-reports`: the JSON reports of several partitions → one JSON
//! report (and any other `--report`), with the exit code of the merged
//! verdict.

use super::args::MergeArgs;
use super::error::CliError;
use super::reports::{self, ReportSpec, Reports};
use crate::report::Format;
use crate::report::merge;
use std::path::PathBuf;

pub fn merge_reports(args: MergeArgs) -> Result<u8, CliError> {
    let (output, inputs) = match args.output {
        Some(out) => (out, args.files),
        None => {
            let mut files = args.files.into_iter();
            let out = files.next().ok_or_else(no_inputs)?;
            let inputs: Vec<PathBuf> = files.collect();
            refuse_overwriting_a_report(&out)?;
            (out, inputs)
        }
    };
    if inputs.is_empty() {
        return Err(no_inputs());
    }
    if let Some(input) = inputs.iter().find(|i| same_file(i, &output)) {
        return Err(CliError::Usage(format!(
            "{} is both the output and an input: write the merged report to another file",
            input.display()
        )));
    }
    let mut specs = args.reports;
    specs.push(ReportSpec {
        format: Format::Json,
        path: Some(output),
    });
    let plan = Reports::plan(&specs, None, None, args.color)?;

    let mut texts = Vec::new();
    for path in inputs {
        let text = std::fs::read_to_string(&path).map_err(|source| CliError::ReportFile {
            action: "read",
            path: path.clone(),
            source,
        })?;
        texts.push((path, text));
    }
    let merged = merge::read_all(&texts)
        .and_then(merge::merge)
        .map_err(|e| CliError::Usage(e.to_string()))?;
    let report_errors = plan.write(&merged)?;
    reports::exit_code(merged.passed, report_errors)
}

fn no_inputs() -> CliError {
    CliError::Usage(
        "merge-reports needs the output file and at least one report to merge: pg-roundtrip merge-reports OUT.json IN1.json IN2.json…".into(),
    )
}

/// `merge-reports a.json b.json` meant as two inputs would overwrite
/// `a.json`: without `-o`, an existing pg-roundtrip report is never the
/// output.
fn refuse_overwriting_a_report(out: &PathBuf) -> Result<(), CliError> {
    let is_report = std::fs::read_to_string(out)
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .is_some_and(|v| v.get("schema_version").is_some());
    if is_report {
        return Err(CliError::Usage(format!(
            "{} is already a pg-roundtrip report, and the first file is the output: to merge it, name the output first (merge-reports OUT.json {} …), or give it with -o to overwrite it",
            out.display(),
            out.display()
        )));
    }
    Ok(())
}

fn same_file(a: &PathBuf, b: &PathBuf) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

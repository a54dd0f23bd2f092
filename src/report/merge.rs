//! `merge-reports`: the JSON reports of several partitions of one check
//! (`--partition K/N` in a CI matrix) → one report.
//!
//! Runs of the same history on the same PostgreSQL major are joined into
//! one run, their revisions in history order; other runs are kept as
//! they are. Every input must have the same `schema_version`, and no
//! revision may be in two inputs' same run (the partitions overlap, or
//! one report was given twice): both are refused, naming the files.

use super::json::schema::{Report, Run};
use super::json::{self, ParseError};
use std::path::{Path, PathBuf};

/// Why reports cannot be merged.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    #[error("{}: {source}", path.display())]
    Parse {
        path: PathBuf,
        #[source]
        source: ParseError,
    },
    #[error(
        "the reports have different schema versions ({}): merge only reports written by the same pg-roundtrip release",
        .versions.iter().map(|(p, v)| format!("{} has {v}", p.display())).collect::<Vec<_>>().join(", ")
    )]
    Versions { versions: Vec<(PathBuf, u64)> },
    #[error(
        "the reports overlap: {} {} of {} on PostgreSQL {major} {} in both {} and {}; each revision must be in exactly one partition's report (was one report given twice?)",
        if .revisions.len() == 1 { "revision" } else { "revisions" },
        .revisions.join(", "),
        .history.display(),
        if .revisions.len() == 1 { "is" } else { "are" },
        .first.display(),
        .second.display(),
    )]
    Overlap {
        history: PathBuf,
        major: u32,
        revisions: Vec<String>,
        first: PathBuf,
        second: PathBuf,
    },
}

/// Reads the JSON reports `(path, text)`: first every `schema_version`,
/// so that reports of different versions are refused as such, then each
/// report.
pub fn read_all(inputs: &[(PathBuf, String)]) -> Result<Vec<(PathBuf, Report)>, MergeError> {
    let mut versions = Vec::new();
    for (path, text) in inputs {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| MergeError::Parse {
                path: path.clone(),
                source: ParseError::NotJson(e),
            })?;
        match value.get("schema_version").and_then(|v| v.as_u64()) {
            Some(v) => versions.push((path.clone(), v)),
            None => {
                return Err(MergeError::Parse {
                    path: path.clone(),
                    source: ParseError::NoVersion,
                });
            }
        }
    }
    if versions.windows(2).any(|w| w[0].1 != w[1].1) {
        return Err(MergeError::Versions { versions });
    }
    inputs
        .iter()
        .map(|(path, text)| {
            json::parse(text)
                .map(|r| (path.clone(), r))
                .map_err(|source| MergeError::Parse {
                    path: path.clone(),
                    source,
                })
        })
        .collect()
}

/// One report of `reports` (each with the file it came from).
pub fn merge(reports: Vec<(PathBuf, Report)>) -> Result<Report, MergeError> {
    // Each merged run, with the file each of its revisions came from.
    let mut runs: Vec<(Run, Vec<PathBuf>)> = Vec::new();
    for (path, report) in reports {
        for run in report.runs {
            let same = runs
                .iter_mut()
                .find(|(r, _)| r.history == run.history && r.pg_major == run.pg_major);
            let Some((merged, from)) = same else {
                let from = vec![path.clone(); run.revisions.len()];
                runs.push((run, from));
                continue;
            };
            join(merged, from, run, &path)?;
        }
    }
    let mut runs: Vec<Run> = runs.into_iter().map(|(run, _)| run).collect();
    // Runs of one major together, the majors in the order first seen.
    let majors = Report::versions_of(&runs);
    runs.sort_by_key(|r| majors.iter().position(|m| *m == r.pg_major));
    Ok(Report::new(runs))
}

/// Adds `run` (from `path`) to `merged`, whose revisions came from `from`.
fn join(
    merged: &mut Run,
    from: &mut Vec<PathBuf>,
    run: Run,
    path: &Path,
) -> Result<(), MergeError> {
    let mut overlap: Vec<(String, PathBuf)> = Vec::new();
    for r in &run.revisions {
        if let Some(i) = merged.revisions.iter().position(|m| m.id == r.id) {
            overlap.push((r.id.clone(), from[i].clone()));
        }
    }
    if let Some((_, first)) = overlap.first() {
        let first = first.clone();
        let revisions: Vec<String> = overlap
            .into_iter()
            .filter(|(_, f)| *f == first)
            .map(|(id, _)| id)
            .collect();
        return Err(MergeError::Overlap {
            history: run.history,
            major: run.pg_major,
            revisions,
            first,
            second: path.to_path_buf(),
        });
    }
    if !merged.server.split("; ").any(|s| s == run.server) {
        merged.server = format!("{}; {}", merged.server, run.server);
    }
    merged.duration_ms += run.duration_ms;
    super::json::generated::join(&mut merged.generated, run.generated);
    let mut revisions: Vec<_> = std::mem::take(&mut merged.revisions)
        .into_iter()
        .zip(std::mem::take(from))
        .chain(run.revisions.into_iter().map(|r| (r, path.to_path_buf())))
        .collect();
    // History order: versions are increasing in every layout (the
    // position where a layout has no number); the sort is stable.
    revisions.sort_by_key(|(r, _)| r.version);
    (merged.revisions, *from) = revisions.into_iter().unzip();
    merged.passed = Run::verdict(&merged.revisions);
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::report::json::schema::{
        Revision, RevisionStatus, SCHEMA_VERSION, Step, StepStatus, Steps,
    };

    fn revision(id: &str, version: u64, status: RevisionStatus) -> Revision {
        let step = Step {
            status: StepStatus::Passed,
            duration_ms: Some(1),
        };
        Revision {
            id: id.into(),
            version,
            status,
            not_run_reason: None,
            steps: Steps {
                up: step,
                down: step,
                reup: step,
            },
            inspect_ms: Some(2),
            findings: Vec::new(),
            warnings: Vec::new(),
            snapshot: None,
        }
    }

    fn run(major: u32, server: &str, revisions: Vec<Revision>) -> Run {
        Run {
            history: "m".into(),
            server: server.into(),
            pg_major: major,
            passed: Run::verdict(&revisions),
            duration_ms: 10,
            revisions,
            generated: None,
        }
    }

    fn file(name: &str, runs: Vec<Run>) -> (PathBuf, Report) {
        (PathBuf::from(name), Report::new(runs))
    }

    #[test]
    fn runs_of_one_history_and_major_join_in_history_order() {
        let merged = merge(vec![
            file(
                "b.json",
                vec![
                    run(15, "s1", vec![revision("3_c", 3, RevisionStatus::Passed)]),
                    run(17, "s2", vec![revision("3_c", 3, RevisionStatus::Passed)]),
                ],
            ),
            file(
                "a.json",
                vec![
                    run(17, "s3", vec![revision("1_a", 1, RevisionStatus::Passed)]),
                    run(
                        15,
                        "s1",
                        vec![
                            revision("1_a", 1, RevisionStatus::Passed),
                            revision("2_b", 2, RevisionStatus::NotRun),
                        ],
                    ),
                ],
            ),
        ])
        .unwrap();
        assert_eq!(merged.schema_version, SCHEMA_VERSION);
        assert_eq!(merged.versions, [15, 17]);
        let shape: Vec<(u32, &str, Vec<&str>, u64)> = merged
            .runs
            .iter()
            .map(|r| {
                (
                    r.pg_major,
                    r.server.as_str(),
                    r.revisions.iter().map(|r| r.id.as_str()).collect(),
                    r.duration_ms,
                )
            })
            .collect();
        assert_eq!(
            shape,
            [
                (15, "s1", vec!["1_a", "2_b", "3_c"], 20),
                (17, "s2; s3", vec!["1_a", "3_c"], 20),
            ]
        );
        // A revision not run fails the merged run and the report.
        assert!(!merged.runs[0].passed && merged.runs[1].passed);
        assert!(!merged.passed);
    }

    #[test]
    fn overlapping_partitions_name_the_revisions_and_files() {
        let part = |name| {
            file(
                name,
                vec![run(
                    15,
                    "s",
                    vec![
                        revision("1_a", 1, RevisionStatus::Passed),
                        revision("2_b", 2, RevisionStatus::Passed),
                    ],
                )],
            )
        };
        let e = merge(vec![part("p1.json"), part("p2.json")]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "the reports overlap: revisions 1_a, 2_b of m on PostgreSQL 15 are in both p1.json and p2.json; each revision must be in exactly one partition's report (was one report given twice?)"
        );
    }

    #[test]
    fn versions_are_read_before_the_reports() {
        let mut one = String::new();
        let report = Report::new(vec![run(15, "s", Vec::new())]);
        one.push_str(&serde_json::to_string(&report).unwrap());
        let two = one.replace("\"schema_version\":1", "\"schema_version\":2");
        let e = read_all(&[
            ("a.json".into(), one.clone()),
            ("b.json".into(), two.clone()),
        ])
        .unwrap_err();
        assert!(
            e.to_string().starts_with(
                "the reports have different schema versions (a.json has 1, b.json has 2)"
            ),
            "{e}"
        );
        let e = read_all(&[("b.json".into(), two)]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "b.json: schema_version 2 is not the version this pg-roundtrip reads (1); write every report with the same pg-roundtrip release"
        );
        let e = read_all(&[("c.json".into(), "[]".into())]).unwrap_err();
        assert!(e.to_string().contains("no schema_version field"), "{e}");
        let read = read_all(&[("a.json".into(), one)]).unwrap();
        assert_eq!(read[0].1, report);
    }
}

//! The tests: one per revision and server, sharing one walk per server.
//!
//! The arguments say which tests run before any of them starts, so each
//! server's walk round-trips exactly the selected revisions (the others
//! before them are fast-forwarded). The first test of a server to run
//! starts it and walks; the others of that server wait for that walk and
//! read their revision's outcome from it.

use super::Setup;
use crate::db::{Backend, resolve_backends};
use crate::report;
use crate::source::{self, History};
use crate::walk::{Selection, WalkReport, walk_selected};
use crate::{snapshot, walk::WalkOptions};
use libtest_mimic::{Arguments, ColorSetting, Failed, Trial};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

/// A test that fails with `message` (a setup that could not be read).
pub(super) fn broken(name: &str, message: String) -> Trial {
    Trial::test(name, move || Err(Failed::from(message)))
}

/// The tests of `setup`, one per revision and server.
pub(super) fn trials(setup: Setup, args: &Arguments) -> Vec<Trial> {
    let history = match source::load_excluding(
        &setup.history,
        None,
        &crate::driver::AlembicOptions::default(),
        &setup.exclude,
    ) {
        Ok(history) => history,
        Err(e) => return vec![broken("roundtrip::history", e.to_string())],
    };
    let mut majors: Vec<u32> = Vec::new();
    for m in &setup.settings.majors {
        if !majors.contains(m) {
            majors.push(*m);
        }
    }
    // A major in the name only when there are several.
    let servers: Vec<Option<u32>> = if majors.len() > 1 {
        majors.into_iter().map(Some).collect()
    } else {
        vec![None]
    };
    let ids: Vec<String> = history.revisions.iter().map(|r| r.id()).collect();
    let name = |id: &str, major: Option<u32>| match major {
        Some(m) => format!("roundtrip::{id}@pg{m}"),
        None => format!("roundtrip::{id}"),
    };
    let selections = servers
        .iter()
        .map(|major| {
            let names: Vec<String> = ids.iter().map(|id| name(id, *major)).collect();
            selected(args, &names)
        })
        .collect();
    let shared = Arc::new(Shared {
        walks: servers.iter().map(|_| OnceLock::new()).collect(),
        history,
        snapshots: setup.snapshots,
        settings: setup.settings,
        options: setup.options,
        color: color(args),
        selections,
        runtime: OnceLock::new(),
        backends: OnceLock::new(),
    });
    let mut trials = Vec::new();
    for (slot, major) in servers.iter().enumerate() {
        for id in &ids {
            let (shared, id) = (shared.clone(), id.clone());
            trials.push(Trial::test(name(&id, *major), move || {
                shared.verdict(slot, &id)
            }));
        }
    }
    trials
}

/// The revisions (by index) whose tests, named `names`, the arguments
/// run: not filtered out, not ignored.
fn selected(args: &Arguments, names: &[String]) -> Selection {
    Selection::only((0..names.len()).filter(|i| {
        let probe = Trial::test(names[*i].clone(), || Ok(()));
        !args.is_filtered_out(&probe) && !args.is_ignored(&probe)
    }))
}

/// Colour in a failure's report: `--color`, else a terminal without
/// `NO_COLOR`.
fn color(args: &Arguments) -> bool {
    match args.color {
        Some(ColorSetting::Always) => true,
        Some(ColorSetting::Never) => false,
        Some(ColorSetting::Auto) | None => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    }
}

/// What every test of one run shares.
struct Shared {
    history: History,
    snapshots: PathBuf,
    settings: crate::db::BackendSettings,
    options: WalkOptions,
    color: bool,
    /// Per server: the revisions whose tests were selected.
    selections: Vec<Selection>,
    runtime: OnceLock<Result<tokio::runtime::Runtime, String>>,
    /// The backends, one per server, chosen once.
    backends: OnceLock<Result<Vec<Backend>, String>>,
    /// Per server: its walk (with the snapshot pass), once.
    walks: Vec<OnceLock<Result<WalkReport, String>>>,
}

impl Shared {
    /// The test of revision `id` on server `slot`.
    fn verdict(&self, slot: usize, id: &str) -> Result<(), Failed> {
        let walked = self.walks[slot].get_or_init(|| self.walk(slot));
        let report = walked.as_ref().map_err(Failed::from)?;
        let Some(outcome) = report.revisions.iter().find(|r| r.id == id) else {
            return Err(Failed::from(format!(
                "revision {id} was not walked (internal error)"
            )));
        };
        let t = &outcome.timings;
        let one = WalkReport {
            history: report.history.clone(),
            server: report.server.clone(),
            pg_major: report.pg_major,
            revisions: vec![outcome.clone()],
            duration: t.up + t.down + t.reup + t.inspect,
            generated: None,
        };
        let passed = one.passed();
        if passed && outcome.warnings.is_empty() {
            return Ok(());
        }
        let mut text = Vec::new();
        report::human::write(&mut text, std::slice::from_ref(&one), self.color)
            .map_err(|e| Failed::from(format!("failed to write the report: {e}")))?;
        let text = String::from_utf8_lossy(&text).into_owned();
        if passed {
            // Warnings only (a role left behind): shown, not failed.
            eprint!("{text}");
            Ok(())
        } else {
            Err(Failed::from(text))
        }
    }

    /// Starts server `slot`, walks its selected revisions, stops it, and
    /// runs the snapshot pass.
    fn walk(&self, slot: usize) -> Result<WalkReport, String> {
        let runtime = self
            .runtime
            .get_or_init(|| {
                tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_all()
                    .build()
                    .map_err(|e| format!("failed to start the async runtime: {e}"))
            })
            .as_ref()?;
        let backends = self
            .backends
            .get_or_init(|| {
                let plan = runtime
                    .block_on(resolve_backends(&self.settings))
                    .map_err(|e| e.to_string())?;
                eprintln!("pg-roundtrip: {}", plan.reason);
                Ok(plan.backends)
            })
            .as_ref()?;
        let backend = backends.get(slot).ok_or_else(|| {
            format!(
                "{} servers for {} test groups (internal error)",
                backends.len(),
                self.walks.len()
            )
        })?;
        let mut report = runtime.block_on(async {
            let label = backend.label();
            let running = backend.start().await.map_err(|e| format!("{label}: {e}"))?;
            let walked = walk_selected(
                &self.history,
                running.server(),
                &self.options,
                &self.selections[slot],
            )
            .await;
            if let Err(e) = running.stop().await {
                eprintln!("warning: {label}: {e}");
            }
            walked.map_err(|e| format!("{label}: {e}"))
        })?;
        snapshot::check_walk(&mut report, &self.history, &self.snapshots)
            .map_err(|e| e.to_string())?;
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::BackendSettings;

    fn setup(dir: &std::path::Path, majors: Vec<u32>) -> Setup {
        for (name, text) in [
            ("1_a.up.sql", "CREATE TABLE a ();"),
            ("1_a.down.sql", "DROP TABLE a;"),
            ("2_b.up.sql", "CREATE TABLE b ();"),
            ("2_b.down.sql", "DROP TABLE b;"),
        ] {
            assert!(std::fs::write(dir.join(name), text).is_ok());
        }
        Setup {
            history: dir.to_path_buf(),
            snapshots: dir.join("snapshots"),
            settings: BackendSettings {
                majors,
                ..BackendSettings::default()
            },
            options: WalkOptions::default(),
            exclude: crate::source::Exclude::default(),
        }
    }

    fn names(trials: &[Trial]) -> Vec<&str> {
        trials.iter().map(Trial::name).collect()
    }

    #[test]
    fn one_test_per_revision_and_per_version_when_several() {
        let Ok(dir) = tempfile::tempdir() else {
            panic!("no temp dir");
        };
        let args = Arguments::default();
        let one = trials(setup(dir.path(), vec![17]), &args);
        assert_eq!(names(&one), ["roundtrip::1_a", "roundtrip::2_b"]);
        let several = trials(setup(dir.path(), vec![15, 17, 15]), &args);
        assert_eq!(
            names(&several),
            [
                "roundtrip::1_a@pg15",
                "roundtrip::2_b@pg15",
                "roundtrip::1_a@pg17",
                "roundtrip::2_b@pg17"
            ]
        );
    }

    #[test]
    fn only_what_the_arguments_select_is_walked() {
        let names: Vec<String> = ["roundtrip::1_a", "roundtrip::2_b", "roundtrip::2_bb"]
            .map(String::from)
            .to_vec();
        let with = |f: fn(&mut Arguments)| {
            let mut args = Arguments::default();
            f(&mut args);
            selected(&args, &names)
        };
        assert_eq!(with(|_| {}), Selection::only([0, 1, 2]));
        assert_eq!(
            with(|a| a.filter = Some("2_b".into())),
            Selection::only([1, 2])
        );
        assert_eq!(
            with(|a| {
                a.filter = Some("roundtrip::2_b".into());
                a.exact = true;
            }),
            Selection::only([1])
        );
        assert_eq!(
            with(|a| a.skip = vec!["1_a".into()]),
            Selection::only([1, 2])
        );
        assert_eq!(with(|a| a.ignored = true), Selection::only([]));
    }

    #[test]
    fn an_unreadable_history_is_one_failing_test() {
        let Ok(dir) = tempfile::tempdir() else {
            panic!("no temp dir");
        };
        let mut s = setup(dir.path(), Vec::new());
        s.history = dir.path().join("missing");
        let t = trials(s, &Arguments::default());
        assert_eq!(names(&t), ["roundtrip::history"]);
    }
}

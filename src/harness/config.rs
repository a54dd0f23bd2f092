//! The harness's setup from [`crate::config`]: the builder's calls over
//! the environment over `pg-roundtrip.toml` (in the crate root or the
//! nearest parent that has one) over the defaults, the same layers and
//! file as `pg-roundtrip check`.

use super::{Harness, Setup};
use crate::config::{self, Lookup, Names, Overrides};
use std::path::{Path, PathBuf};

/// The builder's calls, as the configuration's messages name them.
const BUILDER: Names = Names {
    history: "Harness::history",
    layout: "Harness",
    snapshots: "Harness::snapshots",
    backend: "Harness::backend",
    image: "Harness::backend_settings",
    pg: "Harness::backend_settings",
    url: "Harness::backend_settings",
    pg_bin: "Harness::backend_settings",
    allow_irreversible: "Harness::walk_options",
    ignore: "Harness::walk_options",
    strict_roles: "Harness::walk_options",
    jobs: "Harness",
    step_timeout: "Harness::walk_options",
    exclude: "Harness",
    exclude_table: "Harness::walk_options",
    strict_bodies: "Harness::walk_options",
};

impl Harness {
    /// The builder's calls as the top layer: `backend_settings` gives
    /// what it sets (its choice, majors when not empty, image, URL,
    /// binaries); `backend` wins over its choice.
    fn overrides(&self) -> Overrides {
        let mut o = Overrides::none(BUILDER);
        o.histories = self.history.clone().map(|h| vec![h]);
        o.snapshots = self.snapshots.clone();
        if let Some(s) = &self.settings {
            o.backend = Some(s.choice);
            o.majors = (!s.majors.is_empty()).then(|| s.majors.clone());
            o.image = s.image.clone();
            o.url = s.url.clone();
            o.pg_bin = s.pg_bin.clone();
        }
        if let Some(choice) = self.backend {
            o.backend = Some(choice);
        }
        o
    }

    /// The effective setup, or the message of the one failing test that
    /// says what is wrong.
    pub(super) fn resolve(self) -> Result<Setup, String> {
        let lookup = Lookup {
            start: &self.root,
            explicit: None,
            env: &config::process_env,
        };
        let effective = config::load(&lookup, &self.overrides()).map_err(|errors| {
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        })?;
        let under_root = |p: &Path| {
            if p.is_absolute() {
                p.to_path_buf()
            } else {
                self.root.join(p)
            }
        };
        let history = match effective.histories.value.as_slice() {
            [one] => under_root(one),
            several => {
                return Err(format!(
                    "{}: history names {} directories; the harness walks one: name it with Harness::history(…) in the test's main",
                    effective.histories.origin,
                    several.len()
                ));
            }
        };
        let snapshots = effective
            .snapshots
            .value
            .as_deref()
            .map(under_root)
            .unwrap_or_else(|| beside(&history, "snapshots"));
        let mut settings = effective.backend_settings();
        settings.cache_dir = self.settings.and_then(|s| s.cache_dir);
        let options = self.options.unwrap_or_else(|| effective.walk_options());
        let exclude = crate::source::Exclude::new(&effective.exclude.value).map_err(|bad| {
            bad.iter()
                .map(|b| {
                    format!(
                        "{}: exclude {:?}: {}",
                        effective.exclude.origin, b.pattern, b.reason
                    )
                })
                .collect::<Vec<_>>()
                .join("\n")
        })?;
        Ok(Setup {
            exclude,
            history,
            snapshots,
            settings,
            options,
        })
    }
}

/// `name` in the directory that holds `dir`.
fn beside(dir: &Path, name: &str) -> PathBuf {
    dir.parent().unwrap_or(Path::new(".")).join(name)
}

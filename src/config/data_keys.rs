//! The data keys (`data`, `fixtures`, `allow-data-loss`): flag > file >
//! default, like the others.

use super::error::ConfigError;
use super::file::{ConfigFile, FileKeys};
use super::layers::Overrides;
use super::origin::{Origin, Sourced};
use crate::data::DataMode;
use std::path::{Path, PathBuf};

type Resolved = (
    Sourced<DataMode>,
    Sourced<Option<PathBuf>>,
    Sourced<Vec<String>>,
);

/// The three keys' values; `at` turns a span of the file into an origin,
/// `from_file` a path written in the file into one from the start
/// directory.
pub(super) fn resolve(
    overrides: &Overrides,
    keys: Option<&FileKeys>,
    file: Option<&ConfigFile>,
    errors: &mut Vec<ConfigError>,
    at: &dyn Fn(&std::ops::Range<usize>) -> Origin,
    from_file: &dyn Fn(&Path) -> PathBuf,
) -> Resolved {
    let data = match (overrides.data, keys.and_then(|k| k.data.as_ref())) {
        (Some(m), _) => Sourced::new(m, Origin::Flag("--data")),
        (None, Some(m)) => Sourced::new(*m.get_ref(), at(&m.span())),
        (None, None) => Sourced::default_value(DataMode::default()),
    };
    let fixtures = match (&overrides.fixtures, keys.and_then(|k| k.fixtures.as_ref())) {
        (Some(p), _) => Sourced::new(Some(p.clone()), Origin::Flag("--fixtures")),
        (None, Some(p)) => Sourced::new(Some(from_file(p.get_ref())), at(&p.span())),
        (None, None) => Sourced::default_value(None),
    };
    let allow = match (
        &overrides.allow_data_loss,
        keys.and_then(|k| k.allow_data_loss.as_ref()),
    ) {
        (Some(a), _) => Sourced::new(a.clone(), Origin::Flag("--allow-data-loss")),
        (None, Some(a)) => {
            if a.get_ref().0.iter().any(|r| r.trim().is_empty())
                && let Some(f) = file
            {
                errors.push(f.error(
                    a.span(),
                    "allow-data-loss: an empty revision name; give ids like \"0010_drop_notes\" or versions",
                ));
            }
            Sourced::new(a.get_ref().0.clone(), at(&a.span()))
        }
        (None, None) => Sourced::default_value(Vec::new()),
    };
    (data, fixtures, allow)
}

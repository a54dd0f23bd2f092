//! `pg-roundtrip.toml` in the crate root: the harness's history
//! directory, snapshots directory and backend.

use crate::db::BackendChoice;
use std::path::{Path, PathBuf};

/// The configuration file's name, looked for in the crate root.
pub const CONFIG_FILE: &str = "pg-roundtrip.toml";

/// What `pg-roundtrip.toml` says. Every key is optional; an unknown key
/// is an error. Relative paths are relative to the file's directory.
///
/// ```toml
/// history = "db/migrations"   # default: migrations
/// snapshots = "db/snapshots"  # default: snapshots/ beside the history
/// backend = "local"           # auto (default), local, docker or url
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    /// The history directory.
    pub history: Option<PathBuf>,
    /// The snapshots directory.
    pub snapshots: Option<PathBuf>,
    /// Which backend starts the server.
    pub backend: Option<BackendName>,
}

/// A backend as the configuration file names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BackendName {
    Auto,
    Local,
    Docker,
    Url,
}

impl From<BackendName> for BackendChoice {
    fn from(name: BackendName) -> Self {
        match name {
            BackendName::Auto => BackendChoice::Auto,
            BackendName::Local => BackendChoice::Local,
            BackendName::Docker => BackendChoice::Docker,
            BackendName::Url => BackendChoice::Url,
        }
    }
}

/// A configuration file that could not be read or understood.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("failed to read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// toml's message names the line and column, and shows the line.
    #[error("{}: {message}", path.display())]
    Invalid { path: PathBuf, message: String },
}

impl FileConfig {
    /// `root/pg-roundtrip.toml`, or the defaults when there is none.
    pub fn load(root: &Path) -> Result<Self, ConfigError> {
        let path = root.join(CONFIG_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => Self::parse(&text, &path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(source) => Err(ConfigError::Read { path, source }),
        }
    }

    /// Parses `text`, the contents of the file at `path`.
    pub fn parse(text: &str, path: &Path) -> Result<Self, ConfigError> {
        toml::from_str(text).map_err(|e| ConfigError::Invalid {
            path: path.to_path_buf(),
            message: e.to_string().trim_end().to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<FileConfig, ConfigError> {
        FileConfig::parse(text, Path::new("/crate/pg-roundtrip.toml"))
    }

    #[test]
    fn every_key_and_none() {
        assert_eq!(parse("").ok(), Some(FileConfig::default()));
        let config = parse("history = \"db/m\"\nsnapshots = \"db/s\"\nbackend = \"local\"\n").ok();
        assert_eq!(
            config,
            Some(FileConfig {
                history: Some("db/m".into()),
                snapshots: Some("db/s".into()),
                backend: Some(BackendName::Local),
            })
        );
    }

    #[test]
    fn an_unknown_key_names_the_file_and_line() {
        let Err(e) = parse("history = \"m\"\n\nhistroy = \"x\"\n") else {
            panic!("an unknown key was accepted");
        };
        let text = e.to_string();
        assert!(text.starts_with("/crate/pg-roundtrip.toml: "), "{text}");
        assert!(text.contains("line 3"), "{text}");
        assert!(text.contains("histroy"), "{text}");
    }

    #[test]
    fn a_bad_backend_names_the_line() {
        let Err(e) = parse("backend = \"podman\"\n") else {
            panic!("a bad backend was accepted");
        };
        let text = e.to_string();
        assert!(text.contains("line 1"), "{text}");
        assert!(text.contains("podman"), "{text}");
    }

    #[test]
    fn a_missing_file_is_the_defaults() {
        let dir = tempfile::tempdir().ok();
        let root = dir
            .as_ref()
            .map(|d| d.path().to_path_buf())
            .unwrap_or_default();
        assert_eq!(FileConfig::load(&root).ok(), Some(FileConfig::default()));
    }
}

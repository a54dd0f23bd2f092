//! Finding the PostgreSQL server binaries (`postgres`, `initdb`) and
//! telling which major version a binary directory holds.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::db::error::DbError;

/// Finds the directory that holds the server binaries `postgres` and
/// `initdb`, in this order: `override_dir` (an error if they are not
/// there), `postgres` on `PATH` (symlinks resolved to the real directory),
/// `pg_config --bindir`, then Debian's `/usr/lib/postgresql/<major>/bin`,
/// newest major first.
pub fn find_pg_bin(override_dir: Option<&Path>) -> Result<PathBuf, DbError> {
    if let Some(dir) = override_dir {
        return if has_server_binaries(dir) {
            Ok(fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf()))
        } else {
            Err(DbError::BinariesNotFound {
                searched: format!("--pg-bin {}: no postgres and initdb there", dir.display()),
            })
        };
    }
    let mut searched = Vec::new();

    let mut on_path = Vec::new();
    if let Some(path) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&path) {
            let candidate = dir.join("postgres");
            if candidate.is_file() {
                let real = fs::canonicalize(&candidate).unwrap_or(candidate);
                if let Some(real_dir) = real.parent() {
                    if has_server_binaries(real_dir) {
                        return Ok(real_dir.to_path_buf());
                    }
                    on_path.push(real_dir.display().to_string());
                }
            }
        }
    }
    searched.push(if on_path.is_empty() {
        "postgres on PATH: not found".to_string()
    } else {
        format!(
            "postgres on PATH: no initdb beside it in {}",
            on_path.join(", ")
        )
    });

    match Command::new("pg_config")
        .arg("--bindir")
        .stderr(Stdio::null())
        .output()
    {
        Ok(out) if out.status.success() => {
            let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
            if has_server_binaries(&dir) {
                return Ok(fs::canonicalize(&dir).unwrap_or(dir));
            }
            searched.push(format!(
                "pg_config --bindir: no postgres and initdb in {}",
                dir.display()
            ));
        }
        Ok(_) => searched.push("pg_config --bindir: failed".to_string()),
        Err(_) => searched.push("pg_config: not on PATH".to_string()),
    }

    let debian = Path::new("/usr/lib/postgresql");
    let mut majors: Vec<(Vec<u32>, PathBuf)> = fs::read_dir(debian)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let key: Option<Vec<u32>> = name.split('.').map(|p| p.parse().ok()).collect();
            key.map(|k| (k, entry.path().join("bin")))
        })
        .collect();
    majors.sort_by(|a, b| b.0.cmp(&a.0));
    for (_, dir) in &majors {
        if has_server_binaries(dir) {
            return Ok(dir.clone());
        }
    }
    searched.push(format!(
        "{}/<major>/bin: none with postgres and initdb",
        debian.display()
    ));

    Err(DbError::BinariesNotFound {
        searched: searched.join("; "),
    })
}

/// The major version of the server binaries in `bin` (`postgres --version`).
pub fn pg_bin_major(bin: &Path) -> Result<u32, DbError> {
    let line = postgres_version(bin)?;
    let version = short_version(&line);
    version
        .split(['.', 'b', 'r', 'd'])
        .next()
        .and_then(|m| m.parse().ok())
        .ok_or_else(|| DbError::Process {
            action: format!("read the version of {}", bin.join("postgres").display()),
            message: format!("unexpected output {line:?}"),
        })
}

/// Like [`find_pg_bin`], but for one major version: `override_dir` must
/// hold that major; otherwise `postgres` on `PATH`, `pg_config --bindir`
/// and `/usr/lib/postgresql/<major>/bin` are tried, and the first with the
/// right major wins. The error names the majors that are installed.
pub fn find_pg_bin_for_major(override_dir: Option<&Path>, major: u32) -> Result<PathBuf, DbError> {
    if let Some(dir) = override_dir {
        let bin = find_pg_bin(Some(dir))?;
        let found = pg_bin_major(&bin)?;
        return if found == major {
            Ok(bin)
        } else {
            Err(DbError::MajorNotInstalled {
                major,
                installed: format!("--pg-bin {} holds PostgreSQL {found}", dir.display()),
            })
        };
    }
    let debian = Path::new("/usr/lib/postgresql")
        .join(major.to_string())
        .join("bin");
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Ok(bin) = find_pg_bin(None) {
        candidates.push(bin);
    }
    candidates.push(debian);
    let mut installed = Vec::new();
    for bin in candidates {
        if !has_server_binaries(&bin) {
            continue;
        }
        match pg_bin_major(&bin) {
            Ok(found) if found == major => return Ok(bin),
            Ok(found) => installed.push(format!("{found} in {}", bin.display())),
            Err(_) => {}
        }
    }
    for entry in fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
    {
        let bin = entry.path().join("bin");
        let name = entry.file_name().to_string_lossy().into_owned();
        if has_server_binaries(&bin)
            && !installed.iter().any(|i| i.starts_with(&format!("{name} ")))
        {
            installed.push(format!("{name} in {}", bin.display()));
        }
    }
    Err(DbError::MajorNotInstalled {
        major,
        installed: if installed.is_empty() {
            "no PostgreSQL server is installed".into()
        } else {
            format!("installed: {}", installed.join(", "))
        },
    })
}

fn has_server_binaries(dir: &Path) -> bool {
    dir.join("postgres").is_file() && dir.join("initdb").is_file()
}

/// `postgres --version`, e.g. `postgres (PostgreSQL) 15.18 (Debian 15.18-1)`.
/// (`--version` is answered before the server's refusal to run as root.)
pub(super) fn postgres_version(bin: &Path) -> Result<String, DbError> {
    let exe = bin.join("postgres");
    let out = Command::new(&exe)
        .arg("--version")
        .output()
        .map_err(|e| DbError::Process {
            action: format!("run {} --version", exe.display()),
            message: e.to_string(),
        })?;
    if !out.status.success() {
        return Err(DbError::Process {
            action: format!("run {} --version", exe.display()),
            message: String::from_utf8_lossy(&out.stderr).trim().to_string(),
        });
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// `15.18` out of `postgres (PostgreSQL) 15.18 (Debian …)`; safe for a
/// file name.
pub(super) fn short_version(line: &str) -> String {
    let token = line
        .split_once(')')
        .and_then(|(_, rest)| rest.split_whitespace().next())
        .unwrap_or("unknown");
    token
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_version_takes_the_number_after_the_product_name() {
        assert_eq!(
            short_version("postgres (PostgreSQL) 15.18 (Debian 15.18-1.pgdg120+1)"),
            "15.18"
        );
        assert_eq!(short_version("postgres (PostgreSQL) 17beta1"), "17beta1");
        assert_eq!(short_version("garbage"), "unknown");
    }

    #[test]
    fn an_override_without_binaries_is_an_error_naming_it() {
        let err = find_pg_bin(Some(Path::new("/nonexistent/pg/bin"))).err();
        let text = err.map(|e| e.to_string()).unwrap_or_default();
        assert!(text.contains("--pg-bin /nonexistent/pg/bin"), "{text}");
    }
}

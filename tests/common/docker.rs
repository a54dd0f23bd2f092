//! Docker helpers for the tests: the no-silent-skip rule, building a
//! missing image once per machine, and `docker ps`.

use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The images the Docker tests use, `postgres:<major>`.
pub const MAJORS: [u32; 3] = [15, 17, 18];

/// True when the test must be skipped: only with
/// `PG_ROUNDTRIP_SKIP_DOCKER=1`, and then it says so loudly. Without it,
/// a missing engine fails the test with the reason, and a missing image
/// is built (see [`require`]).
pub fn skip(test: &str) -> bool {
    if std::env::var("PG_ROUNDTRIP_SKIP_DOCKER").as_deref() == Ok("1") {
        // Straight to the process's stderr: libtest captures `eprintln!`
        // of passing tests, and this notice must be seen.
        let notice = format!(
            "\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\
             !!! {test}: SKIPPED (PG_ROUNDTRIP_SKIP_DOCKER=1)\n\
             !!! it needs a Docker engine and the images postgres:15, 17 and 18\n\
             !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n"
        );
        say(&notice);
        return true;
    }
    require();
    false
}

/// Panics with the reason when no engine answers; builds every missing
/// image of [`MAJORS`] with `ci/build-postgres-image` (see
/// [`ensure_image`]).
pub fn require() {
    let out = Command::new("docker")
        .args(["version", "--format", "{{.Server.Version}}"])
        .output();
    match out {
        Ok(o) if o.status.success() => {}
        Ok(o) => panic!(
            "this test needs a Docker engine, and none answered: {}\n\
             (set PG_ROUNDTRIP_SKIP_DOCKER=1 to skip the Docker tests, loudly)",
            String::from_utf8_lossy(&o.stderr).trim()
        ),
        Err(e) => panic!(
            "this test needs a Docker engine, and the docker CLI could not run: {e}\n\
             (set PG_ROUNDTRIP_SKIP_DOCKER=1 to skip the Docker tests, loudly)"
        ),
    }
    for major in MAJORS {
        ensure_image(major);
    }
}

/// Makes sure `postgres:<major>` is on the engine: when it is missing,
/// runs `ci/build-postgres-image <major>` once per machine (the first test
/// process to get there builds, under [`build_lock`]; the others wait and
/// then find the image). Panics with the script's output when the build
/// fails.
pub fn ensure_image(major: u32) {
    let image = format!("postgres:{major}");
    let script = super::repo_path("ci/build-postgres-image");
    let notice =
        format!("building {image} from Debian packages (about a minute, once per machine)…\n");
    let built = ensure_with(
        &build_lock(),
        &notice,
        || image_exists(&image),
        || run_build(&script, major),
    );
    if let Err(why) = built {
        panic!(
            "this test needs the image {image}, and building it failed: {why}\n\
             (build it as root with `{} {major}`, or set PG_ROUNDTRIP_SKIP_DOCKER=1 to skip the Docker tests, loudly)",
            script.display()
        );
    }
}

/// The lock file every test process on this machine shares while it
/// builds an image.
pub fn build_lock() -> PathBuf {
    std::env::temp_dir().join("pg-roundtrip-build-postgres-image.lock")
}

/// Runs `build` unless `exists`, holding an exclusive `flock` on `lock`
/// while it checks again and builds, so that of processes (or threads)
/// racing for the same missing thing one builds and the others wait and
/// find it. Says `notice` on stderr before building. `Ok(true)` when this
/// call built, `Ok(false)` when the thing was there.
pub fn ensure_with(
    lock: &Path,
    notice: &str,
    exists: impl Fn() -> bool,
    build: impl FnOnce() -> Result<(), String>,
) -> Result<bool, String> {
    if exists() {
        return Ok(false);
    }
    // Created writable for everyone (another user's tests share it);
    // opened read-only when someone else created it (flock needs no
    // write access).
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .mode(0o666)
        .open(lock)
        .or_else(|_| std::fs::File::open(lock))
        .map_err(|e| format!("cannot open the lock file {}: {e}", lock.display()))?;
    file.lock()
        .map_err(|e| format!("cannot lock {}: {e}", lock.display()))?;
    if exists() {
        return Ok(false);
    }
    say(notice);
    build()?;
    if exists() {
        Ok(true)
    } else {
        Err("the build succeeded but the result is still missing".to_string())
    }
    // The lock is released when `file` is closed.
}

fn image_exists(image: &str) -> bool {
    Command::new("docker")
        .args(["image", "inspect", image])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// `ci/build-postgres-image <major>`, its output kept for the error.
fn run_build(script: &Path, major: u32) -> Result<(), String> {
    let out = Command::new(script)
        .arg(major.to_string())
        .output()
        .map_err(|e| format!("cannot run {}: {e}", script.display()))?;
    if out.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    let tail: Vec<&str> = stderr.lines().rev().take(20).collect();
    Err(format!(
        "{} {major} exited with {}:\n{}",
        script.display(),
        out.status,
        tail.into_iter().rev().collect::<Vec<_>>().join("\n")
    ))
}

/// Straight to the process's stderr: libtest captures `eprintln!` of
/// passing tests, and these lines must be seen.
fn say(text: &str) {
    let _ = std::io::Write::write_all(&mut std::io::stderr(), text.as_bytes());
}

/// Every container (running or not) with `label`, e.g.
/// `org.pg-roundtrip.run` or `org.pg-roundtrip.pid=123`.
pub fn containers_with(label: &str) -> Vec<String> {
    let out = Command::new("docker")
        .args([
            "ps",
            "-aq",
            "--no-trunc",
            "--filter",
            &format!("label={label}"),
        ])
        .output()
        .expect("docker ps");
    assert!(out.status.success(), "docker ps failed");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

pub fn container_exists(id: &str) -> bool {
    Command::new("docker")
        .args(["container", "inspect", id])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

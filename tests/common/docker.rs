//! Docker helpers for the tests: the no-silent-skip rule and `docker ps`.

use std::process::Command;

/// True when the test must be skipped: only with
/// `PG_ROUNDTRIP_SKIP_DOCKER=1`, and then it says so loudly. Without it,
/// a missing engine or image fails the test with the reason.
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
        let _ = std::io::Write::write_all(&mut std::io::stderr(), notice.as_bytes());
        return true;
    }
    require();
    false
}

/// Panics with the reason when the engine or an image is missing.
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
    for major in [15, 17, 18] {
        let ok = Command::new("docker")
            .args(["image", "inspect", &format!("postgres:{major}")])
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false);
        assert!(
            ok,
            "this test needs the image postgres:{major}; build it with `ci/build-postgres-image {major}` \
             (.ci/run does), or set PG_ROUNDTRIP_SKIP_DOCKER=1 to skip the Docker tests, loudly"
        );
    }
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

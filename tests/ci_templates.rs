//! The CI templates in `ci/` run here as far as this machine can: every
//! `run:` step of `ci/github-actions.yml` and every `before_script:` /
//! `script:` line of `ci/gitlab-ci.yml`, exactly as written, in order,
//! with bash as the runners start it, on a git repository made of this
//! repository's `migrations/` and `snapshots/` with a pull request on top.
//!
//! What belongs to GitHub or GitLab is stood in for, and each stand-in
//! first checks what it replaces:
//! * the install step (`cargo install … pg-roundtrip`): the binary under
//!   test is put first on `PATH`;
//! * `actions/checkout` with `fetch-depth: 0`: the repository has its
//!   base branch as `origin/main`, fetched from a local bare `origin`;
//! * the PostgreSQL service: a throwaway local cluster, whose URL replaces
//!   the template's `DATABASE_URL`;
//! * Docker-in-Docker (GitLab): this machine's engine (`DOCKER_HOST` is
//!   left out), with the images `postgres:15/17/18`;
//! * `actions/upload-artifact` and `artifacts:`: their paths must match
//!   the report (and the pending snapshots, when a snapshot is missing).
//!
//! Each job runs for both of its events: the pull request (only its
//! revisions, `--changed-from origin/main`) and the schedule (the whole
//! history).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::bin::{PgRoundtrip, text};
use serde_yaml_ng::{Mapping, Value};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The revision the pull request adds.
const NEW_REVISION: &str = "0013_create_labels";
const NEW_UP: &str = "CREATE TABLE labels (id bigint PRIMARY KEY, name text NOT NULL);\n";
const NEW_DOWN: &str = "DROP TABLE labels;\n";
/// The same revision with a downgrade that forgets its index.
const BROKEN_UP: &str = "CREATE TABLE labels (id bigint PRIMARY KEY, name text NOT NULL);\nCREATE INDEX labels_by_name ON labels (name);\n";
const BROKEN_DOWN: &str = "DROP INDEX IF EXISTS no_such_index;\n";

/// The install step both templates have, stood in for by `PATH`.
const INSTALL: &str = "cargo install --locked --git \"$PG_ROUNDTRIP_REPO\" pg-roundtrip";

// ---------------------------------------------------------------- templates

fn template(name: &str) -> Mapping {
    let path = common::repo_path("ci").join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    match serde_yaml_ng::from_str(&text) {
        Ok(Value::Mapping(m)) => m,
        other => panic!("{}: not a YAML mapping: {other:?}", path.display()),
    }
}

fn get<'a>(map: &'a Mapping, key: &str) -> Option<&'a Value> {
    map.get(Value::String(key.to_string()))
}

fn mapping<'a>(map: &'a Mapping, key: &str) -> &'a Mapping {
    match get(map, key) {
        Some(Value::Mapping(m)) => m,
        other => panic!("`{key}` is not a mapping: {other:?}"),
    }
}

fn string(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        other => panic!("not a scalar: {other:?}"),
    }
}

/// A mapping of variables as `(name, value)`.
fn variables(map: Option<&Value>) -> Vec<(String, String)> {
    match map {
        None => Vec::new(),
        Some(Value::Mapping(m)) => m.iter().map(|(k, v)| (string(k), string(v))).collect(),
        Some(other) => panic!("variables are not a mapping: {other:?}"),
    }
}

fn strings(value: Option<&Value>) -> Vec<String> {
    match value {
        None => Vec::new(),
        Some(Value::Sequence(items)) => items.iter().map(string).collect(),
        Some(other) => panic!("not a list: {other:?}"),
    }
}

/// Later variables of the same name win.
fn set(env: &mut Vec<(String, String)>, name: &str, value: &str) {
    env.retain(|(k, _)| k != name);
    env.push((name.to_string(), value.to_string()));
}

// ---------------------------------------------------------------- repository

/// What the pull request brings.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Pr {
    /// The new revision and its snapshot(s), recorded and accepted the
    /// way the README says.
    WithSnapshots,
    /// The new revision without its snapshot.
    WithoutSnapshot,
    /// The new revision with a downgrade that leaves its index behind.
    BrokenDown,
}

fn git(dir: &Path, args: &[&str]) {
    let o = Command::new("git")
        .args(["-c", "user.name=ci", "-c", "user.email=ci@example.invalid"])
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(o.status.success(), "git {args:?}: {}", text(&o));
}

/// A clone as `actions/checkout` with `fetch-depth: 0` leaves it: the
/// pull request's branch checked out, the base branch as `origin/main`.
fn repository(root: &Path, pr: Pr, docker: bool) -> PathBuf {
    let origin = root.join("origin.git");
    let work = root.join("work");
    std::fs::create_dir_all(&origin).unwrap();
    git(&origin, &["init", "--quiet", "--bare"]);
    common::copy_dir(&common::repo_path("migrations"), &work.join("migrations"));
    common::copy_dir(&common::repo_path("snapshots"), &work.join("snapshots"));
    git(&work, &["init", "--quiet"]);
    git(&work, &["add", "."]);
    git(&work, &["commit", "--quiet", "-m", "the history so far"]);
    git(
        &work,
        &["remote", "add", "origin", origin.to_str().unwrap()],
    );
    git(&work, &["push", "--quiet", "origin", "main"]);
    git(&work, &["fetch", "--quiet", "origin"]);
    git(&work, &["checkout", "--quiet", "-b", "add-labels"]);
    let (up, down) = match pr {
        Pr::BrokenDown => (BROKEN_UP, BROKEN_DOWN),
        _ => (NEW_UP, NEW_DOWN),
    };
    let m = work.join("migrations");
    std::fs::write(m.join(format!("{NEW_REVISION}.up.sql")), up).unwrap();
    std::fs::write(m.join(format!("{NEW_REVISION}.down.sql")), down).unwrap();
    if pr == Pr::WithSnapshots {
        record_snapshots(&work, docker);
    }
    git(&work, &["add", "."]);
    git(&work, &["commit", "--quiet", "-m", "add labels"]);
    work
}

/// A developer's `pg-roundtrip check` (recording `.snap.new`), then
/// `pg-roundtrip accept`; for the docker job also on PostgreSQL 18, which
/// renders this history differently from 0006 on.
fn record_snapshots(work: &Path, docker: bool) {
    let mut runs = vec![vec!["check", "--backend", "local"]];
    if docker {
        runs.push(vec!["check", "--backend", "docker", "--pg", "18"]);
    }
    for args in runs {
        let o = PgRoundtrip::new(work)
            .recording_snapshots()
            .args(&args)
            .output();
        assert_eq!(o.status.code(), Some(1), "{args:?} records: {}", text(&o));
        let o = PgRoundtrip::new(work).arg("accept").output();
        assert_eq!(o.status.code(), Some(0), "accept: {}", text(&o));
    }
    let recorded = work.join("snapshots").join(format!("{NEW_REVISION}.snap"));
    assert!(recorded.is_file(), "{} recorded", recorded.display());
}

// ---------------------------------------------------------------- running

/// What a job's commands did.
struct Ran {
    work: PathBuf,
    /// The command, its exit code and output, in order.
    steps: Vec<(String, Output)>,
    summary: PathBuf,
}

impl Ran {
    fn last(&self) -> &Output {
        &self.steps.last().expect("a command ran").1
    }

    fn report(&self) -> String {
        std::fs::read_to_string(self.work.join("roundtrip.xml"))
            .unwrap_or_else(|e| panic!("roundtrip.xml: {e}\n{}", self.log()))
    }

    fn log(&self) -> String {
        self.steps
            .iter()
            .map(|(c, o)| format!("$ {c}\n[exit {:?}]\n{}", o.status.code(), text(o)))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// The environment every command starts from: this process's `PATH`
/// behind the binary under test, `HOME`, and the runner's variables.
fn base_env(runner: &[(&str, &str)]) -> Vec<(String, String)> {
    let bin = Path::new(env!("CARGO_BIN_EXE_pg-roundtrip"))
        .parent()
        .unwrap()
        .to_path_buf();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut env = vec![("PATH".to_string(), path), ("CI".into(), "true".into())];
    // Where this machine's Docker engine is, when it is not the default.
    for name in ["HOME", "DOCKER_HOST"] {
        if let Ok(value) = std::env::var(name) {
            env.push((name.into(), value));
        }
    }
    for (k, v) in runner {
        set(&mut env, k, v);
    }
    env
}

fn bash(script: &str, cwd: &Path, env: &[(String, String)], flags: &[&str]) -> Output {
    Command::new("bash")
        .args(flags)
        .arg("-c")
        .arg(script)
        .current_dir(cwd)
        .env_clear()
        .envs(env.iter().map(|(k, v)| (k, v)))
        .output()
        .expect("bash runs")
}

/// The pieces of a runner that are stood in for.
struct StandIns<'a> {
    /// The local cluster's URL, for the url backend's service.
    database_url: Option<&'a str>,
}

/// Runs a GitHub job's `run:` steps in order until one fails (the upload
/// step is `if: always()` and runs no command).
fn run_github_job(job_name: &str, event: &str, work: PathBuf, stand_ins: &StandIns) -> Ran {
    let workflow = template("github-actions.yml");
    let jobs = mapping(&workflow, "jobs");
    let job = mapping(jobs, job_name);
    let summary = work.parent().unwrap().join("step-summary.md");
    let mut runner = vec![
        ("GITHUB_ACTIONS", "true"),
        ("GITHUB_EVENT_NAME", event),
        ("GITHUB_STEP_SUMMARY", summary.to_str().unwrap()),
        ("GITHUB_WORKSPACE", work.to_str().unwrap()),
    ];
    if event == "pull_request" {
        runner.push(("GITHUB_BASE_REF", "main"));
        runner.push(("GITHUB_HEAD_REF", "add-labels"));
    }
    let mut env = base_env(&runner);
    for (k, v) in variables(get(&workflow, "env"))
        .into_iter()
        .chain(variables(get(job, "env")))
    {
        set(&mut env, &k, &v);
    }
    if let Some(url) = stand_ins.database_url {
        let services = mapping(job, "services");
        let postgres = mapping(services, "postgres");
        assert_eq!(string(get(postgres, "image").unwrap()), "postgres:17");
        let declared = env.iter().find(|(k, _)| k == "DATABASE_URL").unwrap();
        assert_eq!(
            declared.1, "postgres://postgres:postgres@localhost:5432/postgres",
            "the URL of the service the job declares"
        );
        set(&mut env, "DATABASE_URL", url);
    }
    let mut ran = Ran {
        work: work.clone(),
        steps: Vec::new(),
        summary,
    };
    let Some(Value::Sequence(steps)) = get(job, "steps") else {
        panic!("{job_name}: no steps");
    };
    for step in steps {
        let Value::Mapping(step) = step else {
            panic!("a step is not a mapping")
        };
        if let Some(uses) = get(step, "uses") {
            check_action(&string(uses), step, &ran);
            continue;
        }
        let script = string(get(step, "run").expect("a step runs or uses"));
        assert!(
            !script.contains("${{"),
            "no expressions in commands: {script}"
        );
        if script == INSTALL {
            assert_eq!(string(get(step, "name").unwrap()), "Install pg-roundtrip");
            continue;
        }
        let mut step_env = env.clone();
        for (k, v) in variables(get(step, "env")) {
            set(&mut step_env, &k, &v);
        }
        // GitHub's `shell: bash`: bash --noprofile --norc -eo pipefail.
        let o = bash(
            &script,
            &work,
            &step_env,
            &["--noprofile", "--norc", "-eo", "pipefail"],
        );
        let failed = !o.status.success();
        ran.steps.push((script, o));
        if failed {
            break;
        }
    }
    assert!(!ran.steps.is_empty(), "{job_name}: no command ran");
    ran
}

/// The actions a job uses, and what stands in for them here.
fn check_action(uses: &str, step: &Mapping, ran: &Ran) {
    match uses {
        "actions/checkout@v4" => {
            let with = mapping(step, "with");
            assert_eq!(
                string(get(with, "fetch-depth").unwrap()),
                "0",
                "--changed-from needs the base branch's history"
            );
        }
        "dtolnay/rust-toolchain@stable" => {}
        "actions/upload-artifact@v4" => {
            // Runs after the steps: checked by `artifact_paths`.
            assert_eq!(string(get(step, "if").unwrap()), "always()");
            let _ = ran;
        }
        other => panic!("an action this test does not know: {other}"),
    }
}

/// The artifact paths of a GitHub job.
fn github_artifact_paths(job_name: &str) -> Vec<String> {
    let workflow = template("github-actions.yml");
    let job = mapping(mapping(&workflow, "jobs"), job_name);
    let Some(Value::Sequence(steps)) = get(job, "steps") else {
        panic!("no steps")
    };
    steps
        .iter()
        .filter_map(|s| match s {
            Value::Mapping(m)
                if get(m, "uses").map(string).as_deref() == Some("actions/upload-artifact@v4") =>
            {
                Some(string(get(mapping(m, "with"), "path").unwrap()))
            }
            _ => None,
        })
        .flat_map(|p| p.lines().map(str::to_string).collect::<Vec<_>>())
        .filter(|l| !l.trim().is_empty())
        .collect()
}

/// A GitLab job with its `extends` merged in (variables merged, other
/// keys replaced, as GitLab does).
fn gitlab_job(name: &str) -> Mapping {
    let file = template("gitlab-ci.yml");
    let job = mapping(&file, name).clone();
    let Some(base) = get(&job, "extends").map(string) else {
        return job;
    };
    let mut merged = mapping(&file, &base).clone();
    for (k, v) in job {
        if string(&k) == "variables"
            && let (Some(Value::Mapping(old)), Value::Mapping(new)) =
                (merged.get_mut(Value::String("variables".into())), &v)
        {
            for (vk, vv) in new {
                old.insert(vk.clone(), vv.clone());
            }
            continue;
        }
        merged.insert(k, v);
    }
    merged
}

/// Runs a GitLab job's `before_script` and `script` lines in one shell,
/// as the runner does.
fn run_gitlab_job(job_name: &str, source: &str, work: PathBuf, stand_ins: &StandIns) -> Ran {
    let file = template("gitlab-ci.yml");
    let job = gitlab_job(job_name);
    let summary = work.parent().unwrap().join("no-step-summary");
    let mut runner = vec![("GITLAB_CI", "true"), ("CI_PIPELINE_SOURCE", source)];
    if source == "merge_request_event" {
        runner.push(("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "main"));
    }
    let mut env = base_env(&runner);
    for (k, v) in variables(get(&file, "variables"))
        .into_iter()
        .chain(variables(get(&job, "variables")))
    {
        set(&mut env, &k, &v);
    }
    let services = match get(&job, "services") {
        Some(Value::Sequence(s)) => s.clone(),
        _ => Vec::new(),
    };
    let service_names: Vec<String> = services
        .iter()
        .map(|s| match s {
            Value::Mapping(m) => string(get(m, "name").unwrap()),
            other => string(other),
        })
        .collect();
    if let Some(url) = stand_ins.database_url {
        assert_eq!(service_names, ["postgres:17"]);
        let declared = env.iter().find(|(k, _)| k == "DATABASE_URL").unwrap();
        assert_eq!(
            declared.1,
            "postgres://postgres:postgres@postgres:5432/postgres"
        );
        set(&mut env, "DATABASE_URL", url);
    }
    if env
        .iter()
        .any(|(k, v)| k == "DOCKER_HOST" && v == "tcp://docker:2375")
    {
        // Docker-in-Docker: this machine's engine stands in.
        assert_eq!(service_names, ["docker:dind"]);
        env.retain(|(k, _)| k != "DOCKER_HOST");
        if let Ok(host) = std::env::var("DOCKER_HOST") {
            env.push(("DOCKER_HOST".into(), host));
        }
    }
    let mut lines = strings(get(&job, "before_script"));
    assert_eq!(lines.first().map(String::as_str), Some(INSTALL));
    lines.remove(0);
    lines.extend(strings(get(&job, "script")));
    let script = lines.join("\n");
    assert!(!script.contains("${{"), "{script}");
    let o = bash(&script, &work, &env, &["-eo", "pipefail"]);
    Ran {
        work,
        steps: vec![(script, o)],
        summary,
    }
}

fn gitlab_artifact_paths(job_name: &str) -> Vec<String> {
    let job = gitlab_job(job_name);
    let artifacts = mapping(&job, "artifacts");
    assert_eq!(string(get(artifacts, "when").unwrap()), "always");
    let junit = string(get(mapping(artifacts, "reports"), "junit").unwrap());
    let paths = strings(get(artifacts, "paths"));
    assert!(paths.contains(&junit), "{paths:?} keep {junit}");
    paths
}

/// Files under `root` that an artifact path (`roundtrip.xml`,
/// `**/*.snap.new`) matches, relative.
fn matching(root: &Path, pattern: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            if rel.starts_with(".git") {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let hit = match pattern.strip_prefix("**/*") {
                Some(suffix) => rel.ends_with(suffix),
                None => rel == pattern,
            };
            if hit {
                found.push(rel);
            }
        }
    }
    found.sort();
    found
}

fn local_url(cluster: &pg_roundtrip::db::LocalCluster) -> String {
    format!(
        "postgres://postgres@localhost:5432/postgres?host={}",
        cluster.dir().display()
    )
}

// ---------------------------------------------------------------- verdicts

/// A passing run: exit 0, the JUnit report names the new revision and no
/// failure, and it is what the artifact keeps.
fn assert_passed(ran: &Ran, paths: &[String]) {
    assert_eq!(ran.last().status.code(), Some(0), "{}", ran.log());
    let report = ran.report();
    assert!(report.contains(NEW_REVISION), "{report}");
    assert!(!report.contains("<failure"), "{report}");
    let kept: Vec<String> = paths.iter().flat_map(|p| matching(&ran.work, p)).collect();
    assert_eq!(kept, ["roundtrip.xml"], "{}", ran.log());
}

/// The pull request round-trips its own revision; the ones before it are
/// fast-forwarded (upgraded without inspection), so the report has no
/// round trip of them: no test case of theirs, or a skipped one.
fn assert_only_the_pr(ran: &Ran) {
    let report = ran.report();
    for rev in ["0001_create_users", "0009_index_open_tasks_by_owner"] {
        if let Some(case) = testcase(&report, rev) {
            assert!(
                case.contains("<skipped"),
                "the pull request round-trips only {NEW_REVISION}, not {rev}: {case}"
            );
        }
    }
    let own = testcase(&report, NEW_REVISION).unwrap_or_else(|| panic!("{report}"));
    assert!(!own.contains("<skipped"), "{own}");
}

/// The `<testcase name="NAME" …>` element of a JUnit report, if any (the
/// first, when a walk on several versions has one per version).
fn testcase<'a>(report: &'a str, name: &str) -> Option<&'a str> {
    let start = report.find(&format!("<testcase name=\"{name}\""))?;
    let rest = &report[start..];
    let open_end = rest.find('>')?;
    if rest[..open_end].ends_with('/') {
        return Some(&rest[..=open_end]);
    }
    let end = rest.find("</testcase>")? + "</testcase>".len();
    Some(&rest[..end])
}

/// The scheduled walk round-trips every revision.
fn assert_whole_history(ran: &Ran) {
    let report = ran.report();
    for rev in [
        "0001_create_users",
        "0009_index_open_tasks_by_owner",
        NEW_REVISION,
    ] {
        assert!(report.contains(rev), "{rev} walked: {report}");
    }
}

// ---------------------------------------------------------------- GitHub

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn github_url_job_gates_a_pull_request_and_walks_the_schedule() {
    let cluster = common::cluster().await;
    let url = local_url(&cluster);
    let stand_ins = StandIns {
        database_url: Some(&url),
    };
    let paths = github_artifact_paths("url");

    let tmp = tempfile::tempdir().unwrap();
    let work = repository(tmp.path(), Pr::WithSnapshots, false);
    // The schedule first: it needs nothing of git.
    let ran = run_github_job("url", "schedule", work.clone(), &stand_ins);
    assert_passed(&ran, &paths);
    assert_whole_history(&ran);
    assert!(
        std::fs::read_to_string(&ran.summary)
            .unwrap_or_default()
            .contains(NEW_REVISION),
        "the step summary names the revision: {}",
        ran.log()
    );
    std::fs::remove_file(work.join("roundtrip.xml")).unwrap();
    let ran = run_github_job("url", "pull_request", work, &stand_ins);
    assert_passed(&ran, &paths);
    assert_only_the_pr(&ran);
    cluster.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn github_url_job_fails_a_pull_request_without_its_snapshot_and_keeps_it_for_review() {
    let cluster = common::cluster().await;
    let url = local_url(&cluster);
    let tmp = tempfile::tempdir().unwrap();
    let work = repository(tmp.path(), Pr::WithoutSnapshot, false);
    let ran = run_github_job(
        "url",
        "pull_request",
        work.clone(),
        &StandIns {
            database_url: Some(&url),
        },
    );
    assert_eq!(ran.last().status.code(), Some(1), "{}", ran.log());
    let kept: Vec<String> = github_artifact_paths("url")
        .iter()
        .flat_map(|p| matching(&work, p))
        .collect();
    let pending = format!("snapshots/{NEW_REVISION}.snap.new");
    assert_eq!(kept, ["roundtrip.xml", pending.as_str()], "{}", ran.log());
    // What the template says to do with it: review, accept, and the next
    // run passes.
    let o = PgRoundtrip::new(&work).arg("review").output();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains(NEW_REVISION), "{}", text(&o));
    let o = PgRoundtrip::new(&work).arg("accept").output();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let ran = run_github_job(
        "url",
        "pull_request",
        work,
        &StandIns {
            database_url: Some(&url),
        },
    );
    assert_eq!(ran.last().status.code(), Some(0), "{}", ran.log());
    cluster.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn github_url_job_annotates_a_broken_downgrade_on_its_file() {
    let cluster = common::cluster().await;
    let url = local_url(&cluster);
    let tmp = tempfile::tempdir().unwrap();
    let work = repository(tmp.path(), Pr::BrokenDown, false);
    let ran = run_github_job(
        "url",
        "pull_request",
        work,
        &StandIns {
            database_url: Some(&url),
        },
    );
    assert_eq!(ran.last().status.code(), Some(1), "{}", ran.log());
    let stdout = String::from_utf8_lossy(&ran.last().stdout).into_owned();
    assert!(
        stdout.contains(&format!("::error file=migrations/{NEW_REVISION}.down.sql")),
        "{}",
        ran.log()
    );
    assert!(ran.report().contains("<failure"), "{}", ran.report());
    cluster.stop().await.unwrap();
}

#[test]
fn github_docker_job_gates_a_pull_request_and_walks_the_schedule() {
    if common::docker::skip("github_docker_job_gates_a_pull_request_and_walks_the_schedule") {
        return;
    }
    let paths = github_artifact_paths("docker");
    let tmp = tempfile::tempdir().unwrap();
    let work = repository(tmp.path(), Pr::WithSnapshots, true);
    let none = StandIns { database_url: None };
    let ran = run_github_job("docker", "schedule", work.clone(), &none);
    // The image step ran and found the images.
    assert_eq!(ran.steps.len(), 2, "{}", ran.log());
    assert_passed(&ran, &paths);
    assert_whole_history(&ran);
    for major in [15, 17, 18] {
        let suite = format!("migrations.pg{major}");
        assert!(ran.report().contains(&suite), "{suite}: {}", ran.report());
    }
    std::fs::remove_file(work.join("roundtrip.xml")).unwrap();
    let ran = run_github_job("docker", "pull_request", work, &none);
    assert_passed(&ran, &paths);
    assert_only_the_pr(&ran);
}

// ---------------------------------------------------------------- GitLab

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gitlab_url_job_gates_a_merge_request_and_walks_the_schedule() {
    let cluster = common::cluster().await;
    let url = local_url(&cluster);
    let stand_ins = StandIns {
        database_url: Some(&url),
    };
    let paths = gitlab_artifact_paths("migrations:url");
    let tmp = tempfile::tempdir().unwrap();
    let work = repository(tmp.path(), Pr::WithSnapshots, false);
    let ran = run_gitlab_job("migrations:url", "schedule", work.clone(), &stand_ins);
    assert_passed(&ran, &paths);
    assert_whole_history(&ran);
    std::fs::remove_file(work.join("roundtrip.xml")).unwrap();
    // The merge request's pipeline fetches its target branch itself.
    git(&work, &["update-ref", "-d", "refs/remotes/origin/main"]);
    let ran = run_gitlab_job("migrations:url", "merge_request_event", work, &stand_ins);
    assert_passed(&ran, &paths);
    assert_only_the_pr(&ran);
    cluster.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gitlab_url_job_fails_a_broken_downgrade() {
    let cluster = common::cluster().await;
    let url = local_url(&cluster);
    let tmp = tempfile::tempdir().unwrap();
    let work = repository(tmp.path(), Pr::BrokenDown, false);
    let ran = run_gitlab_job(
        "migrations:url",
        "merge_request_event",
        work,
        &StandIns {
            database_url: Some(&url),
        },
    );
    assert_eq!(ran.last().status.code(), Some(1), "{}", ran.log());
    let out = text(ran.last());
    assert!(
        out.contains(&format!("migrations/{NEW_REVISION}.down.sql")),
        "{}",
        ran.log()
    );
    assert!(ran.report().contains("<failure"), "{}", ran.report());
    cluster.stop().await.unwrap();
}

#[test]
fn gitlab_docker_job_gates_a_merge_request() {
    if common::docker::skip("gitlab_docker_job_gates_a_merge_request") {
        return;
    }
    let paths = gitlab_artifact_paths("migrations:docker");
    let tmp = tempfile::tempdir().unwrap();
    let work = repository(tmp.path(), Pr::WithSnapshots, true);
    let none = StandIns { database_url: None };
    let ran = run_gitlab_job("migrations:docker", "merge_request_event", work, &none);
    assert_passed(&ran, &paths);
    assert_only_the_pr(&ran);
}

#[test]
fn the_templates_run_only_on_migration_changes_and_on_a_schedule() {
    let workflow = template("github-actions.yml");
    let on = mapping(&workflow, "on");
    let paths = strings(get(mapping(on, "pull_request"), "paths"));
    for p in ["migrations/**", "snapshots/**", "pg-roundtrip.toml"] {
        assert!(paths.iter().any(|x| x == p), "{paths:?} has {p}");
    }
    assert!(get(on, "schedule").is_some(), "a scheduled full walk");
    let job = gitlab_job("migrations:url");
    let Some(Value::Sequence(rules)) = get(&job, "rules") else {
        panic!("no rules")
    };
    let conditions: Vec<String> = rules
        .iter()
        .map(|r| match r {
            Value::Mapping(m) => string(get(m, "if").unwrap()),
            other => panic!("{other:?}"),
        })
        .collect();
    assert!(conditions.iter().any(|c| c.contains("merge_request_event")));
    assert!(conditions.iter().any(|c| c.contains("schedule")));
}

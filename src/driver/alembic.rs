//! Runs Alembic steps: one resident helper process per walk and scratch
//! database, taking JSON commands over its stdin (or, to compare, a new
//! helper process for every step).

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::Deserialize;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader, Lines};
use tokio::process::{Child, ChildStdin, ChildStdout};

use super::options::AlembicOptions;
use super::python::Python;
use super::{ALEMBIC_HELPER, failure};
use crate::db::{FailureKind, Location, StepFailure};
use crate::source::Step;

/// How much of a helper's stderr is kept for a message.
const STDERR_KEPT: usize = 8 * 1024;

#[derive(Debug)]
pub(super) struct Driver {
    options: AlembicOptions,
    dir: PathBuf,
    python: Python,
    session: tokio::sync::Mutex<Option<Session>>,
}

/// A running helper in `serve` mode, for one database URL.
#[derive(Debug)]
struct Session {
    url: String,
    child: Child,
    stdin: ChildStdin,
    stdout: Lines<BufReader<ChildStdout>>,
    stderr: Arc<Mutex<String>>,
}

/// One answer of the helper.
#[derive(Debug, Deserialize)]
struct Answer {
    ok: Option<bool>,
    ready: Option<serde_json::Value>,
    fatal: Option<Fatal>,
    error: Option<PyError>,
}

#[derive(Debug, Deserialize)]
struct Fatal {
    message: String,
    traceback: Option<String>,
}

#[derive(Debug, Deserialize)]
struct PyError {
    message: String,
    detail: Option<String>,
    hint: Option<String>,
    file: Option<PathBuf>,
    line: Option<usize>,
}

impl Driver {
    pub(super) fn new(options: &AlembicOptions, dir: &Path) -> Driver {
        Driver {
            options: options.clone(),
            dir: dir.to_path_buf(),
            python: Python::resolve(dir, options.python.as_deref()),
            session: tokio::sync::Mutex::new(None),
        }
    }

    pub(super) async fn run(
        &self,
        step: &Step,
        revision: &str,
        upgrade: bool,
        url: &str,
        timeout: Duration,
    ) -> Result<(), StepFailure> {
        let mut guard = self.session.lock().await;
        if self.options.process_per_step || guard.as_ref().is_none_or(|s| s.url != url) {
            // A new scratch database: a fresh process, so that nothing the
            // project cached about the previous URL is reused.
            *guard = None;
            *guard = Some(self.start(url, timeout).await?);
        }
        let Some(session) = guard.as_mut() else {
            return Err(failure("internal: no Alembic session".into(), None));
        };
        let command = serde_json::json!({
            "op": if upgrade { "upgrade" } else { "downgrade" },
            "rev": revision,
            "url": url,
            "file": step.script.path,
        });
        let answer = match session.ask(&command.to_string(), timeout).await {
            Ok(answer) => answer,
            Err(e) => {
                // The process is gone or stuck: never reuse it.
                *guard = None;
                return Err(e);
            }
        };
        if self.options.process_per_step {
            *guard = None;
        }
        match answer {
            Answer { ok: Some(true), .. } => Ok(()),
            Answer {
                error: Some(error), ..
            } => Err(step_failure(step, error)),
            other => {
                *guard = None;
                Err(failure(
                    format!("the Alembic helper answered something unexpected: {other:?}"),
                    None,
                ))
            }
        }
    }

    async fn start(&self, url: &str, timeout: Duration) -> Result<Session, StepFailure> {
        let dir = std::path::absolute(&self.dir).unwrap_or_else(|_| self.dir.clone());
        let dir = dir.to_string_lossy().into_owned();
        let json = self.options.helper_json_for(Some(url));
        let mut cmd: tokio::process::Command = self
            .python
            .command(ALEMBIC_HELPER, &["serve", &dir, &json])
            .into();
        cmd.stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        let mut child = cmd.spawn().map_err(|e| {
            failure(
                format!("could not start `{}`: {e}", self.python.display()),
                None,
            )
        })?;
        let (Some(stdin), Some(stdout), Some(stderr)) =
            (child.stdin.take(), child.stdout.take(), child.stderr.take())
        else {
            return Err(failure(
                "internal: the helper's pipes are missing".into(),
                None,
            ));
        };
        let kept = Arc::new(Mutex::new(String::new()));
        tokio::spawn(keep_stderr(stderr, kept.clone()));
        let mut session = Session {
            url: url.to_string(),
            child,
            stdin,
            stdout: BufReader::new(stdout).lines(),
            stderr: kept,
        };
        match session.read(timeout).await? {
            Answer { ready: Some(_), .. } => Ok(session),
            Answer {
                fatal: Some(fatal), ..
            } => Err(failure(
                format!(
                    "`{}` could not load the Alembic project: {}",
                    self.python.display(),
                    fatal.message
                ),
                fatal.traceback,
            )),
            other => Err(failure(
                format!("the Alembic helper did not start: {other:?}"),
                None,
            )),
        }
    }
}

impl Session {
    async fn ask(&mut self, line: &str, timeout: Duration) -> Result<Answer, StepFailure> {
        let sent = async {
            self.stdin.write_all(line.as_bytes()).await?;
            self.stdin.write_all(b"\n").await?;
            self.stdin.flush().await
        };
        if let Err(e) = sent.await {
            return Err(self.died(&format!("could not send the step: {e}")).await);
        }
        self.read(timeout).await
    }

    /// The next JSON line the helper prints.
    async fn read(&mut self, timeout: Duration) -> Result<Answer, StepFailure> {
        loop {
            let line = match tokio::time::timeout(timeout, self.stdout.next_line()).await {
                Err(_) => {
                    let _ = self.child.start_kill();
                    return Err(timed_out(timeout));
                }
                Ok(Ok(Some(line))) => line,
                Ok(Ok(None)) => return Err(self.died("it exited").await),
                Ok(Err(e)) => return Err(self.died(&format!("reading its answer: {e}")).await),
            };
            if !line.starts_with('{') {
                continue;
            }
            if let Ok(answer) = serde_json::from_str::<Answer>(&line) {
                return Ok(answer);
            }
        }
    }

    async fn died(&mut self, what: &str) -> StepFailure {
        let status = tokio::time::timeout(Duration::from_secs(5), self.child.wait()).await;
        // Let the stderr reader catch up with the last lines.
        tokio::time::sleep(Duration::from_millis(50)).await;
        let stderr = self.stderr.lock().map(|s| s.clone()).unwrap_or_default();
        let status = match status {
            Ok(Ok(status)) => format!(" ({status})"),
            _ => String::new(),
        };
        failure(
            format!("the Alembic helper stopped: {what}{status}"),
            (!stderr.trim().is_empty()).then_some(stderr),
        )
    }
}

async fn keep_stderr(mut stderr: tokio::process::ChildStderr, kept: Arc<Mutex<String>>) {
    let mut buf = [0u8; 4096];
    while let Ok(n) = stderr.read(&mut buf).await {
        if n == 0 {
            break;
        }
        if let Ok(mut kept) = kept.lock() {
            kept.push_str(&String::from_utf8_lossy(&buf[..n]));
            if kept.len() > STDERR_KEPT {
                let cut = kept.len() - STDERR_KEPT;
                let cut = (cut..kept.len())
                    .find(|i| kept.is_char_boundary(*i))
                    .unwrap_or(0);
                kept.drain(..cut);
            }
        }
    }
}

fn timed_out(timeout: Duration) -> StepFailure {
    StepFailure {
        kind: FailureKind::Timeout,
        ..failure(
            format!(
                "the step did not finish within {} s; raise --step-timeout if it is legitimately slow",
                timeout.as_secs()
            ),
            None,
        )
    }
}

/// The helper's description of an exception, as a step failure at the
/// line of the revision file the failing call was made from.
fn step_failure(step: &Step, error: PyError) -> StepFailure {
    let path = error.file.unwrap_or_else(|| step.script.path.clone());
    StepFailure {
        location: error.line.map(|line| Location {
            path,
            line,
            column: 1,
        }),
        message: error.message,
        detail: error.detail,
        hint: error.hint,
        context: None,
        code: None,
        kind: FailureKind::Sql,
    }
}

//! `cargo bench --bench walk`: what a walk costs against the migrations it
//! runs and against the pg_dump loop people write by hand, on generated
//! histories (`benches/support/generate.rs`) of 100 and 500 revisions and on
//! `migrations/`. For each history, on one local cluster:
//!
//! - (a) raw: every up, down and up again, in one session, no inspection;
//! - (b) walk: the library's full walk (local backend, no snapshots);
//! - (c) pg_dump loop: `benches/pg_dump_loop.sh` on the same history.
//!
//! Prints a markdown table: the three times, b/a and c/b, the walk's cost
//! per revision near the start and at the end, and the process's peak RSS.
//!
//! Environment: `BENCH_SIZES=100` (comma-separated, default `100,500`),
//! `BENCH_DUMP=0` to leave out the pg_dump loop, `BENCH_MIGRATIONS=0` to
//! leave out `migrations/`, `BENCH_FULL=1` to also walk with full
//! inspections (`PG_ROUNDTRIP_INCREMENTAL=0`, as before incremental
//! inspection; quadratic, slow on 500 revisions), `BENCH_JOBS=N` workers
//! for the one-history parallel walk (`walk_jobs`, default 2; 1 leaves it
//! out), `BENCH_RUNS=N` how many times the walk and the parallel walk run,
//! alternating (default 3; medians). See BENCHMARKS.md.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/generate.rs"]
mod generate;

use pg_roundtrip::db::{Backend, Server, find_pg_bin};
use pg_roundtrip::source::History;
use pg_roundtrip::walk::{INCREMENTAL, WalkOptions, WalkReport, walk, walk_jobs};
use sqlx::AssertSqlSafe;
use std::path::Path;
use std::time::{Duration, Instant};

fn env_flag(name: &str) -> bool {
    std::env::var(name).map_or(true, |v| v != "0")
}

/// Off unless set to something other than 0.
fn env_flag_off(name: &str) -> bool {
    std::env::var(name).map_or(true, |v| v == "0")
}

fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// Peak resident set of this process so far, in MiB.
fn peak_rss_mib() -> f64 {
    // SAFETY: getrusage only writes the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    usage.ru_maxrss as f64 / 1024.0
}

/// (a): every up, down, up of the history in one session.
async fn raw(history: &History, server: &Server, tag: &str) -> (Duration, SessionCosts) {
    let db = server
        .create_database(&format!("bench_raw_{tag}"))
        .await
        .unwrap();
    let mut conn = db.connect().await.unwrap();
    let started = Instant::now();
    for r in &history.revisions {
        let up = &r.up.script.sql;
        sqlx::raw_sql(AssertSqlSafe(up.clone()))
            .execute(&mut conn)
            .await
            .unwrap();
        if let Some(down) = &r.down {
            sqlx::raw_sql(AssertSqlSafe(down.script.sql.clone()))
                .execute(&mut conn)
                .await
                .unwrap();
            sqlx::raw_sql(AssertSqlSafe(up.clone()))
                .execute(&mut conn)
                .await
                .unwrap();
        }
    }
    let took = started.elapsed();
    drop(conn);
    let costs = session_costs(&db).await;
    server.drop_database(&db).await.unwrap();
    (took, costs)
}

/// What a step's session costs besides its SQL, in medians of
/// [`SESSION_RUNS`]: opening and closing a connection, the limits' setup
/// query, a `DISCARD ALL` (what a reused session pays instead).
#[derive(Clone, Copy, Default)]
struct SessionCosts {
    connect_close: Duration,
    setup: Duration,
    discard: Duration,
}

const SESSION_RUNS: usize = 30;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

async fn session_costs(db: &pg_roundtrip::db::Database) -> SessionCosts {
    use sqlx::Connection;
    let (mut open, mut setup, mut discard) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..SESSION_RUNS {
        let t = Instant::now();
        let conn = db.connect().await.unwrap();
        conn.close().await.unwrap();
        open.push(t.elapsed());
        let mut conn = db.connect().await.unwrap();
        let t = Instant::now();
        sqlx::raw_sql("SELECT pg_backend_pid(), set_config('lock_timeout', '60000', false)")
            .execute(&mut conn)
            .await
            .unwrap();
        setup.push(t.elapsed());
        let t = Instant::now();
        sqlx::raw_sql("DISCARD ALL")
            .execute(&mut conn)
            .await
            .unwrap();
        discard.push(t.elapsed());
        conn.close().await.unwrap();
    }
    SessionCosts {
        connect_close: median(open),
        setup: median(setup),
        discard: median(discard),
    }
}

/// (c): the hand-written loop, as a script users would write.
fn pg_dump_loop(dir: &Path, server: &Server, tag: &str, bin: &Path) -> Duration {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/pg_dump_loop.sh");
    let admin = &server.admin;
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let started = Instant::now();
    let out = std::process::Command::new("bash")
        .arg(&script)
        .arg(dir)
        .arg(format!("pg_roundtrip_bench_dump_{tag}"))
        .env("PATH", path)
        .env(
            "PGHOST",
            admin
                .get_socket()
                .map_or_else(|| admin.get_host().to_string(), |s| s.display().to_string()),
        )
        .env("PGPORT", admin.get_port().to_string())
        .env("PGUSER", admin.get_username())
        .env("PGDATABASE", "postgres")
        .output()
        .unwrap();
    let took = started.elapsed();
    assert!(
        out.status.success(),
        "pg_dump loop failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    took
}

/// The walk's cost of each revision: its steps and its inspections.
fn per_revision(report: &WalkReport) -> Vec<Duration> {
    report
        .revisions
        .iter()
        .map(|r| r.timings.up + r.timings.down + r.timings.reup + r.timings.inspect)
        .collect()
}

/// `BENCH_RUNS`: how many times the walk and the parallel walk run (default 3).
fn runs() -> usize {
    std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(3)
}

/// The median of `costs[range]`, as a window around a point of the walk.
fn window(costs: &[Duration], from: usize, to: usize) -> Duration {
    let mut w: Vec<Duration> = costs[from.min(costs.len() - 1)..to.min(costs.len())].to_vec();
    w.sort();
    w[w.len() / 2]
}

struct Row {
    name: String,
    revisions: usize,
    tables: usize,
    raw: Duration,
    walk: Duration,
    jobs: Option<(usize, Duration)>,
    full_walk: Option<Duration>,
    dump: Option<Duration>,
    start: Duration,
    end: Duration,
    steps: Duration,
    /// SQL steps the walk ran (ups, downs, re-ups).
    step_count: usize,
    inspections: Duration,
    rss: f64,
    /// A step's session costs on the history's final schema.
    session: SessionCosts,
}

async fn bench(name: &str, dir: &Path, server: &Server, tag: &str, bin: &Path, dump: bool) -> Row {
    let history = pg_roundtrip::source::load(dir).unwrap();
    let n = history.revisions.len();
    let (raw, session) = raw(&history, server, tag).await;
    let jobs: usize = std::env::var("BENCH_JOBS")
        .ok()
        .and_then(|j| j.parse().ok())
        .unwrap_or(2);
    // The serial walk and the parallel one alternate, `runs` times each, so
    // that a slow moment of the shared machine falls on both; the medians
    // are reported. The per-revision figures are the first serial run's.
    let mut report = None;
    let mut walks = Vec::new();
    let mut parallel = Vec::new();
    for _ in 0..runs() {
        let started = Instant::now();
        let serial = walk(&history, server, &WalkOptions::default())
            .await
            .unwrap();
        walks.push(started.elapsed());
        assert!(serial.passed(), "the benchmark history must pass");
        report.get_or_insert(serial);
        if jobs > 1 {
            let started = Instant::now();
            let jobs_report = walk_jobs(&history, server, &WalkOptions::default(), jobs)
                .await
                .unwrap();
            parallel.push(started.elapsed());
            assert!(jobs_report.passed());
        }
    }
    let report = report.expect("at least one run");
    let walked = median(walks);
    let rss = peak_rss_mib();
    let tables = report
        .revisions
        .last()
        .and_then(|r| r.schema.as_ref())
        .map_or(0, |d| d.to_string().matches("\ntable ").count());
    let costs = per_revision(&report);
    let steps = report
        .revisions
        .iter()
        .map(|r| r.timings.up + r.timings.down + r.timings.reup)
        .sum();
    let step_count = history
        .revisions
        .iter()
        .map(|r| if r.down.is_some() { 3 } else { 1 })
        .sum();
    let inspections = report.revisions.iter().map(|r| r.timings.inspect).sum();
    // Near the start: revisions around 10 % of the history (50 of 500);
    // at the end: the last 5 %.
    let at = n / 10;
    let start = window(&costs, at.saturating_sub(n / 40), at + n / 40 + 1);
    let end = window(&costs, n - (n / 20).max(1), n);
    let jobs = (jobs > 1).then(|| (jobs, median(parallel)));
    let full_walk = if env_flag_off("BENCH_FULL") {
        None
    } else {
        // The walk as before incremental inspection, for comparison.
        // SAFETY: no walk runs now, and nothing else reads the environment.
        unsafe { std::env::set_var(INCREMENTAL, "0") };
        let started = Instant::now();
        let full = walk(&history, server, &WalkOptions::default())
            .await
            .unwrap();
        let took = started.elapsed();
        unsafe { std::env::remove_var(INCREMENTAL) };
        assert!(full.passed());
        Some(took)
    };
    let dump = dump.then(|| pg_dump_loop(dir, server, tag, bin));
    Row {
        name: name.to_string(),
        revisions: n,
        tables,
        raw,
        walk: walked,
        jobs,
        full_walk,
        dump,
        start,
        end,
        steps,
        step_count,
        inspections,
        rss,
        session,
    }
}

#[tokio::main]
async fn main() {
    let sizes: Vec<usize> = std::env::var("BENCH_SIZES")
        .unwrap_or_else(|_| "100,500".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let dump = env_flag("BENCH_DUMP");
    let bin = find_pg_bin(None).unwrap();
    let backend = Backend::installed(None, None).unwrap();
    // Start-up: the cached data directory is warm after the first start.
    backend.start().await.unwrap().stop().await.unwrap();
    let mut starts = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let c = backend.start().await.unwrap();
        starts.push(t.elapsed());
        c.stop().await.unwrap();
    }
    starts.sort();
    let cluster = backend.start().await.unwrap();
    let server = cluster.server();
    let mut rows = Vec::new();
    if env_flag("BENCH_MIGRATIONS") {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
        rows.push(bench("migrations/", &dir, server, "migrations", &bin, dump).await);
    }
    for n in sizes {
        let dir = tempfile::tempdir().unwrap();
        generate::write_history(dir.path(), n).unwrap();
        let name = "generated".to_string();
        rows.push(bench(&name, dir.path(), server, &format!("gen{n}"), &bin, dump).await);
    }
    cluster.stop().await.unwrap();

    println!("PostgreSQL binaries: {}", bin.display());
    println!(
        "start-up to ready (warm data-dir cache): median {} of 5",
        ms(starts[2])
    );
    println!();
    println!(
        "| history | tables at the end | (a) raw up/down/up | (b) walk | of which steps | of which inspections | (c) pg_dump loop | b/a | c/b | walk per revision at 10 % | at the end | peak RSS |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|");
    for r in &rows {
        let (dump, c_b) = match r.dump {
            Some(d) => (
                secs(d),
                format!("{:.1}×", d.as_secs_f64() / r.walk.as_secs_f64()),
            ),
            None => ("–".into(), "–".into()),
        };
        println!(
            "| {} ({} rev.) | {} | {} | {} | {} | {} | {} | {:.2}× | {} | {} | {} | {:.0} MiB |",
            r.name,
            r.revisions,
            r.tables,
            secs(r.raw),
            secs(r.walk),
            secs(r.steps),
            secs(r.inspections),
            dump,
            r.walk.as_secs_f64() / r.raw.as_secs_f64(),
            c_b,
            ms(r.start),
            ms(r.end),
            r.rss
        );
    }
    for r in &rows {
        if let Some((j, t)) = r.jobs {
            println!(
                "{} ({} rev.): walk_jobs with {j} workers {}, {:.2}× faster than one (medians of {})",
                r.name,
                r.revisions,
                secs(t),
                r.walk.as_secs_f64() / t.as_secs_f64(),
                runs()
            );
        }
    }
    println!();
    println!(
        "| history | steps | per step (walk) | per step (raw) | connect + close | setup query | DISCARD ALL |"
    );
    println!("|---|---|---|---|---|---|---|");
    for r in &rows {
        let per = |d: Duration| ms(d / r.step_count.max(1) as u32);
        println!(
            "| {} ({} rev.) | {} | {} | {} | {} | {} | {} |",
            r.name,
            r.revisions,
            r.step_count,
            per(r.steps),
            per(r.raw),
            ms(r.session.connect_close),
            ms(r.session.setup),
            ms(r.session.discard)
        );
    }
    for r in rows.iter().filter(|r| r.full_walk.is_some()) {
        let full = r.full_walk.unwrap_or_default();
        println!(
            "{}: walk with full inspections (PG_ROUNDTRIP_INCREMENTAL=0) {}, {:.1}× the incremental walk",
            r.name,
            secs(full),
            full.as_secs_f64() / r.walk.as_secs_f64()
        );
    }
}

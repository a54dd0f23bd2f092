//! `cargo bench --bench startup`: how long the local backend takes to be
//! ready (cold: initdb into an empty cache; warm: copy of the cached data
//! directory), and how long a whole walk of `migrations/` takes on a warm
//! cluster. Prints medians; see BENCHMARKS.md.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use pg_roundtrip::db::Backend;
use pg_roundtrip::walk::{WalkOptions, walk};
use std::path::Path;
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

#[tokio::main]
async fn main() {
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(7);
    let mut cold = Vec::new();
    for _ in 0..3 {
        let cache = tempfile::tempdir().unwrap();
        let backend = Backend::installed(None, Some(cache.path().to_path_buf())).unwrap();
        let t = Instant::now();
        let c = backend.start().await.unwrap();
        cold.push(t.elapsed());
        c.stop().await.unwrap();
    }
    let cache = tempfile::tempdir().unwrap();
    let backend = Backend::installed(None, Some(cache.path().to_path_buf())).unwrap();
    backend.start().await.unwrap().stop().await.unwrap();
    let mut warm = Vec::new();
    let mut stop = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let c = backend.start().await.unwrap();
        warm.push(t.elapsed());
        let t = Instant::now();
        c.stop().await.unwrap();
        stop.push(t.elapsed());
    }
    let history =
        pg_roundtrip::source::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations"))
            .unwrap();
    let cluster = backend.start().await.unwrap();
    let mut walks = Vec::new();
    let mut inspect = Vec::new();
    let mut steps = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let report = walk(&history, cluster.server(), &WalkOptions::default())
            .await
            .unwrap();
        walks.push(t.elapsed());
        assert!(report.passed());
        inspect.push(report.revisions.iter().map(|r| r.timings.inspect).sum());
        steps.push(
            report
                .revisions
                .iter()
                .map(|r| r.timings.up + r.timings.down + r.timings.reup)
                .sum(),
        );
    }
    // Side by side on one database: our inspection (one connection, as the
    // walk reuses it) against `pg_dump --schema-only`, alternating.
    let db = cluster
        .server()
        .create_database("bench_inspect")
        .await
        .unwrap();
    let mut conn = db.connect().await.unwrap();
    for r in &history.revisions {
        sqlx::raw_sql(sqlx::AssertSqlSafe(r.up.script.sql.clone()))
            .execute(&mut conn)
            .await
            .unwrap();
    }
    let pg_dump = pg_roundtrip::db::find_pg_bin(None).unwrap().join("pg_dump");
    let (mut ours, mut dump) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let t = Instant::now();
        let schema = pg_roundtrip::introspect::inspect(&mut conn, &Default::default())
            .await
            .unwrap();
        let _ = pg_roundtrip::render::document(&schema).to_string();
        ours.push(t.elapsed());
        let t = Instant::now();
        let out = std::process::Command::new(&pg_dump)
            .args(["--schema-only", "-U", "postgres", "-h"])
            .arg(cluster.local().unwrap().dir())
            .arg(&db.name)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        dump.push(t.elapsed());
    }
    let (ours, dump) = (median(ours), median(dump));
    cluster.stop().await.unwrap();
    println!(
        "local cluster, PostgreSQL binaries from {}",
        pg_roundtrip::db::find_pg_bin(None).unwrap().display()
    );
    println!("| measurement | median | runs |\n|---|---|---|");
    println!(
        "| cold start to ready (initdb into an empty cache) | {} | 3 |",
        ms(median(cold))
    );
    println!(
        "| warm start to ready (copy of the cached data dir) | {} | {runs} |",
        ms(median(warm))
    );
    println!(
        "| stop (fast shutdown, files removed) | {} | {runs} |",
        ms(median(stop))
    );
    println!(
        "| walk of migrations/ ({} revisions, no snapshots) | {} | {runs} |",
        history.revisions.len(),
        ms(median(walks))
    );
    println!(
        "| of which the 27 migration steps | {} | {runs} |",
        ms(median(steps))
    );
    println!(
        "| of which the 28 inspections | {} | {runs} |",
        ms(median(inspect))
    );
    println!(
        "| inspect + render the final schema (reused connection) | {:.1} ms | {runs} |",
        ours.as_secs_f64() * 1000.0
    );
    println!(
        "| `pg_dump --schema-only` of the same database | {:.1} ms | {runs} |",
        dump.as_secs_f64() * 1000.0
    );
    println!(
        "| ratio pg_dump / pg-roundtrip inspection | {:.1}× | |",
        dump.as_secs_f64() / ours.as_secs_f64()
    );
}

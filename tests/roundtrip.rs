//! This repository's own migrations as `cargo test` tests, one per
//! revision (`roundtrip::0001_create_users` …), through the harness a
//! user's crate gets from the README. The local backend: a cluster from
//! the shared cache starts in well under a second, so that cargo-nextest,
//! which runs each test in a process of its own, stays cheap.

fn main() -> std::process::ExitCode {
    pg_roundtrip::harness::Harness::new()
        .backend(pg_roundtrip::db::BackendChoice::Local)
        .run()
}

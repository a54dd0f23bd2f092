//! The mutation suite: small histories, each with one realistic mistake in
//! a downgrade (which must be caught, at the right revision, naming the
//! right object), and correct but tricky round trips (which must pass).
//!
//! One test per case, named `<kind>::<case>` (`index::index_recreated_descending`),
//! the cases of each object kind in a file of their own (`index.rs`…).
//! `cargo test --test mutations index_recreated_descending` runs one case,
//! `cargo test --test mutations index::` one kind, `-- --list` lists them.
//!
//! Every case is written to a temporary directory in the flat layout and
//! walked on the process's one local cluster (see [`server`]), three at a
//! time unless `--test-threads` says otherwise; cases that create roles run
//! alone, since roles are cluster-wide. Under cargo-nextest every case is
//! a process of its own, with a cluster of its own. When more than one
//! case ran, the score per kind is printed after libtest's summary.
//! Every inspection of every walk is also checked against a full
//! inspection (`PG_ROUNDTRIP_VERIFY_INCREMENTAL`, on unless set to 0).
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../common/mod.rs"]
mod common;

mod case;
mod check;
mod fixes;
mod server;

mod aggregate;
mod collation;
mod column;
mod comment;
mod constraint;
mod data;
mod event_trigger;
mod extension;
mod function;
mod index;
mod ownership;
mod policy;
mod privilege;
mod publication;
mod role;
mod rule;
mod schema;
mod sequence;
mod statistics;
mod table;
mod text_search;
mod trigger;
mod r#type;
mod view;

mod access_method;
mod attribute_comment;
mod base_type;
mod cast;
mod conversion;
mod foreign_data_wrapper;
mod foreign_server;
mod foreign_table;
mod index_tablespace;
mod language;
mod operator;
mod operator_class;
mod subscription;
mod text_search_dictionary;
mod text_search_parser;
mod text_search_template;
mod transform;
mod window_function;

use case::Case;
use libtest_mimic::{Arguments, Failed, Trial};
use std::collections::BTreeMap;
use std::process::ExitCode;
use std::sync::Mutex;

/// One object kind: its name in test names and the score, and its cases.
struct Kind {
    name: &'static str,
    cases: fn() -> Vec<Case>,
    /// Its cases create roles, so each runs alone on the server.
    creates_roles: bool,
}

const fn kind(name: &'static str, cases: fn() -> Vec<Case>) -> Kind {
    Kind {
        name,
        cases,
        creates_roles: false,
    }
}

const KINDS: &[Kind] = &[
    kind("schema", schema::cases),
    kind("extension", extension::cases),
    kind("table", table::cases),
    kind("column", column::cases),
    kind("constraint", constraint::cases),
    kind("index", index::cases),
    kind("statistics", statistics::cases),
    kind("sequence", sequence::cases),
    kind("view", view::cases),
    kind("type", r#type::cases),
    kind("function", function::cases),
    kind("aggregate", aggregate::cases),
    kind("trigger", trigger::cases),
    kind("event_trigger", event_trigger::cases),
    kind("rule", rule::cases),
    kind("policy", policy::cases),
    kind("privilege", privilege::cases),
    kind("comment", comment::cases),
    kind("collation", collation::cases),
    kind("text_search", text_search::cases),
    kind("publication", publication::cases),
    kind("ownership", ownership::cases),
    kind("data", data::cases),
    kind("operator", operator::cases),
    kind("operator_class", operator_class::cases),
    kind("cast", cast::cases),
    kind("text_search_dictionary", text_search_dictionary::cases),
    kind("text_search_parser", text_search_parser::cases),
    kind("text_search_template", text_search_template::cases),
    kind("transform", transform::cases),
    kind("conversion", conversion::cases),
    kind("window_function", window_function::cases),
    kind("base_type", base_type::cases),
    kind("foreign_data_wrapper", foreign_data_wrapper::cases),
    kind("foreign_server", foreign_server::cases),
    kind("foreign_table", foreign_table::cases),
    kind("subscription", subscription::cases),
    kind("language", language::cases),
    kind("access_method", access_method::cases),
    kind("attribute_comment", attribute_comment::cases),
    kind("index_tablespace", index_tablespace::cases),
    Kind {
        name: "role",
        cases: role::cases,
        creates_roles: true,
    },
];

/// How many cases run at once when neither `--test-threads` nor
/// `RUST_TEST_THREADS` says: a walk mostly waits for the server.
const DEFAULT_THREADS: usize = 3;

/// (kind, must pass, passed) of every case that ran, for the score.
static OUTCOMES: Mutex<Vec<(&str, bool, bool)>> = Mutex::new(Vec::new());

fn main() -> ExitCode {
    // Every inspection of every case is also compared with a full
    // inspection (incremental inspection must be exact); set it to 0 to
    // time the suite without that check.
    if std::env::var_os(pg_roundtrip::walk::VERIFY_INCREMENTAL).is_none() {
        // SAFETY: no other thread runs yet.
        unsafe { std::env::set_var(pg_roundtrip::walk::VERIFY_INCREMENTAL, "1") };
    }
    let mut args = Arguments::from_args();
    if args.test_threads.is_none() {
        args.test_threads = Some(
            std::env::var("RUST_TEST_THREADS")
                .ok()
                .and_then(|n| n.parse().ok())
                .unwrap_or(DEFAULT_THREADS),
        );
    }
    let conclusion = libtest_mimic::run(&args, trials());
    server::shut_down();
    print_score();
    conclusion.exit_code()
}

fn trials() -> Vec<Trial> {
    let mut trials = vec![Trial::test("suite::enough_cases", enough_cases)];
    for kind in KINDS {
        for case in (kind.cases)().into_iter().filter(fixes::covered) {
            let name = format!("{}::{}", kind.name, case.name);
            let creates_roles = kind.creates_roles;
            trials.push(Trial::test(format!("fix::{name}"), move || {
                prove_fix(&name, &case, creates_roles)
            }));
        }
        for case in (kind.cases)() {
            let name = format!("{}::{}", kind.name, case.name);
            let (kind_name, creates_roles) = (kind.name, kind.creates_roles);
            trials.push(Trial::test(name, move || {
                let outcome = run_case(&case, creates_roles);
                let must_pass = case.expect.must_pass();
                OUTCOMES.lock().unwrap_or_else(|p| p.into_inner()).push((
                    kind_name,
                    must_pass,
                    outcome.is_ok(),
                ));
                outcome
            }));
        }
    }
    trials
}

/// The suite keeps its size: at least 60 mutations and 20 must-pass cases.
fn enough_cases() -> Result<(), Failed> {
    let cases: Vec<Case> = KINDS.iter().flat_map(|k| (k.cases)()).collect();
    let passing = cases.iter().filter(|c| c.expect.must_pass()).count();
    let failing = cases.len() - passing;
    if failing < 60 {
        return Err(format!("only {failing} mutations").into());
    }
    if passing < 20 {
        return Err(format!("only {passing} must-pass cases").into());
    }
    Ok(())
}

fn run_case(case: &Case, creates_roles: bool) -> Result<(), Failed> {
    server::runtime().block_on(async {
        let shared = server::shared().await?;
        let _turn = shared.turn(creates_roles).await;
        let report = check::walk_case(&shared.server, case).await?;
        check::check(case, &report)?;
        Ok(())
    })
}

/// The suggested fix of a mutation case restores its revision.
fn prove_fix(name: &str, case: &Case, creates_roles: bool) -> Result<(), Failed> {
    server::runtime().block_on(async {
        let shared = server::shared().await?;
        let _turn = shared.turn(creates_roles).await;
        fixes::prove(&shared.server, name, case).await?;
        Ok(())
    })
}

/// Mutations detected and missed, must-pass cases passed and false
/// alarms, per kind; only when more than one case ran.
fn print_score() {
    let outcomes = OUTCOMES.lock().unwrap_or_else(|p| p.into_inner());
    if outcomes.len() < 2 {
        return;
    }
    let mut score: BTreeMap<&str, [usize; 4]> = BTreeMap::new();
    for &(kind, must_pass, passed) in outcomes.iter() {
        let column = match (must_pass, passed) {
            (false, true) => 0,
            (false, false) => 1,
            (true, true) => 2,
            (true, false) => 3,
        };
        score.entry(kind).or_default()[column] += 1;
    }
    let mut table = format!(
        "{:<22} {:>8} {:>7} {:>6} {:>12}\n",
        "kind", "detected", "missed", "passed", "false alarms"
    );
    let mut totals = [0usize; 4];
    for (kind, row) in &score {
        table.push_str(&format!(
            "{kind:<22} {:>8} {:>7} {:>6} {:>12}\n",
            row[0], row[1], row[2], row[3]
        ));
        for (total, n) in totals.iter_mut().zip(row) {
            *total += n;
        }
    }
    table.push_str(&format!(
        "{:<22} {:>8} {:>7} {:>6} {:>12}\n",
        "total", totals[0], totals[1], totals[2], totals[3]
    ));
    println!("{table}");
}

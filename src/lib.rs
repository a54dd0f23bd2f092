//! pg-roundtrip proves PostgreSQL migrations are reversible.
//!
//! Data flows one way:
//! history on disk ([`source`]) → disposable server ([`db`]) → the walk
//! (up → inspect → down → inspect → up → inspect) → normalized schema
//! ([`model`], read by [`introspect`]) → text ([`render`]) → object-level
//! changes ([`diff`]) → snapshots and reports.
//!
//! In a crate's own `cargo test`, [`harness`] (the default `harness`
//! feature) makes one test per revision.

pub mod cli;
pub mod config;
pub mod data;
pub mod db;
pub mod diff;
pub mod driver;
pub mod fix;
#[cfg(feature = "harness")]
pub mod harness;
pub mod introspect;
pub mod model;
pub mod render;
pub mod report;
pub mod snapshot;
pub mod source;
pub mod walk;

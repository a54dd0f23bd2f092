//! pg-roundtrip proves PostgreSQL migrations are reversible.
//!
//! Data flows one way:
//! history on disk ([`source`]) → disposable server ([`db`]) → the walk
//! (up → inspect → down → inspect → up → inspect) → normalized schema
//! ([`model`], read by [`introspect`]) → text ([`render`]) → object-level
//! changes ([`diff`]) → snapshots and reports.

pub mod db;
pub mod source;

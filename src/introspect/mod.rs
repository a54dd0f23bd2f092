//! Reads a live database's schema into the [`model`](crate::model):
//! [`inspect`] takes a connection and [`InspectOptions`] and returns a
//! [`Schema`](crate::model::Schema), which the walk compares between steps.
//!
//! Exact, and only what a user can observe: no OIDs, no sequence positions,
//! no statistics. Definitions are rendered by the server itself
//! (`format_type`, `pg_get_expr`, `pg_get_constraintdef`, `pg_get_indexdef`,
//! `pg_get_triggerdef`, `pg_get_viewdef`) under a pinned `search_path`, so
//! that two equal schemas render byte for byte the same.
//!
//! Left out everywhere: system schemas, objects that belong to an
//! extension, and migration tools' bookkeeping tables ([`BOOKKEEPING_TABLES`]
//! plus [`InspectOptions::ignore_tables`]). Each query in `sql/` starts with
//! a comment saying what it reads and what it excludes.
//!
//! Decisions:
//! - Sequences behind serial and identity columns are kept as sequences
//!   (with `owned_by`): their parameters (start, increment, bounds, cache,
//!   cycle) change what the column hands out and can be altered on their own.
//! - Indexes that implement a primary key, unique or exclusion constraint
//!   are not listed as indexes; the constraint describes them.
//! - NOT NULL is a column property, never a constraint, on every version
//!   (PostgreSQL 18 also records it as a `contype = 'n'` constraint).
//! - Only enums and composite types among the types, only functions and procedures among the
//!   routines, in this version.

mod assemble;
mod error;
mod inspect;
mod options;
mod rows;

pub use error::InspectError;
pub use inspect::{inspect, roles};
pub use options::{BOOKKEEPING_TABLES, InspectOptions};

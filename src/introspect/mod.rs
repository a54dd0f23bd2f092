//! Reads a live database's schema into the [`model`](crate::model):
//! [`inspect`] takes a connection and [`InspectOptions`] and returns a
//! [`Schema`](crate::model::Schema), which the walk compares between steps.
//!
//! Exact, and only what a user can observe: no OIDs, no sequence positions,
//! no gathered statistics (statistics objects are read as definitions,
//! never their `pg_statistic_ext_data`). Definitions are rendered by the server itself
//! (`format_type`, `pg_get_expr`, `pg_get_constraintdef`, `pg_get_indexdef`,
//! `pg_get_triggerdef`, `pg_get_viewdef`) under a pinned `search_path`, so
//! that two equal schemas render byte for byte the same.
//!
//! One slice per object kind: `kinds/<kind>.rs` holds the kind's query
//! (`kinds/<kind>.sql`), its row type and its part of assembly; the
//! inspection loops over the list [`kinds::ALL`], and [`inspect_kinds`]
//! reads a few kinds on their own. [`Incremental`] reads the same schema
//! again at the cost of what changed since its previous inspection.
//!
//! Left out everywhere: system schemas, objects that belong to an
//! extension, and migration tools' bookkeeping tables ([`BOOKKEEPING_TABLES`]
//! plus [`InspectOptions::ignore_tables`]). That filter is written once, in
//! `kinds/scope.sql`, which goes in front of every kind's query. Each query
//! starts with a comment saying what it reads and what it excludes.
//! Comments are read from `pg_description` by a subquery on its unique
//! index, never with `obj_description` or `col_description`: those are
//! SQL-language functions, which the server plans again at each call site
//! of every execution and runs as a query per row (3 to 4 times the cost
//! of the subquery, BENCHMARKS.md).
//!
//! Decisions:
//! - Sequences behind serial and identity columns are kept as sequences
//!   (with `owned_by`): their parameters (start, increment, bounds, cache,
//!   cycle) change what the column hands out and can be altered on their own.
//! - Indexes that implement a primary key, unique or exclusion constraint
//!   are not listed as indexes; the constraint describes them.
//! - NOT NULL is a column property on every version. PostgreSQL 18 also
//!   records it as a `contype = 'n'` constraint; only what that constraint
//!   adds (a name other than `<table>_<column>_not_null` on a local
//!   constraint, NOT VALID, NO INHERIT) is rendered, so the same schema
//!   renders the same on 15, 17 and 18. Virtual generated columns
//!   (PostgreSQL 18) render as `… virtual`, stored ones as `… stored`.
//! - Columns whose catalog representation moved between majors are read
//!   version-neutrally: `attstattarget` and `stxstattarget` (-1 up to 16,
//!   NULL from 17, both "default"), the ICU locale (`colliculocale` → `colllocale`, read with
//!   `to_jsonb`), `pubgencols` (18 only).
//! - Owners: compared by default, rendered only when they are not the
//!   inspecting role (the role that runs the migrations), so that snapshots
//!   do not depend on the superuser's name; `InspectOptions::ignore_ownership`
//!   (`--ignore ownership`) leaves every one out, through
//!   [`Schema::clear_owners`](crate::model::Schema::clear_owners).
//! - Privileges: effective privileges, as the difference from the object's
//!   default (`acldefault(kind, owner)`): a NULL ACL and an explicit ACL
//!   equal to the default are the same (both render nothing); grants beyond
//!   the default render `grant <grantee> <privileges>`, defaults taken away
//!   `revoke <grantee> <privileges>`. The grantor and the order of ACL items
//!   are left out, the grant option is kept. The owner's own default grants
//!   therefore never appear unless revoked. The inspecting role appears as
//!   `CURRENT_USER`, PUBLIC as `PUBLIC`. Default privileges likewise
//!   (global entries against `acldefault`, `IN SCHEMA` entries as grants).
//! - Arrays whose order carries no meaning are sorted: storage parameters
//!   (tables, views, indexes: `pg_get_indexdef`'s `WITH (…)` is rewritten in
//!   sorted order), function SET options, event trigger tags, policy roles,
//!   publication tables and schemas. Enum labels, column and composite
//!   attribute order are kept.
//! - Statistics objects (`CREATE STATISTICS`) are entries of their own,
//!   named in their own schema (which need not be their table's), with an
//!   owner and a comment of their own: columns and expressions as
//!   `pg_get_statisticsobjdef_columns` prints them, the kinds built (the
//!   expression statistics `e` are implied by having expressions), the
//!   target. Those of foreign tables are left out with foreign tables.
//! - Extensions are listed (name, schema, version, comment), plpgsql
//!   included; their member objects are left out.
//! - Roles are cluster-wide and never part of the schema: [`roles`] reads
//!   them separately for the walk's roles-left-behind warning.
//! - Casts and transforms have no schema: a cast is a user object when
//!   initdb did not make it (OID >= 16384, as pg_dump decides), without an
//!   extension's and a range type's own cast to its multirange. Operator
//!   class and family members (`pg_amop`, `pg_amproc`) are shown where
//!   their dependency points: with the class that created them, or loose
//!   in the family (`ALTER OPERATOR FAMILY … ADD`, and a class's members
//!   whose types are not the class's), since `DROP OPERATOR CLASS` drops
//!   only the former; members added to a family in a system schema are not
//!   read. A text search dictionary's options are a set. Base types show
//!   their `pg_type` definition, not their implicit array type; a shell
//!   type (`CREATE TYPE name;`) is a type of its own kind.
//! - Foreign data wrappers, foreign servers (with their user mappings,
//!   through `pg_user_mappings`), subscriptions, procedural languages and
//!   access methods are database-wide entries; languages and access methods
//!   only when a migration created them (not built in, not an extension's).
//!   Foreign tables are tables with a server and options. Generic options
//!   are compared by name; a value whose option name contains `pass`,
//!   `secret`, `key` or `token` is read as the md5 the server computes, so
//!   that it is compared but never leaves the server, and renders as
//!   `<redacted>`; a subscription's connection string renders with such
//!   values redacted and is compared by its md5. Subscription parameters
//!   render only where they differ from the server's default (streaming's
//!   default is `parallel` from PostgreSQL 18, `off` before); reading
//!   `pg_subscription` needs a superuser, as the servers pg-roundtrip starts
//!   connect as.
//! - An index's tablespace (which `pg_get_indexdef` leaves out) is appended
//!   to its definition, and a constraint index's as `USING INDEX
//!   TABLESPACE`; comments on a composite type's attributes are lines of
//!   the type.
//! - Left out knowingly: large objects, tablespaces and security labels
//!   (`tests/catalog_coverage.rs` lists every catalog left out, with its
//!   reason). Collation versions (`collversion`) are
//!   never compared: they record the library version, not the schema.

mod anchored;
mod error;
mod incremental;
mod inspect;
mod kind;
pub mod kinds;
mod options;

pub use error::InspectError;
pub use incremental::{ANCHORED, Incremental, Stats as IncrementalStats};
pub use inspect::{ClusterObjects, cluster_objects, inspect, inspect_kinds, roles};
pub use kind::Kind;
pub use options::{BOOKKEEPING_TABLES, InspectOptions};

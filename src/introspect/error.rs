//! The one error type of the `introspect` module.

use crate::model::QualifiedName;

/// Why an inspection failed. Nothing here is the user's migration's
/// fault: it is the server, the connection, or a catalog we did not expect.
#[derive(Debug, thiserror::Error)]
pub enum InspectError {
    #[error("could not start the read-only inspection transaction")]
    Begin(#[source] sqlx::Error),

    #[error("catalog query {query} failed")]
    Query {
        /// The query file that failed (`kinds/*.sql`, `sql/*.sql`).
        query: &'static str,
        #[source]
        source: sqlx::Error,
    },

    #[error("catalog query {query} returned rows this version cannot read")]
    Decode {
        query: &'static str,
        #[source]
        source: serde_json::Error,
    },

    #[error("could not end the read-only inspection transaction")]
    End(#[source] sqlx::Error),

    #[error(
        "PostgreSQL server_version_num {version_num} is not supported: inspection needs 15 or later"
    )]
    UnsupportedServer { version_num: i32 },

    #[error(
        "{kind} {name} belongs to {relation}, which the inspection did not read as a {expected}"
    )]
    Orphan {
        kind: &'static str,
        name: String,
        relation: QualifiedName,
        expected: &'static str,
    },

    #[error("unexpected {field} {value:?} for {object} in {query}")]
    UnexpectedValue {
        query: &'static str,
        field: &'static str,
        value: String,
        object: String,
    },

    #[error(
        "the incremental inspection differs from a full inspection (a bug in pg-roundtrip; \
         run with PG_ROUNDTRIP_INCREMENTAL=0 to work around it): {changes}"
    )]
    IncrementalMismatch { changes: String },
}

//! Disposable PostgreSQL: servers we start (or are pointed at) and the
//! scratch databases we create on them, plus running one step's SQL.
//!
//! A backend hands the walk a [`Server`]; the walk asks it for scratch
//! [`Database`]s and opens a fresh connection for every step. Everything a
//! backend creates is removed when its guard is dropped.

mod cluster;
mod error;
mod exec;
mod split;

pub use cluster::{ClusterOptions, LocalCluster, find_pg_bin};
pub use error::DbError;
pub use exec::{FailureKind, Location, StepFailure, run_step};
pub use split::{Statement, split_statements};

use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, Connection, PgConnection};

/// A running server on which we may create and drop our own databases.
#[derive(Debug, Clone)]
pub struct Server {
    /// Connects as a superuser to the maintenance database (`postgres`).
    pub admin: PgConnectOptions,
    /// `server_version_num`, e.g. 150018.
    pub version_num: u32,
    /// Where it runs, for messages: "local cluster 15.18 at /tmp/pgrt-x".
    pub description: String,
}

/// A database that pg-roundtrip created and will drop.
#[derive(Debug, Clone)]
pub struct Database {
    pub name: String,
    pub options: PgConnectOptions,
}

impl Database {
    /// A new connection: every step and every inspection gets its own, so
    /// that session state (temp tables, SET) never leaks between steps.
    pub async fn connect(&self) -> Result<PgConnection, DbError> {
        self.options
            .clone()
            .disable_statement_logging()
            .connect()
            .await
            .map_err(|source| DbError::Connect {
                target: format!("database {}", self.name),
                source,
            })
    }
}

impl Server {
    /// The server's major version, e.g. 15.
    pub fn major(&self) -> u32 {
        self.version_num / 10000
    }

    async fn admin_connection(&self) -> Result<PgConnection, DbError> {
        PgConnection::connect_with(&self.admin.clone().disable_statement_logging())
            .await
            .map_err(|source| DbError::Connect {
                target: self.description.clone(),
                source,
            })
    }

    /// Creates `pg_roundtrip_<suffix>` from `template0`.
    pub async fn create_database(&self, suffix: &str) -> Result<Database, DbError> {
        let name = format!("pg_roundtrip_{suffix}");
        let mut conn = self.admin_connection().await?;
        let sql = format!(
            "CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"
        );
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
            .execute(&mut conn)
            .await
            .map_err(|source| DbError::Admin {
                action: format!("create database {name}"),
                source,
            })?;
        let _ = conn.close().await;
        Ok(Database {
            options: self.admin.clone().database(&name),
            name,
        })
    }

    /// Drops a database this run created. Refuses any other name.
    pub async fn drop_database(&self, db: &Database) -> Result<(), DbError> {
        if !db.name.starts_with("pg_roundtrip_") {
            return Err(DbError::NotOurs(db.name.clone()));
        }
        let mut conn = self.admin_connection().await?;
        let sql = format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", db.name);
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
            .execute(&mut conn)
            .await
            .map_err(|source| DbError::Admin {
                action: format!("drop database {}", db.name),
                source,
            })?;
        let _ = conn.close().await;
        Ok(())
    }
}

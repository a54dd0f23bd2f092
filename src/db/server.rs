//! What every backend hands out: a [`Server`] we may create and drop our
//! own scratch [`Database`]s on.

use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, Connection, PgConnection};
use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use super::error::DbError;

/// A running server on which we may create and drop our own databases.
#[derive(Debug, Clone)]
pub struct Server {
    /// Connects as a superuser to the maintenance database (`postgres`).
    pub admin: PgConnectOptions,
    /// `server_version_num`, e.g. 150018.
    pub version_num: u32,
    /// Where it runs, for messages: "local cluster 15.18 at /tmp/pgrt-x".
    pub description: String,
    /// The scratch databases created through this value (and its clones)
    /// and not dropped yet: what a backend that outlives its server's
    /// databases (`url`) must drop when a walk was cut short.
    scratch: Scratch,
}

/// Names of live scratch databases, shared by the clones of a [`Server`].
#[derive(Debug, Clone, Default)]
pub(crate) struct Scratch(Arc<Mutex<BTreeSet<String>>>);

impl Scratch {
    fn insert(&self, name: &str) {
        if let Ok(mut set) = self.0.lock() {
            set.insert(name.to_string());
        }
    }
    fn remove(&self, name: &str) {
        if let Ok(mut set) = self.0.lock() {
            set.remove(name);
        }
    }
    /// The names still alive, oldest name order.
    pub(crate) fn names(&self) -> Vec<String> {
        self.0
            .lock()
            .map(|set| set.iter().cloned().collect())
            .unwrap_or_default()
    }
}

/// A database that pg-roundtrip created and will drop.
#[derive(Debug, Clone)]
pub struct Database {
    /// `pg_roundtrip_<suffix>`.
    pub name: String,
    /// Connects to this database as the server's superuser.
    pub options: PgConnectOptions,
}

impl Database {
    /// A libpq URL for this database, for tools that connect on their own
    /// (an Alembic `env.py`, a `--up-cmd`): `postgresql://user:pw@host:port/db`,
    /// or with `?host=/socket/dir&port=N` for a unix socket, which libpq,
    /// psycopg, asyncpg and SQLAlchemy all read.
    pub fn url(&self) -> String {
        database_url(&self.options)
    }

    /// A new connection (the walk's steps share one while that is exact,
    /// see [`super::StepSession`], so that session state never leaks
    /// between steps).
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
    /// A server description for a backend of this crate.
    pub(crate) fn new(admin: PgConnectOptions, version_num: u32, description: String) -> Server {
        Server {
            admin,
            version_num,
            description,
            scratch: Scratch::default(),
        }
    }

    /// Scratch databases created and not dropped yet.
    pub fn live_scratch_databases(&self) -> Vec<String> {
        self.scratch.names()
    }

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
        self.scratch.insert(&name);
        Ok(Database {
            options: self.admin.clone().database(&name),
            name,
        })
    }

    /// Creates `pg_roundtrip_<suffix>` as a file copy of `template`, one
    /// of our own databases (`CREATE DATABASE … TEMPLATE … STRATEGY
    /// FILE_COPY`, PostgreSQL 15+). Nobody may be connected to `template`:
    /// the server waits a few seconds for sessions that are ending, then
    /// refuses.
    pub async fn create_database_from(
        &self,
        template: &Database,
        suffix: &str,
    ) -> Result<Database, DbError> {
        if !template.name.starts_with("pg_roundtrip_") {
            return Err(DbError::NotOurs(template.name.clone()));
        }
        let name = format!("pg_roundtrip_{suffix}");
        let mut conn = self.admin_connection().await?;
        let sql = format!(
            "CREATE DATABASE \"{name}\" TEMPLATE \"{}\" STRATEGY FILE_COPY",
            template.name
        );
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
            .execute(&mut conn)
            .await
            .map_err(|source| DbError::Admin {
                action: format!("create database {name} from {}", template.name),
                source,
            })?;
        let _ = conn.close().await;
        self.scratch.insert(&name);
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
        let mut dropped = sqlx::raw_sql(sqlx::AssertSqlSafe(sql.clone()))
            .execute(&mut conn)
            .await;
        // A subscription keeps its database from being dropped, even with
        // FORCE (it may hold resources elsewhere). A migration may have
        // created one (with `connect = false`): detach and drop them there,
        // then drop the database.
        if dropped.as_ref().is_err_and(is_object_in_use) {
            drop_subscriptions(db).await?;
            dropped = sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
                .execute(&mut conn)
                .await;
        }
        dropped.map_err(|source| DbError::Admin {
            action: format!("drop database {}", db.name),
            source,
        })?;
        let _ = conn.close().await;
        self.scratch.remove(&db.name);
        Ok(())
    }
}

/// See [`Database::url`].
pub(crate) fn database_url(options: &PgConnectOptions) -> String {
    let mut url = String::from("postgresql://");
    url.push_str(&encode(options.get_username()));
    if let Some(password) = options.to_url_lossy().password() {
        // sqlx's URL keeps it percent-encoded already.
        url.push(':');
        url.push_str(password);
    }
    url.push('@');
    let database = encode(options.get_database().unwrap_or("postgres"));
    match options.get_socket() {
        Some(socket) => {
            url.push_str(&format!(
                "/{database}?host={}&port={}",
                encode(&socket.to_string_lossy()),
                options.get_port()
            ));
        }
        None => {
            let host = options.get_host();
            if host.contains(':') {
                url.push_str(&format!("[{host}]"));
            } else {
                url.push_str(host);
            }
            url.push_str(&format!(":{}/{database}", options.get_port()));
        }
    }
    url
}

/// Percent-encodes everything but unreserved characters.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// SQLSTATE 55006: what `DROP DATABASE` says about a subscription.
fn is_object_in_use(error: &sqlx::Error) -> bool {
    error
        .as_database_error()
        .and_then(|e| e.code())
        .is_some_and(|code| code == "55006")
}

/// Drops every subscription of `db`, first disabled and detached from its
/// replication slot so that dropping it does not connect to the publisher.
async fn drop_subscriptions(db: &Database) -> Result<(), DbError> {
    let admin = |source| DbError::Admin {
        action: format!("drop the subscriptions of database {}", db.name),
        source,
    };
    let mut conn = db.connect().await?;
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT quote_ident(s.subname) FROM pg_subscription s
         JOIN pg_database d ON d.oid = s.subdbid WHERE d.datname = current_database()",
    )
    .fetch_all(&mut conn)
    .await
    .map_err(admin)?;
    for name in names {
        let sql = format!(
            "ALTER SUBSCRIPTION {name} DISABLE; ALTER SUBSCRIPTION {name} SET (slot_name = NONE)"
        );
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
            .execute(&mut conn)
            .await
            .map_err(admin)?;
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!("DROP SUBSCRIPTION {name}")))
            .execute(&mut conn)
            .await
            .map_err(admin)?;
    }
    let _ = conn.close().await;
    Ok(())
}

#[cfg(test)]
mod url_tests {
    use super::*;

    #[test]
    fn socket_and_tcp_urls() {
        let socket = PgConnectOptions::new_without_pgpass()
            .socket("/tmp/pgrt-x")
            .port(5432)
            .username("postgres")
            .database("pg_roundtrip_1");
        assert_eq!(
            database_url(&socket),
            "postgresql://postgres@/pg_roundtrip_1?host=%2Ftmp%2Fpgrt-x&port=5432"
        );
        let tcp = PgConnectOptions::new_without_pgpass()
            .host("127.0.0.1")
            .port(32768)
            .username("postgres")
            .password("p@ss word")
            .database("pg_roundtrip_2");
        assert_eq!(
            database_url(&tcp),
            "postgresql://postgres:p%40ss%20word@127.0.0.1:32768/pg_roundtrip_2"
        );
    }
}

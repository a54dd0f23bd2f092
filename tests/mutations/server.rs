//! The server every case of this process walks on, started on first use
//! and stopped by [`shut_down`] when the trials are over.
//!
//! `PG_ROUNDTRIP_MUTATIONS_URL=postgres://user:pw@host:port/postgres` runs
//! the cases on that server instead (e.g. a `postgres:18` container), to
//! check the catalog queries on other majors. Roles are cluster-wide and
//! that server is shared by every process: run the suite there with
//! `cargo test` (one process), not `cargo nextest run`.

use crate::case::{ROLES, TABLESPACE};
use crate::common;
use pg_roundtrip::db::{LocalCluster, Server, UrlServer};
use std::sync::{Mutex, OnceLock};
use tokio::runtime::Runtime;
use tokio::sync::{OnceCell, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// The runtime every trial blocks on, so that the server started by one
/// trial serves the others.
pub fn runtime() -> &'static Runtime {
    static RUNTIME: OnceLock<Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a tokio runtime")
    })
}

/// What keeps the server running until [`shut_down`].
enum Keeper {
    Cluster(LocalCluster),
    Url(UrlServer),
}

/// The process's server.
pub struct Shared {
    pub server: Server,
    /// Read by every case, written by the cases that create roles: a role
    /// created while another case is between two inspections would show up
    /// in that case as a role left behind.
    roles: RwLock<()>,
    keeper: Mutex<Option<Keeper>>,
}

/// Held while a case walks.
pub enum Turn<'a> {
    Beside(#[allow(dead_code)] RwLockReadGuard<'a, ()>),
    Alone(#[allow(dead_code)] RwLockWriteGuard<'a, ()>),
}

impl Shared {
    /// Waits for the case's turn: beside other cases, or alone when it
    /// creates roles.
    pub async fn turn(&self, creates_roles: bool) -> Turn<'_> {
        if creates_roles {
            Turn::Alone(self.roles.write().await)
        } else {
            Turn::Beside(self.roles.read().await)
        }
    }
}

static SHARED: OnceCell<Result<Shared, String>> = OnceCell::const_new();

/// The server, started (and given the cases' roles) by the first caller;
/// if that failed, every caller gets the same reason.
pub async fn shared() -> Result<&'static Shared, String> {
    SHARED
        .get_or_init(start)
        .await
        .as_ref()
        .map_err(Clone::clone)
}

async fn start() -> Result<Shared, String> {
    let (keeper, server) = match std::env::var("PG_ROUNDTRIP_MUTATIONS_URL") {
        Ok(url) => {
            let url_server = UrlServer::connect(&url)
                .await
                .map_err(|e| format!("PG_ROUNDTRIP_MUTATIONS_URL: {e}"))?;
            let server = url_server.server().clone();
            (Keeper::Url(url_server), server)
        }
        Err(_) => {
            let cluster = LocalCluster::start(common::options())
                .await
                .map_err(|e| format!("could not start a local cluster: {e}"))?;
            let server = cluster.server().clone();
            (Keeper::Cluster(cluster), server)
        }
    };
    eprintln!("mutation cases on {}", server.description);
    // The tablespace goes in the cluster's own directory, which is removed
    // with it; on a server of its own, in the server's /tmp.
    let location = match &keeper {
        Keeper::Cluster(cluster) => cluster.dir().join(TABLESPACE).display().to_string(),
        Keeper::Url(_) => format!("/tmp/{TABLESPACE}"),
    };
    create_roles(&server, &location).await?;
    Ok(Shared {
        server,
        roles: RwLock::new(()),
        keeper: Mutex::new(Some(keeper)),
    })
}

/// Creates the roles the cases grant to. On a shared server another
/// process may create them at the same moment; the loser of that race
/// finds them on its second try.
async fn create_roles(server: &Server, tablespace: &str) -> Result<(), String> {
    let db = server
        .create_database(&format!("roles_{}", std::process::id()))
        .await
        .map_err(|e| e.to_string())?;
    let mut conn = db.connect().await.map_err(|e| e.to_string())?;
    let mut result = Ok(());
    for _ in 0..3 {
        result = sqlx::raw_sql(ROLES).execute(&mut conn).await.map(drop);
        if result.is_ok() {
            break;
        }
    }
    let result = result
        .map_err(|e| format!("could not create the cases' roles: {e}"))
        .map(drop);
    let made = match result {
        Ok(()) => create_tablespace(&mut conn, tablespace).await,
        Err(e) => Err(e),
    };
    drop(conn);
    server.drop_database(&db).await.map_err(|e| e.to_string())?;
    made
}

async fn has_tablespace(conn: &mut sqlx::PgConnection) -> Result<bool, String> {
    let sql = format!("SELECT EXISTS (SELECT FROM pg_tablespace WHERE spcname = '{TABLESPACE}')");
    sqlx::query_scalar::<_, bool>(sqlx::AssertSqlSafe(sql))
        .fetch_one(conn)
        .await
        .map_err(|e| e.to_string())
}

/// Creates [`TABLESPACE`] at `location` unless the server has it: the
/// server makes the directory itself (`COPY … TO PROGRAM`, as the
/// superuser the cases run as), so that it works on a server in a
/// container as well. Another process may create it at the same moment.
async fn create_tablespace(conn: &mut sqlx::PgConnection, location: &str) -> Result<(), String> {
    if has_tablespace(conn).await? {
        return Ok(());
    }
    let mkdir = format!("COPY (SELECT 1) TO PROGRAM 'mkdir -p {location} && cat > /dev/null'");
    let create = format!("CREATE TABLESPACE {TABLESPACE} LOCATION '{location}'");
    for sql in [mkdir, create] {
        let result = sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
            .execute(&mut *conn)
            .await;
        if let Err(e) = result
            && !has_tablespace(conn).await?
        {
            return Err(format!("could not create tablespace {TABLESPACE}: {e}"));
        }
    }
    Ok(())
}

/// Stops the server if one was started. Call once, after the trials.
pub fn shut_down() {
    let Some(Ok(shared)) = SHARED.get() else {
        return;
    };
    let keeper = shared
        .keeper
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .take();
    match keeper {
        Some(Keeper::Cluster(cluster)) => {
            if let Err(e) = runtime().block_on(cluster.stop()) {
                eprintln!("could not stop the local cluster: {e}");
            }
        }
        Some(Keeper::Url(url_server)) => {
            if let Err(e) = runtime().block_on(url_server.stop()) {
                eprintln!("could not close {}: {e}", shared.server.description);
            }
        }
        None => {}
    }
}

//! Before the url backend uses a server: may we create our own databases
//! there, and does the server look like one that matters?
//!
//! [`probe`] reads the facts on a read-only connection to the database the
//! URL names (it never writes there); [`judge`] decides on them alone, so
//! the decision is tested without a replica. A server looks like
//! production when a standby streams from it (`pg_stat_replication`), or
//! when the URL's database has more than [`UrlGuard::max_filled_tables`]
//! user tables with rows; [`UrlGuard::allow_production`]
//! (`--allow-production`) lets a run go on anyway.

use std::time::Duration;

use sqlx::PgConnection;

use super::error::DbError;

/// The default of [`UrlGuard::max_filled_tables`].
pub const DEFAULT_MAX_FILLED_TABLES: usize = 10;
/// Tables read row by row (`EXISTS`) at most, when the statistics do not
/// already say they have rows.
const EXACT_CHECKS: usize = 500;

/// What the url backend accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UrlGuard {
    /// Go on even on a server that looks like production.
    pub allow_production: bool,
    /// More user tables with rows than this in the URL's database look
    /// like production.
    pub max_filled_tables: usize,
}

impl Default for UrlGuard {
    fn default() -> Self {
        UrlGuard {
            allow_production: false,
            max_filled_tables: DEFAULT_MAX_FILLED_TABLES,
        }
    }
}

/// What [`probe`] found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ServerFacts {
    /// The role the URL connects as.
    pub role: String,
    /// It is a superuser or has `CREATEDB`.
    pub can_create_databases: bool,
    /// The server is a standby.
    pub in_recovery: bool,
    /// Standbys (and other WAL receivers) streaming from it:
    /// `application_name (client address)`.
    pub replicas: Vec<String>,
    /// The database the URL names.
    pub database: String,
    /// Its user tables that have rows, `schema.table`; at most
    /// `max_filled_tables + 1` are looked for.
    pub filled_tables: Vec<String>,
}

/// Reads the facts on `conn` (connected to the URL's database; every
/// statement only reads). Tables whose statistics say nothing are checked
/// with `SELECT EXISTS`, each bounded by a short lock and statement
/// timeout; one that cannot be read counts as having rows.
pub async fn probe(conn: &mut PgConnection, guard: &UrlGuard) -> Result<ServerFacts, sqlx::Error> {
    let (role, can_create_databases, in_recovery, database): (String, bool, bool, String) =
        sqlx::query_as(
            "SELECT current_user::text, (r.rolsuper OR r.rolcreatedb), pg_is_in_recovery(), \
                    current_database()::text \
               FROM pg_roles r WHERE r.rolname = current_user",
        )
        .fetch_one(&mut *conn)
        .await?;
    let replicas: Vec<String> = sqlx::query_scalar(
        "SELECT coalesce(nullif(application_name, ''), 'walreceiver') || ' (' || \
                coalesce(host(client_addr), 'local socket') || ', ' || coalesce(state, '?') || ')' \
           FROM pg_stat_replication ORDER BY 1",
    )
    .fetch_all(&mut *conn)
    .await?;
    let tables: Vec<(String, bool)> = sqlx::query_as(
        "SELECT format('%I.%I', n.nspname, c.relname), (c.reltuples > 0 OR c.relpages > 0) \
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
          WHERE c.relkind = 'r' \
            AND n.nspname NOT IN ('pg_catalog', 'information_schema') \
            AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%' \
            AND NOT EXISTS (SELECT 1 FROM pg_depend d \
                             WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid \
                               AND d.deptype = 'e') \
          ORDER BY 2 DESC, 1",
    )
    .fetch_all(&mut *conn)
    .await?;
    let wanted = guard.max_filled_tables.saturating_add(1);
    let mut filled = Vec::new();
    let mut exact = 0;
    for (table, estimated) in tables {
        if filled.len() >= wanted {
            break;
        }
        if estimated {
            filled.push(table);
            continue;
        }
        if exact >= EXACT_CHECKS {
            break;
        }
        exact += 1;
        if has_rows(conn, &table).await {
            filled.push(table);
        }
    }
    Ok(ServerFacts {
        role,
        can_create_databases,
        in_recovery,
        replicas,
        database,
        filled_tables: filled,
    })
}

/// `SELECT EXISTS (SELECT 1 FROM table)` in a READ ONLY transaction with
/// short timeouts; true when it says so or cannot tell.
async fn has_rows(conn: &mut PgConnection, table: &str) -> bool {
    let sql = format!(
        "BEGIN READ ONLY; SET LOCAL lock_timeout = 1000; SET LOCAL statement_timeout = 5000; \
         SELECT 1 FROM {table} LIMIT 1"
    );
    let read = tokio::time::timeout(
        Duration::from_secs(10),
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql)).fetch_all(&mut *conn),
    )
    .await;
    let _ = sqlx::raw_sql("ROLLBACK").execute(&mut *conn).await;
    !matches!(read, Ok(Ok(rows)) if rows.is_empty())
}

/// Whether the url backend may use the server `server` (for messages),
/// on the facts alone.
pub fn judge(facts: &ServerFacts, guard: &UrlGuard, server: &str) -> Result<(), DbError> {
    if facts.in_recovery {
        return Err(DbError::Standby {
            server: server.to_string(),
        });
    }
    if !facts.can_create_databases {
        return Err(DbError::CannotCreateDatabase {
            server: server.to_string(),
            role: facts.role.clone(),
        });
    }
    if guard.allow_production {
        return Ok(());
    }
    let mut reasons = Vec::new();
    if !facts.replicas.is_empty() {
        reasons.push(format!(
            "{} standby(s) stream from it: {}",
            facts.replicas.len(),
            facts.replicas.join(", ")
        ));
    }
    if facts.filled_tables.len() > guard.max_filled_tables {
        let shown: Vec<&str> = facts
            .filled_tables
            .iter()
            .take(5)
            .map(String::as_str)
            .collect();
        reasons.push(format!(
            "database {} has more than {} tables with rows ({}{})",
            facts.database,
            guard.max_filled_tables,
            shown.join(", "),
            if facts.filled_tables.len() > shown.len() {
                ", …"
            } else {
                ""
            }
        ));
    }
    if reasons.is_empty() {
        Ok(())
    } else {
        Err(DbError::LooksLikeProduction {
            server: server.to_string(),
            reasons: reasons.join("; "),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn throwaway() -> ServerFacts {
        ServerFacts {
            role: "ci".into(),
            can_create_databases: true,
            in_recovery: false,
            replicas: Vec::new(),
            database: "app".into(),
            filled_tables: Vec::new(),
        }
    }

    fn refused(facts: &ServerFacts, guard: &UrlGuard, server: &str) -> String {
        match judge(facts, guard, server) {
            Ok(()) => panic!("accepted: {facts:?}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn a_throwaway_server_is_used() {
        assert!(judge(&throwaway(), &UrlGuard::default(), "s").is_ok());
    }

    #[test]
    fn a_primary_with_a_standby_is_refused_unless_allowed() {
        let facts = ServerFacts {
            replicas: vec!["replica1 (10.0.0.2, streaming)".into()],
            ..throwaway()
        };
        let text = refused(&facts, &UrlGuard::default(), "server x");
        assert!(text.contains("server x"), "{text}");
        assert!(text.contains("1 standby(s) stream from it: replica1 (10.0.0.2, streaming)"));
        assert!(text.contains("--allow-production"), "{text}");
        let allowed = UrlGuard {
            allow_production: true,
            ..UrlGuard::default()
        };
        assert!(judge(&facts, &allowed, "server x").is_ok());
    }

    #[test]
    fn more_filled_tables_than_allowed_is_refused() {
        let facts = ServerFacts {
            filled_tables: vec!["public.a".into(), "public.b".into(), "public.c".into()],
            ..throwaway()
        };
        let two = UrlGuard {
            max_filled_tables: 2,
            ..UrlGuard::default()
        };
        let text = refused(&facts, &two, "s");
        assert!(
            text.contains(
                "database app has more than 2 tables with rows (public.a, public.b, public.c)"
            ),
            "{text}"
        );
        let three = UrlGuard {
            max_filled_tables: 3,
            ..UrlGuard::default()
        };
        assert!(judge(&facts, &three, "s").is_ok());
    }

    #[test]
    fn no_createdb_and_standbys_are_refused_even_when_production_is_allowed() {
        let allowed = UrlGuard {
            allow_production: true,
            ..UrlGuard::default()
        };
        let facts = ServerFacts {
            can_create_databases: false,
            ..throwaway()
        };
        let text = refused(&facts, &allowed, "s");
        assert!(text.contains("role ci may not create databases"), "{text}");
        assert!(
            text.contains("never in the database the URL names"),
            "{text}"
        );
        let standby = ServerFacts {
            in_recovery: true,
            ..throwaway()
        };
        assert!(matches!(
            judge(&standby, &allowed, "s"),
            Err(DbError::Standby { .. })
        ));
    }
}

//! What a mutation case is, the schema most cases start from, the setups
//! several kinds share, and the builders the kind files write their cases
//! with.

/// The schema most cases start from (revision 1).
const BASE_UP: &str = "
CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL UNIQUE, name text);
CREATE TABLE tasks (id serial PRIMARY KEY, user_id bigint NOT NULL REFERENCES users (id),
                    title text NOT NULL, done boolean NOT NULL DEFAULT false);
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE FUNCTION f() RETURNS integer LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT 1 $$;
CREATE VIEW open_tasks AS SELECT id, title FROM tasks WHERE NOT done;
CREATE SEQUENCE s;
CREATE INDEX ix_title ON tasks (title);
";
const BASE_DOWN: &str = "
DROP VIEW open_tasks; DROP TABLE tasks; DROP TABLE users; DROP TYPE mood; DROP FUNCTION f(); DROP SEQUENCE s;
";

/// Roles the cases use; created once per server, before the first case.
pub const ROLES: &str = "DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'rt_m_reader') THEN CREATE ROLE rt_m_reader; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'rt_m_writer') THEN CREATE ROLE rt_m_writer; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'rt_m_owner') THEN CREATE ROLE rt_m_owner; END IF;
END $$";

/// A tablespace every server of the suite has, created once with the
/// roles (`server.rs`): cluster-wide, and `CREATE TABLESPACE` cannot run in
/// a migration's transaction.
pub const TABLESPACE: &str = "rt_m_space";

/// What the walk of a case must report.
#[derive(Debug, Clone)]
pub enum Expect {
    Pass,
    /// Finding kind, 1-based revision, object path.
    Fail(&'static str, usize, &'static str),
    /// Passes, with a role-left-behind warning for this role.
    Warn(&'static str),
    /// With `--strict-roles`: a role-left-behind failure at revision 2.
    StrictRole(&'static str),
}

impl Expect {
    /// True for the cases that must pass (with or without a warning), false
    /// for the mutations that must be caught.
    pub fn must_pass(&self) -> bool {
        matches!(self, Expect::Pass | Expect::Warn(_))
    }
}

impl std::fmt::Display for Expect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Expect::Pass => write!(f, "a pass with no finding and no warning"),
            Expect::Fail(kind, revision, path) => {
                write!(f, "{kind} at revision {revision} naming `{path}`")
            }
            Expect::Warn(role) => {
                write!(f, "a pass with a role-left-behind warning for {role}")
            }
            Expect::StrictRole(role) => write!(
                f,
                "with --strict-roles, a role-left-behind finding for {role} at revision 2"
            ),
        }
    }
}

/// One history and what its walk must report. The object kind is the file
/// the case is written in (see `KINDS` in `main.rs`).
pub struct Case {
    /// The test's name after the kind: `index::index_recreated_descending`.
    pub name: &'static str,
    /// (up, down) per revision, written as `1_r1.up.sql`, `1_r1.down.sql`…
    pub revisions: Vec<(String, String)>,
    pub expect: Expect,
}

pub fn base() -> (String, String) {
    (BASE_UP.to_string(), BASE_DOWN.to_string())
}

/// Revision 1 = the base schema plus `setup`, dropped again by `teardown`.
fn base_with(setup: &str, teardown: &str) -> (String, String) {
    (
        format!("{BASE_UP}\n{setup}"),
        format!("{teardown}\n{BASE_DOWN}"),
    )
}

pub fn rev(up: &str, down: &str) -> (String, String) {
    (up.to_string(), down.to_string())
}

pub const DM: &str = "downgrade-mismatch";

/// Base + one revision with a mistake in its downgrade.
pub fn m(name: &'static str, up: &str, down: &str, path: &'static str) -> Case {
    Case {
        name,
        revisions: vec![base(), rev(up, down)],
        expect: Expect::Fail(DM, 2, path),
    }
}

/// Base + setup + one revision with a mistake in its downgrade.
pub fn ms(
    name: &'static str,
    setup: (&str, &str),
    up: &str,
    down: &str,
    path: &'static str,
) -> Case {
    Case {
        name,
        revisions: vec![base_with(setup.0, setup.1), rev(up, down)],
        expect: Expect::Fail(DM, 2, path),
    }
}

/// Base (+ setup) + one correct revision that must pass.
pub fn ok(name: &'static str, setup: (&str, &str), up: &str, down: &str) -> Case {
    Case {
        name,
        revisions: vec![base_with(setup.0, setup.1), rev(up, down)],
        expect: Expect::Pass,
    }
}

pub const NONE: (&str, &str) = ("", "");
pub const EVENTS: (&str, &str) = (
    "CREATE TABLE events (at date NOT NULL, k text) PARTITION BY RANGE (at);
     CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');",
    "DROP TABLE events;",
);
pub const MV: (&str, &str) = (
    "CREATE MATERIALIZED VIEW mv AS SELECT user_id, count(*) AS n FROM tasks GROUP BY user_id;",
    "DROP MATERIALIZED VIEW mv;",
);
pub const DOMAIN: (&str, &str) = (
    "CREATE DOMAIN posint AS integer CONSTRAINT posint_check CHECK (VALUE >= 0);",
    "DROP DOMAIN posint;",
);
pub const TRIGGER: (&str, &str) = (
    "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
     CREATE TRIGGER tasks_touch BEFORE UPDATE OF title ON tasks FOR EACH ROW EXECUTE FUNCTION touch();",
    "DROP TRIGGER tasks_touch ON tasks; DROP FUNCTION touch();",
);
pub const POLICY: (&str, &str) = (
    "ALTER TABLE tasks ENABLE ROW LEVEL SECURITY;
     CREATE POLICY own ON tasks AS RESTRICTIVE USING (user_id = 1);",
    "DROP POLICY own ON tasks; ALTER TABLE tasks DISABLE ROW LEVEL SECURITY;",
);
pub const PUB: (&str, &str) = (
    "CREATE PUBLICATION pub FOR TABLE users;",
    "DROP PUBLICATION pub;",
);
pub const CFG: (&str, &str) = (
    "CREATE TEXT SEARCH CONFIGURATION cfg (COPY = pg_catalog.english);",
    "DROP TEXT SEARCH CONFIGURATION cfg;",
);
pub const EVT: (&str, &str) = (
    "CREATE FUNCTION on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$;
     CREATE EVENT TRIGGER et ON ddl_command_end EXECUTE FUNCTION on_ddl();",
    "DROP EVENT TRIGGER et; DROP FUNCTION on_ddl();",
);
pub const AGG: (&str, &str) = (
    "CREATE AGGREGATE total(integer) (SFUNC = int4pl, STYPE = integer, INITCOND = '0');",
    "DROP AGGREGATE total(integer);",
);

//! The mutation suite: small histories, each with one realistic mistake in
//! a downgrade (which must be caught, at the right revision, naming the
//! right object), and correct but tricky round trips (which must pass).
//! Every case is written to a temporary directory in the flat layout and
//! walked on one shared local cluster, three at a time; cases that create
//! roles run one by one afterwards, since roles are cluster-wide.
//! Prints the score per kind; fails on any miss and any false alarm.
//!
//! `PG_ROUNDTRIP_MUTATIONS_URL=postgres://user:pw@host:port/postgres` runs
//! the suite on that server instead (e.g. a `postgres:18` container), to
//! check the catalog queries on other majors.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use pg_roundtrip::db::Server;
use pg_roundtrip::walk::{WalkOptions, WalkReport, walk};
use std::collections::BTreeMap;
use std::sync::Arc;
use tokio::task::JoinSet;

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

/// Roles the cases use; created once, before the suite.
const ROLES: &str = "DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'rt_m_reader') THEN CREATE ROLE rt_m_reader; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'rt_m_writer') THEN CREATE ROLE rt_m_writer; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'rt_m_owner') THEN CREATE ROLE rt_m_owner; END IF;
END $$";

#[derive(Debug, Clone)]
enum Expect {
    Pass,
    /// Finding kind, 1-based revision, object path.
    Fail(&'static str, usize, &'static str),
    /// Passes, with a role-left-behind warning for this role.
    Warn(&'static str),
    /// With `--strict-roles`: a role-left-behind failure at revision 2.
    StrictRole(&'static str),
}

struct Case {
    name: &'static str,
    kind: &'static str,
    revisions: Vec<(String, String)>,
    expect: Expect,
}

fn base() -> (String, String) {
    (BASE_UP.to_string(), BASE_DOWN.to_string())
}

/// Revision 1 = the base schema plus `setup`, dropped again by `teardown`.
fn base_with(setup: &str, teardown: &str) -> (String, String) {
    (
        format!("{BASE_UP}\n{setup}"),
        format!("{teardown}\n{BASE_DOWN}"),
    )
}

fn rev(up: &str, down: &str) -> (String, String) {
    (up.to_string(), down.to_string())
}

const DM: &str = "downgrade-mismatch";

/// Base + one revision with a mistake in its downgrade.
fn m(name: &'static str, kind: &'static str, up: &str, down: &str, path: &'static str) -> Case {
    Case {
        name,
        kind,
        revisions: vec![base(), rev(up, down)],
        expect: Expect::Fail(DM, 2, path),
    }
}

/// Base + setup + one revision with a mistake in its downgrade.
fn ms(
    name: &'static str,
    kind: &'static str,
    setup: (&str, &str),
    up: &str,
    down: &str,
    path: &'static str,
) -> Case {
    Case {
        name,
        kind,
        revisions: vec![base_with(setup.0, setup.1), rev(up, down)],
        expect: Expect::Fail(DM, 2, path),
    }
}

/// Base (+ setup) + one correct revision that must pass.
fn ok(name: &'static str, kind: &'static str, setup: (&str, &str), up: &str, down: &str) -> Case {
    Case {
        name,
        kind,
        revisions: vec![base_with(setup.0, setup.1), rev(up, down)],
        expect: Expect::Pass,
    }
}

const NONE: (&str, &str) = ("", "");
const EVENTS: (&str, &str) = (
    "CREATE TABLE events (at date NOT NULL, k text) PARTITION BY RANGE (at);
     CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');",
    "DROP TABLE events;",
);
const MV: (&str, &str) = (
    "CREATE MATERIALIZED VIEW mv AS SELECT user_id, count(*) AS n FROM tasks GROUP BY user_id;",
    "DROP MATERIALIZED VIEW mv;",
);
const DOMAIN: (&str, &str) = (
    "CREATE DOMAIN posint AS integer CONSTRAINT posint_check CHECK (VALUE >= 0);",
    "DROP DOMAIN posint;",
);
const TRIGGER: (&str, &str) = (
    "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
     CREATE TRIGGER tasks_touch BEFORE UPDATE OF title ON tasks FOR EACH ROW EXECUTE FUNCTION touch();",
    "DROP TRIGGER tasks_touch ON tasks; DROP FUNCTION touch();",
);
const POLICY: (&str, &str) = (
    "ALTER TABLE tasks ENABLE ROW LEVEL SECURITY;
     CREATE POLICY own ON tasks AS RESTRICTIVE USING (user_id = 1);",
    "DROP POLICY own ON tasks; ALTER TABLE tasks DISABLE ROW LEVEL SECURITY;",
);
const PUB: (&str, &str) = (
    "CREATE PUBLICATION pub FOR TABLE users;",
    "DROP PUBLICATION pub;",
);
const CFG: (&str, &str) = (
    "CREATE TEXT SEARCH CONFIGURATION cfg (COPY = pg_catalog.english);",
    "DROP TEXT SEARCH CONFIGURATION cfg;",
);
const EVT: (&str, &str) = (
    "CREATE FUNCTION on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$;
     CREATE EVENT TRIGGER et ON ddl_command_end EXECUTE FUNCTION on_ddl();",
    "DROP EVENT TRIGGER et; DROP FUNCTION on_ddl();",
);
const AGG: (&str, &str) = (
    "CREATE AGGREGATE total(integer) (SFUNC = int4pl, STYPE = integer, INITCOND = '0');",
    "DROP AGGREGATE total(integer);",
);

fn cases() -> Vec<Case> {
    let dm = |k, r, p| Expect::Fail(k, r, p);
    let mut v = vec![
        // Schemas.
        m(
            "schema left behind",
            "schema",
            "CREATE SCHEMA audit;",
            "SELECT 1;",
            "schema audit",
        ),
        m(
            "schema comment not restored",
            "schema",
            "COMMENT ON SCHEMA public IS 'ours';",
            "COMMENT ON SCHEMA public IS NULL;",
            "schema public",
        ),
        m(
            "schema grant left behind",
            "schema",
            "GRANT CREATE ON SCHEMA public TO rt_m_writer;",
            "SELECT 1;",
            "grant rt_m_writer on schema public",
        ),
        // Extensions.
        m(
            "extension left behind",
            "extension",
            "CREATE EXTENSION hstore;",
            "SELECT 1;",
            "extension hstore",
        ),
        ms(
            "extension version not restored",
            "extension",
            (
                "CREATE EXTENSION hstore VERSION '1.7';",
                "DROP EXTENSION hstore;",
            ),
            "ALTER EXTENSION hstore UPDATE TO '1.8';",
            "SELECT 1;",
            "extension hstore",
        ),
        ms(
            "extension dropped by the downgrade",
            "extension",
            ("CREATE EXTENSION citext;", "DROP EXTENSION citext;"),
            "CREATE TABLE logins (login citext);",
            "DROP TABLE logins; DROP EXTENSION citext;",
            "extension citext",
        ),
        // Tables.
        m(
            "table left behind",
            "table",
            "CREATE TABLE labels (id int);",
            "SELECT 1;",
            "table public.labels",
        ),
        m(
            "unlogged not reverted",
            "table",
            "ALTER TABLE tasks SET UNLOGGED;",
            "SELECT 1;",
            "table public.tasks",
        ),
        ms(
            "partition detached instead of dropped",
            "table",
            EVENTS,
            "CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');",
            "ALTER TABLE events DETACH PARTITION events_2025;",
            "table public.events_2025",
        ),
        ms(
            "partition bound not restored",
            "table",
            EVENTS,
            "ALTER TABLE events DETACH PARTITION events_2024; ALTER TABLE events ATTACH PARTITION events_2024 FOR VALUES FROM ('2024-01-01') TO ('2026-01-01');",
            "ALTER TABLE events DETACH PARTITION events_2024; ALTER TABLE events ATTACH PARTITION events_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-02-01');",
            "table public.events_2024",
        ),
        ms(
            "default partition left behind",
            "table",
            EVENTS,
            "CREATE TABLE events_other PARTITION OF events DEFAULT;",
            "SELECT 1;",
            "table public.events_other",
        ),
        ms(
            "inheritance not removed",
            "table",
            (
                "CREATE TABLE base_t (note text); CREATE TABLE child_t (note text);",
                "DROP TABLE child_t; DROP TABLE base_t;",
            ),
            "ALTER TABLE child_t INHERIT base_t;",
            "SELECT 1;",
            "table public.child_t",
        ),
        m(
            "fillfactor not reset",
            "table",
            "ALTER TABLE tasks SET (fillfactor = 70);",
            "SELECT 1;",
            "with public.tasks.fillfactor",
        ),
        m(
            "autovacuum parameter set to the default value instead of reset",
            "table",
            "ALTER TABLE tasks SET (autovacuum_vacuum_scale_factor = 0.01);",
            "ALTER TABLE tasks SET (autovacuum_vacuum_scale_factor = 0.2);",
            "with public.tasks.autovacuum_vacuum_scale_factor",
        ),
        m(
            "row level security left enabled",
            "table",
            "ALTER TABLE tasks ENABLE ROW LEVEL SECURITY;",
            "SELECT 1;",
            "table public.tasks",
        ),
        m(
            "forced row level security left",
            "table",
            "ALTER TABLE tasks ENABLE ROW LEVEL SECURITY; ALTER TABLE tasks FORCE ROW LEVEL SECURITY;",
            "ALTER TABLE tasks DISABLE ROW LEVEL SECURITY;",
            "table public.tasks",
        ),
        m(
            "replica identity not restored",
            "table",
            "ALTER TABLE tasks REPLICA IDENTITY FULL;",
            "SELECT 1;",
            "table public.tasks",
        ),
        // Columns.
        m(
            "column left behind",
            "column",
            "ALTER TABLE tasks ADD COLUMN due date;",
            "SELECT 1;",
            "column public.tasks.due",
        ),
        m(
            "type restored without its typmod",
            "column",
            "ALTER TABLE users ALTER COLUMN name TYPE varchar(200);",
            "ALTER TABLE users ALTER COLUMN name TYPE varchar;",
            "column public.users.name",
        ),
        m(
            "collation not restored",
            "column",
            "ALTER TABLE users ALTER COLUMN email TYPE text COLLATE \"C\";",
            "SELECT 1;",
            "column public.users.email",
        ),
        m(
            "not null not restored",
            "column",
            "ALTER TABLE tasks ALTER COLUMN title DROP NOT NULL;",
            "SELECT 1;",
            "column public.tasks.title",
        ),
        m(
            "default dropped instead of restored",
            "column",
            "ALTER TABLE tasks ALTER COLUMN done SET DEFAULT true;",
            "ALTER TABLE tasks ALTER COLUMN done DROP DEFAULT;",
            "column public.tasks.done",
        ),
        m(
            "identity kind not restored",
            "column",
            "ALTER TABLE users ALTER COLUMN id SET GENERATED BY DEFAULT;",
            "SELECT 1;",
            "column public.users.id",
        ),
        m(
            "identity sequence option not restored",
            "column",
            "ALTER TABLE users ALTER COLUMN id SET INCREMENT BY 10;",
            "SELECT 1;",
            "sequence public.users_id_seq",
        ),
        Case {
            name: "generated column re-added as a plain column",
            kind: "column",
            revisions: vec![
                base(),
                rev(
                    "ALTER TABLE users ADD COLUMN email_lower text GENERATED ALWAYS AS (lower(email)) STORED;",
                    "ALTER TABLE users DROP COLUMN email_lower;",
                ),
                rev(
                    "ALTER TABLE users DROP COLUMN email_lower; ALTER TABLE users ADD COLUMN email_lower text GENERATED ALWAYS AS (upper(email)) STORED;",
                    "ALTER TABLE users DROP COLUMN email_lower; ALTER TABLE users ADD COLUMN email_lower text;",
                ),
            ],
            expect: dm(DM, 3, "column public.users.email_lower"),
        },
        m(
            "storage not restored",
            "column",
            "ALTER TABLE users ALTER COLUMN name SET STORAGE EXTERNAL;",
            "SELECT 1;",
            "column public.users.name",
        ),
        m(
            "compression not restored",
            "column",
            "ALTER TABLE users ALTER COLUMN name SET COMPRESSION pglz;",
            "SELECT 1;",
            "column public.users.name",
        ),
        m(
            "statistics target set to 100 instead of -1",
            "column",
            "ALTER TABLE tasks ALTER COLUMN title SET STATISTICS 1000;",
            "ALTER TABLE tasks ALTER COLUMN title SET STATISTICS 100;",
            "column public.tasks.title",
        ),
        m(
            "column re-added at the end",
            "column",
            "DROP VIEW open_tasks; ALTER TABLE tasks DROP COLUMN title;",
            "ALTER TABLE tasks ADD COLUMN title text NOT NULL DEFAULT ''; ALTER TABLE tasks ALTER COLUMN title DROP DEFAULT; CREATE VIEW open_tasks AS SELECT id, title FROM tasks WHERE NOT done;",
            "table public.tasks",
        ),
        // Constraints.
        m(
            "foreign key re-added under another name",
            "constraint",
            "ALTER TABLE tasks DROP CONSTRAINT tasks_user_id_fkey;",
            "ALTER TABLE tasks ADD CONSTRAINT fk_tasks_user FOREIGN KEY (user_id) REFERENCES users (id);",
            "constraint public.tasks.tasks_user_id_fkey",
        ),
        m(
            "foreign key deferrability not restored",
            "constraint",
            "ALTER TABLE tasks DROP CONSTRAINT tasks_user_id_fkey, ADD FOREIGN KEY (user_id) REFERENCES users (id) DEFERRABLE INITIALLY DEFERRED;",
            "ALTER TABLE tasks DROP CONSTRAINT tasks_user_id_fkey, ADD FOREIGN KEY (user_id) REFERENCES users (id) DEFERRABLE;",
            "constraint public.tasks.tasks_user_id_fkey",
        ),
        m(
            "foreign key action restored as RESTRICT, was NO ACTION",
            "constraint",
            "ALTER TABLE tasks DROP CONSTRAINT tasks_user_id_fkey, ADD FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE;",
            "ALTER TABLE tasks DROP CONSTRAINT tasks_user_id_fkey, ADD FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE RESTRICT;",
            "constraint public.tasks.tasks_user_id_fkey",
        ),
        m(
            "foreign key MATCH FULL kept",
            "constraint",
            "ALTER TABLE tasks DROP CONSTRAINT tasks_user_id_fkey, ADD FOREIGN KEY (user_id) REFERENCES users (id) MATCH FULL;",
            "ALTER TABLE tasks DROP CONSTRAINT tasks_user_id_fkey, ADD FOREIGN KEY (user_id) REFERENCES users (id) MATCH FULL;",
            "constraint public.tasks.tasks_user_id_fkey",
        ),
        ms(
            "unique NULLS NOT DISTINCT lost",
            "constraint",
            (
                "ALTER TABLE users ADD CONSTRAINT users_name_key UNIQUE NULLS NOT DISTINCT (name);",
                "",
            ),
            "ALTER TABLE users DROP CONSTRAINT users_name_key;",
            "ALTER TABLE users ADD CONSTRAINT users_name_key UNIQUE (name);",
            "constraint public.users.users_name_key",
        ),
        ms(
            "validated check not made NOT VALID again",
            "constraint",
            (
                "ALTER TABLE tasks ADD CONSTRAINT title_not_blank CHECK (title <> '') NOT VALID;",
                "",
            ),
            "ALTER TABLE tasks VALIDATE CONSTRAINT title_not_blank;",
            "SELECT 1;",
            "constraint public.tasks.title_not_blank",
        ),
        ms(
            "check re-added without NO INHERIT",
            "constraint",
            (
                "ALTER TABLE tasks ADD CONSTRAINT title_short CHECK (length(title) < 200) NO INHERIT;",
                "",
            ),
            "ALTER TABLE tasks DROP CONSTRAINT title_short;",
            "ALTER TABLE tasks ADD CONSTRAINT title_short CHECK (length(title) < 200);",
            "constraint public.tasks.title_short",
        ),
        ms(
            "exclusion constraint left behind",
            "constraint",
            (
                "CREATE TABLE bookings (room int, during tstzrange);",
                "DROP TABLE bookings;",
            ),
            "ALTER TABLE bookings ADD CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&);",
            "SELECT 1;",
            "constraint public.bookings.no_overlap",
        ),
        m(
            "primary key re-added under another name",
            "constraint",
            "ALTER TABLE tasks DROP CONSTRAINT tasks_pkey, ADD PRIMARY KEY (id, user_id);",
            "ALTER TABLE tasks DROP CONSTRAINT tasks_pkey, ADD CONSTRAINT tasks_pk PRIMARY KEY (id);",
            "constraint public.tasks.tasks_pkey",
        ),
        // Indexes.
        m(
            "index recreated with another opclass",
            "index",
            "DROP INDEX ix_title; CREATE INDEX ix_title ON tasks USING hash (title);",
            "DROP INDEX ix_title; CREATE INDEX ix_title ON tasks (title text_pattern_ops);",
            "index public.ix_title",
        ),
        m(
            "index recreated descending",
            "index",
            "DROP INDEX ix_title;",
            "CREATE INDEX ix_title ON tasks (title DESC);",
            "index public.ix_title",
        ),
        ms(
            "index recreated without INCLUDE",
            "index",
            (
                "CREATE INDEX ix_user ON tasks (user_id) INCLUDE (done);",
                "",
            ),
            "DROP INDEX ix_user;",
            "CREATE INDEX ix_user ON tasks (user_id);",
            "index public.ix_user",
        ),
        ms(
            "index recreated without its predicate",
            "index",
            (
                "CREATE INDEX ix_open ON tasks (user_id) WHERE NOT done;",
                "",
            ),
            "DROP INDEX ix_open;",
            "CREATE INDEX ix_open ON tasks (user_id);",
            "index public.ix_open",
        ),
        ms(
            "unique index recreated non-unique",
            "index",
            (
                "CREATE UNIQUE INDEX ix_user_title ON tasks (user_id, title);",
                "",
            ),
            "DROP INDEX ix_user_title;",
            "CREATE INDEX ix_user_title ON tasks (user_id, title);",
            "index public.ix_user_title",
        ),
        m(
            "index recreated with a collation",
            "index",
            "DROP INDEX ix_title;",
            "CREATE INDEX ix_title ON tasks (title COLLATE \"C\");",
            "index public.ix_title",
        ),
        ms(
            "index storage parameter lost",
            "index",
            (
                "CREATE INDEX ix_done ON tasks (done) WITH (fillfactor = 50);",
                "",
            ),
            "DROP INDEX ix_done;",
            "CREATE INDEX ix_done ON tasks (done);",
            "index public.ix_done",
        ),
        ms(
            "materialized view index left behind",
            "index",
            MV,
            "CREATE UNIQUE INDEX mv_user ON mv (user_id);",
            "SELECT 1;",
            "index public.mv_user",
        ),
        // Sequences.
        m(
            "sequence left behind",
            "sequence",
            "CREATE SEQUENCE invoice_no;",
            "SELECT 1;",
            "sequence public.invoice_no",
        ),
        m(
            "sequence increment not restored",
            "sequence",
            "ALTER SEQUENCE s INCREMENT 5;",
            "SELECT 1;",
            "sequence public.s",
        ),
        m(
            "sequence cache not restored",
            "sequence",
            "ALTER SEQUENCE s CACHE 20 CYCLE;",
            "ALTER SEQUENCE s NO CYCLE;",
            "sequence public.s",
        ),
        m(
            "sequence type not restored",
            "sequence",
            "ALTER SEQUENCE s AS integer;",
            "SELECT 1;",
            "sequence public.s",
        ),
        m(
            "sequence OWNED BY not restored",
            "sequence",
            "ALTER SEQUENCE tasks_id_seq OWNED BY NONE;",
            "SELECT 1;",
            "sequence public.tasks_id_seq",
        ),
        // Views and materialized views.
        m(
            "view recreated with another filter",
            "view",
            "CREATE OR REPLACE VIEW open_tasks AS SELECT id, title FROM tasks WHERE NOT done AND id > 0;",
            "CREATE OR REPLACE VIEW open_tasks AS SELECT id, title FROM tasks WHERE done IS NOT TRUE;",
            "view public.open_tasks",
        ),
        m(
            "security_barrier left on",
            "view",
            "ALTER VIEW open_tasks SET (security_barrier = true);",
            "SELECT 1;",
            "with public.open_tasks.security_barrier",
        ),
        m(
            "check option set to local instead of reset",
            "view",
            "ALTER VIEW open_tasks SET (check_option = cascaded);",
            "ALTER VIEW open_tasks SET (check_option = local);",
            "with public.open_tasks.check_option",
        ),
        ms(
            "materialized view recreated WITH NO DATA",
            "view",
            MV,
            "DROP MATERIALIZED VIEW mv;",
            "CREATE MATERIALIZED VIEW mv AS SELECT user_id, count(*) AS n FROM tasks GROUP BY user_id WITH NO DATA;",
            "materialized view public.mv",
        ),
        // Types.
        m(
            "enum label left behind",
            "type",
            "ALTER TYPE mood ADD VALUE 'meh';",
            "SELECT 1;",
            "type public.mood",
        ),
        m(
            "enum recreated in another order",
            "type",
            "DROP TYPE mood;",
            "CREATE TYPE mood AS ENUM ('ok', 'sad', 'happy');",
            "type public.mood",
        ),
        ms(
            "domain check re-added with a typo",
            "type",
            DOMAIN,
            "ALTER DOMAIN posint DROP CONSTRAINT posint_check;",
            "ALTER DOMAIN posint ADD CONSTRAINT posint_check CHECK (VALUE > 0);",
            "constraint public.posint.posint_check",
        ),
        ms(
            "domain NOT NULL left",
            "type",
            DOMAIN,
            "ALTER DOMAIN posint SET NOT NULL;",
            "SELECT 1;",
            "type public.posint",
        ),
        ms(
            "domain default set instead of dropped",
            "type",
            DOMAIN,
            "ALTER DOMAIN posint SET DEFAULT 1;",
            "ALTER DOMAIN posint SET DEFAULT 0;",
            "type public.posint",
        ),
        ms(
            "composite attribute re-added at the end",
            "type",
            (
                "CREATE TYPE pair AS (a integer, b text);",
                "DROP TYPE pair;",
            ),
            "ALTER TYPE pair DROP ATTRIBUTE a;",
            "ALTER TYPE pair ADD ATTRIBUTE a integer;",
            "type public.pair",
        ),
        ms(
            "range type recreated without subtype_diff",
            "type",
            (
                "CREATE TYPE floatrange AS RANGE (subtype = float8, subtype_diff = float8mi);",
                "DROP TYPE floatrange;",
            ),
            "DROP TYPE floatrange;",
            "CREATE TYPE floatrange AS RANGE (subtype = float8);",
            "type public.floatrange",
        ),
        // Functions, procedures, aggregates.
        m(
            "function volatility lost by CREATE OR REPLACE",
            "function",
            "CREATE OR REPLACE FUNCTION f() RETURNS integer LANGUAGE sql STABLE STRICT AS $$ SELECT 2 $$;",
            "CREATE OR REPLACE FUNCTION f() RETURNS integer LANGUAGE sql STRICT AS $$ SELECT 1 $$;",
            "function public.f()",
        ),
        m(
            "function strictness lost",
            "function",
            "CREATE OR REPLACE FUNCTION f() RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT 2 $$;",
            "CREATE OR REPLACE FUNCTION f() RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT 1 $$;",
            "function public.f()",
        ),
        m(
            "security definer left",
            "function",
            "ALTER FUNCTION f() SECURITY DEFINER;",
            "SELECT 1;",
            "function public.f()",
        ),
        m(
            "SET search_path left",
            "function",
            "ALTER FUNCTION f() SET search_path = public;",
            "SELECT 1;",
            "set public.f().search_path",
        ),
        m(
            "cost left",
            "function",
            "ALTER FUNCTION f() COST 1000;",
            "SELECT 1;",
            "function public.f()",
        ),
        m(
            "leakproof left",
            "function",
            "ALTER FUNCTION f() LEAKPROOF;",
            "SELECT 1;",
            "function public.f()",
        ),
        m(
            "parallel safety left",
            "function",
            "ALTER FUNCTION f() PARALLEL SAFE;",
            "SELECT 1;",
            "function public.f()",
        ),
        m(
            "function recreated returning bigint",
            "function",
            "DROP VIEW open_tasks; DROP FUNCTION f();",
            "CREATE FUNCTION f() RETURNS bigint LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT 1 $$; CREATE VIEW open_tasks AS SELECT id, title FROM tasks WHERE NOT done;",
            "function public.f()",
        ),
        m(
            "the wrong overload dropped",
            "function",
            "CREATE FUNCTION f(a integer) RETURNS integer LANGUAGE sql AS $$ SELECT a $$;",
            "DROP FUNCTION f();",
            "function public.f()",
        ),
        ms(
            "procedure body left",
            "function",
            (
                "CREATE PROCEDURE p() LANGUAGE sql AS $$ DELETE FROM tasks WHERE done $$;",
                "DROP PROCEDURE p();",
            ),
            "CREATE OR REPLACE PROCEDURE p() LANGUAGE sql AS $$ DELETE FROM tasks WHERE done; DELETE FROM users WHERE name IS NULL $$;",
            "SELECT 1;",
            "procedure public.p()",
        ),
        m(
            "aggregate left behind",
            "aggregate",
            "CREATE AGGREGATE total(integer) (SFUNC = int4pl, STYPE = integer);",
            "SELECT 1;",
            "aggregate public.total(integer)",
        ),
        ms(
            "aggregate recreated without INITCOND",
            "aggregate",
            AGG,
            "DROP AGGREGATE total(integer);",
            "CREATE AGGREGATE total(integer) (SFUNC = int4pl, STYPE = integer);",
            "aggregate public.total(integer)",
        ),
        // Triggers, event triggers, rules.
        ms(
            "trigger left behind",
            "trigger",
            (
                "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;",
                "DROP FUNCTION touch();",
            ),
            "CREATE TRIGGER tasks_touch BEFORE UPDATE ON tasks FOR EACH ROW EXECUTE FUNCTION touch();",
            "SELECT 1;",
            "trigger public.tasks.tasks_touch",
        ),
        ms(
            "trigger recreated without its column list",
            "trigger",
            TRIGGER,
            "DROP TRIGGER tasks_touch ON tasks;",
            "CREATE TRIGGER tasks_touch BEFORE UPDATE ON tasks FOR EACH ROW EXECUTE FUNCTION touch();",
            "trigger public.tasks.tasks_touch",
        ),
        ms(
            "trigger left disabled",
            "trigger",
            TRIGGER,
            "ALTER TABLE tasks DISABLE TRIGGER tasks_touch;",
            "SELECT 1;",
            "trigger public.tasks.tasks_touch",
        ),
        ms(
            "event trigger left behind",
            "event trigger",
            (
                "CREATE FUNCTION on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$;",
                "DROP FUNCTION on_ddl();",
            ),
            "CREATE EVENT TRIGGER et ON ddl_command_end EXECUTE FUNCTION on_ddl();",
            "SELECT 1;",
            "event trigger et",
        ),
        ms(
            "event trigger left disabled",
            "event trigger",
            EVT,
            "ALTER EVENT TRIGGER et DISABLE;",
            "SELECT 1;",
            "event trigger et",
        ),
        m(
            "rule left behind",
            "rule",
            "CREATE RULE no_delete AS ON DELETE TO tasks DO INSTEAD NOTHING;",
            "SELECT 1;",
            "rule public.tasks.no_delete",
        ),
        // Policies.
        m(
            "policy left behind",
            "policy",
            "CREATE POLICY mine ON tasks USING (user_id = 1);",
            "SELECT 1;",
            "policy public.tasks.mine",
        ),
        ms(
            "policy expression not restored",
            "policy",
            POLICY,
            "ALTER POLICY own ON tasks USING (true);",
            "ALTER POLICY own ON tasks USING (user_id > 0);",
            "policy public.tasks.own",
        ),
        ms(
            "policy roles not restored",
            "policy",
            POLICY,
            "ALTER POLICY own ON tasks TO rt_m_reader;",
            "SELECT 1;",
            "policy public.tasks.own",
        ),
        ms(
            "restrictive policy recreated permissive",
            "policy",
            POLICY,
            "DROP POLICY own ON tasks;",
            "CREATE POLICY own ON tasks USING (user_id = 1);",
            "policy public.tasks.own",
        ),
        // Privileges.
        m(
            "table grant left behind",
            "privilege",
            "GRANT SELECT ON tasks TO rt_m_reader;",
            "SELECT 1;",
            "grant rt_m_reader on table public.tasks",
        ),
        m(
            "function revoke not restored",
            "privilege",
            "REVOKE EXECUTE ON FUNCTION f() FROM PUBLIC;",
            "SELECT 1;",
            "revoke PUBLIC on function public.f()",
        ),
        m(
            "column grant left behind",
            "privilege",
            "GRANT UPDATE (title) ON tasks TO rt_m_writer;",
            "SELECT 1;",
            "grant rt_m_writer on column title on table public.tasks",
        ),
        m(
            "sequence grant left behind",
            "privilege",
            "GRANT USAGE ON SEQUENCE tasks_id_seq TO rt_m_writer;",
            "SELECT 1;",
            "grant rt_m_writer on sequence public.tasks_id_seq",
        ),
        m(
            "type usage revoke not restored",
            "privilege",
            "REVOKE USAGE ON TYPE mood FROM PUBLIC;",
            "SELECT 1;",
            "revoke PUBLIC on type public.mood",
        ),
        ms(
            "grant option revoked with the grant itself",
            "privilege",
            ("GRANT SELECT ON tasks TO rt_m_reader;", ""),
            "GRANT SELECT ON tasks TO rt_m_reader WITH GRANT OPTION;",
            "REVOKE SELECT ON tasks FROM rt_m_reader;",
            "grant rt_m_reader on table public.tasks",
        ),
        m(
            "default privileges left behind",
            "privilege",
            "ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO rt_m_reader;",
            "SELECT 1;",
            "default privileges for role CURRENT_USER on tables",
        ),
        m(
            "schema default privileges left behind",
            "privilege",
            "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE ON SEQUENCES TO rt_m_writer;",
            "SELECT 1;",
            "default privileges for role CURRENT_USER in schema public on sequences",
        ),
        // Comments.
        m(
            "table comment not removed",
            "comment",
            "COMMENT ON TABLE tasks IS 'work';",
            "SELECT 1;",
            "table public.tasks",
        ),
        ms(
            "column comment lost",
            "comment",
            ("COMMENT ON COLUMN tasks.title IS 'What to do';", ""),
            "COMMENT ON COLUMN tasks.title IS 'What';",
            "COMMENT ON COLUMN tasks.title IS NULL;",
            "comment on column title of table public.tasks",
        ),
        m(
            "constraint comment left",
            "comment",
            "COMMENT ON CONSTRAINT tasks_pkey ON tasks IS 'id';",
            "SELECT 1;",
            "comment on constraint tasks_pkey of table public.tasks",
        ),
        m(
            "index comment left",
            "comment",
            "COMMENT ON INDEX ix_title IS 'search';",
            "SELECT 1;",
            "comment on index ix_title of table public.tasks",
        ),
        m(
            "function comment left",
            "comment",
            "COMMENT ON FUNCTION f() IS 'one';",
            "SELECT 1;",
            "function public.f()",
        ),
        m(
            "type comment left",
            "comment",
            "COMMENT ON TYPE mood IS 'feelings';",
            "SELECT 1;",
            "type public.mood",
        ),
        m(
            "view column comment left",
            "comment",
            "COMMENT ON COLUMN open_tasks.title IS 'x';",
            "SELECT 1;",
            "comment on column title of view public.open_tasks",
        ),
        ms(
            "domain constraint comment left",
            "comment",
            DOMAIN,
            "COMMENT ON CONSTRAINT posint_check ON DOMAIN posint IS 'non-negative';",
            "SELECT 1;",
            "comment on constraint posint_check of type public.posint",
        ),
        // Collations, text search, publications.
        m(
            "collation left behind",
            "collation",
            "CREATE COLLATION nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);",
            "SELECT 1;",
            "collation public.nocase",
        ),
        ms(
            "collation recreated deterministic",
            "collation",
            (
                "CREATE COLLATION nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);",
                "DROP COLLATION nocase;",
            ),
            "DROP COLLATION nocase;",
            "CREATE COLLATION nocase (provider = icu, locale = 'und-u-ks-level2');",
            "collation public.nocase",
        ),
        ms(
            "text search mapping not restored",
            "text search",
            CFG,
            "ALTER TEXT SEARCH CONFIGURATION cfg ALTER MAPPING FOR asciiword WITH simple;",
            "SELECT 1;",
            "mapping public.cfg.asciiword",
        ),
        m(
            "text search configuration left behind",
            "text search",
            "CREATE TEXT SEARCH CONFIGURATION cfg (COPY = pg_catalog.simple);",
            "SELECT 1;",
            "text search configuration public.cfg",
        ),
        m(
            "publication left behind",
            "publication",
            "CREATE PUBLICATION pub FOR TABLE tasks;",
            "SELECT 1;",
            "publication pub",
        ),
        ms(
            "publication table not removed",
            "publication",
            PUB,
            "ALTER PUBLICATION pub ADD TABLE tasks;",
            "SELECT 1;",
            "table pub.public.tasks",
        ),
        ms(
            "publication truncate forgotten",
            "publication",
            PUB,
            "ALTER PUBLICATION pub SET (publish = 'insert');",
            "ALTER PUBLICATION pub SET (publish = 'insert, update, delete');",
            "publication pub",
        ),
        // Ownership.
        m(
            "table owner not restored",
            "ownership",
            "ALTER TABLE tasks OWNER TO rt_m_owner;",
            "SELECT 1;",
            "table public.tasks",
        ),
        m(
            "function owner not restored",
            "ownership",
            "ALTER FUNCTION f() OWNER TO rt_m_owner;",
            "SELECT 1;",
            "function public.f()",
        ),
        m(
            "type owner not restored",
            "ownership",
            "ALTER TYPE mood OWNER TO rt_m_owner;",
            "SELECT 1;",
            "type public.mood",
        ),
        m(
            "schema owner not restored",
            "ownership",
            "ALTER SCHEMA public OWNER TO rt_m_owner;",
            "SELECT 1;",
            "schema public",
        ),
    ];

    // Correct but tricky round trips: must pass.
    v.extend([
        ok("auto-named foreign key dropped and recreated", "constraint", NONE,
           "ALTER TABLE tasks DROP CONSTRAINT tasks_user_id_fkey;", "ALTER TABLE tasks ADD FOREIGN KEY (user_id) REFERENCES users (id);"),
        ok("serial column recreated", "column", ("CREATE TABLE counters (name text, n serial);", "DROP TABLE counters;"),
           "ALTER TABLE counters DROP COLUMN n;", "ALTER TABLE counters ADD COLUMN n serial;"),
        ok("data migration moves identity and serial positions", "data", NONE,
           "INSERT INTO users (email) VALUES ('a@example.com'), ('b@example.com'); INSERT INTO tasks (user_id, title) SELECT id, 'x' FROM users;",
           "DELETE FROM tasks; DELETE FROM users;"),
        ok("sequence positions differ", "sequence", NONE, "SELECT nextval('s'); SELECT setval('tasks_id_seq', 500);", "SELECT setval('s', 42);"),
        ok("CONCURRENTLY with no-transaction", "index", NONE,
           "-- no-transaction\nCREATE INDEX CONCURRENTLY ix_done ON tasks (done);\n", "-- no-transaction\nDROP INDEX CONCURRENTLY ix_done;\n"),
        ok("rename and rename back", "table", NONE,
           "ALTER TABLE tasks RENAME COLUMN title TO summary; ALTER TABLE tasks RENAME TO todo; ALTER INDEX ix_title RENAME TO ix_summary;",
           "ALTER INDEX ix_summary RENAME TO ix_title; ALTER TABLE todo RENAME TO tasks; ALTER TABLE tasks RENAME COLUMN summary TO title;"),
        ok("dollar-quoted body with semicolons", "function", NONE,
           "CREATE FUNCTION g(a integer) RETURNS integer LANGUAGE plpgsql AS $body$\nDECLARE x integer := 1; y text := ';';\nBEGIN x := x + a; RETURN x; END;\n$body$;",
           "DROP FUNCTION g(integer);"),
        ok("comments inside SQL", "comment", NONE,
           "-- add a column; then an index\nALTER TABLE tasks ADD COLUMN due date; /* semicolon ; inside */\nCREATE INDEX ix_due ON tasks (due); -- trailing; comment",
           "/* undo; */ DROP INDEX ix_due;\n-- and the column\nALTER TABLE tasks DROP COLUMN due;"),
        ok("objects recreated in another order", "index", ("CREATE INDEX ix_a ON tasks (user_id); CREATE INDEX ix_b ON tasks (done);", ""),
           "DROP INDEX ix_a; DROP INDEX ix_b; ALTER TABLE tasks DROP CONSTRAINT tasks_user_id_fkey;",
           "CREATE INDEX ix_b ON tasks (done); ALTER TABLE tasks ADD FOREIGN KEY (user_id) REFERENCES users (id); CREATE INDEX ix_a ON tasks (user_id);"),
        ok("NULL ACL versus explicit default ACL", "privilege", NONE,
           "GRANT SELECT ON tasks TO rt_m_reader; GRANT USAGE ON TYPE mood TO rt_m_reader; GRANT EXECUTE ON FUNCTION f() TO rt_m_reader;",
           "REVOKE SELECT ON tasks FROM rt_m_reader; REVOKE USAGE ON TYPE mood FROM rt_m_reader; REVOKE EXECUTE ON FUNCTION f() FROM rt_m_reader;"),
        ok("revoked and granted back", "privilege", NONE, "REVOKE EXECUTE ON FUNCTION f() FROM PUBLIC;", "GRANT EXECUTE ON FUNCTION f() TO PUBLIC;"),
        ok("grant option and cascade", "privilege", NONE, "GRANT SELECT ON tasks TO rt_m_reader WITH GRANT OPTION;", "REVOKE SELECT ON tasks FROM rt_m_reader CASCADE;"),
        ok("storage parameters set back in another order", "table", ("ALTER TABLE tasks SET (fillfactor = 70, autovacuum_enabled = false);", ""),
           "ALTER TABLE tasks RESET (fillfactor, autovacuum_enabled);", "ALTER TABLE tasks SET (autovacuum_enabled = false, fillfactor = 70);"),
        ok("function SET options back in another order", "function",
           ("ALTER FUNCTION f() SET work_mem = '64MB'; ALTER FUNCTION f() SET search_path = public;", ""),
           "ALTER FUNCTION f() RESET ALL;", "ALTER FUNCTION f() SET search_path = public; ALTER FUNCTION f() SET work_mem = '64MB';"),
        ok("view recreated written differently", "view", NONE, "DROP VIEW open_tasks;",
           "create view OPEN_TASKS as\n  select ID, TITLE\n  from TASKS\n  where not DONE;"),
        ok("enum dropped and recreated", "type", NONE, "DROP TYPE mood;", "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');"),
        ok("index options recreated in another order", "index", ("CREATE INDEX ix_o ON tasks (user_id) WITH (fillfactor = 80, deduplicate_items = off);", ""),
           "DROP INDEX ix_o;", "CREATE INDEX ix_o ON tasks (user_id) WITH (deduplicate_items = off, fillfactor = 80);"),
        ok("partition detached and attached back", "table", EVENTS,
           "ALTER TABLE events DETACH PARTITION events_2024;",
           "ALTER TABLE events ATTACH PARTITION events_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');"),
        ok("policy dropped and recreated", "policy", POLICY, "DROP POLICY own ON tasks;", "CREATE POLICY own ON tasks AS RESTRICTIVE USING (user_id = 1);"),
        ok("trigger dropped and recreated", "trigger", TRIGGER, "DROP TRIGGER tasks_touch ON tasks;",
           "CREATE TRIGGER tasks_touch\n  BEFORE UPDATE OF title\n  ON tasks FOR EACH ROW\n  EXECUTE PROCEDURE touch();"),
        ok("owner changed and changed back", "ownership", NONE, "ALTER TABLE tasks OWNER TO rt_m_owner; ALTER FUNCTION f() OWNER TO rt_m_owner;",
           "ALTER TABLE tasks OWNER TO CURRENT_USER; ALTER FUNCTION f() OWNER TO CURRENT_USER;"),
        ok("extension dropped and recreated", "extension", ("CREATE EXTENSION citext;", "DROP EXTENSION citext;"),
           "DROP EXTENSION citext;", "CREATE EXTENSION citext;"),
        ok("materialized view refreshed", "view", MV, "REFRESH MATERIALIZED VIEW mv;", "SELECT 1;"),
        ok("publication table removed and added back", "publication", PUB, "ALTER PUBLICATION pub DROP TABLE users;", "ALTER PUBLICATION pub ADD TABLE users;"),
        ok("domain check dropped and re-added", "type", DOMAIN, "ALTER DOMAIN posint DROP CONSTRAINT posint_check;",
           "ALTER DOMAIN posint ADD CONSTRAINT posint_check CHECK (VALUE >= 0);"),
        ok("check validated, then re-added NOT VALID", "constraint",
           ("ALTER TABLE tasks ADD CONSTRAINT title_not_blank CHECK (title <> '') NOT VALID;", ""),
           "ALTER TABLE tasks VALIDATE CONSTRAINT title_not_blank;",
           "ALTER TABLE tasks DROP CONSTRAINT title_not_blank; ALTER TABLE tasks ADD CONSTRAINT title_not_blank CHECK (title <> '') NOT VALID;"),
        ok("event trigger disabled and enabled back", "event trigger", EVT, "ALTER EVENT TRIGGER et DISABLE;", "ALTER EVENT TRIGGER et ENABLE;"),
        ok("aggregate replaced and restored", "aggregate", AGG, "DROP AGGREGATE total(integer); CREATE AGGREGATE total(integer) (SFUNC = int4pl, STYPE = integer, INITCOND = '1');",
           "DROP AGGREGATE total(integer); CREATE AGGREGATE total(integer) (SFUNC = int4pl, STYPE = integer, INITCOND = '0');"),
        ok("comment set and set back", "comment", ("COMMENT ON TABLE tasks IS 'work';", ""), "COMMENT ON TABLE tasks IS 'chores';", "COMMENT ON TABLE tasks IS 'work';"),
    ]);

    // Roles: cluster-wide, run one by one after the rest.
    v.extend([
        Case { name: "role created idempotently and left behind", kind: "role", revisions: vec![base(), rev(
            "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'rt_m_left') THEN CREATE ROLE rt_m_left; END IF; END $$; GRANT SELECT ON tasks TO rt_m_left;",
            "REVOKE SELECT ON tasks FROM rt_m_left;")], expect: Expect::Warn("rt_m_left") },
        Case { name: "role left behind with --strict-roles", kind: "role", revisions: vec![base(), rev(
            "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'rt_m_strict') THEN CREATE ROLE rt_m_strict; END IF; END $$;",
            "SELECT 1;")], expect: Expect::StrictRole("rt_m_strict") },
        Case { name: "role created and dropped", kind: "role", revisions: vec![base(), rev(
            "CREATE ROLE rt_m_tmp; GRANT SELECT ON tasks TO rt_m_tmp;",
            "REVOKE SELECT ON tasks FROM rt_m_tmp; DROP ROLE rt_m_tmp;")], expect: Expect::Pass },
    ]);
    v
}

fn uses_roles(case: &Case) -> bool {
    case.kind == "role"
}

/// Writes the case in the flat layout and walks it.
async fn run(server: Arc<Server>, index: usize, case: &Case) -> WalkReport {
    let dir = tempfile::tempdir().unwrap();
    for (i, (up, down)) in case.revisions.iter().enumerate() {
        let stem = format!("{}_r{}", i + 1, i + 1);
        std::fs::write(dir.path().join(format!("{stem}.up.sql")), up).unwrap();
        std::fs::write(dir.path().join(format!("{stem}.down.sql")), down).unwrap();
    }
    let history = common::load(dir.path());
    let options = WalkOptions {
        strict_roles: matches!(case.expect, Expect::StrictRole(_)),
        ..WalkOptions::default()
    };
    walk(&history, &server, &options)
        .await
        .unwrap_or_else(|e| panic!("case {index} ({}): the walk could not run: {e}", case.name))
}

/// `None` when the report matches the expectation, else what went wrong.
fn check(case: &Case, report: &WalkReport) -> Option<String> {
    let findings: Vec<String> = report
        .revisions
        .iter()
        .flat_map(|r| r.findings.iter())
        .map(|f| {
            let paths: Vec<&str> = f.changes.iter().map(|c| c.object.path.as_str()).collect();
            format!(
                "{} {}: {} {paths:?} {:?}",
                f.kind, f.revision, f.message, f.details
            )
        })
        .collect();
    let warned = |role: &str| {
        report
            .warnings()
            .any(|w| w.kind.as_str() == "role-left-behind" && w.message.contains(role))
    };
    match &case.expect {
        Expect::Pass => (!report.passed() || report.warnings().next().is_some()).then(|| {
            format!(
                "false alarm: {findings:#?} warnings {:#?}",
                report.warnings().collect::<Vec<_>>()
            )
        }),
        Expect::Warn(role) => {
            if !report.passed() {
                Some(format!("false alarm: {findings:#?}"))
            } else if !warned(role) {
                Some(format!("missed: no role-left-behind warning for {role}"))
            } else {
                None
            }
        }
        Expect::StrictRole(role) => {
            let r = &report.revisions[1];
            let hit = r
                .findings
                .iter()
                .any(|f| f.kind.as_str() == "role-left-behind" && f.message.contains(role));
            (!hit).then(|| format!("missed: no role-left-behind failure for {role}: {findings:#?}"))
        }
        Expect::Fail(kind, revision, path) => {
            for (i, r) in report.revisions.iter().enumerate() {
                if i + 1 != *revision && !r.findings.is_empty() {
                    return Some(format!("false alarm at revision {}: {findings:#?}", i + 1));
                }
            }
            let Some(r) = report.revisions.get(revision - 1) else {
                return Some(format!("missed: revision {revision} did not run"));
            };
            let Some(f) = r.findings.iter().find(|f| f.kind.as_str() == *kind) else {
                return Some(format!(
                    "missed: no {kind} at revision {revision}: {findings:#?}"
                ));
            };
            if !f.changes.iter().any(|c| c.object.path == *path) {
                return Some(format!("wrong object: expected {path}: {findings:#?}"));
            }
            None
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn mutation_suite() {
    // PG_ROUNDTRIP_MUTATIONS_URL runs the suite on any server (another
    // major, say) through the url backend.
    let (_cluster, _url_server, server) = match std::env::var("PG_ROUNDTRIP_MUTATIONS_URL") {
        Ok(url) => {
            let url_server = pg_roundtrip::db::UrlServer::connect(&url).await.unwrap();
            let server = Arc::new(url_server.server().clone());
            (None, Some(url_server), server)
        }
        Err(_) => {
            let cluster = common::shared().await;
            let server = Arc::new(cluster.server().clone());
            (Some(cluster), None, server)
        }
    };
    println!("mutation suite on {}", server.description);
    {
        let db = server
            .create_database(&format!("roles_{}", std::process::id()))
            .await
            .unwrap();
        let mut conn = db.connect().await.unwrap();
        sqlx::raw_sql(ROLES).execute(&mut conn).await.unwrap();
        drop(conn);
        server.drop_database(&db).await.unwrap();
    }
    let cases = Arc::new(cases());
    let failing = cases
        .iter()
        .filter(|c| !matches!(c.expect, Expect::Pass))
        .count();
    let passing = cases.len() - failing;
    assert!(failing >= 60, "only {failing} mutations");
    assert!(passing >= 20, "only {passing} must-pass cases");

    let mut results: Vec<Option<(usize, Option<String>)>> =
        (0..cases.len()).map(|_| None).collect();
    let mut set = JoinSet::new();
    let concurrent: Vec<usize> = (0..cases.len())
        .filter(|&i| !uses_roles(&cases[i]))
        .collect();
    let serial: Vec<usize> = (0..cases.len())
        .filter(|&i| uses_roles(&cases[i]))
        .collect();
    for i in concurrent {
        while set.len() >= 3 {
            let (i, outcome) = set.join_next().await.unwrap().unwrap();
            results[i] = Some((i, outcome));
        }
        let (server, cases) = (server.clone(), cases.clone());
        set.spawn(async move {
            let report = run(server, i, &cases[i]).await;
            (i, check(&cases[i], &report))
        });
    }
    while let Some(joined) = set.join_next().await {
        let (i, outcome) = joined.unwrap();
        results[i] = Some((i, outcome));
    }
    for i in serial {
        let report = run(server.clone(), i, &cases[i]).await;
        results[i] = Some((i, check(&cases[i], &report)));
    }

    // Score per kind: mutations detected, must-pass cases passed.
    let mut score: BTreeMap<&str, [usize; 4]> = BTreeMap::new();
    let mut problems = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let problem = results[i].as_ref().and_then(|(_, p)| p.clone());
        let row = score.entry(case.kind).or_default();
        let must_pass = matches!(case.expect, Expect::Pass | Expect::Warn(_));
        match (must_pass, &problem) {
            (false, None) => row[0] += 1,
            (false, Some(_)) => row[1] += 1,
            (true, None) => row[2] += 1,
            (true, Some(_)) => row[3] += 1,
        }
        if let Some(p) = problem {
            problems.push(format!("case {} ({}): {p}", i + 1, case.name));
        }
    }
    let mut table = format!(
        "{:<16} {:>8} {:>7} {:>6} {:>12}\n",
        "kind", "detected", "missed", "passed", "false alarms"
    );
    let mut totals = [0usize; 4];
    for (kind, row) in &score {
        table.push_str(&format!(
            "{kind:<16} {:>8} {:>7} {:>6} {:>12}\n",
            row[0], row[1], row[2], row[3]
        ));
        for k in 0..4 {
            totals[k] += row[k];
        }
    }
    table.push_str(&format!(
        "{:<16} {:>8} {:>7} {:>6} {:>12}\n",
        "total", totals[0], totals[1], totals[2], totals[3]
    ));
    println!("{table}");
    assert!(problems.is_empty(), "{table}\n{}", problems.join("\n"));
}

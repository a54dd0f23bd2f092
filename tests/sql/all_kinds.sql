-- One schema that uses every object kind pg-roundtrip compares. Rendered
-- into tests/snapshots/render__all_kinds.snap by tests/render.rs.
-- Roles are cluster-wide: created idempotently, never dropped here.
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'rt_reader') THEN CREATE ROLE rt_reader; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'rt_owner') THEN CREATE ROLE rt_owner; END IF;
END $$;

CREATE SCHEMA app;
COMMENT ON SCHEMA app IS 'Application objects';
GRANT USAGE ON SCHEMA app TO rt_reader;
CREATE SCHEMA ext;
CREATE EXTENSION citext SCHEMA ext;
CREATE EXTENSION hstore SCHEMA ext VERSION '1.7';
COMMENT ON EXTENSION hstore IS 'key/value pairs';

CREATE COLLATION app.nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
COMMENT ON COLLATION app.nocase IS 'Case-insensitive';
CREATE TEXT SEARCH CONFIGURATION app.english_simple (COPY = pg_catalog.english);
ALTER TEXT SEARCH CONFIGURATION app.english_simple ALTER MAPPING FOR asciiword WITH simple;
COMMENT ON TEXT SEARCH CONFIGURATION app.english_simple IS 'Plain words';

CREATE TYPE app.mood AS ENUM ('sad', 'ok', 'happy');
COMMENT ON TYPE app.mood IS 'How people feel';
CREATE TYPE app.pair AS (left_side integer, right_side text COLLATE "C");
COMMENT ON COLUMN app.pair.right_side IS 'The right half';
CREATE DOMAIN app.email AS text COLLATE "C" NOT NULL DEFAULT 'nobody@example.com'
    CONSTRAINT email_has_at CHECK (VALUE LIKE '%@%');
COMMENT ON DOMAIN app.email IS 'An address';
CREATE TYPE app.floatrange AS RANGE (subtype = float8, subtype_diff = float8mi);
GRANT USAGE ON TYPE app.mood TO rt_reader;

CREATE SEQUENCE app.invoice_no AS integer START 1000 INCREMENT 2 MINVALUE 1000 MAXVALUE 999999 CACHE 5 CYCLE;
COMMENT ON SEQUENCE app.invoice_no IS 'Invoice numbers';
GRANT USAGE ON SEQUENCE app.invoice_no TO rt_reader;

CREATE TABLE app.users (
    id bigint GENERATED ALWAYS AS IDENTITY (START WITH 10 INCREMENT BY 5) PRIMARY KEY,
    email app.email UNIQUE,
    name varchar(200) COLLATE app.nocase NOT NULL DEFAULT 'anon',
    mood app.mood,
    score numeric(10,2) CHECK (score >= 0) NO INHERIT,
    bio text COMPRESSION pglz,
    tags ext.hstore,
    email_lower text GENERATED ALWAYS AS (lower(email)) STORED
) WITH (fillfactor = 70, autovacuum_enabled = off);
ALTER TABLE app.users ALTER COLUMN score SET STATISTICS 500;
ALTER TABLE app.users ALTER COLUMN bio SET STORAGE EXTERNAL;
ALTER TABLE app.users ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.users FORCE ROW LEVEL SECURITY;
ALTER TABLE app.users REPLICA IDENTITY FULL;
COMMENT ON TABLE app.users IS 'People';
COMMENT ON COLUMN app.users.email IS 'Where to write';
GRANT SELECT, UPDATE (name) ON app.users TO rt_reader;
CREATE POLICY users_self ON app.users AS RESTRICTIVE FOR UPDATE TO rt_reader
    USING (name = current_user) WITH CHECK (score >= 0);
COMMENT ON POLICY users_self ON app.users IS 'Only yourself';

CREATE TABLE app.tasks (
    id serial PRIMARY KEY,
    user_id bigint NOT NULL,
    title text NOT NULL,
    during tstzrange,
    done_at timestamptz,
    CONSTRAINT tasks_user_fk FOREIGN KEY (user_id) REFERENCES app.users (id)
        MATCH FULL ON DELETE CASCADE ON UPDATE RESTRICT DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT tasks_no_overlap EXCLUDE USING gist (during WITH &&),
    CONSTRAINT tasks_title_unique UNIQUE NULLS NOT DISTINCT (user_id, title)
);
ALTER TABLE app.tasks ADD CONSTRAINT tasks_title_not_blank CHECK (title <> '') NOT VALID;
CREATE INDEX tasks_open ON app.tasks (user_id DESC NULLS LAST, title COLLATE "C" text_pattern_ops)
    INCLUDE (done_at) WITH (fillfactor = 80, deduplicate_items = off) WHERE done_at IS NULL;
CREATE INDEX tasks_lower_title ON app.tasks USING hash (lower(title));
COMMENT ON INDEX app.tasks_open IS 'Open tasks';
CREATE STATISTICS app.tasks_user_title (dependencies, ndistinct) ON title, user_id FROM app.tasks;
ALTER STATISTICS app.tasks_user_title SET STATISTICS 1000;
ALTER STATISTICS app.tasks_user_title OWNER TO rt_owner;
COMMENT ON STATISTICS app.tasks_user_title IS 'Titles go with users';
CREATE STATISTICS public.tasks_lower_title ON (lower(title)) FROM app.tasks;
CREATE STATISTICS app.users_score ON id, (score * 2) FROM app.users;
ALTER TABLE app.tasks OWNER TO rt_owner;
CREATE RULE tasks_no_delete AS ON DELETE TO app.tasks WHERE old.done_at IS NULL DO INSTEAD NOTHING;
COMMENT ON RULE tasks_no_delete ON app.tasks IS 'Keep open tasks';

CREATE UNLOGGED TABLE app.scratch (k text);
CREATE TABLE app.base (created_at timestamptz DEFAULT now());
CREATE TABLE app.child (extra int) INHERITS (app.base);

CREATE TABLE app.events (at date NOT NULL, kind text, payload jsonb) PARTITION BY RANGE (at);
CREATE TABLE app.events_2024 PARTITION OF app.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE app.events_other PARTITION OF app.events DEFAULT;
CREATE TABLE app.by_kind (kind text, n int) PARTITION BY LIST (lower(kind));

CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql
    SET work_mem = '64MB' SET search_path = pg_catalog, app
    AS $$ BEGIN NEW.title := btrim(NEW.title); RETURN NEW; END $$;
COMMENT ON FUNCTION app.touch() IS 'Trims titles';
REVOKE EXECUTE ON FUNCTION app.touch() FROM PUBLIC;
CREATE TRIGGER tasks_touch BEFORE INSERT OR UPDATE OF title ON app.tasks
    FOR EACH ROW WHEN (NEW.title IS NOT NULL) EXECUTE FUNCTION app.touch('x');
ALTER TABLE app.tasks DISABLE TRIGGER tasks_touch;
COMMENT ON TRIGGER tasks_touch ON app.tasks IS 'Keeps titles tidy';

CREATE FUNCTION app.add(a integer, b integer DEFAULT 1) RETURNS integer LANGUAGE sql
    IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF COST 5 RETURN a + b;
CREATE FUNCTION app.user_ids() RETURNS SETOF bigint LANGUAGE sql STABLE ROWS 50
    SECURITY DEFINER BEGIN ATOMIC SELECT id FROM app.users; END;
CREATE PROCEDURE app.archive(IN older_than interval DEFAULT '30 days') LANGUAGE sql
    AS $$ DELETE FROM app.tasks WHERE done_at < now() - older_than $$;
CREATE AGGREGATE app.total(integer) (SFUNC = int4pl, STYPE = integer, INITCOND = '0');
COMMENT ON AGGREGATE app.total(integer) IS 'Sums';

CREATE FUNCTION app.on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE EVENT TRIGGER app_ddl ON ddl_command_end WHEN TAG IN ('CREATE TABLE', 'ALTER TABLE')
    EXECUTE FUNCTION app.on_ddl();
ALTER EVENT TRIGGER app_ddl DISABLE;
COMMENT ON EVENT TRIGGER app_ddl IS 'Watches DDL';

CREATE VIEW app.open_tasks WITH (security_barrier = true) AS
    SELECT id, title FROM app.tasks WHERE done_at IS NULL
    WITH LOCAL CHECK OPTION;
COMMENT ON VIEW app.open_tasks IS 'Not done yet';
COMMENT ON COLUMN app.open_tasks.title IS 'What';
GRANT SELECT ON app.open_tasks TO rt_reader;
CREATE MATERIALIZED VIEW app.task_counts AS
    SELECT user_id, count(*) AS n FROM app.tasks GROUP BY user_id WITH NO DATA;
CREATE UNIQUE INDEX task_counts_user ON app.task_counts (user_id);
COMMENT ON MATERIALIZED VIEW app.task_counts IS 'Per user';

CREATE PUBLICATION app_pub FOR TABLE app.users (id, name) WHERE (id > 0), app.tasks
    WITH (publish = 'insert, update', publish_via_partition_root = true);
COMMENT ON PUBLICATION app_pub IS 'For the warehouse';
CREATE PUBLICATION ext_pub FOR TABLES IN SCHEMA ext;

ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT ON TABLES TO rt_reader;
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;

-- Operators, operator classes and families, casts, transforms,
-- conversions, text search dictionaries, parsers and templates, window
-- functions, base and shell types. Parsers, templates, transforms, window
-- functions and base types need C functions: these name built-in ones
-- (LANGUAGE internal, superuser only).
CREATE FUNCTION app.mood_eq(app.mood, app.mood) RETURNS boolean LANGUAGE sql IMMUTABLE
    AS $$ SELECT $1::text = $2::text $$;
CREATE OPERATOR app.=== (LEFTARG = app.mood, RIGHTARG = app.mood, FUNCTION = app.mood_eq,
    COMMUTATOR = OPERATOR(app.===), NEGATOR = OPERATOR(app.!==), RESTRICT = eqsel, JOIN = eqjoinsel,
    HASHES, MERGES);
COMMENT ON OPERATOR app.=== (app.mood, app.mood) IS 'Same mood';
ALTER OPERATOR app.=== (app.mood, app.mood) OWNER TO rt_owner;
CREATE FUNCTION app.negate(integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT -$1';
CREATE OPERATOR app.~~~ (RIGHTARG = integer, FUNCTION = app.negate);
CREATE FUNCTION app.mood_cmp(app.mood, app.mood) RETURNS integer LANGUAGE sql IMMUTABLE
    AS $$ SELECT 0 $$;
CREATE OPERATOR FAMILY app.mood_fam USING btree;
COMMENT ON OPERATOR FAMILY app.mood_fam USING btree IS 'Moods';
CREATE OPERATOR CLASS app.mood_ops FOR TYPE app.mood USING btree FAMILY app.mood_fam AS
    OPERATOR 3 app.=== , FUNCTION 1 app.mood_cmp(app.mood, app.mood);
COMMENT ON OPERATOR CLASS app.mood_ops USING btree IS 'Sorts moods';
ALTER OPERATOR FAMILY app.mood_fam USING btree ADD
    FUNCTION 4 (app.mood, app.mood) btequalimage(oid);
ALTER OPERATOR FAMILY pg_catalog.enum_ops USING btree ADD
    FUNCTION 1 (app.mood, app.mood) app.mood_cmp(app.mood, app.mood);
CREATE OPERATOR CLASS app.floatrange_ops DEFAULT FOR TYPE app.floatrange USING gist AS
    STORAGE float8, OPERATOR 3 && (anyrange, anyrange), FUNCTION 1 range_gist_consistent(internal, anyrange, smallint, oid, internal);
CREATE FUNCTION app.mood_int(app.mood) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT 1';
CREATE CAST (app.mood AS integer) WITH FUNCTION app.mood_int(app.mood) AS ASSIGNMENT;
COMMENT ON CAST (app.mood AS integer) IS 'Its rank';
CREATE CAST (app.mood AS text) WITH INOUT AS IMPLICIT;
CREATE FUNCTION app.mood_from_sql(internal) RETURNS internal LANGUAGE internal IMMUTABLE STRICT
    AS 'int4recv';
CREATE FUNCTION app.mood_to_sql(internal) RETURNS app.mood LANGUAGE internal IMMUTABLE STRICT
    AS 'int4recv';
CREATE TRANSFORM FOR app.mood LANGUAGE plpgsql (
    FROM SQL WITH FUNCTION app.mood_from_sql(internal),
    TO SQL WITH FUNCTION app.mood_to_sql(internal));
COMMENT ON TRANSFORM FOR app.mood LANGUAGE plpgsql IS 'For PL/pgSQL';
CREATE CONVERSION app.to_latin1 FOR 'UTF8' TO 'LATIN1' FROM utf8_to_iso8859_1;
COMMENT ON CONVERSION app.to_latin1 IS 'Western';
ALTER CONVERSION app.to_latin1 OWNER TO rt_owner;
CREATE TEXT SEARCH TEMPLATE app.plain (INIT = dsimple_init, LEXIZE = dsimple_lexize);
COMMENT ON TEXT SEARCH TEMPLATE app.plain IS 'Simple';
CREATE TEXT SEARCH DICTIONARY app.words (TEMPLATE = app.plain, STOPWORDS = english, Accept = false);
COMMENT ON TEXT SEARCH DICTIONARY app.words IS 'Words';
CREATE TEXT SEARCH PARSER app.tokens (START = prsd_start, GETTOKEN = prsd_nexttoken,
    END = prsd_end, LEXTYPES = prsd_lextype, HEADLINE = prsd_headline);
COMMENT ON TEXT SEARCH PARSER app.tokens IS 'Tokens';
CREATE FUNCTION app.row_no() RETURNS bigint WINDOW LANGUAGE internal AS 'window_row_number';
COMMENT ON FUNCTION app.row_no() IS 'Numbers rows';
CREATE TYPE app.later;
COMMENT ON TYPE app.later IS 'Defined later';
CREATE TYPE app.myint;
CREATE FUNCTION app.myint_in(cstring) RETURNS app.myint LANGUAGE internal IMMUTABLE STRICT AS 'int4in';
CREATE FUNCTION app.myint_out(app.myint) RETURNS cstring LANGUAGE internal IMMUTABLE STRICT AS 'int4out';
CREATE TYPE app.myint (INPUT = app.myint_in, OUTPUT = app.myint_out, INTERNALLENGTH = 4,
    PASSEDBYVALUE, ALIGNMENT = int4, CATEGORY = 'N', DEFAULT = '0');
COMMENT ON TYPE app.myint IS 'A base type';
GRANT USAGE ON TYPE app.myint TO rt_reader;
CREATE CAST (app.myint AS integer) WITHOUT FUNCTION;
CREATE EXTENSION postgres_fdw SCHEMA ext;
CREATE EXTENSION file_fdw SCHEMA ext;
CREATE FOREIGN DATA WRAPPER app_fdw OPTIONS (debug 'true', api_key 'k-123');
COMMENT ON FOREIGN DATA WRAPPER app_fdw IS 'No handler';
GRANT USAGE ON FOREIGN DATA WRAPPER app_fdw TO rt_reader;
CREATE SERVER warehouse TYPE 'pg' VERSION '15' FOREIGN DATA WRAPPER postgres_fdw
    OPTIONS (host 'warehouse.internal', dbname 'dw', sslkey '/etc/ssl/dw.key');
COMMENT ON SERVER warehouse IS 'Reporting copy';
GRANT USAGE ON FOREIGN SERVER warehouse TO rt_reader;
CREATE USER MAPPING FOR rt_reader SERVER warehouse OPTIONS (user 'reader', password 'hunter2');
CREATE USER MAPPING FOR PUBLIC SERVER warehouse;
CREATE FOREIGN TABLE app.remote_users (id integer OPTIONS (column_name 'user_id') NOT NULL, email text)
    SERVER warehouse OPTIONS (schema_name 'public', table_name 'users');
COMMENT ON FOREIGN TABLE app.remote_users IS 'Lives in the warehouse';
GRANT SELECT ON app.remote_users TO rt_reader;
CREATE SERVER files FOREIGN DATA WRAPPER file_fdw;
CREATE FOREIGN TABLE app.imports (line text) SERVER files OPTIONS (filename '/dev/null', format 'text');

CREATE SUBSCRIPTION app_sub CONNECTION 'host=upstream dbname=app user=repl password=s3cret'
    PUBLICATION app_pub, other_pub WITH (connect = false, binary = true);
COMMENT ON SUBSCRIPTION app_sub IS 'From upstream';

CREATE TRUSTED LANGUAGE app_pl HANDLER plpgsql_call_handler
    INLINE plpgsql_inline_handler VALIDATOR plpgsql_validator;
COMMENT ON LANGUAGE app_pl IS 'plpgsql under another name';
REVOKE USAGE ON LANGUAGE app_pl FROM PUBLIC;

CREATE ACCESS METHOD app_hash TYPE INDEX HANDLER hashhandler;
COMMENT ON ACCESS METHOD app_hash IS 'hash under another name';

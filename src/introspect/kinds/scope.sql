-- The scope of every kind query, written once: which objects an inspection
-- shows at all. Composed in front of each query in kinds/ as its WITH
-- clause; a query reads the scope_* rows instead of the raw catalog and adds
-- only its own conditions. Every CTE is NOT MATERIALIZED, so a query plans as
-- if the join were written out in it; a CTE a query does not read costs
-- nothing. $1: the bookkeeping table names (BOOKKEEPING_TABLES plus
-- --ignore-table), matched in every schema.
-- Left out everywhere:
--   system schemas: pg_catalog, pg_toast, pg_temp_N, pg_toast_temp_N and
--     every other pg_* name (users may not create such schemas), and
--     information_schema;
--   extension members (pg_depend deptype 'e'), checked on the object itself
--     (an index or column of a member relation goes with the relation);
--   migration tools' bookkeeping tables (relkind r, p, by name), and with
--     them their columns, constraints, indexes, triggers, policies, rules
--     and statistics objects (the kind queries read relations through
--     scope_class).
-- Functions also leave out internal parts of another object (deptype 'i':
-- the constructors of a range or multirange type).
user_namespace AS NOT MATERIALIZED (
    SELECT n.oid, n.nspname
    FROM pg_namespace n
    WHERE n.nspname NOT LIKE 'pg\_%'
      AND n.nspname <> 'information_schema'),
extension_member AS NOT MATERIALIZED (
    SELECT d.classid, d.objid
    FROM pg_depend d
    WHERE d.deptype = 'e'),
bookkeeping_table AS NOT MATERIALIZED (
    SELECT b.name
    FROM unnest($1::text[]) AS b(name)),
scope_namespace AS NOT MATERIALIZED (
    SELECT n.*
    FROM pg_namespace n
    JOIN user_namespace un ON un.oid = n.oid
    WHERE NOT EXISTS (
            SELECT FROM extension_member e
            WHERE e.classid = 'pg_namespace'::regclass AND e.objid = n.oid)),
scope_class AS NOT MATERIALIZED (
    SELECT c.*, un.nspname
    FROM pg_class c
    JOIN user_namespace un ON un.oid = c.relnamespace
    WHERE NOT (c.relkind IN ('r', 'p')
               AND EXISTS (SELECT FROM bookkeeping_table b WHERE b.name = c.relname))
      AND NOT EXISTS (
            SELECT FROM extension_member e
            WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid)
      -- incremental.rs: only the anchors that changed
      ),
scope_type AS NOT MATERIALIZED (
    SELECT t.*, un.nspname
    FROM pg_type t
    JOIN user_namespace un ON un.oid = t.typnamespace
    WHERE NOT EXISTS (
            SELECT FROM extension_member e
            WHERE e.classid = 'pg_type'::regclass AND e.objid = t.oid)),
scope_proc AS NOT MATERIALIZED (
    SELECT p.*, un.nspname
    FROM pg_proc p
    JOIN user_namespace un ON un.oid = p.pronamespace
    WHERE NOT EXISTS (
            SELECT FROM pg_depend d
            WHERE d.classid = 'pg_proc'::regclass
              AND d.objid = p.oid
              AND d.deptype IN ('e', 'i'))),
scope_collation AS NOT MATERIALIZED (
    SELECT co.*, un.nspname
    FROM pg_collation co
    JOIN user_namespace un ON un.oid = co.collnamespace
    WHERE NOT EXISTS (
            SELECT FROM extension_member e
            WHERE e.classid = 'pg_collation'::regclass AND e.objid = co.oid)),
scope_ts_config AS NOT MATERIALIZED (
    SELECT cfg.*, un.nspname
    FROM pg_ts_config cfg
    JOIN user_namespace un ON un.oid = cfg.cfgnamespace
    WHERE NOT EXISTS (
            SELECT FROM extension_member e
            WHERE e.classid = 'pg_ts_config'::regclass AND e.objid = cfg.oid)),
scope_statistic_ext AS NOT MATERIALIZED (
    SELECT st.*, un.nspname
    FROM pg_statistic_ext st
    JOIN user_namespace un ON un.oid = st.stxnamespace
    WHERE NOT EXISTS (
            SELECT FROM extension_member e
            WHERE e.classid = 'pg_statistic_ext'::regclass AND e.objid = st.oid)),
scope_event_trigger AS NOT MATERIALIZED (
    SELECT et.*
    FROM pg_event_trigger et
    WHERE NOT EXISTS (
            SELECT FROM extension_member e
            WHERE e.classid = 'pg_event_trigger'::regclass AND e.objid = et.oid))
,
-- Foreign data wrappers and servers, procedural languages and access
-- methods: database-wide, so only extension members are left out (and,
-- for languages and access methods, the built-in ones: OID below
-- FirstNormalObjectId).
scope_foreign_data_wrapper AS NOT MATERIALIZED (
    SELECT w.*
    FROM pg_foreign_data_wrapper w
    WHERE NOT EXISTS (
            SELECT FROM extension_member e
            WHERE e.classid = 'pg_foreign_data_wrapper'::regclass AND e.objid = w.oid)),
scope_foreign_server AS NOT MATERIALIZED (
    SELECT s.*
    FROM pg_foreign_server s
    WHERE NOT EXISTS (
            SELECT FROM extension_member e
            WHERE e.classid = 'pg_foreign_server'::regclass AND e.objid = s.oid)),
scope_language AS NOT MATERIALIZED (
    SELECT l.*
    FROM pg_language l
    WHERE l.oid >= 16384
      AND NOT EXISTS (
            SELECT FROM extension_member e
            WHERE e.classid = 'pg_language'::regclass AND e.objid = l.oid)),
scope_am AS NOT MATERIALIZED (
    SELECT am.*
    FROM pg_am am
    WHERE am.oid >= 16384
      AND NOT EXISTS (
            SELECT FROM extension_member e
            WHERE e.classid = 'pg_am'::regclass AND e.objid = am.oid))

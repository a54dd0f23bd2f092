-- The scope of every kind query, written once: which objects an inspection
-- shows at all. Composed in front of each query in kinds/ as its WITH
-- clause; a query reads the scope_* rows instead of the raw catalog and adds
-- only its own conditions. Every CTE is NOT MATERIALIZED, so a query plans as
-- if the join were written out in it; a CTE a query does not read costs
-- nothing. $1: the tables left out (the layout's bookkeeping tables plus
-- --exclude-table), each a quoted name for parse_ident: "schema"."name" in
-- that schema (the bookkeeping tables in the session's current schema, see
-- options.rs), or "name" in every schema.
-- Left out everywhere:
--   system schemas: pg_catalog, pg_toast, pg_temp_N, pg_toast_temp_N and
--     every other pg_* name (users may not create such schemas), and
--     information_schema;
--   extension members (pg_depend deptype 'e'), checked on the object itself
--     (an index or column of a member relation goes with the relation);
--   migration tools' bookkeeping tables (relkind r, p, by schema and name), and with
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
    SELECT CASE WHEN cardinality(q.ident) = 2 THEN q.ident[1] END AS nspname,
           q.ident[cardinality(q.ident)] AS relname
    FROM (SELECT parse_ident(b.qualified) AS ident
          FROM unnest($1::text[]) AS b(qualified)) q),
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
               AND EXISTS (SELECT FROM bookkeeping_table b
                           WHERE b.relname = c.relname
                             AND (b.nspname IS NULL OR b.nspname = un.nspname)))
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
            WHERE e.classid = 'pg_event_trigger'::regclass AND e.objid = et.oid)),
scope_operator AS NOT MATERIALIZED (
    SELECT o.*, un.nspname
    FROM pg_operator o
    JOIN user_namespace un ON un.oid = o.oprnamespace
    WHERE NOT EXISTS (
            SELECT FROM extension_member e
            WHERE e.classid = 'pg_operator'::regclass AND e.objid = o.oid)),
scope_opfamily AS NOT MATERIALIZED (
    SELECT opf.*, un.nspname
    FROM pg_opfamily opf
    JOIN user_namespace un ON un.oid = opf.opfnamespace
    WHERE NOT EXISTS (
            SELECT FROM extension_member e
            WHERE e.classid = 'pg_opfamily'::regclass AND e.objid = opf.oid)),
scope_opclass AS NOT MATERIALIZED (
    SELECT opc.*, un.nspname
    FROM pg_opclass opc
    JOIN user_namespace un ON un.oid = opc.opcnamespace
    WHERE NOT EXISTS (
            SELECT FROM extension_member e
            WHERE e.classid = 'pg_opclass'::regclass AND e.objid = opc.oid)),
scope_conversion AS NOT MATERIALIZED (
    SELECT cv.*, un.nspname
    FROM pg_conversion cv
    JOIN user_namespace un ON un.oid = cv.connamespace
    WHERE NOT EXISTS (
            SELECT FROM extension_member e
            WHERE e.classid = 'pg_conversion'::regclass AND e.objid = cv.oid)),
scope_ts_dict AS NOT MATERIALIZED (
    SELECT dict.*, un.nspname
    FROM pg_ts_dict dict
    JOIN user_namespace un ON un.oid = dict.dictnamespace
    WHERE NOT EXISTS (
            SELECT FROM extension_member e
            WHERE e.classid = 'pg_ts_dict'::regclass AND e.objid = dict.oid)),
scope_ts_parser AS NOT MATERIALIZED (
    SELECT prs.*, un.nspname
    FROM pg_ts_parser prs
    JOIN user_namespace un ON un.oid = prs.prsnamespace
    WHERE NOT EXISTS (
            SELECT FROM extension_member e
            WHERE e.classid = 'pg_ts_parser'::regclass AND e.objid = prs.oid)),
scope_ts_template AS NOT MATERIALIZED (
    SELECT tmpl.*, un.nspname
    FROM pg_ts_template tmpl
    JOIN user_namespace un ON un.oid = tmpl.tmplnamespace
    WHERE NOT EXISTS (
            SELECT FROM extension_member e
            WHERE e.classid = 'pg_ts_template'::regclass AND e.objid = tmpl.oid)),
-- Casts and transforms have no schema: a cast is a user object when it was
-- not made by initdb (OID >= FirstNormalObjectId, 16384), as pg_dump
-- decides; no transform is made by initdb. Casts that are an internal part
-- of another object (a range type's cast to its multirange) are left out
-- with it.
scope_cast AS NOT MATERIALIZED (
    SELECT ca.*
    FROM pg_cast ca
    WHERE ca.oid >= 16384
      AND NOT EXISTS (
            SELECT FROM pg_depend d
            WHERE d.classid = 'pg_cast'::regclass
              AND d.objid = ca.oid
              AND d.deptype IN ('e', 'i'))),
scope_transform AS NOT MATERIALIZED (
    SELECT trf.*
    FROM pg_transform trf
    WHERE NOT EXISTS (
            SELECT FROM extension_member e
            WHERE e.classid = 'pg_transform'::regclass AND e.objid = trf.oid))
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

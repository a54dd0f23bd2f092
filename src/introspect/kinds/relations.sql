-- Reads: ordinary and partitioned tables (relkind r, p), views (v),
-- materialized views (m) and foreign tables (f, with their server and
-- options from pg_foreign_table; a value whose name contains pass, secret,
-- key or token read as its md5, computed here): kind, pg_get_viewdef (pretty) for views, owner
-- (NULL when it is the inspecting role, i.e. the role that runs the
-- migrations), persistence, partition key (pg_get_partkeydef), the parent
-- and bound of a partition, inheritance parents in inhseqno order, storage
-- parameters (reloptions, sorted: their order carries no meaning), row
-- level security (enabled, forced), replica identity (NULL for the
-- default), tablespace (NULL for the database default), access method
-- (NULL for heap or none), whether a materialized view is populated, comment.
-- Excludes: what scope.sql leaves out (system schemas, extension members,
-- bookkeeping tables).
SELECT c.oid::int8 AS anchor,
       quote_ident(c.nspname) AS schema,
       quote_ident(c.relname) AS name,
       c.relkind::text AS kind,
       CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid, true) END AS definition,
       nullif(quote_ident(pg_get_userbyid(c.relowner)), quote_ident(current_user)) AS owner,
       c.relpersistence = 'u' AS unlogged,
       CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partition_key,
       CASE WHEN c.relispartition THEN
            (SELECT quote_ident(pn.nspname) || '.' || quote_ident(pc.relname)
             FROM pg_inherits i
             JOIN pg_class pc ON pc.oid = i.inhparent
             JOIN pg_namespace pn ON pn.oid = pc.relnamespace
             WHERE i.inhrelid = c.oid) END AS partition_of,
       CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END AS partition_bound,
       ARRAY(SELECT quote_ident(pn.nspname) || '.' || quote_ident(pc.relname)
             FROM pg_inherits i
             JOIN pg_class pc ON pc.oid = i.inhparent
             JOIN pg_namespace pn ON pn.oid = pc.relnamespace
             WHERE i.inhrelid = c.oid AND NOT c.relispartition
             ORDER BY i.inhseqno) AS inherits,
       ARRAY(SELECT o FROM unnest(c.reloptions) o ORDER BY o) AS options,
       c.relrowsecurity AS row_security,
       c.relforcerowsecurity AS force_row_security,
       CASE WHEN c.relkind IN ('r', 'p') THEN
            CASE c.relreplident
                 WHEN 'd' THEN NULL
                 WHEN 'n' THEN 'nothing'
                 WHEN 'f' THEN 'full'
                 WHEN 'i' THEN 'using index ' || coalesce(
                      (SELECT quote_ident(ic.relname)
                       FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
                       WHERE i.indrelid = c.oid AND i.indisreplident), '?')
                 ELSE 'unknown ' || c.relreplident::text
            END END AS replica_identity,
       (SELECT quote_ident(ts.spcname) FROM pg_tablespace ts WHERE ts.oid = c.reltablespace) AS tablespace,
       (SELECT quote_ident(am.amname) FROM pg_am am
        WHERE am.oid = c.relam AND am.amname <> 'heap') AS access_method,
       c.relispopulated AS populated,
       (SELECT obj_comment.description FROM pg_description obj_comment WHERE obj_comment.objoid = c.oid AND obj_comment.classoid = 'pg_class'::regclass AND obj_comment.objsubid = 0) AS comment,
       (SELECT quote_ident(fs.srvname)
        FROM pg_foreign_table ft JOIN pg_foreign_server fs ON fs.oid = ft.ftserver
        WHERE ft.ftrelid = c.oid) AS foreign_server,
       coalesce((SELECT json_object_agg(o.option_name,
                        CASE WHEN o.option_name ~* '(pass|secret|key|token)'
                             THEN json_build_object('secret', md5(o.option_value))
                             ELSE json_build_object('plain', o.option_value) END
                        ORDER BY o.option_name)
                 FROM pg_foreign_table ft, pg_options_to_table(ft.ftoptions) o
                 WHERE ft.ftrelid = c.oid), '{}') AS foreign_options
FROM scope_class c
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')

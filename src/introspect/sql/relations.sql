-- Reads: ordinary and partitioned tables (relkind r, p), views (v) and
-- materialized views (m): kind, pg_get_viewdef (pretty) for views, comment.
-- Excludes: system schemas and information_schema, relations that are
-- members of an extension (pg_depend deptype 'e'), and tables whose name is
-- in $1 (migration tools' bookkeeping tables, in any schema).
SELECT quote_ident(n.nspname) AS schema,
       quote_ident(c.relname) AS name,
       c.relkind::text AS kind,
       CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid, true) END AS definition,
       obj_description(c.oid, 'pg_class') AS comment
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm')
  AND n.nspname NOT LIKE 'pg\_%'
  AND n.nspname <> 'information_schema'
  AND NOT (c.relkind IN ('r', 'p') AND c.relname = ANY ($1::text[]))
  AND NOT EXISTS (
        SELECT FROM pg_depend d
        WHERE d.classid = 'pg_class'::regclass
          AND d.objid = c.oid
          AND d.deptype = 'e')

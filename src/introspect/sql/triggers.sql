-- Reads: triggers of tables (relkind r, p) and views (v), with
-- pg_get_triggerdef(oid, true), whether and when they fire (tgenabled) and
-- comment.
-- Excludes: internal triggers (tgisinternal: those implementing foreign keys
-- and deferrable constraints), and the triggers of every relation
-- relations.sql excludes (same filters).
SELECT quote_ident(n.nspname) AS schema,
       quote_ident(c.relname) AS relation,
       quote_ident(t.tgname) AS name,
       pg_get_triggerdef(t.oid, true) AS definition,
       CASE t.tgenabled
            WHEN 'O' THEN 'origin'
            WHEN 'D' THEN 'disabled'
            WHEN 'R' THEN 'replica'
            WHEN 'A' THEN 'always'
       END AS enabled,
       obj_description(t.oid, 'pg_trigger') AS comment
FROM pg_trigger t
JOIN pg_class c ON c.oid = t.tgrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE NOT t.tgisinternal
  AND c.relkind IN ('r', 'p', 'v')
  AND n.nspname NOT LIKE 'pg\_%'
  AND n.nspname <> 'information_schema'
  AND NOT (c.relkind IN ('r', 'p') AND c.relname = ANY ($1::text[]))
  AND NOT EXISTS (
        SELECT FROM pg_depend d
        WHERE d.classid = 'pg_class'::regclass
          AND d.objid = c.oid
          AND d.deptype = 'e')

-- Reads: triggers of tables (relkind r, p), views (v) and foreign tables (f), with
-- pg_get_triggerdef(oid, true), whether and when they fire (tgenabled) and
-- comment.
-- Excludes: internal triggers (tgisinternal: those implementing foreign keys
-- and deferrable constraints), and the triggers of every relation
-- scope.sql leaves out.
SELECT c.oid::int8 AS anchor,
       quote_ident(c.nspname) AS schema,
       quote_ident(c.relname) AS relation,
       quote_ident(t.tgname) AS name,
       pg_get_triggerdef(t.oid, true) AS definition,
       CASE t.tgenabled
            WHEN 'O' THEN 'origin'
            WHEN 'D' THEN 'disabled'
            WHEN 'R' THEN 'replica'
            WHEN 'A' THEN 'always'
       END AS enabled,
       (SELECT obj_comment.description FROM pg_description obj_comment WHERE obj_comment.objoid = t.oid AND obj_comment.classoid = 'pg_trigger'::regclass AND obj_comment.objsubid = 0) AS comment
FROM pg_trigger t
JOIN scope_class c ON c.oid = t.tgrelid
WHERE NOT t.tgisinternal
  AND c.relkind IN ('r', 'p', 'v', 'f')

-- Reads: rewrite rules (pg_rewrite) of tables, views and materialized views:
-- pg_get_ruledef (pretty), whether and when they fire (ev_enabled), comment.
-- Excludes: the _RETURN rule of views and materialized views (that is the
-- view's definition), and the rules of every relation scope.sql leaves out.
SELECT c.oid::int8 AS anchor,
       quote_ident(c.nspname) AS schema,
       quote_ident(c.relname) AS relation,
       quote_ident(r.rulename) AS name,
       pg_get_ruledef(r.oid, true) AS definition,
       CASE r.ev_enabled
            WHEN 'O' THEN 'origin' WHEN 'D' THEN 'disabled'
            WHEN 'R' THEN 'replica' WHEN 'A' THEN 'always'
            ELSE 'unknown ' || r.ev_enabled::text
       END AS enabled,
       (SELECT obj_comment.description FROM pg_description obj_comment WHERE obj_comment.objoid = r.oid AND obj_comment.classoid = 'pg_rewrite'::regclass AND obj_comment.objsubid = 0) AS comment
FROM pg_rewrite r
JOIN scope_class c ON c.oid = r.ev_class
WHERE r.rulename <> '_RETURN'
  AND c.relkind IN ('r', 'p', 'v', 'm')

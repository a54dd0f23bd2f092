-- Reads: indexes of tables (relkind r, p) and materialized views (m), with
-- pg_get_indexdef (its WITH (…) storage parameters put in sorted order:
-- their order carries no meaning; printed the way pg_get_indexdef prints
-- them, a value bare when it is a plain identifier, else a literal; its
-- tablespace, which pg_get_indexdef leaves out, appended as TABLESPACE x
-- when it is not the database's default), validity (indisvalid: an invalid index
-- is what a failed CREATE INDEX CONCURRENTLY leaves behind) and comment.
-- Excludes: indexes that implement a primary key, unique or exclusion
-- constraint (pg_constraint.conindid on the same table; the constraint
-- already describes them), and the indexes of every relation scope.sql
-- leaves out.
SELECT c.oid::int8 AS anchor,
       quote_ident(c.nspname) AS schema,
       quote_ident(c.relname) AS relation,
       quote_ident(ic.relname) AS name,
       CASE WHEN ic.reloptions IS NULL THEN pg_get_indexdef(i.indexrelid)
            ELSE replace(pg_get_indexdef(i.indexrelid),
                         ' WITH (' || (SELECT string_agg(split_part(o, '=', 1) || '=' || CASE WHEN quote_ident(substr(o, strpos(o, '=') + 1)) = substr(o, strpos(o, '=') + 1) THEN substr(o, strpos(o, '=') + 1) ELSE quote_literal(substr(o, strpos(o, '=') + 1)) END, ', ' ORDER BY k)
                                        FROM unnest(ic.reloptions) WITH ORDINALITY AS x(o, k)) || ')',
                         ' WITH (' || (SELECT string_agg(split_part(o, '=', 1) || '=' || CASE WHEN quote_ident(substr(o, strpos(o, '=') + 1)) = substr(o, strpos(o, '=') + 1) THEN substr(o, strpos(o, '=') + 1) ELSE quote_literal(substr(o, strpos(o, '=') + 1)) END, ', ' ORDER BY o)
                                        FROM unnest(ic.reloptions) AS x(o)) || ')')
       END || coalesce(' TABLESPACE ' || (SELECT quote_ident(ts.spcname) FROM pg_tablespace ts
                                           WHERE ts.oid = ic.reltablespace), '') AS definition,
       i.indisvalid AS valid,
       (SELECT obj_comment.description FROM pg_description obj_comment WHERE obj_comment.objoid = i.indexrelid AND obj_comment.classoid = 'pg_class'::regclass AND obj_comment.objsubid = 0) AS comment
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN scope_class c ON c.oid = i.indrelid
WHERE c.relkind IN ('r', 'p', 'm')
  AND NOT EXISTS (
        SELECT FROM pg_constraint con
        WHERE con.conindid = i.indexrelid
          AND con.conrelid = i.indrelid
          AND con.contype IN ('p', 'u', 'x'))

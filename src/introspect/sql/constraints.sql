-- Reads: table constraints of kind p (primary key), u (unique),
-- f (foreign key), c (check), x (exclusion), with
-- pg_get_constraintdef(oid, true) and comment.
-- Excludes: NOT NULL constraints (contype 'n', PostgreSQL 18+; the column's
-- not_null already says it, and leaving them out keeps 15, 17 and 18
-- identical), constraint triggers (t), domain constraints, and the
-- constraints of every table relations.sql excludes (same filters).
SELECT quote_ident(n.nspname) AS schema,
       quote_ident(c.relname) AS relation,
       quote_ident(con.conname) AS name,
       con.contype::text AS kind,
       pg_get_constraintdef(con.oid, true) AS definition,
       obj_description(con.oid, 'pg_constraint') AS comment
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE con.contype IN ('p', 'u', 'f', 'c', 'x')
  AND c.relkind IN ('r', 'p')
  AND n.nspname NOT LIKE 'pg\_%'
  AND n.nspname <> 'information_schema'
  AND NOT (c.relname = ANY ($1::text[]))
  AND NOT EXISTS (
        SELECT FROM pg_depend d
        WHERE d.classid = 'pg_class'::regclass
          AND d.objid = c.oid
          AND d.deptype = 'e')

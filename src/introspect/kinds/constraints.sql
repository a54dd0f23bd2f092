-- Reads: table (and foreign table) constraints of kind p (primary key), u (unique),
-- f (foreign key), c (check), x (exclusion), with
-- pg_get_constraintdef(oid, true) (with USING INDEX TABLESPACE x appended
-- when the index of a primary key, unique or exclusion constraint is not
-- in the database's default tablespace) and comment.
-- Excludes: NOT NULL constraints (contype 'n', PostgreSQL 18+; the column's
-- not_null already says it, and leaving them out keeps 15, 17 and 18
-- identical), constraint triggers (t), domain constraints, and the
-- constraints of every table scope.sql leaves out.
SELECT c.oid::int8 AS anchor,
       quote_ident(c.nspname) AS schema,
       quote_ident(c.relname) AS relation,
       quote_ident(con.conname) AS name,
       con.contype::text AS kind,
       pg_get_constraintdef(con.oid, true)
       || coalesce(' USING INDEX TABLESPACE ' || (SELECT quote_ident(ts.spcname)
                                                  FROM pg_class ic JOIN pg_tablespace ts ON ts.oid = ic.reltablespace
                                                  WHERE ic.oid = con.conindid AND con.contype IN ('p', 'u', 'x')), '') AS definition,
       (SELECT obj_comment.description FROM pg_description obj_comment WHERE obj_comment.objoid = con.oid AND obj_comment.classoid = 'pg_constraint'::regclass AND obj_comment.objsubid = 0) AS comment
FROM pg_constraint con
JOIN scope_class c ON c.oid = con.conrelid
WHERE con.contype IN ('p', 'u', 'f', 'c', 'x')
  AND c.relkind IN ('r', 'p', 'f')

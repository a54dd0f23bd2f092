-- Reads: sequences (relkind S) with their parameters from pg_sequence
-- (type, start, increment, min, max, cache, cycle), the column that owns
-- them (pg_depend deptype 'a' for OWNED BY and serial, 'i' for identity
-- columns) rendered as schema.table.column, owner (NULL when it is the
-- inspecting role), persistence (unlogged) and comment. Never the position
-- (last_value, is_called): it legitimately differs between equal schemas.
-- Excludes: what scope.sql leaves out (system schemas, extension members),
-- and sequences owned by a column of a table left out as a bookkeeping
-- table (by schema and name).
SELECT c.oid::int8 AS anchor,
       quote_ident(c.nspname) AS schema,
       quote_ident(c.relname) AS name,
       format_type(s.seqtypid, NULL) AS data_type,
       s.seqstart AS start,
       s.seqincrement AS increment,
       s.seqmin AS min,
       s.seqmax AS max,
       s.seqcache AS cache,
       s.seqcycle AS cycle,
       owner.owned_by,
       nullif(quote_ident(pg_get_userbyid(c.relowner)), quote_ident(current_user)) AS owner,
       c.relpersistence = 'u' AS unlogged,
       (SELECT obj_comment.description FROM pg_description obj_comment WHERE obj_comment.objoid = c.oid AND obj_comment.classoid = 'pg_class'::regclass AND obj_comment.objsubid = 0) AS comment
FROM pg_sequence s
JOIN scope_class c ON c.oid = s.seqrelid
LEFT JOIN LATERAL (
        SELECT quote_ident(tn.nspname) || '.' || quote_ident(tc.relname)
                 || '.' || quote_ident(ta.attname) AS owned_by,
               tc.relname AS table_name,
               tn.nspname AS table_schema
        FROM pg_depend d
        JOIN pg_class tc ON tc.oid = d.refobjid
        JOIN pg_namespace tn ON tn.oid = tc.relnamespace
        JOIN pg_attribute ta ON ta.attrelid = d.refobjid AND ta.attnum = d.refobjsubid
        WHERE d.classid = 'pg_class'::regclass
          AND d.objid = c.oid
          AND d.refclassid = 'pg_class'::regclass
          AND d.refobjsubid > 0
          AND d.deptype IN ('a', 'i')
        LIMIT 1) owner ON true
WHERE c.relkind = 'S'
  AND NOT EXISTS (SELECT FROM bookkeeping_table b
                  WHERE b.relname = owner.table_name
                    AND (b.nspname IS NULL OR b.nspname = owner.table_schema))

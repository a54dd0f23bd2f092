-- Reads: the live columns of the relations relations.sql reads (tables,
-- views, materialized views, foreign tables): type (format_type), collation when it differs
-- from the type's default, NOT NULL, default (pg_get_expr), identity,
-- generation expression and kind (s stored, v virtual on PostgreSQL 18),
-- storage when it differs from the type's, compression (empty = default),
-- statistics target when set (-1 up to 16, NULL from 17 mean "default"),
-- comment, a foreign table column's options (attfdwoptions, by name; a
-- value whose name contains pass, secret, key or token read as its md5,
-- computed here). On PostgreSQL 18, where NOT NULL is also a constraint
-- (contype 'n'), what that constraint adds beyond attnotnull: its name when
-- it is not the default <table>_<column>_not_null (inherited constraints,
-- e.g. a partition's, carry their parent's name and are not named), NOT
-- VALID, NO INHERIT
-- (NULL otherwise, and always NULL before 18, so that equal schemas render
-- the same on 15, 17 and 18).
-- Excludes: dropped columns (attisdropped) and system columns (attnum <= 0),
-- and the columns of every relation scope.sql leaves out.
-- Order: attnum (position) within each relation; the caller sorts by it and
-- numbers live columns by rank, so dropped columns leave no gap.
SELECT c.oid::int8 AS anchor,
       quote_ident(c.nspname) AS schema,
       quote_ident(c.relname) AS relation,
       quote_ident(a.attname) AS name,
       a.attnum AS position,
       format_type(a.atttypid, a.atttypmod) AS data_type,
       CASE WHEN a.attcollation <> t.typcollation
            THEN a.attcollation::regcollation::text END AS collation,
       a.attnotnull AS not_null,
       (SELECT nullif(concat_ws(' ',
                   CASE WHEN con.conislocal
                         AND con.conname <> c.relname || '_' || a.attname || '_not_null'
                        THEN 'constraint ' || quote_ident(con.conname) END,
                   CASE WHEN NOT con.convalidated THEN 'not valid' END,
                   CASE WHEN con.connoinherit THEN 'no inherit' END), '')
        FROM pg_constraint con
        WHERE con.conrelid = c.oid AND con.contype = 'n' AND con.conkey = ARRAY[a.attnum]::int2[]
        LIMIT 1) AS not_null_detail,
       CASE WHEN a.attgenerated = '' THEN pg_get_expr(ad.adbin, ad.adrelid) END AS default_expr,
       a.attidentity::text AS identity,
       CASE WHEN a.attgenerated <> '' THEN pg_get_expr(ad.adbin, ad.adrelid) END AS generated,
       a.attgenerated::text AS generated_kind,
       CASE WHEN a.attstorage <> t.typstorage THEN a.attstorage::text END AS storage,
       a.attcompression::text AS compression,
       nullif(a.attstattarget::int4, -1) AS statistics,
       (SELECT col_comment.description FROM pg_description col_comment WHERE col_comment.objoid = c.oid AND col_comment.classoid = 'pg_class'::regclass AND col_comment.objsubid = a.attnum) AS comment,
       coalesce((SELECT json_object_agg(o.option_name,
                        CASE WHEN o.option_name ~* '(pass|secret|key|token)'
                             THEN json_build_object('secret', md5(o.option_value))
                             ELSE json_build_object('plain', o.option_value) END
                        ORDER BY o.option_name)
                 FROM pg_options_to_table(a.attfdwoptions) o), '{}') AS options
FROM pg_attribute a
JOIN scope_class c ON c.oid = a.attrelid
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
WHERE a.attnum > 0
  AND NOT a.attisdropped
  AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
ORDER BY a.attrelid, a.attnum

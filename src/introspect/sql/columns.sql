-- Reads: the live columns of the relations relations.sql reads (tables,
-- views, materialized views): type (format_type), collation when it differs
-- from the type's default, NOT NULL, default (pg_get_expr), identity,
-- generation expression, comment.
-- Excludes: dropped columns (attisdropped) and system columns (attnum <= 0),
-- and the columns of every relation relations.sql excludes (same filters).
-- Order: attnum within each relation; the rank among live columns is the
-- position in the result, so dropped columns leave no gap. Only the order
-- inside one relation matters (rows are grouped by relation afterwards).
SELECT quote_ident(n.nspname) AS schema,
       quote_ident(c.relname) AS relation,
       quote_ident(a.attname) AS name,
       format_type(a.atttypid, a.atttypmod) AS data_type,
       CASE WHEN a.attcollation <> t.typcollation
            THEN a.attcollation::regcollation::text END AS collation,
       a.attnotnull AS not_null,
       CASE WHEN a.attgenerated = '' THEN pg_get_expr(ad.adbin, ad.adrelid) END AS default_expr,
       a.attidentity::text AS identity,
       CASE WHEN a.attgenerated <> '' THEN pg_get_expr(ad.adbin, ad.adrelid) END AS generated,
       col_description(c.oid, a.attnum) AS comment
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
WHERE a.attnum > 0
  AND NOT a.attisdropped
  AND c.relkind IN ('r', 'p', 'v', 'm')
  AND n.nspname NOT LIKE 'pg\_%'
  AND n.nspname <> 'information_schema'
  AND NOT (c.relkind IN ('r', 'p') AND c.relname = ANY ($1::text[]))
  AND NOT EXISTS (
        SELECT FROM pg_depend d
        WHERE d.classid = 'pg_class'::regclass
          AND d.objid = c.oid
          AND d.deptype = 'e')
ORDER BY a.attrelid, a.attnum

-- Reads: enum types (typtype 'e') with their labels in enumsortorder, and
-- standalone composite types (typtype 'c' whose relation is relkind 'c')
-- with their attributes (name, format_type) in order; and comments.
-- Excludes: the row types of tables and views (their relation is not
-- relkind 'c'), base types, domains, ranges, pseudo-types and implicit
-- array types in this version, system schemas and information_schema, and
-- types that are members of an extension.
SELECT quote_ident(n.nspname) AS schema,
       quote_ident(t.typname) AS name,
       t.typtype::text AS kind,
       ARRAY(SELECT e.enumlabel::text
             FROM pg_enum e
             WHERE e.enumtypid = t.oid
             ORDER BY e.enumsortorder) AS labels,
       ARRAY(SELECT quote_ident(a.attname)
             FROM pg_attribute a
             WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped
             ORDER BY a.attnum) AS attribute_names,
       ARRAY(SELECT format_type(a.atttypid, a.atttypmod)
                    || CASE WHEN a.attcollation <> 0 AND a.attcollation <> at.typcollation
                            THEN ' collate ' || a.attcollation::regcollation::text ELSE '' END
             FROM pg_attribute a
             JOIN pg_type at ON at.oid = a.atttypid
             WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped
             ORDER BY a.attnum) AS attribute_types,
       obj_description(t.oid, 'pg_type') AS comment
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
LEFT JOIN pg_class c ON c.oid = t.typrelid
WHERE (t.typtype = 'e' OR (t.typtype = 'c' AND c.relkind = 'c'))
  AND n.nspname NOT LIKE 'pg\_%'
  AND n.nspname <> 'information_schema'
  AND NOT EXISTS (
        SELECT FROM pg_depend d
        WHERE d.classid = 'pg_type'::regclass
          AND d.objid = t.oid
          AND d.deptype = 'e')

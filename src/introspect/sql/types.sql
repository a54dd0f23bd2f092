-- Reads: enum types (typtype 'e') with their labels in enumsortorder, and
-- comment.
-- Excludes: every other kind of type in this version (base, composite and
-- the row types of tables and views, domains, ranges, pseudo-types, and
-- implicit array types), system schemas and information_schema, and types
-- that are members of an extension.
SELECT quote_ident(n.nspname) AS schema,
       quote_ident(t.typname) AS name,
       ARRAY(SELECT e.enumlabel::text
             FROM pg_enum e
             WHERE e.enumtypid = t.oid
             ORDER BY e.enumsortorder) AS labels,
       obj_description(t.oid, 'pg_type') AS comment
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE t.typtype = 'e'
  AND n.nspname NOT LIKE 'pg\_%'
  AND n.nspname <> 'information_schema'
  AND NOT EXISTS (
        SELECT FROM pg_depend d
        WHERE d.classid = 'pg_type'::regclass
          AND d.objid = t.oid
          AND d.deptype = 'e')

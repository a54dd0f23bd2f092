-- Reads: collations created in user schemas (pg_collation): provider,
-- deterministic, LC_COLLATE, LC_CTYPE, ICU/builtin locale and ICU rules
-- (read through to_jsonb because the columns moved between majors:
-- colliculocale up to 16, colllocale from 17, collicurules from 16), owner
-- (NULL when it is the inspecting role), comment. Never collversion: it
-- records the library version, not the schema.
-- Excludes: what scope.sql leaves out (system schemas, extension members).
SELECT quote_ident(co.nspname) AS schema,
       quote_ident(co.collname) AS name,
       CASE co.collprovider WHEN 'c' THEN 'libc' WHEN 'i' THEN 'icu' WHEN 'b' THEN 'builtin'
            WHEN 'd' THEN 'default' ELSE co.collprovider::text END AS provider,
       co.collisdeterministic AS deterministic,
       to_jsonb(co) ->> 'collcollate' AS lc_collate,
       to_jsonb(co) ->> 'collctype' AS lc_ctype,
       coalesce(to_jsonb(co) ->> 'colllocale', to_jsonb(co) ->> 'colliculocale') AS locale,
       to_jsonb(co) ->> 'collicurules' AS rules,
       nullif(quote_ident(pg_get_userbyid(co.collowner)), quote_ident(current_user)) AS owner,
       (SELECT obj_comment.description FROM pg_description obj_comment WHERE obj_comment.objoid = co.oid AND obj_comment.classoid = 'pg_collation'::regclass AND obj_comment.objsubid = 0) AS comment
FROM scope_collation co

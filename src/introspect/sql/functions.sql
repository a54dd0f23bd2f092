-- Reads: functions (prokind 'f') and procedures ('p'), keyed by
-- quote_ident(name) || '(' || identity arguments || ')': arguments with
-- modes and defaults, result (NULL for procedures), language, volatility,
-- strictness, SECURITY DEFINER, LEAKPROOF, parallel safety, cost, rows
-- (set-returning functions only), SET options (proconfig; sorted by the
-- caller), body (prosrc, or the server's rendering of a SQL-standard
-- BEGIN ATOMIC body), comment.
-- Excludes: aggregates (a) and window functions (w) in this version, system
-- schemas and information_schema, and functions that are members of an
-- extension.
SELECT quote_ident(n.nspname) AS schema,
       quote_ident(p.proname) || '(' || pg_get_function_identity_arguments(p.oid) || ')' AS name,
       p.prokind::text AS kind,
       pg_get_function_arguments(p.oid) AS arguments,
       CASE WHEN p.prokind = 'f' THEN pg_get_function_result(p.oid) END AS result,
       l.lanname::text AS language,
       CASE p.provolatile
            WHEN 'i' THEN 'immutable'
            WHEN 's' THEN 'stable'
            ELSE 'volatile'
       END AS volatility,
       p.proisstrict AS strict,
       p.prosecdef AS security_definer,
       p.proleakproof AS leakproof,
       CASE p.proparallel
            WHEN 's' THEN 'safe'
            WHEN 'r' THEN 'restricted'
            ELSE 'unsafe'
       END AS parallel,
       p.procost::text AS cost,
       CASE WHEN p.proretset THEN p.prorows::text END AS rows,
       coalesce(p.proconfig, '{}') AS config,
       CASE WHEN p.prosqlbody IS NOT NULL
            THEN pg_get_function_sqlbody(p.oid)
            ELSE p.prosrc
       END AS body,
       obj_description(p.oid, 'pg_proc') AS comment
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
JOIN pg_language l ON l.oid = p.prolang
WHERE p.prokind IN ('f', 'p')
  AND n.nspname NOT LIKE 'pg\_%'
  AND n.nspname <> 'information_schema'
  AND NOT EXISTS (
        SELECT FROM pg_depend d
        WHERE d.classid = 'pg_proc'::regclass
          AND d.objid = p.oid
          AND d.deptype = 'e')

-- Reads: functions (prokind 'f'), procedures ('p'), aggregates ('a') and
-- window functions ('w': CREATE FUNCTION … WINDOW, which any language
-- accepts, though only C and internal ones can run as one),
-- keyed by quote_ident(name) || '(' || identity arguments || ')': arguments
-- with modes and defaults, result (NULL for procedures), language,
-- volatility, strictness, SECURITY DEFINER, LEAKPROOF, parallel safety,
-- cost, rows (set-returning functions only), SET options (proconfig; sorted
-- by the caller), body (prosrc, or the server's rendering of a SQL-standard
-- BEGIN ATOMIC body), owner (NULL when it is the inspecting role), and for
-- aggregates their definition from pg_aggregate (kind, direct arguments,
-- state function and type, final, combine, serial/deserial and moving-
-- aggregate functions, initial values, sort operator), comment.
-- Excludes: what scope.sql leaves
-- out (system schemas, extension members, and functions that are an
-- internal part of another object: the constructors of a range or
-- multirange type).
SELECT quote_ident(p.nspname) AS schema,
       quote_ident(p.proname) || '(' || pg_get_function_identity_arguments(p.oid) || ')' AS name,
       p.prokind::text AS kind,
       pg_get_function_arguments(p.oid) AS arguments,
       CASE WHEN p.prokind <> 'p' THEN pg_get_function_result(p.oid) END AS result,
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
       nullif(quote_ident(pg_get_userbyid(p.proowner)), quote_ident(current_user)) AS owner,
       (SELECT concat_ws(' ',
                CASE ag.aggkind WHEN 'o' THEN 'ordered-set' WHEN 'h' THEN 'hypothetical-set' END,
                CASE WHEN ag.aggnumdirectargs > 0 THEN 'direct_args ' || ag.aggnumdirectargs END,
                'sfunc ' || ag.aggtransfn::regproc::text,
                'stype ' || format_type(ag.aggtranstype, NULL),
                CASE WHEN ag.aggtransspace <> 0 THEN 'sspace ' || ag.aggtransspace END,
                CASE WHEN ag.aggfinalfn <> 0 THEN 'finalfunc ' || ag.aggfinalfn::regproc::text END,
                CASE WHEN ag.aggfinalextra THEN 'finalfunc_extra' END,
                CASE WHEN ag.aggfinalfn <> 0 THEN 'finalfunc_modify ' || ag.aggfinalmodify::text END,
                CASE WHEN ag.aggcombinefn <> 0 THEN 'combinefunc ' || ag.aggcombinefn::regproc::text END,
                CASE WHEN ag.aggserialfn <> 0 THEN 'serialfunc ' || ag.aggserialfn::regproc::text END,
                CASE WHEN ag.aggdeserialfn <> 0 THEN 'deserialfunc ' || ag.aggdeserialfn::regproc::text END,
                CASE WHEN ag.agginitval IS NOT NULL THEN 'initcond ' || quote_literal(ag.agginitval) END,
                CASE WHEN ag.aggmtransfn <> 0 THEN 'msfunc ' || ag.aggmtransfn::regproc::text
                     || ' minvfunc ' || ag.aggminvtransfn::regproc::text
                     || ' mstype ' || format_type(ag.aggmtranstype, NULL) END,
                CASE WHEN ag.aggmtransspace <> 0 THEN 'msspace ' || ag.aggmtransspace END,
                CASE WHEN ag.aggmfinalfn <> 0 THEN 'mfinalfunc ' || ag.aggmfinalfn::regproc::text END,
                CASE WHEN ag.aggmfinalextra THEN 'mfinalfunc_extra' END,
                CASE WHEN ag.aggmtransfn <> 0 THEN 'mfinalfunc_modify ' || ag.aggmfinalmodify::text END,
                CASE WHEN ag.aggminitval IS NOT NULL THEN 'minitcond ' || quote_literal(ag.aggminitval) END,
                CASE WHEN ag.aggsortop <> 0 THEN 'sortop ' || ag.aggsortop::regoperator::text END)
        FROM pg_aggregate ag WHERE ag.aggfnoid = p.oid) AS aggregate,
       (SELECT obj_comment.description FROM pg_description obj_comment WHERE obj_comment.objoid = p.oid AND obj_comment.classoid = 'pg_proc'::regclass AND obj_comment.objsubid = 0) AS comment
FROM scope_proc p
JOIN pg_language l ON l.oid = p.prolang
WHERE p.prokind IN ('f', 'p', 'a', 'w')

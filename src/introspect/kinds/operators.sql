-- Reads: operators in user schemas (pg_operator), keyed by
-- name(left type, right type) (NONE for a prefix operator's left side):
-- implementing function, result type, commutator and negator (regoperator),
-- restriction and join estimators, HASHES, MERGES, owner (NULL when it is
-- the inspecting role), comment. A shell operator (named as another's
-- commutator or negator but never defined) has no function and no result.
-- Excludes: what scope.sql leaves out (system schemas, extension members).
SELECT quote_ident(o.nspname) AS schema,
       o.oprname || '('
           || CASE WHEN o.oprleft = 0 THEN 'NONE' ELSE format_type(o.oprleft, NULL) END
           || ', ' || format_type(o.oprright, NULL) || ')' AS name,
       nullif(o.oprcode, 0)::regprocedure::text AS function,
       CASE WHEN o.oprresult <> 0 THEN format_type(o.oprresult, NULL) END AS result,
       nullif(o.oprcom, 0)::regoperator::text AS commutator,
       nullif(o.oprnegate, 0)::regoperator::text AS negator,
       nullif(o.oprrest, 0)::regproc::text AS restrict,
       nullif(o.oprjoin, 0)::regproc::text AS join_estimator,
       o.oprcanhash AS hashes,
       o.oprcanmerge AS merges,
       nullif(quote_ident(pg_get_userbyid(o.oprowner)), quote_ident(current_user)) AS owner,
       (SELECT obj_comment.description FROM pg_description obj_comment WHERE obj_comment.objoid = o.oid AND obj_comment.classoid = 'pg_operator'::regclass AND obj_comment.objsubid = 0) AS comment
FROM scope_operator o

-- Reads: text search parsers in user schemas (pg_ts_parser): start,
-- gettoken, end, lextypes and headline functions (regproc), comment.
-- Parsers have no owner.
-- Excludes: what scope.sql leaves out (system schemas, extension members).
SELECT quote_ident(prs.nspname) AS schema,
       quote_ident(prs.prsname) AS name,
       prs.prsstart::regproc::text AS start,
       prs.prstoken::regproc::text AS gettoken,
       prs.prsend::regproc::text AS end_function,
       prs.prslextype::regproc::text AS lextypes,
       nullif(prs.prsheadline, 0)::regproc::text AS headline,
       (SELECT obj_comment.description FROM pg_description obj_comment WHERE obj_comment.objoid = prs.oid AND obj_comment.classoid = 'pg_ts_parser'::regclass AND obj_comment.objsubid = 0) AS comment
FROM scope_ts_parser prs

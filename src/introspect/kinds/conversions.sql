-- Reads: conversions in user schemas (pg_conversion): source and
-- destination encodings by name, function (regproc), DEFAULT, owner (NULL
-- when it is the inspecting role), comment.
-- Excludes: what scope.sql leaves out (system schemas, extension members).
SELECT quote_ident(cv.nspname) AS schema,
       quote_ident(cv.conname) AS name,
       pg_encoding_to_char(cv.conforencoding)::text AS from_encoding,
       pg_encoding_to_char(cv.contoencoding)::text AS to_encoding,
       cv.conproc::regproc::text AS function,
       cv.condefault AS is_default,
       nullif(quote_ident(pg_get_userbyid(cv.conowner)), quote_ident(current_user)) AS owner,
       (SELECT obj_comment.description FROM pg_description obj_comment WHERE obj_comment.objoid = cv.oid AND obj_comment.classoid = 'pg_conversion'::regclass AND obj_comment.objsubid = 0) AS comment
FROM scope_conversion cv

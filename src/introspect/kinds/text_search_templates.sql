-- Reads: text search templates in user schemas (pg_ts_template): init
-- (when set) and lexize functions (regproc), comment. Templates have no
-- owner.
-- Excludes: what scope.sql leaves out (system schemas, extension members).
SELECT quote_ident(tmpl.nspname) AS schema,
       quote_ident(tmpl.tmplname) AS name,
       nullif(tmpl.tmplinit, 0)::regproc::text AS init,
       tmpl.tmpllexize::regproc::text AS lexize,
       (SELECT obj_comment.description FROM pg_description obj_comment WHERE obj_comment.objoid = tmpl.oid AND obj_comment.classoid = 'pg_ts_template'::regclass AND obj_comment.objsubid = 0) AS comment
FROM scope_ts_template tmpl

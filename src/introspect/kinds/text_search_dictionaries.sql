-- Reads: text search dictionaries in user schemas (pg_ts_dict): template
-- (schema.name), options (dictinitoption as the server wrote it: `name =
-- 'value'` pairs, split and sorted by the caller), owner (NULL when it is
-- the inspecting role), comment.
-- Excludes: what scope.sql leaves out (system schemas, extension members).
SELECT quote_ident(dict.nspname) AS schema,
       quote_ident(dict.dictname) AS name,
       (SELECT quote_ident(tn.nspname) || '.' || quote_ident(t.tmplname)
        FROM pg_ts_template t JOIN pg_namespace tn ON tn.oid = t.tmplnamespace
        WHERE t.oid = dict.dicttemplate) AS template,
       dict.dictinitoption AS options,
       nullif(quote_ident(pg_get_userbyid(dict.dictowner)), quote_ident(current_user)) AS owner,
       (SELECT obj_comment.description FROM pg_description obj_comment WHERE obj_comment.objoid = dict.oid AND obj_comment.classoid = 'pg_ts_dict'::regclass AND obj_comment.objsubid = 0) AS comment
FROM scope_ts_dict dict

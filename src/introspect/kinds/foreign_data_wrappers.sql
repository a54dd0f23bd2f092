-- Reads: foreign data wrappers (pg_foreign_data_wrapper): handler and
-- validator (regproc; NULL for none), options (by name; a value whose name
-- contains pass, secret, key or token is read as its md5 computed here,
-- never as itself), owner (NULL when it is the inspecting role), comment.
-- Excludes: what scope.sql leaves out (extension members: postgres_fdw's
-- and file_fdw's own wrappers).
SELECT quote_ident(w.fdwname) AS name,
       nullif(w.fdwhandler, 0)::regproc::text AS handler,
       nullif(w.fdwvalidator, 0)::regproc::text AS validator,
       coalesce((SELECT json_object_agg(o.option_name,
                        CASE WHEN o.option_name ~* '(pass|secret|key|token)'
                             THEN json_build_object('secret', md5(o.option_value))
                             ELSE json_build_object('plain', o.option_value) END
                        ORDER BY o.option_name)
                 FROM pg_options_to_table(w.fdwoptions) o), '{}') AS options,
       nullif(quote_ident(pg_get_userbyid(w.fdwowner)), quote_ident(current_user)) AS owner,
       (SELECT obj_comment.description FROM pg_description obj_comment WHERE obj_comment.objoid = w.oid AND obj_comment.classoid = 'pg_foreign_data_wrapper'::regclass AND obj_comment.objsubid = 0) AS comment
FROM scope_foreign_data_wrapper w

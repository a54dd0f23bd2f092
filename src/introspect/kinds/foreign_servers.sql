-- Reads: foreign servers (pg_foreign_server): wrapper, type, version,
-- options, user mappings (pg_user_mappings: the user, PUBLIC for none, and
-- CURRENT_USER for the inspecting role, and its options, which that view shows to the server's owner and to
-- superusers), owner (NULL when it is the inspecting role), comment. An
-- option whose name contains pass, secret, key or token (password,
-- passfile, sslkey, sslpassword, …) is read as its md5, computed here:
-- compared, never shown.
-- Excludes: what scope.sql leaves out (extension members).
SELECT quote_ident(s.srvname) AS name,
       quote_ident(w.fdwname) AS wrapper,
       s.srvtype AS server_type,
       s.srvversion AS version,
       coalesce((SELECT json_object_agg(o.option_name,
                        CASE WHEN o.option_name ~* '(pass|secret|key|token)'
                             THEN json_build_object('secret', md5(o.option_value))
                             ELSE json_build_object('plain', o.option_value) END
                        ORDER BY o.option_name)
                 FROM pg_options_to_table(s.srvoptions) o), '{}') AS options,
       coalesce((SELECT json_object_agg(
                        CASE WHEN um.umuser = 0 THEN 'PUBLIC'
                             WHEN um.usename = current_user THEN 'CURRENT_USER'
                             ELSE quote_ident(um.usename) END,
                        coalesce((SELECT json_object_agg(o.option_name,
                                         CASE WHEN o.option_name ~* '(pass|secret|key|token)'
                                              THEN json_build_object('secret', md5(o.option_value))
                                              ELSE json_build_object('plain', o.option_value) END
                                         ORDER BY o.option_name)
                                  FROM pg_options_to_table(um.umoptions) o), '{}')
                        ORDER BY um.usename)
                 FROM pg_user_mappings um
                 WHERE um.srvid = s.oid), '{}') AS user_mappings,
       nullif(quote_ident(pg_get_userbyid(s.srvowner)), quote_ident(current_user)) AS owner,
       (SELECT obj_comment.description FROM pg_description obj_comment WHERE obj_comment.objoid = s.oid AND obj_comment.classoid = 'pg_foreign_server'::regclass AND obj_comment.objsubid = 0) AS comment
FROM scope_foreign_server s
JOIN pg_foreign_data_wrapper w ON w.oid = s.srvfdw

-- Reads: text search configurations (pg_ts_config) in user schemas: parser,
-- token mappings (token type alias → dictionaries in mapseqno order, sorted
-- by alias), owner (NULL when it is the inspecting role), comment.
-- Excludes: what scope.sql leaves out (system schemas, extension members).
SELECT quote_ident(cfg.nspname) AS schema,
       quote_ident(cfg.cfgname) AS name,
       (SELECT quote_ident(pn.nspname) || '.' || quote_ident(prs.prsname)
        FROM pg_ts_parser prs JOIN pg_namespace pn ON pn.oid = prs.prsnamespace
        WHERE prs.oid = cfg.cfgparser) AS parser,
       ARRAY(SELECT tt.alias || ' ' || string_agg(m.mapdict::regdictionary::text, ', ' ORDER BY m.mapseqno)
             FROM pg_ts_config_map m
             JOIN ts_token_type(cfg.cfgparser) tt ON tt.tokid = m.maptokentype
             WHERE m.mapcfg = cfg.oid
             GROUP BY tt.alias
             ORDER BY tt.alias) AS mappings,
       nullif(quote_ident(pg_get_userbyid(cfg.cfgowner)), quote_ident(current_user)) AS owner,
       (SELECT obj_comment.description FROM pg_description obj_comment WHERE obj_comment.objoid = cfg.oid AND obj_comment.classoid = 'pg_ts_config'::regclass AND obj_comment.objsubid = 0) AS comment
FROM scope_ts_config cfg

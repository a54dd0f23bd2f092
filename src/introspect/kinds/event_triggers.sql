-- Reads: event triggers (pg_event_trigger): event, tags (sorted), function
-- (regprocedure), whether and when they fire, owner (NULL when it is the
-- inspecting role), comment.
-- Excludes: what scope.sql leaves out (extension members).
SELECT quote_ident(e.evtname) AS name,
       e.evtevent::text AS event,
       ARRAY(SELECT tag FROM unnest(e.evttags) tag ORDER BY tag) AS tags,
       e.evtfoid::regprocedure::text AS function,
       CASE e.evtenabled
            WHEN 'O' THEN 'origin' WHEN 'D' THEN 'disabled'
            WHEN 'R' THEN 'replica' WHEN 'A' THEN 'always'
            ELSE 'unknown ' || e.evtenabled::text
       END AS enabled,
       nullif(quote_ident(pg_get_userbyid(e.evtowner)), quote_ident(current_user)) AS owner,
       (SELECT obj_comment.description FROM pg_description obj_comment WHERE obj_comment.objoid = e.oid AND obj_comment.classoid = 'pg_event_trigger'::regclass AND obj_comment.objsubid = 0) AS comment
FROM scope_event_trigger e

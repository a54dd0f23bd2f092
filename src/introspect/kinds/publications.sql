-- Reads: publications (pg_publication): all tables, published operations,
-- publish_via_partition_root, generated columns (PostgreSQL 18, through
-- to_jsonb; NULL before), tables (sorted; with their column list and row
-- filter), schemas (sorted), owner (NULL when it is the inspecting role),
-- comment.
-- Excludes: nothing (publications belong to the database).
SELECT quote_ident(p.pubname) AS name,
       p.puballtables AS all_tables,
       concat_ws(', ',
                 CASE WHEN p.pubinsert THEN 'insert' END,
                 CASE WHEN p.pubupdate THEN 'update' END,
                 CASE WHEN p.pubdelete THEN 'delete' END,
                 CASE WHEN p.pubtruncate THEN 'truncate' END) AS publish,
       p.pubviaroot AS via_root,
       CASE to_jsonb(p) ->> 'pubgencols'
            WHEN 'n' THEN NULL WHEN 's' THEN 'stored'
            ELSE to_jsonb(p) ->> 'pubgencols'
       END AS generated_columns,
       ARRAY(SELECT quote_ident(tn.nspname) || '.' || quote_ident(tc.relname)
                    || coalesce(' (' || (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum)
                                         FROM pg_attribute a
                                         WHERE a.attrelid = pr.prrelid AND a.attnum = ANY (pr.prattrs)) || ')', '')
                    || coalesce(' WHERE (' || pg_get_expr(pr.prqual, pr.prrelid) || ')', '')
             FROM pg_publication_rel pr
             JOIN pg_class tc ON tc.oid = pr.prrelid
             JOIN pg_namespace tn ON tn.oid = tc.relnamespace
             WHERE pr.prpubid = p.oid
             ORDER BY 1) AS tables,
       ARRAY(SELECT quote_ident(sn.nspname)
             FROM pg_publication_namespace pn
             JOIN pg_namespace sn ON sn.oid = pn.pnnspid
             WHERE pn.pnpubid = p.oid
             ORDER BY 1) AS schemas,
       nullif(quote_ident(pg_get_userbyid(p.pubowner)), quote_ident(current_user)) AS owner,
       (SELECT obj_comment.description FROM pg_description obj_comment WHERE obj_comment.objoid = p.oid AND obj_comment.classoid = 'pg_publication'::regclass AND obj_comment.objsubid = 0) AS comment
FROM pg_publication p

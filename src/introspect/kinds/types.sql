-- Reads: user-defined types: enums (typtype 'e') with their labels in
-- enumsortorder; standalone composite types (typtype 'c' whose relation is
-- relkind 'c') with their attributes (name, format_type, collation) in
-- order and the comments on them (from pg_description, sorted by name); domains ('d') with base type, collation when it differs from the
-- base type's, default, NOT NULL and named CHECK constraints (name,
-- pg_get_constraintdef, comment; sorted by name); range types ('r') with
-- subtype, subtype operator class, collation, canonical and subtype_diff
-- functions and multirange type name. Owner (NULL when it is the inspecting
-- role) and comment for all.
-- Base types ('b', not an implicit array: CREATE TYPE name (INPUT = …)):
-- their definition from pg_type in one line, the non-default properties
-- (I/O, receive/send, typmod, analyze and subscript functions, internal
-- length, by value, alignment, storage, category, preferred, default,
-- element, delimiter, collatable). Shell types ('p' in a user schema:
-- CREATE TYPE name;).
-- Excludes: the row types of tables and views (their relation is not
-- relkind 'c'), implicit array types (of base types too) and
-- multiranges (they come with their range), domain NOT NULL constraints
-- (contype 'n' on PostgreSQL 17+; typnotnull already says it), and what
-- scope.sql leaves out (system schemas, extension members).
SELECT quote_ident(t.nspname) AS schema,
       quote_ident(t.typname) AS name,
       t.typtype::text AS kind,
       nullif(quote_ident(pg_get_userbyid(t.typowner)), quote_ident(current_user)) AS owner,
       ARRAY(SELECT e.enumlabel::text
             FROM pg_enum e
             WHERE e.enumtypid = t.oid
             ORDER BY e.enumsortorder) AS labels,
       ARRAY(SELECT quote_ident(a.attname)
             FROM pg_attribute a
             WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped
             ORDER BY a.attnum) AS attribute_names,
       ARRAY(SELECT format_type(a.atttypid, a.atttypmod)
                    || CASE WHEN a.attcollation <> 0 AND a.attcollation <> at.typcollation
                            THEN ' collate ' || a.attcollation::regcollation::text ELSE '' END
             FROM pg_attribute a
             JOIN pg_type at ON at.oid = a.atttypid
             WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped
             ORDER BY a.attnum) AS attribute_types,
       coalesce((SELECT json_agg(json_build_array(quote_ident(a.attname), d.description)
                                 ORDER BY quote_ident(a.attname))
                 FROM pg_attribute a
                 JOIN pg_description d ON d.objoid = a.attrelid AND d.classoid = 'pg_class'::regclass
                                      AND d.objsubid = a.attnum
                 WHERE a.attrelid = t.typrelid AND t.typtype = 'c' AND a.attnum > 0 AND NOT a.attisdropped),
                '[]') AS attribute_comments,
       CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END AS base_type,
       CASE WHEN t.typtype = 'd' AND t.typcollation <> bt.typcollation
            THEN t.typcollation::regcollation::text END AS collation,
       CASE WHEN t.typtype = 'd' THEN pg_get_expr(t.typdefaultbin, 0) END AS default_expr,
       t.typnotnull AS not_null,
       coalesce((SELECT json_agg(json_build_object(
                        'name', quote_ident(con.conname),
                        'definition', pg_get_constraintdef(con.oid, true),
                        'comment', (SELECT obj_comment.description FROM pg_description obj_comment WHERE obj_comment.objoid = con.oid AND obj_comment.classoid = 'pg_constraint'::regclass AND obj_comment.objsubid = 0))
                        ORDER BY con.conname)
                 FROM pg_constraint con
                 WHERE con.contypid = t.oid AND con.contype = 'c'), '[]') AS checks,
       format_type(r.rngsubtype, NULL) AS subtype,
       (SELECT quote_ident(ocn.nspname) || '.' || quote_ident(oc.opcname)
        FROM pg_opclass oc JOIN pg_namespace ocn ON ocn.oid = oc.opcnamespace
        WHERE oc.oid = r.rngsubopc) AS subtype_opclass,
       CASE WHEN r.rngcollation <> 0 THEN r.rngcollation::regcollation::text END AS range_collation,
       nullif(r.rngcanonical, 0)::regproc::text AS canonical,
       nullif(r.rngsubdiff, 0)::regproc::text AS subtype_diff,
       format_type(r.rngmultitypid, NULL) AS multirange,
       CASE WHEN t.typtype = 'b' THEN concat_ws(' ',
            'input ' || t.typinput::regproc::text,
            'output ' || t.typoutput::regproc::text,
            'receive ' || nullif(t.typreceive, 0)::regproc::text,
            'send ' || nullif(t.typsend, 0)::regproc::text,
            'typmod_in ' || nullif(t.typmodin, 0)::regproc::text,
            'typmod_out ' || nullif(t.typmodout, 0)::regproc::text,
            'analyze ' || nullif(t.typanalyze, 0)::regproc::text,
            'subscript ' || nullif(t.typsubscript, 0)::regproc::text,
            'internallength ' || CASE WHEN t.typlen = -1 THEN 'variable' ELSE t.typlen::text END,
            CASE WHEN t.typbyval THEN 'passedbyvalue' END,
            'alignment ' || CASE t.typalign WHEN 'c' THEN 'char' WHEN 's' THEN 'int2'
                                            WHEN 'i' THEN 'int4' WHEN 'd' THEN 'double'
                                            ELSE t.typalign::text END,
            'storage ' || CASE t.typstorage WHEN 'p' THEN 'plain' WHEN 'e' THEN 'external'
                                            WHEN 'm' THEN 'main' WHEN 'x' THEN 'extended'
                                            ELSE t.typstorage::text END,
            'category ' || quote_literal(t.typcategory::text),
            CASE WHEN t.typispreferred THEN 'preferred' END,
            'default ' || quote_literal(t.typdefault),
            'element ' || format_type(nullif(t.typelem, 0), NULL),
            'delimiter ' || quote_literal(t.typdelim::text),
            CASE WHEN t.typcollation <> 0 THEN 'collatable' END) END AS definition,
       (SELECT obj_comment.description FROM pg_description obj_comment WHERE obj_comment.objoid = t.oid AND obj_comment.classoid = 'pg_type'::regclass AND obj_comment.objsubid = 0) AS comment
FROM scope_type t
LEFT JOIN pg_class c ON c.oid = t.typrelid
LEFT JOIN pg_type bt ON bt.oid = t.typbasetype
LEFT JOIN pg_range r ON r.rngtypid = t.oid
WHERE (t.typtype IN ('e', 'd', 'r', 'p') OR (t.typtype = 'c' AND c.relkind = 'c')
       OR (t.typtype = 'b' AND NOT EXISTS (
               SELECT FROM pg_type e WHERE e.oid = t.typelem AND e.typarray = t.oid)))

use super::*;
use crate::model::*;
use std::collections::BTreeMap;
use std::sync::Arc;

fn qn(name: &str) -> QualifiedName {
    QualifiedName::new("public", name)
}

fn grant(grantee: &str, privilege: &str) -> Privileges {
    let mut p = Privileges::default();
    p.add(true, grantee.into(), privilege.into());
    p
}

fn index(definition: &str) -> Index {
    Index {
        definition: definition.into(),
        valid: true,
        comment: Some("why".into()),
    }
}

fn view(materialized: bool) -> View {
    View {
        materialized,
        columns: vec![("id".into(), "integer".into())],
        definition: " SELECT 1 AS id;".into(),
        indexes: if materialized {
            [(
                "mv_id".to_string(),
                index("CREATE INDEX mv_id ON public.mv (id)"),
            )]
            .into()
        } else {
            BTreeMap::new()
        },
        triggers: BTreeMap::new(),
        rules: BTreeMap::new(),
        options: vec!["security_barrier=true".into()],
        populated: true,
        column_comments: [("id".to_string(), "the id".to_string())].into(),
        column_privileges: [("id".to_string(), grant("reader", "SELECT"))].into(),
        owner: Some("app".into()),
        privileges: Privileges::default(),
        comment: Some("a view".into()),
    }
}

fn routine(kind: RoutineKind) -> Function {
    Function {
        kind,
        arguments: "a integer".into(),
        result: None,
        language: "sql".into(),
        volatility: "immutable".into(),
        strict: false,
        security_definer: false,
        leakproof: false,
        parallel: "safe".into(),
        cost: "100".into(),
        rows: None,
        config: vec!["search_path=public".into()],
        body: "SELECT a".into(),
        aggregate: (kind == RoutineKind::Aggregate).then(|| "sfunc int4pl stype integer".into()),
        owner: None,
        privileges: grant("reader", "EXECUTE"),
        comment: Some("it".into()),
    }
}

/// A schema with at least one object of every kind, every part commented
/// where it can be, and privileges on objects and columns.
pub(crate) fn every_kind() -> Schema {
    let mut s = Schema::default();
    s.namespaces.insert(
        "public".into(),
        Namespace {
            owner: Some("app".into()),
            privileges: grant("reader", "USAGE"),
            comment: Some("standard".into()),
        },
    );
    let mut table = Table {
        columns: vec![Column {
            name: "title".into(),
            data_type: "text".into(),
            privileges: grant("reader", "UPDATE"),
            comment: Some("the title".into()),
            ..Column::default()
        }],
        owner: Some("app".into()),
        privileges: grant("reader", "SELECT"),
        comment: Some("tasks".into()),
        ..Table::default()
    };
    table.properties.options = vec!["fillfactor=70".into()];
    table.properties.row_security = true;
    table.constraints.insert(
        "tasks_title_key".into(),
        Constraint {
            kind: ConstraintKind::Unique,
            definition: "UNIQUE (title)".into(),
            comment: Some("one each".into()),
        },
    );
    table.indexes.insert(
        "ix_tasks_title".into(),
        index("CREATE INDEX ix_tasks_title ON public.tasks (title)"),
    );
    table.triggers.insert(
        "touch".into(),
        Trigger {
            definition: "CREATE TRIGGER touch …".into(),
            enabled: "origin".into(),
            comment: Some("keeps it fresh".into()),
        },
    );
    table.policies.insert(
        "mine".into(),
        Policy {
            command: "all".into(),
            permissive: true,
            roles: vec!["PUBLIC".into()],
            using: Some("true".into()),
            check: None,
            comment: Some("all of it".into()),
        },
    );
    table.rules.insert(
        "no_delete".into(),
        Rule {
            definition: "CREATE RULE no_delete …".into(),
            enabled: "origin".into(),
            comment: Some("keep".into()),
        },
    );
    s.tables.insert(qn("tasks"), table.into());
    s.statistics.insert(
        qn("tasks_title_stats"),
        Arc::new(Statistics {
            table: qn("tasks"),
            targets: "title, lower(title)".into(),
            kinds: vec![StatisticsKind::Dependencies],
            target: Some(500),
            owner: Some("app".into()),
            comment: Some("correlated".into()),
        }),
    );
    s.views.insert(qn("v"), view(false).into());
    s.views.insert(qn("mv"), view(true).into());
    s.sequences.insert(
        qn("seq"),
        Arc::new(Sequence {
            data_type: "bigint".into(),
            start: 1,
            increment: 1,
            min: 1,
            max: 9,
            cache: 1,
            cycle: false,
            owned_by: Some("public.tasks.id".into()),
            unlogged: false,
            owner: None,
            privileges: grant("reader", "USAGE"),
            comment: Some("numbers".into()),
        }),
    );
    let ty = |kind| TypeDef {
        kind,
        owner: Some("app".into()),
        privileges: grant("reader", "USAGE"),
        comment: Some("a type".into()),
    };
    s.types.insert(
        qn("pair"),
        ty(TypeKind::Composite {
            attributes: vec![("a".into(), "integer".into())],
            comments: [("a".to_string(), "first".to_string())].into(),
        }),
    );
    s.types.insert(
        qn("posint"),
        ty(TypeKind::Domain(Domain {
            base_type: "integer".into(),
            collation: None,
            default: Some("1".into()),
            not_null: true,
            checks: [(
                "posint_check".to_string(),
                DomainCheck {
                    definition: "CHECK (VALUE > 0)".into(),
                    comment: Some("positive".into()),
                },
            )]
            .into(),
        })),
    );
    s.functions
        .insert(qn("f(integer)"), routine(RoutineKind::Function));
    s.functions
        .insert(qn("p(integer)"), routine(RoutineKind::Procedure));
    s.functions
        .insert(qn("total(integer)"), routine(RoutineKind::Aggregate));
    s.extensions.insert(
        "hstore".into(),
        Extension {
            schema: "public".into(),
            version: "1.8".into(),
            comment: Some("kv".into()),
        },
    );
    s.collations.insert(
        qn("nocase"),
        Collation {
            provider: "icu".into(),
            deterministic: false,
            lc_collate: None,
            lc_ctype: None,
            locale: Some("und-u-ks-level2".into()),
            rules: None,
            owner: Some("app".into()),
            comment: Some("case-insensitive".into()),
        },
    );
    s.text_search_configs.insert(
        qn("simple_en"),
        TextSearchConfig {
            parser: "pg_catalog.default".into(),
            mappings: [("asciiword".to_string(), "simple".to_string())].into(),
            owner: None,
            comment: Some("search".into()),
        },
    );
    s.event_triggers.insert(
        "et".into(),
        EventTrigger {
            event: "ddl_command_end".into(),
            tags: vec!["CREATE TABLE".into()],
            function: "public.on_ddl()".into(),
            enabled: "disabled".into(),
            owner: Some("app".into()),
            comment: Some("watch".into()),
        },
    );
    s.publications.insert(
        "pub".into(),
        Publication {
            all_tables: false,
            publish: "insert".into(),
            via_root: false,
            generated_columns: None,
            tables: vec!["public.tasks".into()],
            schemas: vec!["public".into()],
            owner: Some("app".into()),
            comment: Some("out".into()),
        },
    );
    s.default_privileges.insert(
        DefaultPrivilegesKey {
            role: "CURRENT_USER".into(),
            schema: Some("public".into()),
            object_type: "tables".into(),
        },
        grant("reader", "SELECT"),
    );
    s.functions
        .insert(qn("w(integer)"), routine(RoutineKind::Window));
    super::support_tests::add_support_kinds(&mut s);
    crate::model::sample_objects(&mut s, Some("app".into()));
    crate::model::sample_foreign_table(&mut s);
    s
}

fn key(entry: EntryKey, part: Option<PartKey>) -> ObjectKey {
    ObjectKey { entry, part }
}

fn table_part(part: PartKey) -> ObjectKey {
    key(
        EntryKey::qualified(EntryKind::Table, &qn("tasks")),
        Some(part),
    )
}

#[test]
fn entries_resolve_to_their_model_object() {
    let s = every_kind();
    let tasks = EntryKey::qualified(EntryKind::Table, &qn("tasks"));
    assert_eq!(
        s.object(&key(tasks, None)),
        Some(ModelObject::Table(&s.tables[&qn("tasks")]))
    );
    let dp = s
        .default_privileges
        .iter()
        .next()
        .map(|(k, p)| (k.clone(), p));
    let (dp_key, dp_privileges) = dp.expect("default privileges");
    assert_eq!(
        s.object(&key(EntryKey::default_privileges(&dp_key), None)),
        Some(ModelObject::DefaultPrivileges(dp_privileges))
    );
    assert_eq!(
        s.object(&key(EntryKey::namespace("public"), None)),
        Some(ModelObject::Namespace(&s.namespaces["public"]))
    );
    assert_eq!(
        s.object(&key(EntryKey::global(EntryKind::Extension, "hstore"), None)),
        Some(ModelObject::Extension(&s.extensions["hstore"]))
    );
    let stats = EntryKey::qualified(EntryKind::Statistics, &qn("tasks_title_stats"));
    let target = PartKey::property(PartKind::StatisticsTarget);
    assert_eq!(
        s.object(&key(stats, Some(target))),
        Some(ModelObject::Statistics(
            &s.statistics[&qn("tasks_title_stats")]
        ))
    );
    // The kind is part of the identity: a view is not a materialized
    // view, a procedure is not a function, a table is not a sequence.
    for (kind, name) in [
        (EntryKind::MaterializedView, "v"),
        (EntryKind::View, "mv"),
        (EntryKind::Function, "p(integer)"),
        (EntryKind::Sequence, "tasks"),
        (EntryKind::Table, "missing"),
    ] {
        let k = key(EntryKey::qualified(kind, &qn(name)), None);
        assert_eq!(s.object(&k), None, "{kind:?} {name}");
    }
}

#[test]
fn parts_resolve_to_sub_objects_or_their_holder() {
    let s = every_kind();
    let t = &s.tables[&qn("tasks")];
    let column = ModelObject::Column(&t.columns[0]);
    let index = ModelObject::Index(&t.indexes["ix_tasks_title"]);
    for (part, expected) in [
        (PartKey::named(PartKind::Column, "title"), Some(column)),
        (PartKey::comment_on(PartKind::Column, "title"), Some(column)),
        (
            PartKey::privileges(PartKind::Grant, "reader", Some("title")),
            Some(column),
        ),
        (
            PartKey::named(PartKind::Index, "ix_tasks_title"),
            Some(index),
        ),
        (
            PartKey::comment_on(PartKind::Index, "ix_tasks_title"),
            Some(index),
        ),
        (
            PartKey::named(PartKind::Constraint, "tasks_title_key"),
            Some(ModelObject::Constraint(&t.constraints["tasks_title_key"])),
        ),
        (
            PartKey::named(PartKind::Policy, "mine"),
            Some(ModelObject::Policy(&t.policies["mine"])),
        ),
        (
            PartKey::comment_on(PartKind::Rule, "no_delete"),
            Some(ModelObject::Rule(&t.rules["no_delete"])),
        ),
        // Properties and values of the table resolve to the table.
        (
            PartKey::property(PartKind::Comment),
            Some(ModelObject::Table(t)),
        ),
        (
            PartKey::property(PartKind::Owner),
            Some(ModelObject::Table(t)),
        ),
        (
            PartKey::named(PartKind::StorageParameter, "fillfactor"),
            Some(ModelObject::Table(t)),
        ),
        (
            PartKey::privileges(PartKind::Grant, "reader", None),
            Some(ModelObject::Table(t)),
        ),
        // A sub-object that is not there is not found.
        (PartKey::named(PartKind::Index, "tasks_title_key"), None),
        (PartKey::named(PartKind::Column, "ix_tasks_title"), None),
        (PartKey::comment_on(PartKind::Column, "gone"), None),
        (
            PartKey::privileges(PartKind::Grant, "reader", Some("gone")),
            None,
        ),
    ] {
        assert_eq!(s.object(&table_part(part.clone())), expected, "{part}");
    }

    let mv = EntryKey::qualified(EntryKind::MaterializedView, &qn("mv"));
    let part = PartKey::named(PartKind::Index, "mv_id");
    assert_eq!(
        s.object(&key(mv.clone(), Some(part))),
        Some(ModelObject::Index(&s.views[&qn("mv")].indexes["mv_id"]))
    );
    let part = PartKey::comment_on(PartKind::Column, "id");
    assert_eq!(
        s.object(&key(mv, Some(part))),
        Some(ModelObject::ViewColumn {
            name: "id",
            data_type: "integer"
        })
    );
    let pair = EntryKey::qualified(EntryKind::Type, &qn("pair"));
    let part = PartKey::named(PartKind::Attribute, "a");
    assert_eq!(
        s.object(&key(pair, Some(part))),
        Some(ModelObject::Attribute {
            name: "a",
            data_type: "integer"
        })
    );
    let posint = EntryKey::qualified(EntryKind::Type, &qn("posint"));
    let part = PartKey::comment_on(PartKind::Constraint, "posint_check");
    let TypeKind::Domain(d) = &s.types[&qn("posint")].kind else {
        panic!("posint is a domain");
    };
    assert_eq!(
        s.object(&key(posint, Some(part))),
        Some(ModelObject::DomainCheck(&d.checks["posint_check"]))
    );
}

#[test]
fn labels_and_names_read_as_the_document_prints_them() {
    let tasks = EntryKey::qualified(EntryKind::Table, &qn("tasks"));
    assert_eq!(tasks.to_string(), "table public.tasks");
    assert_eq!(tasks.display_name(), "public.tasks");
    assert_eq!(EntryKey::namespace("app").to_string(), "schema app");
    let dp = EntryKey::default_privileges(&DefaultPrivilegesKey {
        role: "CURRENT_USER".into(),
        schema: None,
        object_type: "tables".into(),
    });
    assert_eq!(
        dp.to_string(),
        "default privileges for role CURRENT_USER on tables"
    );
    for (part, label) in [
        (PartKey::named(PartKind::Column, "title"), "column title"),
        (PartKey::property(PartKind::Comment), "comment"),
        (
            PartKey::comment_on(PartKind::Column, "title"),
            "comment on column title",
        ),
        (
            PartKey::privileges(PartKind::Grant, "reader", Some("title")),
            "grant reader on column title",
        ),
        (
            PartKey::privileges(PartKind::Revoke, "PUBLIC", None),
            "revoke PUBLIC",
        ),
        (
            PartKey::named(PartKind::StorageParameter, "fillfactor"),
            "with fillfactor",
        ),
    ] {
        assert_eq!(part.label(), label);
    }
    assert_eq!(
        ObjectKind::Part(PartKind::PublishedTable).word(),
        ObjectKind::Entry(EntryKind::Table).word()
    );
}

//! Unit tests of the model's own methods.

use super::*;
use std::sync::Arc;

fn owner() -> Option<String> {
    Some("app_owner".to_owned())
}

/// One object of every kind that has an owner, each owned by `app_owner`.
fn owned_everywhere() -> Schema {
    let mut schema = Schema::default();
    let name = || QualifiedName::new("app", "x");
    schema.namespaces.insert(
        "app".into(),
        Namespace {
            owner: owner(),
            ..Namespace::default()
        },
    );
    schema.tables.insert(
        name(),
        Arc::new(Table {
            owner: owner(),
            ..Table::default()
        }),
    );
    schema.views.insert(
        QualifiedName::new("app", "v"),
        Arc::new(View {
            materialized: false,
            columns: Vec::new(),
            definition: " SELECT 1;".into(),
            indexes: BTreeMap::new(),
            triggers: BTreeMap::new(),
            rules: BTreeMap::new(),
            options: Vec::new(),
            populated: true,
            column_comments: BTreeMap::new(),
            column_privileges: BTreeMap::new(),
            owner: owner(),
            privileges: Privileges::default(),
            comment: None,
        }),
    );
    schema.statistics.insert(
        QualifiedName::new("app", "st"),
        Arc::new(Statistics {
            table: name(),
            targets: "a, b".into(),
            kinds: vec![StatisticsKind::Ndistinct],
            target: None,
            owner: owner(),
            comment: None,
        }),
    );
    schema.sequences.insert(
        QualifiedName::new("app", "s"),
        Arc::new(Sequence {
            data_type: "bigint".into(),
            start: 1,
            increment: 1,
            min: 1,
            max: i64::MAX,
            cache: 1,
            cycle: false,
            owned_by: None,
            unlogged: false,
            owner: owner(),
            privileges: Privileges::default(),
            comment: None,
        }),
    );
    schema.types.insert(
        name(),
        TypeDef {
            kind: TypeKind::Enum {
                labels: vec!["a".into()],
            },
            owner: owner(),
            privileges: Privileges::default(),
            comment: None,
        },
    );
    schema.functions.insert(
        QualifiedName::new("app", "f()"),
        Function {
            kind: RoutineKind::Function,
            arguments: String::new(),
            result: Some("integer".into()),
            language: "sql".into(),
            volatility: "volatile".into(),
            strict: false,
            security_definer: false,
            leakproof: false,
            parallel: "unsafe".into(),
            cost: "100".into(),
            rows: None,
            config: Vec::new(),
            body: "SELECT 1".into(),
            aggregate: None,
            owner: owner(),
            privileges: Privileges::default(),
            comment: None,
        },
    );
    schema.collations.insert(
        name(),
        Collation {
            provider: "icu".into(),
            deterministic: true,
            lc_collate: None,
            lc_ctype: None,
            locale: Some("und".into()),
            rules: None,
            owner: owner(),
            comment: None,
        },
    );
    schema.text_search_configs.insert(
        name(),
        TextSearchConfig {
            parser: "pg_catalog.\"default\"".into(),
            mappings: BTreeMap::new(),
            owner: owner(),
            comment: None,
        },
    );
    schema.event_triggers.insert(
        "et".into(),
        EventTrigger {
            event: "ddl_command_end".into(),
            tags: Vec::new(),
            function: "app.f()".into(),
            enabled: "origin".into(),
            owner: owner(),
            comment: None,
        },
    );
    schema.publications.insert(
        "p".into(),
        Publication {
            all_tables: true,
            publish: "insert".into(),
            via_root: false,
            generated_columns: None,
            tables: Vec::new(),
            schemas: Vec::new(),
            owner: owner(),
            comment: None,
        },
    );
    let support = {
        let mut s = Schema::default();
        super::object::support_tests::add_support_kinds(&mut s);
        s
    };
    // Operators, operator families and classes, conversions and text
    // search dictionaries have an owner (casts, transforms, parsers and
    // templates do not), each once.
    schema.operators = support.operators;
    schema.operator_families = support.operator_families;
    schema.operator_classes = support.operator_classes;
    schema.conversions = support.conversions;
    schema.text_search_dictionaries = support.text_search_dictionaries;
    schema.casts = support.casts;
    schema.transforms = support.transforms;
    schema.text_search_parsers = support.text_search_parsers;
    schema.text_search_templates = support.text_search_templates;
    for owned in schema.owners_mut() {
        *owned = owner();
    }
    super::foreign::sample_objects(&mut schema, owner());
    schema
}

/// How many owners the Debug output shows: independent of `owners_mut`.
fn owners_shown(schema: &Schema) -> usize {
    format!("{schema:?}").matches("owner: Some(").count()
}

#[test]
fn owners_mut_reaches_the_owner_of_every_kind() {
    let mut schema = owned_everywhere();
    // Twenty kinds have an owner; each got one object with an owner.
    assert_eq!(owners_shown(&schema), 20);
    assert_eq!(schema.owners_mut().count(), 20);
    assert!(schema.owners_mut().all(|owner| owner.is_some()));
}

#[test]
fn without_ownership_leaves_no_owner_anywhere() {
    let schema = owned_everywhere();
    let unowned = schema.without_ownership();
    assert_eq!(owners_shown(&unowned), 0, "{unowned:#?}");
    // Only the owners changed.
    let mut expected = schema.clone();
    expected.clear_owners();
    assert_eq!(unowned, expected);
}

#[test]
fn clearing_owners_and_column_order_copy_only_the_relations_they_change() {
    let column = |name: &str| Column {
        name: name.into(),
        data_type: "integer".into(),
        ..Column::default()
    };
    let mut schema = Schema::default();
    let (sorted, unsorted) = (
        QualifiedName::new("app", "s"),
        QualifiedName::new("app", "u"),
    );
    schema.tables.insert(
        sorted.clone(),
        Table {
            columns: vec![column("a"), column("b")],
            ..Table::default()
        }
        .into(),
    );
    schema.tables.insert(
        unsorted.clone(),
        Table {
            columns: vec![column("b"), column("a")],
            owner: owner(),
            ..Table::default()
        }
        .into(),
    );
    let ordered = schema.without_column_order();
    assert!(Arc::ptr_eq(
        &schema.tables[&sorted],
        &ordered.tables[&sorted]
    ));
    let names: Vec<&str> = ordered.tables[&unsorted]
        .columns
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(names, ["a", "b"]);
    // The original is left as it was.
    assert_eq!(schema.tables[&unsorted].columns[0].name, "b");
    let unowned = schema.without_ownership();
    assert!(Arc::ptr_eq(
        &schema.tables[&sorted],
        &unowned.tables[&sorted]
    ));
    assert_eq!(unowned.tables[&unsorted].owner, None);
    assert_eq!(schema.tables[&unsorted].owner, owner());
}

//! Objects of the support kinds (operators, operator classes and families,
//! casts, transforms, conversions, text search dictionaries, parsers and
//! templates, window functions, base and shell types) for
//! [`super::tests::every_kind`], and their lookups.

use super::*;
use crate::model::*;

fn qn(name: &str) -> QualifiedName {
    QualifiedName::new("public", name)
}

fn owner() -> Option<String> {
    Some("app".into())
}

/// Adds one object of each support kind to `s`.
pub(crate) fn add_support_kinds(s: &mut Schema) {
    s.operators.insert(
        qn("===(public.mood, public.mood)"),
        Operator {
            function: Some("public.mood_eq(public.mood,public.mood)".into()),
            result: Some("boolean".into()),
            commutator: Some("public.===(public.mood,public.mood)".into()),
            negator: None,
            restrict: Some("eqsel".into()),
            join: Some("eqjoinsel".into()),
            hashes: true,
            merges: false,
            owner: owner(),
            comment: Some("same mood".into()),
        },
    );
    let members: Members = [
        (
            "operator 3 (public.mood, public.mood)".to_string(),
            "public.===(public.mood,public.mood)".to_string(),
        ),
        (
            "function 1 (public.mood, public.mood)".to_string(),
            "public.mood_cmp(public.mood,public.mood)".to_string(),
        ),
    ]
    .into();
    s.operator_families.insert(
        qn("mood_fam using btree"),
        OperatorFamily {
            members: members.clone(),
            owner: owner(),
            comment: Some("moods".into()),
        },
    );
    s.operator_classes.insert(
        qn("mood_ops using btree"),
        OperatorClass {
            for_type: "public.mood".into(),
            default: true,
            family: "public.mood_fam".into(),
            storage: Some("integer".into()),
            members,
            owner: owner(),
            comment: Some("sorts moods".into()),
        },
    );
    s.casts.insert(
        "(public.mood AS integer)".into(),
        Cast {
            method: "function public.mood_int(public.mood)".into(),
            context: "assignment".into(),
            comment: Some("to a number".into()),
        },
    );
    s.transforms.insert(
        "for public.mood language plpgsql".into(),
        Transform {
            from_sql: Some("public.mood_from_sql(internal)".into()),
            to_sql: Some("public.mood_to_sql(internal)".into()),
            comment: Some("for plpgsql".into()),
        },
    );
    s.conversions.insert(
        qn("to_latin1"),
        Conversion {
            from_encoding: "UTF8".into(),
            to_encoding: "LATIN1".into(),
            function: "utf8_to_iso8859_1".into(),
            default: false,
            owner: owner(),
            comment: Some("to latin 1".into()),
        },
    );
    s.text_search_dictionaries.insert(
        qn("dict"),
        TextSearchDictionary {
            template: "public.tmpl".into(),
            options: vec!["accept = 'false'".into(), "stopwords = 'english'".into()],
            owner: owner(),
            comment: Some("words".into()),
        },
    );
    s.text_search_parsers.insert(
        qn("prs"),
        TextSearchParser {
            start: "prsd_start".into(),
            gettoken: "prsd_nexttoken".into(),
            end: "prsd_end".into(),
            lextypes: "prsd_lextype".into(),
            headline: Some("prsd_headline".into()),
            comment: Some("tokens".into()),
        },
    );
    s.text_search_templates.insert(
        qn("tmpl"),
        TextSearchTemplate {
            init: Some("dsimple_init".into()),
            lexize: "dsimple_lexize".into(),
            comment: Some("simple".into()),
        },
    );
    let ty = |kind| TypeDef {
        kind,
        owner: owner(),
        privileges: Privileges::default(),
        comment: Some("a type".into()),
    };
    s.types.insert(
        qn("myint"),
        ty(TypeKind::Base {
            definition: "input public.myint_in output public.myint_out internallength 4".into(),
        }),
    );
    s.types.insert(qn("later"), ty(TypeKind::Shell));
}

#[test]
fn support_kinds_resolve_to_their_model_object() {
    let mut s = Schema::default();
    add_support_kinds(&mut s);
    let entry = |kind, name: &str| ObjectKey {
        entry: if kind == EntryKind::Cast || kind == EntryKind::Transform {
            EntryKey::global(kind, name)
        } else {
            EntryKey::qualified(kind, &qn(name))
        },
        part: None,
    };
    let op = entry(EntryKind::Operator, "===(public.mood, public.mood)");
    assert_eq!(
        s.object(&op),
        Some(ModelObject::Operator(
            &s.operators[&qn("===(public.mood, public.mood)")]
        ))
    );
    let class = ObjectKey {
        part: Some(PartKey::named(
            PartKind::MemberOperator,
            "3 (public.mood, public.mood)",
        )),
        ..entry(EntryKind::OperatorClass, "mood_ops using btree")
    };
    assert_eq!(
        s.object(&class),
        Some(ModelObject::OperatorClass(
            &s.operator_classes[&qn("mood_ops using btree")]
        ))
    );
    let cast = entry(EntryKind::Cast, "(public.mood AS integer)");
    assert_eq!(
        s.object(&cast),
        Some(ModelObject::Cast(&s.casts["(public.mood AS integer)"]))
    );
    let parser = ObjectKey {
        part: Some(PartKey::named(PartKind::SupportFunction, "start")),
        ..entry(EntryKind::TextSearchParser, "prs")
    };
    assert_eq!(
        s.object(&parser),
        Some(ModelObject::TextSearchParser(
            &s.text_search_parsers[&qn("prs")]
        ))
    );
    // A cast is database-wide; a family is not a class.
    assert!(!EntryKind::Cast.is_qualified());
    assert!(!EntryKind::Transform.is_qualified());
    assert_eq!(
        s.object(&entry(EntryKind::OperatorFamily, "mood_ops using btree")),
        None
    );
}

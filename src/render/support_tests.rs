//! One small render test per support kind (operators, operator classes and
//! families, casts, transforms, conversions, text search dictionaries,
//! parsers and templates, window functions, base and shell types), with
//! literal model values.

use super::document;
use crate::model::object::support_tests::add_support_kinds;
use crate::model::*;

fn qn(name: &str) -> QualifiedName {
    QualifiedName::new("public", name)
}

/// Only the objects of `pick` from the support fixture.
fn only(pick: impl FnOnce(&mut Schema, Schema)) -> String {
    let mut all = Schema::default();
    add_support_kinds(&mut all);
    let mut s = Schema::default();
    pick(&mut s, all);
    document(&s).to_string()
}

#[test]
fn operators() {
    let text = only(|s, all| {
        s.operators = all.operators;
        // A shell operator: named as a negator, never defined.
        s.operators.insert(
            qn("!==(public.mood, public.mood)"),
            Operator {
                function: None,
                result: None,
                commutator: None,
                negator: Some("public.===(public.mood,public.mood)".into()),
                restrict: None,
                join: None,
                hashes: false,
                merges: false,
                owner: None,
                comment: None,
            },
        );
    });
    insta::assert_snapshot!(text, @r#"
    operator public.!==(public.mood, public.mood)
      negator public.===(public.mood,public.mood)

    operator public.===(public.mood, public.mood)
      function public.mood_eq(public.mood,public.mood)
      returns boolean
      commutator public.===(public.mood,public.mood)
      restrict eqsel
      join eqjoinsel
      hashes
      owner app
      comment 'same mood'
    "#);
}

#[test]
fn operator_families_and_classes() {
    let text = only(|s, all| {
        s.operator_families = all.operator_families;
        s.operator_classes = all.operator_classes;
    });
    insta::assert_snapshot!(text, @r#"
    operator family public.mood_fam using btree
      function 1 (public.mood, public.mood) public.mood_cmp(public.mood,public.mood)
      operator 3 (public.mood, public.mood) public.===(public.mood,public.mood)
      owner app
      comment 'moods'

    operator class public.mood_ops using btree
      for type public.mood
      is default
      family public.mood_fam
      storage integer
      function 1 (public.mood, public.mood) public.mood_cmp(public.mood,public.mood)
      operator 3 (public.mood, public.mood) public.===(public.mood,public.mood)
      owner app
      comment 'sorts moods'
    "#);
}

#[test]
fn casts_and_transforms() {
    let text = only(|s, all| {
        s.casts = all.casts;
        s.casts.insert(
            "(public.mood AS text)".into(),
            Cast {
                method: "with inout".into(),
                context: "implicit".into(),
                comment: None,
            },
        );
        s.transforms = all.transforms;
    });
    insta::assert_snapshot!(text, @r#"
    cast (public.mood AS integer)
      method function public.mood_int(public.mood)
      context assignment
      comment 'to a number'

    cast (public.mood AS text)
      method with inout
      context implicit

    transform for public.mood language plpgsql
      from sql public.mood_from_sql(internal)
      to sql public.mood_to_sql(internal)
      comment 'for plpgsql'
    "#);
}

#[test]
fn conversions() {
    let text = only(|s, all| {
        s.conversions = all.conversions;
        s.conversions.insert(
            qn("def"),
            Conversion {
                from_encoding: "UTF8".into(),
                to_encoding: "LATIN2".into(),
                function: "utf8_to_iso8859".into(),
                default: true,
                owner: None,
                comment: None,
            },
        );
    });
    insta::assert_snapshot!(text, @r#"
    conversion public.def
      for 'UTF8' to 'LATIN2'
      from utf8_to_iso8859
      is default

    conversion public.to_latin1
      for 'UTF8' to 'LATIN1'
      from utf8_to_iso8859_1
      owner app
      comment 'to latin 1'
    "#);
}

#[test]
fn text_search_dictionaries_parsers_templates() {
    let text = only(|s, all| {
        s.text_search_dictionaries = all.text_search_dictionaries;
        s.text_search_parsers = all.text_search_parsers;
        s.text_search_templates = all.text_search_templates;
    });
    insta::assert_snapshot!(text, @r#"
    text search dictionary public.dict
      template public.tmpl
      options accept = 'false', stopwords = 'english'
      owner app
      comment 'words'

    text search parser public.prs
      support start prsd_start
      support gettoken prsd_nexttoken
      support end prsd_end
      support lextypes prsd_lextype
      support headline prsd_headline
      comment 'tokens'

    text search template public.tmpl
      support init dsimple_init
      support lexize dsimple_lexize
      comment 'simple'
    "#);
}

#[test]
fn base_and_shell_types() {
    let text = only(|s, all| s.types = all.types);
    insta::assert_snapshot!(text, @r#"
    type public.later as shell
      owner app
      comment 'a type'

    type public.myint as base
      definition input public.myint_in output public.myint_out internallength 4
      owner app
      comment 'a type'
    "#);
}

#[test]
fn window_functions() {
    let mut s = Schema::default();
    s.functions.insert(
        qn("rn()"),
        Function {
            kind: RoutineKind::Window,
            arguments: String::new(),
            result: Some("bigint".into()),
            language: "internal".into(),
            volatility: "volatile".into(),
            strict: false,
            security_definer: false,
            leakproof: false,
            parallel: "unsafe".into(),
            cost: "1".into(),
            rows: None,
            config: Vec::new(),
            body: "window_row_number".into(),
            aggregate: None,
            owner: None,
            privileges: Privileges::default(),
            comment: None,
        },
    );
    insta::assert_snapshot!(document(&s).to_string(), @r#"
    function public.rn() returns bigint
      attributes language internal window volatile parallel unsafe cost 1
      body window_row_number
    "#);
}

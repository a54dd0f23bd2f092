//! Function bodies compared as code: a downgrade that re-creates a
//! trigger function with other indentation and comments passes `check`;
//! with `--strict-bodies` it fails, and the report makes the whitespace
//! that differs visible. A changed literal fails either way.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::bin::{PgRoundtrip, text};
use common::history::HistoryFiles;
use std::path::Path;
use std::process::Output;

const SCHEMA: &str = "CREATE TABLE tasks (id serial PRIMARY KEY, title text NOT NULL);
CREATE FUNCTION trim_title() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    -- Titles are stored trimmed.
    NEW.title := trim(NEW.title);
    RETURN NEW;
END
$fn$;
CREATE TRIGGER tasks_trim BEFORE INSERT OR UPDATE ON tasks
    FOR EACH ROW EXECUTE FUNCTION trim_title();
";

const UPPER: &str =
    "CREATE OR REPLACE FUNCTION trim_title() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    NEW.title := upper(trim(NEW.title));
    RETURN NEW;
END
$fn$;
";

/// The body of revision 1 again, re-indented with a tab and without its
/// comment: the same code, other text.
const REINDENTED: &str =
    "CREATE OR REPLACE FUNCTION trim_title() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
\tNEW.title := trim(NEW.title);
    RETURN NEW;
END
$fn$;
";

/// The body of revision 1 again with one line indented by a tab: only
/// whitespace differs.
const TAB_INDENTED: &str =
    "CREATE OR REPLACE FUNCTION trim_title() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    -- Titles are stored trimmed.
\tNEW.title := trim(NEW.title);
    RETURN NEW;
END
$fn$;
";

/// Two revisions: the schema, then a body change whose downgrade restores
/// the body as `down` writes it.
fn history(down: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    HistoryFiles::new()
        .rev(
            "1_tasks",
            SCHEMA,
            "DROP TABLE tasks; DROP FUNCTION trim_title();",
        )
        .rev("2_upper_titles", UPPER, down)
        .write(&tmp.path().join("m"));
    tmp
}

fn check(dir: &Path, extra: &[&str]) -> Output {
    PgRoundtrip::local(dir)
        .args(["check", "m", "--no-snapshots", "--color", "never"])
        .args(extra)
        .output()
}

#[test]
fn a_body_restored_with_other_whitespace_and_comments_passes() {
    let tmp = history(REINDENTED);
    let o = check(tmp.path(), &[]);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(0), "{t}");
    assert!(!t.contains("downgrade-mismatch"), "{t}");
}

#[test]
fn strict_bodies_fails_it_and_shows_the_whitespace() {
    let tmp = history(REINDENTED);
    let o = check(tmp.path(), &["--strict-bodies"]);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(1), "{t}");
    assert!(t.contains("function public.trim_title()"), "{t}");

    let tmp = history(TAB_INDENTED);
    assert_eq!(check(tmp.path(), &[]).status.code(), Some(0));
    let o = check(tmp.path(), &["--strict-bodies"]);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(1), "{t}");
    assert!(t.contains("downgrade-mismatch"), "{t}");
    assert!(t.contains("function public.trim_title()"), "{t}");
    // The re-indented line, with its spaces and tab visible after the
    // document's own indentation.
    assert!(t.contains(">    →NEW.title·:=·trim(NEW.title);"), "{t}");
    assert!(t.contains("<    ····NEW.title·:=·trim(NEW.title);"), "{t}");
    assert!(
        t.contains("body of function public.trim_title(): differs after its downgrade from before 2_upper_titles in whitespace only"),
        "{t}"
    );
    // The lines around it are shown as they are.
    assert!(t.contains("     RETURN NEW;"), "{t}");
}

#[test]
fn a_body_restored_with_another_literal_fails_without_the_flag() {
    let changed = REINDENTED.replace("trim(NEW.title)", "trim(NEW.title, ' .')");
    let tmp = history(&changed);
    let o = check(tmp.path(), &[]);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(1), "{t}");
    assert!(t.contains("downgrade-mismatch"), "{t}");
    assert!(t.contains("function public.trim_title()"), "{t}");
}

//! What readers say about files that are not SQL migrations: the companion
//! files a tool keeps beside its migrations (skipped without a word), Go
//! migrations (recognised, left out with a warning: pg-roundtrip runs SQL
//! only), and how to leave any other file out with `--exclude`.

use std::path::Path;

use super::error::Problem;

/// Files that migration tools keep beside a history on purpose, skipped
/// without a word by every reader: Atlas's checksum file (`atlas.sum`,
/// beside golang-migrate and goose directories Atlas manages). Hidden
/// files (`.keep`, `.gitkeep`) and READMEs are skipped by the listing
/// itself (`files::is_ignored`).
pub(super) const COMPANIONS: &[&str] = &["atlas.sum"];

/// Whether `name` is one of the [`COMPANIONS`].
pub(super) fn is_companion(name: &str) -> bool {
    COMPANIONS.contains(&name)
}

/// `, or leave it out with --exclude 'NAME' (exclude = ["NAME"] in
/// pg-roundtrip.toml)`: the end of the help of every problem about a file
/// that is not part of a history.
pub(super) fn exclude_hint(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let pattern = escape(&name);
    format!(
        "or leave it out with `--exclude '{pattern}'` (or `exclude = [\"{}\"]` in pg-roundtrip.toml)",
        pattern.replace('\\', "\\\\")
    )
}

/// `name` as a pattern that matches only itself.
fn escape(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if matches!(c, '*' | '?' | '[' | ']' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The warning for a Go migration (`<version>_<name>.up.go`, goose's
/// `<version>_<name>.go`) whose revision is left out of the walk because
/// its upgrade is Go code. `id` is the revision's id, `also` names the SQL
/// file of the other direction that is left out with it, if any.
pub(super) fn go_up_left_out(path: &Path, id: &str, also: Option<&Path>) -> Problem {
    let also = match also.and_then(Path::file_name) {
        Some(name) => format!(" (and `{}` with it)", name.to_string_lossy()),
        None => String::new(),
    };
    Problem::new(
        path,
        format!(
            "a Go migration: revision {id} is left out of the walk{also}, as pg-roundtrip runs SQL only"
        ),
    )
    .with_help(format!(
        "the revisions after it are walked without what it does; if it changes the schema, write \
         it as SQL; to silence this warning leave its files out with `--exclude '{}.*'`",
        escape(id)
    ))
}

/// What a revision whose downgrade is Go code lacks: its downgrade cannot
/// be run, so the revision is reported as irreversible.
pub(super) fn go_down_what(path: &Path) -> String {
    format!(
        "a Go downgrade `{}` (pg-roundtrip runs SQL only)",
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    )
}

/// The help for [`go_down_what`] (the walk adds how to allow the revision).
pub(super) fn go_down_help(sql_down: &str) -> String {
    format!("write the downgrade as SQL in `{sql_down}` and remove the Go one")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hint_names_the_file_as_a_pattern_that_matches_it_alone() {
        assert_eq!(
            exclude_hint(Path::new("/h/notes.txt")),
            "or leave it out with `--exclude 'notes.txt'` (or `exclude = [\"notes.txt\"]` in pg-roundtrip.toml)"
        );
        assert!(exclude_hint(Path::new("/h/a[1]*.sql")).contains(r"--exclude 'a\[1\]\*.sql'"));
        assert!(exclude_hint(Path::new("/h/a*.sql")).contains(r#"exclude = ["a\\*.sql"]"#));
    }

    #[test]
    fn the_escaped_name_matches_only_itself() {
        let root = Path::new("/h");
        let exclude = super::super::Exclude::new(&[escape("a[1]*.sql")]).unwrap_or_default();
        assert!(exclude.matches(root, &root.join("a[1]*.sql")));
        assert!(!exclude.matches(root, &root.join("a1x.sql")));
    }

    #[test]
    fn go_warnings_name_the_revision_and_how_to_silence_them() {
        let w = go_up_left_out(
            Path::new("/h/7_a.up.go"),
            "7_a",
            Some(Path::new("/h/7_a.down.sql")),
        );
        assert!(w.message.contains("revision 7_a is left out"), "{w}");
        assert!(w.message.contains("`7_a.down.sql` with it"), "{w}");
        assert!(w.help.unwrap_or_default().contains("--exclude '7_a.*'"));
        assert!(go_down_help("7_a.down.sql").contains("`7_a.down.sql`"));
    }
}

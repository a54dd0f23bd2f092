//! How the flat layout's files are named: `<version>_<description>.up.sql`
//! and `.down.sql`, split into their parts, and the name to advise for one
//! that is nearly right.

/// The ending of an upgrade file.
pub(super) const UP_SUFFIX: &str = ".up.sql";
/// The ending of a downgrade file.
pub(super) const DOWN_SUFFIX: &str = ".down.sql";

/// The name with its `.up.sql` / `.down.sql` ending in lowercase, when the
/// ending is one of them in another case (`1_a.UP.sql`, `1_a.up.SQL`).
pub(super) fn lowercase_suffix(name: &str) -> Option<String> {
    let lower = name.to_ascii_lowercase();
    [UP_SUFFIX, DOWN_SUFFIX].iter().find_map(|suffix| {
        let at = name.len().checked_sub(suffix.len())?;
        let head = name.get(..at)?;
        (lower.ends_with(suffix) && !name.ends_with(suffix)).then(|| format!("{head}{suffix}"))
    })
}

/// A stem that starts with a version but separates it from the
/// description with something other than `_` (`0006-add-bar`,
/// `0006.add_bar`, `0006 add bar`), with that separator made `_`.
pub(super) fn renamed(stem: &str) -> Option<String> {
    let digits = stem.bytes().take_while(u8::is_ascii_digit).count();
    let rest = stem.get(digits..)?;
    let separator = rest.chars().next()?;
    if digits == 0 || !matches!(separator, '-' | '.' | ' ') {
        return None;
    }
    Some(format!(
        "{}_{}",
        &stem[..digits],
        &rest[separator.len_utf8()..]
    ))
}

/// Splits `<version>_<description>` into the integer version, the version
/// as written and the description.
pub(super) fn parse_stem(stem: &str) -> Result<(u64, &str, &str), String> {
    let Some((version_text, description)) = stem.split_once('_') else {
        return Err(format!(
            "file name has no `_` between the version and the description in `{stem}`"
        ));
    };
    if version_text.is_empty() {
        return Err("file name has no version before the `_`".to_owned());
    }
    if !version_text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("version `{version_text}` is not a decimal integer"));
    }
    match version_text.parse::<u64>() {
        Ok(version) => Ok((version, version_text, description)),
        Err(_) => Err(format!(
            "version `{version_text}` is too large (the largest is {})",
            u64::MAX
        )),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn wrong_case_endings_are_lowercased() {
        assert_eq!(
            lowercase_suffix("0006_add_bar.UP.sql").as_deref(),
            Some("0006_add_bar.up.sql")
        );
        assert_eq!(
            lowercase_suffix("1_a.down.SQL").as_deref(),
            Some("1_a.down.sql")
        );
        assert_eq!(lowercase_suffix("1_a.up.sql"), None);
        assert_eq!(lowercase_suffix("1_a.sql"), None);
    }

    #[test]
    fn other_separators_are_renamed() {
        assert_eq!(renamed("0006-add-bar").as_deref(), Some("0006_add-bar"));
        assert_eq!(renamed("7.x").as_deref(), Some("7_x"));
        assert_eq!(renamed("add_bar"), None);
        assert_eq!(renamed("12"), None);
    }

    #[test]
    fn stems_split_on_the_first_underscore() {
        assert_eq!(parse_stem("0003_add_tasks"), Ok((3, "0003", "add_tasks")));
        assert_eq!(
            parse_stem("20240101120000_init"),
            Ok((20_240_101_120_000, "20240101120000", "init"))
        );
        assert_eq!(parse_stem("7_"), Ok((7, "7", "")));
    }

    #[test]
    fn bad_stems_are_rejected_with_a_reason() {
        assert!(parse_stem("1").unwrap_err().contains("no `_`"));
        assert!(parse_stem("_x").unwrap_err().contains("no version"));
        assert!(
            parse_stem("abc_x")
                .unwrap_err()
                .contains("`abc` is not a decimal integer")
        );
        assert!(
            parse_stem("+1_x")
                .unwrap_err()
                .contains("not a decimal integer")
        );
        assert!(
            parse_stem("1a_x")
                .unwrap_err()
                .contains("not a decimal integer")
        );
        assert!(
            parse_stem("18446744073709551616_x")
                .unwrap_err()
                .contains("too large")
        );
        assert_eq!(
            parse_stem("18446744073709551615_x"),
            Ok((u64::MAX, "18446744073709551615", "x"))
        );
    }
}

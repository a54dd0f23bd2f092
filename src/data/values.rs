//! The values generated rows try, per type: boundaries first (the extremes
//! of the type, the empty string, values no `CASE` is likely to list),
//! then ordinary ones. Each is an SQL literal the caller casts to the
//! column's type; a value the column refuses (a CHECK, a domain, a
//! unique key) is retried with the next one.

use super::literal;

/// What [`candidates`] needs to know about a column's type (its base type
/// for a domain).
#[derive(Debug, Clone, Default)]
pub struct TypeInfo {
    /// `int4`, `varchar`, `my_enum`…
    pub base: String,
    /// `pg_type.typcategory`: `E` enum, `A` array, `R` range…
    pub category: String,
    /// The type modifier, -1 without one.
    pub typmod: i32,
    /// An enum's labels in order.
    pub labels: Vec<String>,
    /// An array's element type.
    pub element: Option<Box<TypeInfo>>,
}

/// The literals to try for a value of `t`, in order; empty when there is
/// nothing to try (then only a default or NULL can fill the column).
pub fn candidates(t: &TypeInfo) -> Vec<String> {
    let text = |items: &[&str]| items.iter().map(|s| literal(s)).collect::<Vec<_>>();
    match (t.category.as_str(), t.base.as_str()) {
        ("E", _) => enum_labels(&t.labels),
        ("A", _) => match &t.element {
            Some(e) => {
                let mut out = vec![literal("{}")];
                out.extend(candidates(e).into_iter().map(|v| format!("ARRAY[{v}]")));
                out
            }
            None => vec![literal("{}")],
        },
        ("R", _) => text(&["empty"]),
        (_, "int2") => text(&["-32768", "32767", "0", "1", "2", "3", "7"]),
        (_, "int4") => text(&["-2147483648", "2147483647", "0", "1", "2", "3", "7"]),
        (_, "int8") => text(&[
            "-9223372036854775808",
            "9223372036854775807",
            "0",
            "1",
            "2",
            "3",
            "7",
        ]),
        (_, "numeric") => numeric(t.typmod),
        (_, "float4") => text(&["-3.4e38", "3.4e38", "0", "1.5", "1", "2", "3"]),
        (_, "float8") => text(&["-1.7e308", "1.7e308", "0", "1.5", "1", "2", "3"]),
        (_, "money") => text(&[
            "-92233720368547758.08",
            "92233720368547758.07",
            "0",
            "1.50",
            "2",
        ]),
        (_, "bool") => text(&["false", "true"]),
        (_, "text" | "varchar" | "bpchar" | "name" | "citext") => strings(&t.base, t.typmod),
        (_, "date") => text(&[
            "4713-01-01 BC",
            "5874897-12-31",
            "2000-02-29",
            "1970-01-01",
            "infinity",
        ]),
        (_, "timestamp") => text(&[
            "4713-01-01 00:00:00 BC",
            "294276-12-30 23:59:59",
            "2000-02-29 12:34:56.789",
            "1970-01-01 00:00:00",
            "infinity",
        ]),
        (_, "timestamptz") => text(&[
            "4713-01-02 00:00:00+00 BC",
            "294276-12-30 00:00:00+00",
            "2000-02-29 12:34:56.789+00",
            "1970-01-01 00:00:00+00",
            "infinity",
        ]),
        (_, "time") => text(&["00:00:00", "23:59:59.999999", "12:00:00", "01:02:03"]),
        (_, "timetz") => text(&["00:00:00+00", "23:59:59.999999+00", "12:00:00+00"]),
        (_, "interval") => text(&["-178000000 years", "178000000 years", "0", "1 day 02:03:04"]),
        (_, "uuid") => text(&[
            "00000000-0000-0000-0000-000000000000",
            "ffffffff-ffff-ffff-ffff-ffffffffffff",
            "00000000-0000-0000-0000-000000000001",
            "00000000-0000-0000-0000-000000000002",
            "00000000-0000-0000-0000-000000000003",
        ]),
        (_, "json" | "jsonb") => text(&["{}", "[]", "{\"k\": 1}", "\"s\"", "0", "null"]),
        (_, "bytea") => text(&["\\x", "\\x00ff", "\\x01", "\\x02"]),
        (_, "inet") => text(&["0.0.0.0", "255.255.255.255", "::1", "10.0.0.1", "10.0.0.2"]),
        (_, "cidr") => text(&["0.0.0.0/0", "255.255.255.255/32", "::/0", "10.0.0.0/8"]),
        (_, "macaddr") => text(&[
            "00:00:00:00:00:00",
            "ff:ff:ff:ff:ff:ff",
            "08:00:2b:01:02:03",
        ]),
        (_, "tsvector") => text(&["", "a b", "c"]),
        (_, "xml") => text(&["<a/>", "<b>x</b>"]),
        (_, "oid") => text(&["0", "4294967295", "1"]),
        (_, "char") => text(&["a", "b", "c"]),
        _ => Vec::new(),
    }
}

/// Labels first, last, then the others in order.
fn enum_labels(labels: &[String]) -> Vec<String> {
    let mut order: Vec<&String> = Vec::new();
    if let (Some(first), Some(last)) = (labels.first(), labels.last()) {
        order.push(first);
        if last != first {
            order.push(last);
        }
        order.extend(labels.iter().skip(1).take(labels.len().saturating_sub(2)));
    }
    order.into_iter().map(|l| literal(l)).collect()
}

/// The extremes that fit `numeric(p, s)` (typmod `((p << 16) | s) + 4`),
/// then ordinary values.
fn numeric(typmod: i32) -> Vec<String> {
    let mut out = Vec::new();
    if typmod >= 4 {
        let p = ((typmod - 4) >> 16) & 0xffff;
        let s = (typmod - 4) & 0xffff;
        let int_digits = usize::try_from(p - s).unwrap_or(0);
        let frac_digits = usize::try_from(s).unwrap_or(0);
        if int_digits + frac_digits > 0 {
            let whole = if int_digits == 0 {
                "0".to_string()
            } else {
                "9".repeat(int_digits)
            };
            let max = if frac_digits == 0 {
                whole
            } else {
                format!("{whole}.{}", "9".repeat(frac_digits))
            };
            out.push(literal(&format!("-{max}")));
            out.push(literal(&max));
        }
        out.push(literal("0"));
        if frac_digits > 0 {
            out.push(literal("0.5"));
        }
        if int_digits > 0 {
            out.extend(["1", "2", "3"].map(literal));
        }
    } else {
        out.extend(
            [
                "-99999999999999999999.999999",
                "99999999999999999999.999999",
                "0",
                "0.5",
                "1",
                "2",
                "3",
            ]
            .map(literal),
        );
    }
    out
}

/// Strings, cut to the column's length (`varchar(n)`, `char(n)`: typmod
/// `n + 4`), distinct ones first.
fn strings(base: &str, typmod: i32) -> Vec<String> {
    let max = (typmod >= 4).then(|| usize::try_from(typmod - 4).unwrap_or(1));
    let mut items: Vec<String> = Vec::new();
    if base != "bpchar" || max.is_none() {
        items.push(String::new());
    }
    items.push(match max {
        Some(n) => "z".repeat(n.min(10_000)),
        None => "ünïcödé ✓ 'quoted' \\ long value".into(),
    });
    items.extend(["unexpected", "x", "y", "w", "1", "2"].map(String::from));
    let mut out: Vec<String> = Vec::new();
    for item in items {
        let cut: String = match max {
            Some(n) => item.chars().take(n).collect(),
            None => item,
        };
        let lit = literal(&cut);
        if !out.contains(&lit) {
            out.push(lit);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(base: &str, typmod: i32) -> TypeInfo {
        TypeInfo {
            base: base.into(),
            category: String::new(),
            typmod,
            ..TypeInfo::default()
        }
    }

    #[test]
    fn numeric_extremes_fit_the_precision_and_scale() {
        // numeric(5, 2)
        let v = candidates(&ty("numeric", (5 << 16 | 2) + 4));
        assert_eq!(v[..2], ["'-999.99'".to_string(), "'999.99'".into()]);
    }

    #[test]
    fn strings_fit_the_length_and_stay_distinct() {
        let v = candidates(&ty("varchar", 1 + 4));
        assert!(v.iter().all(|s| s.chars().count() <= 3), "{v:?}");
        let mut sorted = v.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), v.len());
    }

    #[test]
    fn enum_labels_go_first_last_then_the_rest() {
        let t = TypeInfo {
            category: "E".into(),
            labels: vec!["a".into(), "b".into(), "c".into()],
            ..TypeInfo::default()
        };
        assert_eq!(candidates(&t), ["'a'", "'c'", "'b'"]);
    }
}

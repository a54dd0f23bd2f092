//! Generic options as the foreign-data queries read them: by name, each
//! either `{"plain": value}` or `{"secret": md5}` (the server hashed a value
//! that looks secret, so it never reaches us).

use crate::model::{OptionValue, Options};
use serde::Deserialize;
use std::collections::BTreeMap;

/// One option's value as a query returns it.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct OptionRow {
    pub plain: Option<String>,
    pub secret: Option<String>,
}

/// The rows of one `options` column, as model options.
pub(super) fn options(rows: BTreeMap<String, OptionRow>) -> Options {
    rows.into_iter()
        .map(|(name, row)| {
            let value = match (row.secret, row.plain) {
                (Some(hash), _) => OptionValue::Secret { hash },
                (None, plain) => OptionValue::Plain(plain.unwrap_or_default()),
            };
            (name, value)
        })
        .collect()
}

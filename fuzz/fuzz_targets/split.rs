//! The statement splitter and the transaction control found with it: never
//! a panic, and every statement is where it says it is.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pg_roundtrip::source::{breaks_transaction, split_statements, transaction_control};

fuzz_target!(|data: &[u8]| {
    let Ok(sql) = std::str::from_utf8(data) else {
        return;
    };
    let statements = split_statements(sql);
    let chars: Vec<char> = sql.chars().collect();
    let mut previous_end = 0;
    for statement in &statements {
        assert!(!statement.text.is_empty());
        assert!(statement.start >= previous_end, "statements out of order");
        // `start` counts characters; `line` is the line of that character.
        let at: String = chars[statement.start..]
            .iter()
            .take(statement.text.chars().count())
            .collect();
        assert_eq!(at, statement.text, "text is not at its start");
        let line = 1 + chars[..statement.start]
            .iter()
            .filter(|&&c| c == '\n')
            .count();
        assert_eq!(line, statement.line);
        previous_end = statement.start + statement.text.chars().count();
    }
    let controls = transaction_control(sql);
    assert!(controls.len() <= statements.len());
    if let Some(control) = breaks_transaction(sql) {
        assert!(controls.contains(&control));
    }
});

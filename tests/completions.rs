//! `completions SHELL` and `man`: generated from the clap definitions, so
//! they name every command; the bash script is valid bash and the man
//! page is valid roff (rendered by groff, with no warning).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::bin::{PgRoundtrip, text};
use std::process::Command;

const COMMANDS: [&str; 9] = [
    "check",
    "inspect",
    "review",
    "accept",
    "reject",
    "merge-reports",
    "config",
    "completions",
    "man",
];

fn run(args: &[&str]) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let o = PgRoundtrip::new(tmp.path()).args(args).output();
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", text(&o));
    assert!(o.stderr.is_empty(), "{args:?}: {}", text(&o));
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn every_shell_gets_a_script_naming_every_command_and_flag() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = run(&["completions", shell]);
        for command in COMMANDS {
            assert!(script.contains(command), "{shell}: no {command}");
        }
        for flag in ["allow-irreversible", "step-timeout", "backend", "config"] {
            assert!(script.contains(flag), "{shell}: no --{flag}");
        }
    }
}

#[test]
fn the_bash_script_is_valid_bash_and_completes_subcommands() {
    let script = run(&["completions", "bash"]);
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("pg-roundtrip.bash");
    std::fs::write(&file, &script).unwrap();
    // Source it, find the function it registered for pg-roundtrip, and
    // ask it for the completions of `pg-roundtrip ch`.
    let probe = format!(
        "set -e\nsource {}\nf=$(complete -p pg-roundtrip | sed -E 's/.*-F ([^ ]+).*/\\1/')\nCOMP_WORDS=(pg-roundtrip ch)\nCOMP_CWORD=1\n\"$f\" pg-roundtrip ch pg-roundtrip\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"",
        file.display()
    );
    let o = Command::new("bash").arg("-c").arg(&probe).output().unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let replies = String::from_utf8_lossy(&o.stdout);
    assert_eq!(
        replies.lines().collect::<Vec<_>>(),
        ["check"],
        "{}",
        text(&o)
    );
}

#[test]
fn an_unknown_shell_is_bad_usage() {
    let tmp = tempfile::tempdir().unwrap();
    let o = PgRoundtrip::new(tmp.path())
        .args(["completions", "tcsh"])
        .output();
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("possible values: bash, elvish, fish, powershell, zsh"),
        "{}",
        text(&o)
    );
}

#[test]
fn the_man_page_is_roff_that_names_every_command() {
    let page = run(&["man"]);
    assert!(
        page.starts_with(".ie \\n(.g .ds Aq"),
        "{}",
        &page[..200.min(page.len())]
    );
    assert!(page.contains(".TH pg-roundtrip 1"), "no title");
    for command in COMMANDS {
        // roff escapes every hyphen.
        let escaped = command.replace('-', "\\-");
        assert!(
            page.contains(&format!("pg\\-roundtrip\\-{escaped}(1)")),
            "no {command}"
        );
    }
    // groff renders it, and warns about nothing.
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("pg-roundtrip.1");
    std::fs::write(&file, &page).unwrap();
    let o = Command::new("groff")
        .args(["-k", "-man", "-Tutf8", "-ww", "-z"])
        .arg(&file)
        .output()
        .expect("groff (Debian package groff-base) renders man pages");
    assert!(o.status.success(), "{}", text(&o));
    assert!(o.stderr.is_empty(), "groff warned: {}", text(&o));
}

#[test]
fn man_dir_writes_one_page_per_command() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("man1");
    let out = run(&["man", "--dir", dir.to_str().unwrap()]);
    assert_eq!(out, format!("wrote the man pages into {}\n", dir.display()));
    let mut pages: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    pages.sort();
    let mut expected: Vec<String> = COMMANDS
        .iter()
        .map(|c| format!("pg-roundtrip-{c}.1"))
        .chain(["pg-roundtrip.1".to_string()])
        .collect();
    expected.sort();
    assert_eq!(pages, expected);
    let check = std::fs::read_to_string(dir.join("pg-roundtrip-check.1")).unwrap();
    assert!(
        check.contains("allow\\-irreversible"),
        "check's page has its flags"
    );
}

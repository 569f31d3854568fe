//! `tidings dict check` and `tidings dict convert`.

use std::fs;
use std::process::Command;

fn tidings() -> Command {
    Command::new(env!("CARGO_BIN_EXE_tidings"))
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = tidings().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

#[test]
fn built_in_dictionaries_lint_clean() {
    let (code, stdout, stderr) = run(&["dict", "check"]);
    assert_eq!(code, 0, "issues in the built-in dictionaries:\n{stdout}{stderr}");
    assert!(stdout.is_empty());
}

#[test]
fn check_reports_each_issue_with_file_and_line_and_exits_4() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(
        d.join("agents.tsv"),
        "# phrase\tcode\tplural\nsoldier\t~MIL\t\ntrooper\t~MIL\t\nsoldier\t~MIL\t\nguard\t~COP\t\nguard\t~MIL\t\n",
    )
    .unwrap();
    fs::write(
        d.join("people.tsv"),
        "Ann Example\tUSAGOV\t2020-01-01\t2021-13-01\t\tPresident\n\
         Bob Example\tUSAGOV\t2020-05-01\t2019-01-01\t\tPresident\n\
         Cy Example\tUSAGOV\t2010-01-01\t2015-01-01\t\tPresident\n\
         Cy Example\tUSAOPP\t2014-01-01\t2016-01-01\t\tCandidate\n",
    )
    .unwrap();
    fs::write(
        d.join("verbs.txt"),
        "synset &UNUSED: thing\n== MEET 040\nverb meet (meets met met meeting)\n* (with +) = 040\n* (with  +) = 043\n\
         * talks = 040\n* talks = 040\n== VISIT 042\nverb meet\n== PRAISE 051\nverb laud = 999\n",
    )
    .unwrap();
    let (code, stdout, _) = run(&["dict", "check", d.to_str().unwrap()]);
    assert_eq!(code, 4, "{stdout}");
    let has = |file: &str, line: usize, kind: &str| {
        let prefix = format!("{}:{line}: {kind}:", d.join(file).display());
        assert!(stdout.lines().any(|l| l.starts_with(&prefix)), "missing {prefix}\n{stdout}");
    };
    has("agents.tsv", 4, "duplicate");
    has("agents.tsv", 6, "conflict");
    has("people.tsv", 1, "bad date");
    has("people.tsv", 2, "bad date");
    has("people.tsv", 4, "bad date");
    has("verbs.txt", 1, "unreachable");
    has("verbs.txt", 5, "unreachable");
    has("verbs.txt", 7, "duplicate");
    has("verbs.txt", 9, "conflict");
    has("verbs.txt", 11, "unknown code");
    assert!(!stdout.contains("agents.tsv:3:"), "a distinct agent is fine:\n{stdout}");
}

#[test]
fn check_lints_petrarch_files_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("my.agents.txt");
    fs::write(&f, "SOLDIER_ [~MIL]\nGUARD [COP]\n").unwrap();
    let (code, stdout, _) = run(&["dict", "check", f.to_str().unwrap()]);
    assert_eq!(code, 4);
    assert!(stdout.starts_with(&format!("{}:2: syntax:", f.display())), "{stdout}");
    let (code, _, stderr) = run(&["dict", "check", dir.path().join("missing").to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
}

#[test]
fn convert_round_trips_and_output_is_loadable() {
    let dir = tempfile::tempdir().unwrap();
    let src = concat!(env!("CARGO_MANIFEST_DIR"), "/../cameo/data");
    let pet = dir.path().join("petrarch");
    let (code, _, stderr) = run(&["dict", "convert", "--to", "petrarch", src, pet.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    for name in ["tidings.actors.txt", "tidings.agents.txt", "tidings.verbs.txt", "tidings.discards.txt"] {
        assert!(pet.join(name).is_file(), "{name}");
    }
    let verbs = fs::read_to_string(pet.join("tidings.verbs.txt")).unwrap();
    assert!(verbs.contains("MEET"), "verbs written");
    // The PETRARCH output passes the PETRARCH syntax lint.
    let (code, stdout, _) = run(&["dict", "check", pet.to_str().unwrap()]);
    assert_eq!(code, 0, "{stdout}");
    // And back to tidings: same verbs and agents as the source files.
    let back = dir.path().join("back");
    let (code, _, stderr) = run(&["dict", "convert", "--to", "tidings", pet.to_str().unwrap(), back.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let src_verbs =
        tidings_cameo::format::parse_verbs(&fs::read_to_string(format!("{src}/verbs.txt")).unwrap(), "a").unwrap();
    let back_verbs =
        tidings_cameo::format::parse_verbs(&fs::read_to_string(back.join("verbs.txt")).unwrap(), "b").unwrap();
    assert_eq!(src_verbs.verb_count(), back_verbs.verb_count());
    assert_eq!(src_verbs.pattern_count(), back_verbs.pattern_count());
    let agents = fs::read_to_string(back.join("agents.tsv")).unwrap();
    assert!(agents.lines().any(|l| l.starts_with("military\t~MIL")), "{agents}");
    // Single files convert too.
    let one = dir.path().join("one.txt");
    let (code, _, stderr) =
        run(&["dict", "convert", "--to", "petrarch", &format!("{src}/agents.tsv"), one.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(fs::read_to_string(&one).unwrap().contains("[~MIL]"));
    let (code, _, _) = run(&["dict", "convert", "--to", "petrarch", &format!("{src}/igos.tsv"), one.to_str().unwrap()]);
    assert_eq!(code, 1, "igos.tsv alone has no converter");
}

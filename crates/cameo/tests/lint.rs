//! `check::lint_files` / `lint_embedded`: the tidings-format dictionary lints.

use tidings_cameo::check::{lint_embedded, lint_files, LintFile, LintKind};

fn file(name: &str, text: &str) -> LintFile {
    LintFile { name: name.into(), label: name.into(), text: text.into() }
}

fn kinds(files: &[LintFile]) -> Vec<(String, usize, LintKind)> {
    lint_files(files).into_iter().map(|f| (f.file, f.line, f.kind)).collect()
}

#[test]
fn embedded_dictionaries_have_no_lint_findings() {
    let found = lint_embedded();
    let shown: Vec<String> = found.iter().take(40).map(|f| f.to_string()).collect();
    assert!(found.is_empty(), "{} findings:\n{}", found.len(), shown.join("\n"));
}

#[test]
fn actor_phrases_with_two_codes_conflict_across_files() {
    let countries = "FRA\tFR\tFrance\t\tFrench\tParis|Elysee=GOV\nFRA\tFR\tFrance\t\t\t\n";
    let igos = "IGOEUREEC\tEuropean Union\tEU|Paris\n";
    let people = "Jean Example\tFRAGOV\t2020-01-01\t2021-01-01\tJ. Example\tMinister\n\
                  Jean Example\tFRAOPP\t2021-01-02\t\t\tMP\n\
                  Other Person\tDEUGOV\t2020-01-01\t\tJ. Example\tMinister\n";
    let got = kinds(&[file("countries.tsv", countries), file("igos.tsv", igos), file("people.tsv", people)]);
    assert!(got.contains(&("countries.tsv".into(), 2, LintKind::Duplicate)), "{got:?}");
    assert!(got.contains(&("igos.tsv".into(), 1, LintKind::Conflict)), "Paris is already France: {got:?}");
    assert!(got.contains(&("people.tsv".into(), 3, LintKind::Conflict)), "variant of two people: {got:?}");
    assert!(!got.iter().any(|(f, n, _)| f == "people.tsv" && *n == 2), "consecutive terms are fine: {got:?}");
}

#[test]
fn bad_dates_and_overlaps() {
    let people =
        "A B\tUSAGOV\t2020-02-30\t\t\tX\nC D\tUSAGOV\t1066-10-14\t\t\tX\nE F\tUSAGOV\t2020-01-01\t2022-01-01\t\tX\n\
                  E F\tUSALEG\t2021-06-01\t\t\tY\n";
    let got = kinds(&[file("people.tsv", people)]);
    assert_eq!(
        got,
        vec![
            ("people.tsv".into(), 1, LintKind::BadDate),
            ("people.tsv".into(), 2, LintKind::BadDate),
            ("people.tsv".into(), 4, LintKind::BadDate)
        ]
    );
}

#[test]
fn verb_lints() {
    let verbs = "synset &S: a, b, a\n== ONE 040\nverb go (goes went gone going)\n* (to +) = 042\n* (to +) = 043\n\
                 == TWO ---\nverb went\nverb idle = ---\n== EMPTY 010\n* &S = 010\n";
    let got = kinds(&[file("verbs.txt", verbs)]);
    assert!(got.contains(&("verbs.txt".into(), 1, LintKind::Duplicate)), "synset phrase twice: {got:?}");
    assert!(got.contains(&("verbs.txt".into(), 5, LintKind::Unreachable)), "shadowed: {got:?}");
    assert!(got.contains(&("verbs.txt".into(), 7, LintKind::Conflict)), "form of another verb: {got:?}");
    assert!(got.contains(&("verbs.txt".into(), 8, LintKind::Unreachable)), "--- verb, no patterns: {got:?}");
    assert!(got.contains(&("verbs.txt".into(), 10, LintKind::Unreachable)), "block without verbs: {got:?}");
    let syntax = kinds(&[file("verbs.txt", "== X 040\nverb meet\n* &NOPE = 040\n")]);
    assert_eq!(syntax, vec![("verbs.txt".into(), 3, LintKind::Syntax)]);
}

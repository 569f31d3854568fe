//! PETRARCH-2 role assignment: a pattern naming both sides of a passive verb, and a
//! verb that codes no event leaving the verbs inside its phrase to be coded;
//! sentences and dictionaries written for these tests.

mod common;

use tidings_coder::penn::parse_penn;
use tidings_coder::Coder;
use tidings_dict::Dictionaries;

const VERBS: &str = "\
--- FREE [080] ---
FREE {FREED FREES}
- + * (FROM $) [080]
- * {NEW RELATIONS} [1951]

--- NOTE [010] ---
NOTE {NOTED NOTES}

--- DELAY [120] ---
DELAY {DELAYED DELAYS}

--- ALLOW [080] ---
ALLOW {ALLOWED}
- * {NEATEST PLACE} [027]

--- SIGN [057] ---
SIGN {SIGNED}
- * {TO SUPPLY} [0571]
- * ACCORD [056]
";

fn code(penn: &str) -> Vec<(String, String, String)> {
    let (d, diags) = Dictionaries::from_texts(VERBS, &["ARNOR [ARN]\nGONDOR [GON]\nROHAN [ROH]\n"], "", "");
    assert!(diags.is_empty(), "{diags:?}");
    assert!(d.verbs.petrarch2);
    let tree = parse_penn(penn).unwrap();
    common::triples(Coder::new(d).code(&tree, None))
}

fn ev(s: &str, t: &str, c: &str) -> (String, String, String) {
    (s.to_string(), t.to_string(), c.to_string())
}

#[test]
fn a_pattern_naming_both_sides_of_a_passive_verb_is_not_swapped() {
    let penn = "(ROOT (S (NP (NNP Arnor)) (VP (VBD was) (VP (VBN freed) (PP (IN from) (NP (NNP Gondor))))) (. .)))";
    assert_eq!(code(penn), vec![ev("GON", "ARN", "080")]);
}

#[test]
fn a_verb_without_an_event_leaves_its_clause_to_be_coded() {
    let penn =
        "(ROOT (S (NP (PRP It)) (VP (VBZ has) (VP (VBN been) (VP (VBN noted) (SBAR (IN that) (S (NP (NNP Gondor)) \
                (VP (VBD delayed) (NP (NNP Rohan)))))))) (. .)))";
    assert_eq!(code(penn), vec![ev("GON", "ROH", "120")]);
    // a coded statement keeps its phrase: Arnor noted (010) the delay, nothing more
    let penn = "(ROOT (S (NP (NNP Arnor)) (VP (VBD noted) (SBAR (IN that) (S (NP (NNP Gondor)) \
                (VP (VBD delayed) (NP (NNP Rohan)))))) (. .)))";
    assert_eq!(code(penn), vec![ev("ARN", "GON", "010")]);
}

#[test]
fn post_verb_pattern_words_stay_out_of_a_clause_with_its_own_subject() {
    let penn = "(ROOT (S (NP (NNP Arnor)) (VP (VBD allowed) (SBAR (IN that) (S (NP (NNP Gondor)) (VP (VBZ is) \
                (NP (DT the) (JJS neatest) (NN place)))))) (. .)))";
    assert_eq!(code(penn), vec![ev("ARN", "GON", "080")]);
    // the verb's own object still matches
    let penn = "(ROOT (S (NP (NNP Arnor)) (VP (VBD allowed) (NP (NP (DT the) (JJS neatest) (NN place)) (PP (IN for) \
                (NP (NNP Gondor))))) (. .)))";
    assert_eq!(code(penn), vec![ev("ARN", "GON", "027")]);
}

#[test]
fn braced_pattern_words_are_noun_phrase_words() {
    // `{TO SUPPLY}` names a noun phrase; the verb `to supply` does not match it
    let penn = "(ROOT (S (NP (NNP Arnor)) (VP (VBD signed) (NP (DT an) (NN accord)) (S (VP (TO to) (VP (VB supply) \
                (NP (NNP Gondor)))))) (. .)))";
    assert_eq!(code(penn), vec![ev("ARN", "GON", "056")]);
}

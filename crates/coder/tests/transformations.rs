//! `~` transformations of PETRARCH-2 verb dictionaries (dictionaries.rst,
//! "Transformations"): an upper verb acting on a lower one, with the roles of the
//! lower clause's actors. Sentences and dictionaries written for these tests.

mod common;

use tidings_coder::penn::parse_penn;
use tidings_coder::Coder;
use tidings_dict::Dictionaries;

const VERBS: &str = "\
--- SAY [010] ---
SAY {SAID SAYS}
- * (TO +) [010]

--- ATTACK [190] ---
ATTACK {ATTACKED ATTACKS}
- * (WITH +) [190]

--- HELP [070] ---
HELP {HELPED HELPS}

--- WANT [013] ---
WANT {WANTED WANTS}
";

const TRANSFORMS: &str = "
~ a (a b ATTACK) SAY = a b 015
~ a (b . ATTACK) SAY = a b 112
~ a (a b Q) SAY = a b Q
~ a (_ b ATTACK) WANT = a b 138
";

const ACTORS: &str = "\
ARNOR [ARN]
GONDOR [GON]
ITHILIEN [ITH]
";

fn coder(with_transforms: bool) -> Coder {
    let verbs = if with_transforms { format!("{VERBS}{TRANSFORMS}") } else { VERBS.to_string() };
    let (d, diags) = Dictionaries::from_texts(&verbs, &[ACTORS], "", "");
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(d.verbs.transforms.len(), if with_transforms { 4 } else { 0 });
    Coder::new(d)
}

fn code(c: &Coder, penn: &str) -> Vec<(String, String, String)> {
    let tree = parse_penn(penn).expect("tree");
    common::triples(c.code(&tree, None))
}

fn ev(s: &str, t: &str, c: &str) -> Vec<(String, String, String)> {
    vec![(s.to_string(), t.to_string(), c.to_string())]
}

const SAID_WILL_ATTACK: &str = "(ROOT (S (NP (NNP Arnor)) (VP (VBD said) (SBAR (S (NP (NNP Arnor)) \
     (VP (MD will) (VP (VB attack) (NP (NNP Gondor))))))) (. .)))";

#[test]
fn a_source_saying_it_will_attack_threatens() {
    assert_eq!(code(&coder(true), SAID_WILL_ATTACK), ev("ARN", "GON", "015"));
    // without the transformation the statement stands
    assert!(code(&coder(false), SAID_WILL_ATTACK).iter().all(|(_, _, c)| c != "015"));
}

#[test]
fn saying_another_attacked_is_an_accusation_against_it() {
    let got = code(
        &coder(true),
        "(ROOT (S (NP (NNP Arnor)) (VP (VBD said) (SBAR (IN that) (S (NP (NNP Gondor)) \
         (VP (VBD attacked) (NP (NNP Ithilien)))))) (. .)))",
    );
    assert_eq!(got, ev("ARN", "GON", "112"));
}

#[test]
fn q_carries_the_lower_verb_code() {
    let got = code(
        &coder(true),
        "(ROOT (S (NP (NNP Arnor)) (VP (VBD said) (SBAR (S (NP (NNP Arnor)) \
         (VP (MD will) (VP (VB help) (NP (NNP Gondor))))))) (. .)))",
    );
    assert_eq!(got, ev("ARN", "GON", "070"));
}

#[test]
fn wanting_to_attack_with_no_lower_source_is_a_threat() {
    let got = code(
        &coder(true),
        "(ROOT (S (NP (NNP Arnor)) (VP (VBZ wants) (S (VP (TO to) (VP (VB attack) (NP (NNP Gondor)))))) (. .)))",
    );
    assert_eq!(got, ev("ARN", "GON", "138"));
}

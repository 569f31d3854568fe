//! Verb+verb combination through the PETRARCH coding ontology (Petrarch2.tex,
//! "Combinations"), on sentences, dictionaries and an ontology written for these tests.

mod common;

use tidings_coder::penn::parse_penn;
use tidings_coder::Coder;
use tidings_dict::{Dictionaries, Ontology};

const VERBS: &str = "\
--- INTEND [030] ---
INTEND {INTENDS INTENDED}

--- HELP [070] ---
HELP {HELPS HELPED}

--- SEE [010] ---
SEE {SEES SAW SEEN}

--- ATTACK [190] ---
ATTACK {ATTACKS ATTACKED}

--- URGE [023] ---
URGE {URGES URGED}

--- RESPOND [010] ---
RESPOND {RESPONDS RESPONDED}

--- SAY [010] ---
SAY {SAYS SAID}

--- TRADE [0999] ---
TRADE {TRADES}
";

const ACTORS: &str = "\
ARNOR [ARN]
GONDOR [GON]
ROHAN [ROH]
";

const ONTOLOGY: &str = "\
010:0x1000
020:0x2000
023:0x2040
030:0x3000
033:0x3040
070:0x0040
190:0x0090
0999:0x0999
";

fn coder(with_ontology: bool) -> Coder {
    let (mut d, diags) = Dictionaries::from_texts(VERBS, &[ACTORS], "", "");
    assert!(diags.is_empty(), "{diags:?}");
    if with_ontology {
        let (o, diags) = Ontology::parse(ONTOLOGY, "pico");
        assert!(diags.is_empty(), "{diags:?}");
        d.ontology = Some(o);
    }
    Coder::new(d)
}

fn code(c: &Coder, penn: &str) -> Vec<(String, String, String)> {
    let tree = parse_penn(penn).expect("tree parses");
    common::triples(c.code(&tree, None))
}

fn ev(s: &str, t: &str, c: &str) -> (String, String, String) {
    (s.to_string(), t.to_string(), c.to_string())
}

const INTEND_TO_HELP: &str =
    "(ROOT (S (NP (NNP Arnor)) (VP (VBZ intends) (S (VP (TO to) (VP (VB help) (NP (NNP Gondor)))))) (. .)))";

#[test]
fn intend_to_help_is_intent_to_aid() {
    assert_eq!(code(&coder(true), INTEND_TO_HELP), vec![ev("ARN", "GON", "033")]);
    // without an ontology the upper verb's own code stands
    assert_eq!(code(&coder(false), INTEND_TO_HELP), vec![ev("ARN", "GON", "030")]);
}

#[test]
fn an_observation_leaves_the_lower_verb() {
    let penn = "(ROOT (S (NP (NNP Arnor)) (VP (VBD was) (VP (VBN seen) (S (VP (TO to) (VP (VB attack) \
                (NP (NNP Gondor))))))) (. .)))";
    assert_eq!(code(&coder(true), penn), vec![ev("ARN", "GON", "190")]);
}

#[test]
fn the_object_of_the_upper_verb_stays_the_target() {
    let penn = "(ROOT (S (NP (NNP Arnor)) (VP (VBD urged) (S (NP (NNP Gondor)) (VP (TO to) (VP (VB respond) \
                (PP (IN to) (NP (NNP Rohan))))))) (. .)))";
    assert_eq!(code(&coder(true), penn), vec![ev("ARN", "GON", "023")]);
}

#[test]
fn no_combination_without_a_cameo_code_or_across_a_clause() {
    // intend (0x3000) + 0x0999 = 0x3999: not listed, the upper code stands
    let penn =
        "(ROOT (S (NP (NNP Arnor)) (VP (VBZ intends) (S (VP (TO to) (VP (VB trade) (PP (IN with) (NP (NNP Gondor))))))) (. .)))";
    assert_eq!(code(&coder(true), penn), vec![ev("ARN", "GON", "030")]);
    // a finite clause with its own subject is not the verb acted on
    let penn = "(ROOT (S (NP (NNP Arnor)) (VP (VBD said) (SBAR (IN that) (S (NP (NNP Gondor)) (VP (MD will) \
                (VP (VB help) (NP (NNP Rohan))))))) (. .)))";
    assert_eq!(code(&coder(true), penn), vec![ev("ARN", "GON", "010")]);
}

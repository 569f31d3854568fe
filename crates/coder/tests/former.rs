//! TABARI's FORMER conversion with PETRARCH-1 dictionaries: "former" office holders take
//! the elite role in place of their agents; PETRARCH-2 dictionaries ignore "former".
//! Sentences and dictionaries written for these tests.

mod common;

use tidings_coder::penn::parse_penn;
use tidings_coder::Coder;
use tidings_dict::Dictionaries;

const VERBS: &str = "\
--- CRITICIZE [111] ---
CRITICIZE {CRITICIZED CRITICIZES}
";

const ACTORS: &str = "\
ARNOR [ARN]
GONDOR [GON]
WHITE_TOWER [GONGOV]
";

const AGENTS: &str = "\
OFFICIALS [~GOV]
PROSECUTORS [~JUD]
POLICE [~COP]
";

fn triples(petrarch2: bool, penn: &str) -> Vec<(String, String, String)> {
    let (mut d, diags) = Dictionaries::from_texts(VERBS, &[ACTORS], AGENTS, "");
    assert!(diags.is_empty(), "{diags:?}");
    d.verbs.petrarch2 = petrarch2;
    let c = Coder::new(d);
    let tree = parse_penn(penn).expect("tree");
    common::triples(c.code(&tree, None))
}

const SENTENCE: &str = "(ROOT (S (NP (NNP Arnor) (JJ former) (NNS officials)) (VP (VBD criticized) \
     (NP (JJ former) (NNP Gondor) (NNS prosecutors))) (. .)))";

#[test]
fn former_office_holders_are_elites_with_petrarch1_dictionaries() {
    let got = triples(false, SENTENCE);
    assert_eq!(got, vec![("ARNELI".to_string(), "GONELI".to_string(), "111".to_string())]);
}

#[test]
fn an_actor_role_stays_and_elite_is_appended() {
    let got = triples(
        false,
        "(ROOT (S (NP (NP (JJ Former) (NNS officials)) (PP (IN in) (NP (NNP White) (NNP Tower)))) \
         (VP (VBD criticized) (NP (NNP Arnor) (NN police))) (. .)))",
    );
    assert_eq!(got, vec![("GONGOVELI".to_string(), "ARNCOP".to_string(), "111".to_string())]);
}

#[test]
fn petrarch2_dictionaries_ignore_former() {
    let got = triples(true, SENTENCE);
    assert_eq!(got, vec![("ARNGOV".to_string(), "GONJUD".to_string(), "111".to_string())]);
}

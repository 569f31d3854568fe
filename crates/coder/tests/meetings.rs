//! Symmetric coding of meeting verbs (CAMEO 04 family) and place adjuncts, on
//! sentences and dictionaries written for these tests.

use tidings_coder::penn::parse_penn;
use tidings_coder::Coder;
use tidings_dict::Dictionaries;

const VERBS: &str = "\
--- MEET [040] ---
MEET {MET MEETS MEETING}
- * WITH + [046]

--- TALK [040] ---
TALK {TALKED TALKS}

--- ATTACK [190] ---
ATTACK {ATTACKED}

--- VISIT [042] ---
VISIT {VISITED}

--- HOLD [---] ---
HOLD {HELD HOLDS}
- * SUMMIT [040]

--- PLEDGE [051] ---
PLEDGE {PLEDGED}
";

const ACTORS: &str = "\
ARNOR [ARN]
GONDOR [GON]
ROHAN [ROH]
MORDOR [MOR]
";

fn coder() -> Coder {
    let (d, diags) = Dictionaries::from_texts(VERBS, &[ACTORS], "LEADER [~GOV]\n", "");
    assert!(diags.is_empty(), "{diags:?}");
    Coder::new(d)
}

/// (source, target, code) triples, sorted.
fn code(penn: &str) -> Vec<(String, String, String)> {
    let tree = parse_penn(penn).expect("test tree parses");
    let mut out: Vec<_> = coder()
        .code(&tree, None)
        .into_iter()
        .map(|e| {
            let side = |a: Option<tidings_coder::ActorHit>| a.map(|a| a.code).unwrap_or_default();
            (side(e.source), side(e.target), e.code)
        })
        .collect();
    out.sort();
    out
}

fn ev(s: &str, t: &str, c: &str) -> (String, String, String) {
    (s.to_string(), t.to_string(), c.to_string())
}

#[test]
fn compound_subject_meeting_at_a_place_is_reciprocal() {
    let got = code(
        "(S (NP (NP (NNP Arnor)) (CC and) (NP (NNP Gondor))) (VP (VBD met) (PP (IN at) \
         (NP (NP (DT a) (NN fortress)) (PP (IN in) (NP (NNP Mordor)))))) (. .))",
    );
    assert_eq!(got, vec![ev("ARN", "GON", "040"), ev("GON", "ARN", "040")]);
}

#[test]
fn compound_subject_talks_without_object_are_reciprocal() {
    let got = code("(S (NP (NP (NNP Rohan)) (CC and) (NP (NNP Gondor))) (VP (VBD talked)) (. .))");
    assert_eq!(got, vec![ev("GON", "ROH", "040"), ev("ROH", "GON", "040")]);
}

#[test]
fn single_subject_meeting_in_a_place_has_no_target() {
    assert_eq!(code("(S (NP (NNP Arnor)) (VP (VBD met) (PP (IN in) (NP (NNP Mordor)))) (. .))"), vec![]);
}

#[test]
fn meeting_object_still_wins_over_the_place() {
    let got = code("(S (NP (NNP Arnor)) (VP (VBD met) (NP (NNP Gondor)) (PP (IN in) (NP (NNP Mordor)))) (. .))");
    assert_eq!(got, vec![ev("ARN", "GON", "040")]);
    let got = code(
        "(S (NP (NNP Arnor)) (VP (VBD met) (PP (IN with) (NP (NNP Gondor))) (PP (IN in) (NP (NNP Mordor)))) (. .))",
    );
    assert_eq!(got, vec![ev("ARN", "GON", "046")]);
}

#[test]
fn other_verbs_keep_the_place_as_target() {
    let got = code("(S (NP (NNP Arnor)) (VP (VBD attacked) (PP (IN in) (NP (NNP Mordor)))) (. .))");
    assert_eq!(got, vec![ev("ARN", "MOR", "190")]);
    let got = code("(S (NP (NNP Arnor)) (VP (VBD visited) (PP (IN in) (NP (NNP Mordor)))) (. .))");
    assert_eq!(got, vec![ev("ARN", "MOR", "042")]);
}

#[test]
fn group_subject_of_a_subordinate_meeting_clause_names_the_earlier_actors() {
    let got = code(
        "(S (NP (DT The) (NNP Arnor) (NN leader)) (VP (VBD pledged) (NP (NN support)) (PP (TO to) (NP (NNP Gondor))) \
         (SBAR (IN as) (S (NP (DT the) (CD two) (NNS leaders)) (VP (VBD held) (NP (DT a) (NN summit)) \
         (PP (IN at) (NP (NNP Mordor))))))) (. .))",
    );
    assert_eq!(got, vec![ev("ARNGOV", "GON", "040"), ev("ARNGOV", "GON", "051"), ev("GON", "ARNGOV", "040")]);
}

#[test]
fn group_subject_without_antecedents_codes_nothing() {
    let got = code("(S (NP (DT The) (CD two) (NNS leaders)) (VP (VBD held) (NP (DT a) (NN summit))) (. .))");
    assert_eq!(got, vec![]);
}

#[test]
fn compound_subject_holding_a_summit_is_reciprocal() {
    let got = code(
        "(S (NP (NP (NNP Arnor)) (CC and) (NP (NNP Rohan))) (VP (VBD held) (NP (DT a) (NN summit)) \
         (PP (IN in) (NP (NNP Mordor)))) (. .))",
    );
    assert_eq!(got, vec![ev("ARN", "ROH", "040"), ev("ROH", "ARN", "040")]);
}

#[test]
fn subordinate_non_meeting_verbs_stay_covered() {
    // only the outer verb codes: the attack inside its phrase is not coded again
    let got = code(
        "(S (NP (NNP Arnor)) (VP (VBD pledged) (NP (NN support)) (PP (TO to) (NP (NNP Gondor))) \
         (SBAR (IN as) (S (NP (NNP Rohan)) (VP (VBD attacked) (NP (NNP Mordor)))))) (. .))",
    );
    assert_eq!(got, vec![ev("ARN", "GON", "051")]);
}

#[test]
fn purpose_clause_of_a_meeting_is_not_its_target() {
    let got = code(
        "(S (NP (NP (NNP Arnor)) (CC and) (NP (NNP Gondor))) (VP (VBD met) (PP (IN in) (NP (NNP Rohan))) \
         (S (VP (TO to) (VP (VB talk) (PP (IN about) (NP (NNP Mordor))))))) (. .))",
    );
    assert_eq!(got, vec![ev("ARN", "GON", "040"), ev("GON", "ARN", "040")]);
}

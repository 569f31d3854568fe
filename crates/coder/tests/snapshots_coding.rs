//! Snapshot of coded events for hand-written records-like trees and a small
//! dictionary written for these tests.

use tidings_coder::penn::parse_penn;
use tidings_coder::{CodedEvent, Coder};
use tidings_dict::Dictionaries;
use tidings_model::Date;

const VERBS: &str = "\
&AID_
+AID
+ASSISTANCE

--- ACCUSE [112] ---
ACCUSE

--- ATTACK [190] ---
ATTACK
- NOT * [120]
- * WITH ROCKETS [195]

--- MEET [040] ---
MEET {MET MEETS MEETING}
- * WITH + [042]

--- ASK [020] ---
ASK
- * + FOR &AID [023]

--- VISIT [042:043] ---
VISIT
";

const ACTORS: &str = "\
ARNOR [ARN]
GONDOR [GON]
ROHAN [ROH]
MORDOR [MOR]
RUSSIAN [RUS]
NORTH_KOREAN [PRK]
THORIN
\t[DWFREB <19500101]
\t[DWFGOV >19500102]
";

const AGENTS: &str = "\
MILITARY {} [~MIL]
LEADER [~GOV]
OFFICIAL [~GOV]
REBEL [~REB]
";

#[derive(serde::Serialize)]
struct Case {
    sentence: &'static str,
    events: Vec<CodedEvent>,
}

fn coder() -> Coder {
    let (d, diags) = Dictionaries::from_texts(VERBS, &[ACTORS], AGENTS, "FOOTBALL\n");
    assert!(diags.is_empty(), "{diags:?}");
    Coder::new(d)
}

#[test]
fn coded_events_snapshot() {
    let c = coder();
    let cases: Vec<(&str, &str, Option<Date>)> = vec![
        ("Arnor accused Gondor.", "(ROOT (S (NP (NNP Arnor)) (VP (VBD accused) (NP (NNP Gondor))) (. .)))", None),
        (
            "Rohan and Gondor met with Mordor officials.",
            "(ROOT (S (NP (NNP Rohan) (CC and) (NNP Gondor)) (VP (VBD met) (PP (IN with) (NP (NNP Mordor) (NNS officials)))) (. .)))",
            None,
        ),
        (
            "Gondor asked Arnor for assistance.",
            "(ROOT (S (NP (NNP Gondor)) (VP (VBD asked) (NP (NNP Arnor)) (PP (IN for) (NP (NN assistance)))) (. .)))",
            None,
        ),
        (
            "Gondor was attacked by Mordor rebels.",
            "(ROOT (S (NP (NNP Gondor)) (VP (VBD was) (VP (VBN attacked) (PP (IN by) (NP (NNP Mordor) (NNS rebels))))) (. .)))",
            None,
        ),
        (
            "The Russian military did not attack Arnor.",
            "(ROOT (S (NP (DT The) (JJ Russian) (NN military)) (VP (VBD did) (RB not) (VP (VB attack) (NP (NNP Arnor)))) (. .)))",
            None,
        ),
        (
            "The North Korean leader attacked Rohan with rockets.",
            "(ROOT (S (NP (DT The) (NNP North) (NNP Korean) (NN leader)) (VP (VBD attacked) (NP (NNP Rohan)) (PP (IN with) (NP (NNS rockets)))) (. .)))",
            None,
        ),
        (
            "Thorin visited Gondor.",
            "(ROOT (S (NP (NNP Thorin)) (VP (VBD visited) (NP (NNP Gondor))) (. .)))",
            Date::new(1940, 5, 1),
        ),
        (
            "Thorin visited Gondor.",
            "(ROOT (S (NP (NNP Thorin)) (VP (VBD visited) (NP (NNP Gondor))) (. .)))",
            Date::new(1960, 5, 1),
        ),
        (
            "Arnor attacked Gondor at football.",
            "(ROOT (S (NP (NNP Arnor)) (VP (VBD attacked) (NP (NNP Gondor)) (PP (IN at) (NP (NN football)))) (. .)))",
            None,
        ),
    ];
    let out: Vec<Case> = cases
        .into_iter()
        .map(|(sentence, penn, date)| {
            let tree = parse_penn(penn).expect("test tree parses");
            Case { sentence, events: c.code(&tree, date) }
        })
        .collect();
    // a few facts, so the snapshot is not the only check
    assert_eq!(out[0].events[0].code, "112");
    assert_eq!(out[3].events[0].source.as_ref().map(|a| a.code.as_str()), Some("MORREB"));
    assert!(out[8].events.is_empty(), "discarded");
    insta::assert_json_snapshot!(out);
}

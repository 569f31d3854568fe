//! Property tests: the Penn parser and records reader never panic; generated trees
//! round-trip; coding arbitrary trees never panics and keeps ranges in bounds.

use std::path::Path;

use proptest::prelude::*;
use tidings_coder::penn::parse_penn;
use tidings_coder::records::parse_records;
use tidings_coder::Coder;
use tidings_dict::Dictionaries;

fn tree_strategy() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        Just("Arnor".to_string()),
        Just("Gondor".to_string()),
        Just("met".to_string()),
        Just("with".to_string()),
        Just("and".to_string()),
        Just("not".to_string()),
        Just(",".to_string()),
        "[a-z]{1,6}",
    ];
    let tag = prop_oneof![
        Just("NNP"),
        Just("NN"),
        Just("VBD"),
        Just("VBN"),
        Just("IN"),
        Just("CC"),
        Just(","),
        Just("RB"),
        Just("POS")
    ];
    let leaf = (tag, word).prop_map(|(t, w)| format!("({t} {w})"));
    leaf.prop_recursive(4, 40, 5, |inner| {
        let label = prop_oneof![Just("S"), Just("NP"), Just("VP"), Just("PP"), Just("SBAR")];
        (label, prop::collection::vec(inner, 1..5)).prop_map(|(l, kids)| format!("({l} {})", kids.join(" ")))
    })
}

fn coder() -> Coder {
    let (d, _) = Dictionaries::from_texts(
        "&X\n+WITH\n--- MEET [040] ---\nMEET {MET}\n- * &X + [042]\n- NOT * [120]\n- % * [043:044]\n- $ * ^ + [045]\n",
        &["ARNOR [ARN]\nGONDOR [GON/ROH]\n"],
        "NN [~GOV]\n",
        "",
    );
    Coder::new(d)
}

proptest! {
    #[test]
    fn parse_penn_never_panics(s in "\\PC{0,120}") {
        let _ = parse_penn(&s);
    }

    #[test]
    fn parse_penn_never_panics_on_brackets(s in "[()A-Z a-z]{0,80}") {
        let _ = parse_penn(&s);
    }

    #[test]
    fn generated_trees_round_trip_and_code(t in tree_strategy()) {
        let penn = format!("(ROOT {t})");
        let tree = parse_penn(&penn).expect("generated tree parses");
        prop_assert_eq!(tree.to_penn(), penn);
        let n = tree.tokens.len();
        for ev in coder().code(&tree, None) {
            prop_assert!(ev.verb.start < ev.verb.end && ev.verb.end <= n);
            for a in ev.source.iter().chain(ev.target.iter()) {
                prop_assert!(a.tokens.end <= n);
            }
        }
    }

    #[test]
    fn records_reader_never_panics(s in "(<Sentence id=\"a\" date=\"19950101\">|</Sentence>|<Parse>|</Parse>|<Text>|</Text>|<EventCoding sourcecode=\"A\">|<!--|-->|<Environment>|</Environment>|<Config option=\"x\" value=\"1\">|\\PC){0,30}") {
        let _ = parse_records(&s, Path::new("."));
    }
}

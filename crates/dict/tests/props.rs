//! Property tests: dictionary readers never panic and compile what they are given.

use proptest::prelude::*;
use tidings_dict::{ActorDict, AgentDict, DiscardDict, IssueDict, VerbDict};

fn dict_text() -> impl Strategy<Value = String> {
    // lines built from the dictionary syntax's own characters, so readers are exercised
    let tok = prop_oneof![
        Just("---".to_string()),
        Just("-".to_string()),
        Just("*".to_string()),
        Just("+".to_string()),
        Just("$".to_string()),
        Just("%".to_string()),
        Just("^".to_string()),
        Just("&".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just("{".to_string()),
        Just("}".to_string()),
        Just("~".to_string()),
        Just("!".to_string()),
        Just("<!--".to_string()),
        Just("-->".to_string()),
        Just("\t".to_string()),
        Just("#".to_string()),
        "[A-Z_]{1,6}",
        "[<>]?[0-9]{6,8}(-[0-9]{6,8})?",
        "\\PC{0,4}",
    ];
    prop::collection::vec(prop::collection::vec(tok, 0..8).prop_map(|v| v.join(" ")), 0..12).prop_map(|l| l.join("\n"))
}

proptest! {
    #[test]
    fn readers_never_panic(src in dict_text()) {
        let (v, dv) = VerbDict::parse(&src, "p.verbs");
        for d in &dv { prop_assert!(d.line >= 1 && !d.reason.is_empty()); }
        for f in &v.forms { prop_assert!(f.family < v.families.len()); }
        let mut a = ActorDict::default();
        let mut diags = Vec::new();
        a.add_file(&src, "p.actors", &mut diags);
        a.finish();
        let words: Vec<&str> = src.split_whitespace().collect();
        for k in 0..words.len() {
            if let Some((p, end)) = a.index.match_at(&words, k) {
                prop_assert!(end > k && end <= words.len());
                prop_assert!(p.entry < a.entries.len());
            }
        }
        let _ = AgentDict::parse(&src, "p.agents");
        let (d, _) = DiscardDict::parse(&src, "p.discards");
        let _ = d.find(&src);
        let (i, _) = IssueDict::parse(&src, "p.issues");
        let _ = i.find(&src);
    }

    #[test]
    fn arbitrary_unicode_never_panics(src in "\\PC{0,200}") {
        let _ = VerbDict::parse(&src, "u.verbs");
        let mut a = ActorDict::default();
        a.add_file(&src, "u.actors", &mut Vec::new());
        let _ = AgentDict::parse(&src, "u.agents");
        let _ = DiscardDict::parse(&src, "u.discards");
        let _ = IssueDict::parse(&src, "u.issues");
    }

    #[test]
    fn every_actor_phrase_matches_itself(words in prop::collection::vec("[A-Z]{2,8}", 1..4), code in "[A-Z]{3}") {
        let line = format!("{} [{}]\n", words.join("_"), code);
        let mut a = ActorDict::default();
        let mut diags = Vec::new();
        a.add_file(&line, "x", &mut diags);
        a.finish();
        prop_assert!(diags.is_empty());
        let (p, end) = a.index.match_at(&words, 0).expect("phrase matches");
        prop_assert_eq!(end, words.len());
        prop_assert_eq!(a.entries[p.entry].code_at(None), Some(code.as_str()));
    }
}

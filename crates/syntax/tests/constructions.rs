//! One test per construction the coder relies on, plus snapshots of whole trees.

use tidings_model::tree::Tree;
use tidings_syntax::Analyzer;

fn parse(s: &str) -> Tree {
    Analyzer::new().analyze_text(s, 0)
}

/// Label of the lowest node covering exactly the tokens `from..to`, if any.
fn labels_over(t: &Tree, words: &str) -> Vec<String> {
    let want: Vec<&str> = words.split(' ').collect();
    let mut out = Vec::new();
    for (id, n) in t.nodes.iter().enumerate() {
        if n.token.is_some() {
            continue;
        }
        let leaves: Vec<&str> = t.leaves(id).iter().map(|&i| t.tokens[i].text.as_str()).collect();
        if leaves == want {
            out.push(n.label.to_string());
        }
    }
    out
}

fn tag_of(t: &Tree, word: &str) -> String {
    t.tokens.iter().find(|k| k.text == word).map(|k| k.tag.to_string()).unwrap_or_default()
}

#[test]
fn passive_voice_nests_participle_and_by_phrase() {
    let t = parse("The embassy was attacked by protesters on Monday.");
    let p = t.to_penn();
    assert!(p.contains("(VP (VBD was) (VP (VBN attacked) (PP (IN by) (NP (NNS protesters)))"), "{p}");
    assert_eq!(labels_over(&t, "The embassy"), ["NP"]);
}

#[test]
fn passive_with_auxiliary_chain() {
    let t = parse("Two soldiers have been killed by rebels.");
    let p = t.to_penn();
    assert!(p.contains("(VP (VBP have) (VP (VBN been) (VP (VBN killed) (PP (IN by) (NP (NNS rebels))))))"), "{p}");
}

#[test]
fn apposition_with_title_and_commas() {
    let t = parse("Kremlin spokesperson Dmitry Peskov, a close aide to Putin, condemned the attack.");
    let p = t.to_penn();
    assert_eq!(labels_over(&t, "Kremlin spokesperson Dmitry Peskov"), ["NP"], "{p}");
    assert_eq!(labels_over(&t, "Kremlin spokesperson Dmitry Peskov , a close aide to Putin ,"), ["NP"], "{p}");
    assert_eq!(tag_of(&t, "condemned"), "VBD");
    assert!(p.contains("(VP (VBD condemned) (NP (DT the) (NN attack)))"), "{p}");
}

#[test]
fn noun_phrase_coordination() {
    let t = parse("South Korea and the U.S. held joint drills.");
    let p = t.to_penn();
    assert!(p.starts_with("(ROOT (S (NP (NP (NNP South) (NNP Korea)) (CC and) (NP (DT the) (NNP U.S.)))"), "{p}");
}

#[test]
fn sentence_final_abbreviation_keeps_its_dot() {
    let t = parse("Talks resumed with the U.S.");
    let last = t.tokens.last().map(|k| (k.text.as_str(), k.tag.as_ref()));
    assert_eq!(last, Some(("U.S.", "NNP")), "{}", t.to_penn());
}

#[test]
fn object_coordination_stops_before_a_new_clause() {
    let t = parse("Gondor attacked Arnor and Rohan retaliated.");
    let p = t.to_penn();
    assert_eq!(labels_over(&t, "Gondor attacked Arnor"), ["S"], "{p}");
    assert_eq!(labels_over(&t, "Rohan retaliated"), ["S"], "{p}");
}

#[test]
fn verb_phrase_coordination() {
    let t = parse("Israel condemned the attack and promised aid to the victims.");
    let p = t.to_penn();
    assert!(p.contains("(VP (VP (VBD condemned) (NP (DT the) (NN attack))) (CC and) (VP (VBD promised)"), "{p}");
}

#[test]
fn reported_speech_with_that() {
    let t = parse("Kim said that North Korea would attack the South.");
    let p = t.to_penn();
    assert!(
        p.contains("(VP (VBD said) (SBAR (IN that) (S (NP (NNP North) (NNP Korea)) (VP (MD would) (VP (VB attack)"),
        "{p}"
    );
}

#[test]
fn reported_speech_without_complementizer_and_tail() {
    let t = parse("Officials said rebels seized the town.");
    assert!(t.to_penn().contains("(VP (VBD said) (SBAR (S (NP (NNS rebels)) (VP (VBD seized)"), "{}", t.to_penn());
    let t = parse("Rebels seized the town, a senior official said.");
    let p = t.to_penn();
    assert!(p.starts_with("(ROOT (S (S (NP (NNS Rebels)) (VP (VBD seized) (NP (DT the) (NN town)))) (, ,) (NP (DT a) (JJ senior) (NN official)) (VP (VBD said)) (. .)))"), "{p}");
}

#[test]
fn negation_stays_inside_the_verb_group() {
    let t = parse("The army did not attack the village.");
    let p = t.to_penn();
    assert!(p.contains("(VP (VBD did) (RB not) (VP (VB attack) (NP (DT the) (NN village))))"), "{p}");
    let t = parse("Gondor won't sign the treaty.");
    let p = t.to_penn();
    assert!(p.contains("(VP (MD wo) (RB n't) (VP (VB sign)"), "{p}");
    assert_eq!(t.tokens[2].lemma.as_deref(), Some("n't"));
}

#[test]
fn relative_clause_attaches_to_noun() {
    let t = parse("The group that attacked the convoy fled.");
    assert_eq!(labels_over(&t, "that attacked the convoy"), ["SBAR"], "{}", t.to_penn());
    assert_eq!(tag_of(&t, "that"), "WDT");
    assert_eq!(tag_of(&t, "fled"), "VBD");
}

#[test]
fn analyzer_is_shareable_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Analyzer>();
    let a = std::sync::Arc::new(Analyzer::new());
    let handles: Vec<_> = (0..2)
        .map(|i| {
            let a = a.clone();
            std::thread::spawn(move || {
                a.analyze_text(if i == 0 { "Gondor attacked Arnor." } else { "Arnor fled." }, 0).tokens.len()
            })
        })
        .collect();
    let lens: Vec<usize> = handles.into_iter().filter_map(|h| h.join().ok()).collect();
    assert_eq!(lens, [4, 3]);
}

#[test]
fn lemmas_unify_verb_forms() {
    let a = Analyzer::new();
    for s in ["Gondor pledged aid.", "Gondor pledges aid.", "Gondor has pledged aid.", "Gondor is pledging aid."] {
        let t = a.analyze_text(s, 0);
        let verb = t.tokens.iter().find(|k| k.text.starts_with("pledg")).and_then(|k| k.lemma.clone());
        assert_eq!(verb.as_deref(), Some("pledge"), "{s}: {}", t.to_penn());
    }
    assert_eq!(a.lemma("ties", "NNS"), "tie");
    assert_eq!(a.lemma("went", "VBD"), "go");
    assert_eq!(a.lemma("was", "VBD"), "be");
    assert_eq!(a.lemma("Gondor", "NNP"), "Gondor");
    assert_eq!(a.lemma("stonewalled", "VBD"), "stonewall");
    assert_eq!(a.lemma("committed", "VBN"), "commit");
}

#[test]
fn spans_are_document_relative() {
    let doc = "Header. Gondor attacked Arnor.";
    let t = Analyzer::new().analyze_text(&doc[8..], 8);
    for tok in &t.tokens {
        let sp = tok.span.expect("span");
        assert_eq!(&doc[sp.range()], tok.text);
    }
}

#[test]
fn headlines_and_odd_input() {
    let a = Analyzer::new();
    let t = a.analyze_text("REBELS ATTACK CAPITAL", 0);
    assert_eq!(t.tokens[1].tag, "VBP", "{}", t.to_penn());
    assert_eq!(a.analyze_text("", 0).tokens.len(), 0);
    let t = a.analyze_text("Die Regierung hat am Montag die Grenze geschlossen.", 0);
    assert_eq!(t.tokens.len(), 9);
}

#[test]
fn snapshots_of_whole_trees() {
    let a = Analyzer::new();
    let sentences = [
        "Gondor recalled its ambassador from Arnor on Tuesday.",
        "Rebels were accused of killing three aid workers near the border.",
        "The president, who arrived in Minas Tirith on Monday, met with opposition leaders.",
        "France and Germany urged Russia to withdraw its troops.",
        "Police arrested 40 protesters after clashes in the capital, the interior ministry said.",
        "The foreign minister said the talks would resume next week.",
        "Iran denied that it had supplied weapons to the militia.",
        "The United Nations will not send peacekeepers, according to a senior diplomat.",
        "Hundreds of demonstrators marched on the embassy and burned flags.",
        "\"We will never surrender,\" the rebel commander told reporters.",
        "Turkish warplanes bombed Kurdish positions in northern Iraq, killing at least 12 fighters.",
    ];
    let out: Vec<String> = sentences.iter().map(|s| format!("{s}\n{}\n", a.analyze_text(s, 0).to_penn())).collect();
    insta::assert_snapshot!(out.join("\n"));
}

//! Property tests: every span slices the original text; sentences are ordered and disjoint.
use proptest::prelude::*;
use tidings_text::{analyze, split_sentences, tokenize, Span};

fn check(text: &str) {
    let sents = split_sentences(text);
    let mut last_end = 0;
    for s in &sents {
        assert!(s.start >= last_end && s.start < s.end && s.end <= text.len());
        let piece = text.get(s.range()).expect("sentence span on char boundary");
        assert_eq!(piece, piece.trim(), "sentence spans are trimmed");
        last_end = s.end;
        let mut prev = s.start;
        for t in tokenize(text, *s) {
            assert!(t.span.start >= prev && t.span.end <= s.end && !t.span.is_empty());
            let tok = text.get(t.span.range()).expect("token span on char boundary");
            assert!(!tok.chars().any(char::is_whitespace), "token {tok:?} has no whitespace");
            prev = t.span.end;
        }
    }
    // No non-whitespace text is lost between sentences.
    let mut covered = vec![false; text.len()];
    for s in &sents {
        covered[s.range()].iter_mut().for_each(|c| *c = true);
    }
    for (i, c) in text.char_indices() {
        if !c.is_whitespace() {
            assert!(covered[i], "char {c:?} at {i} not in any sentence");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    #[test]
    fn spans_slice_arbitrary_text(text in "\\PC{0,300}") {
        check(&text);
    }

    #[test]
    fn spans_slice_newsy_text(words in prop::collection::vec(
        prop_oneof![
            Just("U.S."), Just("Gen."), Just("Jan."), Just("said."), Just("“Yes.”"), Just("Kim's"),
            Just("don't"), Just("\n"), Just("\n\n"), Just("3.5"), Just("?!"), Just("Путин"), Just("(AP)"),
            Just("—"), Just("e.g."), Just("A."), Just("word"), Just("Word"), Just("..."), Just("’"),
        ], 0..60)) {
        let text = words.join(" ");
        check(&text);
    }
}

#[test]
fn analyze_keeps_tokens_inside_sentences() {
    let text = "MOSCOW (AP) — Russia’s President met Kim. The U.S. didn't comment.";
    let s = analyze(text);
    assert_eq!(s.len(), 2);
    let first: Vec<&str> = s[0].tokens.iter().map(|t| t.text(text)).collect();
    insta::assert_debug_snapshot!(first);
    assert_eq!(&text[s[1].span.range()], "The U.S. didn't comment.");
    let _ = Span::new(0, 0);
}

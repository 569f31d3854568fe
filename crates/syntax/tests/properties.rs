//! Property tests: no input panics, spans always slice the input, trees are well formed.

use proptest::prelude::*;
use tidings_model::tree::Tree;
use tidings_model::Span;
use tidings_syntax::{tokenize, Analyzer};

fn check_tree(t: &Tree, n_tokens: usize) {
    // Every token appears exactly once as a leaf, in order.
    let leaves = t.leaves(t.root);
    assert_eq!(leaves, (0..n_tokens).collect::<Vec<_>>());
    // Parent links agree with child lists.
    for (id, n) in t.nodes.iter().enumerate() {
        for &c in &n.children {
            assert_eq!(t.nodes[c].parent, Some(id));
        }
        if n.token.is_some() {
            assert!(n.children.is_empty());
        }
    }
    assert_eq!(t.nodes[t.root].label, "ROOT");
}

fn depth(t: &Tree) -> usize {
    let mut best = 0;
    let mut stack = vec![(t.root, 1usize)];
    while let Some((n, d)) = stack.pop() {
        best = best.max(d);
        stack.extend(t.nodes[n].children.iter().map(|&c| (c, d + 1)));
    }
    best
}

const WORDS: &[&str] = &[
    "the", "Gondor", "attacked", "and", "of", "said", "that", "was", "by", ",", ".", "not", "to", "meet", "who",
    "rebels", "'s", "will", "(", ")", "\"", "in", "a", "police", "ARREST", "has", "been", "killing", "--", "which",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn token_spans_slice_the_input(s in "\\PC{0,80}", off in 0usize..1000) {
        let toks = tokenize(&s, off);
        let mut last = off;
        for (text, span) in &toks {
            prop_assert!(span.start >= last);
            prop_assert!(!text.is_empty());
            prop_assert_eq!(&s[span.start - off..span.end - off], text.as_str());
            last = span.end;
        }
    }

    #[test]
    fn arbitrary_text_never_panics(s in "\\PC{0,120}") {
        let a = Analyzer::new();
        let t = a.analyze_text(&s, 5);
        check_tree(&t, t.tokens.len());
        for tok in &t.tokens {
            let sp = tok.span.unwrap_or(Span::new(0, 0));
            prop_assert_eq!(&s[sp.start - 5..sp.end - 5], tok.text.as_str());
            prop_assert!(tok.lemma.is_some());
        }
    }

    #[test]
    fn word_salad_gives_well_formed_trees(idx in proptest::collection::vec(0usize..WORDS.len(), 0..200)) {
        let a = Analyzer::new();
        let mut off = 0;
        let toks: Vec<(&str, Span)> = idx.iter().map(|&i| {
            let w = WORDS[i];
            let sp = Span::new(off, off + w.len());
            off += w.len() + 1;
            (w, sp)
        }).collect();
        let t = a.analyze(&toks);
        check_tree(&t, toks.len());
        prop_assert_eq!(a.tag(&toks.iter().map(|t| t.0).collect::<Vec<_>>()).len(), toks.len());
    }

    /// A tree reused across sentences (longer, shorter, empty) ends up equal to a fresh one.
    #[test]
    fn reused_tree_equals_fresh_analysis(texts in proptest::collection::vec("\\PC{0,100}", 1..6)) {
        let a = Analyzer::new();
        let mut reused = Tree::default();
        for s in &texts {
            let ranges = tidings_syntax::token_ranges(s);
            a.analyze_ranges_into(s, 3, &ranges, &mut reused);
            prop_assert_eq!(&reused, &a.analyze_text(s, 3));
        }
    }
}

#[test]
fn pathological_repetitions_stay_fast() {
    let a = Analyzer::new();
    for unit in
        ["Gondor , ", "and ", "( ", "the ", "that ", "said that Gondor ", "of the ", "attacked , ", "who ", "\" "]
    {
        let s = unit.repeat(2000);
        let start = std::time::Instant::now();
        let t = a.analyze_text(&s, 0);
        let el = start.elapsed();
        check_tree(&t, t.tokens.len());
        assert!(el.as_secs_f64() < 3.0, "{unit:?} x2000 took {el:?}");
    }
}

#[test]
fn very_long_sentences_are_linear_and_shallow() {
    let a = Analyzer::new();
    // 3,000+ tokens of nested "of the X" phrases and clauses.
    let mut s = String::from("The leader");
    for i in 0..1000 {
        s.push_str(if i % 3 == 0 {
            " of the council"
        } else if i % 3 == 1 {
            " said that rebels"
        } else {
            " attacked the town"
        });
    }
    s.push('.');
    let start = std::time::Instant::now();
    let t = a.analyze_text(&s, 0);
    let el = start.elapsed();
    check_tree(&t, t.tokens.len());
    assert!(t.tokens.len() > 3000);
    assert!(depth(&t) <= 4 * tidings_syntax::MAX_DEPTH + 10, "depth {}", depth(&t));
    assert!(el.as_secs_f64() < 2.0, "took {el:?}");
}

//! Property tests: no panics on any text, span invariants, idempotence and the
//! order-independent guarantees (exact copies share a story, counts add up).

use proptest::prelude::*;
use tidings_stories::{Config, Date, DocInput, EventInput, Span, StoryEngine};

fn words() -> impl Strategy<Value = String> {
    let vocab = prop::sample::select(vec![
        "Kim",
        "Putin",
        "met",
        "in",
        "Moscow",
        "on",
        "Tuesday",
        "by",
        "private",
        "train",
        "\u{201c}we",
        "will",
        "win\u{201d}",
        "said",
        "he",
        "two",
        "missiles",
        "12",
        "people",
        "killed",
        "Riverton",
        "flood",
        ".",
        ",",
        "\"",
        "``",
        "''",
        "\n",
        "\n\n",
        "é",
        "Jong-un",
        "’s",
        "—",
        "1,000",
    ]);
    prop::collection::vec(vocab, 0..60).prop_map(|v| v.join(" "))
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![words(), any::<String>(), "[ -~“”‘’\n]{0,200}"]
}

fn ev(text: &str, id: i64, code: &str, a1: &str, a2: &str, day: Option<u32>) -> EventInput {
    let mut end = text.len().min(5);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    EventInput {
        event_id: id,
        sentence: 0,
        span: Span::new(0, end),
        code: code.into(),
        actor1: Some(a1.into()),
        actor2: Some(a2.into()),
        date: day.and_then(|d| Date::new(2024, 1, d)),
        place: None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn any_text_is_handled_and_evidence_slices_its_document(texts in prop::collection::vec(text(), 1..6)) {
        let mut e = StoryEngine::new(Config::default());
        for (i, t) in texts.iter().enumerate() {
            let sentences = tidings_text::split_sentences(t);
            let events = vec![ev(t, i as i64, "042", "RUS", "PRK", Some(3))];
            e.add(&DocInput { doc_id: i as i64, text: t, title: Some(t), date: None, source_key: "x", sentences: &sentences, events: &events });
        }
        for s in e.stories() {
            let b = e.brief(s.id, &|id| texts.get(id as usize).cloned());
            for d in b.agreements.iter().chain(&b.conflicts) {
                for v in &d.values {
                    for x in &v.evidence {
                        if let Some(t) = texts.get(x.doc_id as usize) {
                            prop_assert_eq!(t.get(x.span.range()), Some(x.text.as_str()));
                        }
                    }
                }
            }
            for q in &b.quotes {
                for x in &q.evidence {
                    prop_assert_eq!(texts[x.doc_id as usize].get(x.span.range()), Some(x.text.as_str()));
                }
            }
            let _ = b.to_string();
        }
    }

    #[test]
    fn copies_share_a_story_in_any_order(texts in prop::collection::vec(words(), 2..6), perm_seed in any::<u64>()) {
        // each text appears twice (doc i and doc 100+i); any arrival order
        let mut docs: Vec<(i64, &String)> = texts.iter().enumerate().flat_map(|(i, t)| [(i as i64, t), (100 + i as i64, t)]).collect();
        let mut s = perm_seed;
        for i in (1..docs.len()).rev() {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1);
            docs.swap(i, (s >> 33) as usize % (i + 1));
        }
        let mut e = StoryEngine::new(Config::default());
        for (id, t) in &docs {
            let key = format!("src{id}");
            e.add(&DocInput { doc_id: *id, text: t, title: None, date: None, source_key: &key, sentences: &[], events: &[] });
        }
        for i in 0..texts.len() as i64 {
            if texts[i as usize].split_whitespace().any(|w| w.chars().any(char::is_alphanumeric)) {
                prop_assert_eq!(e.story_of(i), e.story_of(100 + i));
            }
        }
        let total: usize = e.stories().iter().map(|s| s.num_articles).sum();
        prop_assert_eq!(total, docs.len());
    }

    #[test]
    fn event_counts_add_up_and_readding_changes_nothing(
        days in prop::collection::vec(prop::option::of(1u32..28), 1..12),
        order_seed in any::<u64>(),
    ) {
        let text = "Kim met Putin at the cosmodrome on Wednesday.";
        let mut items: Vec<usize> = (0..days.len()).collect();
        let mut s = order_seed;
        for i in (1..items.len()).rev() {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1);
            items.swap(i, (s >> 33) as usize % (i + 1));
        }
        let mut e = StoryEngine::new(Config::default());
        for &i in &items {
            let (a1, a2) = if i % 2 == 0 { ("RUS", "PRK") } else { ("PRK", "RUS") };
            let events = vec![ev(text, i as i64, if i % 3 == 0 { "042" } else { "043" }, a1, a2, days[i])];
            let key = format!("outlet{}", i % 3);
            let d = DocInput { doc_id: i as i64, text, title: None, date: None, source_key: &key, sentences: &[], events: &events };
            e.add(&d);
            let before = e.event_clusters();
            e.add(&d);
            prop_assert_eq!(&before, &e.event_clusters());
        }
        let clusters = e.event_clusters();
        let mentions: usize = clusters.iter().map(|c| c.num_mentions).sum();
        prop_assert_eq!(mentions, days.len());
        for c in &clusters {
            prop_assert!(c.num_sources <= c.num_articles && c.num_articles <= c.num_mentions);
        }
        // events identical up to code (042/043) and actor order collapse into one, in any order
        if days.iter().all(|d| *d == days[0]) {
            prop_assert_eq!(clusters.len(), 1);
            prop_assert_eq!(clusters[0].num_sources, days.len().min(3));
        }
    }

    #[test]
    fn state_round_trips(texts in prop::collection::vec(words(), 1..5)) {
        let mut a = StoryEngine::new(Config::default());
        for (i, t) in texts.iter().enumerate() {
            a.add(&DocInput { doc_id: i as i64, text: t, title: None, date: None, source_key: "s", sentences: &[], events: &[] });
        }
        let json = a.to_json().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut b = StoryEngine::from_json(&json).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let probe = "Kim met Putin in Moscow on Tuesday by private train.";
        let da = DocInput { doc_id: 999, text: probe, title: None, date: None, source_key: "p", sentences: &[], events: &[] };
        prop_assert_eq!(a.add(&da), b.add(&da));
        prop_assert_eq!(a.stories(), b.stories());
    }
}

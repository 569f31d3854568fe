//! Engine behaviour on small hand-written articles.

use tidings_stories::{Config, Date, DocInput, StoryEngine, Why};

const FLOOD: &str = "Floods hit Riverton after the Clearwater dam gave way on Monday. Mayor Ada Brennan said \
    fourteen people died and hundreds of homes in the lower town were damaged. Rescue teams from Northport searched \
    the Clearwater valley through the night while Governor Tomas Reyes promised state money for shelters.";
const FLOOD2: &str = "The Clearwater dam above Riverton collapsed on Monday, flooding the lower town. Mayor Ada \
    Brennan said rescue teams from Northport were still searching the valley, and Governor Tomas Reyes pledged \
    shelters for families who lost their homes in Riverton.";
const FLOOD3: &str = "Riverton is under water again: the rebuilt Clearwater dam failed on Friday and the lower \
    town flooded. Mayor Ada Brennan asked Governor Tomas Reyes for shelters as rescue teams from Northport worked \
    through the Clearwater valley.";
const VOTE: &str = "Voters in Marland elected opposition leader Petra Voss as president on Sunday, ending the long \
    rule of the Unity Party. Voss thanked supporters in the capital Oster while outgoing president Karl Demming \
    conceded defeat and promised a peaceful handover of power.";

fn doc<'a>(id: i64, text: &'a str, src: &'a str, date: Option<Date>) -> DocInput<'a> {
    DocInput { doc_id: id, text, title: None, date, source_key: src, sentences: &[], events: &[] }
}

#[test]
fn wire_copy_is_a_sighting_and_counts_a_new_source() {
    let mut e = StoryEngine::new(Config::default());
    let a = e.add(&doc(1, FLOOD, "wire.example", None));
    let edited = FLOOD.replace("searched", "combed");
    let b = e.add(&doc(2, &edited, "paper.example", None));
    assert_eq!(a.story, b.story);
    match b.why {
        Why::NearDuplicate { of_doc, jaccard } => {
            assert_eq!(of_doc, 1);
            assert!(jaccard >= 0.7, "{jaccard}");
        }
        other => panic!("expected a sighting, got {other:?}"),
    }
    let s = e.story(a.story).expect("story");
    assert_eq!((s.num_articles, s.num_sources), (2, 2));
    // re-adding changes nothing
    assert_eq!(e.add(&doc(2, &edited, "paper.example", None)).why, Why::AlreadySeen);
    assert_eq!(e.story(a.story).map(|s| s.num_articles), Some(2));
}

#[test]
fn undated_reports_group_by_text_and_names_with_reasons() {
    let mut e = StoryEngine::new(Config::default());
    let a = e.add(&doc(1, FLOOD, "a", None));
    let v = e.add(&doc(2, VOTE, "b", None));
    let b = e.add(&doc(3, FLOOD2, "c", None));
    assert_ne!(a.story, v.story);
    assert_eq!(a.story, b.story);
    match &b.why {
        Why::Joined { shared_names, date_gap_days, .. } => {
            assert!(shared_names.iter().any(|n| n == "riverton" || n == "brennan"), "{shared_names:?}");
            assert_eq!(*date_gap_days, None);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(e.stories().len(), 2);
}

#[test]
fn the_same_kind_of_event_a_year_later_is_another_story() {
    let mut e = StoryEngine::new(Config::default());
    let a = e.add(&doc(1, FLOOD, "a", Date::new(2023, 4, 1)));
    let near = e.add(&doc(2, FLOOD2, "b", Date::new(2023, 4, 3)));
    let far = e.add(&doc(3, FLOOD3, "c", Date::new(2024, 6, 1)));
    assert!(!matches!(far.why, Why::NearDuplicate { .. }));
    // the split is the date's doing: dated close, the same text joins
    let mut e2 = StoryEngine::new(Config::default());
    let a2 = e2.add(&doc(1, FLOOD, "a", Date::new(2023, 4, 1)));
    e2.add(&doc(2, FLOOD2, "b", Date::new(2023, 4, 3)));
    let close = e2.add(&doc(3, FLOOD3, "c", Date::new(2023, 4, 2)));
    assert_eq!(a2.story, close.story);
    assert_eq!(a.story, near.story);
    assert_ne!(a.story, far.story);
}

#[test]
fn long_documents_are_handled() {
    let mut text = String::new();
    for i in 0..4000 {
        text.push_str(&format!(
            "\u{201c}Sentence {i} is quoted here,\u{201d} Mayor Ada Brennan said on Monday in Riverton. "
        ));
    }
    let mut e = StoryEngine::new(Config::default());
    let a = e.add(&doc(1, &text, "a", None));
    let b = e.brief(a.story, &|_| Some(text.clone()));
    assert!(b.quotes.len() <= 20 && !b.quotes.is_empty());
    assert_eq!(b.quotes[0].speaker.as_deref(), Some("Ada Brennan"));
}

#[test]
fn refine_keeps_every_article_in_one_story_and_is_stable() {
    let cfg = Config { refine_every: 0, ..Config::default() };
    let mut e = StoryEngine::new(cfg);
    for (i, t) in [FLOOD, VOTE, FLOOD2, FLOOD3].iter().enumerate() {
        e.add(&doc(i as i64 + 1, t, "s", None));
    }
    let before: Vec<_> = (1..=4).map(|i| e.story_of(i)).collect();
    e.refine();
    // a second consolidation over the same window finds nothing more to move
    assert_eq!(e.refine(), 0);
    let after: Vec<_> = (1..=4).map(|i| e.story_of(i)).collect();
    assert_eq!(after[0], after[2], "the two flood reports stay together");
    assert_ne!(after[0], after[1], "the vote is another story");
    let total: usize = e.stories().iter().map(|s| s.num_articles).sum();
    assert_eq!(total, 4);
    assert!(e.stories().iter().all(|s| s.num_articles > 0));
    assert_eq!(before[0], before[2]);
}

/// An unrelated filler article: each one its own made-up place and people.
fn filler(i: usize) -> String {
    let w = |k: usize| -> String {
        let syl = ["ka", "lo", "mi", "ra", "te", "zu", "no", "vi"];
        let mut s = String::from("Q");
        let mut h = (i * 31 + k) as u64 ^ 0x9e37_79b9;
        for _ in 0..4 {
            h = h.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            s.push_str(syl[(h >> 33) as usize % syl.len()]);
        }
        s
    };
    format!(
        "The {} orchestra played in {} on Sunday. Conductor {} {} led the {} concert before {} guests.",
        w(1),
        w(2),
        w(3),
        w(4),
        w(5),
        w(6)
    )
}

#[test]
fn inactive_stories_are_closed_and_stay_readable() {
    let cfg = Config { evict_after_docs: 60, refine_every: 10, refine_window: 20, ..Config::default() };
    let mut e = StoryEngine::new(cfg);
    let a = e.add(&doc(1, FLOOD, "wire", None));
    let b = e.add(&doc(2, FLOOD2, "paper", None));
    assert_eq!(a.story, b.story);
    assert!(!e.is_closed(a.story));
    let before = e.to_json().expect("state").len();
    for i in 0..200 {
        let t = filler(i);
        e.add(&doc(100 + i as i64, &t, "filler", None));
    }
    // the flood story saw nothing for 200 arrivals: closed, still listed with its articles
    assert!(e.is_closed(a.story));
    assert!(e.num_open_stories() < e.num_stories());
    let s = e.story(a.story).expect("closed story still readable");
    assert_eq!((s.num_articles, s.num_sources), (2, 2));
    assert_eq!(e.story_of(1), Some(a.story));
    // a later report (and a copy of the first) starts a new story instead of reopening it
    let late = e.add(&doc(3, FLOOD3, "late", None));
    let copy = e.add(&doc(4, FLOOD, "copy", None));
    assert_ne!(late.story, a.story);
    assert_ne!(copy.story, a.story);
    assert!(!matches!(copy.why, Why::NearDuplicate { .. }), "{:?}", copy.why);
    // the closed story's state survives a round trip
    let json = e.to_json().expect("state");
    let back = StoryEngine::from_json(&json).expect("restore");
    assert!(back.is_closed(a.story));
    assert_eq!(back.story(a.story).map(|s| s.num_articles), Some(2));
    assert!(json.len() > before);
}

#[test]
fn dated_stories_close_after_the_date_horizon() {
    let cfg =
        Config { evict_after_docs: 0, evict_after_days: 30, refine_every: 5, refine_window: 10, ..Config::default() };
    let mut e = StoryEngine::new(cfg);
    let a = e.add(&doc(1, FLOOD, "wire", Date::new(2024, 1, 2)));
    for i in 0..20 {
        let t = filler(i);
        e.add(&doc(100 + i as i64, &t, "filler", Date::new(2024, 1, 3)));
    }
    // within the horizon: still open
    assert!(!e.is_closed(a.story));
    for i in 20..40 {
        let t = filler(i);
        e.add(&doc(100 + i as i64, &t, "filler", Date::new(2024, 3, 1)));
    }
    assert!(e.is_closed(a.story));
    // the filler stories of March stay open
    assert!(!e.is_closed(e.story_of(139).expect("added")));
}

#[test]
fn states_without_activity_marks_take_them_from_their_articles() {
    let cfg = Config { evict_after_docs: 30, refine_every: 0, ..Config::default() };
    let mut e = StoryEngine::new(cfg);
    for i in 0..40 {
        let t = filler(i);
        e.add(&doc(100 + i as i64, &t, "filler", None));
    }
    let a = e.add(&doc(1, FLOOD, "wire", None));
    // an older state: stories without `last_seen`
    let mut v: serde_json::Value = serde_json::from_str(&e.to_json().expect("state")).expect("json");
    for st in v["stories"].as_array_mut().expect("stories") {
        st.as_object_mut().expect("story").remove("last_seen");
    }
    let mut back = StoryEngine::from_json(&v.to_string()).expect("restore");
    back.refine();
    // the flood story is the latest arrival: it stays open
    assert!(!back.is_closed(a.story));
}

#[test]
fn refine_merges_fragments_only_with_the_same_time_evidence() {
    // join threshold out of reach: every article starts a story, so only the refine
    // merge can bring fragments together
    let cfg = Config { join_threshold: 0.99, split_silhouette: 0.0, ..Config::default() };
    let with_year = format!("March 3, 2014\n{FLOOD3}");
    let dated = Some(Date { year: 2014, month: 3, day: 3 });
    let run = |docs: &[DocInput]| {
        let mut e = StoryEngine::new(cfg.clone());
        let stories: Vec<_> = docs.iter().map(|d| e.add(d).story).collect();
        assert_eq!(stories.iter().collect::<std::collections::HashSet<_>>().len(), docs.len());
        e.refine();
        docs.iter().map(|d| e.story_of(d.doc_id).expect("story")).collect::<Vec<_>>()
    };
    // undated, no year stated anywhere: the two flood reports merge, the vote stays apart
    let s = run(&[doc(1, FLOOD, "a", None), doc(2, FLOOD2, "b", None), doc(3, VOTE, "c", None)]);
    assert_eq!(s[0], s[1]);
    assert_ne!(s[0], s[2]);
    // a year stated on one side only is no shared evidence: no merge on similarity alone
    let s = run(&[doc(1, FLOOD, "a", None), doc(2, &with_year, "b", None)]);
    assert_ne!(s[0], s[1]);
    // dated articles: their days are the evidence - the same days merge, months apart do not
    let s = run(&[doc(1, FLOOD, "a", dated), doc(2, FLOOD2, "b", dated)]);
    assert_eq!(s[0], s[1]);
    let later = Some(Date { year: 2014, month: 6, day: 3 });
    let s = run(&[doc(1, FLOOD, "a", dated), doc(2, FLOOD2, "b", later)]);
    assert_ne!(s[0], s[1]);
    // dated on one side, undated on the other: no shared evidence
    let s = run(&[doc(1, FLOOD, "a", dated), doc(2, FLOOD2, "b", None)]);
    assert_ne!(s[0], s[1]);
}

/// A made-up word (three syllables) from a seed.
fn pseudo(seed: u64) -> String {
    let syl = ["ka", "lo", "mi", "ra", "te", "zu", "no", "vi", "sa", "de", "po", "gu"];
    let mut h = seed ^ 0x9e37_79b9_7f4a_7c15;
    let mut s = String::new();
    for _ in 0..3 {
        h = h.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        s.push_str(syl[(h >> 33) as usize % syl.len()]);
    }
    s
}

/// Purity of a stream where `stories` dated stories share the same three days (a firehose
/// day): each story has its own names and topic words, every article mixes them with words
/// common to all. Articles arrive interleaved, one per story in turn.
fn same_days_purity(stories: u64, per_story: u64, dated: bool) -> (f64, usize) {
    let cfg = Config { refine_every: 400, refine_window: 800, ..Config::default() };
    let mut e = StoryEngine::new(cfg);
    let general: Vec<String> = (0..600).map(|i| pseudo(i + 50_000)).collect();
    let mut truth = Vec::new();
    for k in 0..stories * per_story {
        let s = k % stories;
        let mut h = k.wrapping_mul(0x2545_f491_4f6c_dd1d) ^ 0xabcdef;
        let mut text = String::new();
        for _ in 0..6 {
            for j in 0..12 {
                h = h.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                let r = (h >> 33) % 10;
                let w = if j == 0 || r == 3 {
                    let mut n = pseudo(s * 16 + (h >> 40) % 4 + 1_000);
                    n[..1].make_ascii_uppercase();
                    n
                } else if r <= 2 {
                    pseudo(s * 16 + (h >> 40) % 6 + 9_000)
                } else {
                    general[(h >> 40) as usize % general.len()].clone()
                };
                text.push_str(&w);
                text.push(' ');
            }
            text.push_str(". ");
        }
        let date = Date { year: 2024, month: 3, day: 1 + (k % 3) as u32 };
        let src = format!("outlet{}", k % 37);
        e.add(&doc(k as i64, &text, &src, dated.then_some(date)));
        truth.push(s);
    }
    e.refine();
    // purity: articles whose story's most common true story is their own
    let mut by_story: std::collections::HashMap<u32, std::collections::HashMap<u64, usize>> = Default::default();
    for (k, &s) in truth.iter().enumerate() {
        let story = e.story_of(k as i64).expect("every article has a story").0;
        *by_story.entry(story).or_default().entry(s).or_default() += 1;
    }
    let pure: usize = by_story.values().map(|m| m.values().copied().max().unwrap_or(0)).sum();
    (pure as f64 / truth.len() as f64, by_story.len())
}

#[test]
fn many_stories_on_the_same_days_stay_apart() {
    // sharing days (or stating no year) is weak evidence: the fragment merge must not join
    // young stories of one busy day that share a name or a topic word (the made-up words
    // collide now and then, as same-kind stories share vocabulary)
    for dated in [true, false] {
        let (purity, stories) = same_days_purity(150, 12, dated);
        assert!(
            purity >= 0.99 && (145..=160).contains(&stories),
            "dated {dated}: purity {purity:.4}, {stories} stories"
        );
    }
}

//! The two seed reports of the Putin-Kim summit (read from ../shared/seeds at test
//! time; their text is never copied into the repository).

use tidings_stories::{Config, Date, DocInput, EventInput, Span, StoryEngine, Why};

const SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/seeds");

fn load() -> Option<Vec<(String, String)>> {
    let mut out = Vec::new();
    let dir = match std::fs::read_dir(SEEDS) {
        Ok(d) => d,
        Err(e) => {
            println!("skipping seeds test: {SEEDS}: {e}");
            return None;
        }
    };
    for entry in dir.flatten() {
        let p = entry.path();
        if p.extension().is_some_and(|x| x == "txt") {
            if let Ok(t) = std::fs::read_to_string(&p) {
                out.push((p.file_name().map(|f| f.to_string_lossy().to_string()).unwrap_or_default(), t));
            }
        }
    }
    out.sort();
    if out.len() < 2 {
        println!("skipping seeds test: fewer than two seeds in {SEEDS}");
        return None;
    }
    Some(out)
}

/// Hand-made coder output standing in for the CAMEO coder: one consult event
/// (042/043, actor order varying) per sentence that reports the meeting.
fn meeting_events(text: &str, first_id: i64) -> (Vec<Span>, Vec<EventInput>) {
    let sentences = tidings_text::split_sentences(text);
    let mut events = Vec::new();
    for (i, s) in sentences.iter().enumerate() {
        let st = &text[s.range()];
        for trigger in ["met at", "summit talks", "held a rare summit", "began talks"] {
            if let Some(p) = st.find(trigger) {
                let n = events.len() as i64;
                let (a1, a2) = if n % 2 == 0 { ("RUSGOV", "PRKGOV") } else { ("PRKGOV", "RUSGOV") };
                events.push(EventInput {
                    event_id: first_id + n,
                    sentence: i,
                    span: Span::new(s.start + p, s.start + p + trigger.len()),
                    code: if n % 2 == 0 { "042".into() } else { "043".into() },
                    actor1: Some(a1.into()),
                    actor2: Some(a2.into()),
                    date: Date::new(2023, 9, 13),
                    place: None,
                });
            }
        }
    }
    (sentences, events)
}

#[test]
fn seeds_make_one_story_one_summit_and_flag_conflicts() {
    let Some(seeds) = load() else { return };
    let mut e = StoryEngine::new(Config::default());
    let mut mentions = 0;
    let prepared: Vec<(String, String, Vec<Span>, Vec<EventInput>)> = seeds
        .iter()
        .enumerate()
        .map(|(i, (name, text))| {
            let (s, ev) = meeting_events(text, (i as i64 + 1) * 100);
            (name.clone(), text.clone(), s, ev)
        })
        .collect();
    let mut stories = Vec::new();
    for (i, (name, text, sentences, events)) in prepared.iter().enumerate() {
        mentions += events.len();
        let a = e.add(&DocInput {
            doc_id: i as i64 + 1,
            text,
            title: None,
            date: None,
            source_key: name,
            sentences,
            events,
        });
        println!("{name}: {:?}", a.why);
        stories.push(a.story);
    }
    assert!(mentions >= 3, "fixture should find meeting sentences, got {mentions}");
    assert_eq!(stories[0], stories[1], "both reports in one story");
    assert!(matches!(e.why(2), Some(Why::Joined { .. })));

    // the summit: one canonical event with mentions from both sources
    let clusters = e.event_clusters();
    assert_eq!(clusters.len(), 1, "{clusters:#?}");
    assert_eq!(clusters[0].num_sources, 2);
    assert_eq!(clusters[0].num_articles, 2);
    assert_eq!(clusters[0].num_mentions, mentions);

    let texts: Vec<String> = prepared.iter().map(|p| p.1.clone()).collect();
    let brief = e.brief(stories[0], &|id| texts.get((id - 1) as usize).cloned());
    println!("{brief}");
    let conflict = |slot: &str| brief.conflicts.iter().find(|c| c.slot == slot);
    let transport = conflict("transport").expect("transport conflict");
    let values: Vec<&str> = transport.values.iter().map(|v| v.value.as_str()).collect();
    assert!(values.contains(&"private train") && values.contains(&"armored train"), "{values:?}");
    let day = conflict("travel day").expect("travel day conflict");
    let values: Vec<&str> = day.values.iter().map(|v| v.value.as_str()).collect();
    assert!(values.contains(&"tuesday") && values.contains(&"sunday"), "{values:?}");
    // both sides carry evidence spans that slice their documents
    for c in [transport, day] {
        for v in &c.values {
            for ev in &v.evidence {
                let t = &texts[(ev.doc_id - 1) as usize];
                assert_eq!(&t[ev.span.range()], ev.text);
                assert!(ev.sentence_span.start <= ev.span.start && ev.span.end <= ev.sentence_span.end);
            }
        }
    }
    // agreement: both say two short-range ballistic missiles and the same lead day
    assert!(brief.agreements.iter().any(|a| a.slot == "number of missiles" && a.values[0].value == "2"));
    assert!(brief.agreements.iter().any(|a| a.slot == "day of the lead event" && a.values[0].value == "wednesday"));
    // a quote carried by both outlets, spoken by Putin
    let q = brief.quotes.iter().find(|q| q.text.contains("all issues")).expect("shared quote");
    assert_eq!(q.outlets.len(), 2);
    assert_eq!(q.speaker.as_deref(), Some("Vladimir Putin"));
    assert!(brief.actors.iter().take(3).any(|a| a.name.starts_with("Kim Jong")));
    assert_eq!(brief.num_sources, 2);
}

//! Briefs over small fixtures written for these tests (no external text).

use tidings_stories::{Config, Date, DocInput, EventInput, Span, StoryEngine};

const FIX: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

fn read(name: &str) -> String {
    std::fs::read_to_string(format!("{FIX}/{name}")).unwrap_or_else(|e| panic!("{FIX}/{name}: {e}"))
}

fn event(text: &str, id: i64, trigger: &str, code: &str, a1: &str, a2: &str, day: u32) -> EventInput {
    let p = text.find(trigger).unwrap_or_else(|| panic!("fixture lacks {trigger:?}"));
    let sentences = tidings_text::split_sentences(text);
    let sentence = sentences.iter().position(|s| s.start <= p && p < s.end).unwrap_or(0);
    EventInput {
        event_id: id,
        sentence,
        span: Span::new(p, p + trigger.len()),
        code: code.into(),
        actor1: Some(a1.into()),
        actor2: Some(a2.into()),
        date: Date::new(2024, 4, day),
        place: Some("Riverton".into()),
    }
}

#[test]
fn flood_brief_snapshot() {
    let names = ["flood_a.txt", "flood_b.txt", "election.txt"];
    let texts: Vec<String> = names.iter().map(|n| read(n)).collect();
    let events = [
        vec![
            event(&texts[0], 1, "state would pay", "073", "USAGOV", "USACVL", 1),
            event(&texts[0], 2, "Rescue teams", "0233", "USAMED", "USACVL", 2),
        ],
        vec![
            event(&texts[1], 3, "promised help", "072", "USAGOV", "USACVL", 1),
            event(&texts[1], 4, "Rescue crews", "0233", "USAMED", "USACVL", 3),
        ],
        vec![],
    ];
    let mut e = StoryEngine::new(Config::default());
    let mut stories = Vec::new();
    for (i, t) in texts.iter().enumerate() {
        let sentences = tidings_text::split_sentences(t);
        let a = e.add(&DocInput {
            doc_id: i as i64 + 1,
            text: t,
            title: None,
            date: Date::new(2024, 4, 2),
            source_key: names[i],
            sentences: &sentences,
            events: &events[i],
        });
        stories.push(a.story);
    }
    assert_eq!(stories[0], stories[1], "two flood reports, one story");
    assert_ne!(stories[0], stories[2], "the election is another story");
    let brief = e.brief(stories[0], &|id| texts.get((id - 1) as usize).cloned());
    // the aid events (073 and 072, same actors and day) are one event in two sources
    let aid = brief.events.iter().find(|ev| ev.code.starts_with("07")).expect("aid event");
    assert_eq!((aid.num_mentions, aid.num_sources), (2, 2));
    insta::assert_snapshot!("flood_brief", brief.to_string());
    insta::assert_json_snapshot!("flood_brief_conflicts", brief.conflicts);
}

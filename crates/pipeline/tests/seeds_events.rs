//! The events the two reports in `../shared/seeds` must yield with the built-in default
//! dictionaries (issue #6's bar), each with its evidence spans. The reports are read at test
//! time through the same path `tidings run` uses; the test skips when they are absent.

use std::path::PathBuf;
use tidings_pipeline::coding::{load_dictionaries, DictSpec, EventCoder};
use tidings_pipeline::RunOptions;
use tidings_store::{EventRow, Store};

fn seeds() -> Option<PathBuf> {
    let p = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/seeds"));
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!("skipping: {} not present", p.display());
        None
    }
}

fn coded_events(dir: &std::path::Path) -> Vec<EventRow> {
    let (dict, diags) = load_dictionaries(&DictSpec::Defaults).unwrap();
    assert!(diags.is_empty(), "{diags:?}");
    let ec = EventCoder::new(dict);
    let mut store = Store::open_in_memory().unwrap();
    tidings_pipeline::run(&mut store, &[dir.to_path_buf()], Some(&ec), &RunOptions::default(), &mut |_| {}).unwrap();
    let mut events = Vec::new();
    store.for_each_event(|e| events.push(e)).unwrap();
    events
}

fn country(a: &Option<tidings_store::ActorRow>) -> &str {
    a.as_ref().and_then(|a| a.code.get(..3)).unwrap_or("")
}

/// The event's evidence: actor and verb spans lie inside its sentence and their texts are
/// non-empty. Returns a printable line.
fn evidence(e: &EventRow) -> String {
    let s = e.sentence_span;
    let inside = |sp: tidings_model::Span| s.start <= sp.start && sp.end <= s.end && sp.start < sp.end;
    assert!(inside(e.verb), "verb span {:?} outside sentence {:?}", e.verb, s);
    let mut parts = vec![format!("{} {} [{}..{}]", e.doc, e.code, e.verb.start, e.verb.end)];
    for a in [&e.actor1, &e.actor2].into_iter().flatten() {
        assert!(inside(a.span), "actor span {:?} outside sentence {:?}", a.span, s);
        assert!(!a.text.trim().is_empty());
        parts.push(format!("{}={:?}", a.code, a.text));
    }
    parts.join(" ")
}

fn require(events: &[EventRow], what: &str, pred: impl Fn(&EventRow) -> bool) {
    let hits: Vec<&EventRow> = events.iter().filter(|e| pred(e)).collect();
    let all: Vec<String> =
        events.iter().map(|e| format!("{} {}->{} {}", e.doc, country(&e.actor1), country(&e.actor2), e.code)).collect();
    assert!(!hits.is_empty(), "no event for {what}; coded: {all:#?}");
    for e in hits {
        println!("{what}: {}", evidence(e));
    }
}

#[test]
fn seed_reports_yield_the_required_events() {
    let Some(dir) = seeds() else { return };
    let ev = coded_events(&dir);
    let is = |e: &EventRow, s: &[&str], t: &[&str]| s.contains(&country(&e.actor1)) && t.contains(&country(&e.actor2));
    require(&ev, "summit PRK<->RUS 04x", |e| {
        e.code.starts_with("04") && (is(e, &["PRK"], &["RUS"]) || is(e, &["RUS"], &["PRK"]))
    });
    require(&ev, "Kim's endorsement PRK->RUS 051", |e| e.code == "051" && is(e, &["PRK"], &["RUS"]));
    require(&ev, "missile launch PRK 15x/138/19x", |e| {
        country(&e.actor1) == "PRK"
            && e.sentence_text.contains("missile")
            && (e.code.starts_with("15") || e.code.starts_with("138") || e.code.starts_with("19"))
    });
    // The warnings are coded today, from the right speakers, but with the UN resolutions
    // they mention as target (see the ignored test below).
    require(&ev, "US/South Korean warnings USA/KOR -> (any), verbal conflict", |e| {
        ["USA", "KOR"].contains(&country(&e.actor1)) && tidings_cameo::quad_class(&e.code) == Some(3)
    });
}

/// The rest of the bar, which needs reference across sentences: the warning's target is
/// the earlier-discussed arrangement between the two states ("such a pact": bridging to the
/// parties of the last cooperative dyad), and Putin's signal names North Korea as "the
/// North" (the divided-state short form once the article named it) with "he" for Putin.
#[test]
fn seed_reports_yield_warning_targets_and_cooperation_signals() {
    let Some(dir) = seeds() else { return };
    let ev = coded_events(&dir);
    let is = |e: &EventRow, s: &[&str], t: &[&str]| s.contains(&country(&e.actor1)) && t.contains(&country(&e.actor2));
    require(&ev, "US/South Korean warnings USA/KOR->PRK/RUS", |e| {
        is(e, &["USA", "KOR"], &["PRK", "RUS"]) && tidings_cameo::quad_class(&e.code) == Some(3)
    });
    require(&ev, "Putin's cooperation signals RUS->PRK 03x", |e| e.code.starts_with("03") && is(e, &["RUS"], &["PRK"]));
}

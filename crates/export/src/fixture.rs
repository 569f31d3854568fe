//! A small, self-written fixture store (two reports of one summit, one unrelated
//! article) for tests, benchmarks and demos of exports and the server. Written
//! through the public Store API, like the pipeline and story engine do.

use tidings_model::{Article, Date, SourceFormat, Span};
use tidings_store::{
    content_hash, ActorRow, ClusterRow, EventUpdate, LocationRow, NewEvent, Store, StoreError, StoryRow, StoryUpdate,
};

const A: &str = "Leaders hold summit in Geneva\n\nThe French president met the German chancellor in Geneva on Monday. \
Both leaders signed a trade agreement after talks. \"This is a good day for Europe,\" the president said.\n";
const B: &str =
    "Geneva summit ends with a deal\n\nThe German chancellor met the French president in Geneva on Monday, \
officials said. The two governments signed a trade agreement. Critics said the deal was rushed.\n";
const C: &str = "Storm hits coast\n\nPolice arrested protesters in Lyon on Tuesday.\n";

fn span_of(text: &str, needle: &str, from: usize) -> Span {
    let start = text.get(from..).and_then(|t| t.find(needle)).map_or(0, |i| i + from);
    Span::new(start, start + needle.len())
}

fn sentences(text: &str) -> Vec<Span> {
    // The title paragraph, then the body split after a '.' (or '."') that ends a sentence.
    let mut out = Vec::new();
    let body = text.find("\n\n").map_or(0, |i| i + 2);
    out.push(Span::new(0, body.saturating_sub(2)));
    let bytes = text.as_bytes();
    let mut start = body;
    for i in body..bytes.len() {
        let end = match (bytes[i], bytes.get(i + 1)) {
            (b'.', Some(b'"')) => i + 2,
            (b'.', _) => i + 1,
            _ => continue,
        };
        if matches!(bytes.get(end), None | Some(b' ') | Some(b'\n')) && end > start {
            out.push(Span::new(start, end));
            start = end + 1;
        }
    }
    out
}

fn geneva() -> LocationRow {
    LocationRow {
        name: "Geneva".into(),
        kind: "city".into(),
        country: "CHE".into(),
        fips: "SZ".into(),
        adm1: Some("SZ07".into()),
        lat: 46.2022,
        lon: 6.1457,
        feature_id: Some("2660646".into()),
        span: None,
    }
}

fn event(text: &str, sent: &[Span], s: usize, code: &str, a1: (&str, &str), a2: (&str, &str), verb: &str) -> NewEvent {
    let from = sent.get(s).map_or(0, |x| x.start);
    let mut loc = geneva();
    loc.span = Some(span_of(text, "Geneva", from));
    let actor = |(code, mention): (&str, &str)| {
        let span = span_of(text, mention, from);
        // "French president": the adjective places the actor in France.
        let location = mention.split_whitespace().next().filter(|w| *w == "French").map(|w| LocationRow {
            name: "France".into(),
            kind: "country".into(),
            country: "FRA".into(),
            fips: "FR".into(),
            adm1: None,
            lat: 46.0,
            lon: 2.0,
            feature_id: Some("3017382".into()),
            span: Some(Span::new(span.start, span.start + w.len())),
        });
        ActorRow { code: code.into(), text: mention.into(), span, location }
    };
    NewEvent {
        sentence: s,
        code: code.into(),
        actor1: Some(actor(a1)),
        actor2: Some(actor(a2)),
        verb: span_of(text, verb, from),
        date: Date::new(2024, 3, 11),
        pattern: format!("fixture {code}"),
        date_precision: Some("day".into()),
        date_source: Some("sentence".into()),
        date_phrase: Some("on Monday".into()),
        location: if text.contains("Geneva") { Some(loc) } else { None },
    }
}

/// Add the three fixture articles (doc names and texts suffixed by `suffix`) in one batch.
fn add_copy(store: &mut Store, suffix: &str) -> Result<Vec<i64>, StoreError> {
    let docs = [
        ("summit-a", A, "Daily Ledger", Date::new(2024, 3, 11)),
        ("summit-b", B, "Evening Wire", Date::new(2024, 3, 12)),
        ("storm-c", C, "Coast Post", Date::new(2024, 3, 12)),
    ];
    let mut ids = Vec::new();
    let mut batch = store.batch()?;
    for (doc, base, outlet, date) in docs {
        let text = format!("{base}{suffix}");
        let text = text.as_str();
        let doc = if suffix.is_empty() {
            doc.to_string()
        } else {
            format!("{doc}-{}", content_hash(suffix).get(..8).unwrap_or(""))
        };
        let a = Article {
            doc: doc.clone(),
            path: format!("fixture/{doc}.txt"),
            format: SourceFormat::Text,
            url: Some(format!("https://example.org/{doc}")),
            outlet: Some(outlet.into()),
            title: text.lines().next().map(str::to_owned),
            byline: None,
            date,
            date_raw: date.map(|d| d.to_string()),
            text: text.into(),
        };
        let id = batch.add_article(&a, &content_hash(text))?.id();
        let sent = sentences(base);
        let sids = batch.add_sentences(id, &sent)?;
        let evs = match doc.get(..8) {
            Some("summit-a") => vec![
                event(text, &sent, 1, "040", ("FRAGOV", "French president"), ("DEUGOV", "German chancellor"), "met"),
                event(text, &sent, 2, "057", ("FRAGOV", "Both leaders"), ("DEUGOV", "Both leaders"), "signed"),
            ],
            Some("summit-b") => vec![
                event(text, &sent, 1, "040", ("DEUGOV", "German chancellor"), ("FRAGOV", "French president"), "met"),
                event(text, &sent, 2, "057", ("DEUGOV", "two governments"), ("FRAGOV", "two governments"), "signed"),
            ],
            _ => vec![event(text, &sent, 1, "173", ("FRACOP", "Police"), ("FRAOPP", "protesters"), "arrested")],
        };
        batch.add_events(id, &sids, &evs)?;
        ids.push(id);
    }
    batch.commit()?;
    Ok(ids)
}

/// The three fixture articles `copies` times (distinct texts; no stories), for benchmarks.
pub fn replicated_store(path: Option<&std::path::Path>, copies: usize) -> Result<Store, StoreError> {
    let mut store = match path {
        Some(p) => Store::open(p)?,
        None => Store::open_in_memory()?,
    };
    for i in 0..copies {
        add_copy(&mut store, &format!("Copy {i}.\n"))?;
    }
    Ok(store)
}

/// Build the fixture store at `path` (in memory when `None`). With `stories`, also
/// write one story with clusters and a brief, as the story engine would.
pub fn summit_store(path: Option<&std::path::Path>, stories: bool) -> Result<Store, StoreError> {
    let mut store = match path {
        Some(p) => Store::open(p)?,
        None => Store::open_in_memory()?,
    };
    let ids = add_copy(&mut store, "")?;
    if stories {
        let mut events = Vec::new();
        store.for_each_event(|e| events.push((e.id, e.document_id, e.code)))?;
        let meet: Vec<i64> = events.iter().filter(|e| e.2 == "040").map(|e| e.0).collect();
        let sign: Vec<i64> = events.iter().filter(|e| e.2 == "057").map(|e| e.0).collect();
        let cluster = |id: i64, root: i64, code: &str| ClusterRow {
            id,
            story_id: Some(1),
            root_event_id: root,
            code: code.into(),
            actor1_code: Some("FRAGOV".into()),
            actor2_code: Some("DEUGOV".into()),
            date: Some("2024-03-11".into()),
            num_mentions: 2,
            num_sources: 2,
            num_articles: 2,
        };
        let brief = serde_json::json!({
            "headline": "Leaders hold summit in Geneva",
            "quotes": [{"text": "This is a good day for Europe,", "speaker": "the president",
                        "outlets": ["Daily Ledger"], "evidence": []}],
            "agreements": [{"slot": "place", "values": [{"value": "Geneva", "sources": ["Daily Ledger", "Evening Wire"]}]}],
            "conflicts": [{"slot": "reaction", "values": [
                {"value": "good day for Europe", "sources": ["Daily Ledger"]},
                {"value": "deal was rushed", "sources": ["Evening Wire"]}]}],
        });
        let mut u = StoryUpdate {
            stories: vec![StoryRow {
                id: 1,
                headline: Some("Leaders hold summit in Geneva".into()),
                date: Some("2024-03-11".into()),
                place: Some("Geneva".into()),
                num_articles: 2,
                num_sources: 2,
                num_mentions: 4,
                brief: Some(brief.to_string()),
            }],
            clusters: Vec::new(),
            documents: vec![
                (ids[0], Some(1), Some("2024-03-11".into()), false),
                (ids[1], Some(1), Some("2024-03-11".into()), false),
            ],
            events: Vec::new(),
        };
        for (cid, group) in [(1i64, &meet), (2, &sign)] {
            if let Some(root) = group.first() {
                u.clusters.push(cluster(cid, *root, if cid == 1 { "040" } else { "057" }));
            }
            for e in group {
                u.events.push(EventUpdate { event_id: *e, cluster_id: Some(cid), confidence: Some(0.9), date: None });
            }
        }
        store.write_stories(&u)?;
    }
    Ok(store)
}

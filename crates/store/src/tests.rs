use super::*;

fn article(doc: &str, path: &str, text: &str) -> Article {
    Article {
        doc: doc.into(),
        path: path.into(),
        format: SourceFormat::Text,
        url: None,
        outlet: Some("Example Times".into()),
        title: Some("A title".into()),
        byline: None,
        date: Date::new(2023, 9, 13),
        date_raw: Some("September 13, 2023".into()),
        text: text.into(),
    }
}

#[test]
fn migrates_and_reopens() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("t.db");
    {
        let s = Store::open(&p).unwrap();
        assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    }
    let s = Store::open(&p).unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(s.integrity_check().unwrap(), "ok");
}

#[test]
fn refuses_newer_schema() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("t.db");
    {
        let c = Connection::open(&p).unwrap();
        c.pragma_update(None, "user_version", 99).unwrap();
    }
    assert!(matches!(Store::open(&p), Err(StoreError::TooNew { found: 99, .. })));
}

#[test]
fn duplicates_become_sightings_and_reingest_is_idempotent() {
    let mut s = Store::open_in_memory().unwrap();
    let a = article("a", "x/a.txt", "Kim met Putin. They talked.");
    let h = content_hash("kim met putin. they talked.");
    let mut b = s.batch().unwrap();
    let first = b.add_article(&a, &h).unwrap();
    assert!(matches!(first, AddOutcome::New(_)));
    let ids = b.add_sentences(first.id(), &[Span::new(0, 14), Span::new(15, 27)]).unwrap();
    b.add_events(
        first.id(),
        &ids,
        &[NewEvent {
            sentence: 0,
            code: "040".into(),
            actor1: Some(ActorRow { code: "PRK".into(), text: String::new(), span: Span::new(0, 3), location: None }),
            actor2: Some(ActorRow { code: "RUS".into(), text: String::new(), span: Span::new(8, 13), location: None }),
            verb: Span::new(4, 7),
            date: Date::new(2023, 9, 13),
            pattern: "MEET [040]".into(),
            date_precision: Some("day".into()),
            date_source: Some("publication".into()),
            date_phrase: None,
            location: Some(LocationRow {
                name: "Vladivostok".into(),
                kind: "city".into(),
                country: "RUS".into(),
                fips: "RS".into(),
                adm1: Some("Primorsky Krai".into()),
                lat: 43.1,
                lon: 131.9,
                feature_id: Some("2013348".into()),
                span: None,
            }),
        }],
    )
    .unwrap();
    b.commit().unwrap();
    let once = s.counts().unwrap();
    assert_eq!(once, Counts { documents: 1, sightings: 1, sentences: 2, events: 1, diagnostics: 0 });

    let mut b = s.batch().unwrap();
    assert!(matches!(b.add_article(&a, &h).unwrap(), AddOutcome::AlreadySeen(_)));
    let other = article("a-copy", "y/a.txt", "Kim met Putin. They talked.");
    assert!(matches!(b.add_article(&other, &h).unwrap(), AddOutcome::Duplicate(_)));
    b.commit().unwrap();
    assert_eq!(s.counts().unwrap(), Counts { sightings: 2, ..once });

    let mut events = Vec::new();
    s.for_each_event(|e| events.push(e)).unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].sentence_text, "Kim met Putin.");
    assert_eq!(events[0].actor1.as_ref().unwrap().text, "Kim");
    assert_eq!(events[0].actor2.as_ref().unwrap().text, "Putin");
    assert_eq!(events[0].location.as_ref().unwrap().fips, "RS");
    let mut sents = Vec::new();
    s.for_each_sentence(|r| sents.push(r.text)).unwrap();
    assert_eq!(sents, vec!["Kim met Putin.", "They talked."]);
}

#[test]
fn dropped_batch_rolls_back() {
    let mut s = Store::open_in_memory().unwrap();
    {
        let mut b = s.batch().unwrap();
        b.add_article(&article("a", "a.txt", "text"), "h1").unwrap();
        // dropped without commit: simulates a killed run
    }
    assert_eq!(s.counts().unwrap().documents, 0);
}

#[test]
fn diagnostics_are_deduplicated() {
    let mut s = Store::open_in_memory().unwrap();
    for _ in 0..3 {
        let mut b = s.batch().unwrap();
        b.add_diagnostic(&Diagnostic::new("bad.gz", "truncated gzip")).unwrap();
        b.commit().unwrap();
    }
    let d = s.diagnostics().unwrap();
    assert_eq!(d, vec![DiagnosticRow { path: "bad.gz".into(), reason: "truncated gzip".into(), count: 3 }]);
}

#[test]
fn event_with_bad_sentence_index_is_an_error_not_a_panic() {
    let mut s = Store::open_in_memory().unwrap();
    let mut b = s.batch().unwrap();
    let id = b.add_article(&article("a", "a.txt", "x"), "h").unwrap().id();
    let e = NewEvent {
        sentence: 5,
        code: "010".into(),
        actor1: None,
        actor2: None,
        verb: Span::new(0, 1),
        date: None,
        pattern: String::new(),
        date_precision: None,
        date_source: None,
        date_phrase: None,
        location: None,
    };
    assert!(matches!(b.add_events(id, &[], &[e]), Err(StoreError::Corrupt { .. })));
}

#[test]
fn stories_are_replaced_whole_and_state_persists() {
    let mut s = Store::open_in_memory().unwrap();
    let mut b = s.batch().unwrap();
    let id = b.add_article(&article("a", "a.txt", "Kim met Putin."), "h").unwrap().id();
    let sids = b.add_sentences(id, &[Span::new(0, 14)]).unwrap();
    let ev = NewEvent {
        sentence: 0,
        code: "040".into(),
        actor1: None,
        actor2: None,
        verb: Span::new(4, 7),
        date: None,
        pattern: String::new(),
        date_precision: None,
        date_source: None,
        date_phrase: None,
        location: None,
    };
    b.add_events(id, &sids, &[ev]).unwrap();
    b.commit().unwrap();
    let mut event_id = 0;
    s.for_each_event(|e| event_id = e.id).unwrap();
    let update = StoryUpdate {
        stories: vec![StoryRow {
            id: 1,
            headline: Some("Summit".into()),
            date: Some("2023-09-13".into()),
            place: None,
            num_articles: 1,
            num_sources: 1,
            num_mentions: 1,
            brief: Some("{}".into()),
        }],
        clusters: vec![ClusterRow {
            id: 7,
            story_id: Some(1),
            root_event_id: event_id,
            code: "040".into(),
            actor1_code: None,
            actor2_code: None,
            date: Some("2023-09-13".into()),
            num_mentions: 1,
            num_sources: 1,
            num_articles: 1,
        }],
        documents: vec![(id, Some(1), Some("2023-09-13".into()), true)],
        events: vec![EventUpdate {
            event_id,
            cluster_id: Some(7),
            confidence: Some(0.9),
            date: Some(("2023-09-13".into(), Some("day".into()), Some("story".into()))),
        }],
    };
    s.write_stories(&update).unwrap();
    s.write_stories(&update).unwrap();
    assert_eq!(s.stories().unwrap().len(), 1);
    assert_eq!(s.clusters().unwrap().len(), 1);
    let mut ev = Vec::new();
    s.for_each_event(|e| ev.push(e)).unwrap();
    assert_eq!(ev[0].cluster_id, Some(7));
    assert_eq!(ev[0].story_id, Some(1));
    assert_eq!(ev[0].date.as_deref(), Some("2023-09-13"));
    assert_eq!(ev[0].date_source.as_deref(), Some("story"));
    let mut docs = Vec::new();
    s.for_each_document(|d| docs.push(d)).unwrap();
    assert_eq!(docs[0].resolved_date.as_deref(), Some("2023-09-13"));
    s.set_state("stories", b"abc").unwrap();
    s.set_state("stories", b"xyz").unwrap();
    assert_eq!(s.state("stories").unwrap().as_deref(), Some(&b"xyz"[..]));
    assert_eq!(s.state("none").unwrap(), None);
}

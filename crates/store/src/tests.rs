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
            actor1: Some(ActorRow { code: "PRK".into(), text: String::new(), span: Span::new(0, 3) }),
            actor2: Some(ActorRow { code: "RUS".into(), text: String::new(), span: Span::new(8, 13) }),
            verb: Span::new(4, 7),
            date: Date::new(2023, 9, 13),
            pattern: "MEET [040]".into(),
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
    };
    assert!(matches!(b.add_events(id, &[], &[e]), Err(StoreError::Corrupt { .. })));
}

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

fn place(name: &str, span: Option<Span>) -> LocationRow {
    LocationRow {
        name: name.into(),
        kind: "city".into(),
        country: "RUS".into(),
        fips: "RS".into(),
        adm1: Some("48".into()),
        lat: 55.75222,
        lon: 37.61556,
        feature_id: Some("524901".into()),
        span,
    }
}

/// Articles with `counts[i]` sentences each and events in an order unrelated to the
/// sentences (a few per sentence), with every optional field exercised.
fn sample_documents(counts: &[usize]) -> Vec<(Article, Vec<Span>, Vec<NewEvent>)> {
    counts
        .iter()
        .enumerate()
        .map(|(d, &n)| {
            let text: String = (0..n).map(|i| format!("S{i:03} Moscow. ")).collect();
            let a = article(&format!("d{d}"), &format!("d{d}.txt"), &text);
            let spans: Vec<Span> = (0..n).map(|i| Span::new(i * 13, i * 13 + 12)).collect();
            let events = (0..(n * 3 / 2))
                .map(|k| {
                    let i = (k * 7) % n;
                    let at = i * 13;
                    let span = Span::new(at + 5, at + 11);
                    NewEvent {
                        sentence: i,
                        code: format!("0{k:02}"),
                        actor1: Some(ActorRow {
                            code: "RUS".into(),
                            text: text[span.range()].to_string(),
                            span,
                            location: (k % 2 == 0).then(|| place("Moscow \"Москва\"\n", Some(span))),
                        }),
                        actor2: (k % 3 != 0).then(|| ActorRow {
                            code: "GOV".into(),
                            text: text[at..at + 4].to_string(),
                            span: Span::new(at, at + 4),
                            location: None,
                        }),
                        verb: Span::new(at + 1, at + 3),
                        date: Date::new(2023 - k as i32, 1 + (k % 12) as u32, 1 + (k % 28) as u32),
                        pattern: format!("pattern {k}"),
                        date_precision: Some("day".into()),
                        date_source: (k % 2 == 1).then(|| "sentence".into()),
                        date_phrase: (k % 5 == 0).then(|| "on Monday".into()),
                        location: (k % 4 != 1).then(|| place("Moscow", None)),
                    }
                })
                .collect();
            (a, spans, events)
        })
        .collect()
}

/// Sentence counts around the multi-row chunk sizes.
const COUNTS: [usize; 16] = [1, 2, 3, 5, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100];

/// Every stored sentence and event reads back exactly, attached to the right sentence and document.
#[test]
fn sentences_and_events_round_trip_for_any_count() {
    let mut s = Store::open_in_memory().unwrap();
    let docs = sample_documents(&COUNTS);
    let mut ids = Vec::new();
    let mut b = s.batch().unwrap();
    for (a, spans, events) in &docs {
        let id = b.add_article(a, &content_hash(&a.text)).unwrap().id();
        let sids = b.add_sentences(id, spans).unwrap();
        assert_eq!(sids.len(), spans.len());
        b.add_events(id, &sids, events).unwrap();
        ids.push(id);
    }
    b.commit().unwrap();

    let mut sentences = Vec::new();
    s.for_each_sentence(|r| sentences.push((r.document_id, r.index, r.span, r.text))).unwrap();
    let expected: Vec<_> = docs
        .iter()
        .zip(&ids)
        .flat_map(|((a, spans, _), id)| {
            spans.iter().enumerate().map(move |(i, sp)| (*id, i, *sp, a.text[sp.range()].to_string()))
        })
        .collect();
    assert_eq!(sentences, expected);

    let mut events = Vec::new();
    s.for_each_event(|e| events.push(e)).unwrap();
    let expected: Vec<_> = docs
        .iter()
        .zip(&ids)
        .flat_map(|((_, spans, events), id)| events.iter().map(move |e| (*id, spans[e.sentence], e)))
        .collect();
    assert_eq!(events.len(), expected.len());
    for (got, (doc, sentence_span, want)) in events.iter().zip(expected) {
        assert_eq!(got.document_id, doc);
        assert_eq!(got.sentence_index, want.sentence);
        assert_eq!(got.sentence_span, sentence_span);
        assert_eq!(got.code, want.code);
        assert_eq!(got.actor1, want.actor1);
        assert_eq!(got.actor2, want.actor2);
        assert_eq!(got.verb, want.verb);
        assert_eq!(got.date, want.date.map(|d| d.to_string()));
        assert_eq!(got.pattern, want.pattern);
        assert_eq!(got.date_precision, want.date_precision);
        assert_eq!(got.date_source, want.date_source);
        assert_eq!(got.date_phrase, want.date_phrase);
        assert_eq!(got.location, want.location);
    }
    assert_references_hold(&s);
    assert_eq!(s.events_of(ids[0]).unwrap().len(), COUNTS[0] * 3 / 2);
    assert_eq!(s.sentence_spans(ids[0]).unwrap().len(), COUNTS[0]);
}

/// `add_documents` stores exactly the rows (and ids) that per-document calls store.
#[test]
fn add_documents_stores_what_per_document_calls_store() {
    let docs = sample_documents(&COUNTS);
    let store = |together: bool| {
        let mut s = Store::open_in_memory().unwrap();
        // Rows from an earlier batch, so ids do not start at 1.
        let mut b = s.batch().unwrap();
        let id = b.add_article(&article("x", "x.txt", "Earlier. Text."), "x").unwrap().id();
        let sids = b.add_sentences(id, &[Span::new(0, 8), Span::new(9, 14)]).unwrap();
        b.add_events(id, &sids, &docs[1].2[..1]).unwrap();
        b.commit().unwrap();
        let mut b = s.batch().unwrap();
        let ids: Vec<i64> =
            docs.iter().map(|(a, _, _)| b.add_article(a, &content_hash(&a.text)).unwrap().id()).collect();
        if together {
            let rows: Vec<DocumentRows<'_>> = docs
                .iter()
                .zip(&ids)
                .map(|((_, spans, events), id)| DocumentRows { id: *id, sentences: spans, events })
                .collect();
            b.add_documents(&rows).unwrap();
        } else {
            for ((_, spans, events), id) in docs.iter().zip(&ids) {
                let sids = b.add_sentences(*id, spans).unwrap();
                b.add_events(*id, &sids, events).unwrap();
            }
        }
        b.commit().unwrap();
        let mut sentences = Vec::new();
        s.for_each_sentence(|r| sentences.push(r)).unwrap();
        let mut events = Vec::new();
        s.for_each_event(|mut e| {
            e.ingested_at.clear();
            events.push(e)
        })
        .unwrap();
        (s.counts().unwrap(), sentences, events)
    };
    let (one, two) = (store(false), store(true));
    assert_eq!(one.0.events, 1 + docs.iter().map(|d| d.2.len() as u64).sum::<u64>());
    assert_eq!(one, two);
}

#[test]
fn add_documents_rejects_a_bad_sentence_index() {
    let mut s = Store::open_in_memory().unwrap();
    let mut docs = sample_documents(&[3]);
    docs[0].2[0].sentence = 3;
    let mut b = s.batch().unwrap();
    let id = b.add_article(&docs[0].0, "h").unwrap().id();
    let rows = [DocumentRows { id, sentences: &docs[0].1, events: &docs[0].2 }];
    assert!(matches!(b.add_documents(&rows), Err(StoreError::Corrupt { .. })));
}

#[test]
fn a_document_without_sentences_or_events_stores_none() {
    let mut s = Store::open_in_memory().unwrap();
    let mut b = s.batch().unwrap();
    let id = b.add_article(&article("a", "a.txt", "x"), "h").unwrap().id();
    assert_eq!(b.add_sentences(id, &[]).unwrap(), Vec::<i64>::new());
    b.add_events(id, &[], &[]).unwrap();
    b.commit().unwrap();
    let c = s.counts().unwrap();
    assert_eq!((c.documents, c.sentences, c.events), (1, 0, 0));
}

#[test]
fn stored_dates_are_the_display_form() {
    for (y, m, d) in [(2023, 9, 13), (1, 1, 1), (999, 12, 31), (10000, 2, 29), (-44, 3, 15), (0, 1, 1)] {
        let Some(date) = Date::new(y, m, d) else { continue };
        assert_eq!(DateText::default().format(date), date.to_string(), "{y}-{m}-{d}");
    }
}

#[test]
fn the_cluster_index_serves_cluster_lookups() {
    let s = Store::open_in_memory().unwrap();
    let plan: Vec<String> = s
        .connection()
        .prepare("EXPLAIN QUERY PLAN SELECT id FROM events WHERE cluster_id = ?1")
        .unwrap()
        .query_map([7], |r| r.get(3))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(plan.iter().any(|p| p.contains("events_cluster")), "{plan:?}");
}

mod json {
    use super::*;
    use proptest::prelude::*;

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![Just(String::new()), "[a-zA-Z ]{0,12}", any::<String>(), "[\"\\\\\u{0}-\u{1f}\u{7f}é/]{0,6}"]
    }

    fn float() -> impl Strategy<Value = f64> {
        prop_oneof![
            any::<f64>(),
            -180.0..180.0f64,
            Just(0.0),
            Just(-0.0),
            Just(1e21),
            Just(f64::NAN),
            Just(f64::INFINITY)
        ]
    }

    proptest! {
        /// The hand-written actor-location JSON is exactly serde_json's, so stored rows do not change.
        #[test]
        fn location_json_is_serde_json(
            name in text(), kind in text(), country in text(), fips in text(),
            adm1 in proptest::option::of(text()), feature_id in proptest::option::of(text()),
            lat in float(), lon in float(), span in proptest::option::of((0usize..1 << 40, 0usize..1 << 40)),
        ) {
            let l = LocationRow {
                name, kind, country, fips, adm1, lat, lon, feature_id,
                span: span.map(|(a, b)| Span::new(a.min(b), a.max(b))),
            };
            let mut buf = Vec::new();
            location_json(&mut buf, &l).unwrap();
            prop_assert_eq!(String::from_utf8(buf).unwrap(), serde_json::to_string(&l).unwrap());
        }
    }
}

/// No row breaks a declared reference (`PRAGMA foreign_key_check` finds nothing).
fn assert_references_hold(s: &Store) {
    let broken: Vec<String> = s
        .connection()
        .prepare("PRAGMA foreign_key_check")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(broken.is_empty(), "{broken:?}");
}

#[test]
fn references_are_checked_by_the_batch() {
    let mut s = Store::open_in_memory().unwrap();
    let docs = sample_documents(&[2, 3]);
    let mut b = s.batch().unwrap();
    let a = b.add_article(&docs[0].0, "a").unwrap().id();
    let c = b.add_article(&docs[1].0, "c").unwrap().id();
    let sa = b.add_sentences(a, &docs[0].1).unwrap();
    b.commit().unwrap();

    let mut b = s.batch().unwrap();
    // Sentences of a document that does not exist.
    assert!(matches!(b.add_sentences(c + 100, &docs[1].1), Err(StoreError::Corrupt { .. })));
    let rows = [DocumentRows { id: c + 100, sentences: &docs[1].1, events: &docs[1].2 }];
    assert!(matches!(b.add_documents(&rows), Err(StoreError::Corrupt { .. })));
    // Events of document `c` pointing at sentences of document `a` (stored by an earlier batch).
    let sc = b.add_sentences(c, &docs[1].1).unwrap();
    let wrong: Vec<i64> = sa.iter().chain(&sa).copied().collect();
    assert!(matches!(b.add_events(c, &wrong, &docs[1].2), Err(StoreError::Corrupt { .. })));
    // Sentence ids that were never stored.
    assert!(matches!(b.add_events(c, &[-1, -2, -3], &docs[1].2), Err(StoreError::Corrupt { .. })));
    // The right ones: from this batch, and from the earlier one.
    b.add_events(c, &sc, &docs[1].2).unwrap();
    b.add_events(a, &sa, &docs[0].2).unwrap();
    b.commit().unwrap();
    assert_eq!(s.counts().unwrap().events, (docs[0].2.len() + docs[1].2.len()) as u64);
    assert_references_hold(&s);
}

/// A v4 store (full cluster index) is migrated to the partial index, keeping its rows.
#[test]
fn a_v4_store_gets_the_partial_cluster_index() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    {
        let mut s = Store::open(&path).unwrap();
        let docs = sample_documents(&[2]);
        let mut b = s.batch().unwrap();
        let id = b.add_article(&docs[0].0, "h").unwrap().id();
        b.add_documents(&[DocumentRows { id, sentences: &docs[0].1, events: &docs[0].2 }]).unwrap();
        b.commit().unwrap();
        s.connection()
            .execute_batch(
                "DROP INDEX events_cluster; CREATE INDEX events_cluster ON events(cluster_id);
                 UPDATE events SET cluster_id = 7 WHERE id = 1; PRAGMA user_version = 4;",
            )
            .unwrap();
    }
    let s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    let sql: String = s
        .connection()
        .query_row("SELECT sql FROM sqlite_master WHERE name = 'events_cluster'", [], |r| r.get(0))
        .unwrap();
    assert!(sql.contains("WHERE cluster_id IS NOT NULL"), "{sql}");
    let clustered: i64 =
        s.connection().query_row("SELECT count(*) FROM events WHERE cluster_id = 7", [], |r| r.get(0)).unwrap();
    assert_eq!(clustered, 1);
    assert_eq!(s.counts().unwrap().events, 3);
}

/// Sentence ids are derived from the rowids SQLite assigns; when it can no longer assign
/// them in order (the largest id is taken), storing fails instead of misattributing events.
#[test]
fn sentence_ids_that_cannot_follow_in_order_are_an_error() {
    let mut s = Store::open_in_memory().unwrap();
    let docs = sample_documents(&[3]);
    let mut b = s.batch().unwrap();
    let id = b.add_article(&docs[0].0, "h").unwrap().id();
    b.tx.execute("INSERT INTO sentences (id, document_id, idx, start, end) VALUES (?1, ?2, 99, 0, 0)", [i64::MAX, id])
        .unwrap();
    assert!(matches!(b.add_sentences(id, &docs[0].1), Err(StoreError::Corrupt { .. })));
}

#[test]
fn content_hash_is_the_hex_blake3_of_the_key() {
    assert_eq!(content_hash(""), "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262");
    assert_eq!(content_hash("abc").len(), 64);
}

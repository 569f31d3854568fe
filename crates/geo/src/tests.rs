use super::*;

fn run(doc: &str) -> (DocContext, Vec<Sentence>) {
    let gaz = Gazetteer::embedded();
    let sents = tidings_text::analyze(doc);
    (DocContext::new(gaz, doc, &sents), sents)
}

fn names(doc: &str) -> Vec<String> {
    let gaz = Gazetteer::embedded();
    let (ctx, sents) = run(doc);
    sents
        .iter()
        .flat_map(|s| toponyms(gaz, &ctx, doc, s))
        .map(|h| format!("{}:{}:{}", &doc[h.span.range()], h.place.name, h.place.country))
        .collect()
}

#[test]
fn gazetteer_has_all_layers() {
    let gaz = Gazetteer::embedded();
    assert!(gaz.len() > 100_000, "cities missing: {}", gaz.len());
    let ru = gaz.country_by_iso2("RU").unwrap();
    assert_eq!((ru.iso3.as_str(), ru.fips.as_str()), ("RUS", "RS"));
    let v = gaz.lookup("Vostochny Cosmodrome");
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].kind, PlaceKind::Spaceport);
    assert!((v[0].lat - 51.88).abs() < 0.05 && (v[0].lon - 128.33).abs() < 0.05);
    assert_eq!(v[0].adm1.as_deref(), Some("Amur"));
    assert_eq!(v[0].geo_type(), 4);
}

#[test]
fn amur_region_is_the_oblast() {
    let doc = "Putin met Kim at the spaceport in Russia's Amur region on Wednesday.";
    let gaz = Gazetteer::embedded();
    let (ctx, sents) = run(doc);
    let hits = toponyms(gaz, &ctx, doc, &sents[0]);
    let amur = hits.iter().find(|h| doc[h.span.range()].starts_with("Amur")).unwrap();
    assert_eq!(amur.place.kind, PlaceKind::Adm1);
    assert_eq!(amur.place.country, "RS");
    assert_eq!(amur.place.iso3, "RUS");
}

#[test]
fn qualifier_disambiguates() {
    assert_eq!(names("Protesters gathered in Paris, Texas."), vec!["Paris:Paris:US", "Texas:Texas:US"]);
    assert_eq!(names("Protesters gathered in Paris."), vec!["Paris:Paris:FR"]);
}

#[test]
fn context_country_wins() {
    // Vostochny is also a village name; with the cosmodrome named, generic nouns refer back.
    let doc = "Kim arrived at Vostochny Cosmodrome. Later he toured the cosmodrome with Putin.";
    let gaz = Gazetteer::embedded();
    let (ctx, sents) = run(doc);
    let loc = locate(gaz, &ctx, doc, &sents[1]).unwrap();
    assert_eq!(&doc[loc.span.range()], "cosmodrome");
    assert_eq!(loc.place.name, "Vostochny Cosmodrome");
}

#[test]
fn person_names_are_not_places() {
    assert!(names("Kim Jong Un said nothing.").is_empty());
    assert!(names("Director Jo Chun Ryong attended.").is_empty());
}

#[test]
fn dateline_is_read() {
    let doc = "SEOUL, Sept. 13 (Yonhap) -- The North fired two missiles toward the East Sea.";
    let gaz = Gazetteer::embedded();
    let (ctx, sents) = run(doc);
    let d = ctx.dateline(gaz).unwrap();
    assert_eq!(d.place.name, "Seoul");
    let loc = locate(gaz, &ctx, doc, &sents[0]).unwrap();
    assert_eq!(loc.place.name, "East Sea");
    assert_eq!(loc.place.country, "");
}

#[test]
fn actor_location_from_adjective() {
    let doc = "North Korean leader Kim Jong Un greeted Russian President Vladimir Putin.";
    let gaz = Gazetteer::embedded();
    let (ctx, sents) = run(doc);
    let a = actor_location(gaz, &ctx, doc, &sents[0], Span::new(0, 19)).unwrap();
    assert_eq!(a.place.country, "KN");
    assert_eq!(&doc[a.span.range()], "North Korean");
    let b = actor_location(gaz, &ctx, doc, &sents[0], Span::new(doc.find("Russian").unwrap(), doc.len())).unwrap();
    assert_eq!(b.place.country, "RS");
}

#[test]
fn gdelt_columns() {
    let doc = "Putin greeted Kim at Vostochny Cosmodrome.";
    let gaz = Gazetteer::embedded();
    let (ctx, sents) = run(doc);
    let g = locate(gaz, &ctx, doc, &sents[0]).unwrap().gdelt(gaz);
    assert_eq!(g.geo_type, 4);
    assert_eq!(g.full_name, "Vostochny Cosmodrome, Amur, Russia");
    assert_eq!((g.country_code.as_str(), g.adm1_code.as_str()), ("RS", "RS:Amur"));
    assert_eq!(g.feature_id, "tidings:vostochny-cosmodrome");
    assert_eq!(&doc[g.span.range()], "Vostochny Cosmodrome");
}

/// Every answer of a context with its token cache and match memo, next to the
/// same context without them (each sentence normalized afresh).
fn assert_same_as_uncached(doc: &str, ctx: &DocContext, sents: &[Sentence]) {
    let gaz = Gazetteer::embedded();
    let mut bare = ctx.clone();
    bare.cache = TokCache::default();
    for s in sents {
        assert_eq!(toponyms(gaz, ctx, doc, s), toponyms(gaz, &bare, doc, s), "{:?}", &doc[s.span.range()]);
        assert_eq!(locate(gaz, ctx, doc, s), locate(gaz, &bare, doc, s), "{:?}", &doc[s.span.range()]);
        let view = ctx.sentence(gaz, doc, s);
        let bare_view = bare.sentence(gaz, doc, s);
        assert_eq!(view.locate(), locate(gaz, &bare, doc, s));
        assert_eq!(bare_view.locate(), locate(gaz, &bare, doc, s));
        // Actor mentions: every run of up to six tokens.
        for a in 0..s.tokens.len() {
            for b in a..s.tokens.len().min(a + 6) {
                let span = s.tokens[a].span.cover(s.tokens[b].span);
                let want = actor_location(gaz, &bare, doc, s, span);
                assert_eq!(actor_location(gaz, ctx, doc, s, span), want, "{:?}", &doc[span.range()]);
                assert_eq!(view.actor_location(span), want, "{:?}", &doc[span.range()]);
                assert_eq!(bare_view.actor_location(span), want, "{:?}", &doc[span.range()]);
            }
        }
    }
}

#[test]
fn cached_tokens_change_no_answer() {
    let docs = [
        include_str!("../tests/fixtures/summit.txt"),
        include_str!("../tests/fixtures/gulf.txt"),
        "SEOUL, Sept. 13 (Yonhap) -- North Korean leader Kim Jong Un arrived at the Vostochny Cosmodrome \
         in Russia's Amur region. The cosmodrome hosted talks. Officials in Tehran said the People's \
         Republic of China and St.-Petersburg, Florida, Paris, Texas and the Moscow mayor agreed.",
        "Protesters gathered in Paris, Texas. Victoria Nuland visited Kyiv Oblast and the Sea of Japan.",
    ];
    let gaz = Gazetteer::embedded();
    for doc in docs {
        let sents = tidings_text::analyze(doc);
        let ctx = DocContext::new(gaz, doc, &sents);
        assert_eq!(ctx.cache.memo.len(), ctx.cache.toks.len());
        assert!(sents.iter().all(|s| ctx.cache.find(doc, s).is_some()));
        assert_same_as_uncached(doc, &ctx, &sents);
    }
}

#[test]
fn cache_is_not_used_for_another_text_with_the_same_spans() {
    let gaz = Gazetteer::embedded();
    let doc = "Troops entered Moscow on Monday. Talks were held in Seoul.";
    let other = "Troops entered Berlin on Monday. Talks were held in Tokyo.";
    let sents = tidings_text::analyze(doc);
    let ctx = DocContext::new(gaz, doc, &sents);
    // Same sentence and token spans, different words: the context's document
    // evidence applies, its cached tokens must not.
    let other_sents = tidings_text::analyze(other);
    assert_eq!(
        sents.iter().map(|s| s.span).collect::<Vec<_>>(),
        other_sents.iter().map(|s| s.span).collect::<Vec<_>>()
    );
    assert!(other_sents.iter().all(|s| ctx.cache.find(other, s).is_none()));
    let got: Vec<_> = other_sents.iter().map(|s| locate(gaz, &ctx, other, s).map(|h| h.place.name)).collect();
    assert_eq!(got, vec![Some("Berlin".to_string()), Some("Tokyo".to_string())]);
    assert_same_as_uncached(other, &ctx, &other_sents);
}

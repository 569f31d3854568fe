use proptest::prelude::*;
use tidings_geo::{locate, toponyms, DocContext, Gazetteer};

fn render(doc: &str) -> String {
    let gaz = Gazetteer::embedded();
    let sents = tidings_text::analyze(doc);
    let ctx = DocContext::new(gaz, doc, &sents);
    let mut out =
        format!("countries: {:?}\ndateline: {:?}\n", ctx.countries(gaz), ctx.dateline(gaz).map(|h| h.place.name));
    for s in &sents {
        out.push_str(&format!("# {}\n", &doc[s.span.range()]));
        for h in toponyms(gaz, &ctx, doc, s) {
            out.push_str(&format!(
                "  {:?} -> {} [{} {} {} adm1={:?}] {:.2},{:.2} type={} id={:?}\n",
                &doc[h.span.range()],
                h.place.name,
                h.place.kind.as_str(),
                h.place.country,
                h.place.iso3,
                h.place.adm1,
                h.place.lat,
                h.place.lon,
                h.place.geo_type(),
                h.place.feature_id
            ));
        }
        let loc = locate(gaz, &ctx, doc, s);
        out.push_str(&format!("  action: {:?}\n", loc.map(|h| h.place.full_name(gaz))));
    }
    out
}

#[test]
fn snapshot_summit() {
    insta::assert_snapshot!(render(include_str!("fixtures/summit.txt")));
}

#[test]
fn snapshot_gulf() {
    insta::assert_snapshot!(render(include_str!("fixtures/gulf.txt")));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn never_panics_and_spans_slice(doc in "(?:[A-Z][a-z]{0,8}|Russia|Amur region|the cosmodrome|Vostochny Cosmodrome|St\\.|'s|, |\\. |[0-9]{1,4}|é|Ünïcödé| ){0,40}") {
        let gaz = Gazetteer::embedded();
        let sents = tidings_text::analyze(&doc);
        let ctx = DocContext::new(gaz, &doc, &sents);
        for s in &sents {
            for h in toponyms(gaz, &ctx, &doc, s) {
                prop_assert!(doc.get(h.span.range()).is_some());
                prop_assert!(h.span.start >= s.span.start && h.span.end <= s.span.end);
            }
            if let Some(h) = locate(gaz, &ctx, &doc, s) {
                prop_assert!(doc.get(h.span.range()).is_some());
            }
        }
    }

    #[test]
    fn foreign_sentences_do_not_panic(doc in "\\PC{0,80}", other in "\\PC{0,80}") {
        // Sentences analysed on one text, applied to another: spans may not slice it.
        let gaz = Gazetteer::embedded();
        let sents = tidings_text::analyze(&other);
        let ctx = DocContext::new(gaz, &doc, &sents);
        for s in &sents {
            for h in toponyms(gaz, &ctx, &doc, s) {
                prop_assert!(doc.get(h.span.range()).is_some());
            }
            let _ = locate(gaz, &ctx, &doc, s);
        }
    }
}

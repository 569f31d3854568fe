//! The toponym and action-location test sets (our own sentences in tests/data).
//! Toponym accuracy must stay >= 90%.

use tidings_geo::{locate, toponyms, DocContext, Gazetteer};

fn analyze(doc: &str) -> (DocContext, Vec<tidings_text::Sentence>) {
    let sents = tidings_text::analyze(doc);
    (DocContext::new(Gazetteer::embedded(), doc, &sents), sents)
}

#[test]
fn toponym_accuracy() {
    let gaz = Gazetteer::embedded();
    let data = include_str!("data/toponyms.tsv");
    let (mut total, mut ok) = (0, 0);
    let mut misses = Vec::new();
    for (n, line) in data.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.splitn(4, '\t').collect();
        assert_eq!(f.len(), 4, "line {}: bad row", n + 1);
        let (name, country, surface, doc) = (f[0], f[1], f[2], f[3]);
        let at = doc.rfind(surface).unwrap_or_else(|| panic!("line {}: surface not in doc", n + 1));
        let (ctx, sents) = analyze(doc);
        let sent = sents.iter().find(|s| s.span.start <= at && at < s.span.end).expect("sentence");
        let hits = toponyms(gaz, &ctx, doc, sent);
        let hit = hits.iter().find(|h| h.span.start <= at && at + surface.len() <= h.span.end);
        total += 1;
        let good = match (name, hit) {
            ("-", None) => true,
            ("-", Some(_)) => false,
            (_, Some(h)) => h.place.name == name && h.place.country == country,
            (_, None) => false,
        };
        if good {
            ok += 1;
        } else {
            misses.push(format!(
                "line {}: {surface:?} expected {name}/{country}, got {:?}",
                n + 1,
                hit.map(|h| (h.place.name.clone(), h.place.country.clone(), h.place.kind))
            ));
        }
    }
    let acc = ok as f64 / total as f64;
    println!("toponyms: {ok}/{total} = {:.1}%", acc * 100.0);
    for m in &misses {
        println!("  MISS {m}");
    }
    assert!(total >= 150, "need >= 150 cases, have {total}");
    assert!(acc >= 0.90, "toponym accuracy {:.1}% < 90%", acc * 100.0);
}

#[test]
fn action_location_accuracy() {
    let gaz = Gazetteer::embedded();
    let data = include_str!("data/locations.tsv");
    let (mut total, mut ok) = (0, 0);
    let mut misses = Vec::new();
    for line in data.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let Some((name, doc)) = line.split_once('\t') else { panic!("bad row {line}") };
        let (ctx, sents) = analyze(doc);
        let last = sents.last().expect("sentence");
        let got = locate(gaz, &ctx, doc, last);
        total += 1;
        if got.as_ref().is_some_and(|h| h.place.name == name) {
            ok += 1;
        } else {
            misses.push(format!("{name}: got {:?} in {doc:?}", got.map(|h| h.place.name)));
        }
    }
    let acc = ok as f64 / total as f64;
    println!("action locations: {ok}/{total} = {:.1}%", acc * 100.0);
    for m in &misses {
        println!("  MISS {m}");
    }
    assert!(acc >= 0.90, "action-location accuracy {:.1}% < 90%", acc * 100.0);
}

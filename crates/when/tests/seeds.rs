//! Bar items checkable at sentence level on ../shared/seeds (skipped when absent).

use std::path::PathBuf;

use tidings_model::Date;
use tidings_when::{resolve_sentence, story_anchor, DateSource, ResolvedDate};

fn read(prefix: &str) -> Option<String> {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/seeds"));
    let Ok(rd) = std::fs::read_dir(&dir) else {
        println!("skipping: {} not found", dir.display());
        return None;
    };
    let e = rd.flatten().find(|e| e.file_name().to_string_lossy().starts_with(prefix))?;
    std::fs::read_to_string(e.path()).ok()
}

fn date_of(doc: &str, needle: &str, anchor: Option<ResolvedDate>) -> Option<ResolvedDate> {
    let at = doc.find(needle)?;
    let sents = tidings_text::analyze(doc);
    let s = sents.iter().find(|s| s.span.start <= at && at < s.span.end)?;
    resolve_sentence(doc, s, anchor)
}

#[test]
fn seed_dates() {
    let (Some(d0), Some(d2)) = (read("000_"), read("002_")) else {
        println!("skipping: seeds missing");
        return;
    };
    let pubdate = Date::new(2023, 9, 13).unwrap();
    // Seed 002 carries its own date; its summit sentence is dated that day.
    let a2 = Some(ResolvedDate::publication(pubdate));
    let summit = date_of(&d2, "held a rare summit", a2).expect("summit dated");
    assert_eq!(summit.date, pubdate);
    // Seed 000 is undated: it takes its story's date (from 002), marked inferred.
    let anchor = story_anchor(None, &[pubdate]).unwrap();
    assert_eq!((anchor.source, anchor.inferred), (DateSource::Story, true));
    let meet = date_of(&d0, "met at a cosmodrome", Some(anchor.clone())).unwrap();
    assert_eq!(meet.date, pubdate);
    assert!(meet.inferred);
    let arrived = date_of(&d0, "arrived in Russia by private train", Some(anchor.clone())).unwrap();
    assert_eq!(arrived.date, Date::new(2023, 9, 12).unwrap());
    assert_eq!(arrived.phrase.as_deref(), Some("on Tuesday"));
    assert!(arrived.inferred);
    // Without any anchor, the undated report's relative dates do not resolve (no invention).
    assert!(date_of(&d0, "arrived in Russia by private train", None).is_none());
}

use super::*;

fn at(text: &str, anchor: &str) -> Option<ResolvedDate> {
    let sents = tidings_text::analyze(text);
    let a = Date::parse_iso(anchor).map(ResolvedDate::publication);
    resolve_sentence(text, &sents[0], a)
}

fn d(text: &str, anchor: &str) -> String {
    at(text, anchor).map(|r| r.date.to_string()).unwrap_or_default()
}

#[test]
fn weekdays_follow_tense() {
    assert_eq!(d("Kim arrived in Russia by private train on Tuesday.", "2023-09-13"), "2023-09-12");
    assert_eq!(d("Peskov said negotiations will occur on Tuesday.", "2023-09-13"), "2023-09-19");
    assert_eq!(d("The leaders met on Wednesday.", "2023-09-13"), "2023-09-13");
    assert_eq!(d("They met last Wednesday.", "2023-09-13"), "2023-09-06");
    assert_eq!(d("They meet next Wednesday.", "2023-09-13"), "2023-09-20");
}

#[test]
fn reported_event_date_wins() {
    let s = "On Wednesday, the ministry said that the delegation landed in the capital on Tuesday.";
    let r = at(s, "2023-09-13").unwrap();
    assert_eq!(r.date.to_string(), "2023-09-12");
    assert_eq!(r.phrase.as_deref(), Some("on Tuesday"));
    assert_eq!(&s[r.span.unwrap().range()], "on Tuesday");
    assert_eq!(r.source, DateSource::Sentence);
}

#[test]
fn explicit_and_ranges() {
    let r = at("The talks ran Sept. 11-13, 2023 in Geneva.", "2023-09-20").unwrap();
    assert_eq!((r.date.to_string(), r.end.map(|e| e.to_string())), ("2023-09-11".into(), Some("2023-09-13".into())));
    let r = at("Pyongyang tried in May and again in August to put a satellite in orbit.", "2023-09-13").unwrap();
    assert_eq!((r.date.to_string(), r.precision), ("2023-05-01".into(), Precision::Month));
    let sents = tidings_text::analyze("Pyongyang tried twice, in May and August.");
    let all = expressions(
        "Pyongyang tried twice, in May and August.",
        &sents[0],
        Some(&ResolvedDate::publication(Date::new(2023, 9, 13).unwrap())),
    );
    assert_eq!(all.iter().map(|r| r.date.to_string()).collect::<Vec<_>>(), vec!["2023-05-01", "2023-08-01"]);
}

#[test]
fn no_anchor_no_relative_and_no_invention() {
    assert!(at("They met on Tuesday.", "").is_none());
    assert_eq!(d("They met on September 13, 2023.", ""), "2023-09-13");
    // Modal "may" is not a month.
    assert_eq!(at("The two may swap weapons.", "2023-09-13").unwrap().source, DateSource::Publication);
}

#[test]
fn story_anchor_marks_inferred() {
    let dates = [Date::new(2023, 9, 13).unwrap(), Date::new(2023, 9, 13).unwrap(), Date::new(2023, 9, 14).unwrap()];
    let a = story_anchor(None, &dates).unwrap();
    assert_eq!((a.date.to_string(), a.source, a.inferred), ("2023-09-13".into(), DateSource::Story, true));
    let text = "Kim arrived on Tuesday.";
    let sents = tidings_text::analyze(text);
    let r = resolve_sentence(text, &sents[0], Some(a.clone())).unwrap();
    assert_eq!(r.date.to_string(), "2023-09-12");
    assert!(r.inferred);
    let text2 = "Kim stated his support.";
    let sents2 = tidings_text::analyze(text2);
    let r2 = resolve_sentence(text2, &sents2[0], Some(a)).unwrap();
    assert_eq!((r2.source, r2.inferred), (DateSource::Story, true));
    assert!(story_anchor(None, &[]).is_none());
    assert_eq!(story_anchor(Date::new(2020, 1, 2), &dates).unwrap().source, DateSource::Publication);
}

//! Property tests: the parsers never panic on arbitrary bytes, and what they
//! return is self-consistent.

use proptest::prelude::*;
use tidings_ingest::dates::parse_date_line;
use tidings_ingest::{ingest_reader, parse_html, parse_jsonl_line, parse_text, IngestOptions, Item};
use unicode_normalization::is_nfc;

fn check_article(a: &tidings_model::Article) {
    assert!(!a.text.trim().is_empty(), "empty body accepted");
    assert!(!a.text.contains('\r'), "CR left in body");
    assert!(!a.text.starts_with('\u{feff}'), "BOM left in body");
    assert!(is_nfc(&a.text), "body not NFC");
    if let Some(t) = &a.title {
        assert!(!t.contains('\n') && !t.trim().is_empty() && t.trim() == t, "bad title {t:?}");
    }
    assert_eq!(a.date.is_some(), a.date_raw.is_some(), "date without raw or raw without date");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn parse_text_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        if let Ok(a) = parse_text("p.txt", "p", &bytes) {
            check_article(&a);
            if let (Some(d), Some(raw)) = (a.date, a.date_raw.as_deref()) {
                prop_assert_eq!(parse_date_line(raw), Some(d));
            }
        }
    }

    #[test]
    fn parse_text_on_text_like_input(s in "[A-Za-z0-9 ,.:\\-\n\r\t]{0,400}") {
        if let Ok(a) = parse_text("p.txt", "p", s.as_bytes()) {
            check_article(&a);
            // The body is a sequence of lines of the normalized input, in order.
            let norm = s.replace("\r\n", "\n").replace('\r', "\n");
            let mut rest = norm.as_str();
            for line in a.text.lines() {
                let at = rest.find(line);
                prop_assert!(at.is_some(), "body line {:?} not in input", line);
                rest = &rest[at.unwrap_or(0) + line.len()..];
            }
        }
    }

    #[test]
    fn title_date_body_round_trip(
        title in "[A-Z][a-z]{2,10}( [a-z]{2,10}){1,6}",
        (y, m, d) in (1990i32..2030, 1u32..=12, 1u32..=28),
        body in proptest::collection::vec("[A-Z][a-z]{2,9}( [a-z]{2,9}){3,12}\\.", 1..6),
        crlf in any::<bool>(),
    ) {
        let months = ["January", "February", "March", "April", "May", "June", "July", "August",
                      "September", "October", "November", "December"];
        let date_line = format!("{} {d}, {y}", months[(m - 1) as usize]);
        let nl = if crlf { "\r\n" } else { "\n" };
        let doc = format!("{title}{nl}{nl}{date_line}{nl}{nl}{}{nl}", body.join(nl));
        let a = parse_text("r.txt", "r", doc.as_bytes()).unwrap();
        check_article(&a);
        prop_assert_eq!(a.title.as_deref(), Some(title.as_str()));
        prop_assert_eq!(a.date.map(|x| (x.year, x.month, x.day)), Some((y, m, d)));
        prop_assert_eq!(a.date_raw.as_deref(), Some(date_line.as_str()));
        prop_assert_eq!(a.text, body.join("\n"));
    }

    #[test]
    fn parse_html_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        if let Ok(a) = parse_html("p.html", "p", &bytes, None) {
            check_article(&a);
        }
    }

    #[test]
    fn parse_html_on_tag_soup(parts in proptest::collection::vec(prop_oneof![
        Just("<p>".to_string()), Just("</p>".to_string()), Just("<div class='share'>".to_string()),
        Just("</div>".to_string()), Just("<a href=x>".to_string()), Just("</a>".to_string()),
        Just("<script>".to_string()), Just("<br>".to_string()), Just("<pre>".to_string()),
        Just("<!--".to_string()), Just("-->".to_string()), Just("&amp;".to_string()),
        Just("<meta property='og:title' content='T'>".to_string()), Just("<time datetime='2023-09-13'>".to_string()),
        "[A-Za-z ,.]{1,40}",
    ], 0..60)) {
        let html = parts.concat();
        if let Ok(a) = parse_html("p.html", "p", html.as_bytes(), None) {
            check_article(&a);
            prop_assert!(!a.text.contains("\n\n\n"), "paragraphs separated by one blank line");
        }
    }

    #[test]
    fn jsonl_lines_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..1024)) {
        if let Ok(Some(a)) = parse_jsonl_line("p.jsonl", "p", 7, &bytes) {
            check_article(&a);
            prop_assert_eq!(a.path, "p.jsonl#7");
        }
    }

    #[test]
    fn jsonl_objects_round_trip(
        id in proptest::option::of("[a-z0-9]{1,8}"),
        title in proptest::option::of("[A-Za-z ]{1,30}"),
        text in "Zq[A-Za-z ,.]{0,200}",
    ) {
        let mut obj = serde_json::Map::new();
        if let Some(id) = &id { obj.insert("id".into(), id.clone().into()); }
        if let Some(t) = &title { obj.insert("title".into(), t.clone().into()); }
        obj.insert("text".into(), text.clone().into());
        let line = serde_json::to_vec(&serde_json::Value::Object(obj)).unwrap();
        match parse_jsonl_line("f.jsonl", "f", 3, &line).unwrap() {
            Some(a) => {
                check_article(&a);
                prop_assert_eq!(a.doc, id.unwrap_or_else(|| "f#3".to_string()));
                prop_assert_eq!(a.text.as_str(), text.trim());
                let want_title = title.map(|t| t.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|t| !t.is_empty());
                prop_assert_eq!(a.title, want_title);
            }
            None => prop_assert!(false, "object line treated as blank"),
        }
    }

    #[test]
    fn any_stream_is_safe(bytes in proptest::collection::vec(any::<u8>(), 0..2048), prefix in prop_oneof![
        Just(&b""[..]), Just(&b"WARC/1.0\r\n"[..]), Just(&b"<rss version='2.0'>"[..]), Just(&b"{"[..]),
        Just(&b"\x1f\x8b"[..]), Just(&b"<!doctype html>"[..]),
    ]) {
        let mut input = prefix.to_vec();
        input.extend_from_slice(&bytes);
        let mut n = 0usize;
        ingest_reader("-", &mut &input[..], &IngestOptions::default(), &mut |item| {
            n += 1;
            if let Item::Article(a) = item { check_article(&a); }
        });
        prop_assert!(n >= 1, "every input yields at least one item");
    }
}

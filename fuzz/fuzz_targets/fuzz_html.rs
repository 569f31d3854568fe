#![no_main]
//! parse_html on arbitrary bytes: never panics, and an accepted page has a body.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(a) = tidings_ingest::parse_html("fuzz.html", "fuzz", data, Some("https://example.org/x")) {
        assert!(!a.text.trim().is_empty());
        assert!(!a.text.contains('\r'));
    }
    let _ = tidings_ingest::html::html_fragment_to_text(&String::from_utf8_lossy(data));
});

#![no_main]
//! parse_text and the date-line parser on arbitrary bytes.
use libfuzzer_sys::fuzz_target;
use tidings_ingest::dates::{parse_date_line, parse_date_value};

fuzz_target!(|data: &[u8]| {
    if let Ok(a) = tidings_ingest::parse_text("fuzz.txt", "fuzz", data) {
        assert!(!a.text.trim().is_empty());
        if let (Some(d), Some(raw)) = (a.date, a.date_raw.as_deref()) {
            assert_eq!(parse_date_line(raw), Some(d));
        }
    }
    let s = String::from_utf8_lossy(data);
    for line in s.lines().take(50) {
        let _ = parse_date_line(line);
        let _ = parse_date_value(line);
    }
    let _ = tidings_ingest::dedup_key(&s);
});

#![no_main]
//! Publication-date parsers (text date lines, meta/feed/JSON values, unix stamps).
use libfuzzer_sys::fuzz_target;
use tidings_ingest::dates::{date_from_unix, month_from_name, parse_date_line, parse_date_value};

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    if let Some(d) = parse_date_line(&s) {
        assert!(d.to_string().len() >= 10);
    }
    let _ = parse_date_value(&s);
    let _ = month_from_name(&s);
    if data.len() >= 8 {
        let n = i64::from_le_bytes(data[..8].try_into().unwrap_or([0; 8]));
        let _ = date_from_unix(n);
    }
});

#![no_main]
//! Sentence splitting and tokenization: every span must slice the input.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for s in tidings_text::analyze(&text) {
        assert!(text.get(s.span.range()).is_some());
        for t in &s.tokens {
            assert!(text.get(t.span.range()).is_some());
            assert!(t.span.start >= s.span.start && t.span.end <= s.span.end);
        }
    }
});

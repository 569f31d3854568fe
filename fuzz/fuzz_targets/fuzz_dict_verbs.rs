#![no_main]
//! Verb dictionary reader on arbitrary bytes: diagnostics, never a panic.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (d, _diags) = tidings_dict::VerbDict::parse(&text, "fuzz.verbs");
    for f in &d.forms {
        let _ = d.families.get(f.family);
    }
});

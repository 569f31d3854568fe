#![no_main]
//! Records reader + Penn parser + coder on arbitrary bytes: must never panic.

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(file) = tidings_coder::records::parse_records(&text, Path::new(".")) {
        let (dict, _) = tidings_dict::Dictionaries::from_texts(
            "--- MEET [031] ---\nMEET\n- * WITH + [032]\n- % * [033]\n",
            &["ARNOR [ARN]\nGONDOR [GON]\n"],
            "PRESIDENT [~GOV]\n",
            "",
        );
        let coder = tidings_coder::Coder::new(dict);
        for r in &file.records {
            if let Some(Ok(tree)) = r.parse.as_deref().map(tidings_coder::penn::parse_penn) {
                let _ = coder.code(&tree, r.date);
            }
        }
    }
    let _ = tidings_coder::penn::parse_penn(&text);
});

#![no_main]
//! CoNLL-U reader and the coder over the converted tree: never a panic.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(tree) = tidings_coder::conllu::parse_conllu(&text) {
        let (dict, _) = tidings_dict::Dictionaries::from_texts(
            "--- MEET [031] ---\nMEET\n- * WITH + [032]\n- % * [033]\n",
            &["ARNOR [ARN]\nGONDOR [GON]\n"],
            "PRESIDENT [~GOV]\n",
            "",
        );
        let _ = tidings_coder::Coder::new(dict).code(&tree, None);
    }
});

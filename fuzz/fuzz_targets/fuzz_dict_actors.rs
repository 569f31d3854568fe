#![no_main]
//! Actor and agent dictionary readers on arbitrary bytes: diagnostics, never a panic.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut actors = tidings_dict::ActorDict::default();
    let mut diags = Vec::new();
    actors.add_file(&text, "fuzz.actors", &mut diags);
    let words: Vec<&str> = text.split_whitespace().collect();
    for k in 0..words.len().min(64) {
        if let Some((p, _)) = actors.index.match_at(&words, k) {
            let _ = actors.entries[p.entry].code_at(Some(20000101));
        }
    }
    let _ = tidings_dict::AgentDict::parse(&text, "fuzz.agents");
    let _ = tidings_dict::DiscardDict::parse(&text, "fuzz.discards");
    let _ = tidings_dict::IssueDict::parse(&text, "fuzz.issues");
});

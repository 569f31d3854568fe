#![no_main]
//! PETRARCH agents, discards and issues dictionaries, and the syntax checker.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = tidings_dict::AgentDict::parse(&text, "fuzz.agents");
    let _ = tidings_dict::DiscardDict::parse(&text, "fuzz.discards");
    let _ = tidings_dict::IssueDict::parse(&text, "fuzz.issues");
    let _ = tidings_cameo::check::check_agents(&text);
    let _ = tidings_cameo::check::check_discards(&text);
    let _ = tidings_cameo::convert::parse_petrarch_agents_lenient(&text);
});

#![no_main]
//! tidings' own dictionary formats (countries/igos/people/agents TSV, verbs,
//! discards): the first byte picks the format, the rest is the file text. An
//! accepted file must convert to PETRARCH text that the PETRARCH readers take
//! without a panic.
use libfuzzer_sys::fuzz_target;
use tidings_cameo::defaults::DictSet;
use tidings_cameo::format;

fuzz_target!(|data: &[u8]| {
    let Some((&ctl, body)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(body);
    let mut set = DictSet::default();
    let ok = match ctl % 6 {
        0 => format::parse_countries(&text, "countries.tsv").map(|v| set.countries = v).is_ok(),
        1 => format::parse_organizations(&text, "igos.tsv").map(|v| set.organizations = v).is_ok(),
        2 => format::parse_people(&text, "people.tsv").map(|v| set.people = v).is_ok(),
        3 => format::parse_agents(&text, "agents.tsv").map(|v| set.agents = v).is_ok(),
        4 => format::parse_verbs(&text, "verbs.txt").map(|v| set.verbs = v).is_ok(),
        _ => format::parse_discards(&text, "discards.txt").map(|v| set.discards = v).is_ok(),
    };
    if ok {
        let actors = set.actors_petrarch();
        let _ = tidings_dict::Dictionaries::from_texts(
            &set.verbs_petrarch(),
            &[actors.as_str()],
            &set.agents_petrarch(),
            &set.discards_petrarch(),
        );
        let _ = format::write_people(&set.people);
        let _ = format::write_agents(&set.agents);
        let _ = format::write_verbs(&set.verbs);
    }
    let _ = tidings_cameo::convert::parse_petrarch_actors_lenient(&text);
    let _ = tidings_cameo::convert::parse_petrarch_verbs_lenient(&text);
    let _ = tidings_cameo::check::check_actors(&text);
    let _ = tidings_cameo::check::check_verbs(&text);
});

use std::collections::{HashMap, HashSet};
use tidings_cameo::check;
use tidings_cameo::defaults::{self, DictSet};
use tidings_cameo::format::Day;

fn day(s: &str) -> Day {
    Day::parse_iso(s).unwrap()
}

#[test]
fn embedded_set_parses() {
    let set = DictSet::embedded().unwrap_or_else(|e| panic!("{e}"));
    println!(
        "countries {} orgs {} people {} terms {} agents {} synsets {} blocks {} verbs {} patterns {} discards {}",
        set.countries.len(),
        set.organizations.len(),
        set.people.len(),
        set.people.iter().map(|p| p.terms.len()).sum::<usize>(),
        set.agents.len(),
        set.verbs.synsets.len(),
        set.verbs.blocks.len(),
        set.verbs.verb_count(),
        set.verbs.pattern_count(),
        set.discards.len()
    );
    assert_eq!(&set, defaults::set());
}

//! The generated PETRARCH text loads in tidings' own dictionary crate with no
//! diagnostics.
use tidings_cameo::defaults;

#[test]
fn defaults_load_in_tidings_dict_without_diagnostics() {
    let verbs = defaults::verbs_petrarch();
    let actors = defaults::actors_petrarch();
    let agents = defaults::agents_petrarch();
    let discards = defaults::discards_petrarch();
    let (_d, diags) = tidings_dict::Dictionaries::from_texts(&verbs, &[&actors], &agents, &discards);
    for d in diags.iter().take(20) {
        println!("{d:?}");
    }
    assert!(diags.is_empty(), "{} diagnostics", diags.len());
}

#[test]
fn loaded_defaults_resolve_people_by_date_and_verbs() {
    let (d, _) = tidings_dict::Dictionaries::from_texts(
        &defaults::verbs_petrarch(),
        &[&defaults::actors_petrarch()],
        &defaults::agents_petrarch(),
        &defaults::discards_petrarch(),
    );
    let code = |words: &[&str], date: u32| -> Option<String> {
        let (p, _) = d.actors.index.match_at(words, 0)?;
        d.actors.entries[p.entry].code_at(Some(date)).map(str::to_string)
    };
    assert_eq!(code(&["MOON", "JAE-IN"], 20190601).as_deref(), Some("KORGOV"));
    assert_eq!(code(&["MOON", "JAE-IN"], 20230601).as_deref(), Some("KORELI"));
    assert_eq!(code(&["KIM", "JONG-UN"], 20240101).as_deref(), Some("PRKGOV"));
    assert_eq!(code(&["NORTH", "KOREAN"], 20240101).as_deref(), Some("PRK"));
    assert_eq!(code(&["KREMLIN"], 20240101).as_deref(), Some("RUSGOV"));
    assert_eq!(code(&["NATO"], 20240101).as_deref(), Some("IGOWSTNAT"));
    // Verb forms are present with their families' codes.
    let met: Vec<_> = d.verbs.forms_for("MET").collect();
    assert!(!met.is_empty());
    assert_eq!(d.verbs.families[met[0].family].code.as_deref(), Some("040"));
    let condemned: Vec<_> = d.verbs.forms_for("CONDEMNED").collect();
    assert_eq!(d.verbs.families[condemned[0].family].code.as_deref(), Some("111"));
    println!(
        "tidings_dict loaded: {} actor entries, {} phrases, {} verb families, {} forms",
        d.actors.entries.len(),
        d.actors.index.len(),
        d.verbs.families.len(),
        d.verbs.forms.len()
    );
}

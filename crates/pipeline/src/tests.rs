use super::*;
use std::fs;
use tidings_store::Store;

fn write(dir: &std::path::Path, name: &str, bytes: &[u8]) {
    fs::write(dir.join(name), bytes).unwrap();
}

fn quiet_run(store: &mut Store, paths: &[PathBuf]) -> Summary {
    run(store, paths, None, &RunOptions { batch_size: 2, ..RunOptions::default() }, &mut |_| {}).unwrap()
}

#[test]
fn rerun_changes_nothing_and_copies_are_sightings() {
    let dir = tempfile::tempdir().unwrap();
    let body = "Leaders meet\n\n2024-03-12\n\nThe two leaders met on Tuesday. They signed a deal.\n";
    write(dir.path(), "a.txt", body.as_bytes());
    write(dir.path(), "b.txt", body.as_bytes());
    write(dir.path(), "c.txt", b"Another story\n\nSomething else happened. Then more.\n");
    let mut store = Store::open_in_memory().unwrap();
    let first = quiet_run(&mut store, &[dir.path().to_path_buf()]);
    assert_eq!((first.articles, first.new_documents, first.duplicates), (3, 2, 1));
    let counts = store.counts().unwrap();
    assert_eq!((counts.documents, counts.sightings, counts.sentences), (2, 3, 4));

    let second = quiet_run(&mut store, &[dir.path().to_path_buf()]);
    assert_eq!((second.new_documents, second.duplicates, second.already_seen), (0, 0, 3));
    assert_eq!(store.counts().unwrap(), counts, "re-ingesting changes nothing");
}

#[test]
fn broken_files_give_one_diagnostic_each_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "binary.txt", &[0u8, 159, 146, 150, 0, 1, 2, 3]);
    write(dir.path(), "invalid.txt", b"Title\n\nBad \xff\xfe bytes here.\n");
    write(dir.path(), "empty.txt", b"");
    write(dir.path(), "truncated.txt.gz", &[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xf3]);
    write(dir.path(), "good.txt", b"A fine story\n\nIt has a sentence.\n");
    let mut store = Store::open_in_memory().unwrap();
    let s = quiet_run(&mut store, &[dir.path().to_path_buf(), dir.path().join("missing.txt")]);
    assert_eq!(s.new_documents, 1, "{s:?}");
    let mut paths: Vec<String> = s.diagnostics.iter().map(|d| d.path.clone()).collect();
    paths.sort();
    let names: Vec<&str> = paths.iter().map(|p| p.rsplit('/').next().unwrap_or(p)).collect();
    assert_eq!(names, vec!["binary.txt", "empty.txt", "invalid.txt", "missing.txt", "truncated.txt.gz"]);
    assert_eq!(store.counts().unwrap().diagnostics, 5);
}

#[test]
fn seeds_are_ingested_with_titles_and_dates() {
    let seeds = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/seeds"));
    if !seeds.exists() {
        eprintln!("skipping: {} not present", seeds.display());
        return;
    }
    let mut store = Store::open_in_memory().unwrap();
    let s = quiet_run(&mut store, &[seeds.to_path_buf()]);
    assert_eq!(s.new_documents, 2);
    assert!(s.diagnostics.is_empty());
    let mut docs = Vec::new();
    store.for_each_document(|d| docs.push(d)).unwrap();
    let d002 = docs.iter().find(|d| d.doc.starts_with("002")).unwrap();
    assert_eq!(d002.date.as_deref(), Some("2023-09-13"));
    assert!(d002.title.as_deref().unwrap_or("").starts_with("N. Korea"));
    let d000 = docs.iter().find(|d| d.doc.starts_with("000")).unwrap();
    assert_eq!(d000.date, None, "000 states no date: none is invented");
    let again = quiet_run(&mut store, &[seeds.to_path_buf()]);
    assert_eq!(again.already_seen, 2);
}

#[test]
fn output_is_identical_for_any_thread_count() {
    let corpus = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/corpus")).to_path_buf();
    let (dict, diags) = coding::load_dictionaries(&coding::DictSpec::Defaults).unwrap();
    assert!(diags.is_empty(), "{diags:?}");
    let ec = coding::EventCoder::new(dict);
    let mut exports = Vec::new();
    for threads in [1, 2, 4] {
        let mut store = Store::open_in_memory().unwrap();
        let opts = RunOptions { batch_size: 3, threads, ..RunOptions::default() };
        let s = run(&mut store, std::slice::from_ref(&corpus), Some(&ec), &opts, &mut |_| {}).unwrap();
        assert!(s.events > 5, "the example corpus codes events: {s:?}");
        let mut out = Vec::new();
        store
            .for_each_event(|mut e| {
                e.ingested_at.clear();
                out.push(format!("{e:?}"))
            })
            .unwrap();
        exports.push(out);
    }
    assert_eq!(exports[0], exports[1]);
    assert_eq!(exports[0], exports[2]);
}

#[test]
fn seeds_form_one_story_and_the_undated_report_takes_its_date() {
    let seeds = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/seeds"));
    if !seeds.exists() {
        eprintln!("skipping: {} not present", seeds.display());
        return;
    }
    let (dict, _) = coding::load_dictionaries(&coding::DictSpec::Defaults).unwrap();
    let ec = coding::EventCoder::new(dict);
    let mut store = Store::open_in_memory().unwrap();
    run(&mut store, &[seeds.to_path_buf()], Some(&ec), &RunOptions::default(), &mut |_| {}).unwrap();
    let s = stories::update_stories(&mut store).unwrap();
    assert_eq!(s.added_documents, 2);
    let mut docs = Vec::new();
    store.for_each_document(|d| docs.push(d)).unwrap();
    assert!(docs[0].story_id.is_some());
    assert_eq!(docs[0].story_id, docs[1].story_id, "both reports in one story");
    let undated = docs.iter().find(|d| d.date.is_none()).unwrap();
    assert_eq!(undated.resolved_date.as_deref(), Some("2023-09-13"));
    assert!(undated.date_inferred);
    let mut events = Vec::new();
    store.for_each_event(|e| events.push(e)).unwrap();
    let at_vostochny = events
        .iter()
        .filter(|e| e.code.starts_with("04"))
        .filter_map(|e| e.location.as_ref())
        .any(|l| l.name == "Vostochny Cosmodrome" && (l.lat - 51.88).abs() < 0.1 && (l.lon - 128.33).abs() < 0.1);
    assert!(at_vostochny, "the summit is placed at Vostochny Cosmodrome");
    assert!(events.iter().filter(|e| e.doc.starts_with("000")).all(|e| e.date.is_some()), "dated from the story");
    // The summit is one real-world event reported by both outlets.
    let summit = store
        .clusters()
        .unwrap()
        .into_iter()
        .find(|c| {
            c.code.starts_with("04")
                && matches!(
                    (c.actor1_code.as_deref(), c.actor2_code.as_deref()),
                    (Some("RUSGOV"), Some("PRKGOV")) | (Some("PRKGOV"), Some("RUSGOV"))
                )
        })
        .expect("a summit event cluster");
    assert_eq!((summit.num_sources, summit.num_articles), (2, 2), "{summit:?}");
    // A second pass adds nothing and keeps the same stories.
    let again = stories::update_stories(&mut store).unwrap();
    assert_eq!(again.added_documents, 0);
    assert_eq!(again.stories, s.stories);
}

#[test]
fn actors_get_the_place_their_mention_implies_and_it_round_trips_through_the_store() {
    let (dict, _) = coding::load_dictionaries(&coding::DictSpec::Defaults).unwrap();
    let ec = coding::EventCoder::new(dict);
    let text = "Border clash\n\nMarch 4, 2024\n\nFrench troops attacked rebel fighters near Gao on Monday. \
                The Malian government condemned the Russian military on Tuesday.\n";
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "clash.txt", text.as_bytes());
    let mut store = Store::open_in_memory().unwrap();
    run(&mut store, &[dir.path().to_path_buf()], Some(&ec), &RunOptions::default(), &mut |_| {}).unwrap();
    let mut events = Vec::new();
    store.for_each_event(|e| events.push(e)).unwrap();
    assert!(!events.is_empty(), "the sentences are coded");
    let located: Vec<(String, String, String)> = events
        .iter()
        .flat_map(|e| [&e.actor1, &e.actor2])
        .flatten()
        .filter_map(|a| a.location.as_ref().map(|l| (a.code.clone(), l.name.clone(), l.country.clone())))
        .collect();
    assert!(located.iter().any(|(c, _, cc)| c.starts_with("FRA") && cc == "FRA"), "{located:?}");
    assert!(located.iter().any(|(c, _, cc)| c.starts_with("RUS") && cc == "RUS"), "{located:?}");
    // Every actor location's evidence span slices the document inside the actor's own span.
    let doc = store.document_text(events[0].document_id).unwrap().unwrap();
    for a in events.iter().flat_map(|e| [&e.actor1, &e.actor2]).flatten() {
        if let Some(span) = a.location.as_ref().and_then(|l| l.span) {
            assert!(span.start >= a.span.start && span.end <= a.span.end, "{a:?}");
            assert!(doc.get(span.range()).is_some());
        }
    }
}

fn coded_triples(text: &str) -> Vec<(String, String, String)> {
    let (dict, _) = coding::load_dictionaries(&coding::DictSpec::Defaults).unwrap();
    let ec = coding::EventCoder::new(dict);
    let article = tidings_model::Article {
        doc: "t".into(),
        path: "t.txt".into(),
        format: tidings_model::SourceFormat::Text,
        url: None,
        outlet: None,
        title: None,
        byline: None,
        date: tidings_model::Date::new(2023, 6, 14),
        date_raw: None,
        text: text.into(),
    };
    let (_, events) = process(&article, Some(&ec));
    let code = |a: &Option<tidings_store::ActorRow>| a.as_ref().map_or(String::new(), |a| a.code.clone());
    events.iter().map(|e| (code(&e.actor1), code(&e.actor2), e.code.clone())).collect()
}

#[test]
fn surname_alone_codes_the_person_only_after_the_full_name() {
    let later = "Scholz criticized Russia on Tuesday.";
    let alone = coded_triples(later);
    assert!(alone.iter().all(|(s, _, _)| !s.starts_with("DEU")), "no full name yet: {alone:?}");

    let text = format!("German Chancellor Olaf Scholz arrived in Paris on Monday. {later}");
    let got = coded_triples(&text);
    assert!(got.iter().any(|(s, t, _)| s == "DEUGOV" && t.starts_with("RUS")), "{got:?}");
}

#[test]
fn a_surname_shared_by_two_people_in_the_article_is_not_guessed() {
    let (dict, _) = coding::load_dictionaries(&coding::DictSpec::Defaults).unwrap();
    let lm = coding::LaterMentions::new(&dict, &tidings_cameo::defaults::set().people);
    assert!(lm.len() > 100, "aliases for the dated people: {}", lm.len());
    let words = |s: &str| s.split_whitespace().map(str::to_uppercase).collect::<Vec<_>>();
    let (mut active, mut ambiguous) = (Vec::new(), Vec::new());
    lm.activate(&words("Olaf Scholz met Emmanuel Macron"), &mut active, &mut ambiguous);
    let surnames: Vec<String> = active.iter().map(|a| a.words.join(" ")).collect();
    assert_eq!(surnames, vec!["SCHOLZ", "MACRON"]);
    // A different person already holding the surname makes it ambiguous: dropped for both.
    let mut active = vec![tidings_coder::Alias::name(vec!["MACRON".into()], usize::MAX)];
    let mut ambiguous = Vec::new();
    lm.activate(&words("Emmanuel Macron spoke"), &mut active, &mut ambiguous);
    assert!(active.is_empty(), "{active:?}");
    assert_eq!(ambiguous, vec![vec!["MACRON".to_string()]]);
}

#[test]
fn one_actor_events_are_kept_with_the_missing_side_null() {
    let got = coded_triples("North Korea fired a ballistic missile into the sea on Monday.");
    assert!(
        got.iter()
            .any(|(s, t, c)| s.starts_with("PRK") && t.is_empty() && (c.starts_with("15") || c.starts_with("19"))),
        "{got:?}"
    );
    // Neither side coded: nothing.
    let none = coded_triples("Someone fired something somewhere on Monday.");
    assert!(none.iter().all(|(s, t, _)| !s.is_empty() || !t.is_empty()), "{none:?}");
}

#[test]
fn a_pronoun_in_a_reported_clause_is_the_speaker_and_the_clause_is_coded() {
    let got = coded_triples("German Chancellor Olaf Scholz said he will visit Poland next week.");
    assert!(got.iter().any(|(s, t, c)| s == "DEUGOV" && t == "POL" && c.starts_with("04")), "{got:?}");
    // a subject "it" is the state named before it
    let got = coded_triples("Germany said it would send tanks to Ukraine.");
    assert!(got.iter().any(|(s, t, c)| s == "DEU" && t == "UKR" && c.starts_with("07")), "{got:?}");
    let got = coded_triples("Olaf Scholz told reporters that he sees prospects for economic cooperation with Brazil.");
    assert!(got.iter().any(|(s, t, c)| s == "DEUGOV" && t == "BRA" && c == "0311"), "{got:?}");
}

#[test]
fn the_north_is_north_korea_only_once_the_article_named_it() {
    let alone = coded_triples("Officials said the North fired a rocket on Tuesday.");
    assert!(alone.iter().all(|(s, t, _)| !s.starts_with("PRK") && !t.starts_with("PRK")), "{alone:?}");
    // the reported clause has no coded subject: the speakers are not the shooters
    assert!(alone.iter().all(|(s, _, c)| !c.starts_with("19") || s.is_empty()), "{alone:?}");
    let got = coded_triples(
        "North Korea fired a missile on Monday, officials in Seoul said. The North fired another rocket on Tuesday.",
    );
    assert!(got.iter().filter(|(s, _, c)| s == "PRK" && c.starts_with("19")).count() >= 1, "{got:?}");
}

#[test]
fn such_a_deal_names_the_parties_of_the_cooperation_just_reported() {
    let warning = "Germany warned that such a deal would breach an embargo.";
    let alone = coded_triples(warning);
    assert!(alone.iter().all(|(_, t, _)| t.is_empty()), "no antecedent: {alone:?}");
    let got = coded_triples(&format!("Officials in Ankara said Turkey would provide Pakistan with drones. {warning}"));
    for party in ["TUR", "PAK"] {
        assert!(got.iter().any(|(s, t, c)| s == "DEU" && t == party && c.starts_with("13")), "{party}: {got:?}");
    } // "the two countries" are that pair too: a meeting between them, both ways
    let got = coded_triples("Officials in Ankara said Turkey would provide Pakistan with drones. The two countries will hold talks next week.");
    for (a, b) in [("TUR", "PAK"), ("PAK", "TUR")] {
        assert!(got.iter().any(|(s, t, c)| s == a && t == b && c.starts_with("04")), "{a}->{b}: {got:?}");
    }
}

#[test]
fn typographic_apostrophes_mark_possessives() {
    let got = coded_triples("Ukraine\u{2019}s military shelled Russian positions near the border.");
    assert!(got.iter().any(|(s, t, c)| s == "UKRMIL" && t.starts_with("RUS") && c.starts_with("19")), "{got:?}");
}

#[test]
fn a_compound_subject_without_a_target_acts_on_itself() {
    let got = coded_triples("Chile and Peru signed a fisheries agreement on Monday.");
    for (a, b) in [("CHL", "PER"), ("PER", "CHL")] {
        assert!(got.iter().any(|(s, t, c)| s == a && t == b && c == "057"), "{a}->{b}: {got:?}");
    }
    // a coded object still wins: no reciprocal pair
    let got = coded_triples("Chile and Peru condemned Bolivia on Monday.");
    assert!(got.iter().all(|(s, t, _)| !(s == "CHL" && t == "PER")), "{got:?}");
}

#[test]
fn a_role_without_a_country_takes_the_one_country_of_the_sentence() {
    let got = coded_triples("The Kenyan opposition accused the government of rigging the vote.");
    assert!(got.iter().any(|(s, t, c)| s == "KENOPP" && t == "KENGOV" && c.starts_with("11")), "{got:?}");
    // two countries with roles: "the government" is not guessed
    let got = coded_triples("The Kenyan police and Ugandan troops accused the government of rigging the vote.");
    assert!(got.iter().all(|(_, t, _)| t != "KENGOV" && t != "UGAGOV"), "{got:?}");
}

#[test]
fn coordinated_nationality_adjectives_share_the_role_of_their_noun() {
    let got = coded_triples("Thai and Cambodian troops fought along the disputed border.");
    for (a, b) in [("THAMIL", "KHMMIL"), ("KHMMIL", "THAMIL")] {
        assert!(got.iter().any(|(s, t, c)| s == a && t == b && c.starts_with("19")), "{a}->{b}: {got:?}");
    }
    // a country name is no adjective: Russia keeps its own code
    let got = coded_triples("Russia and the Ukrainian government signed a grain deal.");
    assert!(got.iter().any(|(s, t, _)| s == "RUS" && t == "UKRGOV"), "{got:?}");
}

#[test]
fn a_role_followed_by_a_place_phrase_still_takes_the_sentence_country() {
    let got = coded_triples("Syrian government forces shelled civilians in Idlib.");
    assert!(got.iter().any(|(_, t, _)| t == "SYRCVL"), "{got:?}");
}

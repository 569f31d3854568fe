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

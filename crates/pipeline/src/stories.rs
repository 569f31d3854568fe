//! The story pass: feeds newly stored documents to the incremental story
//! engine (tidings-stories), then rewrites story-level data in the store —
//! stories with their briefs, event clusters with live counts, each
//! document's story and resolved date (inferred from its story when it states
//! none), and event dates re-resolved against an inferred story date.
//!
//! The engine state is persisted in the store (`engine_state`), so each run
//! only adds the documents stored since the last one: O(new documents) for
//! clustering, plus one rewrite of the story tables.

use crate::PipelineError;
use std::collections::HashMap;
use tidings_model::Date;
use tidings_store::{ClusterRow, EventUpdate, Store, StoryRow, StoryUpdate};
use tidings_stories::{Changes, Config, DocInput, EventInput, StoryEngine};

const STATE: &str = "stories.engine";
const LAST_DOC: &str = "stories.last_document";

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct StorySummary {
    pub added_documents: u64,
    pub stories: u64,
    pub event_clusters: u64,
}

/// Source key of a document: outlet, else URL host, else the document itself.
pub fn source_key(outlet: Option<&str>, url: Option<&str>, doc_id: i64) -> String {
    if let Some(o) = outlet.filter(|o| !o.trim().is_empty()) {
        return o.trim().to_lowercase();
    }
    if let Some(host) = url.and_then(|u| u.split("://").nth(1)).and_then(|r| r.split(['/', '?', '#']).next()) {
        if !host.is_empty() {
            return host.trim_start_matches("www.").to_lowercase();
        }
    }
    format!("doc:{doc_id}")
}

fn parse_date(s: &Option<String>) -> Option<Date> {
    s.as_deref().and_then(Date::parse_iso)
}

/// Add new documents to the story engine and rewrite the store's story data for the
/// stories, event clusters, documents and events that changed (never the whole store).
pub fn update_stories(store: &mut Store) -> Result<StorySummary, PipelineError> {
    let state = |e: tidings_stories::StoriesError| PipelineError::Stories(e.to_string());
    let mut engine = match store.state(STATE)? {
        Some(bytes) => StoryEngine::from_json(&String::from_utf8_lossy(&bytes)).map_err(state)?,
        None => StoryEngine::new(Config::default()),
    };
    let last: i64 = store.state(LAST_DOC)?.and_then(|b| String::from_utf8_lossy(&b).parse().ok()).unwrap_or(0);
    let mut summary = StorySummary::default();
    let mut max_id = last;
    for id in store.document_ids_after(last)? {
        let (Some(doc), Some(text)) = (store.document(id)?, store.document_text(id)?) else { continue };
        let sentences = store.sentence_spans(id)?;
        let events: Vec<EventInput> = store
            .events_of(id)?
            .into_iter()
            .map(|e| EventInput {
                event_id: e.id,
                sentence: e.sentence_index,
                span: e.verb,
                code: e.code,
                actor1: e.actor1.map(|a| a.code),
                actor2: e.actor2.map(|a| a.code),
                date: parse_date(&e.date),
                place: e.location.map(|l| l.name),
            })
            .collect();
        let key = source_key(doc.outlet.as_deref(), doc.url.as_deref(), id);
        engine.add(&DocInput {
            doc_id: id,
            text: &text,
            title: doc.title.as_deref(),
            date: parse_date(&doc.date),
            source_key: &key,
            sentences: &sentences,
            events: &events,
        });
        summary.added_documents += 1;
        max_id = id;
    }
    if summary.added_documents > 0 {
        engine.refine();
    }
    let changes = engine.take_changes();
    let update = build_update(store, &engine, &changes)?;
    summary.stories = engine.num_stories() as u64;
    summary.event_clusters = engine.num_event_clusters() as u64;
    let removed: Vec<i64> = changes.removed.iter().map(|s| i64::from(s.0)).collect();
    store.write_story_changes(&update, &removed)?;
    store.set_state(STATE, engine.to_json().map_err(state)?.as_bytes())?;
    store.set_state(LAST_DOC, max_id.to_string().as_bytes())?;
    Ok(summary)
}

fn build_update(store: &Store, engine: &StoryEngine, changes: &Changes) -> Result<StoryUpdate, PipelineError> {
    let mut u = StoryUpdate::default();
    let text_of = |id: i64| store.document_text(id).ok().flatten();
    // mentions of the changed clusters: (cluster, confidence) per event
    let mut cluster_of: HashMap<i64, (i64, f32)> = HashMap::new();
    for &id in &changes.events {
        let Some(c) = engine.event_cluster(id) else { continue };
        let root = c.mentions.iter().map(|m| m.event_id).min().unwrap_or(0);
        for m in &c.mentions {
            cluster_of.insert(m.event_id, (i64::from(c.id), m.confidence));
        }
        u.clusters.push(ClusterRow {
            id: i64::from(c.id),
            story_id: Some(i64::from(engine.resolve(c.story).0)),
            root_event_id: root,
            code: c.code.clone(),
            actor1_code: c.actor1.clone(),
            actor2_code: c.actor2.clone(),
            date: c.date.map(|d| d.to_string()),
            num_mentions: c.num_mentions as u64,
            num_sources: c.num_sources as u64,
            num_articles: c.num_articles as u64,
        });
    }
    let mut updated_events: std::collections::HashSet<i64> = std::collections::HashSet::new();
    for &sid in &changes.stories {
        let Some(view) = engine.story(sid) else { continue };
        let story_id = i64::from(view.id.0);
        let brief = engine.brief(view.id, &text_of);
        let mut docs = Vec::with_capacity(view.doc_ids.len());
        for d in &view.doc_ids {
            if let Some(row) = store.document(*d)? {
                docs.push(row);
            }
        }
        let dates: Vec<Date> = docs.iter().filter_map(|d| parse_date(&d.date)).collect();
        let story_date = tidings_when::story_date(&dates);
        u.stories.push(StoryRow {
            id: story_id,
            headline: Some(brief.headline.clone()).filter(|h| !h.is_empty()),
            date: story_date.map(|d| d.to_string()),
            place: brief.place.clone(),
            num_articles: view.num_articles as u64,
            num_sources: view.num_sources as u64,
            num_mentions: view.num_mentions,
            brief: serde_json::to_string(&brief).ok(),
        });
        for d in docs {
            let own = parse_date(&d.date);
            let resolved = own.or(story_date);
            let inferred = own.is_none() && story_date.is_some();
            u.documents.push((d.id, Some(story_id), resolved.map(|x| x.to_string()), inferred));
            let text = if inferred { store.document_text(d.id)? } else { None };
            for e in store.events_of(d.id)? {
                let (cluster_id, confidence) = match cluster_of.get(&e.id) {
                    Some((c, conf)) => (Some(*c), Some(f64::from(*conf))),
                    None => (e.cluster_id, e.confidence),
                };
                // An undated article: resolve its event dates against the story's date.
                let date = match (&text, story_date) {
                    (Some(text), Some(anchor)) => {
                        let sentence = tidings_text::Sentence {
                            span: e.sentence_span,
                            tokens: tidings_text::tokenize(text, e.sentence_span),
                        };
                        tidings_when::resolve_sentence(text, &sentence, Some(tidings_when::ResolvedDate::story(anchor)))
                            .map(|r| {
                                (
                                    r.date.to_string(),
                                    Some(crate::precision_str(r.precision).to_string()),
                                    Some("story".to_string()),
                                )
                            })
                    }
                    _ => None,
                };
                updated_events.insert(e.id);
                u.events.push(EventUpdate { event_id: e.id, cluster_id, confidence, date });
            }
        }
    }
    // mentions of changed clusters in articles of unchanged stories (cross-story coreference)
    let mut rest: Vec<(&i64, &(i64, f32))> = cluster_of.iter().filter(|(e, _)| !updated_events.contains(e)).collect();
    rest.sort_unstable_by_key(|p| *p.0);
    for (&event_id, &(c, conf)) in rest {
        u.events.push(EventUpdate { event_id, cluster_id: Some(c), confidence: Some(f64::from(conf)), date: None });
    }
    Ok(u)
}

#[cfg(test)]
mod tests {
    use crate::{run, RunOptions};
    use std::fs;
    use tidings_store::Store;

    fn ingest(store: &mut Store, dir: &std::path::Path) {
        run(store, &[dir.to_path_buf()], None, &RunOptions { batch_size: 2, ..RunOptions::default() }, &mut |_| {})
            .unwrap();
        super::update_stories(store).unwrap();
    }

    /// After a second run adds articles, the incrementally written rows agree with the
    /// engine: every document points at a stored story, no story row is left over from
    /// a merged or emptied story, and the stored counts add up to the documents.
    #[test]
    fn incremental_story_rows_stay_consistent_across_runs() {
        let dir = tempfile::tempdir().unwrap();
        let flood = "Floods in Riverton\n\n2024-04-01\n\nThe Clearwater dam above Riverton gave way on Monday. \
                     Mayor Ada Brennan said rescue teams from Northport searched the valley.\n";
        let vote = "Marland votes\n\n2024-04-02\n\nVoters in Marland elected Petra Voss as president on Sunday. \
                    Karl Demming conceded defeat in Oster.\n";
        fs::write(dir.path().join("a.txt"), flood).unwrap();
        fs::write(dir.path().join("b.txt"), vote).unwrap();
        let mut store = Store::open_in_memory().unwrap();
        ingest(&mut store, dir.path());
        let flood2 = "Riverton dam\n\n2024-04-02\n\nRescue teams from Northport kept searching the Clearwater \
                      valley below Riverton, Mayor Ada Brennan said, a day after the dam gave way.\n";
        fs::write(dir.path().join("c.txt"), flood2).unwrap();
        ingest(&mut store, dir.path());

        let stories = store.stories().unwrap();
        let mut docs = Vec::new();
        store.for_each_document(|d| docs.push(d)).unwrap();
        assert_eq!(docs.len(), 3);
        let ids: Vec<i64> = stories.iter().map(|s| s.id).collect();
        for d in &docs {
            let sid = d.story_id.expect("every document has a story");
            assert!(ids.contains(&sid), "document {} points at missing story {sid}", d.id);
        }
        let total: u64 = stories.iter().map(|s| s.num_articles).sum();
        assert_eq!(total, 3, "{stories:?}");
        let story_of = |name: &str| docs.iter().find(|d| d.doc == name).and_then(|d| d.story_id);
        assert_eq!(story_of("a"), story_of("c"), "the two flood reports share a story");
        assert_ne!(story_of("a"), story_of("b"));
    }
}

//! Stories across partitions (the distributed recipe's second pass).
//!
//! 1. [`local_stories`]: inside one partition, the documents (in store order) go
//!    through the same streaming engine as `tidings run` (`tidings_stories::StoryEngine`,
//!    default config). Each resulting story gets a *signature*: its top terms and top
//!    names and top lead terms (title and first lines; hash, tf x partition idf,
//!    L2-normalised; the engine's own features), its date range and its event keys
//!    (CAMEO root + actor pair).
//! 2. [`merge_stories`]: all signatures (one small row per story, not per document)
//!    are merged across partitions: candidates share a top term or name (inverted
//!    index, bounded scans), the score is the engine's mix of term, name and lead cosine
//!    (no number cosine: signatures carry no numbers) with the engine's date decay, plus a bonus when they share an event key; pairs
//!    from different partitions at or above the threshold are unioned (union-find).

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::collections::{HashMap, HashSet};
use tidings_model::{Date, Span};
use tidings_stories::features::{doc_features, hash64};
use tidings_stories::{day_number, Config, DocInput, EventInput, StoryEngine};

/// One coded event as the story pass needs it:
/// (sentence, verb start, verb end, code, actor1, actor2, date, place).
type EventTuple = (i64, i64, i64, String, Option<String>, Option<String>, Option<String>, Option<String>);
/// One document: (text, title, date, source key, sentence starts, sentence ends, events).
type DocTuple = (String, Option<String>, Option<String>, String, Vec<i64>, Vec<i64>, Vec<EventTuple>);

const TOP_TERMS: usize = 32;
const TOP_NAMES: usize = 16;
const TOP_LEAD: usize = 16;

fn date(s: &Option<String>) -> Option<Date> {
    s.as_deref().and_then(Date::parse_iso)
}

fn span(a: i64, b: i64) -> Span {
    Span::new(a.max(0) as usize, b.max(a).max(0) as usize)
}

/// Symmetric CAMEO families (consult, cooperate...): actor order carries no meaning.
fn event_key(code: &str, a1: Option<&str>, a2: Option<&str>) -> i64 {
    let root: String = code.chars().filter(|c| c.is_ascii_digit()).take(2).collect();
    let (mut x, mut y) = (a1.unwrap_or("").to_uppercase(), a2.unwrap_or("").to_uppercase());
    if matches!(root.as_str(), "03" | "04" | "05" | "06") && x > y {
        std::mem::swap(&mut x, &mut y);
    }
    hash64(format!("{root}|{x}|{y}").as_bytes()) as i64
}

fn top_normalised(m: HashMap<u64, f32>, k: usize) -> (Vec<i64>, Vec<f64>) {
    let mut v: Vec<(u64, f32)> = m.into_iter().filter(|(_, w)| *w > 0.0).collect();
    v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    v.truncate(k);
    let norm = v.iter().map(|(_, w)| f64::from(*w).powi(2)).sum::<f64>().sqrt();
    let norm = if norm > 0.0 { norm } else { 1.0 };
    v.sort_by_key(|(h, _)| *h);
    (v.iter().map(|(h, _)| *h as i64).collect(), v.iter().map(|(_, w)| f64::from(*w) / norm).collect())
}

/// Stories of one partition. `docs` must be in store order (first copy of a text first).
/// Returns `{"doc_story": [local story per doc], "stories": {column: [...]}}`.
#[pyfunction]
pub fn local_stories<'py>(py: Python<'py>, docs: Vec<DocTuple>) -> PyResult<Bound<'py, PyDict>> {
    struct Sig {
        terms: (Vec<i64>, Vec<f64>),
        names: (Vec<i64>, Vec<f64>),
        lead: (Vec<i64>, Vec<f64>),
        date_min: Option<String>,
        date_max: Option<String>,
        num_articles: i64,
        num_mentions: i64,
        event_keys: Vec<i64>,
    }
    let (doc_story, sigs) = py.allow_threads(|| {
        let cfg = Config::default();
        let mut engine = StoryEngine::new(cfg.clone());
        let mut event_id = 0i64;
        for (i, (text, title, d, source, starts, ends, events)) in docs.iter().enumerate() {
            let sentences: Vec<Span> = starts.iter().zip(ends).map(|(a, b)| span(*a, *b)).collect();
            let events: Vec<EventInput> = events
                .iter()
                .map(|(s, vs, ve, code, a1, a2, ed, place)| {
                    event_id += 1;
                    EventInput {
                        event_id,
                        sentence: (*s).max(0) as usize,
                        span: span(*vs, *ve),
                        code: code.clone(),
                        actor1: a1.clone(),
                        actor2: a2.clone(),
                        date: date(ed),
                        place: place.clone(),
                    }
                })
                .collect();
            engine.add(&DocInput {
                doc_id: i as i64,
                text,
                title: title.as_deref(),
                date: date(d),
                source_key: source,
                sentences: &sentences,
                events: &events,
            });
        }
        // Features of every document (the engine's own), partition document frequencies.
        let feats: Vec<_> = docs
            .iter()
            .map(|(text, title, _, _, starts, ends, _)| {
                let sentences: Vec<Span> = starts.iter().zip(ends).map(|(a, b)| span(*a, *b)).collect();
                doc_features(text, title.as_deref(), &sentences, cfg.shingle_words, cfg.lead_weight)
            })
            .collect();
        let mut df: HashMap<u64, u32> = HashMap::new();
        for f in &feats {
            for (h, _, _) in &f.terms {
                *df.entry(*h).or_default() += 1;
            }
        }
        let n = docs.len().max(1) as f32;
        let idf = |h: &u64| (1.0 + n / df.get(h).copied().unwrap_or(1) as f32).ln();
        let mut keys_of: HashMap<u32, HashSet<i64>> = HashMap::new();
        for c in engine.event_clusters() {
            let root = engine.resolve(c.story).0;
            keys_of.entry(root).or_default().insert(event_key(&c.code, c.actor1.as_deref(), c.actor2.as_deref()));
        }
        let mut doc_story = vec![-1i64; docs.len()];
        let mut sigs = Vec::new();
        for (local, view) in engine.stories().into_iter().enumerate() {
            let mut terms: HashMap<u64, f32> = HashMap::new();
            let mut names: HashMap<u64, f32> = HashMap::new();
            let mut lead: HashMap<u64, f32> = HashMap::new();
            for &d in &view.doc_ids {
                let Some(f) = usize::try_from(d).ok().and_then(|d| feats.get(d)) else { continue };
                doc_story[d as usize] = local as i64;
                for (h, w, _) in &f.terms {
                    *terms.entry(*h).or_default() += w * idf(h);
                }
                for (h, w, _) in &f.entities {
                    *names.entry(*h).or_default() += w * idf(h);
                }
                for (h, w) in &f.lead {
                    *lead.entry(*h).or_default() += w * idf(h);
                }
            }
            let mut event_keys: Vec<i64> = keys_of.remove(&view.id.0).unwrap_or_default().into_iter().collect();
            event_keys.sort_unstable();
            sigs.push(Sig {
                terms: top_normalised(terms, TOP_TERMS),
                names: top_normalised(names, TOP_NAMES),
                lead: top_normalised(lead, TOP_LEAD),
                date_min: view.first_date.map(|d| d.to_string()),
                date_max: view.last_date.map(|d| d.to_string()),
                num_articles: view.num_articles as i64,
                num_mentions: view.num_mentions as i64,
                event_keys,
            });
        }
        (doc_story, sigs)
    });
    let st = PyDict::new(py);
    st.set_item("terms", sigs.iter().map(|s| s.terms.0.clone()).collect::<Vec<_>>())?;
    st.set_item("term_weights", sigs.iter().map(|s| s.terms.1.clone()).collect::<Vec<_>>())?;
    st.set_item("names", sigs.iter().map(|s| s.names.0.clone()).collect::<Vec<_>>())?;
    st.set_item("name_weights", sigs.iter().map(|s| s.names.1.clone()).collect::<Vec<_>>())?;
    st.set_item("lead", sigs.iter().map(|s| s.lead.0.clone()).collect::<Vec<_>>())?;
    st.set_item("lead_weights", sigs.iter().map(|s| s.lead.1.clone()).collect::<Vec<_>>())?;
    st.set_item("date_min", sigs.iter().map(|s| s.date_min.clone()).collect::<Vec<_>>())?;
    st.set_item("date_max", sigs.iter().map(|s| s.date_max.clone()).collect::<Vec<_>>())?;
    st.set_item("num_articles", sigs.iter().map(|s| s.num_articles).collect::<Vec<_>>())?;
    st.set_item("num_mentions", sigs.iter().map(|s| s.num_mentions).collect::<Vec<_>>())?;
    st.set_item("event_keys", sigs.iter().map(|s| s.event_keys.clone()).collect::<Vec<_>>())?;
    let out = PyDict::new(py);
    out.set_item("doc_story", doc_story)?;
    out.set_item("stories", st)?;
    Ok(out)
}

/// A story signature: (partition, terms, term weights, names, name weights, date min,
/// date max, event keys, lead terms, lead weights).
type SigTuple =
    (i64, Vec<i64>, Vec<f64>, Vec<i64>, Vec<f64>, Option<String>, Option<String>, Vec<i64>, Vec<i64>, Vec<f64>);

/// Global story number per signature, and the merges made as (a, b, score).
type Merged = (Vec<i64>, Vec<(usize, usize, f64)>);

fn cosine(a: &[i64], wa: &[f64], b: &[i64], wb: &[f64]) -> f64 {
    // both sorted by hash (as local_stories writes them); merge-join
    let (mut i, mut j, mut s) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                s += wa.get(i).copied().unwrap_or(0.0) * wb.get(j).copied().unwrap_or(0.0);
                i += 1;
                j += 1;
            }
        }
    }
    s
}

fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

/// Merge per-partition stories by their signatures. Returns the global story number of
/// each signature (0.., in order of first appearance) and the merges made as
/// `(a, b, score)` index pairs.
#[pyfunction]
#[pyo3(signature = (signatures, threshold=None, event_bonus=0.1))]
pub fn merge_stories(
    py: Python<'_>,
    signatures: Vec<SigTuple>,
    threshold: Option<f64>,
    event_bonus: f64,
) -> PyResult<Merged> {
    let cfg = Config::default();
    // two partitions' stories are one when either would have joined the other's
    // articles: the engine's join threshold (its story-to-story merges are off by default)
    let threshold = threshold.unwrap_or(f64::from(cfg.join_threshold));
    if !(0.0..=2.0).contains(&threshold) {
        return Err(PyValueError::new_err(format!("threshold {threshold} outside 0..2")));
    }
    Ok(py.allow_threads(|| {
        let n = signatures.len();
        let mut parent: Vec<usize> = (0..n).collect();
        let mut merges = Vec::new();
        let mut postings: HashMap<i64, Vec<usize>> = HashMap::new();
        let dates: Vec<(Option<i64>, Option<i64>)> = signatures
            .iter()
            .map(|s| (date(&s.5).map(day_number), date(&s.6).map(day_number).or(date(&s.5).map(day_number))))
            .collect();
        let w = f64::from(cfg.entity_weight.clamp(0.0, 1.0));
        let lw = f64::from(cfg.lead_vector_weight.clamp(0.0, 1.0));
        for i in 0..n {
            let (part, terms, tw, names, nw, _, _, keys, lead, lead_w) = &signatures[i];
            let mut hits: HashMap<usize, u32> = HashMap::new();
            for h in terms.iter().chain(names.iter()) {
                if let Some(list) = postings.get(h) {
                    for &j in list.iter().rev().take(cfg.postings_scan) {
                        *hits.entry(j).or_default() += 1;
                    }
                }
            }
            let mut cands: Vec<(usize, u32)> = hits.into_iter().collect();
            cands.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            cands.truncate(cfg.max_candidates);
            for (j, _) in cands {
                let o = &signatures[j];
                if o.0 == *part {
                    continue; // the partition's own engine already decided
                }
                let tc = cosine(terms, tw, &o.1, &o.2);
                let ec = if names.is_empty() || o.3.is_empty() { tc } else { cosine(names, nw, &o.3, &o.4) };
                // the lead cosine as in the engine: the text cosine stands in when a side has none
                let lc = if lead.is_empty() || o.8.is_empty() { tc } else { cosine(lead, lead_w, &o.8, &o.9) };
                let score = ((1.0 - w) * tc + w * ec) * (1.0 - lw) + lw * lc;
                let shared_event = keys.iter().any(|k| o.7.binary_search(k).is_ok());
                let mut score = score + if shared_event { event_bonus } else { 0.0 };
                if let ((Some(a0), Some(a1)), (Some(b0), Some(b1))) = (dates[i], dates[j]) {
                    let gap = (b0 - a1).max(a0 - b1).max(0);
                    if gap > cfg.date_window_days {
                        score *= (-((gap - cfg.date_window_days) as f64) / f64::from(cfg.date_decay_days)).exp();
                    }
                }
                if score >= threshold {
                    let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
                    if ri != rj {
                        parent[ri.max(rj)] = ri.min(rj);
                        merges.push((j, i, score));
                    }
                }
            }
            for h in terms.iter().chain(names.iter()) {
                postings.entry(*h).or_default().push(i);
            }
        }
        let mut ids: HashMap<usize, i64> = HashMap::new();
        let mut out = Vec::with_capacity(n);
        for i in 0..n {
            let r = find(&mut parent, i);
            let next = ids.len() as i64;
            out.push(*ids.entry(r).or_insert(next));
        }
        (out, merges)
    }))
}

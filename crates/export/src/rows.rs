//! Row types of every table, their JSON shape (serde) and their flat typed
//! cells (CSV and Parquet).

use crate::{Clusters, What};
use serde::Serialize;
use tidings_store::{ActorRow, DocumentRow, EventRow, SentenceRow, StoryRow};

/// Column type of a flat table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Str,
    I64,
    F64,
    /// `YYYY-MM-DD` text in CSV, a Date32 in Parquet.
    Date,
}

/// One flat cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Null,
    Str(String),
    I64(i64),
    F64(f64),
}

impl Cell {
    pub fn to_text(&self) -> String {
        match self {
            Cell::Null => String::new(),
            Cell::Str(s) => s.clone(),
            Cell::I64(i) => i.to_string(),
            Cell::F64(f) => f.to_string(),
        }
    }
}

fn s(x: &str) -> Cell {
    Cell::Str(x.to_string())
}
fn os(x: &Option<String>) -> Cell {
    x.as_ref().map_or(Cell::Null, |v| Cell::Str(v.clone()))
}
fn i(x: usize) -> Cell {
    Cell::I64(x as i64)
}
fn oi(x: Option<i64>) -> Cell {
    x.map_or(Cell::Null, Cell::I64)
}
fn of(x: Option<f64>) -> Cell {
    x.map_or(Cell::Null, Cell::F64)
}
/// f32 -> f64 through its shortest decimal form (1.9f32 stays 1.9, not 1.899999976).
pub(crate) fn f32_exact(x: f32) -> f64 {
    x.to_string().parse().unwrap_or(x as f64)
}

use Kind::{Date, Str, F64, I64};

const ARTICLES: &[(&str, Kind)] = &[
    ("doc", Str),
    ("path", Str),
    ("title", Str),
    ("date", Date),
    ("outlet", Str),
    ("url", Str),
    ("story_id", I64),
    ("resolved_date", Date),
    ("byline", Str),
    ("format", Str),
    ("date_raw", Str),
    ("sightings", I64),
    ("content_hash", Str),
];

const SENTENCES: &[(&str, Kind)] = &[("doc", Str), ("sentence", I64), ("start", I64), ("end", I64), ("text", Str)];

const EVENTS: &[(&str, Kind)] = &[
    ("event_id", I64),
    ("doc", Str),
    ("date", Date),
    ("actor1.code", Str),
    ("actor1.text", Str),
    ("actor1.start", I64),
    ("actor1.end", I64),
    ("actor2.code", Str),
    ("actor2.text", Str),
    ("actor2.start", I64),
    ("actor2.end", I64),
    ("code", Str),
    ("root", Str),
    ("quad_class", I64),
    ("goldstein", F64),
    ("plover", Str),
    ("evidence.sentence", I64),
    ("evidence.start", I64),
    ("evidence.end", I64),
    ("evidence.text", Str),
    ("pattern", Str),
    ("story_id", I64),
    ("cluster_id", I64),
    ("num_mentions", I64),
    ("num_sources", I64),
    ("num_articles", I64),
    ("location.name", Str),
    ("location.country", Str),
    ("location.adm1", Str),
    ("location.lat", F64),
    ("location.lon", F64),
    ("location.feature_id", Str),
    ("date_precision", Str),
    ("date_source", Str),
    ("actor1.location.name", Str),
    ("actor1.location.country", Str),
    ("actor1.location.lat", F64),
    ("actor1.location.lon", F64),
    ("actor2.location.name", Str),
    ("actor2.location.country", Str),
    ("actor2.location.lat", F64),
    ("actor2.location.lon", F64),
];

const MENTIONS: &[(&str, Kind)] = &[
    ("global_event_id", I64),
    ("event_id", I64),
    ("doc", Str),
    ("sentence", I64),
    ("start", I64),
    ("end", I64),
    ("verb_start", I64),
    ("verb_end", I64),
    ("actor1_start", I64),
    ("actor2_start", I64),
    ("outlet", Str),
    ("url", Str),
    ("date", Date),
    ("confidence", F64),
];

const STORIES: &[(&str, Kind)] = &[
    ("story_id", I64),
    ("headline", Str),
    ("date", Date),
    ("place", Str),
    ("num_articles", I64),
    ("num_sources", I64),
    ("num_mentions", I64),
    ("brief", Str),
];

/// Flat (CSV/Parquet) columns of a table, in order, with their types.
pub fn columns(what: What) -> &'static [(&'static str, Kind)] {
    match what {
        What::Articles => ARTICLES,
        What::Sentences => SENTENCES,
        What::Events => EVENTS,
        What::Mentions => MENTIONS,
        What::Stories => STORIES,
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ArticleOut {
    pub doc: String,
    pub path: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub story_id: Option<i64>,
    pub resolved_date: Option<String>,
    pub byline: Option<String>,
    pub format: String,
    pub date_raw: Option<String>,
    pub sightings: u64,
    pub content_hash: String,
}

impl ArticleOut {
    pub fn from_row(d: DocumentRow) -> ArticleOut {
        ArticleOut {
            doc: d.doc,
            path: d.path,
            title: d.title,
            date: d.date,
            outlet: d.outlet,
            url: d.url,
            story_id: d.story_id,
            resolved_date: d.resolved_date,
            byline: d.byline,
            format: d.format,
            date_raw: d.date_raw,
            sightings: d.sightings,
            content_hash: d.content_hash,
        }
    }
    pub(crate) fn cells(&self) -> Vec<Cell> {
        vec![
            s(&self.doc),
            s(&self.path),
            os(&self.title),
            os(&self.date),
            os(&self.outlet),
            os(&self.url),
            oi(self.story_id),
            os(&self.resolved_date),
            os(&self.byline),
            s(&self.format),
            os(&self.date_raw),
            Cell::I64(self.sightings as i64),
            s(&self.content_hash),
        ]
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SentenceOut {
    pub doc: String,
    pub sentence: usize,
    pub span: [usize; 2],
    pub text: String,
}

impl SentenceOut {
    pub fn from_row(r: SentenceRow) -> SentenceOut {
        SentenceOut { doc: r.doc, sentence: r.index, span: r.span.into(), text: r.text }
    }
    pub(crate) fn cells(&self) -> Vec<Cell> {
        vec![s(&self.doc), i(self.sentence), i(self.span[0]), i(self.span[1]), s(&self.text)]
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ActorOut {
    pub code: String,
    pub text: String,
    pub span: [usize; 2],
    /// Where the actor is from, when its mention names or implies a place (GDELT Actor1Geo).
    pub location: Option<LocationOut>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EvidenceOut {
    pub doc: String,
    pub sentence: usize,
    pub span: [usize; 2],
    pub text: String,
}

/// One mention of an event: where it is said (sentence span).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MentionRef {
    pub doc: String,
    pub sentence: usize,
    pub span: [usize; 2],
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LocationOut {
    pub name: String,
    pub country: String,
    pub adm1: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub feature_id: Option<String>,
}

impl LocationOut {
    fn of(l: &tidings_store::LocationRow) -> LocationOut {
        LocationOut {
            name: l.name.clone(),
            country: l.country.clone(),
            adm1: l.adm1.clone(),
            lat: l.lat,
            lon: l.lon,
            feature_id: l.feature_id.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EventOut {
    pub event_id: i64,
    pub doc: String,
    pub date: Option<String>,
    pub actor1: Option<ActorOut>,
    pub actor2: Option<ActorOut>,
    pub code: String,
    pub root: Option<String>,
    pub quad_class: Option<u8>,
    pub goldstein: Option<f32>,
    pub plover: Option<String>,
    pub verb_span: [usize; 2],
    pub evidence: EvidenceOut,
    pub pattern: String,
    pub story_id: Option<i64>,
    /// Coreference cluster (one real-world event); null until the story engine ran.
    pub cluster_id: Option<i64>,
    /// Counts of the cluster; 1/1/1 for an unclustered event.
    pub num_mentions: u64,
    pub num_sources: u64,
    pub num_articles: u64,
    /// Every mention of the same real-world event (just this one when unclustered).
    pub mentions: Vec<MentionRef>,
    pub location: Option<LocationOut>,
    pub date_precision: Option<String>,
    pub date_source: Option<String>,
}

fn actor(a: &Option<ActorRow>) -> Option<ActorOut> {
    a.as_ref().map(|a| ActorOut {
        code: a.code.clone(),
        text: a.text.clone(),
        span: a.span.into(),
        location: a.location.as_ref().map(LocationOut::of),
    })
}

impl EventOut {
    pub fn from_row(e: &EventRow, clusters: &Clusters) -> EventOut {
        let cluster = e.cluster_id.and_then(|c| clusters.by_id.get(&c));
        let own = MentionRef { doc: e.doc.clone(), sentence: e.sentence_index, span: e.sentence_span.into() };
        let mentions = e
            .cluster_id
            .and_then(|c| clusters.mentions.get(&c))
            .filter(|m| !m.is_empty())
            .cloned()
            .unwrap_or_else(|| vec![own]);
        EventOut {
            event_id: e.id,
            doc: e.doc.clone(),
            date: e.date.clone(),
            actor1: actor(&e.actor1),
            actor2: actor(&e.actor2),
            code: e.code.clone(),
            root: tidings_cameo::root(&e.code).map(str::to_owned),
            quad_class: tidings_cameo::quad_class(&e.code),
            goldstein: tidings_cameo::goldstein(&e.code),
            plover: tidings_cameo::plover(&e.code).map(str::to_owned),
            verb_span: e.verb.into(),
            evidence: EvidenceOut {
                doc: e.doc.clone(),
                sentence: e.sentence_index,
                span: e.sentence_span.into(),
                text: e.sentence_text.clone(),
            },
            pattern: e.pattern.clone(),
            story_id: cluster.and_then(|c| c.story_id).or(e.story_id),
            cluster_id: e.cluster_id,
            num_mentions: cluster.map_or(1, |c| c.num_mentions),
            num_sources: cluster.map_or(1, |c| c.num_sources),
            num_articles: cluster.map_or(1, |c| c.num_articles),
            mentions,
            location: e.location.as_ref().map(LocationOut::of),
            date_precision: e.date_precision.clone(),
            date_source: e.date_source.clone(),
        }
    }

    pub(crate) fn cells(&self) -> Vec<Cell> {
        let a = |x: &Option<ActorOut>| match x {
            Some(a) => [s(&a.code), s(&a.text), i(a.span[0]), i(a.span[1])],
            None => [Cell::Null, Cell::Null, Cell::Null, Cell::Null],
        };
        let [a1c, a1t, a1s, a1e] = a(&self.actor1);
        let [a2c, a2t, a2s, a2e] = a(&self.actor2);
        let l = self.location.as_ref();
        let mut cells = vec![
            Cell::I64(self.event_id),
            s(&self.doc),
            os(&self.date),
            a1c,
            a1t,
            a1s,
            a1e,
            a2c,
            a2t,
            a2s,
            a2e,
            s(&self.code),
            os(&self.root),
            oi(self.quad_class.map(i64::from)),
            of(self.goldstein.map(f32_exact)),
            os(&self.plover),
            i(self.evidence.sentence),
            i(self.evidence.span[0]),
            i(self.evidence.span[1]),
            s(&self.evidence.text),
            s(&self.pattern),
            oi(self.story_id),
            oi(self.cluster_id),
            Cell::I64(self.num_mentions as i64),
            Cell::I64(self.num_sources as i64),
            Cell::I64(self.num_articles as i64),
            l.map_or(Cell::Null, |l| s(&l.name)),
            l.map_or(Cell::Null, |l| s(&l.country)),
            l.map_or(Cell::Null, |l| os(&l.adm1)),
            l.map_or(Cell::Null, |l| Cell::F64(l.lat)),
            l.map_or(Cell::Null, |l| Cell::F64(l.lon)),
            l.map_or(Cell::Null, |l| os(&l.feature_id)),
            os(&self.date_precision),
            os(&self.date_source),
        ];
        for a in [&self.actor1, &self.actor2] {
            let l = a.as_ref().and_then(|a| a.location.as_ref());
            cells.extend([
                l.map_or(Cell::Null, |l| s(&l.name)),
                l.map_or(Cell::Null, |l| s(&l.country)),
                l.map_or(Cell::Null, |l| Cell::F64(l.lat)),
                l.map_or(Cell::Null, |l| Cell::F64(l.lon)),
            ]);
        }
        cells
    }
}

/// One event mention (the `mentions` table): a coded event in one article,
/// linked to the real-world event (`global_event_id`) it mentions.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MentionOut {
    pub global_event_id: i64,
    pub event_id: i64,
    pub doc: String,
    pub sentence: usize,
    pub span: [usize; 2],
    pub verb_span: [usize; 2],
    pub actor1_span: Option<[usize; 2]>,
    pub actor2_span: Option<[usize; 2]>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub date: Option<String>,
    pub confidence: Option<f64>,
}

impl MentionOut {
    pub fn from_row(e: &EventRow, clusters: &Clusters) -> MentionOut {
        MentionOut {
            global_event_id: clusters.global_id(e),
            event_id: e.id,
            doc: e.doc.clone(),
            sentence: e.sentence_index,
            span: e.sentence_span.into(),
            verb_span: e.verb.into(),
            actor1_span: e.actor1.as_ref().map(|a| a.span.into()),
            actor2_span: e.actor2.as_ref().map(|a| a.span.into()),
            outlet: e.outlet.clone(),
            url: e.url.clone(),
            date: crate::event_date(e).map(str::to_owned),
            confidence: e.confidence,
        }
    }
    pub(crate) fn cells(&self) -> Vec<Cell> {
        vec![
            Cell::I64(self.global_event_id),
            Cell::I64(self.event_id),
            s(&self.doc),
            i(self.sentence),
            i(self.span[0]),
            i(self.span[1]),
            i(self.verb_span[0]),
            i(self.verb_span[1]),
            self.actor1_span.map_or(Cell::Null, |a| i(a[0])),
            self.actor2_span.map_or(Cell::Null, |a| i(a[0])),
            os(&self.outlet),
            os(&self.url),
            os(&self.date),
            of(self.confidence),
        ]
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StoryOut {
    pub story_id: i64,
    pub headline: Option<String>,
    pub date: Option<String>,
    pub place: Option<String>,
    pub num_articles: u64,
    pub num_sources: u64,
    pub num_mentions: u64,
    /// The brief as JSON (parsed when it is valid JSON, else the raw text).
    pub brief: Option<serde_json::Value>,
}

impl StoryOut {
    pub fn from_row(r: StoryRow) -> StoryOut {
        let brief = r.brief.map(|b| serde_json::from_str(&b).unwrap_or(serde_json::Value::String(b)));
        StoryOut {
            story_id: r.id,
            headline: r.headline,
            date: r.date,
            place: r.place,
            num_articles: r.num_articles,
            num_sources: r.num_sources,
            num_mentions: r.num_mentions,
            brief,
        }
    }
    pub(crate) fn cells(&self) -> Vec<Cell> {
        vec![
            Cell::I64(self.story_id),
            os(&self.headline),
            os(&self.date),
            os(&self.place),
            Cell::I64(self.num_articles as i64),
            Cell::I64(self.num_sources as i64),
            Cell::I64(self.num_mentions as i64),
            self.brief.as_ref().map_or(Cell::Null, |b| Cell::Str(b.to_string())),
        ]
    }
}

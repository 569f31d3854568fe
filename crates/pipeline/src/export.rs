//! Exports from the store. Field names are a public interface (see README
//! "Output formats"): keep them stable.

use crate::PipelineError;
use serde::Serialize;
use std::io::Write;
use tidings_store::{ActorRow, EventRow, Store};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    Articles,
    Sentences,
    Events,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Jsonl,
    Csv,
}

#[derive(Debug, Serialize)]
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

#[derive(Debug, Serialize)]
pub struct SentenceOut {
    pub doc: String,
    pub sentence: usize,
    pub span: [usize; 2],
    pub text: String,
}

#[derive(Debug, Serialize)]
pub struct ActorOut {
    pub code: String,
    pub text: String,
    pub span: [usize; 2],
}

#[derive(Debug, Serialize)]
pub struct EvidenceOut {
    pub doc: String,
    pub sentence: usize,
    pub span: [usize; 2],
    pub text: String,
}

#[derive(Debug, Serialize)]
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
}

fn actor(a: &Option<ActorRow>) -> Option<ActorOut> {
    a.as_ref().map(|a| ActorOut { code: a.code.clone(), text: a.text.clone(), span: a.span.into() })
}

impl EventOut {
    pub fn from_row(e: &EventRow) -> EventOut {
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
        }
    }
}

/// Write `what` from `store` to `out` in `format`.
pub fn export(store: &Store, what: What, format: Format, out: &mut dyn Write) -> Result<u64, PipelineError> {
    let mut n = 0u64;
    let mut err: Option<PipelineError> = None;
    match format {
        Format::Jsonl => {
            let mut emit = |v: &dyn erased::Json| {
                if err.is_none() {
                    if let Err(e) = v.write_line(out) {
                        err = Some(e);
                    }
                    n += 1;
                }
            };
            match what {
                What::Articles => store.for_each_document(|d| emit(&article_out(d)))?,
                What::Sentences => store.for_each_sentence(|s| emit(&sentence_out(s)))?,
                What::Events => store.for_each_event(|e| emit(&EventOut::from_row(&e)))?,
            }
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(out);
            match what {
                What::Articles => {
                    w.write_record([
                        "doc",
                        "path",
                        "title",
                        "date",
                        "outlet",
                        "url",
                        "story_id",
                        "resolved_date",
                        "byline",
                        "format",
                        "date_raw",
                        "sightings",
                        "content_hash",
                    ])?;
                    store.for_each_document(|d| {
                        let a = article_out(d);
                        let r = w.write_record([
                            a.doc,
                            a.path,
                            a.title.unwrap_or_default(),
                            a.date.unwrap_or_default(),
                            a.outlet.unwrap_or_default(),
                            a.url.unwrap_or_default(),
                            a.story_id.map(|s| s.to_string()).unwrap_or_default(),
                            a.resolved_date.unwrap_or_default(),
                            a.byline.unwrap_or_default(),
                            a.format,
                            a.date_raw.unwrap_or_default(),
                            a.sightings.to_string(),
                            a.content_hash,
                        ]);
                        keep(&mut err, r, &mut n);
                    })?;
                }
                What::Sentences => {
                    w.write_record(["doc", "sentence", "start", "end", "text"])?;
                    store.for_each_sentence(|s| {
                        let r = w.write_record([
                            s.doc,
                            s.index.to_string(),
                            s.span.start.to_string(),
                            s.span.end.to_string(),
                            s.text,
                        ]);
                        keep(&mut err, r, &mut n);
                    })?;
                }
                What::Events => {
                    w.write_record([
                        "event_id",
                        "doc",
                        "date",
                        "actor1.code",
                        "actor1.text",
                        "actor1.start",
                        "actor1.end",
                        "actor2.code",
                        "actor2.text",
                        "actor2.start",
                        "actor2.end",
                        "code",
                        "root",
                        "quad_class",
                        "goldstein",
                        "plover",
                        "evidence.sentence",
                        "evidence.start",
                        "evidence.end",
                        "evidence.text",
                        "pattern",
                    ])?;
                    store.for_each_event(|e| {
                        let o = EventOut::from_row(&e);
                        let a = |x: &Option<ActorOut>| match x {
                            Some(a) => [a.code.clone(), a.text.clone(), a.span[0].to_string(), a.span[1].to_string()],
                            None => Default::default(),
                        };
                        let [a1c, a1t, a1s, a1e] = a(&o.actor1);
                        let [a2c, a2t, a2s, a2e] = a(&o.actor2);
                        let r = w.write_record([
                            o.event_id.to_string(),
                            o.doc,
                            o.date.unwrap_or_default(),
                            a1c,
                            a1t,
                            a1s,
                            a1e,
                            a2c,
                            a2t,
                            a2s,
                            a2e,
                            o.code,
                            o.root.unwrap_or_default(),
                            o.quad_class.map(|q| q.to_string()).unwrap_or_default(),
                            o.goldstein.map(|g| g.to_string()).unwrap_or_default(),
                            o.plover.unwrap_or_default(),
                            o.evidence.sentence.to_string(),
                            o.evidence.span[0].to_string(),
                            o.evidence.span[1].to_string(),
                            o.evidence.text,
                            o.pattern,
                        ]);
                        keep(&mut err, r, &mut n);
                    })?;
                }
            }
            w.flush()?;
        }
    }
    match err {
        Some(e) => Err(e),
        None => Ok(n),
    }
}

fn keep(err: &mut Option<PipelineError>, r: csv::Result<()>, n: &mut u64) {
    match r {
        Ok(()) => *n += 1,
        Err(e) if err.is_none() => *err = Some(e.into()),
        Err(_) => {}
    }
}

fn article_out(d: tidings_store::DocumentRow) -> ArticleOut {
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

fn sentence_out(s: tidings_store::SentenceRow) -> SentenceOut {
    SentenceOut { doc: s.doc, sentence: s.index, span: s.span.into(), text: s.text }
}

mod erased {
    use crate::PipelineError;
    use std::io::Write;

    /// Object-safe "serialize as one JSON line".
    pub trait Json {
        fn write_line(&self, out: &mut dyn Write) -> Result<(), PipelineError>;
    }
    impl<T: serde::Serialize> Json for T {
        fn write_line(&self, out: &mut dyn Write) -> Result<(), PipelineError> {
            serde_json::to_writer(&mut *out, self)?;
            out.write_all(b"\n")?;
            Ok(())
        }
    }
}

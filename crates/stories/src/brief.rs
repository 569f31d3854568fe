//! Story briefs from the stored texts: headline, date, place, main actors,
//! events by count, quotes with their speakers and outlets, and the details the
//! sources agree on or report differently, each with its evidence spans.
//!
//! Everything here works from text alone (names, quotes and details are found
//! with rules over the words and their byte spans); coded events add the
//! event list and event-level date/place disagreements.

use crate::features::{is_stopword, name_flags, stem, words, Word};
use crate::{Date, EventCluster, Span, StoryEngine, StoryId};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// Where a detail was read: document, source, sentence and the exact bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub doc_id: i64,
    pub source: String,
    /// Sentence index in the document (as split by `tidings_text::split_sentences`).
    pub sentence: usize,
    pub sentence_span: Span,
    /// The bytes that state the value.
    pub span: Span,
    /// `text[span]`.
    pub text: String,
    /// The word that ties the value to the slot (e.g. "arrived", "departing"), if any.
    pub context: Option<String>,
}

/// One value of a detail with the places that report it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportedValue {
    pub value: String,
    pub sources: Vec<String>,
    pub evidence: Vec<Evidence>,
}

/// A detail (slot) of the story: one value for agreements, several for conflicts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Detail {
    pub slot: String,
    pub values: Vec<ReportedValue>,
}

/// One place a quote was carried.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteEvidence {
    pub doc_id: i64,
    pub source: String,
    /// Span of the quoted words (inside the quote marks).
    pub span: Span,
    pub text: String,
    /// Speaker as the article wrote it ("Kim", "he") and where.
    pub speaker_as_written: Option<String>,
    pub speaker_span: Option<Span>,
    /// Speaker resolved to the fullest name of that actor in the story.
    pub speaker: Option<String>,
}

/// A direct quote of the story, grouped across outlets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// The longest version carried.
    pub text: String,
    /// Majority resolved speaker.
    pub speaker: Option<String>,
    /// Distinct sources that carried it.
    pub outlets: Vec<String>,
    pub evidence: Vec<QuoteEvidence>,
}

/// A named actor of the story (from the text).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActorCount {
    pub name: String,
    pub mentions: usize,
    pub articles: usize,
    pub sources: usize,
}

/// One canonical event line of the brief.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventLine {
    pub event: u32,
    pub code: String,
    pub actor1: Option<String>,
    pub actor2: Option<String>,
    pub date: Option<Date>,
    pub place: Option<String>,
    pub num_mentions: usize,
    pub num_sources: usize,
    pub num_articles: usize,
}

/// The brief of one story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Brief {
    pub story: StoryId,
    pub headline: String,
    pub date: Option<Date>,
    pub place: Option<String>,
    pub num_articles: usize,
    pub num_sources: usize,
    pub num_mentions: u64,
    pub sources: Vec<String>,
    pub actors: Vec<ActorCount>,
    pub events: Vec<EventLine>,
    pub quotes: Vec<Quote>,
    pub agreements: Vec<Detail>,
    pub conflicts: Vec<Detail>,
    /// Articles whose text the callback could not supply.
    pub missing_texts: Vec<i64>,
}

// ---------------------------------------------------------------- per-document analysis

/// A name occurrence in a document.
#[derive(Debug, Clone, PartialEq)]
pub struct NameMention {
    /// Lower-case words joined by single spaces ("kim jong un").
    pub key: String,
    pub surface: String,
    pub span: Span,
}

/// A quote found in one document.
#[derive(Debug, Clone, PartialEq)]
pub struct RawQuote {
    pub span: Span,
    pub sentence: usize,
    pub speaker: Option<(String, Span)>,
    /// Resolved name key of the speaker within the document.
    pub speaker_key: Option<String>,
}

/// A detail found in one document.
#[derive(Debug, Clone, PartialEq)]
pub struct RawFact {
    pub slot: String,
    pub value: String,
    pub span: Span,
    pub sentence: usize,
    pub context: Option<String>,
}

/// What the brief needs from one article.
#[derive(Debug, Clone, Default)]
pub struct DocAnalysis {
    pub sentences: Vec<Span>,
    pub names: Vec<NameMention>,
    /// Place names after "in"/"at" (keys).
    pub places: Vec<NameMention>,
    pub quotes: Vec<RawQuote>,
    pub facts: Vec<RawFact>,
}

const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "added",
    "adds",
    "stated",
    "states",
    "claimed",
    "claims",
    "asked",
    "noted",
    "notes",
    "warned",
    "warns",
    "insisted",
    "declared",
    "announced",
    "stressed",
    "urged",
    "wrote",
    "explained",
    "replied",
    "continued",
    "remarked",
    "insists",
    "quoted",
    "saying",
    "adding",
    "telling",
];
const PRONOUNS: &[&str] = &["he", "she"];
const VEHICLES: &[&str] = &[
    "train",
    "plane",
    "jet",
    "aircraft",
    "airplane",
    "car",
    "motorcade",
    "helicopter",
    "ship",
    "boat",
    "bus",
    "flight",
    "convoy",
    "yacht",
    "limousine",
    "vessel",
    "airliner",
];
const TRAVEL_VERBS: &[&str] = &[
    "arrived",
    "arrive",
    "arrives",
    "arriving",
    "departed",
    "departing",
    "depart",
    "departs",
    "left",
    "leaving",
    "leave",
    "leaves",
    "traveled",
    "travelled",
    "traveling",
    "travelling",
    "flew",
    "landed",
    "reached",
    "crossed",
    "set",
];
const WEEKDAYS: &[&str] = &["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const NUMBER_WORDS: &[(&str, u64)] = &[
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("fifteen", 15),
    ("twenty", 20),
    ("dozen", 12),
    ("dozens", 24),
    ("hundreds", 200),
    ("thousands", 2000),
];
const IRREGULAR_PLURALS: &[&str] = &["people", "men", "women", "children", "police", "troops", "dead", "personnel"];
const GENERIC_COUNTED: &[&str] = &[
    "year", "month", "week", "day", "hour", "minute", "second", "time", "percent", "decade", "century", "way", "thing",
    "part", "side", "other", "term",
];

fn title_words(w: &str) -> bool {
    matches!(
        w,
        "president"
            | "minister"
            | "prime"
            | "leader"
            | "chairman"
            | "secretary"
            | "general"
            | "king"
            | "queen"
            | "governor"
            | "senator"
            | "mayor"
            | "chief"
            | "spokesman"
            | "spokesperson"
            | "spokeswoman"
            | "director"
    )
}

fn is_demonym(key: &str) -> bool {
    let last = key.rsplit(' ').next().unwrap_or(key);
    ["ian", "ean", "ese", "ish", "ican", "ani", "ean"].iter().any(|s| last.ends_with(s) && last.len() > 4)
        || matches!(
            last,
            "korean" | "russian" | "american" | "chinese" | "thai" | "french" | "dutch" | "swiss" | "iraqi"
        )
}

fn number_value(w: &Word) -> Option<u64> {
    if w.numeric {
        let digits: String = w.lower.chars().filter(|c| c.is_ascii_digit()).collect();
        if w.lower.contains('.') {
            return None;
        }
        return digits.parse().ok();
    }
    NUMBER_WORDS.iter().find(|p| p.0 == w.lower).map(|p| p.1)
}

/// Sentence index containing byte `pos`.
fn sentence_of(sentences: &[Span], pos: usize) -> usize {
    match sentences.binary_search_by(|s| {
        if s.end <= pos {
            std::cmp::Ordering::Less
        } else if s.start > pos {
            std::cmp::Ordering::Greater
        } else {
            std::cmp::Ordering::Equal
        }
    }) {
        Ok(i) => i,
        Err(i) => i.saturating_sub(1).min(sentences.len().saturating_sub(1)),
    }
}

/// Name runs: consecutive name words (a hyphen-joined lower-case part such as
/// "Jong-un" continues the run).
fn name_runs(text: &str, ws: &[Word], flags: &[bool]) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut k = 0;
    while k < ws.len() {
        if !flags[k] {
            k += 1;
            continue;
        }
        let start = k;
        let mut end = k + 1;
        while end < ws.len() {
            let gap = &text[ws[end - 1].span.end..ws[end].span.start];
            if (flags[end] && gap == " ") || (gap == "-" && !ws[end].numeric) {
                end += 1;
            } else {
                break;
            }
        }
        runs.push((start, end));
        k = end;
    }
    runs
}

fn run_key(ws: &[Word], r: (usize, usize)) -> String {
    ws[r.0..r.1].iter().map(|w| w.lower.as_str()).collect::<Vec<_>>().join(" ")
}

/// Quote spans (inside the marks): curly, straight, and `` '' (PTB) quotes.
pub fn find_quotes(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    let mut i = 0;
    let limit = 2000;
    while i < b.len() {
        let (open_len, close): (usize, &[&str]) = if text[i..].starts_with('“') {
            ('“'.len_utf8(), &["”"])
        } else if text[i..].starts_with("``") {
            (2, &["''"])
        } else if b[i] == b'"' {
            (1, &["\""])
        } else {
            i += text[i..].chars().next().map_or(1, char::len_utf8);
            continue;
        };
        let from = i + open_len;
        let hay_end = (from + limit).min(text.len());
        let mut hay_end_b = hay_end;
        while !text.is_char_boundary(hay_end_b) {
            hay_end_b -= 1;
        }
        let hay = &text[from..hay_end_b];
        let para = hay.find("\n\n").unwrap_or(hay.len());
        let hit = close.iter().filter_map(|c| hay[..para].find(c).map(|p| (p, c.len()))).min();
        match hit {
            Some((p, cl)) => {
                let mut s = from;
                let mut e = from + p;
                while s < e && text[s..].starts_with(char::is_whitespace) {
                    s += text[s..].chars().next().map_or(1, char::len_utf8);
                }
                while e > s && text[..e].ends_with(char::is_whitespace) {
                    e -= text[..e].chars().next_back().map_or(1, char::len_utf8);
                }
                if e > s {
                    out.push(Span::new(s, e));
                }
                i = from + p + cl;
            }
            None => i = from,
        }
    }
    out
}

/// Analyse one article for the brief.
pub fn analyze_doc(text: &str) -> DocAnalysis {
    let sentences = tidings_text::split_sentences(text);
    let ws = words(text, &sentences);
    let flags = name_flags(&ws);
    let runs = name_runs(text, &ws, &flags);

    // names, with titles and demonyms dropped
    let mut names: Vec<NameMention> = Vec::new();
    let mut run_of_word: Vec<Option<usize>> = vec![None; ws.len()];
    let mut places = Vec::new();
    for &(s, e) in &runs {
        let key = run_key(&ws, (s, e));
        if is_demonym(&key) || title_words(&key) {
            continue;
        }
        for slot in run_of_word.iter_mut().take(e).skip(s) {
            *slot = Some(names.len());
        }
        let span = Span::new(ws[s].span.start, ws[e - 1].span.end);
        let nm = NameMention { key, surface: text[span.range()].to_string(), span };
        let prep = |k: usize| matches!(ws[k].lower.as_str(), "in" | "at" | "near");
        if (s > 0 && prep(s - 1)) || (s > 1 && ws[s - 1].lower == "the" && prep(s - 2)) {
            places.push(nm.clone());
        }
        names.push(nm);
    }
    let resolve = doc_resolver(&names);

    // quotes and speakers
    let qspans = find_quotes(text);
    // quote spans are sorted and disjoint: binary search keeps this linear overall
    let inside = |pos: usize| {
        let k = qspans.partition_point(|q| q.start <= pos);
        k > 0 && pos < qspans[k - 1].end
    };
    // indices of the words lying inside a span (words are in text order)
    let words_in = |sp: Span| -> Vec<usize> {
        let lo = ws.partition_point(|w| w.span.start < sp.start);
        let hi = ws.partition_point(|w| w.span.start < sp.end);
        (lo..hi).filter(|&k| ws[k].span.end <= sp.end).collect()
    };
    let mut quotes: Vec<RawQuote> = Vec::new();
    let mut last_speaker: Option<(String, Span, Option<String>, usize)> = None;
    for q in &qspans {
        let n_words = words(&text[q.range()], &[]).len();
        if n_words < 2 {
            continue;
        }
        let si = sentence_of(&sentences, q.start);
        let sent = sentences.get(si).copied().unwrap_or(Span::new(0, text.len()));
        // words of the sentence outside any quote
        let idx: Vec<usize> = words_in(sent).into_iter().filter(|&k| !inside(ws[k].span.start)).collect();
        let mut found: Option<(String, Span, Option<String>)> = None;
        let mut best_dist = usize::MAX;
        for (j, &k) in idx.iter().enumerate() {
            let w = &ws[k];
            let is_verb = SPEECH_VERBS.contains(&w.lower.as_str());
            let is_according = w.lower == "according" && idx.get(j + 1).is_some_and(|&n| ws[n].lower == "to");
            if !is_verb && !is_according {
                continue;
            }
            let dist = if w.span.start >= q.end { w.span.start - q.end } else { q.start.saturating_sub(w.span.end) };
            let mut cand: Option<(String, Span, Option<String>)> = None;
            let before = j.checked_sub(1).map(|p| idx[p]);
            let before = before
                .filter(|&p| !matches!(ws[p].lower.as_str(), "also" | "then" | "later" | "has" | "had"))
                .or_else(|| j.checked_sub(2).map(|p| idx[p]));
            if is_verb {
                if let Some(p) = before {
                    if let Some(r) = run_of_word[p] {
                        cand = Some((names[r].surface.clone(), names[r].span, Some(resolve(&names[r].key))));
                    } else if PRONOUNS.contains(&ws[p].lower.as_str()) {
                        cand = Some((text[ws[p].span.range()].to_string(), ws[p].span, None));
                    }
                }
            }
            if cand.is_none() {
                let after = if is_according { j + 2 } else { j + 1 };
                if let Some(&n) = idx.get(after) {
                    if let Some(r) = run_of_word[n] {
                        cand = Some((names[r].surface.clone(), names[r].span, Some(resolve(&names[r].key))));
                    } else if PRONOUNS.contains(&ws[n].lower.as_str()) && !is_according {
                        cand = Some((text[ws[n].span.range()].to_string(), ws[n].span, None));
                    }
                }
            }
            if let Some(c) = cand {
                if dist < best_dist {
                    best_dist = dist;
                    found = Some(c);
                }
            }
        }
        // pronoun: the last speaker, else the last single person named before the quote
        if let Some((surface, span, None)) = &found {
            let key = last_speaker
                .as_ref()
                .and_then(|l| l.2.clone())
                .or_else(|| names.iter().rev().find(|n| n.span.end <= span.start).map(|n| resolve(&n.key)));
            found = Some((surface.clone(), *span, key));
        }
        // no attribution: a quote right after a quoted sentence continues the same speaker
        if found.is_none() {
            if let Some((s, sp, k, lsi)) = &last_speaker {
                if si <= lsi + 1 {
                    found = Some((s.clone(), *sp, k.clone()));
                }
            }
        }
        if let Some((s, sp, k)) = &found {
            last_speaker = Some((s.clone(), *sp, k.clone(), si));
        }
        quotes.push(RawQuote {
            span: *q,
            sentence: si,
            speaker_key: found.as_ref().and_then(|f| f.2.clone()),
            speaker: found.map(|f| (f.0, f.1)),
        });
    }

    // details
    let mut facts = Vec::new();
    for (si, sent) in sentences.iter().enumerate() {
        let idx: Vec<usize> = words_in(*sent);
        let mut travel = false;
        for (j, &k) in idx.iter().enumerate() {
            let w = &ws[k];
            // transport: by/aboard/on (det) (modifiers) VEHICLE
            if VEHICLES.contains(&w.lower.as_str()) && !inside(w.span.start) {
                let mut m = j;
                let mut mods: Vec<usize> = Vec::new();
                let mut ok = false;
                while m > 0 && j - m < 4 {
                    m -= 1;
                    let p = &ws[idx[m]];
                    if matches!(p.lower.as_str(), "by" | "aboard" | "via") {
                        ok = true;
                        break;
                    }
                    if matches!(p.lower.as_str(), "a" | "an" | "the" | "his" | "her" | "their" | "its") {
                        continue;
                    }
                    if is_stopword(&p.lower) || p.numeric {
                        break;
                    }
                    mods.push(idx[m]);
                }
                if ok {
                    mods.reverse();
                    let mut value: Vec<&str> = mods.iter().map(|&x| ws[x].lower.as_str()).collect();
                    value.push(w.lower.as_str());
                    let start = mods.first().map_or(w.span.start, |&x| ws[x].span.start);
                    facts.push(RawFact {
                        slot: "transport".into(),
                        value: value.join(" "),
                        span: Span::new(start, w.span.end),
                        sentence: si,
                        context: Some(ws[idx[m]].lower.clone()),
                    });
                    travel = true;
                }
            }
            // counts: NUMBER (modifiers) PLURAL-NOUN
            if let Some(v) = number_value(w) {
                if inside(w.span.start) {
                    continue;
                }
                let mut head: Option<usize> = None;
                for &n in idx.iter().skip(j + 1).take(4) {
                    let x = &ws[n];
                    if x.numeric || is_stopword(&x.lower) || x.cap {
                        break;
                    }
                    let l = x.lower.as_str();
                    if (l.ends_with('s') && !l.ends_with("ss") && l.len() > 3) || IRREGULAR_PLURALS.contains(&l) {
                        head = Some(n);
                    }
                }
                if v < 2 {
                    head = None;
                }
                if let Some(h) = head {
                    let noun = stem(&ws[h].lower);
                    if !GENERIC_COUNTED.contains(&noun.as_str()) {
                        let qualifier = idx
                            .get(j.wrapping_sub(2)..j)
                            .map(|p| p.iter().map(|&x| ws[x].lower.as_str()).collect::<Vec<_>>().join(" "))
                            .filter(|q| matches!(q.as_str(), "at least" | "more than" | "up to" | "as many"));
                        facts.push(RawFact {
                            slot: format!("number of {}", ws[h].lower),
                            value: v.to_string(),
                            span: Span::new(w.span.start, ws[h].span.end),
                            sentence: si,
                            context: qualifier,
                        });
                    }
                }
            }
        }
        // travel day: weekday in a sentence about the trip
        let verbs: Vec<usize> = idx
            .iter()
            .copied()
            .filter(|&k| TRAVEL_VERBS.contains(&ws[k].lower.as_str()) && !inside(ws[k].span.start))
            .collect();
        if travel || !verbs.is_empty() {
            for &k in &idx {
                if WEEKDAYS.contains(&ws[k].lower.as_str()) && !inside(ws[k].span.start) {
                    let near = verbs.iter().min_by_key(|&&v| ws[v].span.start.abs_diff(ws[k].span.start));
                    facts.push(RawFact {
                        slot: "travel day".into(),
                        value: text[ws[k].span.range()].to_string(),
                        span: ws[k].span,
                        sentence: si,
                        context: near.map(|&v| ws[v].lower.clone()),
                    });
                }
            }
        }
    }
    // the day of the lead event: first weekday of the first three sentences
    if let Some(k) = (0..ws.len()).find(|&k| {
        WEEKDAYS.contains(&ws[k].lower.as_str())
            && sentence_of(&sentences, ws[k].span.start) < 3
            && !inside(ws[k].span.start)
    }) {
        facts.push(RawFact {
            slot: "day of the lead event".into(),
            value: text[ws[k].span.range()].to_string(),
            span: ws[k].span,
            sentence: sentence_of(&sentences, ws[k].span.start),
            context: None,
        });
    }
    DocAnalysis { sentences, names, places, quotes, facts }
}

/// Within one document, a one-word name resolves to the most frequent longer
/// name that begins or ends with it ("Kim" -> "kim jong un").
fn doc_resolver(names: &[NameMention]) -> impl Fn(&str) -> String {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for n in names {
        *counts.entry(n.key.clone()).or_default() += 1;
    }
    let mut long: Vec<(String, usize)> = counts.into_iter().filter(|(k, _)| k.contains(' ')).collect();
    long.sort_by(|a, b| b.1.cmp(&a.1).then(b.0.len().cmp(&a.0.len())).then(a.0.cmp(&b.0)));
    move |key: &str| {
        if key.contains(' ') {
            return key.to_string();
        }
        long.iter()
            .find(|(l, _)| l.split(' ').next() == Some(key) || l.rsplit(' ').next() == Some(key))
            .map_or_else(|| key.to_string(), |(l, _)| l.clone())
    }
}

// ---------------------------------------------------------------- story level

struct DocCtx {
    doc_id: i64,
    source: String,
    text: String,
    a: DocAnalysis,
}

fn evidence(d: &DocCtx, span: Span, sentence: usize, context: Option<String>) -> Evidence {
    Evidence {
        doc_id: d.doc_id,
        source: d.source.clone(),
        sentence,
        sentence_span: d.a.sentences.get(sentence).copied().unwrap_or(span),
        span,
        text: d.text.get(span.range()).unwrap_or_default().to_string(),
        context,
    }
}

fn norm_words(s: &str) -> Vec<String> {
    words(s, &[]).into_iter().map(|w| w.lower).collect()
}

/// Does word sequence `small` occur inside `big`?
fn contains_seq(big: &[String], small: &[String]) -> bool {
    !small.is_empty() && small.len() <= big.len() && big.windows(small.len()).any(|w| w == small)
}

fn same_quote(a: &[String], b: &[String]) -> bool {
    let (s, l) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if s.len() >= 2 && contains_seq(l, s) {
        return true;
    }
    let sa: std::collections::HashSet<&String> = a.iter().collect();
    let sb: std::collections::HashSet<&String> = b.iter().collect();
    let inter = sa.intersection(&sb).count();
    let union = sa.union(&sb).count().max(1);
    s.len() >= 4 && inter as f32 / union as f32 >= 0.6
}

/// Map a name key to the story-wide fullest form.
fn story_resolver(docs: &[DocCtx]) -> HashMap<String, String> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for d in docs {
        for n in &d.a.names {
            *counts.entry(n.key.clone()).or_default() += 1;
        }
    }
    let mut long: Vec<(String, usize)> =
        counts.iter().filter(|(k, _)| k.contains(' ')).map(|(k, c)| (k.clone(), *c)).collect();
    long.sort_by(|a, b| b.1.cmp(&a.1).then(b.0.len().cmp(&a.0.len())).then(a.0.cmp(&b.0)));
    let mut map = HashMap::new();
    for k in counts.keys() {
        let full = if k.contains(' ') {
            k.clone()
        } else {
            long.iter()
                .find(|(l, _)| l.split(' ').next() == Some(k.as_str()) || l.rsplit(' ').next() == Some(k.as_str()))
                .map_or_else(|| k.clone(), |(l, _)| l.clone())
        };
        map.insert(k.clone(), full);
    }
    map
}

/// Events (most mentioned first) compared for event-level disagreements.
const MAX_EVENTS_COMPARED: usize = 300;
/// Events of one (family, actors) group compared pairwise.
const MAX_GROUP_COMPARED: usize = 8;
/// Disagreements kept in a brief.
const MAX_CONFLICTS: usize = 40;

pub(crate) fn build(engine: &StoryEngine, story: StoryId, fetch: &dyn Fn(i64) -> Option<String>) -> Brief {
    let view = engine.story(story);
    let sdocs = engine.story_docs(story);
    let mut missing = Vec::new();
    let mut docs: Vec<DocCtx> = Vec::new();
    // near-duplicates add nothing new to quotes or details; analyse at most 200 texts
    for sd in sdocs.iter().filter(|d| d.duplicate_of.is_none()).take(200) {
        match fetch(sd.doc_id) {
            Some(text) => {
                let a = analyze_doc(&text);
                docs.push(DocCtx { doc_id: sd.doc_id, source: sd.source.clone(), text, a });
            }
            None => missing.push(sd.doc_id),
        }
    }
    let resolve = story_resolver(&docs);
    let res = |k: &str| resolve.get(k).cloned().unwrap_or_else(|| k.to_string());

    // display form of each resolved key: most frequent surface of the full key
    let mut surfaces: HashMap<String, BTreeMap<String, usize>> = HashMap::new();
    for d in &docs {
        for n in &d.a.names {
            if n.key.contains(' ') || resolve.get(&n.key).is_none_or(|f| f == &n.key) {
                *surfaces.entry(n.key.clone()).or_default().entry(n.surface.clone()).or_default() += 1;
            }
        }
    }
    let display = |key: &str| -> String {
        surfaces
            .get(key)
            .and_then(|m| m.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))).map(|p| p.0.clone()))
            .unwrap_or_else(|| key.to_string())
    };

    // actors from names
    let mut actor_stats: HashMap<String, (usize, Vec<i64>, Vec<String>)> = HashMap::new();
    for d in &docs {
        for n in &d.a.names {
            let k = res(&n.key);
            let e = actor_stats.entry(k).or_default();
            e.0 += 1;
            if !e.1.contains(&d.doc_id) {
                e.1.push(d.doc_id);
            }
            if !e.2.contains(&d.source) {
                e.2.push(d.source.clone());
            }
        }
    }
    // a name is a place when at least half of its mentions follow "in"/"at"/"near"
    let mut place_counts: HashMap<String, usize> = HashMap::new();
    for d in &docs {
        for p in &d.a.places {
            *place_counts.entry(res(&p.key)).or_default() += 1;
        }
    }
    let mut actors: Vec<ActorCount> = actor_stats
        .iter()
        .filter(|(k, v)| place_counts.get(*k).is_none_or(|&c| c * 2 < v.0))
        .map(|(k, v)| ActorCount { name: display(k), mentions: v.0, articles: v.1.len(), sources: v.2.len() })
        .collect();
    actors.sort_by(|a, b| b.sources.cmp(&a.sources).then(b.mentions.cmp(&a.mentions)).then(a.name.cmp(&b.name)));
    actors.truncate(8);

    // place: the place name carried by most sources, then most mentions
    let mut place_stats: HashMap<String, (Vec<String>, usize)> = HashMap::new();
    for d in &docs {
        for p in &d.a.places {
            let e = place_stats.entry(res(&p.key)).or_default();
            if !e.0.contains(&d.source) {
                e.0.push(d.source.clone());
            }
            e.1 += 1;
        }
    }
    let events: Vec<EventCluster> = engine.story_events(story);
    let place = events.iter().find_map(|e| e.place.clone()).or_else(|| {
        place_stats
            .iter()
            .max_by(|a, b| a.1 .0.len().cmp(&b.1 .0.len()).then(a.1 .1.cmp(&b.1 .1)).then(b.0.cmp(a.0)))
            .map(|p| display(p.0))
    });

    // quotes grouped across documents
    struct QG {
        words: Vec<String>,
        text: String,
        ev: Vec<QuoteEvidence>,
    }
    let mut groups: Vec<QG> = Vec::new();
    for d in &docs {
        for q in &d.a.quotes {
            let qt = d.text.get(q.span.range()).unwrap_or_default().to_string();
            let w = norm_words(&qt);
            let ev = QuoteEvidence {
                doc_id: d.doc_id,
                source: d.source.clone(),
                span: q.span,
                text: qt.clone(),
                speaker_as_written: q.speaker.as_ref().map(|s| s.0.clone()),
                speaker_span: q.speaker.as_ref().map(|s| s.1),
                speaker: q.speaker_key.as_ref().map(|k| display(&res(k))),
            };
            match groups.iter_mut().find(|g| same_quote(&g.words, &w)) {
                Some(g) => {
                    if w.len() > g.words.len() {
                        g.words = w;
                        g.text = qt;
                    }
                    g.ev.push(ev);
                }
                None => groups.push(QG { words: w, text: qt, ev: vec![ev] }),
            }
        }
    }
    let mut conflicts: Vec<Detail> = Vec::new();
    let mut quotes: Vec<Quote> = Vec::new();
    for g in groups {
        let mut outlets: Vec<String> = g.ev.iter().map(|e| e.source.clone()).collect();
        outlets.sort();
        outlets.dedup();
        let mut sp: BTreeMap<String, usize> = BTreeMap::new();
        for e in &g.ev {
            if let Some(s) = &e.speaker {
                *sp.entry(s.clone()).or_default() += 1;
            }
        }
        let speaker = sp.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))).map(|p| p.0.clone());
        // who said what: the same words attributed to different speakers by different sources
        if sp.len() > 1 {
            let values = sp
                .keys()
                .map(|s| {
                    let ev: Vec<&QuoteEvidence> = g.ev.iter().filter(|e| e.speaker.as_deref() == Some(s)).collect();
                    let mut sources: Vec<String> = ev.iter().map(|e| e.source.clone()).collect();
                    sources.dedup();
                    ReportedValue {
                        value: s.clone(),
                        sources,
                        evidence: ev
                            .iter()
                            .map(|e| Evidence {
                                doc_id: e.doc_id,
                                source: e.source.clone(),
                                sentence: 0,
                                sentence_span: e.span,
                                span: e.speaker_span.unwrap_or(e.span),
                                text: e.speaker_as_written.clone().unwrap_or_default(),
                                context: Some(e.text.clone()),
                            })
                            .collect(),
                    }
                })
                .collect::<Vec<_>>();
            let distinct_sources: std::collections::HashSet<&String> =
                values.iter().flat_map(|v| v.sources.iter()).collect();
            if distinct_sources.len() > 1 {
                conflicts.push(Detail { slot: format!("speaker of \u{201c}{}\u{201d}", g.text), values });
            }
        }
        quotes.push(Quote { text: g.text, speaker, outlets, evidence: g.ev });
    }
    quotes.sort_by(|a, b| b.outlets.len().cmp(&a.outlets.len()).then(b.evidence.len().cmp(&a.evidence.len())));
    quotes.truncate(20);

    // details: slot -> value -> evidence
    let mut slots: BTreeMap<String, BTreeMap<String, Vec<Evidence>>> = BTreeMap::new();
    for d in &docs {
        for f in &d.a.facts {
            slots.entry(f.slot.clone()).or_default().entry(f.value.to_lowercase()).or_default().push(evidence(
                d,
                f.span,
                f.sentence,
                f.context.clone(),
            ));
        }
        // places mentioned by several sources are agreements
        for p in &d.a.places {
            let si = sentence_of(&d.a.sentences, p.span.start);
            slots
                .entry("place".into())
                .or_default()
                .entry(res(&p.key))
                .or_default()
                .push(evidence(d, p.span, si, None));
        }
    }
    let mut agreements = Vec::new();
    for (slot, values) in slots {
        let sources_of = |ev: &[Evidence]| {
            let mut s: Vec<String> = ev.iter().map(|e| e.source.clone()).collect();
            s.sort();
            s.dedup();
            s
        };
        let rv: Vec<ReportedValue> = values
            .into_iter()
            .map(|(value, ev)| {
                let sources = sources_of(&ev);
                // keep the first evidence per source
                let mut seen = Vec::new();
                let evidence = ev
                    .into_iter()
                    .filter(|e| {
                        if seen.contains(&e.source) {
                            false
                        } else {
                            seen.push(e.source.clone());
                            true
                        }
                    })
                    .collect();
                let value = if slot == "place" { display(&value) } else { value };
                ReportedValue { value, sources, evidence }
            })
            .collect();
        for v in rv.iter().filter(|v| v.sources.len() >= 2) {
            agreements.push(Detail { slot: slot.clone(), values: vec![v.clone()] });
        }
        if slot == "place" {
            continue;
        }
        // conflict: two sources whose values for the slot do not overlap at all
        let all_sources: Vec<String> = {
            let mut s: Vec<String> = rv.iter().flat_map(|v| v.sources.clone()).collect();
            s.sort();
            s.dedup();
            s
        };
        let disjoint = all_sources.iter().enumerate().any(|(i, a)| {
            all_sources.iter().skip(i + 1).any(|b| {
                let va: Vec<&String> = rv.iter().filter(|v| v.sources.contains(a)).map(|v| &v.value).collect();
                let vb: Vec<&String> = rv.iter().filter(|v| v.sources.contains(b)).map(|v| &v.value).collect();
                !va.iter().any(|x| vb.contains(x))
            })
        });
        if disjoint && rv.len() >= 2 {
            conflicts.push(Detail { slot, values: rv });
        }
    }
    agreements.sort_by(|a, b| {
        let sa = a.values.first().map_or(0, |v| v.sources.len());
        let sb = b.values.first().map_or(0, |v| v.sources.len());
        sb.cmp(&sa).then(a.slot.cmp(&b.slot))
    });
    agreements.truncate(25);

    // event-level disagreements: same actors and family, different date or place. Only the
    // most mentioned events are compared, within groups of the same (family, actors), so a
    // story with tens of thousands of events costs no more than a small one.
    let mut groups: Vec<Vec<usize>> = Vec::new();
    {
        let mut by_key: HashMap<(&str, Option<&str>, Option<&str>), usize> = HashMap::new();
        for (i, e) in events.iter().enumerate().take(MAX_EVENTS_COMPARED) {
            let k = (e.family.as_str(), e.actor1.as_deref(), e.actor2.as_deref());
            let g = *by_key.entry(k).or_insert_with(|| {
                groups.push(Vec::new());
                groups.len() - 1
            });
            if groups[g].len() < MAX_GROUP_COMPARED {
                groups[g].push(i);
            }
        }
    }
    for g in &groups {
        for (x, &i) in g.iter().enumerate() {
            for &j in &g[x + 1..] {
                let (a, b) = (&events[i], &events[j]);
                let slot = format!(
                    "{} {} -> {}",
                    a.family,
                    a.actor1.as_deref().unwrap_or("?"),
                    a.actor2.as_deref().unwrap_or("?")
                );
                let value_of = |e: &EventCluster| {
                    format!(
                        "{} {}",
                        e.date.map_or_else(|| "undated".to_string(), |d| d.to_string()),
                        e.place.as_deref().unwrap_or("")
                    )
                    .trim()
                    .to_string()
                };
                let rv = |e: &EventCluster| {
                    let mut sources: Vec<String> = e.mentions.iter().map(|m| m.source.clone()).collect();
                    sources.sort();
                    sources.dedup();
                    ReportedValue {
                        value: value_of(e),
                        sources,
                        evidence: e
                            .mentions
                            .iter()
                            .take(3)
                            .map(|m| Evidence {
                                doc_id: m.doc_id,
                                source: m.source.clone(),
                                sentence: m.sentence,
                                sentence_span: m.span,
                                span: m.span,
                                text: docs
                                    .iter()
                                    .find(|d| d.doc_id == m.doc_id)
                                    .and_then(|d| d.text.get(m.span.range()))
                                    .unwrap_or_default()
                                    .to_string(),
                                context: Some(m.code.clone()),
                            })
                            .collect(),
                    }
                };
                conflicts.push(Detail { slot, values: vec![rv(a), rv(b)] });
            }
        }
    }
    // the most widely reported disagreements first (stable: ties keep their order)
    conflicts.sort_by_key(|c| {
        let mut s: Vec<&String> = c.values.iter().flat_map(|v| v.sources.iter()).collect();
        s.sort();
        s.dedup();
        std::cmp::Reverse(s.len().min(2))
    });
    conflicts.truncate(MAX_CONFLICTS);

    // headline and date
    let headline = sdocs
        .iter()
        .find_map(|d| d.title.clone())
        .or_else(|| {
            docs.first().and_then(|d| {
                d.a.sentences.first().and_then(|s| d.text.get(s.range())).map(|t| {
                    let mut end = t.len().min(200);
                    while !t.is_char_boundary(end) {
                        end -= 1;
                    }
                    t[..end].trim().to_string()
                })
            })
        })
        .unwrap_or_default();
    let date = events.iter().find_map(|e| e.date).or_else(|| view.as_ref().and_then(|v| v.first_date));
    let mut sources: Vec<String> = sdocs.iter().map(|d| d.source.clone()).collect();
    sources.sort();
    sources.dedup();

    Brief {
        story,
        headline,
        date,
        place,
        num_articles: view.as_ref().map_or(0, |v| v.num_articles),
        num_sources: view.as_ref().map_or(0, |v| v.num_sources),
        num_mentions: view.as_ref().map_or(0, |v| v.num_mentions),
        sources,
        actors,
        events: events
            .iter()
            .take(12)
            .map(|e| EventLine {
                event: e.id,
                code: e.code.clone(),
                actor1: e.actor1.clone(),
                actor2: e.actor2.clone(),
                date: e.date,
                place: e.place.clone(),
                num_mentions: e.num_mentions,
                num_sources: e.num_sources,
                num_articles: e.num_articles,
            })
            .collect(),
        quotes,
        agreements,
        conflicts,
        missing_texts: missing,
    }
}

impl std::fmt::Display for Brief {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "# {} ({})", self.headline, self.story)?;
        writeln!(
            f,
            "date: {}  place: {}  articles: {}  sources: {}  mentions: {}",
            self.date.map_or_else(|| "-".to_string(), |d| d.to_string()),
            self.place.as_deref().unwrap_or("-"),
            self.num_articles,
            self.num_sources,
            self.num_mentions
        )?;
        let actors: Vec<String> = self.actors.iter().map(|a| format!("{} ({})", a.name, a.sources)).collect();
        writeln!(f, "actors: {}", actors.join(", "))?;
        if !self.events.is_empty() {
            writeln!(f, "events:")?;
            for e in &self.events {
                writeln!(
                    f,
                    "  {} {} -> {}  {}  mentions {} sources {} articles {}",
                    e.code,
                    e.actor1.as_deref().unwrap_or("?"),
                    e.actor2.as_deref().unwrap_or("?"),
                    e.date.map_or_else(|| "-".to_string(), |d| d.to_string()),
                    e.num_mentions,
                    e.num_sources,
                    e.num_articles
                )?;
            }
        }
        if !self.quotes.is_empty() {
            writeln!(f, "quotes:")?;
            for q in &self.quotes {
                writeln!(
                    f,
                    "  \u{201c}{}\u{201d} - {} [{}]",
                    q.text,
                    q.speaker.as_deref().unwrap_or("?"),
                    q.outlets.join(", ")
                )?;
            }
        }
        for (title, list) in [("agree", &self.agreements), ("differ", &self.conflicts)] {
            if list.is_empty() {
                continue;
            }
            writeln!(f, "{title}:")?;
            for d in list {
                let vals: Vec<String> = d
                    .values
                    .iter()
                    .map(|v| {
                        let ev: Vec<String> = v
                            .evidence
                            .iter()
                            .map(|e| format!("{}@{}..{}", e.doc_id, e.span.start, e.span.end))
                            .collect();
                        format!("{} [{}]", v.value, ev.join(" "))
                    })
                    .collect();
                writeln!(f, "  {}: {}", d.slot, vals.join(" | "))?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_of_all_styles() {
        let t = "He said \"we will win\" and `` they lost '' then \u{201c}all issues\u{201d}.";
        let q: Vec<&str> = find_quotes(t).iter().map(|s| &t[s.range()]).collect();
        assert_eq!(q, vec!["we will win", "they lost", "all issues"]);
    }

    #[test]
    fn speakers_are_found_and_resolved() {
        let t = "Leader Kim Jong Un met Vladimir Putin. \u{201c}We are together now,\u{201d} Kim said. \
                 Putin told reporters \u{201c}all issues will be discussed.\u{201d} \u{201c}It went well today,\u{201d} he added.";
        let a = analyze_doc(t);
        let sp: Vec<Option<&str>> = a.quotes.iter().map(|q| q.speaker_key.as_deref()).collect();
        assert_eq!(sp, vec![Some("kim jong un"), Some("vladimir putin"), Some("vladimir putin")]);
        assert_eq!(a.quotes[2].speaker.as_ref().map(|s| s.0.as_str()), Some("he"));
    }

    #[test]
    fn transport_day_and_counts() {
        let t = "Kim arrived in Russia by private train on Tuesday. The army fired two short-range missiles, \
                 killing at least 12 people.";
        let a = analyze_doc(t);
        let got: Vec<(String, String)> = a.facts.iter().map(|f| (f.slot.clone(), f.value.clone())).collect();
        assert!(got.contains(&("transport".into(), "private train".into())), "{got:?}");
        assert!(got.contains(&("travel day".into(), "Tuesday".into())), "{got:?}");
        assert!(got.contains(&("number of missiles".into(), "2".into())), "{got:?}");
        assert!(got.contains(&("number of people".into(), "12".into())), "{got:?}");
        let f = a.facts.iter().find(|f| f.slot == "transport").map(|f| &t[f.span.range()]);
        assert_eq!(f, Some("private train"));
    }

    #[test]
    fn hyphenated_names_join() {
        let t = "North Korean leader Kim Jong-un visited. Later Kim left.";
        let a = analyze_doc(t);
        let keys: Vec<&str> = a.names.iter().map(|n| n.key.as_str()).collect();
        assert_eq!(keys, vec!["kim jong un", "kim"]);
    }
}

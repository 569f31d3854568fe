//! Event dates from sentences.
//!
//! [`resolve_sentence`] finds the date expressions of one sentence and resolves
//! them against an anchor (the article's publication date, or — for an article
//! without one — its story's date, see [`story_anchor`]):
//!
//! * weekdays: "on Wednesday" is the most recent Wednesday on or before the
//!   anchor, or the next one on or after it when the clause is future
//!   ("talks will occur on Tuesday"); "last/next Tuesday";
//! * "yesterday", "today", "tonight", "tomorrow", "last night", "earlier in the
//!   day", "the day before yesterday", "the previous day";
//! * "last/this/next week|month|year", "earlier this month", "last weekend",
//!   "three days ago", "two months ago", "in two weeks";
//! * explicit dates with or without a year ("Sept. 13", "13 September 2023",
//!   "September 2023", "in May and August", "in 2019", "2023-09-13", "9/13/2023");
//! * ranges ("Sept. 11-13", "from May to August", "between Monday and Wednesday").
//!
//! Each [`ResolvedDate`] carries its precision, where it came from, the phrase
//! and its byte span. Nothing reads a clock or a file time: without an anchor
//! only dates that state their year resolve.

mod calendar;

pub use calendar::{add_days, add_months, from_days, to_days, weekday};
use tidings_ingest::dates::month_from_name;
use tidings_model::{Date, Span};
use tidings_text::Sentence;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Precision {
    Day,
    /// "last week": `date` is the anchor moved by whole weeks.
    Week,
    Month,
    Year,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateSource {
    /// Stated or implied by the sentence itself.
    Sentence,
    /// The article's own publication date (no date expression in the sentence).
    Publication,
    /// Inferred from the story the article clusters with.
    Story,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedDate {
    /// The (first) day; for Month/Year precision the first day of the period.
    pub date: Date,
    pub precision: Precision,
    pub source: DateSource,
    /// The words it came from ("on Tuesday"), when from the sentence.
    pub phrase: Option<String>,
    /// Byte span of `phrase` in the document.
    pub span: Option<Span>,
    /// Last day of a range ("Sept. 11-13"), if the phrase is one.
    pub end: Option<Date>,
    /// True when the date rests on an inferred (story) anchor.
    pub inferred: bool,
}

impl ResolvedDate {
    /// An anchor from the article's own publication date.
    pub fn publication(date: Date) -> Self {
        ResolvedDate {
            date,
            precision: Precision::Day,
            source: DateSource::Publication,
            phrase: None,
            span: None,
            end: None,
            inferred: false,
        }
    }
    /// An anchor inferred from the story (marked `inferred`).
    pub fn story(date: Date) -> Self {
        ResolvedDate { source: DateSource::Story, inferred: true, ..ResolvedDate::publication(date) }
    }
}

/// The story's date from its articles' publication dates: the most common one,
/// the earliest on a tie. `None` when no article is dated.
pub fn story_date(dates: &[Date]) -> Option<Date> {
    let mut v: Vec<Date> = dates.to_vec();
    v.sort();
    let mut best: Option<(usize, Date)> = None;
    let mut i = 0;
    while i < v.len() {
        let mut j = i;
        while j < v.len() && v[j] == v[i] {
            j += 1;
        }
        if best.is_none_or(|(n, _)| j - i > n) {
            best = Some((j - i, v[i]));
        }
        i = j;
    }
    best.map(|b| b.1)
}

/// The anchor for one article: its own date, else its story's (inferred).
pub fn story_anchor(own: Option<Date>, story_dates: &[Date]) -> Option<ResolvedDate> {
    match own {
        Some(d) => Some(ResolvedDate::publication(d)),
        None => story_date(story_dates).map(ResolvedDate::story),
    }
}

/// Resolve the event date of one sentence against the anchor (publication or
/// story date). With no date expression the anchor itself is returned.
pub fn resolve_sentence(doc: &str, sentence: &Sentence, anchor: Option<ResolvedDate>) -> Option<ResolvedDate> {
    let toks = tokens_of(doc, sentence);
    let found = scan(doc, &toks, anchor.as_ref());
    match pick(&toks, &found) {
        Some(k) => Some(found[k].date.clone()),
        None => anchor,
    }
}

/// Every date expression of the sentence that resolves, in text order.
pub fn expressions(doc: &str, sentence: &Sentence, anchor: Option<&ResolvedDate>) -> Vec<ResolvedDate> {
    let toks = tokens_of(doc, sentence);
    scan(doc, &toks, anchor).into_iter().map(|f| f.date).collect()
}

// ---------------------------------------------------------------------------

struct Tok<'a> {
    text: &'a str,
    /// Lower case of `text`: borrowed when it already is (most tokens).
    low: std::borrow::Cow<'a, str>,
    span: Span,
}

fn tokens_of<'a>(doc: &'a str, s: &Sentence) -> Vec<Tok<'a>> {
    s.tokens
        .iter()
        .filter_map(|t| {
            let text = doc.get(t.span.range())?;
            let low = if text.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
                std::borrow::Cow::Borrowed(text)
            } else {
                std::borrow::Cow::Owned(text.to_lowercase())
            };
            Some(Tok { text, low, span: t.span })
        })
        .collect()
}

struct Found {
    start: usize,
    end: usize,
    date: ResolvedDate,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tense {
    Past,
    Future,
    Unknown,
}

const WEEKDAYS: &[&str] = &["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

fn weekday_of(t: &Tok) -> Option<u32> {
    if !t.text.starts_with(|c: char| c.is_uppercase()) {
        return None;
    }
    let w = t.low.trim_end_matches('.');
    WEEKDAYS.iter().position(|d| *d == w).map(|p| p as u32)
}

fn is_capitalized(s: &str) -> bool {
    s.starts_with(|c: char| c.is_uppercase())
}

fn month_of(t: &Tok) -> Option<u32> {
    if !is_capitalized(t.text) {
        return None;
    }
    month_from_name(t.text)
}

fn day_num(t: &Tok) -> Option<u32> {
    // one or two digits, then at most an ordinal suffix ("21st"); most tokens fail
    // on the first byte
    let digits = t.low.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 2 || !matches!(&t.low[digits..], "" | "st" | "nd" | "rd" | "th") {
        return None;
    }
    let s = &t.low[..digits];
    let d: u32 = s.parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

fn year_num(t: &Tok) -> Option<i32> {
    let s = t.low.trim_end_matches('s');
    if s.len() != 4 || !s.bytes().all(|b| b.is_ascii_digit()) || t.low.ends_with('s') {
        return None;
    }
    let y: i32 = s.parse().ok()?;
    (1800..=2200).contains(&y).then_some(y)
}

/// "13-15" as a day range.
fn day_range(t: &Tok) -> Option<(u32, u32)> {
    let (a, b) = t.low.split_once('-')?;
    let a: u32 = a.parse().ok()?;
    let b: u32 = b.parse().ok()?;
    ((1..=31).contains(&a) && (1..=31).contains(&b) && a < b).then_some((a, b))
}

fn number_word(s: &str) -> Option<i64> {
    Some(match s {
        "a" | "an" | "one" => 1,
        "two" | "couple" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "fifteen" => 15,
        "twenty" => 20,
        "thirty" => 30,
        _ => {
            if s.len() <= 3 && s.bytes().all(|b| b.is_ascii_digit()) {
                s.parse().ok()?
            } else {
                return None;
            }
        }
    })
}

const MONTH_PREPS: &[&str] = &[
    "in",
    "for",
    "since",
    "until",
    "till",
    "by",
    "early",
    "late",
    "mid",
    "last",
    "next",
    "this",
    "of",
    "during",
    "from",
    "to",
    "through",
    "between",
    "and",
    "or",
    "before",
    "after",
    "on",
    "end",
    "beginning",
    "start",
    "throughout",
    "coming",
    "past",
];

const FUTURE: &[&str] = &[
    "will",
    "'ll",
    "shall",
    "would",
    "upcoming",
    "scheduled",
    "schedule",
    "expected",
    "plans",
    "plan",
    "planned",
    "planning",
    "intends",
    "due",
    "set",
    "going",
    "pledged",
    "vowed",
    "promised",
    "aims",
    "hopes",
    "tomorrow",
    "next",
    "later",
    "is to",
    "are to",
    "to be",
];

const PAST: &[&str] = &[
    "was",
    "were",
    "had",
    "did",
    "has",
    "have",
    "met",
    "held",
    "said",
    "told",
    "made",
    "went",
    "came",
    "took",
    "gave",
    "began",
    "saw",
    "fired",
    "launched",
    "arrived",
    "left",
    "ago",
    "yesterday",
    "last",
    "earlier",
];

const REPORTING: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "reported",
    "reports",
    "announced",
    "stated",
    "claimed",
    "added",
    "confirmed",
    "according",
    "noted",
    "wrote",
    "insisted",
    "warned",
];

const CLAUSE_START: &[&str] = &["after", "before", "since", "following", "while", "when", "as", "once", "until"];

/// Tense of the clause around tokens `[start, end)`.
fn tense(toks: &[Tok], start: usize, end: usize) -> Tense {
    let boundary = |t: &Tok| matches!(t.text, ";" | ":" | "(" | ")") || REPORTING.contains(&t.low.as_ref());
    let mut lo = start;
    while lo > 0 && !boundary(&toks[lo - 1]) && toks[lo - 1].text != "," {
        lo -= 1;
    }
    let mut hi = end;
    let mut commas = 0;
    // A sentence-initial "On Tuesday, ..." takes the tense of the clause after it.
    let allow_comma = lo == 0 || start <= lo + 2;
    while hi < toks.len() && !boundary(&toks[hi]) {
        if toks[hi].text == "," {
            if !allow_comma || commas > 0 {
                break;
            }
            commas += 1;
        }
        hi += 1;
    }
    let window = &toks[lo..hi];
    let mut fut = false;
    let mut past = false;
    for (k, t) in window.iter().enumerate() {
        let w = t.low.as_ref();
        if FUTURE.contains(&w) {
            // "set to", "due to", "expected to", "going to", "plans to": need "to" after.
            let needs_to = matches!(
                w,
                "set"
                    | "due"
                    | "going"
                    | "expected"
                    | "plans"
                    | "plan"
                    | "aims"
                    | "hopes"
                    | "pledged"
                    | "vowed"
                    | "promised"
                    | "intends"
                    | "planning"
            );
            if !needs_to || window.get(k + 1).is_some_and(|n| n.low == "to") {
                fut = true;
            }
        }
        if (w == "is" || w == "are") && window.get(k + 1).is_some_and(|n| n.low == "to") {
            fut = true;
        }
        if PAST.contains(&w) || (w.len() > 4 && w.ends_with("ed") && !is_capitalized(t.text)) {
            past = true;
        }
    }
    if fut {
        Tense::Future
    } else if past {
        Tense::Past
    } else {
        Tense::Unknown
    }
}

fn ymd(y: i32, m: u32, d: u32) -> Option<Date> {
    Date::new(y, m, d)
}

/// Year for a month/day stated without one.
fn infer_year(anchor: Date, month: u32, day: u32, t: Tense) -> Option<Date> {
    let cands: Vec<Date> = [anchor.year - 1, anchor.year, anchor.year + 1]
        .iter()
        .filter_map(|&y| ymd(y, month, day.min(days_in(y, month))))
        .collect();
    let a = to_days(anchor);
    match t {
        Tense::Past => cands.iter().rev().find(|d| to_days(**d) <= a).copied(),
        Tense::Future => cands.iter().find(|d| to_days(**d) >= a - if day == 1 { 31 } else { 0 }).copied(),
        Tense::Unknown => cands.iter().min_by_key(|d| (to_days(**d) - a).abs()).copied(),
    }
}

fn days_in(y: i32, m: u32) -> u32 {
    (28..=31).rev().find(|&d| Date::new(y, m, d).is_some()).unwrap_or(28)
}

fn phrase(doc: &str, toks: &[Tok], a: usize, b: usize) -> (String, Span) {
    let span = toks[a].span.cover(toks[b - 1].span);
    (doc.get(span.range()).unwrap_or("").to_string(), span)
}

fn scan(doc: &str, toks: &[Tok], anchor: Option<&ResolvedDate>) -> Vec<Found> {
    let mut out = Vec::new();
    // An anchor outside years 1..=9999 is not a usable calendar day (and would overflow).
    let anchor_date = anchor.map(|a| a.date).filter(|d| (1..=9999).contains(&d.year));
    let inferred = anchor.is_some_and(|a| a.inferred || a.source == DateSource::Story);
    let mut i = 0;
    while i < toks.len() {
        if let Some((len, mut found)) = match_at(toks, i, anchor_date) {
            // Include a leading "on"/"in"/"last" etc. only in the phrase, not the match.
            let mut a = i;
            if a > 0
                && matches!(toks[a - 1].low.as_ref(), "last" | "next" | "this" | "coming" | "past" | "early" | "late")
            {
                a -= 1;
            }
            if a > 0
                && matches!(
                    toks[a - 1].low.as_ref(),
                    "on" | "in" | "since" | "by" | "during" | "from" | "until" | "between"
                )
            {
                a -= 1;
            }
            let (p, span) = phrase(doc, toks, a, i + len);
            found.phrase = Some(p);
            found.span = Some(span);
            found.inferred = inferred;
            out.push(Found { start: i, end: i + len, date: found });
            i += len;
        } else {
            i += 1;
        }
    }
    out
}

fn sentence_date(date: Date, precision: Precision) -> ResolvedDate {
    ResolvedDate { date, precision, source: DateSource::Sentence, phrase: None, span: None, end: None, inferred: false }
}

fn low<'a>(toks: &'a [Tok], i: usize) -> &'a str {
    toks.get(i).map(|t| t.low.as_ref()).unwrap_or("")
}

/// Try every pattern at token `i`; returns (tokens consumed, date).
fn match_at(toks: &[Tok], i: usize, anchor: Option<Date>) -> Option<(usize, ResolvedDate)> {
    let t = &toks[i];
    // ISO "2023-09-13".
    if t.text.len() == 10 && t.text.as_bytes().get(4) == Some(&b'-') {
        if let Some(d) = Date::parse_iso(t.text) {
            return Some((1, sentence_date(d, Precision::Day)));
        }
    }
    // Numeric "9/13/2023" (month first unless the first part cannot be a month).
    if t.text.matches('/').count() == 2 {
        let p: Vec<&str> = t.text.split('/').collect();
        if let (Ok(a), Ok(b), Ok(y)) = (p[0].parse::<u32>(), p[1].parse::<u32>(), p[2].parse::<i32>()) {
            if p[2].len() == 4 {
                let d = if a > 12 { ymd(y, b, a) } else { ymd(y, a, b) };
                if let Some(d) = d {
                    return Some((1, sentence_date(d, Precision::Day)));
                }
            }
        }
    }
    if let Some(r) = match_month(toks, i, anchor) {
        return Some(r);
    }
    if let Some(r) = match_day_first(toks, i, anchor) {
        return Some(r);
    }
    if let Some(r) = match_year(toks, i) {
        return Some(r);
    }
    let anchor = anchor?;
    if let Some(r) = match_weekday(toks, i, anchor) {
        return Some(r);
    }
    match_relative(toks, i, anchor)
}

/// "Sept. 13", "September 13, 2023", "Sept. 11-13", "Sept. 11 to 13", "September 2023", "in May", "mid-May".
fn match_month(toks: &[Tok], i: usize, anchor: Option<Date>) -> Option<(usize, ResolvedDate)> {
    let t = &toks[i];
    let (month, mid) = match month_of(t) {
        Some(m) => (m, false),
        None => {
            let rest = t.text.strip_prefix("mid-").or_else(|| t.text.strip_prefix("Mid-"))?;
            (month_from_name(rest).filter(|_| is_capitalized(rest))?, true)
        }
    };
    let mut j = i + 1;
    // "Sept." / "Jan." : the abbreviation's dot (a full month name's dot ends the sentence).
    let abbreviated = t.text.chars().count() <= 4 && !mid;
    if abbreviated && low(toks, j) == "." && j + 1 < toks.len() {
        j += 1;
    }
    // Month Day
    if !mid {
        if let Some(tk) = toks.get(j) {
            let (day, end_day) =
                if let Some((a, b)) = day_range(tk) { (Some(a), Some(b)) } else { (day_num(tk), None) };
            if let Some(day) = day {
                let mut k = j + 1;
                let mut end_day = end_day;
                if end_day.is_none() && matches!(low(toks, k), "to" | "-" | "through" | "and") {
                    if let Some(d2) = toks.get(k + 1).and_then(day_num) {
                        if d2 > day && toks.get(k + 2).is_none_or(|x| month_of(x).is_none()) {
                            end_day = Some(d2);
                            k += 2;
                        }
                    }
                }
                let mut year = None;
                if low(toks, k) == "," && toks.get(k + 1).and_then(year_num).is_some() {
                    year = toks.get(k + 1).and_then(year_num);
                    k += 2;
                } else if let Some(y) = toks.get(k).and_then(year_num) {
                    year = Some(y);
                    k += 1;
                }
                let date = match year {
                    Some(y) => ymd(y, month, day)?,
                    None => infer_year(anchor?, month, day, tense(toks, i, k))?,
                };
                let mut r = sentence_date(date, Precision::Day);
                if let Some(e) = end_day {
                    r.end = ymd(date.year, month, e);
                }
                return Some((k - i, r));
            }
        }
    }
    // Month Year
    if let Some(y) = toks.get(j).and_then(year_num) {
        let mut r = sentence_date(ymd(y, month, if mid { 15 } else { 1 })?, Precision::Month);
        let k = j + 1;
        if let Some((n, e)) = month_range_end(toks, k, y) {
            r.end = Some(e);
            return Some((k + n - i, r));
        }
        return Some((k - i, r));
    }
    // Month alone: needs a preposition or modifier before it ("in May", "last March").
    let prev = if i > 0 { low(toks, i - 1) } else { "" };
    if !mid && !MONTH_PREPS.contains(&prev) {
        return None;
    }
    let anchor = anchor?;
    let date = match prev {
        "last" | "past" => {
            let d = infer_year(anchor, month, 1, Tense::Past)?;
            if d.month == anchor.month && d.year == anchor.year {
                ymd(d.year - 1, month, 1)?
            } else {
                d
            }
        }
        "next" | "coming" => {
            let d = infer_year(anchor, month, 1, Tense::Future)?;
            if d.month == anchor.month && d.year == anchor.year {
                ymd(d.year + 1, month, 1)?
            } else {
                d
            }
        }
        _ => infer_year(anchor, month, 1, tense(toks, i, j))?,
    };
    let date = if mid { ymd(date.year, month, 15)? } else { date };
    let mut r = sentence_date(date, Precision::Month);
    if let Some((n, e)) = month_range_end(toks, j, date.year) {
        r.end = Some(e);
        return Some((j + n - i, r));
    }
    Some((j - i, r))
}

/// "... to August" after a month: the range end (same or next year).
fn month_range_end(toks: &[Tok], k: usize, year: i32) -> Option<(usize, Date)> {
    if !matches!(low(toks, k), "to" | "through" | "until" | "-") {
        return None;
    }
    let m2 = month_of(toks.get(k + 1)?)?;
    let y2 = toks.get(k + 2).and_then(year_num);
    let n = if y2.is_some() { 3 } else { 2 };
    let y = y2.unwrap_or(year);
    let last = days_in(y, m2);
    Some((n, ymd(y, m2, last)?))
}

/// "13 September 2023", "13th of September".
fn match_day_first(toks: &[Tok], i: usize, anchor: Option<Date>) -> Option<(usize, ResolvedDate)> {
    let day = day_num(&toks[i])?;
    let mut j = i + 1;
    if low(toks, j) == "of" {
        j += 1;
    }
    let month = month_of(toks.get(j)?)?;
    let mut k = j + 1;
    if low(toks, k) == "." {
        k += 1;
    }
    let date = if let Some(y) = toks.get(k).and_then(year_num) {
        k += 1;
        ymd(y, month, day)?
    } else {
        infer_year(anchor?, month, day, tense(toks, i, k))?
    };
    Some((k - i, sentence_date(date, Precision::Day)))
}

/// "in 2019", "since 2018", "2018-2019".
fn match_year(toks: &[Tok], i: usize) -> Option<(usize, ResolvedDate)> {
    let prev = if i > 0 { low(toks, i - 1) } else { "" };
    if !matches!(
        prev,
        "in" | "since"
            | "by"
            | "until"
            | "of"
            | "from"
            | "during"
            | "early"
            | "late"
            | "and"
            | "before"
            | "after"
            | "throughout"
    ) {
        return None;
    }
    if let Some((a, b)) = toks[i].low.split_once('-') {
        let (Ok(a), Ok(b)) = (a.parse::<i32>(), b.parse::<i32>()) else { return None };
        if a.to_string().len() == 4 && b.to_string().len() == 4 && a < b {
            let mut r = sentence_date(ymd(a, 1, 1)?, Precision::Year);
            r.end = ymd(b, 12, 31);
            return Some((1, r));
        }
        return None;
    }
    let y = year_num(&toks[i])?;
    let mut r = sentence_date(ymd(y, 1, 1)?, Precision::Year);
    if matches!(low(toks, i + 1), "to" | "through" | "until") {
        if let Some(y2) = toks.get(i + 2).and_then(year_num) {
            if y2 > y {
                r.end = ymd(y2, 12, 31);
                return Some((3, r));
            }
        }
    }
    Some((1, r))
}

fn weekday_date(anchor: Date, wd: u32, mode: i32) -> Date {
    let a = weekday(anchor) as i64;
    let w = wd as i64;
    let back = (a - w).rem_euclid(7);
    let fwd = (w - a).rem_euclid(7);
    match mode {
        // strictly before
        -2 => add_days(anchor, -(if back == 0 { 7 } else { back })),
        // strictly after
        2 => add_days(anchor, if fwd == 0 { 7 } else { fwd }),
        // on or after
        1 => add_days(anchor, fwd),
        // on or before
        _ => add_days(anchor, -back),
    }
}

fn match_weekday(toks: &[Tok], i: usize, anchor: Date) -> Option<(usize, ResolvedDate)> {
    let wd = weekday_of(&toks[i])?;
    // "Black Monday", "Good Friday", "Cyber Monday": names, not dates.
    if i > 0
        && is_capitalized(toks[i - 1].text)
        && !matches!(low(toks, i - 1), "on" | "last" | "next" | "this")
        && i > 1
    {
        return None;
    }
    let prev = if i > 0 { low(toks, i - 1) } else { "" };
    let t = tense(toks, i, i + 1);
    let mode = match prev {
        "last" | "past" => -2,
        "next" | "coming" => 2,
        "this" => {
            if t == Tense::Future {
                1
            } else {
                0
            }
        }
        _ => {
            if t == Tense::Future {
                1
            } else {
                0
            }
        }
    };
    let date = weekday_date(anchor, wd, mode);
    let mut len = 1;
    // Range: "between Monday and Wednesday", "Monday to Wednesday".
    let mut r = sentence_date(date, Precision::Day);
    if matches!(low(toks, i + 1), "to" | "through" | "and" | "-") && prev != "and" {
        if let Some(wd2) = toks.get(i + 2).and_then(weekday_of) {
            if prev == "between" || low(toks, i + 1) != "and" {
                let span = (wd2 as i64 - wd as i64).rem_euclid(7);
                r.end = Some(add_days(date, span));
                len = 3;
            }
        }
    }
    // "Tuesday night" etc. keep the day.
    if matches!(low(toks, i + len), "night" | "morning" | "afternoon" | "evening") {
        len += 1;
    }
    Some((len, r))
}

fn match_relative(toks: &[Tok], i: usize, anchor: Date) -> Option<(usize, ResolvedDate)> {
    let w = toks[i].low.as_ref();
    let day = |n: i64| sentence_date(add_days(anchor, n), Precision::Day);
    let l1 = low(toks, i + 1);
    let l2 = low(toks, i + 2);
    let l3 = low(toks, i + 3);
    let l4 = low(toks, i + 4);
    match w {
        "yesterday" => return Some((1, day(-1))),
        "today" | "tonight" => return Some((1, day(0))),
        "tomorrow" => return Some((1, day(1))),
        "overnight" => return Some((1, day(0))),
        "earlier" | "later" if l1 == "today" => return Some((2, day(0))),
        "earlier" | "later" if l1 == "in" && l2 == "the" && l3 == "day" => return Some((4, day(0))),
        "earlier" | "later" if l1 == "this" && matches!(l2, "week" | "month" | "year") => {
            return Some((3, period(anchor, l2, 0)));
        }
        "the" if l1 == "day" && l2 == "before" && l3 == "yesterday" => return Some((4, day(-2))),
        "the" if l1 == "day" && l2 == "after" && l3 == "tomorrow" => return Some((4, day(2))),
        "the" if matches!(l1, "previous" | "preceding") && l2 == "day" => return Some((3, day(-1))),
        "the" if l1 == "day" && l2 == "before" && !matches!(l3, "the" | "a") => return Some((3, day(-1))),
        "the" if matches!(l1, "following" | "next") && l2 == "day" => return Some((3, day(1))),
        "the" if l1 == "day" && l2 == "after" && !matches!(l3, "the" | "a") => return Some((3, day(1))),
        "last" | "this" | "next" | "past" => {
            let off = match w {
                "last" | "past" => -1,
                "next" => 1,
                _ => 0,
            };
            match l1 {
                "night" if w == "last" => return Some((2, day(-1))),
                "night" | "morning" | "afternoon" | "evening" if w == "this" => return Some((2, day(0))),
                "week" | "month" | "year" => {
                    if w == "past" {
                        return None;
                    }
                    return Some((2, period(anchor, l1, off)));
                }
                "weekend" => {
                    let sat = match off {
                        -1 => weekday_date(anchor, 5, -2),
                        1 => add_days(weekday_date(anchor, 5, 1), 7),
                        _ => weekday_date(anchor, 5, if weekday(anchor) == 6 { -2 } else { 1 }),
                    };
                    let mut r = sentence_date(sat, Precision::Day);
                    r.end = Some(add_days(sat, 1));
                    return Some((2, r));
                }
                _ => {}
            }
        }
        "in" | "within" => {
            // "in two weeks", "in 10 days"
            if let Some(n) = number_word(l1).filter(|_| l3 != "of") {
                if let Some(r) = unit_offset(anchor, l2, n) {
                    return Some((3, r));
                }
            }
        }
        _ => {}
    }
    // "three days ago", "a week ago", "two years ago", "a few days ago"
    let (n, k) = if w == "a" && l1 == "few" { (3, i + 2) } else { (number_word(w)?, i + 1) };
    let unit = low(toks, k);
    let ago = low(toks, k + 1);
    if ago == "ago" || (ago == "earlier" && !matches!(l4, "this")) {
        let r = unit_offset(anchor, unit, -n)?;
        return Some((k + 2 - i, r));
    }
    None
}

/// Anchor moved by `n` units ("days", "weeks", "months", "years").
fn unit_offset(anchor: Date, unit: &str, n: i64) -> Option<ResolvedDate> {
    let u = unit.trim_end_matches('s');
    let r = match u {
        "day" => sentence_date(add_days(anchor, n), Precision::Day),
        "week" => sentence_date(add_days(anchor, 7 * n), Precision::Week),
        "month" => sentence_date(add_months(anchor, n), Precision::Month),
        "year" => sentence_date(Date::new(anchor.year + n as i32, 1, 1)?, Precision::Year),
        _ => return None,
    };
    Some(r)
}

/// "last/this/next week|month|year".
fn period(anchor: Date, unit: &str, off: i64) -> ResolvedDate {
    match unit {
        "week" => sentence_date(add_days(anchor, 7 * off), Precision::Week),
        "month" => sentence_date(add_months(anchor, off), Precision::Month),
        _ => sentence_date(Date { year: anchor.year + off as i32, month: 1, day: 1 }, Precision::Year),
    }
}

/// Which expression dates the sentence's event.
fn pick(toks: &[Tok], found: &[Found]) -> Option<usize> {
    if found.is_empty() {
        return None;
    }
    // Content region: after the reporting verb ("KCNA said that Kim arrived on
    // Tuesday"), or before a short trailing attribution ("..., KCNA said Wednesday").
    let rep = toks.iter().position(|t| REPORTING.contains(&t.low.as_ref()));
    let mut region = (0usize, toks.len());
    if let Some(r) = rep {
        let comma = toks[..r].iter().rposition(|t| t.text == ",");
        let trailing =
            toks.len() - r <= 6 && comma.is_some_and(|c| r - c <= 8 && c > 0 && found.iter().any(|f| f.end <= c));
        // "said on Tuesday that ...": the content starts after "that".
        let that = toks.iter().skip(r + 1).take(5).position(|t| t.low == "that").map(|p| p + r + 1);
        if trailing {
            region = (0, comma.unwrap_or(toks.len()));
        } else if let Some(th) = that.filter(|&th| found.iter().any(|f| f.start > th)) {
            region = (th + 1, toks.len());
        } else if found.iter().any(|f| f.start > r) {
            region = (r + 1, toks.len());
        }
    }
    // A leading temporal clause ("After departing ... Sunday, Kim arrived ...") is background.
    let lead_end = if toks.first().is_some_and(|t| CLAUSE_START.contains(&t.low.as_ref())) {
        toks.iter().position(|t| t.text == ",")
    } else {
        None
    };
    let score = |f: &Found| -> i32 {
        let mut s = 0;
        if f.start >= region.0 && f.end <= region.1 {
            s += 4;
        }
        if lead_end.is_some_and(|e| f.end <= e) {
            s -= 3;
        }
        // Prefer finer precision a little ("on Wednesday, Sept. 13").
        s -= match f.date.precision {
            Precision::Day => 0,
            Precision::Week => 1,
            Precision::Month => 1,
            Precision::Year => 2,
        };
        s
    };
    let mut best = 0;
    for k in 1..found.len() {
        if score(&found[k]) > score(&found[best]) {
            best = k;
        }
    }
    Some(best)
}

#[cfg(test)]
mod tests;

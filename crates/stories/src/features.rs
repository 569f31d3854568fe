//! Text features: words with byte spans, content terms, named-entity words,
//! and a deterministic 64-bit hash (state must hash the same in every run).

use tidings_model::Span;

/// FNV-1a followed by a splitmix64 finaliser: stable across runs and platforms.
pub fn hash64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    mix64(h)
}

pub fn mix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// One word of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub span: Span,
    /// Lower-cased text.
    pub lower: String,
    /// First character is upper case.
    pub cap: bool,
    /// Every letter is upper case (acronyms, shouted headlines).
    pub all_caps: bool,
    pub numeric: bool,
    /// First word of a sentence (or of the document / of a line).
    pub sent_start: bool,
}

/// Split `text` into words (maximal runs of alphanumeric characters; an inner
/// apostrophe or period joined to letters is kept, hyphens split). Spans slice `text`.
/// `sentences` (may be empty) mark sentence starts; line starts and starts after
/// `.`, `!`, `?` also count.
pub fn words(text: &str, sentences: &[Span]) -> Vec<Word> {
    let mut out = Vec::new();
    let mut starts: Vec<usize> = sentences.iter().map(|s| s.start).collect();
    starts.sort_unstable();
    let mut boundary = true;
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if !c.is_alphanumeric() {
            if matches!(c, '.' | '!' | '?' | '\n' | ':' | '"' | '“' | '”') {
                boundary = true;
            }
            continue;
        }
        let start = i;
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = it.peek() {
            if d.is_alphanumeric() {
                end = j + d.len_utf8();
                it.next();
            } else if d == '\'' || d == '’' {
                // "don't" stays one word, "Kim's" drops the possessive.
                let rest = &text[j + d.len_utf8()..];
                let next = rest.chars().next();
                let possessive = rest.starts_with(['s', 'S']) && !rest[1..].starts_with(char::is_alphanumeric);
                if possessive {
                    // drop the apostrophe and the "s"
                    it.next();
                    it.next();
                    break;
                } else if next.is_some_and(|n| n.is_alphabetic()) {
                    it.next();
                } else {
                    break;
                }
            } else if d == '.' || d == ',' {
                // 42.7 and 1,000 stay one number
                let rest = &text[j + 1..];
                let prev_digit = text[start..end].chars().last().is_some_and(|p| p.is_ascii_digit());
                if prev_digit && rest.chars().next().is_some_and(|n| n.is_ascii_digit()) {
                    it.next();
                } else {
                    break;
                }
            } else {
                break;
            }
        }
        let raw = &text[start..end];
        let first = raw.chars().next().unwrap_or(' ');
        let letters: Vec<char> = raw.chars().filter(|c| c.is_alphabetic()).collect();
        let numeric = letters.is_empty();
        let sent_start = boundary || starts.binary_search(&start).is_ok();
        boundary = false;
        out.push(Word {
            span: Span::new(start, end),
            lower: raw.to_lowercase(),
            cap: first.is_uppercase(),
            all_caps: !letters.is_empty() && letters.iter().all(|c| c.is_uppercase()),
            numeric,
            sent_start,
        });
    }
    out
}

/// Light English stemmer: plural and possessive endings only (keeps names readable).
pub fn stem(w: &str) -> String {
    let n = w.len();
    if n > 4 && w.ends_with("ies") {
        return format!("{}y", &w[..n - 3]);
    }
    if n > 4 && (w.ends_with("sses") || w.ends_with("xes") || w.ends_with("ches") || w.ends_with("shes")) {
        return w[..n - 2].to_string();
    }
    if n > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
        return w[..n - 1].to_string();
    }
    w.to_string()
}

const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "ago",
    "all",
    "almost",
    "also",
    "although",
    "am",
    "among",
    "an",
    "and",
    "another",
    "any",
    "are",
    "around",
    "as",
    "at",
    "be",
    "became",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "early",
    "either",
    "else",
    "even",
    "ever",
    "every",
    "few",
    "for",
    "from",
    "further",
    "get",
    "got",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "however",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "last",
    "later",
    "least",
    "less",
    "like",
    "made",
    "make",
    "many",
    "may",
    "me",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "near",
    "need",
    "never",
    "new",
    "next",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "often",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "others",
    "our",
    "ours",
    "out",
    "over",
    "own",
    "per",
    "quite",
    "rather",
    "said",
    "same",
    "say",
    "says",
    "see",
    "several",
    "she",
    "should",
    "since",
    "so",
    "some",
    "still",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "though",
    "through",
    "thus",
    "to",
    "told",
    "too",
    "under",
    "until",
    "up",
    "upon",
    "us",
    "very",
    "via",
    "was",
    "we",
    "well",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "yet",
    "you",
    "your",
    "yours",
    "year",
    "years",
    "week",
    "day",
    "days",
    "time",
    "according",
    "s",
    "t",
    "re",
    "ve",
    "ll",
    "d",
    "m",
    "news",
    "reported",
    "reports",
    "report",
    "mr",
    "mrs",
    "ms",
    "dr",
    "two",
    "three",
    "first",
    "second",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "today",
    "yesterday",
    "tomorrow",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "am",
    "pm",
    "gmt",
    "utc",
    "http",
    "https",
    "www",
    "com",
    "html",
    "htm",
    "php",
];

/// Words after a four-digit clock time ("2045 GMT", "at 0930 hours").
const CLOCK_WORDS: &[&str] = &[
    "gmt", "utc", "bst", "cet", "cest", "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "ist", "et", "hrs",
    "hours", "h", "local",
];

/// Could word `k` be a year: four digits, not a clock time ("2045 GMT")?
fn year_like(ws: &[Word], k: usize) -> bool {
    let w = &ws[k];
    w.numeric && w.lower.len() == 4 && !ws.get(k + 1).is_some_and(|n| CLOCK_WORDS.contains(&n.lower.as_str()))
}

pub fn is_stopword(w: &str) -> bool {
    static SET: std::sync::OnceLock<std::collections::HashSet<&'static str>> = std::sync::OnceLock::new();
    SET.get_or_init(|| STOPWORDS.iter().copied().collect()).contains(w)
}

/// Words that start with a capital but are not names (sentence-initial function
/// words are already excluded by position; these are excluded everywhere).
fn non_name_cap(w: &str) -> bool {
    is_stopword(w)
        || matches!(
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
                | "prince"
                | "governor"
                | "senator"
                | "mayor"
                | "chief"
                | "officials"
                | "official"
                | "police"
                | "spokesman"
                | "spokesperson"
                | "spokeswoman"
                | "reuters"
                | "ap"
                | "afp"
                | "update"
                | "breaking"
                | "comment"
                | "template"
                | "photo"
                | "video"
                | "read"
                | "more"
                | "click"
                | "share"
                | "advertisement"
        )
}

/// Extracted features of one document.
#[derive(Debug, Clone, Default)]
pub struct DocFeatures {
    /// (term hash, weight before idf, example surface form)
    pub terms: Vec<(u64, f32, String)>,
    /// Named-entity words (lower-cased): (hash, count, surface)
    pub entities: Vec<(u64, f32, String)>,
    /// Numbers as written (ages, counts, magnitudes, years): (hash, count, surface).
    /// Kept apart from the text terms: two reports of one event state the same figures.
    pub numbers: Vec<(u64, f32, String)>,
    /// Word-shingle hashes for MinHash.
    pub shingles: Vec<u64>,
    /// A year stated near the top of the text (a dateline), if any.
    pub dateline_year: Option<i32>,
    /// Terms of the lead - the title and the text's first [`LEAD_SEGMENTS`] lines or
    /// sentences (headline, dateline, first sentence): (term hash, count). Hashed like
    /// `terms`, so every lead term is also a term.
    pub lead: Vec<(u64, f32)>,
}

/// Lines or sentences of a text that make its lead.
pub const LEAD_SEGMENTS: usize = 2;

/// Byte offset where the first `n` segments of `text` end: a segment ends at a line
/// break, or at '.', '!' or '?' followed by white space - not at the full stop of a short
/// capitalised abbreviation ("Sept.", "Dr.").
pub fn segments_end(text: &str, n: usize) -> usize {
    let mut seen = 0;
    let mut content = false;
    let b = text.as_bytes();
    let abbreviation = |i: usize| {
        let word: &[u8] = &b[b[..i].iter().rposition(|x| !x.is_ascii_alphabetic()).map_or(0, |p| p + 1)..i];
        (1..=4).contains(&word.len()) && word[0].is_ascii_uppercase()
    };
    for (i, &c) in b.iter().enumerate() {
        let end = c == b'\n'
            || matches!(c, b'.' | b'!' | b'?')
                && b.get(i + 1).is_some_and(|x| x.is_ascii_whitespace())
                && !(c == b'.' && abbreviation(i));
        if end && content {
            seen += 1;
            content = false;
            if seen == n {
                return i + 1;
            }
        } else if !c.is_ascii_whitespace() {
            content = true;
        }
    }
    text.len()
}

/// Is word `k` part of a name (capitalised, not merely sentence-initial)?
pub fn name_flags(ws: &[Word]) -> Vec<bool> {
    use std::collections::HashSet;
    // words seen capitalised in mid-sentence position anywhere in the document
    let mut mid_caps: HashSet<&str> = HashSet::new();
    let mut lower_seen: HashSet<&str> = HashSet::new();
    for w in ws {
        if w.cap && !w.sent_start && !w.numeric {
            mid_caps.insert(&w.lower);
        }
        if !w.cap && !w.numeric {
            lower_seen.insert(&w.lower);
        }
    }
    // a line that is mostly capitalised (a headline in title case or caps) gives no name evidence
    ws.iter()
        .map(|w| {
            if !w.cap || w.numeric || non_name_cap(&w.lower) || w.lower.chars().count() < 2 {
                return false;
            }
            if w.all_caps && w.lower.chars().count() > 5 {
                return false;
            }
            if w.sent_start {
                return mid_caps.contains(w.lower.as_str()) && !lower_seen.contains(w.lower.as_str());
            }
            // title-case words that also occur in lower case are ordinary words
            !lower_seen.contains(w.lower.as_str()) || mid_caps.contains(w.lower.as_str()) && w.lower.len() > 3
        })
        .collect()
}

/// Compute the clustering features of a text (and optional title, weighted double).
pub fn doc_features(
    text: &str,
    title: Option<&str>,
    sentences: &[Span],
    shingle_k: usize,
    lead_weight: f32,
) -> DocFeatures {
    use std::collections::HashMap;
    let ws = words(text, sentences);
    let names = name_flags(&ws);
    let mut terms: HashMap<u64, (f32, String)> = HashMap::new();
    let mut ents: HashMap<u64, (f32, String)> = HashMap::new();
    let mut nums: HashMap<u64, (f32, String)> = HashMap::new();
    for w in ws.iter().filter(|w| w.numeric) {
        let n: String = w.lower.chars().filter(|c| *c != ',').collect();
        let e = nums.entry(hash64(format!("#{n}").as_bytes())).or_insert((0.0, n));
        e.0 += 1.0;
    }
    // the lead (first sentence or line) states the event: it counts `lead_weight` times
    let lead_end = ws.iter().skip(1).find(|w| w.sent_start).map_or(usize::MAX, |w| w.span.start);
    let mut lead: HashMap<u64, f32> = HashMap::new();
    let lead_bytes = segments_end(text, LEAD_SEGMENTS);
    let mut add = |ws: &[Word], names: &[bool], weight: f32, in_lead: &dyn Fn(&Word) -> bool| {
        for (w, &is_name) in ws.iter().zip(names) {
            let weight = if w.span.start < lead_end { weight * lead_weight } else { weight };
            if w.numeric {
                // years and other long numbers identify events; small counts do not
                let digits = w.lower.chars().filter(|c| c.is_ascii_digit()).count();
                if digits < 3 {
                    continue;
                }
            } else if is_stopword(&w.lower) || w.lower.chars().count() < 2 {
                continue;
            }
            let s = if is_name { w.lower.clone() } else { stem(&w.lower) };
            let h = hash64(s.as_bytes());
            if in_lead(w) {
                *lead.entry(h).or_default() += 1.0;
            }
            let e = terms.entry(h).or_insert((0.0, s.clone()));
            e.0 += weight;
            if is_name {
                let e = ents.entry(h).or_insert((0.0, s));
                e.0 += weight;
            }
        }
    };
    add(&ws, &names, 1.0, &|w| w.span.end <= lead_bytes);
    if let Some(t) = title {
        let tw = words(t, &[]);
        let tn = name_flags(&tw);
        add(&tw, &tn, 2.0 / lead_weight.max(0.01), &|_| true);
    }
    let mut lead: Vec<(u64, f32)> = lead.into_iter().collect();
    lead.sort_by_key(|a| a.0);
    let dateline_year = ws
        .iter()
        .enumerate()
        .take_while(|(_, w)| w.span.start < 300)
        .filter(|(k, _)| year_like(&ws, *k))
        .find_map(|(_, w)| w.lower.parse::<i32>().ok().filter(|y| (1900..=2099).contains(y)));
    let mut terms: Vec<(u64, f32, String)> = terms.into_iter().map(|(h, (c, s))| (h, c, s)).collect();
    terms.sort_by_key(|a| a.0);
    let mut entities: Vec<(u64, f32, String)> = ents.into_iter().map(|(h, (c, s))| (h, c, s)).collect();
    entities.sort_by_key(|a| a.0);
    let mut numbers: Vec<(u64, f32, String)> = nums.into_iter().map(|(h, (c, s))| (h, c, s)).collect();
    numbers.sort_by_key(|a| a.0);
    let shingles = shingles(&ws, shingle_k);
    DocFeatures { terms, entities, numbers, shingles, dateline_year, lead }
}

/// Hashes of overlapping `k`-word shingles (lower-cased, all words kept).
pub fn shingles(ws: &[Word], k: usize) -> Vec<u64> {
    let k = k.max(1);
    let mut out = Vec::new();
    if ws.is_empty() {
        return out;
    }
    if ws.len() < k {
        let joined: Vec<&str> = ws.iter().map(|w| w.lower.as_str()).collect();
        out.push(hash64(joined.join(" ").as_bytes()));
        return out;
    }
    for win in ws.windows(k) {
        let mut h: u64 = 0;
        for w in win {
            h = mix64(h ^ hash64(w.lower.as_bytes()));
        }
        out.push(h);
    }
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dateline_year_skips_clock_times() {
        let year = |t: &str| doc_features(t, None, &[], 4, 1.0).dateline_year;
        assert_eq!(year("A fire broke out at about 2045 GMT on Friday in 2008."), Some(2008));
        assert_eq!(year("Crews arrived at 0930 hours."), None);
        assert_eq!(year("18 September 2013 | Patch released"), Some(2013));
    }

    #[test]
    fn stopwords_match() {
        assert!(is_stopword("the") && is_stopword("yours") && !is_stopword("missile"));
    }

    #[test]
    fn words_keep_spans_and_numbers() {
        let t = "Kim's 1,000 km trip, 42.7-meter rocket. Don't go";
        let ws = words(t, &[]);
        let got: Vec<&str> = ws.iter().map(|w| &t[w.span.range()]).collect();
        assert_eq!(got, vec!["Kim", "1,000", "km", "trip", "42.7", "meter", "rocket", "Don't", "go"]);
        assert!(ws[0].sent_start && ws[7].sent_start && !ws[2].sent_start);
        assert!(ws[1].numeric);
    }

    #[test]
    fn names_need_mid_sentence_capitals() {
        let t = "Officials said Putin met Kim. Putin left. The talks ended.";
        let ws = words(t, &[]);
        let flags = name_flags(&ws);
        let names: Vec<&str> = ws.iter().zip(&flags).filter(|p| *p.1).map(|p| p.0.lower.as_str()).collect();
        assert_eq!(names, vec!["putin", "kim", "putin"]);
    }

    #[test]
    fn lead_is_the_first_lines_or_sentences() {
        let t = "Quake hits island\nSept. 16, 2013\nA quake hit. Five were hurt.";
        assert_eq!(&t[..segments_end(t, 2)], "Quake hits island\nSept. 16, 2013\n");
        assert_eq!(&t[..segments_end(t, 3)], "Quake hits island\nSept. 16, 2013\nA quake hit.");
        // empty lines and a full stop inside a number are no segments
        assert_eq!(segments_end("\n\nOne 2.5 km. Two.", 1), "\n\nOne 2.5 km.".len());
        assert_eq!(segments_end("no end", 2), 6);
        let f = doc_features("Putin met Kim.\nThe talks ended.\nMissiles were shown.", None, &[], 3, 2.0);
        let lead: Vec<&str> =
            f.terms.iter().filter(|(h, ..)| f.lead.iter().any(|l| l.0 == *h)).map(|(_, _, s)| s.as_str()).collect();
        assert!(lead.contains(&"putin") && lead.contains(&"talk") && !lead.contains(&"missile"), "{lead:?}");
    }

    #[test]
    fn stems_plurals() {
        assert_eq!(stem("missiles"), "missile");
        assert_eq!(stem("parties"), "party");
        assert_eq!(stem("status"), "status");
        assert_eq!(stem("churches"), "church");
    }
}

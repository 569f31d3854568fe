//! Lexicon + rules part-of-speech tagger.
//!
//! Each token first gets a candidate set (lexicon lookup on the lower-cased
//! form, else a guess from shape and suffix); a left-to-right pass then picks
//! one tag with hand-written contextual rules that look at the tags already
//! chosen on the left, the candidates on the right, and whether the current
//! clause already has a finite verb. One pass, constant work per token.

use crate::lexicon::{Entry, Lexicon};
use crate::tags::{Tag, TagSet};

/// Coarse word classes the rules test by identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Be,
    Have,
    Do,
    Get,
    That,
    To,
    Apostrophe,
    Subordinator,
    SubjectPronoun,
    /// A verb of saying/reporting ("said", "told", "claims").
    Report,
    Other,
}

fn kind_of(lower: &str) -> Kind {
    match lower {
        "be" | "am" | "is" | "are" | "was" | "were" | "been" | "being" | "'m" | "'re" => Kind::Be,
        "have" | "has" | "had" | "having" | "'ve" => Kind::Have,
        "do" | "does" | "did" => Kind::Do,
        "get" | "gets" | "got" | "gotten" | "getting" => Kind::Get,
        "that" => Kind::That,
        "to" => Kind::To,
        "'s" => Kind::Apostrophe,
        "after" | "before" | "when" | "because" | "although" | "though" | "while" | "if" | "since" | "until"
        | "unless" | "whereas" | "whether" | "once" => Kind::Subordinator,
        "he" | "she" | "it" | "they" | "we" | "i" | "you" | "who" | "which" => Kind::SubjectPronoun,
        _ => Kind::Other,
    }
}

const REPORT_LEMMAS: &[&str] = &[
    "say",
    "tell",
    "report",
    "claim",
    "state",
    "announce",
    "declare",
    "insist",
    "warn",
    "believe",
    "think",
    "allege",
    "confirm",
    "deny",
    "indicate",
    "suggest",
    "argue",
    "fear",
    "hope",
    "expect",
    "acknowledge",
    "admit",
    "explain",
    "assert",
    "reiterate",
    "stress",
    "predict",
    "know",
    "add",
    "note",
];

pub(crate) fn is_report_lemma(lemma: &str) -> bool {
    REPORT_LEMMAS.contains(&lemma)
}

/// Capitalised word read as a name: `NNPS` for plural names ("States",
/// "Philippines"), `JJ` for nationality adjectives before a common noun
/// ("Russian police"), else `NNP`.
fn proper_variant(w: &str, lower: &str, entry: Option<&Entry>, next: Option<&str>, lx: &Lexicon) -> Tag {
    let n = lower.len();
    let next_common_noun = next.is_some_and(|n| {
        if !n.chars().next().is_some_and(char::is_lowercase) {
            return false;
        }
        let nl = n.to_lowercase();
        match lx.get(&nl) {
            Some(e) => e.tags.any(|t| t.is_noun()),
            None => !nl.ends_with("ed") && !nl.ends_with("ing"),
        }
    });
    if next_common_noun
        && n > 4
        && ["ian", "ish", "ese", "ean", "an", "ani", "i"].iter().any(|s| lower.ends_with(s))
        && !w.chars().skip(1).any(char::is_uppercase)
    {
        return Tag::JJ;
    }
    let known_plural = entry.is_some_and(|e| e.tags.has(Tag::NNS) && !e.tags.has(Tag::NN));
    if n > 4 && (known_plural || lower.ends_with("ines")) && lower.ends_with('s') && !lower.ends_with("ss") {
        return Tag::NNPS;
    }
    Tag::NNP
}

/// Per-token facts gathered before disambiguation.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cand<'l> {
    pub set: TagSet,
    pub default: Tag,
    pub entry: Option<&'l Entry>,
    pub kind: Kind,
}

/// Result of tagging one token.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tagged<'l> {
    pub tag: Tag,
    pub entry: Option<&'l Entry>,
    pub kind: Kind,
}

const DETLIKE: [Tag; 9] = [Tag::DT, Tag::PRPS, Tag::POS, Tag::JJ, Tag::JJR, Tag::JJS, Tag::CD, Tag::PDT, Tag::WPS];

fn lower_into<'b>(w: &str, buf: &'b mut String) -> &'b str {
    buf.clear();
    if w.is_ascii() {
        buf.push_str(w);
        buf.make_ascii_lowercase();
        return buf.as_str();
    }
    for c in w.chars() {
        if c.is_ascii() {
            buf.push(c.to_ascii_lowercase());
        } else if c == '\u{2019}' || c == '\u{2018}' {
            // typographic apostrophes read as ASCII ones: "Korea’s", "didn’t"
            buf.push('\'');
        } else {
            buf.extend(c.to_lowercase());
        }
    }
    buf.as_str()
}

fn punct_tag(w: &str, open_quote: &mut bool) -> Option<Tag> {
    Some(match w {
        "," => Tag::Comma,
        "." | "?" | "!" => Tag::Period,
        ":" | ";" | "-" | "--" | "..." | "\u{2013}" | "\u{2014}" | "\u{2026}" => Tag::Colon,
        "(" | "[" | "{" | "-LRB-" | "-LSB-" => Tag::Lrb,
        ")" | "]" | "}" | "-RRB-" | "-RSB-" => Tag::Rrb,
        "``" | "`" | "\u{201c}" | "\u{2018}" => Tag::OpenQuote,
        "''" | "\u{201d}" | "\u{2019}" => Tag::CloseQuote,
        "\"" => {
            *open_quote = !*open_quote;
            if *open_quote {
                Tag::OpenQuote
            } else {
                Tag::CloseQuote
            }
        }
        "$" | "US$" | "\u{20ac}" | "\u{a3}" => Tag::Dollar,
        "#" => Tag::Hash,
        "%" => Tag::NN,
        "&" => Tag::CC,
        _ => {
            if w.chars().all(|c| !c.is_alphanumeric()) && !w.is_empty() && w != "'" && w != "'s" {
                Tag::SYM
            } else {
                return None;
            }
        }
    })
}

fn is_number(w: &str) -> bool {
    let mut digits = 0;
    for c in w.chars() {
        if c.is_ascii_digit() {
            digits += 1;
        } else if !matches!(c, ',' | '.' | '-' | '/' | ':' | 's') {
            return false;
        }
    }
    digits > 0 && w.starts_with(|c: char| c.is_ascii_digit() || c == '.')
}

/// Guess candidates for a word the lexicon does not know (lower-cased form).
fn guess(lower: &str) -> (TagSet, Tag) {
    let n = lower.len();
    let ends = |s: &str| lower.ends_with(s) && n > s.len() + 2;
    if lower.starts_with(|c: char| c.is_ascii_digit()) && lower.contains('-') {
        return (TagSet::of(&[Tag::JJ]), Tag::JJ); // "12-year", "3-0"
    }
    if lower.contains('-') {
        let last = lower.rsplit('-').next().unwrap_or("");
        if ["ing", "ed"].iter().any(|s| last.ends_with(s)) || last.len() < 3 {
            return (TagSet::of(&[Tag::JJ]), Tag::JJ);
        }
        if last.ends_with('s') && !last.ends_with("ss") {
            return (TagSet::of(&[Tag::NNS]), Tag::NNS);
        }
        return (TagSet::of(&[Tag::JJ, Tag::NN]), Tag::JJ);
    }
    if ends("ing") {
        return (TagSet::of(&[Tag::VBG, Tag::NN]), Tag::VBG);
    }
    if ends("ed") {
        return (TagSet::of(&[Tag::VBD, Tag::VBN, Tag::JJ]), Tag::VBD);
    }
    if ends("est") && n > 6 {
        return (TagSet::of(&[Tag::JJS]), Tag::JJS);
    }
    if ends("ly") {
        return (TagSet::of(&[Tag::RB]), Tag::RB);
    }
    for s in [
        "tion", "sion", "ment", "ness", "ity", "ism", "ance", "ence", "ship", "hood", "ure", "ist", "eer", "or", "er",
        "ee", "age", "dom",
    ] {
        if ends(s) {
            return (TagSet::of(&[Tag::NN]), Tag::NN);
        }
    }
    for s in [
        "ous", "ful", "ive", "able", "ible", "ical", "ic", "al", "ian", "ese", "ish", "less", "ary", "ory", "ent",
        "ant", "i",
    ] {
        if ends(s) {
            return (TagSet::of(&[Tag::JJ, Tag::NN]), Tag::JJ);
        }
    }
    for s in ["ize", "ise", "ify", "ate"] {
        if ends(s) {
            return (TagSet::of(&[Tag::VB, Tag::VBP, Tag::NN]), Tag::VB);
        }
    }
    if n > 3 && lower.ends_with('s') && !lower.ends_with("ss") && !lower.ends_with("us") && !lower.ends_with("is") {
        return (TagSet::of(&[Tag::NNS, Tag::VBZ]), Tag::NNS);
    }
    (TagSet::of(&[Tag::NN]), Tag::NN)
}

fn is_subject_like(t: Tag) -> bool {
    matches!(t, Tag::NN | Tag::NNS | Tag::NNP | Tag::NNPS | Tag::PRP | Tag::WDT | Tag::WP | Tag::EX | Tag::CD)
}

fn nounish(set: TagSet) -> bool {
    set.any(|t| t.is_noun() || t.is_adj() || matches!(t, Tag::CD | Tag::DT | Tag::PRPS | Tag::PRP))
}

impl Lexicon {
    pub(crate) fn candidates<'l>(&'l self, tokens: &[&str]) -> Vec<Cand<'l>> {
        let mut buf = String::new();
        let mut open_quote = false;
        let (mut caps, mut alpha) = (0usize, 0usize);
        for w in tokens {
            if w.chars().any(char::is_alphabetic) {
                alpha += 1;
                if w.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !w.chars().any(char::is_lowercase) {
                    caps += 1;
                }
            }
        }
        let headline = alpha >= 3 && caps * 10 >= alpha * 6;
        let mut out = Vec::with_capacity(tokens.len());
        let mut initial = true;
        for (i, w) in tokens.iter().enumerate() {
            let lower = lower_into(w, &mut buf);
            let kind = kind_of(lower);
            let first_upper = w.chars().next().is_some_and(char::is_uppercase);
            let allcaps = first_upper
                && w.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && !w.chars().any(char::is_lowercase);
            let cap = first_upper && !headline;
            let entry = self.get(lower);
            let kind = if kind == Kind::Other && entry.is_some_and(|e| e.report) { Kind::Report } else { kind };
            let mk = |set: TagSet, default: Tag, entry: Option<&'l Entry>| Cand { set, default, entry, kind };
            if let Some(t) = punct_tag(w, &mut open_quote) {
                out.push(mk(TagSet::of(&[t]), t, None));
                initial = matches!(t, Tag::OpenQuote | Tag::Lrb | Tag::Colon | Tag::Period);
                continue;
            }
            let was_initial = initial;
            initial = false;
            if *w == "'" {
                let prev_s = i > 0 && tokens[i - 1].ends_with(['s', 'S']);
                let t = if prev_s { Tag::POS } else { Tag::CloseQuote };
                out.push(mk(TagSet::of(&[t]), t, None));
                continue;
            }
            if is_number(w) {
                out.push(mk(TagSet::of(&[Tag::CD]), Tag::CD, None));
                continue;
            }
            if cap && !was_initial {
                // Mid-sentence capital: a name unless it is a closed-class word ("The", "I").
                let closed_word = entry.is_some_and(|e| e.closed && !e.tags.has(Tag::NNP)) && !allcaps;
                if closed_word || *w == "I" {
                    let e = entry.copied();
                    let (set, d) = e.map(|e| (e.tags, e.default)).unwrap_or((TagSet::of(&[Tag::PRP]), Tag::PRP));
                    out.push(mk(set, d, entry));
                } else {
                    let t = proper_variant(w, lower, entry, tokens.get(i + 1).copied(), self);
                    out.push(mk(TagSet::of(&[t]), t, entry));
                }
                continue;
            }
            if cap && was_initial {
                let next_cap = tokens.get(i + 1).is_some_and(|n| {
                    n.chars().next().is_some_and(char::is_uppercase) && n.chars().any(char::is_lowercase)
                });
                match entry {
                    Some(e) if e.closed || !(next_cap || allcaps) => {
                        out.push(mk(e.tags, e.default, entry));
                    }
                    Some(e)
                        if next_cap && e.tags.any(|t| t.is_verb()) && !e.tags.any(|t| t.is_noun() || t.is_adj()) =>
                    {
                        out.push(mk(e.tags, e.default, entry));
                    }
                    _ => {
                        let t = proper_variant(w, lower, entry, tokens.get(i + 1).copied(), self);
                        out.push(mk(TagSet::of(&[t]), t, entry));
                    }
                }
                continue;
            }
            match entry {
                Some(e) => out.push(mk(e.tags, e.default, entry)),
                None if headline && first_upper => {
                    let (set, d) = guess(lower);
                    let set = if set.has(Tag::NN) && !set.has(Tag::VBG) { TagSet::of(&[Tag::NNP]) } else { set };
                    let d = if set.has(Tag::NNP) { Tag::NNP } else { d };
                    out.push(mk(set, d, None));
                }
                None => {
                    let (set, d) = guess(lower);
                    out.push(mk(set, d, None));
                }
            }
        }
        out
    }

    pub(crate) fn tag_tokens<'l>(&'l self, tokens: &[&str]) -> Vec<Tagged<'l>> {
        let cands = self.candidates(tokens);
        let mut out: Vec<Tagged<'l>> = Vec::with_capacity(cands.len());
        let mut finite_seen = false;
        let mut rel_outer: Option<bool> = None; // finite_seen of the clause a relative interrupts
        let mut rel_verb_seen = false; // the relative clause has its own finite verb
        let mut aux: Option<Kind> = None; // pending be/have/get/do auxiliary
        let mut modal = false; // pending modal or infinitival "to"
        for i in 0..cands.len() {
            let c = cands[i];
            let next = cands.get(i + 1).map(|c| c.set).unwrap_or(TagSet::EMPTY);
            let next_kind = cands.get(i + 1).map(|c| c.kind);
            let after_modal = modal || out.last().is_some_and(|t| t.tag == Tag::TO);
            let tag = if after_modal && c.entry.is_none() && c.set == TagSet::of(&[Tag::NN]) {
                Tag::VB // unknown word after "to"/"will": "can cope", "to wire"
            } else if c.set.len() == 1 {
                c.default
            } else {
                // Inside a relative clause whose verb is already seen, a past form after a
                // noun is the main clause's verb: "The group that attacked the convoy fled."
                let p = out.last().map(|t| t.tag);
                let main_verb_due = rel_outer == Some(false)
                    && rel_verb_seen
                    && c.set.has(Tag::VBD)
                    && aux.is_none()
                    && (p.is_some_and(|t| t.is_noun()) && !next.any(|t| matches!(t, Tag::IN | Tag::TO))
                        || p == Some(Tag::Comma));
                if main_verb_due {
                    Tag::VBD
                } else {
                    choose(&c, next, next_kind, &out, finite_seen, aux, modal)
                }
            };
            // Update clause state.
            if tag.is_finite() {
                if rel_outer == Some(false) {
                    if rel_verb_seen && tag == Tag::VBD {
                        rel_outer = None;
                        rel_verb_seen = false;
                    } else {
                        rel_verb_seen = true;
                    }
                }
                finite_seen = true;
            }
            if matches!(tag, Tag::WDT | Tag::WP) {
                rel_outer = Some(finite_seen);
                rel_verb_seen = false;
            }
            if matches!(tag, Tag::Comma | Tag::Colon | Tag::WDT | Tag::WP | Tag::Period)
                || (c.kind == Kind::Report && tag.is_verb())
                || (tag == Tag::IN && matches!(c.kind, Kind::That | Kind::Subordinator))
                || (tag == Tag::CC && finite_seen && next.any(|t| t.is_noun() || t == Tag::DT || t == Tag::PRP))
            {
                finite_seen = false;
            }
            if tag.is_verb() || tag == Tag::MD {
                aux = match c.kind {
                    Kind::Be | Kind::Have | Kind::Get | Kind::Do => Some(c.kind),
                    _ => None,
                };
                modal = tag == Tag::MD || (c.kind == Kind::Do && tag != Tag::VBN);
            } else if tag == Tag::TO {
                modal = true;
                aux = None;
            } else if !(tag.is_adv()
                || tag == Tag::CC && out.last().is_some_and(|t| t.tag.is_adv()) && next.any(Tag::is_adv))
            {
                aux = None;
                modal = false;
            }
            out.push(Tagged { tag, entry: c.entry, kind: c.kind });
        }
        // Coordinated adjectives: "complete, full ties", "awful and evil minister".
        for i in (0..out.len().saturating_sub(2)).rev() {
            let joined = matches!(out[i + 1].tag, Tag::Comma | Tag::CC);
            if joined && out[i + 2].tag.is_adj() && !out[i].tag.is_adj() && cands[i].set.has(Tag::JJ) {
                out[i].tag = Tag::JJ;
            }
        }
        out
    }
}

/// Previous chosen tag, skipping adverbs; and the one before it.
fn prev_non_adv(out: &[Tagged]) -> Option<Tag> {
    out.iter().rev().map(|t| t.tag).find(|t| !t.is_adv())
}

fn choose(
    c: &Cand,
    next: TagSet,
    next_kind: Option<Kind>,
    out: &[Tagged],
    finite_seen: bool,
    aux: Option<Kind>,
    modal: bool,
) -> Tag {
    let set = c.set;
    let p = out.last().map(|t| t.tag);
    let pk = out.last().map(|t| t.kind);
    let pv = prev_non_adv(out);
    // "a clearly inebriated official": look through adverbs for the determiner
    let det_before = p.is_some_and(|t| DETLIKE.contains(&t))
        || (p.is_some_and(Tag::is_adv) && pv.is_some_and(|t| matches!(t, Tag::DT | Tag::PRPS)));
    let has_noun = set.any(|t| matches!(t, Tag::NN | Tag::NNS));
    let noun_tag = set.first_of(&[Tag::NN, Tag::NNS, Tag::NNP]).unwrap_or(c.default);
    let next_nounish = nounish(next) && !next.only(|t| t.is_verb());

    // Closed-class words with context-dependent tags.
    if c.entry.is_some_and(|e| e.closed) {
        match c.kind {
            Kind::That => {
                return if next.only(|t| t.is_finite() || t == Tag::MD || t == Tag::VBD)
                    && p.is_some_and(|t| t.is_noun())
                {
                    Tag::WDT
                } else if p.is_some_and(|t| t.is_verb() || t == Tag::Comma)
                    || next.any(|t| t == Tag::DT || t == Tag::PRP || t == Tag::PRPS || t == Tag::NNP)
                {
                    Tag::IN
                } else if next.any(|t| t.is_noun()) && !next.any(|t| t.is_verb()) {
                    Tag::DT
                } else if p.is_some_and(|t| t.is_noun()) && next.any(|t| t.is_verb()) {
                    Tag::WDT
                } else {
                    Tag::IN
                };
            }
            Kind::Apostrophe => {
                return if p == Some(Tag::PRP)
                    || (p.is_some_and(|t| t.is_noun()) && next.only(|t| matches!(t, Tag::VBN | Tag::VBG)))
                {
                    Tag::VBZ
                } else {
                    Tag::POS
                };
            }
            Kind::Have | Kind::Do | Kind::Be => {
                if modal || p == Some(Tag::TO) {
                    if let Some(t) = set.first_of(&[Tag::VB]) {
                        return t;
                    }
                }
                if set.has(Tag::VBN) && aux == Some(Kind::Have) {
                    return Tag::VBN;
                }
                return set.first_of(&[Tag::VBP, Tag::VBZ, Tag::VBD, Tag::VB]).unwrap_or(c.default);
            }
            _ => {}
        }
        if set.has(Tag::RP) && p.is_some_and(|t| t.is_verb()) && !next.has(Tag::CD) {
            return Tag::RP;
        }
        if set.has(Tag::PRP) && set.has(Tag::PRPS) {
            return if next_nounish { Tag::PRPS } else { Tag::PRP };
        }
        if set.has(Tag::EX) {
            return if next_kind == Some(Kind::Be) || next.has(Tag::MD) { Tag::EX } else { Tag::RB };
        }
        if set.has(Tag::PDT) {
            return if next.any(|t| matches!(t, Tag::DT | Tag::PRPS)) {
                Tag::PDT
            } else {
                set.first_of(&[Tag::DT, Tag::JJ, Tag::NN]).unwrap_or(c.default)
            };
        }
        if set.has(Tag::JJR) || set.has(Tag::JJS) {
            if next.any(|t| t.is_adj() || t.is_adv()) && !next.any(|t| t.is_noun()) {
                return set.first_of(&[Tag::RBR, Tag::RBS]).unwrap_or(c.default);
            }
            return set.first_of(&[Tag::JJR, Tag::JJS]).unwrap_or(c.default);
        }
        if c.default == Tag::IN && set.has(Tag::RB) {
            return if next.has(Tag::CD) || next.is_empty() || next.only(|t| t.is_punct()) { Tag::RB } else { Tag::IN };
        }
        if set.any(|t| t.is_verb()) && (modal || p == Some(Tag::TO)) {
            if let Some(t) = set.first_of(&[Tag::VB]) {
                return t;
            }
        }
        if set.has(Tag::VBP) && p.is_some_and(|t| matches!(t, Tag::PRP | Tag::NNS)) && !finite_seen {
            return Tag::VBP;
        }
        return c.default;
    }

    let any_verb = set.any(|t| t.is_verb());
    if !any_verb {
        // Noun / adjective ambiguity.
        if set.any(|t| t.is_adj()) && has_noun {
            return if next.any(|t| t.is_noun()) && !next.only(|t| t.is_verb()) { Tag::JJ } else { noun_tag };
        }
        return c.default;
    }

    // From here the word has at least one verb reading.
    if det_before && !has_noun && !set.has(Tag::VBN) && !set.has(Tag::VBG) && p != Some(Tag::POS) {
        return if next_nounish { Tag::JJ } else { Tag::NN };
    }
    if modal || p == Some(Tag::TO) {
        if let Some(t) = set.first_of(&[Tag::VB]) {
            return t;
        }
    }
    let past = set.has(Tag::VBD) || set.has(Tag::VBN);
    if past {
        let alt_adj = set.has(Tag::JJ);
        if matches!(aux, Some(Kind::Be) | Some(Kind::Have) | Some(Kind::Get)) && set.has(Tag::VBN) {
            return Tag::VBN;
        }
        if det_before {
            if alt_adj || next_nounish {
                return if alt_adj { Tag::JJ } else { Tag::VBN };
            }
            if has_noun {
                return noun_tag;
            }
        }
        if p == Some(Tag::IN) && has_noun {
            return noun_tag;
        }
        if !set.has(Tag::VBN) {
            return Tag::VBD;
        }
        if !set.has(Tag::VBD) {
            return Tag::VBN;
        }
        return match pv {
            None => Tag::VBN,
            Some(Tag::CC) => {
                // Conjoined with the verb before the conjunction when there is one.
                let before = out.iter().rev().skip(1).map(|t| t.tag).find(|t| t.is_verb());
                match before {
                    Some(Tag::VBN) if !finite_seen => Tag::VBN,
                    Some(Tag::VBN) => Tag::VBN,
                    _ => Tag::VBD,
                }
            }
            Some(t) if is_subject_like(t) && !finite_seen => Tag::VBD,
            Some(t) if is_subject_like(t) && next.any(|n| matches!(n, Tag::DT | Tag::PRPS | Tag::PRP)) => Tag::VBD,
            Some(Tag::Comma) if !finite_seen && next.has(Tag::IN) => Tag::VBN,
            Some(Tag::Comma) if !finite_seen => Tag::VBD,
            _ if finite_seen => Tag::VBN,
            _ => Tag::VBD,
        };
    }
    let clause_end_next =
        next.is_empty() || next.only(|t| matches!(t, Tag::Comma | Tag::Period | Tag::CC | Tag::Colon));
    if set.has(Tag::VBG) {
        if det_before && has_noun {
            return noun_tag;
        }
        if p == Some(Tag::NN) && has_noun && (clause_end_next || next.has(Tag::IN)) {
            return noun_tag; // "the parliament building"
        }
        if p == Some(Tag::IN)
            && has_noun
            && !next.any(|t| matches!(t, Tag::DT | Tag::PRPS | Tag::NNP | Tag::PRP | Tag::CD))
        {
            return noun_tag;
        }
        return Tag::VBG;
    }
    if set.has(Tag::VBZ) {
        if det_before || p == Some(Tag::IN) || p.is_some_and(|t| t.is_verb()) {
            return set.first_of(&[Tag::NNS]).unwrap_or(Tag::VBZ);
        }
        if p.is_some_and(|t| matches!(t, Tag::NN | Tag::NNP)) && clause_end_next && set.has(Tag::NNS) {
            return Tag::NNS; // "the rocket attacks, which ..."
        }
        let object_next = next.any(|n| {
            matches!(n, Tag::DT | Tag::PRPS | Tag::PRP | Tag::CD | Tag::TO | Tag::VBN | Tag::VBG) || n.is_noun()
        });
        if pv.is_some_and(is_subject_like) && !finite_seen && (c.entry.is_some() || object_next || p == Some(Tag::PRP))
        {
            return Tag::VBZ;
        }
        if pv == Some(Tag::CC) {
            let before = out.iter().rev().skip(1).map(|t| t.tag).find(|t| t.is_verb());
            if before == Some(Tag::VBZ) && finite_seen {
                return Tag::VBZ;
            }
        }
        return set.first_of(&[Tag::NNS]).unwrap_or(Tag::VBZ);
    }
    // Base form: VB / VBP / NN.
    if p.is_some_and(|t| matches!(t, Tag::NN | Tag::NNP)) && next.only(|t| matches!(t, Tag::NN | Tag::NNS)) {
        return Tag::NN; // noun compound: "palace guard militia"
    }
    if det_before && has_noun {
        return noun_tag;
    }
    if p == Some(Tag::IN) && has_noun {
        return noun_tag;
    }
    if p.is_some_and(|t| t.is_verb()) && has_noun {
        return noun_tag;
    }
    if p.is_some_and(|t| t.is_verb()) && set.has(Tag::JJ) && (next_nounish || next.has(Tag::Comma)) {
        return Tag::JJ; // "restore complete, full ties"
    }
    let plural_subject = matches!(pv, Some(Tag::NNS) | Some(Tag::NNPS) | Some(Tag::WDT) | Some(Tag::WP))
        || (pv == Some(Tag::PRP) && pk != Some(Kind::Other) && !matches!(pk, Some(Kind::Apostrophe)));
    if plural_subject && !finite_seen && set.has(Tag::VBP) {
        return Tag::VBP;
    }
    if pv == Some(Tag::PRP) && !finite_seen && set.has(Tag::VBP) {
        return Tag::VBP;
    }
    if pv == Some(Tag::CC) && !has_noun {
        let before = out.iter().rev().skip(1).map(|t| t.tag).find(|t| t.is_verb());
        if let Some(t) = before.filter(|t| matches!(t, Tag::VB | Tag::VBP)) {
            return t;
        }
    }
    if has_noun {
        return noun_tag;
    }
    if pv.is_some_and(is_subject_like) && !finite_seen && set.has(Tag::VBP) {
        return Tag::VBP;
    }
    set.first_of(&[Tag::VB, Tag::VBP]).unwrap_or(c.default)
}

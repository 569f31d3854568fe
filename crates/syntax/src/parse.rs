//! Deterministic shallow parser: chunks tagged tokens into a Penn-style
//! constituency tree (NP / VP / PP / SBAR / S, plus PRT, ADJP, ADVP, WHNP, PRN).
//!
//! It is a recursive-descent reader over the tag sequence with bounded
//! lookahead (the extent of the next base noun phrase). Every construction
//! either consumes at least one token or reports failure without consuming,
//! so the work is linear in sentence length; nesting deeper than
//! [`MAX_DEPTH`] falls back to flat chunks, so very long sentences cannot
//! exhaust the stack.

use crate::tagger::Kind;
use crate::tags::Tag;

/// Deepest phrase nesting built before falling back to flat chunks.
pub const MAX_DEPTH: usize = 48;

/// A phrase under construction: a pre-terminal over token `i`, or a labelled node.
#[derive(Debug, Clone)]
pub(crate) enum Ph {
    Leaf(usize),
    Node(&'static str, Vec<Ph>),
}

impl Ph {
    fn label(&self) -> Option<&'static str> {
        match self {
            Ph::Node(l, _) => Some(l),
            Ph::Leaf(_) => None,
        }
    }
}

pub(crate) struct Parser<'a> {
    tags: &'a [Tag],
    kinds: &'a [Kind],
    lowers: &'a [&'a str],
    pos: usize,
    depth: usize,
    /// The next noun phrase is the object of a preposition: attach following PPs low.
    low_attach: bool,
    /// Inside a clause's subject (before its verb): "and" + NP + verb is still the subject.
    in_subject: bool,
}

const REPORTING: &[&str] = &[
    "say",
    "tell",
    "report",
    "claim",
    "state",
    "add",
    "announce",
    "declare",
    "insist",
    "warn",
    "believe",
    "think",
    "allege",
    "confirm",
    "deny",
    "note",
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
    "emphasize",
    "agree",
    "predict",
    "know",
    "charge",
    "accuse",
];

fn is_reporting_verb(lemma: &str) -> bool {
    REPORTING.contains(&lemma)
}

impl<'a> Parser<'a> {
    /// `lowers` are the lemmas (for verbs) or lower-cased words; used for word-identity tests.
    pub(crate) fn new(tags: &'a [Tag], kinds: &'a [Kind], lowers: &'a [&'a str]) -> Self {
        Parser { tags, kinds, lowers, pos: 0, depth: 0, low_attach: false, in_subject: false }
    }

    fn tag(&self, i: usize) -> Option<Tag> {
        self.tags.get(i).copied()
    }
    fn cur(&self) -> Option<Tag> {
        self.tag(self.pos)
    }
    fn word(&self, i: usize) -> &str {
        self.lowers.get(i).copied().unwrap_or("")
    }
    fn kind(&self, i: usize) -> Kind {
        self.kinds.get(i).copied().unwrap_or(Kind::Other)
    }
    fn leaf(&mut self) -> Ph {
        let l = Ph::Leaf(self.pos);
        self.pos += 1;
        l
    }
    fn at_end(&self) -> bool {
        self.pos >= self.tags.len()
    }

    // ---- noun phrases -------------------------------------------------

    fn np_internal(t: Tag) -> bool {
        matches!(t, Tag::CD | Tag::NN | Tag::NNS | Tag::NNP | Tag::NNPS | Tag::POS | Tag::Dollar | Tag::Hash | Tag::SYM)
            || t.is_adj()
    }

    /// End (exclusive) of the base noun phrase starting at `i`, or `i` if none.
    fn base_np_end(&self, i: usize) -> usize {
        let Some(t) = self.tag(i) else { return i };
        if matches!(t, Tag::PRP | Tag::EX) {
            return i + 1;
        }
        let mut j = i;
        if self.tag(j) == Some(Tag::PDT) {
            j += 1;
        }
        if matches!(self.tag(j), Some(Tag::DT | Tag::PRPS | Tag::WPS)) {
            j += 1;
        }
        if self.word(j) == "at" && matches!(self.word(j + 1), "least" | "most") && self.tag(j + 2) == Some(Tag::CD) {
            j += 2; // "at least 12 fighters"
        }
        let body_start = j;
        while let Some(t) = self.tag(j) {
            let ok = if t.is_adj()
                && j > body_start
                && self.tag(j - 1).is_some_and(|p| p.is_noun())
                && self.temporal_np_at(j)
            {
                false // "Eriador next week": a new phrase
            } else if Self::np_internal(t) {
                // A possessive needs something before it.
                t != Tag::POS || j > body_start
            } else if t.is_adv() {
                // "almost five years", "very strong ties": only before the body
                j == body_start && self.tag(j + 1).is_some_and(|n| n == Tag::CD || n.is_adj())
            } else if matches!(t, Tag::VBG | Tag::VBN) {
                // participial modifier inside the phrase: "the ruling party"
                j > i && self.tag(j + 1).is_some_and(|n| n.is_noun()) && !self.tag(j - 1).is_some_and(|p| p.is_noun())
            } else if t == Tag::Comma {
                // coordinated adjectives: "complete, full diplomatic ties"
                j > body_start
                    && self.tag(j - 1).is_some_and(|p| p.is_adj())
                    && self.tag(j + 1).is_some_and(|n| n.is_adj())
                    && self.tag(j + 2).is_some_and(|n| n.is_adj() || n.is_noun())
            } else if t == Tag::DT {
                // after a possessive noun phrase no determiner; otherwise a new phrase
                false
            } else {
                false
            };
            if !ok {
                break;
            }
            j += 1;
        }
        if j == body_start && j > i {
            // bare determiner ("this", "all") used as a pronoun
            return j;
        }
        j
    }

    fn np_start(&self, i: usize) -> bool {
        self.base_np_end(i) > i
    }

    fn verb_start(&self, i: usize) -> bool {
        let mut j = i;
        while self.tag(j).is_some_and(|t| t.is_adv()) {
            j += 1;
        }
        match self.tag(j) {
            Some(t) if t.is_verb() || t == Tag::MD => true,
            Some(Tag::TO) => self.tag(j + 1).is_some_and(|t| t == Tag::VB),
            _ => false,
        }
    }

    fn finite_start(&self, i: usize) -> bool {
        let mut j = i;
        while self.tag(j).is_some_and(|t| t.is_adv()) {
            j += 1;
        }
        self.tag(j).is_some_and(|t| t.is_finite())
    }

    fn parse_base_np(&mut self) -> Option<Ph> {
        let end = self.base_np_end(self.pos);
        if end == self.pos {
            return None;
        }
        let mut kids: Vec<Ph> = Vec::with_capacity(end - self.pos);
        while self.pos < end {
            let t = self.cur();
            let l = self.leaf();
            if t == Some(Tag::POS) {
                kids.push(l);
                let inner = std::mem::take(&mut kids);
                kids.push(Ph::Node("NP", inner));
            } else {
                kids.push(l);
            }
        }
        if kids.len() == 1 && kids[0].label() == Some("NP") {
            return kids.pop();
        }
        Some(Ph::Node("NP", kids))
    }

    /// A full noun phrase: base NP with of-PPs, relative clauses, appositions,
    /// coordination. `subject`: also attach other PPs, and allow coordination
    /// before a finite verb.
    fn parse_np(&mut self, subject: bool) -> Option<Ph> {
        if self.depth > MAX_DEPTH {
            return self.parse_base_np();
        }
        self.depth += 1;
        let r = self.parse_np_inner(subject);
        self.depth -= 1;
        r
    }

    fn parse_np_inner(&mut self, subject: bool) -> Option<Ph> {
        let low = std::mem::replace(&mut self.low_attach, false);
        let mut np = self.parse_base_np()?;
        while let Some(t) = self.cur() {
            match t {
                Tag::IN | Tag::TO
                    if self.word(self.pos) == "of"
                        || (subject && self.pp_attaches_to_subject())
                        || (low
                            && matches!(self.word(self.pos), "in" | "to" | "from")
                            && self.np_start(self.pos + 1)) =>
                {
                    let pp = self.parse_pp();
                    np = Ph::Node("NP", vec![np, pp]);
                }
                Tag::WDT | Tag::WP => {
                    let rel = self.parse_relative();
                    np = Ph::Node("NP", vec![np, rel]);
                }
                Tag::VBG | Tag::VBN if !self.finite_start(self.pos) => {
                    // reduced relative: "links leading into Mordor", "ground seized in six days"
                    let Some(vp) = self.parse_vp() else { break };
                    np = Ph::Node("NP", vec![np, vp]);
                }

                Tag::Comma => {
                    let n = self.pos + 1;
                    match self.tag(n) {
                        Some(Tag::WDT | Tag::WP) => {
                            let comma = self.leaf();
                            let rel = self.parse_relative();
                            let mut kids = vec![np, comma, rel];
                            if self.cur() == Some(Tag::Comma) && self.verb_start(self.pos + 1) {
                                kids.push(self.leaf());
                            }
                            np = Ph::Node("NP", kids);
                        }
                        Some(_) if self.np_start(n) => {
                            let e = self.extent_np_pps(n);
                            match self.tag(e) {
                                None | Some(Tag::Period | Tag::Rrb | Tag::CloseQuote) => {
                                    let comma = self.leaf();
                                    let Some(ap) = self.parse_np(false) else {
                                        break;
                                    };
                                    np = Ph::Node("NP", vec![np, comma, ap]);
                                }
                                Some(Tag::Comma) => {
                                    // apposition or list: "A, B, and C" / "Peskov, the spokesman, said"
                                    if self.list_ahead(self.pos) {
                                        np = self.parse_list(np);
                                    } else {
                                        let comma = self.leaf();
                                        self.low_attach = true;
                                        let ap = self.parse_np(false);
                                        self.low_attach = false;
                                        let Some(ap) = ap else {
                                            break;
                                        };
                                        let mut kids = vec![np, comma, ap];
                                        if self.cur() == Some(Tag::Comma) && self.verb_start(self.pos + 1) && subject {
                                            kids.push(self.leaf());
                                        }
                                        np = Ph::Node("NP", kids);
                                    }
                                }
                                Some(Tag::CC) if self.np_start(e + 1) => {
                                    np = self.parse_list(np);
                                }
                                _ => break,
                            }
                        }
                        _ => break,
                    }
                }
                Tag::CC if self.np_start(self.pos + 1) && self.word(self.pos) != "but" => {
                    let e = self.extent_np(self.pos + 1);
                    if !subject && !self.in_subject && self.finite_start(e) {
                        break; // clause coordination: "... Gondor and Arnor retaliated"
                    }
                    // "Danish media and government": a bare noun after "and" joins a flat NP
                    let bare_noun = e == self.pos + 2
                        && self.tag(self.pos + 1).is_some_and(|t| matches!(t, Tag::NN | Tag::NNS))
                        && self.tag(e) != Some(Tag::POS)
                        && !(self.tag(e) == Some(Tag::IN) && self.word(e) == "of");
                    if bare_noun {
                        if let Ph::Node("NP", k) = &mut np {
                            let det = k.first().is_some_and(
                                |c| matches!(c, Ph::Leaf(i) if matches!(self.tag(*i), Some(Tag::DT | Tag::PRPS))),
                            );
                            let common_head = k.last().is_some_and(
                                |c| matches!(c, Ph::Leaf(i) if matches!(self.tag(*i), Some(Tag::NN | Tag::NNS))),
                            );
                            if k.iter().all(|c| matches!(c, Ph::Leaf(_))) && (k.len() >= 2 || common_head) && !det {
                                k.push(Ph::Leaf(self.pos));
                                k.push(Ph::Leaf(self.pos + 1));
                                self.pos += 2;
                                continue;
                            }
                        }
                    }
                    let cc = self.leaf();
                    let Some(rhs) = self.parse_np(subject) else {
                        np = Ph::Node("NP", vec![np, cc]);
                        break;
                    };
                    np = Ph::Node("NP", vec![np, cc, rhs]);
                }
                Tag::Lrb => {
                    let mut kids = vec![self.leaf()];
                    let mut guard = 0;
                    while let Some(t) = self.cur() {
                        if t == Tag::Rrb {
                            kids.push(self.leaf());
                            break;
                        }
                        if matches!(t, Tag::Period) || guard > 40 {
                            break;
                        }
                        guard += 1;
                        match self.parse_np(false) {
                            Some(n) => kids.push(n),
                            None => kids.push(self.leaf()),
                        }
                    }
                    np = Ph::Node("NP", vec![np, Ph::Node("PRN", kids)]);
                }
                _ => break,
            }
        }
        Some(np)
    }

    /// "A, B, and C": called with the first NP parsed and the cursor on the comma.
    fn parse_list(&mut self, first: Ph) -> Ph {
        let mut kids = vec![first];
        let mut guard = 0;
        while guard < 64 {
            guard += 1;
            match self.cur() {
                Some(Tag::Comma) if self.np_start(self.pos + 1) || self.tag(self.pos + 1) == Some(Tag::CC) => {
                    kids.push(self.leaf());
                }
                Some(Tag::CC) if self.np_start(self.pos + 1) => {
                    kids.push(self.leaf());
                    if let Some(n) = self.parse_np_no_list() {
                        kids.push(n);
                    }
                    break;
                }
                _ if self.np_start(self.pos) => match self.parse_np_no_list() {
                    Some(n) => kids.push(n),
                    None => break,
                },
                _ => break,
            }
        }
        Ph::Node("NP", kids)
    }

    /// From a comma at `i`: `, NP (, NP)* ,? CC NP` follows (a list, not an apposition).
    fn list_ahead(&self, mut i: usize) -> bool {
        for _ in 0..32 {
            if self.tag(i) != Some(Tag::Comma) {
                return false;
            }
            if self.tag(i + 1) == Some(Tag::CC) {
                return self.np_start(i + 2);
            }
            if !self.np_start(i + 1) {
                return false;
            }
            let e = self.extent_np(i + 1);
            if self.tag(e) == Some(Tag::CC) && self.word(e) != "but" {
                return self.np_start(e + 1);
            }
            i = e;
        }
        false
    }

    fn parse_np_no_list(&mut self) -> Option<Ph> {
        let mut np = self.parse_base_np()?;
        while self.cur() == Some(Tag::IN) && self.word(self.pos) == "of" {
            let pp = self.parse_pp();
            np = Ph::Node("NP", vec![np, pp]);
        }
        Some(np)
    }

    /// Rough end of the full NP at `i` (base NP plus of-PPs), for lookahead.
    fn extent_np(&self, i: usize) -> usize {
        self.extent_np_with(i, false)
    }

    /// Extent of the NP at `i` with up to four trailing prepositional phrases.
    fn extent_np_pps(&self, i: usize) -> usize {
        let mut e = self.extent_np(i);
        for _ in 0..4 {
            let prep = matches!(self.tag(e), Some(Tag::IN | Tag::TO))
                && !matches!(self.kind(e), Kind::Subordinator | Kind::That);
            if prep && self.np_start(e + 1) {
                e = self.extent_np(e + 1);
            } else {
                break;
            }
        }
        e
    }

    /// Like [`Self::extent_np`]; `coord` also skips conjoined noun phrases.
    fn extent_np_with(&self, i: usize, coord: bool) -> usize {
        let mut e = self.base_np_end(i);
        let mut guard = 0;
        while guard < 8 {
            guard += 1;
            let joins = match self.tag(e) {
                Some(Tag::IN) => self.word(e) == "of",
                Some(Tag::CC) => coord && self.word(e) != "but",
                Some(Tag::POS) => true,
                _ => false,
            };
            if joins && self.np_start(e + 1) {
                e = self.base_np_end(e + 1);
            } else {
                break;
            }
        }
        e
    }

    fn pp_attaches_to_subject(&self) -> bool {
        // "officials in Gondor said": a PP between a subject and its verb.
        matches!(self.kind(self.pos), Kind::Other) && self.np_start(self.pos + 1) && {
            let e = self.extent_np_with(self.pos + 1, true);
            self.verb_start(e) || self.tag(e) == Some(Tag::Comma)
        }
    }

    fn parse_pp(&mut self) -> Ph {
        let mut kids = vec![self.leaf()];
        if self.depth > MAX_DEPTH {
            return Ph::Node("PP", kids);
        }
        self.depth += 1;
        match self.cur() {
            Some(Tag::VBG) => {
                if let Some(vp) = self.parse_vp() {
                    kids.push(Ph::Node("S", vec![vp]));
                }
            }
            Some(Tag::IN | Tag::TO) if self.np_start(self.pos + 1) => {
                // "from near the border", "up to 50 people"
                kids.push(self.parse_pp());
            }
            Some(Tag::WDT | Tag::WP) => {
                let rel = self.parse_relative();
                kids.push(rel);
            }
            _ => {
                self.low_attach = true;
                if let Some(np) = self.parse_np(false) {
                    kids.push(np);
                }
                self.low_attach = false;
            }
        }
        self.depth -= 1;
        Ph::Node("PP", kids)
    }

    fn parse_relative(&mut self) -> Ph {
        let wh = self.leaf();
        let mut kids = vec![Ph::Node("WHNP", vec![wh])];
        if let Some(s) = self.parse_clause() {
            kids.push(s);
        }
        Ph::Node("SBAR", kids)
    }

    // ---- verb phrases -------------------------------------------------

    fn parse_vp(&mut self) -> Option<Ph> {
        if !self.verb_start(self.pos) || self.depth > MAX_DEPTH {
            return None;
        }
        self.depth += 1;
        let outer = std::mem::replace(&mut self.in_subject, false);
        let r = self.parse_vp_inner();
        self.in_subject = outer;
        self.depth -= 1;
        r
    }

    fn parse_vp_inner(&mut self) -> Option<Ph> {
        let mut kids: Vec<Ph> = Vec::new();
        while self.cur().is_some_and(|t| t.is_adv()) {
            let rb = self.leaf();
            kids.push(Ph::Node("ADVP", vec![rb]));
        }
        let t = self.cur()?;
        let head_i = self.pos;
        let head_kind = self.kind(head_i);
        let next_verbal = |p: &Parser| {
            let mut j = p.pos;
            // adverbs, also coordinated: "was heavily and unjustly criticized"
            while p.tag(j).is_some_and(|t| t.is_adv()) || p.adverb_cc(j) {
                j += 1;
            }
            p.tag(j).is_some_and(|t| t.is_verb() || t == Tag::TO && p.tag(j + 1) == Some(Tag::VB))
        };
        kids.push(self.leaf());
        let aux = t == Tag::MD
            || t == Tag::TO
            || (matches!(head_kind, Kind::Be | Kind::Have | Kind::Do | Kind::Get)
                && next_verbal(self)
                && self.cur() != Some(Tag::TO));
        if aux {
            while self.cur().is_some_and(|t| t.is_adv()) || self.adverb_cc(self.pos) {
                kids.push(self.leaf());
            }
            if let Some(inner) = self.parse_vp() {
                kids.push(inner);
            }
            return Some(Ph::Node("VP", kids));
        }
        let reporting = is_reporting_verb(self.word(head_i));
        self.complements(&mut kids, reporting);
        let mut vp = Ph::Node("VP", kids);
        // Verb-phrase coordination: "condemned the attack and demanded ..."
        let mut guard = 0;
        while guard < 16 {
            guard += 1;
            let (cc_at, comma) = match self.cur() {
                Some(Tag::CC) => (self.pos, false),
                Some(Tag::Comma) if self.tag(self.pos + 1) == Some(Tag::CC) => (self.pos + 1, true),
                _ => break,
            };
            if !self.verb_start(cc_at + 1) || self.tag(cc_at + 1) == Some(Tag::TO) {
                break;
            }
            let mut kids = vec![vp];
            if comma {
                kids.push(self.leaf());
            }
            kids.push(self.leaf());
            match self.parse_vp() {
                Some(v) => kids.push(v),
                None => {
                    vp = Ph::Node("VP", kids);
                    break;
                }
            }
            vp = Ph::Node("VP", kids);
        }
        Some(vp)
    }

    fn complements(&mut self, kids: &mut Vec<Ph>, reporting: bool) {
        let mut objects = 0;
        let mut guard = 0;
        while guard < 64 {
            guard += 1;
            let Some(t) = self.cur() else { break };
            let i = self.pos;
            match t {
                Tag::RP => {
                    let rp = self.leaf();
                    kids.push(Ph::Node("PRT", vec![rp]));
                }
                _ if objects < 2 && self.np_start(i) && t != Tag::POS => {
                    if objects > 0 && self.measure_sbar_at(i) {
                        let sb = self.parse_measure_sbar();
                        kids.push(sb);
                        continue;
                    }
                    if (reporting || objects > 0)
                        && (self.finite_start(self.extent_np_with(i, true)) || self.finite_start(self.extent_np_pps(i)))
                    {
                        // complementizer-less clause: "said Gondor would ..."
                        if let Some(s) = self.parse_clause() {
                            kids.push(Ph::Node("SBAR", vec![s]));
                        }
                        break;
                    }
                    if self.temporal_np_at(i) {
                        // "said today", "met last week": (NP-TMP ..), not an object
                        if let Some(Ph::Node(_, k)) = self.parse_base_np() {
                            kids.push(Ph::Node("NP-TMP", k));
                        }
                        continue;
                    }
                    match self.parse_np(false) {
                        Some(np) => kids.push(np),
                        None => break,
                    }
                    objects += 1;
                }
                Tag::IN if self.word(i) == "about" && self.tag(i + 1) == Some(Tag::TO) && self.verb_start(i + 2) => {
                    // "is about to restore": (VP (IN about) (S (VP (TO to) ..)))
                    let about = self.leaf();
                    let mut vp = vec![about];
                    if let Some(inner) = self.parse_vp() {
                        vp.push(Ph::Node("S", vec![inner]));
                    }
                    kids.push(Ph::Node("VP", vp));
                }
                Tag::IN
                    if (self.kind(i) == Kind::That
                        || self.kind(i) == Kind::Subordinator && self.clause_follows(i + 1))
                        || self.word(i) == "as" && self.finite_after_np(i + 1) =>
                {
                    let sbar = self.parse_sbar();
                    kids.push(sbar);
                }
                Tag::IN => {
                    let pp = self.parse_pp();
                    kids.push(pp);
                }
                Tag::VBG if self.word(i) == "accord" && self.tag(i + 1) == Some(Tag::TO) => {
                    let pp = self.parse_according();
                    kids.push(pp);
                }
                Tag::WRB | Tag::WP | Tag::WDT => {
                    let wh = self.leaf();
                    let label = if t == Tag::WRB { "WHADVP" } else { "WHNP" };
                    let mut sb = vec![Ph::Node(label, vec![wh])];
                    if let Some(s) = self.parse_clause() {
                        sb.push(s);
                    }
                    kids.push(Ph::Node("SBAR", sb));
                }
                Tag::TO if self.verb_start(i + 1) => {
                    if let Some(vp) = self.parse_vp() {
                        kids.push(Ph::Node("S", vec![vp]));
                    }
                }
                Tag::TO => {
                    let pp = self.parse_pp();
                    kids.push(pp);
                }
                Tag::VBG | Tag::VBN | Tag::VB => match self.parse_vp() {
                    Some(vp) => kids.push(Ph::Node("S", vec![vp])),
                    None => break,
                },
                _ if t.is_adv() && matches!(self.word(i), "not" | "n't" | "never") => {
                    kids.push(self.leaf()); // negation stays a bare (RB not)
                }
                _ if t.is_adv() => {
                    let rb = self.leaf();
                    kids.push(Ph::Node("ADVP", vec![rb]));
                }
                Tag::Comma => {
                    let n = i + 1;
                    match self.tag(n) {
                        Some(Tag::PRP)
                            if self.tag(n + 1).is_some_and(|t| matches!(t, Tag::VBZ | Tag::VBD | Tag::VBP))
                                && self.tag(n + 2) == Some(Tag::Comma) =>
                        {
                            // parenthetical ", it seems," / ", he said,"
                            let c1 = self.leaf();
                            let np = self.leaf();
                            let v = self.leaf();
                            let c2 = self.leaf();
                            let s = Ph::Node("S", vec![Ph::Node("NP", vec![np]), Ph::Node("VP", vec![v])]);
                            kids.push(Ph::Node("PRN", vec![c1, s, c2]));
                        }
                        Some(_) if self.measure_sbar_at(n) => {
                            kids.push(self.leaf());
                            let sb = self.parse_measure_sbar();
                            kids.push(sb);
                        }
                        Some(Tag::VBG) if self.word(n) == "accord" && self.tag(n + 1) == Some(Tag::TO) => {
                            kids.push(self.leaf());
                            let pp = self.parse_according();
                            kids.push(pp);
                        }
                        Some(Tag::VBG) => {
                            kids.push(self.leaf());
                            if let Some(vp) = self.parse_vp() {
                                kids.push(Ph::Node("S", vec![vp]));
                            }
                        }
                        Some(Tag::IN) if self.kind(n) == Kind::Subordinator && self.clause_follows(n + 1) => {
                            kids.push(self.leaf());
                            let sbar = self.parse_sbar();
                            kids.push(sbar);
                        }
                        Some(Tag::IN)
                            if self.np_start(n + 1) && {
                                let e = self.extent_np(n + 1);
                                matches!(self.tag(e), None | Some(Tag::Period))
                            } =>
                        {
                            kids.push(self.leaf());
                            let pp = self.parse_pp();
                            kids.push(pp);
                        }
                        _ => break,
                    }
                }
                Tag::OpenQuote if self.np_start(i + 1) || self.verb_start(i + 1) => {
                    kids.push(self.leaf());
                }
                Tag::CloseQuote => {
                    kids.push(self.leaf());
                }
                _ => break,
            }
        }
    }

    /// A bare temporal noun phrase: "today", "last week", "next month", "this year".
    fn temporal_np_at(&self, i: usize) -> bool {
        let e = self.base_np_end(i);
        let head = self.word(e.saturating_sub(1));
        let time_word = |w: &str| {
            matches!(
                w,
                "week"
                    | "month"
                    | "year"
                    | "weekend"
                    | "morning"
                    | "evening"
                    | "night"
                    | "spring"
                    | "summer"
                    | "autumn"
                    | "winter"
                    | "monday"
                    | "tuesday"
                    | "wednesday"
                    | "thursday"
                    | "friday"
                    | "saturday"
                    | "sunday"
            )
        };
        match e - i {
            1 => matches!(head, "today" | "yesterday" | "tomorrow" | "tonight"),
            2 => matches!(self.word(i), "last" | "next" | "this" | "early" | "late") && time_word(&head.to_lowercase()),
            _ => false,
        }
    }

    /// "almost five years after crowds trashed its embassy": a short measure NP
    /// and a temporal subordinator heading a clause.
    fn measure_sbar_at(&self, i: usize) -> bool {
        let e = self.base_np_end(i);
        e > i
            && e - i <= 4
            && self.tag(e) == Some(Tag::IN)
            && matches!(self.word(e), "after" | "before" | "since")
            && self.tag(e - 1).is_some_and(|t| t == Tag::NNS || t == Tag::NN)
            && self.clause_follows(e + 1)
    }

    fn parse_measure_sbar(&mut self) -> Ph {
        let np = self.parse_base_np();
        let mut sb: Vec<Ph> = np.into_iter().collect();
        sb.push(self.leaf());
        if let Some(s) = self.parse_clause() {
            sb.push(s);
        }
        Ph::Node("SBAR", sb)
    }

    /// A conjunction between two adverbs ("heavily and unjustly").
    fn adverb_cc(&self, i: usize) -> bool {
        self.tag(i) == Some(Tag::CC)
            && i > 0
            && self.tag(i - 1).is_some_and(Tag::is_adv)
            && self.tag(i + 1).is_some_and(Tag::is_adv)
    }

    /// A clause (subject + verb, or a bare verb phrase) starts at `i`.
    fn clause_follows(&self, i: usize) -> bool {
        if self.np_start(i) {
            self.verb_start(self.extent_np_with(i, true)) || self.verb_start(self.extent_np_pps(i))
        } else {
            self.verb_start(i) && self.tag(i) != Some(Tag::VBG)
        }
    }

    fn finite_after_np(&self, i: usize) -> bool {
        self.np_start(i) && self.finite_start(self.extent_np(i))
    }

    fn parse_sbar(&mut self) -> Ph {
        let mut kids = vec![self.leaf()];
        if let Some(s) = self.parse_clause() {
            kids.push(s);
        }
        Ph::Node("SBAR", kids)
    }

    /// "according to X" as Stanford brackets it.
    fn parse_according(&mut self) -> Ph {
        let vbg = self.leaf();
        let inner = self.parse_pp();
        Ph::Node("PP", vec![vbg, inner])
    }

    // ---- clauses -------------------------------------------------------

    /// One clause: optional fronted adjuncts, subject NP, predicate VP.
    /// Returns `None` without consuming when nothing clause-like starts here.
    pub(crate) fn parse_clause(&mut self) -> Option<Ph> {
        if self.depth > MAX_DEPTH {
            return None;
        }
        self.depth += 1;
        let r = self.parse_clause_inner();
        self.depth -= 1;
        r
    }

    fn parse_clause_inner(&mut self) -> Option<Ph> {
        let start = self.pos;
        let mut kids: Vec<Ph> = Vec::new();
        // Fronted adjuncts.
        let mut guard = 0;
        while guard < 8 {
            guard += 1;
            let Some(t) = self.cur() else { break };
            let i = self.pos;
            let before = kids.len();
            match t {
                Tag::IN if self.kind(i) == Kind::Subordinator && self.clause_follows(i + 1) => {
                    kids.push(self.parse_sbar());
                }
                Tag::IN => kids.push(self.parse_pp()),
                Tag::VBG if self.word(i) == "accord" && self.tag(i + 1) == Some(Tag::TO) => {
                    kids.push(self.parse_according());
                }
                Tag::VBG | Tag::VBN if !self.finite_start(i) && start == i => match self.parse_vp() {
                    Some(vp) => kids.push(Ph::Node("S", vec![vp])),
                    None => break,
                },
                _ if t.is_adv() && !self.verb_start(i) => {
                    let rb = self.leaf();
                    kids.push(Ph::Node("ADVP", vec![rb]));
                }
                Tag::OpenQuote => kids.push(self.leaf()),
                _ => break,
            }
            if kids.len() > before && self.cur() == Some(Tag::Comma) {
                kids.push(self.leaf());
            }
        }
        if self.np_start(self.pos) {
            let outer = std::mem::replace(&mut self.in_subject, true);
            let np = self.parse_np(true);
            self.in_subject = outer;
            if let Some(np) = np {
                kids.push(np);
            }
            // "X, however, said" / "X, 55, said"
            if self.cur() == Some(Tag::Comma)
                && self.tag(self.pos + 1).is_some_and(|t| t.is_adv())
                && self.tag(self.pos + 2) == Some(Tag::Comma)
            {
                kids.push(self.leaf());
                let rb = self.leaf();
                kids.push(Ph::Node("ADVP", vec![rb]));
                kids.push(self.leaf());
            }
        }
        if let Some(vp) = self.parse_vp() {
            kids.push(vp);
        }
        if self.pos == start {
            return None;
        }
        if kids.len() == 1 && kids[0].label() == Some("S") {
            return kids.pop();
        }
        Some(Ph::Node("S", kids))
    }

    /// The whole sentence: clauses joined by commas, conjunctions, reporting tails.
    pub(crate) fn parse_sentence(&mut self) -> Ph {
        let mut items: Vec<Ph> = Vec::new();
        let mut clauses = 0usize;
        let mut last_was_comma = false;
        while !self.at_end() {
            let before = self.pos;
            let t = self.cur();
            match t {
                Some(Tag::Period | Tag::Comma | Tag::Colon | Tag::OpenQuote | Tag::CloseQuote | Tag::CC) => {
                    last_was_comma = matches!(t, Some(Tag::Comma | Tag::CloseQuote));
                    items.push(self.leaf());
                    continue;
                }
                Some(t) if t.is_verb() || t == Tag::MD => {
                    // inverted reporting tail: ", said the minister."
                    if let Some(vp) = self.parse_vp() {
                        items.push(vp);
                        if let Some(np) = self.parse_np(false) {
                            items.push(np);
                        }
                    }
                }
                _ => {
                    if let Some(s) = self.parse_clause() {
                        let tail = last_was_comma && clauses > 0 && matches!(self.cur(), None | Some(Tag::Period));
                        match s {
                            // ", a senior official said." joins the top clause directly
                            Ph::Node("S", k) if tail => items.extend(k),
                            s => items.push(s),
                        }
                        clauses += 1;
                    } else if let Some(np) = self.parse_np(false) {
                        items.push(np);
                    }
                }
            }
            if self.pos == before {
                items.push(self.leaf());
            }
            last_was_comma = false;
        }
        // A single clause absorbs its punctuation; otherwise the clauses become siblings.
        let n_clause = items.iter().filter(|p| p.label() == Some("S")).count();
        let has_vp = items.iter().any(|p| p.label() == Some("VP"));
        if n_clause == 1 && !has_vp {
            let mut out = Vec::new();
            for it in items {
                match it {
                    Ph::Node("S", k) => out.extend(k),
                    other => out.push(other),
                }
            }
            return Ph::Node("S", out);
        }
        if n_clause == 0 && !has_vp {
            return Ph::Node("FRAG", items);
        }
        Ph::Node("S", items)
    }
}

//! # tidings-coder: CAMEO event coding over constituency trees
//!
//! The coder consumes only a [`tidings_model::tree::Tree`] (plus the sentence date), so
//! supplied Penn parses ([`penn::parse_penn`]), CoNLL-U dependency parses converted to
//! constituency form ([`conllu::parse_conllu`]) and tidings' own shallow analysis feed
//! the same code. The algorithm follows the documented PETRARCH-1/TABARI semantics:
//!
//! 1. **Discards.** The sentence's words are checked against the discard list
//!    (one Aho-Corasick pass); a hit codes nothing.
//! 2. **Actor units.** Noun phrases become *units*. A compound NP (a `CC` child, two
//!    or more `NP`/`NN*` conjuncts, no clause inside) becomes a compound unit whose
//!    members are its conjuncts; leading adjectives are shared by bare-noun
//!    conjuncts. Otherwise an NP with no NP inside, a possessive NP, or an
//!    `NP -> NP PP(IN NP)` phrase ("soldiers from Gondor") becomes one unit; a
//!    compound inside such a phrase expands into one member per conjunct
//!    ("lawmakers and officials in Fornost and Gondor" -> four members). Anything
//!    else is descended into.
//! 3. **Actor codes.** In each unit the first actor phrase (longest match, hashed on
//!    the first token) gives the base code, resolved by the sentence date against
//!    its date restrictions; then every agent phrase outside the actor adds its code
//!    after (`~GOV`) or before (`NGO~`) it, stopping at a code already present.
//!    Agents alone give `---AGT`.
//! 4. **Comma clauses.** Comma-delimited clauses outside noun phrases are removed
//!    when their word count lies within the configured bounds (terminal clause
//!    `comma_emin..=comma_emax`, intermediate `comma_min..=comma_max`, initial
//!    `comma_bmin..=comma_bmax`), as PETRARCH does.
//! 5. **Verbs.** Every `VP` whose first child is a `VB*` word is a candidate. A
//!    `VBN` after a form of *be* with a following *by* makes it passive (the `VBN`
//!    is the verb; source and target are swapped at the end). Multi-word verbs
//!    (`CORDONED OFF`, `WIRE TAPPED`) are recognised from their extra words, with
//!    articles and numbers allowed in between.
//! 6. **Patterns.** The *upper* sequence is everything from the previous clause comma
//!    (or the sentence start) up to the verb; the *lower* sequence is the rest of
//!    the verb phrase. A pattern's elements after `*` must occur in order in the
//!    lower sequence, those before `*` in the upper sequence (matched outward from
//!    the verb), with intervening words allowed unless joined by `_`. `$`/`+` bind
//!    source/target to the noun phrase at that point, `^` skips a noun phrase, `%`
//!    binds a compound as both source and target, `&SYN` matches any synset phrase.
//!    Families' patterns are tried most specific first; the first that matches gives
//!    the code, else the verb's own code. Negation such as `NOT *` or
//!    `&NEGATVAUXVRB *` is expressed by patterns (the matched pattern's code wins).
//! 7. **Attribution.** Without a pattern binding, the target is the first coded unit
//!    in the lower sequence (else the first unit there). The source is the first coded
//!    unit of the verb's grammatical subject (the `NP` before the verb phrase in the
//!    nearest enclosing clause, so the head noun phrase wins over its `PP` modifiers),
//!    else the nearest coded or compound unit before the verb with a code different
//!    from the target's (else the nearest unit). Both are needed for an event. For a
//!    verb phrase coordinated with earlier ones (`condemned X and promised Y`), the
//!    earlier conjuncts are not part of the later verb's upper sequence.
//!
//!    **Meeting verbs** (codes of the CAMEO 04 family other than the visit codes
//!    042/043) are coded symmetrically: a noun phrase inside a place adjunct of the
//!    verb (a `PP` headed by *at/in/on/near/...* attached to the verb phrase) is not
//!    a target, nor is one inside a clause attached to it (`met to discuss X`), and
//!    when no target remains and the subject is a compound with two
//!    or more coded members (`A and B met at X`, `A and B talked`), the compound is
//!    both source and target, giving A->B and B->A (self-pairs dropped). A group
//!    subject (*the two leaders*, *both sides*: *two*/*both* with a plural noun and
//!    no actor of its own) stands for the last two differently coded phrases before
//!    it in the sentence, coded both ways. An uncoded object (*held talks*) is the
//!    meeting itself, not a target. A meeting verb in a subordinate clause with its
//!    own subject (`X pledged support as the two leaders held a summit`) is coded
//!    even though it lies inside the already coded verb phrase.
//! 8. **Events.** Compound units expand into one event per member pair (self-pairs
//!    dropped, `A/B/C` codes expanded for PETRARCH-1 dictionaries, kept whole for
//!    PETRARCH-2 ones), `X:Y` codes give the reciprocal pair, passive
//!    verbs swap source and target, `require_dyad` drops events with a `---` side, and
//!    duplicates are removed. After a verb codes, the verbs inside its phrase are not
//!    coded again.
//!
//! Every [`CodedEvent`] keeps the token ranges of source, verb and target and the
//! dictionary pattern that fired, for `--explain`.

use std::ops::Range;

use serde::Serialize;
use tidings_dict::{Dictionaries, PatElem, PatItem, Pattern};
use tidings_model::tree::{NodeId, Tree};
use tidings_model::Date;

pub mod conllu;
pub mod penn;
pub mod records;
mod transform;

/// An actor as coded in one event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActorHit {
    pub code: String,
    /// Token range covering the noun phrase (member) that gave the code.
    pub tokens: Range<usize>,
    pub text: String,
}

/// One coded event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodedEvent {
    pub source: Option<ActorHit>,
    pub target: Option<ActorHit>,
    pub code: String,
    /// Token range of the verb (multi-word verbs included).
    pub verb: Range<usize>,
    /// The dictionary pattern (or verb line) that fired, with its line number.
    pub pattern: String,
}

#[derive(Debug, thiserror::Error)]
pub enum CoderError {
    #[error("bad parse tree: {reason}")]
    Parse { reason: String },
    #[error("records line {line}: {reason}")]
    Records { line: usize, reason: String },
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// Run-time options (PETRARCH `PETR_config.ini` / `<Config>` names).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoderOptions {
    pub require_dyad: bool,
    /// When > 0, uncoded noun phrases of at most this many words are output as text.
    pub new_actor_length: usize,
    pub comma_min: usize,
    pub comma_max: usize,
    pub comma_bmin: usize,
    pub comma_bmax: usize,
    pub comma_emin: usize,
    pub comma_emax: usize,
    /// PETRARCH-1 needs a *by* phrase to call a verb passive; PETRARCH-2 (CAMEO 2.0
    /// dictionaries) does not. [`Coder::new`] sets this from the verb dictionary.
    pub passive_needs_by: bool,
    /// Resolve a personal pronoun subject or object ("he", "she") to the nearest
    /// preceding named actor of the sentence (TABARI-style dereferencing). Off for
    /// validation records (PETRARCH does not), on for articles.
    pub resolve_pronouns: bool,
    /// Inside a coded reporting verb ("said", "told ... that"), also code the reported
    /// clause's own event when the clause has its own subject: "Putin said he will
    /// visit Pyongyang" gives the statement and the visit. Off for validation records
    /// (PETRARCH-1 codes only meeting verbs there), on for articles.
    pub code_reported_clauses: bool,
    /// A compound subject with no coded target acts on itself ("Turkey and Sweden
    /// signed an agreement": TUR->SWE and SWE->TUR). Off for validation records.
    pub reciprocal_compounds: bool,
    /// A role without a country ("the government", "the opposition") takes the
    /// country of the nearest actor of the sentence that has both ("the Senegalese
    /// opposition demanded that the government ..." -> SENGOV). Off for validation records.
    pub fill_role_country: bool,
}

impl Default for CoderOptions {
    fn default() -> Self {
        CoderOptions {
            require_dyad: true,
            new_actor_length: 0,
            comma_min: 2,
            comma_max: 8,
            comma_bmin: 0,
            comma_bmax: 0,
            comma_emin: 2,
            comma_emax: 8,
            passive_needs_by: true,
            resolve_pronouns: false,
            code_reported_clauses: false,
            reciprocal_compounds: false,
            fill_role_country: false,
        }
    }
}

impl CoderOptions {
    /// Apply one `option = value` setting; unknown options and bad values are errors.
    pub fn set(&mut self, option: &str, value: &str) -> Result<(), String> {
        let num = || value.trim().parse::<usize>().map_err(|_| format!("{option}: `{value}` is not a number"));
        match option.trim() {
            "require_dyad" => self.require_dyad = !value.to_ascii_lowercase().contains("false"),
            "new_actor_length" => self.new_actor_length = num()?,
            "comma_min" => self.comma_min = num()?,
            "comma_max" => self.comma_max = num()?,
            "comma_bmin" => self.comma_bmin = num()?,
            "comma_bmax" => self.comma_bmax = num()?,
            "comma_emin" => self.comma_emin = num()?,
            "comma_emax" => self.comma_emax = num()?,
            "stop_on_error" => {}
            other => return Err(format!("unknown option `{other}`")),
        }
        Ok(())
    }
}

/// The event coder: compiled dictionaries plus options.
#[derive(Debug, Clone)]
pub struct Coder {
    dict: Dictionaries,
    pub options: CoderOptions,
    /// Per verb family and pattern: word masks of the literal words after and
    /// before the verb (see [`word_bit`]), a cheap first test before the exact one.
    pattern_masks: Vec<Vec<PatternMasks>>,
    /// The verb dictionary's synsets indexed by the word a phrase is matched from.
    synset_index: FnvMap<String, SynsetIndex>,
    /// Per `~` transformation line, the codes of the verbs it names.
    transform_codes: Vec<transform::TransformCodes>,
}

/// One synset's phrases by the word matching starts from: the first word for the
/// words after the verb, the last for those before it (matched right to left).
#[derive(Debug, Clone, Default)]
struct SynsetIndex {
    first: FnvMap<String, Vec<u32>>,
    last: FnvMap<String, Vec<u32>>,
    /// Phrases without words (they match anywhere).
    empty: Vec<u32>,
}

fn synset_index(d: &Dictionaries) -> FnvMap<String, SynsetIndex> {
    d.verbs
        .synsets
        .iter()
        .map(|(name, phrases)| {
            let mut ix = SynsetIndex::default();
            for (i, p) in phrases.iter().enumerate() {
                let i = i as u32;
                match (p.first(), p.last()) {
                    (Some(f), Some(l)) => {
                        ix.first.entry(f.clone()).or_default().push(i);
                        ix.last.entry(l.clone()).or_default().push(i);
                    }
                    _ => ix.empty.push(i),
                }
            }
            (name.clone(), ix)
        })
        .collect()
}

/// Necessary conditions for a pattern to match, tested on 64-bit word masks (see
/// [`word_bit`]): every literal word's bit is set on its side of the verb, and for
/// every synset some phrase word's bit is.
#[derive(Debug, Clone, Default)]
struct PatternMasks {
    lower: u64,
    upper: u64,
    lower_synsets: Vec<u64>,
    upper_synsets: Vec<u64>,
}

impl PatternMasks {
    fn possible(&self, lower_side: u64, upper_side: u64) -> bool {
        self.lower & !lower_side == 0
            && self.upper & !upper_side == 0
            && self.lower_synsets.iter().all(|m| m & lower_side != 0)
            && self.upper_synsets.iter().all(|m| m & upper_side != 0)
    }
}

use tidings_model::fnv::{word_bit, FnvMap};

fn literal_mask(items: &[PatItem]) -> u64 {
    items
        .iter()
        .map(|it| match &it.elem {
            PatElem::Word(w) => word_bit(w),
            _ => 0,
        })
        .fold(0, |a, b| a | b)
}

/// One mask per synset item: the bits of all its phrases' words (a phrase that
/// matches has all its words on the side, so at least one of these bits is set).
/// An unknown or empty synset gets no mask: it is left to the exact test.
fn synset_masks(d: &Dictionaries, items: &[PatItem]) -> Vec<u64> {
    items
        .iter()
        .filter_map(|it| match &it.elem {
            PatElem::Synset(name) => {
                let phrases = d.verbs.synsets.get(name)?;
                let m = phrases.iter().flatten().map(|w| word_bit(w)).fold(0, |a, b| a | b);
                (m != 0 && phrases.iter().all(|p| !p.is_empty())).then_some(m)
            }
            _ => None,
        })
        .collect()
}

fn pattern_masks(d: &Dictionaries) -> Vec<Vec<PatternMasks>> {
    d.verbs
        .families
        .iter()
        .map(|f| {
            f.patterns
                .iter()
                .map(|p| PatternMasks {
                    lower: literal_mask(&p.lower),
                    upper: literal_mask(&p.upper),
                    lower_synsets: synset_masks(d, &p.lower),
                    upper_synsets: synset_masks(d, &p.upper),
                })
                .collect()
        })
        .collect()
}

/// A noun-phrase unit (PETRARCH's NE / NEC).
#[derive(Debug, Clone)]
struct Unit {
    /// Members: one for a simple phrase, several for a compound.
    members: Vec<Member>,
    compound: bool,
    /// All tokens of the phrase in order (what patterns see).
    tokens: Vec<usize>,
}

#[derive(Debug, Clone)]
struct Member {
    tokens: Vec<usize>,
    code: Option<String>,
}

impl Unit {
    /// The code PETRARCH compares when choosing source/target.
    fn head_code(&self) -> Option<&str> {
        if self.compound {
            None
        } else {
            self.members[0].code.as_deref()
        }
    }
    /// A compound counts when one of its members names an actor (`a new bombing and
    /// shelling offensive` does not).
    fn is_coded(&self) -> bool {
        if self.compound {
            return self.members.iter().any(|m| m.code.as_deref().is_some_and(|c| !is_null_code(c)));
        }
        self.head_code().is_some_and(|c| c != "---")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum El {
    Word(usize),
    Comma(usize),
    Open(usize),
    Close(usize),
}

const SKIP_WORDS: &[&str] = &[
    "THE", "A", "AN", "IT", "HE", "THEY", "HER", "HAS", "HAD", "HAVE", "SOME", "FEW", "THAT", "HUNDRED", "THOUSAND",
    "MILLION", "BILLION", "TRILLION", "DOZEN", "ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE",
];

/// Upper-case form of a token (ASCII fast path; same result as `str::to_uppercase`).
/// Append [`upper`]`(w)` to `buf` (ASCII words in place, without a `String` of their own).
fn push_upper(buf: &mut String, w: &str) {
    if w.is_ascii() {
        let at = buf.len();
        buf.push_str(w);
        buf[at..].make_ascii_uppercase();
    } else {
        buf.push_str(&upper(w));
    }
}

fn upper(w: &str) -> String {
    if w.is_ascii() {
        w.to_ascii_uppercase()
    } else {
        // typographic apostrophes match the dictionaries' ASCII ones ("N’T", "’S")
        w.to_uppercase().replace(['\u{2019}', '\u{2018}'], "'")
    }
}

/// `---` and other codes without letters or digits (`###`, `+++`) code nothing.
fn is_null_code(c: &str) -> bool {
    !c.chars().any(|ch| ch.is_ascii_alphanumeric())
}

/// `TIDINGS_DEBUG` set: trace each coded verb on stderr (read once, not per verb).
fn debug_enabled() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("TIDINGS_DEBUG").is_some())
}

fn is_skip_word(w: &str) -> bool {
    SKIP_WORDS.contains(&w) || (!w.is_empty() && w.bytes().all(|b| b.is_ascii_digit() || b == b',' || b == b'.'))
}

/// A later mention of an actor already named in full in the same article: the
/// surname "Putin" after "Vladimir Putin". Consulted only for noun phrases that no
/// actor-dictionary phrase matches; the caller decides which aliases are active.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    /// Upper-cased words of the short form, matched consecutively.
    pub words: Vec<String>,
    /// Index of the actor entry (in the coder's actor dictionary) it stands for.
    pub entry: usize,
    /// Further entries the short form stands for together with `entry`: the parties
    /// of "such a pact" (see [`Alias::bridging`]). Empty for a name.
    pub with: Vec<usize>,
}

impl Alias {
    /// A short form of one actor entry.
    pub fn name(words: Vec<String>, entry: usize) -> Self {
        Alias { words, entry, with: Vec::new() }
    }

    /// A definite noun phrase whose head is `head` ("such a pact", "the deal") standing
    /// for the parties of the agreement the article discussed just before: a compound
    /// of `entries`. Matches only a determiner-led phrase ending in `head` in which no
    /// actor is named.
    /// `head` may be several words ("two countries": then "the two countries" and
    /// "both countries" refer to the same pair).
    pub fn bridging(head: &str, entries: &[usize]) -> Option<Self> {
        let (&entry, with) = entries.split_first()?;
        let words = head.split_whitespace().map(str::to_uppercase).collect::<Vec<_>>();
        (!words.is_empty()).then(|| Alias { words, entry, with: with.to_vec() })
    }

    fn is_bridging(&self) -> bool {
        !self.with.is_empty()
    }

    /// Does a phrase of `words` (upper-cased, no possessive markers) refer back
    /// through this bridging alias?
    fn bridges(&self, words: &[&str]) -> bool {
        const DETERMINERS: [&str; 5] = ["SUCH", "THE", "THIS", "THAT", "ANY"];
        if !self.is_bridging() {
            return false;
        }
        let n = self.words.len();
        // "both countries" for "the two countries"
        if n == 2 && words.len() == 2 && words[0] == "BOTH" && words[1] == self.words[1] {
            return true;
        }
        words.len() > n
            && words.len() <= 5
            && DETERMINERS.contains(&words[0])
            && words[words.len() - n..].iter().zip(&self.words).all(|(w, a)| *w == a.as_str())
    }
}

/// Per-sentence working state.
struct Sentence<'t> {
    tree: &'t Tree,
    aliases: &'t [Alias],
    /// Upper-cased tokens (slices of one buffer per sentence).
    words: Vec<&'t str>,
    units: Vec<Unit>,
    /// unit id covering each token (outermost), if any
    unit_of: Vec<Option<usize>>,
    /// PETRARCH-2 dictionaries: a bare noun conjunct shares the first conjunct's
    /// modifiers even when the conjuncts are separate noun phrases.
    share_modifiers: bool,
    /// Upper-cased lemmas of the parse (CoNLL-U), for PETRARCH-2 pattern words,
    /// which name phrase heads (`* EFFORT` matches `efforts`); `None` where the
    /// lemma is the word itself or there is none.
    lemmas: Vec<Option<String>>,
}

/// Noun phrases that can be actors; temporal/adverbial NPs (`NP-TMP`) are not.
fn is_np(label: &str) -> bool {
    label == "NP" || (label.starts_with("NP-") && !label.contains("TMP") && !label.contains("ADV"))
}

/// Label kinds below a node ([`Sentence::desc_kinds`]).
#[derive(Debug, Default, Clone, Copy)]
struct DescKinds {
    clause: bool,
    pos: bool,
    pp: bool,
    np: bool,
}

impl<'t> Sentence<'t> {
    fn label(&self, n: NodeId) -> &str {
        &self.tree.nodes[n].label
    }
    fn children(&self, n: NodeId) -> &[NodeId] {
        &self.tree.nodes[n].children
    }
    fn is_pre(&self, n: NodeId) -> bool {
        self.tree.nodes[n].token.is_some()
    }
    /// Does any proper descendant of `n` carry a label satisfying `f`? Depth-first
    /// with early exit (no descendant list is built).
    fn has_desc(&self, n: NodeId, f: impl Fn(&str) -> bool) -> bool {
        let mut st: Vec<NodeId> = Vec::with_capacity(16);
        st.extend_from_slice(self.children(n));
        while let Some(x) = st.pop() {
            if f(self.label(x)) {
                return true;
            }
            st.extend_from_slice(self.children(x));
        }
        false
    }
    /// Tokens of a node without possessive markers.
    fn words_of(&self, n: NodeId) -> Vec<usize> {
        self.tree.leaves(n).into_iter().filter(|&t| self.tree.tokens[t].tag != "POS").collect()
    }

    fn is_compound(&self, n: NodeId) -> bool {
        if !is_np(self.label(n)) {
            return false;
        }
        let ch = self.children(n);
        // a conjunction between nouns: `awful and evil minister` joins adjectives
        let nounish = |c: NodeId| is_np(self.label(c)) || self.label(c).starts_with("NN");
        let joins_nouns = ch.iter().enumerate().any(|(i, &c)| {
            let before = ch[..i].iter().rev().find(|&&b| self.label(b) != ",");
            self.label(c) == "CC" && before.is_some_and(|&b| nounish(b)) && ch.get(i + 1).is_some_and(|&n| nounish(n))
        });
        if !joins_nouns {
            return false;
        }
        if self.has_desc(n, |l| l.starts_with("VP") || l == "S" || l.starts_with("SBAR")) {
            return false;
        }
        ch.iter().filter(|&&c| is_np(self.label(c)) || self.label(c).starts_with("NN")).count() >= 2
    }

    /// Conjunct token lists of a compound NP.
    fn conjuncts(&self, n: NodeId) -> Vec<Vec<usize>> {
        let mut adj = Vec::new();
        let mut seen_noun = false;
        let mut out = Vec::new();
        for &c in self.children(n) {
            let l = self.label(c);
            if is_np(l) {
                seen_noun = true;
                out.push(self.flat_words(c));
            } else if l.starts_with("NN") {
                seen_noun = true;
                let mut v = adj.clone();
                v.extend(self.tree.leaves(c));
                out.push(v);
            } else if l == "JJ" && !seen_noun {
                adj.extend(self.tree.leaves(c));
            }
        }
        // PETRARCH-2: a bare common noun after a modified one shares its modifiers
        // (`Danish media and government`: the Danish government), as the leading
        // adjectives of a flat compound are shared; PETRARCH-1 keeps them apart
        if !self.share_modifiers {
            return out;
        }
        let tag = |t: usize| self.tree.tokens[t].tag.as_ref();
        let common = |t: usize| matches!(tag(t), "NN" | "NNS");
        let shared: Vec<usize> = match out.first() {
            Some(first) if first.len() > 1 && first.last().is_some_and(|&h| common(h)) => {
                first[..first.len() - 1].iter().copied().filter(|&t| !matches!(tag(t), "DT" | "PDT" | "CD")).collect()
            }
            _ => Vec::new(),
        };
        if !shared.is_empty() {
            for m in out.iter_mut().skip(1) {
                if m.len() == 1 && common(m[0]) {
                    let mut v = shared.clone();
                    v.push(m[0]);
                    *m = v;
                }
            }
        }
        out
    }

    /// Words of a phrase with nested compounds flattened into plain words.
    fn flat_words(&self, n: NodeId) -> Vec<usize> {
        self.words_of(n)
    }

    /// Expand a phrase node into member token lists: the cartesian product over the
    /// compounds inside it.
    fn expand(&self, n: NodeId) -> Vec<Vec<usize>> {
        if let Some(words) = self.simple_words(n) {
            return vec![words];
        }
        if self.is_compound(n) {
            return self.conjuncts(n);
        }
        if self.is_pre(n) {
            return match self.tree.nodes[n].token {
                Some(t) if self.tree.tokens[t].tag != "POS" => vec![vec![t]],
                _ => vec![vec![]],
            };
        }
        let mut acc: Vec<Vec<usize>> = vec![vec![]];
        for &c in self.children(n) {
            let parts = self.expand(c);
            let mut next = Vec::with_capacity(acc.len() * parts.len());
            for a in &acc {
                for p in &parts {
                    let mut v = a.clone();
                    v.extend(p);
                    next.push(v);
                }
            }
            acc = next;
            if acc.len() > 64 {
                acc.truncate(64);
            }
        }
        acc
    }

    /// What [`Sentence::expand`] gives for a phrase without any compound in it (the
    /// common case): its one member, the tokens of its pre-terminals without
    /// possessive markers, in order. `None` when a compound is inside.
    fn simple_words(&self, n: NodeId) -> Option<Vec<usize>> {
        let mut out = Vec::new();
        let mut st: Vec<NodeId> = Vec::with_capacity(16);
        st.push(n);
        while let Some(x) = st.pop() {
            if self.is_compound(x) {
                return None;
            }
            if let Some(t) = self.tree.nodes[x].token {
                if self.tree.tokens[t].tag != "POS" {
                    out.push(t);
                }
                continue;
            }
            st.extend(self.children(x).iter().rev());
        }
        Some(out)
    }

    /// Which kinds of label occur below `n` (proper descendants), in one pass:
    /// clause (`VP*`, `S`, `SBAR*`), `POS`, `PP`, noun phrase.
    fn desc_kinds(&self, n: NodeId) -> DescKinds {
        let mut k = DescKinds::default();
        let mut st: Vec<NodeId> = Vec::with_capacity(16);
        st.extend_from_slice(self.children(n));
        while let Some(x) = st.pop() {
            let l = self.label(x);
            k.clause |= l.starts_with("VP") || l == "S" || l.starts_with("SBAR");
            k.pos |= l == "POS";
            k.pp |= l == "PP";
            k.np |= is_np(l);
            st.extend_from_slice(self.children(x));
        }
        k
    }

    /// Is this NP a single unit (possibly with compounds inside)?
    fn is_unit_np(&self, n: NodeId) -> bool {
        let ch = self.children(n);
        let kinds = self.desc_kinds(n);
        if kinds.clause {
            return false;
        }
        if kinds.pos {
            return true;
        }
        if kinds.pp {
            // NP -> NP PP(IN NP) with no deeper PP
            let nps: Vec<_> = ch.iter().filter(|&&c| is_np(self.label(c))).collect();
            let pps: Vec<_> = ch.iter().filter(|&&c| self.label(c) == "PP").collect();
            if nps.len() == 1 && pps.len() == 1 && is_np(self.label(ch[0])) {
                let pp = *pps[0];
                let pch = self.children(pp);
                let ok = pch.len() == 2
                    && matches!(self.label(pch[0]), "IN" | "TO")
                    && is_np(self.label(pch[1]))
                    && !self.has_desc(pch[1], |l| l == "PP")
                    && !self.has_desc(*nps[0], |l| l == "PP");
                return ok;
            }
            return false;
        }
        !kinds.np
    }

    /// Give an uncoded "he"/"she" unit the code of the nearest preceding unit that
    /// names a coded actor with a proper noun (a person or an office holder, not a
    /// bare country or pronoun); a subject "it", that of the nearest state or organization.
    fn resolve_pronouns(&mut self) {
        for i in 0..self.units.len() {
            let u = &self.units[i];
            if u.compound || u.members.len() != 1 || u.members[0].code.is_some() || u.tokens.len() != 1 {
                continue;
            }
            let t = u.tokens[0];
            let person = matches!(self.words[t], "HE" | "SHE");
            // "Iran said it was ready ...": a subject "it" (a verb follows) is a state or
            // an organization named before it
            let state = self.words[t] == "IT"
                && self.tree.tokens.get(t + 1).is_some_and(|n| n.tag.starts_with("VB") || n.tag == "MD");
            if !(person || state) || self.tree.tokens[t].tag != "PRP" {
                continue;
            }
            let named = |v: &Unit| {
                v.tokens.last().is_some_and(|&l| l < t)
                    && !v.compound
                    && v.tokens.iter().any(|&k| self.tree.tokens[k].tag.starts_with("NNP"))
                    && v.members[0].code.as_ref().is_some_and(|c| {
                        if person {
                            c.len() > 3
                        } else {
                            c.len() == 3 || c.starts_with("IGO") || c.starts_with("NGO")
                        }
                    })
            };
            let antecedent = self.units[..i].iter().rev().find(|v| named(v)).and_then(|v| v.members[0].code.clone());
            if let Some(code) = antecedent {
                self.units[i].members[0].code = Some(code);
            }
        }
    }

    /// Give role-only codes (`---GOV`) the country of the nearest unit whose code is a
    /// country with a role (`SENOPP`), when the sentence's role-bearing actors all
    /// belong to one country (so "the government" is never guessed between two).
    fn fill_role_country(&mut self, d: &Dictionaries, date: Option<u32>) {
        self.share_conjunct_roles();
        let mut countries =
            self.units.iter().flat_map(|u| &u.members).filter_map(|m| m.code.as_deref().and_then(role_country));
        let Some(first) = countries.next() else { return };
        if countries.any(|c| c != first) {
            return;
        }
        let first = first.to_string();
        let words = &self.words;
        let tokens = &self.tree.tokens;
        // only a phrase whose head is the role ("the government"), not a role word
        // modifying something else ("military cooperation"); the head is the last token
        // before a prepositional modifier ("civilians in Douma")
        let head_is_role = |m: &Member| {
            let head = m.tokens.iter().take_while(|&&t| tokens[t].tag != "IN" && tokens[t].tag != "TO").last();
            head.is_some_and(|&t| {
                tokens[t].tag.starts_with("NN")
                    && code_phrase(d, &[words[t]], date, &[]).is_some_and(|c| c.starts_with("---"))
            })
        };
        for u in &mut self.units {
            for m in &mut u.members {
                let role_only = m.code.as_ref().is_some_and(|c| c.len() > 3 && c.starts_with("---"));
                if role_only && head_is_role(m) {
                    if let Some(c) = m.code.as_mut() {
                        c.replace_range(..3, &first);
                    }
                }
            }
        }
    }

    /// "Thai and Cambodian troops": an adjective-only conjunct shares the role of the
    /// last conjunct's head (THA + MIL), as it shares the noun; only when the last
    /// conjunct itself starts with its adjective ("Cambodian troops"), not "Russia and
    /// the Ukrainian government".
    fn share_conjunct_roles(&mut self) {
        let tags = &self.tree.tokens;
        for u in &mut self.units {
            let n = u.members.len();
            if !u.compound || n < 2 {
                continue;
            }
            let Some(role) = u.members[n - 1].code.as_deref().filter(|c| role_country(c).is_some()) else { continue };
            let role = role[3..].to_string();
            if !u.members[n - 1].tokens.first().is_some_and(|&t| tags[t].tag.starts_with("JJ")) {
                continue;
            }
            for m in &mut u.members[..n - 1] {
                let adjectival = m.tokens.iter().all(|&t| matches!(tags[t].tag.as_ref(), "JJ" | "NNP" | "NNPS"));
                let bare_country = |c: &String| c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase());
                if let Some(c) = m.code.as_mut().filter(|c| adjectival && bare_country(c)) {
                    c.push_str(&role);
                }
            }
        }
    }

    fn collect_units(&mut self, n: NodeId, d: &Dictionaries, date: Option<u32>) {
        let tree = self.tree;
        let label = tree.nodes[n].label.as_ref();
        if is_np(label) && (self.is_compound(n) || self.is_unit_np(n)) {
            let members_tokens = self.expand(n);
            let compound = members_tokens.len() > 1;
            let members = members_tokens
                .into_iter()
                .filter(|m| !m.is_empty())
                .map(|m| {
                    let words = m.iter().map(|&t| self.words[t]).collect::<Vec<_>>();
                    let code = code_phrase(d, &words, date, self.aliases);
                    Member { tokens: m, code }
                })
                .collect::<Vec<_>>();
            if members.is_empty() {
                return;
            }
            let mut compound = compound;
            let mut members = members;
            if !compound && members[0].code.is_none() {
                let words = members[0].tokens.iter().map(|&t| self.words[t]).collect::<Vec<_>>();
                if let Some(a) = self.aliases.iter().find(|a| a.bridges(&words)) {
                    let tokens = members[0].tokens.clone();
                    members = std::iter::once(a.entry)
                        .chain(a.with.iter().copied())
                        .filter_map(|e| d.actors.entries.get(e))
                        .map(|e| Member {
                            tokens: tokens.clone(),
                            code: Some(e.code_at(date).unwrap_or("---").to_string()),
                        })
                        .collect();
                    compound = members.len() > 1;
                }
            }
            let tokens = self.words_of(n);
            let id = self.units.len();
            for &t in &self.tree.leaves(n) {
                if self.unit_of[t].is_none() {
                    self.unit_of[t] = Some(id);
                }
            }
            self.units.push(Unit { members, compound, tokens });
            return;
        }
        for &c in &tree.nodes[n].children {
            self.collect_units(c, d, date);
        }
    }
}

/// The state of a code that is a country with a role (`SENOPP` -> `SEN`); not for
/// role-only codes (`---GOV`) or non-state prefixes (`IGO`, `NGO`, `MNC`, `UAF`).
fn role_country(c: &str) -> Option<&str> {
    const NON_STATE: [&str; 4] = ["IGO", "NGO", "MNC", "UAF"];
    let p = c.get(..3)?;
    (c.len() > 3 && p.bytes().all(|b| b.is_ascii_uppercase()) && !NON_STATE.contains(&p)).then_some(p)
}

/// Code one noun phrase's words: first actor, then agents (PETRARCH's check_NEphrase).
fn code_phrase(d: &Dictionaries, words: &[&str], date: Option<u32>, aliases: &[Alias]) -> Option<String> {
    let mut actor: Option<String> = None;
    let mut span = 0..0;
    for k in 0..words.len() {
        if let Some((p, end)) = d.actors.index.match_at(words, k) {
            let e = &d.actors.entries[p.entry];
            actor = Some(e.code_at(date).unwrap_or("---").to_string());
            span = k..end;
            break;
        }
    }
    if actor.is_none() && !aliases.is_empty() {
        'alias: for k in 0..words.len() {
            for a in aliases.iter().filter(|a| !a.is_bridging()) {
                let end = k + a.words.len();
                if end <= words.len() && words[k..end].iter().zip(&a.words).all(|(w, x)| *w == x.as_str()) {
                    if let Some(e) = d.actors.entries.get(a.entry) {
                        actor = Some(e.code_at(date).unwrap_or("---").to_string());
                        span = k..end;
                        break 'alias;
                    }
                }
            }
        }
    }
    let mut agents: Vec<&tidings_dict::AgentEntry> = Vec::new();
    let mut k = 0;
    while k < words.len() {
        if span.contains(&k) {
            k += 1;
            continue;
        }
        if let Some((p, end)) = d.agents.index.match_at(words, k) {
            agents.push(&d.agents.entries[p.entry]);
            k = end;
            continue;
        }
        k += 1;
    }
    if agents.is_empty() {
        return actor;
    }
    // TABARI's FORMER conversion (PETRARCH-1 dictionaries; PETRARCH-2 and
    // UniversalPetrarch ignore "former"): a phrase naming former office holders
    // ("former security officials", "former Gondor prosecutors") takes the elite role
    // in place of its agents; an actor's own role stays ("former officials in White
    // House" -> USAGOVELI)
    if !d.verbs.petrarch2 && words.contains(&"FORMER") {
        let mut code = actor.unwrap_or_else(|| "---".to_string());
        if !code.ends_with("ELI") {
            code.push_str("ELI");
        }
        return Some(code);
    }
    let mut code = actor.unwrap_or_else(|| "---".to_string());
    for ag in agents {
        let dup = (0..=code.len().saturating_sub(ag.code.len()))
            .step_by(3)
            .any(|i| code.get(i..i + ag.code.len()) == Some(ag.code.as_str()));
        if dup {
            break;
        }
        if ag.prefix {
            code = format!("{}{}", ag.code, code);
        } else {
            code.push_str(&ag.code);
        }
    }
    Some(code)
}

/// A sequence view for matching: elements in matching order plus direction.
struct View<'a> {
    els: Vec<El>,
    words: &'a [&'a str],
    lemmas: &'a [Option<String>],
    unit_of: &'a [Option<usize>],
    reversed: bool,
}

/// What one verb phrase means before the verbs around it are considered.
struct Meaning<'s> {
    verb_tok: usize,
    passive: bool,
    vstart: usize,
    vend: usize,
    code: String,
    pattern_text: String,
    binding: Binding,
    uview: View<'s>,
    lview: View<'s>,
}

#[derive(Debug, Clone, Copy, Default)]
struct Binding {
    source: Option<usize>,
    target: Option<usize>,
}

impl View<'_> {
    /// Does the word at `i`, or its lemma, read `w`?
    fn word_is(&self, i: usize, w: &str) -> bool {
        match self.els.get(i) {
            Some(El::Word(t)) => self.words[*t] == w || self.lemmas[*t].as_deref() == Some(w),
            _ => false,
        }
    }
    /// Opening marker (in matching direction) at `i`.
    fn open(&self, i: usize) -> Option<usize> {
        match (self.els.get(i)?, self.reversed) {
            (El::Open(u), false) | (El::Close(u), true) => Some(*u),
            _ => None,
        }
    }
    /// The unit at `i`: its opening marker, or a word inside it.
    fn unit_at(&self, i: usize) -> Option<(usize, bool)> {
        if let Some(u) = self.open(i) {
            return Some((u, true));
        }
        match self.els.get(i)? {
            El::Word(t) => self.unit_of[*t].map(|u| (u, false)),
            _ => None,
        }
    }
    /// The unit the previous matched word was inside, when `i` is still within it.
    fn inside(&self, i: usize) -> Option<usize> {
        let prev = i.checked_sub(1)?;
        let u = match self.els.get(prev)? {
            El::Word(t) => self.unit_of[*t]?,
            _ => return None,
        };
        self.close_of(i, u).map(|_| u)
    }
    fn close_of(&self, from: usize, u: usize) -> Option<usize> {
        (from..self.els.len()).find(|&j| match (self.els[j], self.reversed) {
            (El::Close(x), false) | (El::Open(x), true) => x == u,
            _ => false,
        })
    }
    /// Candidate start positions for the next element.
    fn candidates(&self, i: usize, gap: bool, want_word: bool) -> Vec<usize> {
        if gap {
            return (i..self.els.len()).collect();
        }
        // adjacent: skip markers and skip-words only
        let mut out = Vec::new();
        let mut j = i;
        while j < self.els.len() {
            match self.els[j] {
                El::Word(t) => {
                    out.push(j);
                    if is_skip_word(self.words[t]) {
                        j += 1;
                        continue;
                    }
                    break;
                }
                El::Comma(_) => {
                    out.push(j);
                    break;
                }
                _ => {
                    if !want_word && self.open(j).is_some() {
                        out.push(j);
                    }
                    j += 1;
                }
            }
        }
        out
    }

    /// Synset phrase ending/starting at `i`; returns the next position.
    /// `index` is the synset's entry in [`Coder::synset_index`], built from the same map
    /// as `phrases` (an unknown synset has neither and matches nothing).
    fn synset_at(&self, phrases: &[Vec<String>], index: Option<&SynsetIndex>, i: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let Some(ix) = index else { return out };
        // only phrases whose starting word is the word (or lemma) at `i` can match:
        // take those from the index, in phrase order (the order results are tried in)
        let by = if self.reversed { &ix.last } else { &ix.first };
        let mut picked: Vec<u32> = ix.empty.clone();
        if let Some(El::Word(t)) = self.els.get(i) {
            picked.extend(by.get(self.words[*t]).into_iter().flatten());
            if let Some(l) = self.lemmas[*t].as_deref() {
                picked.extend(by.get(l).into_iter().flatten());
            }
        }
        picked.sort_unstable();
        picked.dedup();
        for p in picked.iter().filter_map(|&k| phrases.get(k as usize)) {
            let mut j = i;
            let mut ok = true;
            for n in 0..p.len() {
                let w = if self.reversed { &p[p.len() - 1 - n] } else { &p[n] };
                // words of a phrase are consecutive, markers between them ignored
                if n > 0 {
                    while j < self.els.len() && matches!(self.els[j], El::Open(_) | El::Close(_)) {
                        j += 1;
                    }
                }
                if self.word_is(j, w) {
                    j += 1;
                } else {
                    ok = false;
                    break;
                }
            }
            if ok {
                out.push(j);
            }
        }
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn matches(
        &self,
        d: &Dictionaries,
        syn: &FnvMap<String, SynsetIndex>,
        pat: &[(&PatElem, bool, bool)],
        k: usize,
        i: usize,
        b: Binding,
        units: &[Unit],
    ) -> Option<Binding> {
        // Whether items k.. match from position i never depends on the binding so far
        // (the binding is only carried along), so a failed (k, i) fails for good:
        // remembering failures keeps the backtracking polynomial, and the first
        // success found (hence the binding returned) is the same as without it.
        // (one or two items backtrack little: no table for them)
        // (a bit set: on the stack for the usual sizes)
        let bits = if pat.len() >= 3 { (pat.len() + 1) * (self.els.len() + 1) } else { 0 };
        let mut small = [0u64; 8];
        let mut large = Vec::new();
        let failed: &mut [u64] = if bits <= 64 * small.len() {
            &mut small[..bits.div_ceil(64)]
        } else {
            large.resize(bits.div_ceil(64), 0);
            &mut large
        };
        self.matches_from(d, syn, pat, k, i, b, units, failed)
    }

    #[allow(clippy::too_many_arguments)]
    fn matches_from(
        &self,
        d: &Dictionaries,
        syn: &FnvMap<String, SynsetIndex>,
        pat: &[(&PatElem, bool, bool)],
        k: usize,
        i: usize,
        b: Binding,
        units: &[Unit],
        failed: &mut [u64],
    ) -> Option<Binding> {
        let Some((elem, join, noun)) = pat.get(k) else { return Some(b) };
        let stride = self.els.len() + 1;
        let memo = (i < stride && !failed.is_empty()).then_some(k * stride + i);
        if memo.is_some_and(|m| failed[m / 64] >> (m % 64) & 1 == 1) {
            return None;
        }
        let want_word = matches!(elem, PatElem::Word(_) | PatElem::Synset(_));
        // a synset's phrases, looked up once for all candidate positions (none: no match)
        let (synset, synset_ix): (&[Vec<String>], Option<&SynsetIndex>) = match elem {
            PatElem::Synset(name) => {
                (d.verbs.synsets.get(name).map(Vec::as_slice).unwrap_or(&[]), syn.get(name.as_str()))
            }
            _ => (&[], None),
        };
        // a gap allows every later position; only the adjacent case needs a list
        let mut gap_range;
        let mut adjacent;
        let cands: &mut dyn Iterator<Item = usize> = if *join {
            adjacent = self.candidates(i, false, want_word).into_iter();
            &mut adjacent
        } else {
            gap_range = i..self.els.len();
            &mut gap_range
        };
        for j in cands {
            let r = match elem {
                PatElem::Word(w) => {
                    // a braced noun-phrase word (`{TO SUPPLY}`) is not a verb's word
                    let in_np = || matches!(self.els.get(j), Some(El::Word(t)) if self.unit_of[*t].is_some());
                    if self.word_is(j, w) && (!*noun || in_np()) {
                        self.matches_from(d, syn, pat, k + 1, j + 1, b, units, failed)
                    } else {
                        None
                    }
                }
                PatElem::Synset(_) => {
                    let mut r = None;
                    for next in self.synset_at(synset, synset_ix, j) {
                        r = self.matches_from(d, syn, pat, k + 1, next, b, units, failed);
                        if r.is_some() {
                            break;
                        }
                    }
                    r
                }
                PatElem::Source | PatElem::Target | PatElem::Compound => match self.unit_at(j) {
                    Some((u, at_open)) => {
                        let mut nb = b;
                        match elem {
                            PatElem::Source => nb.source = Some(u),
                            PatElem::Target => nb.target = Some(u),
                            // after the verb a compound is the object; before it, both sides
                            _ if units[u].compound && !self.reversed => nb.target = Some(u),
                            _ if units[u].compound => {
                                nb.source = Some(u);
                                nb.target = Some(u);
                            }
                            _ => continue,
                        }
                        // `$`/`+` do not consume the phrase: its words may still match
                        self.matches_from(d, syn, pat, k + 1, if at_open { j + 1 } else { j }, nb, units, failed)
                    }
                    None => None,
                },
                // `^` inside a phrase skips the rest of it; otherwise the next phrase
                PatElem::Skip => match self
                    .inside(i)
                    .or_else(|| self.unit_at(j).map(|(u, _)| u))
                    .and_then(|u| self.close_of(j.min(i), u))
                {
                    Some(c) => self.matches_from(d, syn, pat, k + 1, c + 1, b, units, failed),
                    None => None,
                },
            };
            if r.is_some() {
                return r;
            }
        }
        if let Some(m) = memo {
            failed[m / 64] |= 1 << (m % 64);
        }
        None
    }
}

/// Pattern items in matching order: element, joined to the previous one, noun-phrase word.
type Items<'p> = Vec<(&'p PatElem, bool, bool)>;

fn pattern_items(items: &[PatItem], first_join: bool) -> Items<'_> {
    items
        .iter()
        .enumerate()
        .map(|(i, it)| (&it.elem, if i == 0 { first_join } else { it.join_prev }, it.noun))
        .collect()
}

fn upper_items(p: &Pattern) -> Items<'_> {
    // reversed order; item m's join = join between it and the previously matched one
    let n = p.upper.len();
    (0..n)
        .map(|m| {
            let idx = n - 1 - m;
            let join = if m == 0 { p.upper_adjacent } else { p.upper[idx + 1].join_prev };
            (&p.upper[idx].elem, join, p.upper[idx].noun)
        })
        .collect()
}

impl Coder {
    pub fn new(d: Dictionaries) -> Self {
        let options = CoderOptions { passive_needs_by: !d.verbs.petrarch2, ..CoderOptions::default() };
        Coder::with_options(d, options)
    }

    pub fn with_options(d: Dictionaries, options: CoderOptions) -> Self {
        let pattern_masks = pattern_masks(&d);
        let synset_index = synset_index(&d);
        let transform_codes = transform::transform_codes(&d);
        Coder { dict: d, options, pattern_masks, synset_index, transform_codes }
    }

    pub fn dictionaries(&self) -> &Dictionaries {
        &self.dict
    }

    /// Code one sentence tree with the coder's options.
    pub fn code(&self, tree: &Tree, date: Option<Date>) -> Vec<CodedEvent> {
        self.code_with(tree, date, &self.options)
    }

    /// Code one sentence tree with explicit options.
    pub fn code_with(&self, tree: &Tree, date: Option<Date>, opts: &CoderOptions) -> Vec<CodedEvent> {
        self.code_with_aliases(tree, date, opts, &[])
    }

    /// Can a sentence with these tokens (surface forms, in order) code anything? False
    /// when none of them is a verb-dictionary word: [`Coder::code_with_aliases`] then
    /// returns no event whatever the parse, so callers may skip building one.
    pub fn may_code(&self, tokens: &[&str]) -> bool {
        let mut buf = String::new();
        tokens.iter().any(|t| {
            buf.clear();
            push_upper(&mut buf, t);
            self.dict.verbs.by_word.contains_key(buf.as_str())
        })
    }

    /// Code one sentence tree, also recognizing the later-mention `aliases` the
    /// article has earned (see [`Alias`]).
    pub fn code_with_aliases(
        &self,
        tree: &Tree,
        date: Option<Date>,
        opts: &CoderOptions,
        aliases: &[Alias],
    ) -> Vec<CodedEvent> {
        if tree.tokens.is_empty() || tree.nodes.is_empty() || tree.root >= tree.nodes.len() {
            return Vec::new();
        }
        let d = &self.dict;
        // the upper-cased tokens, in one buffer (no String per token)
        let mut upper_buf = String::with_capacity(tree.tokens.iter().map(|t| t.text.len()).sum());
        let mut bounds: Vec<(usize, usize)> = Vec::with_capacity(tree.tokens.len());
        for t in &tree.tokens {
            let at = upper_buf.len();
            push_upper(&mut upper_buf, &t.text);
            bounds.push((at, upper_buf.len()));
        }
        let words: Vec<&str> = bounds.iter().map(|&(a, b)| &upper_buf[a..b]).collect();
        // No verb-dictionary word anywhere: no verb can code, so nothing else is needed.
        if !words.iter().any(|w| d.verbs.by_word.contains_key(*w)) {
            return Vec::new();
        }
        // the tokens joined by blanks, normalised as DiscardDict::find would
        // (a token is one word unless it holds white space: rare, and split as the joined text would be)
        let plain = |w: &str| w.bytes().all(|b| b > b' ' && b < 0x80);
        let norm = if tree.tokens.iter().all(|t| !t.text.is_empty() && plain(&t.text)) {
            tidings_dict::discards::normalise_words(tree.tokens.iter().map(|t| t.text.as_str()))
        } else {
            tidings_dict::discards::normalise_words(tree.tokens.iter().flat_map(|t| t.text.split_whitespace()))
        };
        if d.discards.find_normalised(&norm).is_some() {
            return Vec::new();
        }
        let date = date.map(|d| d.compact());
        let mut s = Sentence {
            tree,
            aliases,
            words,
            units: Vec::new(),
            unit_of: vec![None; tree.tokens.len()],
            share_modifiers: d.verbs.petrarch2,
            lemmas: Vec::new(),
        };
        s.lemmas = pattern_lemmas(d, tree, &s.words);
        s.collect_units(tree.root, d, date);
        if opts.resolve_pronouns {
            s.resolve_pronouns();
        }
        if opts.fill_role_country {
            s.fill_role_country(d, date);
        }
        let deleted = self.comma_deletions(&s, opts);
        let seq = build_sequence(&s, &deleted);
        let mut events: Vec<CodedEvent> = Vec::new();
        let mut covered_until: Option<usize> = None; // last token of a coded VP
        let mut covering: NodeId = tree.root; // that VP
        let mut covering_reports = false; // that VP is a statement (root 01) verb
        let mut vps: Vec<NodeId> = Vec::with_capacity(tree.nodes.len());
        preorder(tree, tree.root, &mut vps);
        for vp in vps {
            let node = &tree.nodes[vp];
            if !node.label.starts_with("VP") {
                continue;
            }
            let Some(&first) = node.children.first() else { continue };
            let Some(vt) = tree.nodes[first].token else { continue };
            if !tree.tokens[vt].tag.starts_with("VB") {
                continue;
            }
            let leaves = tree.leaves(vp);
            let (Some(&vp_first), Some(&vp_last)) = (leaves.first(), leaves.last()) else { continue };
            // inside an already coded verb phrase only a meeting verb of a subordinate
            // clause with its own subject is coded again
            let in_covered = covered_until.is_some_and(|c| vp_first <= c);
            if in_covered && !own_subordinate_clause(tree, vp, covering) {
                continue;
            }
            if deleted[vt] {
                continue;
            }
            let Some(m) = self.meaning(&s, &seq, &deleted, vp, vt, vp_last, opts) else { continue };
            let Meaning { verb_tok, mut passive, vstart, vend, mut code, mut pattern_text, mut binding, uview, lview } =
                m;
            // verb+verb combination through the coding ontology (transform.rs)
            if d.ontology.is_some() {
                if let Some(lower) = transform::complement(tree, vp, verb_tok)
                    .filter(|&(_, lt)| !deleted[lt])
                    .and_then(|(lvp, lt)| self.meaning(&s, &seq, &deleted, lvp, lt, vp_last, opts))
                {
                    let lcode = match transform::ontology_negation(
                        d,
                        tree,
                        &s.words,
                        vp,
                        lower.verb_tok,
                        &lower.code,
                        &lower.pattern_text,
                    ) {
                        Some(c) => c,
                        None => Some(lower.code.clone()),
                    };
                    if let Some(c) = lcode.and_then(|l| transform::combined_code(d, &code, &l)) {
                        code = c;
                        passive = lower.passive;
                        pattern_text = format!("{pattern_text} + {}", lower.pattern_text);
                        binding.source = binding.source.or(lower.binding.source);
                        binding.target = binding.target.or(lower.binding.target);
                    }
                }
            }
            // `~` transformations of the verb dictionary (transform.rs)
            if let Some(tr) = self.transformation(&s, &seq, &deleted, vp, verb_tok, vp_last, &code, opts) {
                code = tr.code;
                passive = false;
                pattern_text = format!("{pattern_text} ~ transformation (line {})", tr.line);
                binding.source = Some(tr.source);
                binding.target = Some(tr.target);
            }
            let code = match transform::ontology_negation(d, tree, &s.words, vp, verb_tok, &code, &pattern_text) {
                Some(Some(c)) => c,
                Some(None) => continue,
                None => code,
            };
            if in_covered && !is_meeting_code(&code) && !(opts.code_reported_clauses && covering_reports) {
                continue;
            }
            // a reported clause's event needs its own subject: "officials said the North
            // fired" does not make the officials the shooters
            let reported = in_covered && !is_meeting_code(&code);
            // PETRARCH-2: a verb that codes no event (no source or target) leaves the
            // verbs inside its phrase to be coded (`it has been noted that A and B
            // delayed ...`)
            let cover_before = (covered_until, covering, covering_reports);
            let uncover = d.verbs.petrarch2 && !in_covered;
            if !in_covered {
                covered_until = Some(vp_last);
                covering = vp;
                covering_reports = code.starts_with("01");
            }
            if debug_enabled() {
                eprintln!(
                    "verb {} code {code} pattern {pattern_text}\n  upper {:?}\n  lower {:?}",
                    s.words[vstart], uview.els, lview.els
                );
            }
            let meeting = is_meeting_code(&code);
            let events_len_before = events.len();
            let mut reciprocal = None;
            let target = match binding.target {
                Some(t) => Some(t),
                None if meeting => {
                    let (coded, first) = find_target_skipping_places(&s, vp, &lview);
                    coded
                        .or_else(|| match binding.source.map_or_else(|| reciprocal_subject(&s, vp, &uview), |_| None) {
                            Some(Reciprocal::Compound(u)) => {
                                reciprocal = Some(u);
                                Some(u)
                            }
                            Some(Reciprocal::Pair(a, b)) => {
                                let verb = vstart..vend + 1;
                                self.make_events(
                                    &s,
                                    a,
                                    b,
                                    false,
                                    &code,
                                    verb.clone(),
                                    &pattern_text,
                                    opts,
                                    &mut events,
                                );
                                self.make_events(&s, b, a, false, &code, verb, &pattern_text, opts, &mut events);
                                None
                            }
                            None => None,
                        })
                        .or(if events_len_before == events.len() { first } else { None })
                }
                None => {
                    let t = find_target(&lview, &s.units, opts.code_reported_clauses);
                    // "Turkey and Sweden signed an agreement": with no coded target, a
                    // compound subject acts on itself, member to member
                    let coded = t.is_some_and(|t| s.units[t].is_coded() && !s.units[t].compound);
                    match (opts.reciprocal_compounds && !coded && binding.source.is_none())
                        .then(|| reciprocal_subject(&s, vp, &uview))
                        .flatten()
                    {
                        Some(Reciprocal::Compound(u)) if t.is_none_or(|t| t == u || !s.units[t].is_coded()) => {
                            reciprocal = Some(u);
                            Some(u)
                        }
                        _ => t,
                    }
                }
            };
            let Some(target) = target else {
                if uncover {
                    (covered_until, covering, covering_reports) = cover_before;
                }
                continue;
            };
            let source = reciprocal
                .or(binding.source)
                .or_else(|| subject_source(&s, vp, &uview, target))
                .or_else(|| if reported { None } else { find_source(&uview, &s.units, target) });
            let Some(source) = source else {
                if uncover {
                    (covered_until, covering, covering_reports) = cover_before;
                }
                continue;
            };
            // a PETRARCH-2 pattern naming both sides (`- + * (FROM $)`) states the roles
            // of the passive verb it was written for: no swap
            let passive = passive && !(d.verbs.petrarch2 && binding.source.is_some() && binding.target.is_some());
            let made = events.len();
            self.make_events(&s, source, target, passive, &code, vstart..vend + 1, &pattern_text, opts, &mut events);
            let coded = |a: &Option<ActorHit>| a.as_ref().is_some_and(|a| !is_null_code(&a.code));
            // (an event is what survives `require_dyad`: with it off, one coded side is enough)
            let kept = |e: &CodedEvent| {
                if opts.require_dyad {
                    coded(&e.source) && coded(&e.target)
                } else {
                    coded(&e.source) || coded(&e.target)
                }
            };
            if uncover && !events[made..].iter().any(kept) {
                (covered_until, covering, covering_reports) = cover_before;
            }
        }
        if opts.require_dyad {
            events.retain(|e| {
                e.source.as_ref().is_some_and(|a| a.code != "---") && e.target.as_ref().is_some_and(|a| a.code != "---")
            });
        }
        let mut seen = std::collections::HashSet::new();
        events.retain(|e| {
            seen.insert((
                e.source.as_ref().map(|a| a.code.clone()),
                e.target.as_ref().map(|a| a.code.clone()),
                e.code.clone(),
            ))
        });
        events
    }

    /// The meaning of one verb phrase: its verb, the code its patterns (else its
    /// own entry) give, the binding of the pattern that fired, and the upper and
    /// lower sequences. `None` when the verb has no dictionary entry or no code.
    #[allow(clippy::too_many_arguments)]
    fn meaning<'s>(
        &self,
        s: &'s Sentence<'_>,
        seq: &[El],
        deleted: &[bool],
        vp: NodeId,
        vt: usize,
        vp_last: usize,
        opts: &CoderOptions,
    ) -> Option<Meaning<'s>> {
        let d = &self.dict;
        let tree = s.tree;
        let (verb_tok, passive) = self.passive(s, vp, opts.passive_needs_by);
        let verb_tok = verb_tok.unwrap_or(vt);
        let (forms, vstart, vend) = self.find_forms(s, verb_tok, deleted)?;
        let verb_code: Option<(String, &tidings_dict::VerbForm)> = forms.iter().find_map(|f| {
            let c = f.code.clone().or_else(|| d.verbs.families[f.family].code.clone())?;
            (!is_null_code(&c)).then_some((c, *f))
        });
        let mut patterns: Vec<(&Pattern, &str, &PatternMasks)> = Vec::new();
        for f in &forms {
            let fam = &d.verbs.families[f.family];
            if !patterns.iter().any(|(_, n, _)| std::ptr::eq(*n, fam.name.as_str())) {
                let masks = &self.pattern_masks[f.family];
                patterns.extend(fam.patterns.iter().zip(masks).map(|(p, m)| (p, fam.name.as_str(), m)));
            }
        }
        patterns.sort_by_key(|(p, _, _)| std::cmp::Reverse(p.weight()));
        // sequences
        let vpos = seq.iter().position(|e| matches!(e, El::Word(t) if *t == vstart))?;
        let vepos = seq.iter().position(|e| matches!(e, El::Word(t) if *t == vend))?;
        let ustart = seq[..vpos].iter().rposition(|e| matches!(e, El::Comma(_))).map(|p| p + 1).unwrap_or(0);
        let excluded = conjunct_exclusions(tree, vp);
        let mut upper: Vec<El> = seq[ustart..vpos]
            .iter()
            .copied()
            .filter(|e| match e {
                El::Word(t) | El::Comma(t) => !excluded.contains(t),
                El::Open(u) | El::Close(u) => !s.units[*u].tokens.iter().all(|t| excluded.contains(t)),
            })
            .collect();
        // a multi-word verb can cut into a noun phrase ("Gondor wire | tapped"): close it
        let open_units: Vec<usize> = upper
            .iter()
            .filter_map(|e| match e {
                El::Open(u) if !upper.contains(&El::Close(*u)) => Some(*u),
                _ => None,
            })
            .collect();
        upper.extend(open_units.into_iter().map(El::Close));
        let lend = seq
            .iter()
            .rposition(|e| match e {
                El::Word(t) | El::Comma(t) => *t <= vp_last,
                El::Close(u) => s.units[*u].tokens.last().is_some_and(|&t| t <= vp_last),
                El::Open(_) => false,
            })
            .map(|p| p + 1)
            .unwrap_or(vepos + 1)
            .max(vepos + 1);
        let lower: Vec<El> = seq[vepos + 1..lend].to_vec();
        upper.reverse();
        let uview = View { els: upper, words: &s.words, lemmas: &s.lemmas, unit_of: &s.unit_of, reversed: true };
        // PETRARCH-2 pre-verb pattern words name noun phrases (transform.rs)
        let upattern = transform::upper_for_patterns(d, s, &uview.els).map(|els| View {
            els,
            words: &s.words,
            lemmas: &s.lemmas,
            unit_of: &s.unit_of,
            reversed: true,
        });
        let lview = View { els: lower, words: &s.words, lemmas: &s.lemmas, unit_of: &s.unit_of, reversed: false };
        let mut chosen: Option<(&Pattern, &str, Binding)> = None;
        // cheap prefilter: every literal word of a pattern must occur on its side
        // (a sorted word list: sides are short, and hashing each word costs more)
        let side_words = |els: &[El]| -> Vec<&str> {
            let mut v: Vec<&str> = els
                .iter()
                .filter_map(|e| if let El::Word(t) = e { Some(*t) } else { None })
                .flat_map(|t| std::iter::once(s.words[t]).chain(s.lemmas[t].as_deref()))
                .collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        let lower_words = side_words(&lview.els);
        // PETRARCH-2 post-verb pattern words stay out of clauses with their own subject (transform.rs)
        let lpattern = transform::lower_for_patterns(d, tree, vp, &lview.els).map(|els| View {
            els,
            words: &s.words,
            lemmas: &s.lemmas,
            unit_of: &s.unit_of,
            reversed: false,
        });
        let upper_words = side_words(&uview.els);
        let possible = |items: &[PatItem], words: &[&str]| {
            items.iter().all(|it| match &it.elem {
                PatElem::Word(w) => words.binary_search(&w.as_str()).is_ok(),
                _ => true,
            })
        };
        let side_mask = |words: &[&str]| words.iter().map(|w| word_bit(w)).fold(0u64, |a, b| a | b);
        let (lower_mask, upper_mask) = (side_mask(&lower_words), side_mask(&upper_words));
        for &(p, fname, masks) in &patterns {
            if !masks.possible(lower_mask, upper_mask) {
                continue;
            }
            if !possible(&p.lower, &lower_words) || !possible(&p.upper, &upper_words) {
                continue;
            }
            let li = pattern_items(&p.lower, p.lower_adjacent);
            let Some(b) = lpattern.as_ref().unwrap_or(&lview).matches(
                d,
                &self.synset_index,
                &li,
                0,
                0,
                Binding::default(),
                &s.units,
            ) else {
                continue;
            };
            let ui = upper_items(p);
            if let Some(b2) = upattern.as_ref().unwrap_or(&uview).matches(d, &self.synset_index, &ui, 0, 0, b, &s.units)
            {
                chosen = Some((p, fname, b2));
                break;
            }
        }
        let (code, pattern_text, binding) = match chosen {
            Some((p, fname, b)) if !is_null_code(&p.code) => {
                (p.code.clone(), format!("{} {} (line {})", fname, p.text, p.line), b)
            }
            _ => match &verb_code {
                Some((c, f)) => (
                    c.clone(),
                    format!("{} [{}] (line {})", d.verbs.families[f.family].name, c, f.line),
                    Binding::default(),
                ),
                None => return None,
            },
        };
        // a negated verb through the coding ontology (transform.rs)
        Some(Meaning { verb_tok, passive, vstart, vend, code, pattern_text, binding, uview, lview })
    }
    /// Passive detection: follow the chain of nested verb phrases from `vp`; a `VBN`
    /// head after a form of *be*, with *by* later in its phrase, is a passive verb.
    fn passive(&self, s: &Sentence<'_>, vp: NodeId, needs_by: bool) -> (Option<usize>, bool) {
        let tree = s.tree;
        let head = |n: NodeId| -> Option<usize> {
            let c = *tree.nodes[n].children.first()?;
            let t = tree.nodes[c].token?;
            tree.tokens[t].tag.starts_with("VB").then_some(t)
        };
        let mut saw_be = false;
        let mut cur = vp;
        loop {
            if let Some(h) = head(cur) {
                if tree.tokens[h].tag == "VBN" && saw_be && cur != vp {
                    let leaves = tree.leaves(cur);
                    if !needs_by || leaves.iter().any(|&t| s.words[t] == "BY") {
                        return (Some(h), true);
                    }
                    return (None, false);
                }
                if matches!(s.words[h], "WAS" | "IS" | "BEEN" | "WERE" | "ARE" | "BE" | "BEING" | "AM") {
                    saw_be = true;
                }
            }
            let next = tree.nodes[cur].children.iter().copied().find(|&c| tree.nodes[c].label.starts_with("VP"));
            match next {
                Some(n) => cur = n,
                None => return (None, false),
            }
        }
    }

    /// The verb forms at token `vt`: the longest matching (multi-word) forms; several
    /// when the same verb is listed in more than one block. Returns forms and token span.
    fn find_forms<'d>(
        &'d self,
        s: &Sentence<'_>,
        vt: usize,
        deleted: &[bool],
    ) -> Option<(Vec<&'d tidings_dict::VerbForm>, usize, usize)> {
        let n = s.words.len();
        let mut found: Vec<&tidings_dict::VerbForm> = Vec::new();
        let mut span = (vt, vt);
        let mut size = 0;
        'form: for f in self.dict.verbs.forms_for(s.words[vt]) {
            let fsize = f.before.len() + f.after.len();
            if !found.is_empty() && fsize < size {
                break;
            }
            let mut end = vt;
            let mut j = vt + 1;
            for w in &f.after {
                while j < n && (deleted[j] || (is_skip_word(s.words[j]) && s.words[j] != w)) {
                    j += 1;
                }
                if j < n && s.words[j] == w {
                    end = j;
                    j += 1;
                } else {
                    continue 'form;
                }
            }
            let mut start = vt;
            let mut j = vt as isize - 1;
            for w in f.before.iter().rev() {
                while j >= 0 && (deleted[j as usize] || is_skip_word(s.words[j as usize])) {
                    j -= 1;
                }
                if j >= 0 && s.words[j as usize] == w {
                    start = j as usize;
                    j -= 1;
                } else {
                    continue 'form;
                }
            }
            if found.is_empty() {
                span = (start, end);
                size = fsize;
            }
            found.push(f);
        }
        (!found.is_empty()).then_some((found, span.0, span.1))
    }

    fn comma_deletions(&self, s: &Sentence<'_>, o: &CoderOptions) -> Vec<bool> {
        let n = s.words.len();
        let mut del = vec![false; n];
        let commas: Vec<usize> = (0..n).filter(|&t| s.tree.tokens[t].tag == "," && s.unit_of[t].is_none()).collect();
        if commas.is_empty() {
            return del;
        }
        let count = |a: usize, b: usize, del: &[bool]| {
            (a..b).filter(|&t| !del[t] && s.words[t].chars().next().is_some_and(char::is_alphabetic)).count()
        };
        let end = if s.tree.tokens[n - 1].tag == "." { n - 1 } else { n };
        if o.comma_bmax != 0 {
            let c = count(0, commas[0], &del);
            if c >= o.comma_bmin && c <= o.comma_bmax {
                for d in del.iter_mut().take(commas[0]) {
                    *d = true;
                }
            }
        }
        if o.comma_emax != 0 {
            let last = *commas.last().unwrap_or(&0);
            let c = count(last, end, &del);
            if c >= o.comma_emin && c <= o.comma_emax {
                for d in del.iter_mut().take(end).skip(last + 1) {
                    *d = true;
                }
            }
        }
        if o.comma_max != 0 {
            for w in commas.windows(2) {
                let (a, b) = (w[0], w[1]);
                let c = count(a + 1, b, &del);
                if c >= o.comma_min && c <= o.comma_max {
                    // the parenthetical goes with both of its commas
                    for d in del.iter_mut().take(b + 1).skip(a) {
                        *d = true;
                    }
                }
            }
        }
        // dangling initial / terminal commas
        let live: Vec<usize> = commas.iter().copied().filter(|&c| !del[c]).collect();
        if let Some(&f) = live.first() {
            if count(0, f, &del) == 0 {
                del[f] = true;
            }
        }
        if let Some(&l) = live.last() {
            if !del[l] && count(l + 1, n, &del) == 0 {
                del[l] = true;
            }
        }
        del
    }

    #[allow(clippy::too_many_arguments)]
    fn make_events(
        &self,
        s: &Sentence<'_>,
        source: usize,
        target: usize,
        passive: bool,
        code: &str,
        verb: Range<usize>,
        pattern: &str,
        opts: &CoderOptions,
        out: &mut Vec<CodedEvent>,
    ) {
        let hits = |u: usize| -> Vec<ActorHit> {
            let unit = &s.units[u];
            let mut v: Vec<ActorHit> = Vec::new();
            for m in &unit.members {
                let text = m.tokens.iter().map(|&t| s.tree.tokens[t].text.as_str()).collect::<Vec<_>>().join(" ");
                let range =
                    m.tokens.iter().min().copied().unwrap_or(0)..m.tokens.iter().max().map(|x| x + 1).unwrap_or(0);
                let code = match &m.code {
                    Some(c) if c != "---" => c.clone(),
                    _ if opts.new_actor_length > 0 => {
                        let ws: Vec<&str> = m.tokens.iter().map(|&t| s.words[t]).collect();
                        if ws.len() <= opts.new_actor_length {
                            ws.join(" ")
                        } else {
                            "---".into()
                        }
                    }
                    _ if unit.compound => continue,
                    _ => "---".into(),
                };
                // PETRARCH-1 expands `A/B/C` codes into one actor each; PETRARCH-2 keeps them
                if self.dict.verbs.petrarch2 {
                    v.push(ActorHit { code, tokens: range.clone(), text: text.clone() });
                    continue;
                }
                for part in code.split('/') {
                    v.push(ActorHit { code: part.to_string(), tokens: range.clone(), text: text.clone() });
                }
            }
            if v.is_empty() {
                v.push(ActorHit { code: "---".into(), tokens: 0..0, text: String::new() });
            }
            v
        };
        let mut src = hits(source);
        let mut tar = hits(target);
        let pairs = |a: &[ActorHit], b: &[ActorHit], c: &str, out: &mut Vec<CodedEvent>| {
            for x in a {
                for y in b {
                    if x.code == y.code {
                        continue;
                    }
                    let (x, y) = if passive { (y, x) } else { (x, y) };
                    out.push(CodedEvent {
                        source: Some(x.clone()),
                        target: Some(y.clone()),
                        code: c.to_string(),
                        verb: verb.clone(),
                        pattern: pattern.to_string(),
                    });
                }
            }
        };
        if let Some((c1, c2)) = code.split_once(':') {
            if src[0].code == "---" || tar[0].code == "---" {
                if tar[0].code == "---" {
                    tar = src.clone();
                } else {
                    src = tar.clone();
                }
            }
            pairs(&src, &tar, c1, out);
            pairs(&tar, &src, c2, out);
        } else {
            pairs(&src, &tar, code, out);
        }
    }
}

/// Lemmas pattern words may match besides the words (PETRARCH-2 dictionaries, parses
/// that carry lemmas): upper-cased, `None` when equal to the word or absent.
fn pattern_lemmas(d: &Dictionaries, tree: &Tree, words: &[&str]) -> Vec<Option<String>> {
    tree.tokens
        .iter()
        .zip(words)
        .map(|(t, w)| {
            let l = t.lemma.as_deref().filter(|_| d.verbs.petrarch2).filter(|l| !l.is_empty() && *l != "_")?;
            // most lemmas spell the word itself: compare before allocating
            if l.is_ascii() && l.eq_ignore_ascii_case(w) {
                return None;
            }
            let l = upper(l);
            (l != *w).then_some(l)
        })
        .collect()
}

/// Tokens of earlier conjuncts when `vp` is one verb phrase of a coordination
/// (`condemned X and promised Y`): they are not part of the later verb's upper sequence.
fn conjunct_exclusions(tree: &Tree, vp: NodeId) -> std::collections::HashSet<usize> {
    let mut out = std::collections::HashSet::new();
    let mut cur = vp;
    while let Some(p) = tree.nodes[cur].parent {
        let pn = &tree.nodes[p];
        if pn.label.starts_with("VP") && pn.children.iter().any(|&c| tree.nodes[c].label == "CC") {
            for &c in &pn.children {
                if c == cur {
                    break;
                }
                if tree.nodes[c].label.starts_with("VP") {
                    out.extend(tree.leaves(c));
                }
            }
        }
        cur = p;
    }
    out
}

fn preorder(tree: &Tree, n: NodeId, out: &mut Vec<NodeId>) {
    let mut st = Vec::with_capacity(32);
    st.push(n);
    while let Some(x) = st.pop() {
        out.push(x);
        if let Some(node) = tree.nodes.get(x) {
            st.extend(node.children.iter().rev());
        }
    }
}

#[allow(clippy::needless_range_loop)]
fn build_sequence(s: &Sentence<'_>, deleted: &[bool]) -> Vec<El> {
    let mut seq = Vec::with_capacity(s.words.len() + 2 * s.units.len());
    let mut open: Option<usize> = None;
    for t in 0..s.words.len() {
        let u = s.unit_of[t];
        if open.is_some() && open != u {
            if let Some(o) = open {
                seq.push(El::Close(o));
            }
            open = None;
        }
        if deleted[t] {
            continue;
        }
        if let Some(uu) = u {
            if open.is_none() {
                seq.push(El::Open(uu));
                open = Some(uu);
            }
            if s.tree.tokens[t].tag != "POS" {
                seq.push(El::Word(t));
            }
        } else if s.tree.tokens[t].tag == "," {
            seq.push(El::Comma(t));
        } else {
            seq.push(El::Word(t));
        }
    }
    if let Some(o) = open {
        seq.push(El::Close(o));
    }
    seq
}

/// Meeting-type codes (CAMEO 04 family except the visit codes 042/043, whose
/// destination is a legitimate target): the verbs coded symmetrically.
fn is_meeting_code(code: &str) -> bool {
    code.split(':').all(|c| c.starts_with("04") && !c.starts_with("042") && !c.starts_with("043"))
}

/// Prepositions introducing a place adjunct (`met at a cosmodrome`, `talks in Geneva`).
const LOCATIVE_PREPS: &[&str] = &["AT", "IN", "ON", "NEAR", "INSIDE", "OUTSIDE", "AROUND", "ACROSS", "THROUGHOUT"];

/// The target of a meeting verb: like [`find_target`], but a phrase inside a place
/// adjunct of the verb (a `PP` child of the verb phrase, or of the verb phrases
/// nested in it, headed by a locative preposition: `met at a cosmodrome`, `talked
/// in Geneva`) is where the meeting happened, not who was met. Places deeper in an
/// object (`arranged for the reopening of houses in Bree`) are still targets. Nor is
/// a phrase inside a clause attached to the verb phrase (`met to discuss X`).
fn find_target_skipping_places(s: &Sentence<'_>, vp: NodeId, lower: &View<'_>) -> (Option<usize>, Option<usize>) {
    let tree = s.tree;
    let mut place = vec![false; s.words.len()];
    let mut cur = Some(vp);
    while let Some(v) = cur {
        cur = None;
        for &c in &tree.nodes[v].children {
            let label = tree.nodes[c].label.as_ref();
            if label.starts_with("VP") {
                cur = Some(c);
            } else if label == "S" || label.starts_with("SBAR") {
                // a purpose or complement clause (`met to discuss X`) names the topic
                for t in tree.leaves(c) {
                    place[t] = true;
                }
            } else if label == "PP" {
                let head = tree.nodes[c].children.first().and_then(|&h| tree.nodes[h].token);
                if head.is_some_and(|h| LOCATIVE_PREPS.contains(&s.words[h])) {
                    for t in tree.leaves(c) {
                        place[t] = true;
                    }
                }
            }
        }
    }
    let units = &s.units;
    let mut opens: Vec<usize> = Vec::new();
    for i in 0..lower.els.len() {
        let Some(u) = lower.open(i) else { continue };
        if !units[u].tokens.iter().all(|&t| place[t]) && !opens.contains(&u) {
            opens.push(u);
        }
    }
    (opens.iter().copied().find(|&u| units[u].is_coded()), opens.first().copied())
}

/// Is `vp` the verb phrase of a subordinate clause with its own subject inside the
/// already-coded verb phrase `covering` (`X pledged support as the two leaders held a
/// summit`)? Such a clause is coded on its own.
fn own_subordinate_clause(tree: &Tree, vp: NodeId, covering: NodeId) -> bool {
    let mut cur = vp;
    while let Some(p) = tree.nodes[cur].parent {
        if p == covering {
            return false;
        }
        let pn = &tree.nodes[p];
        let in_sbar = pn.parent.is_some_and(|g| tree.nodes[g].label.starts_with("SBAR"));
        if pn.label == "S" && in_sbar {
            let has_subject = pn.children.iter().take_while(|&&c| c != cur).any(|&c| is_np(&tree.nodes[c].label));
            if has_subject {
                return tree.nodes[covering].parent.is_some() && is_ancestor(tree, covering, p);
            }
        }
        cur = p;
    }
    false
}

fn is_ancestor(tree: &Tree, anc: NodeId, n: NodeId) -> bool {
    let mut cur = n;
    while let Some(p) = tree.nodes[cur].parent {
        if p == anc {
            return true;
        }
        cur = p;
    }
    false
}

/// How a meeting verb without a target is coded symmetrically.
enum Reciprocal {
    /// A compound subject: source and target at once.
    Compound(usize),
    /// A group subject (`the two leaders`, `both sides`) naming the last two
    /// distinctly coded phrases before it in the sentence.
    Pair(usize, usize),
}

/// A meeting verb with no object and a compound subject (`A and B met`): the
/// compound is both source and target, so the events are A->B and B->A.
fn reciprocal_subject(s: &Sentence<'_>, vp: NodeId, upper: &View<'_>) -> Option<Reciprocal> {
    let two_coded = |u: usize| {
        let unit = &s.units[u];
        unit.compound
            && unit.members.iter().filter(|m| m.code.as_deref().is_some_and(|c| !is_null_code(c))).count() >= 2
    };
    let tree = s.tree;
    let mut cur = vp;
    while let Some(p) = tree.nodes[cur].parent {
        let pn = &tree.nodes[p];
        if pn.label.starts_with('S') && !pn.label.starts_with("SBAR") {
            let subj =
                pn.children.iter().take_while(|&&c| c != cur).filter(|&&c| is_np(&tree.nodes[c].label)).last().copied();
            if let Some(np) = subj {
                let leaves = tree.leaves(np);
                let compound = (0..s.units.len()).find(|&u| {
                    !s.units[u].tokens.is_empty()
                        && s.units[u].tokens.iter().all(|t| leaves.contains(t))
                        && upper.els.contains(&El::Open(u))
                        && two_coded(u)
                });
                if let Some(u) = compound {
                    return Some(Reciprocal::Compound(u));
                }
                return group_pair(s, &leaves);
            }
        }
        cur = p;
    }
    // no subject found in the tree (a shallow parse may attach it elsewhere): the
    // nearest compound with two coded members before the verb
    (0..upper.els.len()).filter_map(|i| upper.open(i)).find(|&u| two_coded(u)).map(Reciprocal::Compound)
}

/// A group subject (`the two leaders`, `both countries`: *two* or *both* with a
/// plural noun, no actor of its own; an agent code like `---GOV` is allowed) refers back to the last two phrases before it
/// with different codes (compound members count one by one).
fn group_pair(s: &Sentence<'_>, subject: &[usize]) -> Option<Reciprocal> {
    let first = *subject.first()?;
    let has = |w: &str| subject.iter().any(|&t| s.words[t] == w);
    let plural = subject.iter().any(|&t| s.tree.tokens[t].tag == "NNS");
    if !(plural && (has("TWO") || has("BOTH"))) {
        return None;
    }
    // an agent alone (`---GOV`, "leaders") names no one
    let coded = |u: usize| s.units[u].head_code().filter(|c| !is_null_code(c) && !c.starts_with("---"));
    if s.units.iter().enumerate().any(|(u, unit)| unit.tokens.iter().all(|t| subject.contains(t)) && coded(u).is_some())
    {
        return None;
    }
    let mut before: Vec<usize> = (0..s.units.len())
        .filter(|&u| s.units[u].tokens.last().is_some_and(|&t| t < first) && coded(u).is_some())
        .collect();
    before.sort_by_key(|&u| s.units[u].tokens[0]);
    let b = before.pop()?;
    let a = before.into_iter().rev().find(|&u| coded(u) != coded(b))?;
    Some(Reciprocal::Pair(a, b))
}

/// The target of a verb without a bound one: the first coded unit after it. With
/// `prefer_named`, (article coding) a unit naming an actor ("North Korea") wins over an
/// earlier role-only modifier ("military cooperation with North Korea").
fn find_target(lower: &View<'_>, units: &[Unit], prefer_named: bool) -> Option<usize> {
    let opens: Vec<usize> = (0..lower.els.len()).filter_map(|i| lower.open(i)).collect();
    let named = |u: usize| units[u].members.iter().any(|m| m.code.as_ref().is_some_and(|c| !c.starts_with("---")));
    let first_named = if prefer_named { opens.iter().copied().find(|&u| named(u)) } else { None };
    first_named.or_else(|| opens.iter().copied().find(|&u| units[u].is_coded())).or_else(|| opens.first().copied())
}

/// The source from the verb's grammatical subject: the first coded unit (in sentence
/// order, so the head noun phrase before its modifiers) of the nearest `NP` that
/// precedes the verb phrase in an enclosing clause.
fn subject_source(s: &Sentence<'_>, vp: NodeId, upper: &View<'_>, target: usize) -> Option<usize> {
    let tree = s.tree;
    let mut cur = vp;
    while let Some(p) = tree.nodes[cur].parent {
        let pn = &tree.nodes[p];
        if pn.label.starts_with('S') && !pn.label.starts_with("SBAR") {
            let subj =
                pn.children.iter().take_while(|&&c| c != cur).filter(|&&c| is_np(&tree.nodes[c].label)).last().copied();
            if let Some(np) = subj {
                let leaves: std::collections::HashSet<usize> = tree.leaves(np).into_iter().collect();
                let tcode = s.units[target].head_code();
                let mut cands: Vec<usize> = (0..s.units.len())
                    .filter(|&u| s.units[u].tokens.iter().all(|t| leaves.contains(t)) && !s.units[u].tokens.is_empty())
                    .filter(|&u| upper.els.contains(&El::Open(u)))
                    .collect();
                cands.sort_by_key(|&u| s.units[u].tokens[0]);
                return cands.into_iter().find(|&u| {
                    s.units[u].is_coded() && u != target && (tcode.is_none() || s.units[u].head_code() != tcode)
                });
            }
        }
        cur = p;
    }
    None
}

fn find_source(upper: &View<'_>, units: &[Unit], target: usize) -> Option<usize> {
    let tcode = units[target].head_code();
    let opens: Vec<usize> = (0..upper.els.len()).filter_map(|i| upper.open(i)).collect();
    let differs = |u: usize| u != target && (tcode.is_none() || units[u].head_code() != tcode);
    opens
        .iter()
        .copied()
        .find(|&u| units[u].is_coded() && differs(u))
        .or_else(|| opens.iter().copied().find(|&u| differs(u)))
}

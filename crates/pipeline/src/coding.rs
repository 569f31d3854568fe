//! Event coding inside the pipeline: dictionary loading and the raw-text
//! front end (tidings-text tokens -> tidings-syntax tree -> tidings-coder).

use crate::{PipelineError, SentenceCoder};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use tidings_coder::{ActorHit, Alias, CodedEvent, Coder, CoderOptions};
use tidings_dict::{DictDiagnostic, DictFiles, Dictionaries};
use tidings_model::tree::Tree;
use tidings_model::{Date, Span};
use tidings_store::{ActorRow, NewEvent};
use tidings_syntax::Analyzer;

/// Where dictionaries come from.
#[derive(Debug, Clone)]
pub enum DictSpec {
    /// tidings' own embedded defaults.
    Defaults,
    /// A `PETR_config.ini`, or a directory holding one or PETRARCH-named files.
    Path(PathBuf),
}

/// Load dictionaries; malformed lines come back as diagnostics.
pub fn load_dictionaries(spec: &DictSpec) -> Result<(Dictionaries, Vec<DictDiagnostic>), PipelineError> {
    match spec {
        DictSpec::Defaults => Ok(compile_set(tidings_cameo::defaults::set())),
        DictSpec::Path(p) if is_tidings_dir(p) => {
            let set = tidings_cameo::defaults::DictSet::load_dir(p)
                .map_err(|e| PipelineError::Dictionaries { path: p.display().to_string(), reason: e.to_string() })?;
            Ok(compile_set(&set))
        }
        DictSpec::Path(p) => {
            let files = resolve_dict_path(p)?;
            Ok(Dictionaries::load(&files)?)
        }
    }
}

/// A directory in tidings' own dictionary format (any of its file names present).
fn is_tidings_dir(p: &Path) -> bool {
    p.is_dir() && tidings_cameo::defaults::FILES.iter().any(|(name, _)| p.join(name).is_file())
}

/// Compile a tidings-format set through its PETRARCH rendering.
fn compile_set(set: &tidings_cameo::defaults::DictSet) -> (Dictionaries, Vec<DictDiagnostic>) {
    let actors = set.actors_petrarch();
    Dictionaries::from_texts(
        &set.verbs_petrarch(),
        &[actors.as_str()],
        &set.agents_petrarch(),
        &set.discards_petrarch(),
    )
}

/// Turn `--dictionaries PATH` (PETRARCH format) into the files to load.
///
/// * a file ending in `.ini`: PETRARCH config (`[Dictionaries]` section);
/// * a directory with a `PETR_config.ini`: that config;
/// * otherwise a directory whose file names say what they are: one `*verbs*`
///   file, any `*actors*` files, optional `*agents*`, `*discards*`, `*issue*`.
pub fn resolve_dict_path(p: &Path) -> Result<DictFiles, PipelineError> {
    let bad = |reason: String| PipelineError::Dictionaries { path: p.display().to_string(), reason };
    if p.is_file() {
        if p.extension().is_some_and(|e| e.eq_ignore_ascii_case("ini")) {
            return Ok(Dictionaries::files_from_petrarch_config(p)?);
        }
        return Err(bad("expected a PETR_config.ini file or a directory of dictionaries".into()));
    }
    if !p.is_dir() {
        return Err(bad("no such file or directory".into()));
    }
    let ini = p.join("PETR_config.ini");
    if ini.is_file() {
        return Ok(Dictionaries::files_from_petrarch_config(&ini)?);
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(p)
        .map_err(|e| bad(e.to_string()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|f| f.is_file())
        .collect();
    entries.sort();
    let name = |f: &PathBuf| f.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
    let verbs: Vec<&PathBuf> = entries.iter().filter(|f| name(f).contains("verbs")).collect();
    let [verbs] = verbs.as_slice() else {
        return Err(bad(format!("expected exactly one *verbs* file, found {}", verbs.len())));
    };
    let pick = |key: &str| entries.iter().find(|f| name(f).contains(key)).cloned();
    Ok(DictFiles {
        verbs: (*verbs).clone(),
        actors: entries.iter().filter(|f| name(f).contains("actors")).cloned().collect(),
        agents: pick("agents"),
        discards: pick("discards"),
        issues: pick("issue"),
        ontology: pick("ontology"),
    })
}

/// The raw-text coder: built-in analysis feeding the CAMEO coder.
pub struct EventCoder {
    pub coder: Coder,
    pub analyzer: Analyzer,
    /// Surname forms of the people in tidings' default actor list, usable once
    /// the full name appeared in the article.
    pub later_mentions: LaterMentions,
    /// Options for coding articles (`tidings run`): the coder's own, except that an event
    /// with one uncoded side ("North Korea fired a missile") is kept, its missing actor
    /// null, as GDELT keeps one-actor events. Validation records keep their own options.
    pub article_options: CoderOptions,
    /// Country code -> its actor entry, for naming the parties of "such a pact".
    pub country_entries: HashMap<String, usize>,
}

/// Heads of noun phrases that refer back to an agreement between two parties, or to
/// the two parties themselves ("the two countries", "both sides").
const DEAL_HEADS: [&str; 11] = [
    "deal",
    "pact",
    "agreement",
    "accord",
    "treaty",
    "alliance",
    "arrangement",
    "two countries",
    "two nations",
    "two sides",
    "two governments",
];

/// The two states of a cooperative event between different countries ("Kim would
/// provide Russia with weapons"): what a later "such a pact" refers to.
fn cooperative_dyad(e: &NewEvent, countries: &HashMap<String, usize>) -> Option<(usize, usize)> {
    let root = |a: &Option<ActorRow>| a.as_ref().and_then(|a| a.code.get(..3)).and_then(|c| countries.get(c).copied());
    let (a, b) = (root(&e.actor1)?, root(&e.actor2)?);
    let cooperative = matches!(tidings_cameo::quad_class(&e.code), Some(1 | 2));
    (a != b && cooperative).then_some((a, b))
}

/// People whose later, surname-only mentions ("Putin said ...") code as the
/// person once the article has named them in full ("Vladimir Putin").
#[derive(Debug, Clone, Default)]
pub struct LaterMentions {
    people: Vec<LaterPerson>,
    /// First word of any full form -> indices into `people`.
    by_first: tidings_model::fnv::FnvMap<String, Vec<usize>>,
}

#[derive(Debug, Clone)]
struct LaterPerson {
    /// Upper-cased words of the full name and its variants.
    forms: Vec<Vec<String>>,
    alias: Alias,
}

fn upper_words(text: &str) -> Vec<String> {
    tidings_syntax::tokenize(text, 0).into_iter().map(|(w, _)| w.to_uppercase()).collect()
}

/// The actor entry whose phrase is exactly `words` (the whole name, not a prefix).
fn whole_name_entry(dict: &Dictionaries, words: &[String]) -> Option<usize> {
    let (phrase, end) = dict.actors.index.match_at(words, 0)?;
    (end == words.len()).then_some(phrase.entry)
}

impl LaterMentions {
    /// Register a short form earned by any of `forms` (upper-cased word lists).
    fn push(&mut self, forms: Vec<Vec<String>>, alias: Alias) {
        let id = self.people.len();
        for f in &forms {
            let ids = self.by_first.entry(f[0].clone()).or_default();
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        self.people.push(LaterPerson { forms, alias });
    }

    /// Aliases for every person of `people` whose full name is an actor phrase of `dict`
    /// (the alias stands for that entry) and who has a surname.
    pub fn new(dict: &Dictionaries, people: &[tidings_cameo::format::Person]) -> Self {
        let mut out = LaterMentions::default();
        for p in people {
            let Some(surname) = p.surname() else { continue };
            let mut forms: Vec<Vec<String>> = Vec::new();
            let mut entry = None;
            for name in std::iter::once(&p.name).chain(&p.variants) {
                let words = upper_words(name);
                if words.len() < 2 {
                    continue;
                }
                if let Some(e) = whole_name_entry(dict, &words) {
                    if entry.is_none_or(|x| x == e) {
                        entry = Some(e);
                        forms.push(words);
                    }
                }
            }
            let Some(entry) = entry else { continue };
            let alias = Alias::name(upper_words(&surname), entry);
            if alias.words.is_empty() || forms.iter().any(|f| f == &alias.words) {
                continue;
            }
            out.push(forms, alias);
        }
        out
    }

    /// Add the short forms of divided states: "the North" for North Korea once the
    /// article named it, where the other half ("South Korea") is also a country of
    /// `countries` (so "the South" of South Africa is never guessed).
    pub fn with_divided_states(mut self, dict: &Dictionaries, countries: &[tidings_cameo::format::Country]) -> Self {
        const HALVES: [(&str, &str); 2] = [("North", "South"), ("South", "North")];
        for c in countries {
            for (half, other) in HALVES {
                let Some(rest) = c.name.strip_prefix(half).and_then(|r| r.strip_prefix(' ')) else { continue };
                if !countries.iter().any(|o| o.name.strip_prefix(other).and_then(|r| r.strip_prefix(' ')) == Some(rest))
                {
                    continue;
                }
                let words = upper_words(&c.name);
                let Some(entry) = whole_name_entry(dict, &words) else { continue };
                // any name, adjective or capital of the state earns the short form
                let names = c.other_names.iter().chain(&c.adjectives).chain(c.capitals.iter().map(|m| &m.name));
                let mut forms = vec![words];
                forms.extend(names.map(|n| upper_words(n)).filter(|w| !w.is_empty()));
                self.push(forms, Alias::name(vec!["THE".to_string(), half.to_uppercase()], entry));
            }
        }
        self
    }

    pub fn len(&self) -> usize {
        self.people.len()
    }

    pub fn is_empty(&self) -> bool {
        self.people.is_empty()
    }

    /// Add to `active` the aliases of the people named in full in `words` (the
    /// sentence's tokens, any case); a surname shared by two people named in the
    /// article is dropped for both. Only capitalized tokens can start a name, so
    /// the others cost one character test.
    pub fn activate<S: AsRef<str>>(&self, words: &[S], active: &mut Vec<Alias>, ambiguous: &mut Vec<Vec<String>>) {
        let same = |form: &str, w: &str| {
            if w.is_ascii() {
                form.len() == w.len() && form.bytes().zip(w.bytes()).all(|(f, c)| f == c.to_ascii_uppercase())
            } else {
                form.chars().eq(w.chars().flat_map(char::to_uppercase))
            }
        };
        let mut key = String::new();
        for (i, w) in words.iter().enumerate() {
            let w = w.as_ref();
            if !w.chars().next().is_some_and(char::is_uppercase) {
                continue;
            }
            key.clear();
            if w.is_ascii() {
                key.push_str(w);
                key.make_ascii_uppercase();
            } else {
                key.extend(w.chars().flat_map(char::to_uppercase));
            }
            let Some(ids) = self.by_first.get(key.as_str()) else { continue };
            for &id in ids {
                let p = &self.people[id];
                let starts_here = |f: &Vec<String>| {
                    f.len() <= words.len() - i && f.iter().zip(&words[i..]).all(|(f, w)| same(f, w.as_ref()))
                };
                if !p.forms.iter().any(starts_here) {
                    continue;
                }
                if ambiguous.contains(&p.alias.words) || active.contains(&p.alias) {
                    continue;
                }
                if active.iter().any(|a| a.words == p.alias.words) {
                    active.retain(|a| a.words != p.alias.words);
                    ambiguous.push(p.alias.words.clone());
                    continue;
                }
                active.push(p.alias.clone());
            }
        }
    }
}

impl EventCoder {
    pub fn new(dict: Dictionaries) -> Self {
        let defaults = tidings_cameo::defaults::set();
        let later_mentions =
            LaterMentions::new(&dict, &defaults.people).with_divided_states(&dict, &defaults.countries);
        let country_entries = defaults
            .countries
            .iter()
            .filter_map(|c| Some((c.code.clone(), whole_name_entry(&dict, &upper_words(&c.name))?)))
            .collect();
        let coder = Coder::new(dict);
        let article_options = CoderOptions {
            require_dyad: false,
            resolve_pronouns: true,
            code_reported_clauses: true,
            reciprocal_compounds: true,
            fill_role_country: true,
            ..coder.options.clone()
        };
        EventCoder { coder, analyzer: Analyzer::new(), later_mentions, article_options, country_entries }
    }

    /// Build the analysis tree of the sentence `doc[sentence]`: the analyzer's
    /// own Penn-style tokenizer (token spans stay document-relative), then the
    /// shallow parse.
    pub fn tree_for_text(&self, doc: &str, sentence: Span) -> Tree {
        match doc.get(sentence.range()) {
            Some(text) => self.analyzer.analyze_text(text, sentence.start),
            None => Tree::default(),
        }
    }
}

/// Document span covered by a token range of a tree built from document tokens.
fn token_span(tree: &Tree, r: &std::ops::Range<usize>) -> Option<Span> {
    let first = tree.tokens.get(r.start)?.span?;
    let last = tree.tokens.get(r.end.checked_sub(1)?.max(r.start))?.span?;
    Some(first.cover(last))
}

/// `---` (and other codes without letters or digits) code nothing.
fn is_coded(code: &str) -> bool {
    code.bytes().any(|b| b.is_ascii_alphanumeric())
}

fn actor_row(tree: &Tree, doc: &str, hit: &Option<ActorHit>) -> Option<ActorRow> {
    let hit = hit.as_ref().filter(|h| is_coded(&h.code))?;
    let span = token_span(tree, &hit.tokens)?;
    Some(ActorRow { code: hit.code.clone(), text: doc.get(span.range())?.to_string(), span, location: None })
}

/// Map a coded event of `tree` (whose tokens carry document spans) to a storable event.
pub fn to_new_event(tree: &Tree, doc: &str, sentence: Span, e: &CodedEvent, date: Option<Date>) -> NewEvent {
    NewEvent {
        sentence: 0,
        code: e.code.clone(),
        actor1: actor_row(tree, doc, &e.source),
        actor2: actor_row(tree, doc, &e.target),
        verb: token_span(tree, &e.verb).unwrap_or(sentence),
        date,
        pattern: e.pattern.clone(),
        date_precision: date.map(|_| "day".to_string()),
        date_source: date.map(|_| "publication".to_string()),
        date_phrase: None,
        location: None,
    }
}

impl EventCoder {
    /// Events of one article sentence's tree: at least one side coded.
    fn code_tree(
        &self,
        tree: &Tree,
        doc: &str,
        sentence: Span,
        date: Option<Date>,
        aliases: &[Alias],
    ) -> Vec<NewEvent> {
        self.coder
            .code_with_aliases(tree, date, &self.article_options, aliases)
            .iter()
            .filter(|e| [&e.source, &e.target].iter().any(|a| a.as_ref().is_some_and(|a| is_coded(&a.code))))
            .map(|e| to_new_event(tree, doc, sentence, e, date))
            .collect()
    }
}

impl SentenceCoder for EventCoder {
    fn code(&self, doc: &str, sentence: &tidings_text::Sentence, date: Option<Date>) -> Vec<NewEvent> {
        let tree = self.tree_for_text(doc, sentence.span);
        self.code_tree(&tree, doc, sentence.span, date, &[])
    }

    /// Codes the sentences in order, so that a person named in full earlier in the
    /// article is recognized by surname alone afterwards.
    fn code_sentences(
        &self,
        doc: &str,
        sentences: &[tidings_text::Sentence],
        date: Option<Date>,
    ) -> Vec<Vec<NewEvent>> {
        let mut active: Vec<Alias> = Vec::new();
        let mut ambiguous: Vec<Vec<String>> = Vec::new();
        let mut bridging: Vec<Alias> = Vec::new();
        let mut dyad: Option<(usize, usize)> = None;
        // one tree for the article's sentences: its strings and node lists are reused
        let mut tree = Tree::default();
        sentences
            .iter()
            .map(|s| {
                // the analyzer's tokens first: the parse is built only when a verb-dictionary
                // word could code something (the coder would return nothing otherwise)
                let text = doc.get(s.span.range()).unwrap_or("");
                let ranges = tidings_syntax::token_ranges(text);
                let words: Vec<&str> = ranges.iter().filter_map(|&(a, b)| text.get(a..b)).collect();
                let may_code = self.coder.may_code(&words);
                if may_code {
                    self.analyzer.analyze_ranges_into(text, s.span.start, &ranges, &mut tree);
                }
                if !self.later_mentions.is_empty() {
                    let before = active.len();
                    self.later_mentions.activate(&words, &mut active, &mut ambiguous);
                    if active.len() != before {
                        bridging.clear();
                    }
                }
                if bridging.is_empty() {
                    if let Some((a, b)) = dyad {
                        bridging.extend(active.iter().cloned());
                        bridging.extend(DEAL_HEADS.iter().filter_map(|h| Alias::bridging(h, &[a, b])));
                    }
                }
                let aliases = if dyad.is_some() { &bridging } else { &active };
                // (without a verb-dictionary word the coder codes nothing, whatever the tree)
                let events = if may_code { self.code_tree(&tree, doc, s.span, date, aliases) } else { Vec::new() };
                if let Some(d) = events.iter().rev().find_map(|e| cooperative_dyad(e, &self.country_entries)) {
                    if dyad != Some(d) {
                        dyad = Some(d);
                        bridging.clear();
                    }
                }
                events
            })
            .collect()
    }
}

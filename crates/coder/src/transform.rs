//! PETRARCH-2 verb semantics applied on top of the per-verb coding (Petrarch2.tex,
//! "Verb+Verb interaction"; dictionaries.rst, "Patterns"):
//!
//! * **Negation through the ontology.** When the dictionaries carry a coding
//!   ontology (UniversalPetrarch's `<PICOfile>`), a verb negated in its auxiliary
//!   chain (`did not clash`, `will not ever clash`, `won't`, `never`) takes the code
//!   of its negated value ([`tidings_dict::Ontology::negate`]): *not disapprove* is
//!   diplomatic cooperation (050), *not coerce* is 057. A negated verb whose
//!   negation has no CAMEO code codes nothing: the event did not happen. Without an
//!   ontology, negation stays what PETRARCH-1 dictionaries make it: patterns
//!   (`NOT *`).
//! * **Verb+verb combination through the ontology.** A verb acting on the
//!   infinitive complement inside its phrase (`intends to help`, `urged X to
//!   respond`, `was seen to break`) takes the code of the two values combined
//!   ([`tidings_dict::Ontology::combine`]): *intend* + *help* is 033, *urge* +
//!   *respond* stays 023, *see* + *break* (a refusal) is 120. The lower verb's own
//!   patterns and negation give its value; the upper verb's object stays the
//!   target, else the lower verb's is used, and the lower verb's voice decides
//!   the direction (`was seen to break` is not passive). A complement inside a
//!   finite clause with its own subject (`said that X will help`) is not
//!   combined, nor is a combination without a CAMEO code (the upper code stands).
//! * **Post-verb pattern words stay in the verb's phrase.** For PETRARCH-2
//!   dictionaries a finite clause with its own subject inside the verb phrase
//!   (`allowed [that Mordor isn't the neatest place]`) is not seen by the verb's
//!   patterns; its own verb codes it. Infinitive complements still are.
//! * **`~` transformations.** A verb dictionary's `~ a (a b ATTACK) SAY = a b 015`
//!   lines rewrite an upper verb acting on a lower one: the lower verb is an
//!   infinitive complement (no lower source, `_`) or a finite complement clause with
//!   its own subject; `a` is the upper subject, `b` another actor, `.` any actor or
//!   none, `Q` any lower verb (and, in the result, its code). Verb names stand for
//!   their codes, so synonyms match. The first matching line wins.
//! * **Pre-verb pattern words are nouns.** A PETRARCH-2 pattern's part before `*`
//!   names the heads of the noun phrases before the verb (`- PROTESTERS * MONUMENT`),
//!   so for PETRARCH-2 dictionaries the upper sequence seen by pattern words keeps
//!   only the words of noun phrases (`{DEATH TOLL} *`): adverbs and other verbs
//!   (`HEAVILY *`, `INDICATED *`) and the conjunctions of a compound (`NEITHER *`)
//!   before the verb do not match.

use tidings_dict::Dictionaries;
use tidings_model::tree::{NodeId, Tree};

use crate::{is_np, El, Sentence};

/// Words that negate the verb they precede in its auxiliary chain.
const NEGATORS: &[&str] = &["NOT", "N'T", "NEVER"];

/// Auxiliary verbs (and their clitic forms) that head a verb-chain link.
const AUXILIARIES: &[&str] = &[
    "DO", "DOES", "DID", "WILL", "WOULD", "WO", "CAN", "CA", "COULD", "SHALL", "SHOULD", "MAY", "MIGHT", "MUST", "HAS",
    "HAVE", "HAD", "IS", "ARE", "WAS", "WERE", "BE", "BEEN", "BEING", "AM", "'S", "'LL", "'D", "'RE", "'VE",
];

fn is_negator_node(tree: &Tree, words: &[&str], n: NodeId) -> bool {
    let node = &tree.nodes[n];
    match node.token {
        Some(t) => NEGATORS.contains(&words[t]),
        // an adverb phrase holding the negator (`ADVP (RB not)`)
        None => node.label.starts_with("ADVP") && tree.leaves(n).iter().any(|&t| NEGATORS.contains(&words[t])),
    }
}

/// Is the verb heading `vp` negated? A negator among the auxiliary links above it
/// (`VP -> MD RB VP`, `VP -> VBD RB VP`), or right before the verb phrase in its
/// clause (`S -> NP ADVP(never) VP`).
pub(crate) fn is_negated(tree: &Tree, words: &[&str], vp: NodeId, verb: usize) -> bool {
    // start from the verb's own phrase (a passive participle sits below `vp`)
    let mut cur = vp;
    let mut st = vec![vp];
    while let Some(n) = st.pop() {
        if tree.nodes[n].token == Some(verb) {
            cur = tree.nodes[n].parent.unwrap_or(vp);
            break;
        }
        st.extend_from_slice(&tree.nodes[n].children);
    }
    while let Some(p) = tree.nodes[cur].parent {
        let pn = &tree.nodes[p];
        let before = pn.children.iter().take_while(|&&c| c != cur);
        if pn.label.starts_with("VP") {
            let Some(&first) = pn.children.first() else { return false };
            let Some(t) = tree.nodes[first].token else { return false };
            let tag = tree.tokens[t].tag.as_ref();
            let aux = tag == "MD" || tag == "TO" || (tag.starts_with("VB") && AUXILIARIES.contains(&words[t]));
            if !aux {
                return false;
            }
            if before.into_iter().any(|&c| is_negator_node(tree, words, c)) {
                return true;
            }
            cur = p;
        } else {
            // the clause: only the words between the subject and the verb phrase
            let last = pn.children.iter().take_while(|&&c| c != cur).copied().collect::<Vec<_>>();
            return last
                .iter()
                .rev()
                .take_while(|&&c| !tree.nodes[c].label.starts_with("NP"))
                .any(|&c| is_negator_node(tree, words, c));
        }
    }
    false
}

/// The code of a negated verb through the dictionaries' ontology: `Some(None)` when
/// the negation has no CAMEO code (nothing is coded), `None` when there is no
/// ontology (the code stands). Reciprocal `X:Y` codes negate part by part.
pub(crate) fn negated_code(d: &Dictionaries, code: &str) -> Option<Option<String>> {
    let o = d.ontology.as_ref()?;
    let mut parts = Vec::new();
    for c in code.split(':') {
        match o.negate(c) {
            Some(n) => parts.push(n.to_string()),
            None => return Some(None),
        }
    }
    Some(Some(parts.join(":")))
}

/// The hook after per-verb coding: `None` when nothing changes (no ontology, the
/// verb is not negated, or the pattern that fired already spells the negation),
/// else the negated code (`Some(None)`: nothing is coded).
pub(crate) fn ontology_negation(
    d: &Dictionaries,
    tree: &Tree,
    words: &[&str],
    vp: NodeId,
    verb: usize,
    code: &str,
    pattern: &str,
) -> Option<Option<String>> {
    d.ontology.as_ref()?;
    if pattern.split(|c: char| !c.is_ascii_alphabetic() && c != '\'').any(|w| NEGATORS.contains(&w)) {
        return None;
    }
    if !is_negated(tree, words, vp, verb) {
        return None;
    }
    negated_code(d, code)
}

/// The verb a verb acts on (Petrarch2.tex, "Combinations"): an infinitive
/// complement of the verb at token `verb` inside its phrase `vp` (`urged Eriador
/// [to respond]`, `was seen [to break]`, `intends [to help]`), reached through
/// noun phrases and subjectless or controlled clauses, not through a
/// subordinate clause (`SBAR`), a prepositional phrase or another verb's phrase.
/// Returns the complement's verb phrase (the one its verb heads) and that verb.
pub(crate) fn complement(tree: &Tree, vp: NodeId, verb: usize) -> Option<(NodeId, usize)> {
    let head = |n: NodeId| {
        let c = *tree.nodes[n].children.first()?;
        let t = tree.nodes[c].token?;
        Some((t, tree.tokens[t].tag.as_ref()))
    };
    // the verb's own phrase (below the auxiliaries of a passive or a tense chain)
    let own = own_phrase(tree, vp, verb)?;
    let mut stack: Vec<NodeId> = tree.nodes[own].children.iter().rev().copied().collect();
    while let Some(n) = stack.pop() {
        let label = tree.nodes[n].label.as_ref();
        if label.starts_with("VP") {
            match head(n) {
                Some((_, "TO")) => {
                    // `to` + the verb phrase it introduces
                    let inner =
                        tree.nodes[n].children.iter().copied().find(|&c| tree.nodes[c].label.starts_with("VP"))?;
                    let (t, tag) = head(inner)?;
                    return tag.starts_with("VB").then_some((inner, t));
                }
                _ => continue,
            }
        }
        if label == "S" || is_noun_phrase(label) {
            stack.extend(tree.nodes[n].children.iter().rev());
        }
    }
    None
}

fn is_noun_phrase(label: &str) -> bool {
    label == "NP" || label.starts_with("NP-")
}

/// The code of an upper verb acting on a lower one through the dictionaries'
/// ontology ([`tidings_dict::Ontology::combine`]): `None` without an ontology, for
/// reciprocal `X:Y` codes, or when the combination has no CAMEO code (the upper
/// verb's code stands).
pub(crate) fn combined_code(d: &Dictionaries, upper: &str, lower: &str) -> Option<String> {
    let o = d.ontology.as_ref()?;
    if upper.contains(':') || lower.contains(':') {
        return None;
    }
    o.combine_codes(upper, lower).map(str::to_string)
}

/// The lower sequence as PETRARCH-2 pattern words see it: the verb's own objects
/// and prepositional phrases, not a finite clause inside its phrase with a
/// subject of its own (`allowed [that Mordor isn't the neatest place]`), whose
/// verb is coded on its own. `None` for PETRARCH-1 dictionaries.
pub(crate) fn lower_for_patterns(d: &Dictionaries, tree: &Tree, vp: NodeId, els: &[El]) -> Option<Vec<El>> {
    if !d.verbs.petrarch2 {
        return None;
    }
    let mut inside = std::collections::HashSet::new();
    let mut stack = vec![vp];
    while let Some(n) = stack.pop() {
        let node = &tree.nodes[n];
        // a finite clause: an infinitive (`urged X [to freeze ...]`) is the verb's complement
        let finite_vp = |c: NodeId| {
            tree.nodes[c].label.starts_with("VP")
                && tree.nodes[c]
                    .children
                    .first()
                    .and_then(|&h| tree.nodes[h].token)
                    .is_some_and(|t| tree.tokens[t].tag != "TO")
        };
        let clause = node.label == "S"
            && node.children.iter().any(|&c| is_noun_phrase(&tree.nodes[c].label))
            && node.children.iter().any(|&c| finite_vp(c));
        if clause && n != vp {
            inside.extend(tree.leaves(n));
            continue;
        }
        stack.extend(node.children.iter().copied());
    }
    if inside.is_empty() {
        return None;
    }
    Some(
        els.iter()
            .copied()
            .filter(|e| match e {
                El::Word(t) | El::Comma(t) => !inside.contains(t),
                _ => true,
            })
            .collect(),
    )
}

/// Words of the noun-phrase members (conjunction words and the like outside the
/// members of a compound, `NEITHER`, `NOR`, are not).
fn member_tokens(s: &Sentence<'_>) -> Vec<bool> {
    let mut keep = vec![false; s.words.len()];
    for u in &s.units {
        for m in &u.members {
            for &t in &m.tokens {
                keep[t] = true;
            }
        }
    }
    keep
}

/// The upper sequence as PETRARCH-2 pattern words see it: markers and commas, and of
/// the words only those of noun phrases (`{DEATH TOLL} *`). `None` for PETRARCH-1 dictionaries (every word
/// counts).
pub(crate) fn upper_for_patterns(d: &Dictionaries, s: &Sentence<'_>, els: &[El]) -> Option<Vec<El>> {
    if !d.verbs.petrarch2 {
        return None;
    }
    let keep = member_tokens(s);
    Some(els.iter().copied().filter(|e| !matches!(e, El::Word(t) if !keep[*t])).collect())
}

/// The code a verb name of a `~` transformation stands for (`SAY`, `ATTACK`: "the
/// verbs in the patterns are converted to codes, so synonyms also match"): the verb
/// word's own code, else its block's; a block name (`ASSASSINATE`) also works.
/// The codes a `~` transformation line names: its upper verb's and its lower verb's
/// (`Q`: any lower verb, no code), looked up once per dictionary.
#[derive(Debug, Clone, Default)]
pub(crate) struct TransformCodes {
    upper: Option<String>,
    lower: Option<String>,
}

pub(crate) fn transform_codes(d: &Dictionaries) -> Vec<TransformCodes> {
    d.verbs
        .transforms
        .iter()
        .map(|t| TransformCodes {
            upper: verb_name_code(d, &t.verb),
            lower: (t.inner.2 != "Q").then(|| verb_name_code(d, &t.inner.2)).flatten(),
        })
        .collect()
}

fn verb_name_code(d: &Dictionaries, name: &str) -> Option<String> {
    let word = d
        .verbs
        .by_word
        .get(name)
        .and_then(|ids| ids.iter().map(|&i| &d.verbs.forms[i]).find(|f| f.before.is_empty() && f.after.is_empty()));
    let code = match word {
        Some(f) => f.code.clone().or_else(|| d.verbs.families[f.family].code.clone()),
        None => d.verbs.families.iter().find(|f| f.name == name).and_then(|f| f.code.clone()),
    };
    code.filter(|c| c.bytes().any(|b| b.is_ascii_alphanumeric()))
}

/// The first coded unit lying inside node `n`.
fn coded_unit_in(s: &Sentence<'_>, n: NodeId) -> Option<usize> {
    let leaves = s.tree.leaves(n);
    let mut units: Vec<usize> = (0..s.units.len())
        .filter(|&u| !s.units[u].tokens.is_empty() && s.units[u].tokens.iter().all(|t| leaves.contains(t)))
        .filter(|&u| s.units[u].is_coded())
        .collect();
    units.sort_by_key(|&u| s.units[u].tokens[0]);
    units.first().copied()
}

/// The subject of the clause a verb phrase heads: the first coded unit of the last
/// noun phrase before it in the nearest enclosing clause.
fn clause_subject(s: &Sentence<'_>, vp: NodeId) -> Option<usize> {
    let tree = s.tree;
    let mut cur = vp;
    while let Some(p) = tree.nodes[cur].parent {
        let pn = &tree.nodes[p];
        if pn.label.starts_with('S') && !pn.label.starts_with("SBAR") {
            let np = pn.children.iter().take_while(|&&c| c != cur).filter(|&&c| is_np(&tree.nodes[c].label)).last();
            return np.and_then(|&np| coded_unit_in(s, np));
        }
        cur = p;
    }
    None
}

/// The finite complement clause of a verb (`said [that] A will attack B`): the verb
/// phrase of the clause and the clause's subject node.
fn finite_complement(tree: &Tree, vp: NodeId, verb: usize) -> Option<(NodeId, NodeId)> {
    let own = own_phrase(tree, vp, verb)?;
    let sbar = tree.nodes[own].children.iter().copied().find(|&c| tree.nodes[c].label.starts_with("SBAR"))?;
    let clause = tree.nodes[sbar].children.iter().copied().find(|&c| tree.nodes[c].label == "S")?;
    let kids = &tree.nodes[clause].children;
    let subject = kids.iter().copied().find(|&c| is_np(&tree.nodes[c].label))?;
    let lvp = kids.iter().copied().find(|&c| tree.nodes[c].label.starts_with("VP"))?;
    Some((lvp, subject))
}

/// The verb phrase a verb token heads (below the auxiliaries of its chain).
fn own_phrase(tree: &Tree, vp: NodeId, verb: usize) -> Option<NodeId> {
    let head = |n: NodeId| tree.nodes[*tree.nodes[n].children.first()?].token;
    let mut own = vp;
    while head(own) != Some(verb) {
        own = *tree.nodes[own].children.iter().find(|&&c| tree.nodes[c].label.starts_with("VP"))?;
    }
    Some(own)
}

/// The first verb phrase at or below `vp` whose head is a verb with a coding
/// meaning (skipping the auxiliaries of `will attack`, `has attacked`).
fn lexical_vp(tree: &Tree, vp: NodeId) -> Vec<(NodeId, usize)> {
    let mut out = Vec::new();
    let mut cur = Some(vp);
    while let Some(v) = cur {
        let first = tree.nodes[v].children.first().copied();
        if let Some(t) = first.and_then(|c| tree.nodes[c].token) {
            if tree.tokens[t].tag.starts_with("VB") {
                out.push((v, t));
            }
        }
        cur = tree.nodes[v].children.iter().copied().find(|&c| tree.nodes[c].label.starts_with("VP"));
    }
    out
}

/// What a `~` transformation makes of an upper verb acting on a lower one.
pub(crate) struct Transformed {
    pub code: String,
    pub source: usize,
    pub target: usize,
    pub line: usize,
}

impl crate::Coder {
    /// Apply the verb dictionary's `~` transformations (dictionaries.rst,
    /// "Transformations") to the verb phrase `vp` coded `upper_code`: `~ a (a b ATTACK)
    /// SAY = a b 015` turns "A said A will attack B" into A→B 015. The lower verb is an
    /// infinitive complement (no lower source: `_`) or a finite complement clause
    /// with its own subject; `.` accepts any actor or none, `Q` any lower verb (and
    /// in the result, the lower verb's code). The first matching line wins.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn transformation(
        &self,
        s: &Sentence<'_>,
        seq: &[El],
        deleted: &[bool],
        vp: NodeId,
        verb: usize,
        vp_last: usize,
        upper_code: &str,
        opts: &crate::CoderOptions,
    ) -> Option<Transformed> {
        let d = &self.dict;
        // only lines written for this upper verb; most verb phrases stop here, before
        // any lower clause is looked for
        let lines: Vec<(&tidings_dict::Transform, &TransformCodes)> = d
            .verbs
            .transforms
            .iter()
            .zip(&self.transform_codes)
            .filter(|(_, c)| c.upper.as_deref() == Some(upper_code))
            .collect();
        if lines.is_empty() {
            return None;
        }
        let tree = s.tree;
        let upper_source = clause_subject(s, vp)?;
        // the lower verb: an infinitive complement, else a finite complement clause
        let (lower, lower_source) = match complement(tree, vp, verb) {
            Some((lvp, lt)) => (self.meaning(s, seq, deleted, lvp, lt, vp_last, opts)?, None),
            None => {
                let (lvp, subject) = finite_complement(tree, vp, verb)?;
                let m = lexical_vp(tree, lvp)
                    .into_iter()
                    .filter(|&(_, lt)| !deleted[lt])
                    .find_map(|(v, lt)| self.meaning(s, seq, deleted, v, lt, vp_last, opts))?;
                (m, coded_unit_in(s, subject))
            }
        };
        let lower_target = lower.binding.target.or_else(|| crate::find_target(&lower.lview, &s.units, false));
        let lower_target = lower_target.filter(|&u| s.units[u].is_coded() && Some(u) != lower_source);
        let code_of = |u: usize| s.units[u].head_code().map(str::to_string);
        for (t, codes) in lines {
            let (ls_var, lt_var, lverb) = (&t.inner.0, &t.inner.1, &t.inner.2);
            if lverb != "Q" && codes.lower.as_deref() != Some(lower.code.as_str()) {
                continue;
            }
            let mut b: Option<usize> = None;
            let source_ok = match ls_var.as_str() {
                "_" => lower_source.is_none(),
                "." => true,
                v if v == t.upper_source => lower_source.is_some_and(|u| code_of(u) == code_of(upper_source)),
                _ => match lower_source {
                    Some(u) if code_of(u) != code_of(upper_source) => {
                        b = Some(u);
                        true
                    }
                    _ => false,
                },
            };
            let target_ok = match lt_var.as_str() {
                "_" => lower_target.is_none(),
                "." => true,
                v if v == t.upper_source => lower_target.is_some_and(|u| code_of(u) == code_of(upper_source)),
                _ => match (b, lower_target) {
                    (None, Some(u)) => {
                        b = Some(u);
                        true
                    }
                    (Some(x), Some(u)) => x == u,
                    _ => false,
                },
            };
            if !(source_ok && target_ok) {
                continue;
            }
            let var = |v: &str| if v == t.upper_source { Some(upper_source) } else { b };
            let (Some(source), Some(target)) = (var(&t.result.0), var(&t.result.1)) else { continue };
            let code = if t.result.2 == "Q" { lower.code.clone() } else { t.result.2.clone() };
            if !code.bytes().any(|c| c.is_ascii_alphanumeric()) || source == target {
                continue;
            }
            return Some(Transformed { code, source, target, line: t.line });
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::penn::parse_penn;

    fn words(tree: &Tree) -> Vec<String> {
        tree.tokens.iter().map(|t| t.text.to_uppercase()).collect()
    }

    fn verb_vp(tree: &Tree, verb: &str) -> NodeId {
        (0..tree.nodes.len())
            .find(|&n| {
                tree.nodes[n].label.starts_with("VP")
                    && tree.nodes[n]
                        .children
                        .first()
                        .and_then(|&c| tree.nodes[c].token)
                        .is_some_and(|t| tree.tokens[t].text == verb)
            })
            .expect("verb phrase")
    }

    #[test]
    fn negation_in_the_auxiliary_chain() {
        let cases = [
            (
                "(ROOT (S (NP (NNP Arnor)) (VP (VBD did) (RB n't) (VP (VB clash) (PP (IN with) (NP (NNP Gondor)))))))",
                true,
            ),
            ("(ROOT (S (NP (NNP Arnor)) (VP (MD will) (RB not) (RB ever) (VP (VB clash)))))", true),
            ("(ROOT (S (NP (NNP Arnor)) (ADVP (RB never)) (VP (VBD clashed))))", true),
            ("(ROOT (S (NP (NNP Arnor)) (VP (MD will) (VP (VB clash)))))", false),
            // the negator belongs to another verb: "refused", not "clash"
            (
                "(ROOT (S (NP (NNP Arnor)) (VP (VBD did) (RB not) (VP (VB refuse) (S (VP (TO to) (VP (VB clash))))))))",
                false,
            ),
        ];
        for (src, want) in cases {
            let tree = parse_penn(src).unwrap();
            let owned = words(&tree);
            let w: Vec<&str> = owned.iter().map(String::as_str).collect();
            let v = if src.contains("clashed") { "clashed" } else { "clash" };
            let vp = verb_vp(&tree, v);
            let t = tree.nodes[tree.nodes[vp].children[0]].token.unwrap();
            assert_eq!(is_negated(&tree, &w, vp, t), want, "{src}");
        }
    }

    #[test]
    fn negated_codes_need_an_ontology() {
        let (mut d, _) = Dictionaries::from_texts("--- CLASH [110] ---\nCLASH\n", &[], "", "");
        assert_eq!(negated_code(&d, "110"), None);
        let (o, _) = tidings_dict::Ontology::parse("110:0x1007f\n050:0x0080\n190:0x00A0\n", "pico");
        d.ontology = Some(o);
        assert_eq!(negated_code(&d, "110"), Some(Some("050".to_string())));
        assert_eq!(negated_code(&d, "110:110"), Some(Some("050:050".to_string())));
        // "did not attack": no CAMEO code, nothing is coded
        assert_eq!(negated_code(&d, "190"), Some(None));
    }
}

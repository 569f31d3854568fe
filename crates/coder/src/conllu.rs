//! CoNLL-U (Universal Dependencies) parses -> a Penn-style constituency [`Tree`].
//!
//! The coder consumes constituency trees only, so dependency parses are converted:
//! a clause head with a subject becomes `S -> NP VP`, auxiliaries / `to` / copulas
//! become a chain of `VP`s (`VP -> MD VP -> VB ...`, as the Penn Treebank nests
//! them), nominals become `NP`s (with `PP -> IN NP` for a `case` dependent, post
//! modifiers as `NP -> NP PP`, conjuncts as `NP -> NP CC NP`), verb conjuncts as
//! `VP -> VP CC VP`, and clausal complements as `S`/`SBAR`. The Penn tag is taken from
//! the XPOS column when present, else derived from UPOS.

use tidings_model::tree::{Token, Tree};

use crate::CoderError;

#[derive(Debug, Clone)]
struct Word {
    form: String,
    lemma: String,
    upos: String,
    xpos: String,
    head: usize,
    deprel: String,
}

enum Ph {
    Leaf(usize),
    Node(&'static str, Vec<Ph>),
}

fn penn_tag(w: &Word) -> String {
    if !w.xpos.is_empty() && w.xpos != "_" {
        return w.xpos.clone();
    }
    match w.upos.as_str() {
        "NOUN" => "NN",
        "PROPN" => "NNP",
        "VERB" => "VB",
        "AUX" => "MD",
        "ADJ" => "JJ",
        "ADV" => "RB",
        "ADP" => "IN",
        "DET" => "DT",
        "PRON" => "PRP",
        "NUM" => "CD",
        "CCONJ" => "CC",
        "PART" => "RP",
        "PUNCT" => ".",
        _ => "NN",
    }
    .to_string()
}

/// Parse one CoNLL-U sentence.
pub fn parse_conllu(s: &str) -> Result<Tree, CoderError> {
    let mut words: Vec<Word> = Vec::new();
    for (n, line) in s.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 8 {
            return Err(CoderError::Parse {
                reason: format!("CoNLL-U line {}: {} fields, need 8 or more", n + 1, f.len()),
            });
        }
        if f[0].contains('-') || f[0].contains('.') {
            continue; // multi-word token ranges and empty nodes
        }
        let id: usize = f[0]
            .parse()
            .map_err(|_| CoderError::Parse { reason: format!("CoNLL-U line {}: bad id `{}`", n + 1, f[0]) })?;
        if id != words.len() + 1 {
            return Err(CoderError::Parse { reason: format!("CoNLL-U line {}: id {id} out of sequence", n + 1) });
        }
        let head: usize = f[6]
            .parse()
            .map_err(|_| CoderError::Parse { reason: format!("CoNLL-U line {}: bad head `{}`", n + 1, f[6]) })?;
        words.push(Word {
            form: f[1].to_string(),
            lemma: f[2].to_string(),
            upos: f[3].to_string(),
            xpos: f[4].to_string(),
            head,
            deprel: f[7].to_string(),
        });
    }
    if words.is_empty() {
        return Err(CoderError::Parse { reason: "CoNLL-U sentence without words".into() });
    }
    let n = words.len();
    if let Some(w) = words.iter().find(|w| w.head > n) {
        return Err(CoderError::Parse { reason: format!("CoNLL-U head {} beyond the sentence", w.head) });
    }
    let mut deps: Vec<Vec<usize>> = vec![Vec::new(); n + 1];
    for (i, w) in words.iter().enumerate() {
        deps[w.head].push(i + 1);
    }
    repair_nominal_subjects(&mut words, &deps);
    let conv = Conv { words: &words, deps: &deps };
    let mut seen = vec![false; n + 1];
    let mut top = Vec::new();
    for &r in &deps[0] {
        top.push(conv.clause_or_phrase(r, &mut seen, 0));
    }
    // words not reachable from a root (cycles) are attached flat, in order
    for (i, s) in seen.iter_mut().enumerate().skip(1) {
        if !*s {
            *s = true;
            top.push(Ph::Leaf(i));
        }
    }
    let mut tree = Tree::default();
    for w in &words {
        tree.tokens.push(Token {
            text: w.form.clone(),
            tag: penn_tag(w).into(),
            lemma: Some(w.lemma.clone()),
            span: None,
        });
    }
    let root = tree.add("ROOT", None, None);
    tree.root = root;
    for p in top {
        materialise(&mut tree, p, root);
    }
    Ok(tree)
}

/// A UDPipe tagging error: a subject tagged as a verb that has only nominal
/// dependents (`Pyongyang on Thursday fired ...`, `Gollum in recent days did
/// allow ...`: VERB + nmod) is a noun; it is read as a proper noun when
/// capitalized, else as a common noun.
fn repair_nominal_subjects(words: &mut [Word], deps: &[Vec<usize>]) {
    const NOMINAL_DEPS: &[&str] =
        &["nmod", "amod", "det", "case", "compound", "punct", "nummod", "appos", "flat", "name", "conj", "cc"];
    for i in 0..words.len() {
        let w = &words[i];
        let subject = matches!(w.deprel.split(':').next(), Some("nsubj" | "nsubjpass"));
        let nominal_deps = deps[i + 1].iter().all(|&d| {
            let rel = words[d - 1].deprel.split(':').next().unwrap_or("");
            NOMINAL_DEPS.contains(&rel)
        });
        if w.upos == "VERB" && subject && nominal_deps {
            let proper = w.form.chars().next().is_some_and(char::is_uppercase);
            let w = &mut words[i];
            w.upos = if proper { "PROPN" } else { "NOUN" }.to_string();
            w.xpos = if proper { "NNP" } else { "NN" }.to_string();
        }
    }
}

fn materialise(tree: &mut Tree, p: Ph, parent: usize) {
    match p {
        Ph::Leaf(i) => {
            let tag = tree.tokens[i - 1].tag.clone();
            tree.add(tag, Some(parent), Some(i - 1));
        }
        Ph::Node(label, kids) => {
            let id = tree.add(label, Some(parent), None);
            for k in kids {
                materialise(tree, k, id);
            }
        }
    }
}

fn leaf(d: usize, seen: &mut [bool]) -> Ph {
    seen[d] = true;
    Ph::Leaf(d)
}

struct Conv<'a> {
    words: &'a [Word],
    deps: &'a [Vec<usize>],
}

const MAX_DEPTH: usize = 200;

impl Conv<'_> {
    fn w(&self, i: usize) -> &Word {
        &self.words[i - 1]
    }
    /// Universal relation without subtype; UD v1 names (`nsubjpass`, `auxpass`,
    /// `dobj`, `csubjpass`) are mapped to their v2 equivalents.
    fn rel(&self, i: usize) -> &str {
        match self.w(i).deprel.split(':').next().unwrap_or("") {
            "nsubjpass" => "nsubj",
            "csubjpass" => "csubj",
            "auxpass" => "aux",
            "dobj" => "obj",
            r => r,
        }
    }
    /// Words of the subtree headed by `i`, in sentence order.
    fn subtree(&self, i: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut stack = vec![(i, 0usize)];
        while let Some((x, d)) = stack.pop() {
            if out.contains(&x) {
                continue;
            }
            out.push(x);
            if d < MAX_DEPTH {
                stack.extend(self.deps[x].iter().map(|&c| (c, d + 1)));
            }
        }
        out.sort_unstable();
        out
    }

    /// First word of the subtree headed by `i`.
    fn min_index(&self, i: usize) -> usize {
        let mut best = i;
        let mut stack = vec![(i, 0usize)];
        while let Some((x, d)) = stack.pop() {
            best = best.min(x);
            if d < MAX_DEPTH {
                stack.extend(self.deps[x].iter().map(|&c| (c, d + 1)));
            }
        }
        best
    }
    fn is_verb(&self, i: usize) -> bool {
        let w = self.w(i);
        w.upos == "VERB" || (w.upos == "AUX" && !self.deps[i].is_empty() && w.xpos.starts_with("VB"))
    }
    fn is_clause(&self, i: usize) -> bool {
        self.is_verb(i) || self.deps[i].iter().any(|&d| matches!(self.rel(d), "nsubj" | "csubj" | "cop"))
    }

    fn clause_or_phrase(&self, h: usize, seen: &mut [bool], depth: usize) -> Ph {
        if self.is_clause(h) {
            self.clause(h, seen, depth)
        } else {
            self.phrase(h, seen, depth)
        }
    }

    /// Any dependent, by its relation.
    fn dependent(&self, d: usize, seen: &mut [bool], depth: usize) -> Ph {
        if depth > MAX_DEPTH || seen[d] {
            return leaf(d, seen);
        }
        match self.rel(d) {
            "ccomp" | "xcomp" | "advcl" | "csubj" | "parataxis" | "acl" => self.clause_or_phrase(d, seen, depth + 1),
            _ if self.is_clause(d) => self.clause(d, seen, depth + 1),
            _ => self.phrase(d, seen, depth + 1),
        }
    }

    /// S -> [subject] VP-chain, with SBAR for `that`/`because` marks.
    fn clause(&self, h: usize, seen: &mut [bool], depth: usize) -> Ph {
        seen[h] = true;
        let ds: Vec<usize> = self.deps[h].iter().copied().filter(|&d| !seen[d]).collect();
        let (conj, ds): (Vec<usize>, Vec<usize>) = ds.into_iter().partition(|&d| self.rel(d) == "conj");
        let subj: Vec<usize> =
            ds.iter().copied().filter(|&d| matches!(self.rel(d), "nsubj" | "csubj" | "expl")).collect();
        let chain: Vec<usize> = ds
            .iter()
            .copied()
            .filter(|&d| {
                d < h && (matches!(self.rel(d), "aux" | "cop") || (self.rel(d) == "mark" && self.w(d).xpos == "TO"))
            })
            .collect();
        let marks: Vec<usize> =
            ds.iter().copied().filter(|&d| d < h && self.rel(d) == "mark" && self.w(d).xpos != "TO").collect();
        let last_conj = conj.iter().copied().max().unwrap_or(0);
        let seps: Vec<usize> = ds
            .iter()
            .copied()
            .filter(|&d| {
                d > h && d < last_conj && (self.rel(d) == "cc" || (self.rel(d) == "punct" && self.w(d).form == ","))
            })
            .collect();
        let rest: Vec<usize> = ds
            .iter()
            .copied()
            .filter(|&d| !subj.contains(&d) && !chain.contains(&d) && !marks.contains(&d) && !seps.contains(&d))
            .collect();
        let verbal = self.is_verb(h);
        // innermost: head plus its post-head dependents (and pre-head ones after the last chain word)
        let last_chain = chain.last().copied().unwrap_or(0);
        let mut pre_s: Vec<Ph> = Vec::new();
        let mut inner: Vec<Ph> = Vec::new();
        let mut chain_extra: Vec<Vec<Ph>> = (0..chain.len()).map(|_| Vec::new()).collect();
        for &d in rest.iter().filter(|&&d| d < h) {
            let ph = self.dependent(d, seen, depth);
            match chain.iter().rposition(|&c| c < d) {
                Some(ci) if d > last_chain || ci < chain.len() => chain_extra[ci].push(ph),
                _ => pre_s.push(ph),
            }
        }
        let head_ph = if verbal {
            Ph::Leaf(h)
        } else {
            // copular predicate: its own NP/ADJP
            Ph::Leaf(h)
        };
        inner.push(head_ph);
        // sentence-final punctuation belongs to the clause, not the verb phrase
        let is_final_punct =
            |d: usize| self.rel(d) == "punct" && matches!(self.w(d).form.as_str(), "." | "!" | "?") && d > h;
        let post_s: Vec<usize> =
            if subj.is_empty() { Vec::new() } else { rest.iter().copied().filter(|&d| is_final_punct(d)).collect() };
        for &d in rest.iter().filter(|&&d| d > h && !post_s.contains(&d)) {
            inner.push(self.dependent(d, seen, depth));
        }
        let mut vp = if verbal {
            Ph::Node("VP", inner)
        } else {
            let label = match self.w(h).upos.as_str() {
                "NOUN" | "PROPN" | "PRON" | "NUM" => "NP",
                "ADP" => "PP",
                _ => "ADJP",
            };
            Ph::Node(label, inner)
        };
        for (ci, &c) in chain.iter().enumerate().rev() {
            let mut kids = vec![leaf(c, seen)];
            kids.append(&mut chain_extra[ci]);
            kids.push(vp);
            vp = Ph::Node("VP", kids);
        }
        if !verbal && chain.is_empty() {
            vp = Ph::Node("VP", vec![vp]);
        }
        // verb conjuncts without their own subject share this one: VP -> VP CC VP
        let (shared, own): (Vec<usize>, Vec<usize>) = conj
            .into_iter()
            .partition(|&c| !self.deps[c].iter().any(|&x| matches!(self.rel(x), "nsubj" | "csubj" | "expl")));
        let join = |first: Ph, conjs: Vec<usize>, label: &'static str, seen: &mut [bool]| -> Ph {
            if conjs.is_empty() {
                return first;
            }
            let mut items: Vec<(usize, Ph)> = Vec::new();
            for &sp in &seps {
                if !seen[sp] {
                    items.push((sp, leaf(sp, seen)));
                }
            }
            for c in conjs {
                let ccs: Vec<usize> = self.deps[c]
                    .iter()
                    .copied()
                    .filter(|&x| !seen[x] && x < c && (self.rel(x) == "cc" || self.w(x).form == ","))
                    .collect();
                for cc in ccs {
                    items.push((cc, leaf(cc, seen)));
                }
                let at = self.min_index(c);
                items.push((at, self.clause_or_phrase(c, seen, depth + 1)));
            }
            items.sort_by_key(|(p, _)| *p);
            let mut kids = vec![first];
            kids.extend(items.into_iter().map(|(_, p)| p));
            Ph::Node(label, kids)
        };
        let vp = if verbal || !shared.is_empty() { join(vp, shared, "VP", seen) } else { vp };
        let mut s_kids: Vec<Ph> = Vec::new();
        let mut pre_iter = pre_s.into_iter();
        for &sj in &subj {
            s_kids.push(self.phrase_np(sj, seen, depth + 1));
        }
        s_kids.extend(&mut pre_iter);
        s_kids.push(vp);
        for d in post_s {
            s_kids.push(leaf(d, seen));
        }
        let node = if subj.is_empty() && s_kids.len() == 1 {
            s_kids.pop().unwrap_or(Ph::Node("S", Vec::new()))
        } else {
            Ph::Node("S", s_kids)
        };
        let mut node = join(node, own, "S", seen);
        if !marks.is_empty() {
            let mut kids: Vec<Ph> = marks.into_iter().map(|m| leaf(m, seen)).collect();
            kids.push(node);
            node = Ph::Node("SBAR", kids);
        }
        node
    }

    fn phrase_np(&self, h: usize, seen: &mut [bool], depth: usize) -> Ph {
        if self.is_clause(h) && self.is_verb(h) {
            return self.clause(h, seen, depth);
        }
        self.phrase(h, seen, depth)
    }

    /// Nominal and other non-clausal phrases.
    fn phrase(&self, h: usize, seen: &mut [bool], depth: usize) -> Ph {
        seen[h] = true;
        let ds: Vec<usize> = self.deps[h].iter().copied().filter(|&d| !seen[d]).collect();
        let nominal = matches!(self.w(h).upos.as_str(), "NOUN" | "PROPN" | "PRON" | "NUM" | "X" | "SYM");
        let case: Vec<usize> =
            ds.iter().copied().filter(|&d| d < h && self.rel(d) == "case" && self.w(d).xpos != "POS").collect();
        // a comma at the edge of a nominal phrase (`, in remarks ... ,`) delimits a
        // clause around it: it stands outside the noun phrase, as in Penn trees
        let edge_commas: Vec<usize> = if nominal {
            let span = self.subtree(h);
            ds.iter()
                .copied()
                .filter(|&d| {
                    self.rel(d) == "punct"
                        && self.w(d).form == ","
                        && self.deps[d].is_empty()
                        && (span.first() == Some(&d) || span.last() == Some(&d))
                })
                .collect()
        } else {
            Vec::new()
        };
        let ds: Vec<usize> = ds.into_iter().filter(|d| !edge_commas.contains(d)).collect();
        let mut conj: Vec<usize> = ds.iter().copied().filter(|&d| self.rel(d) == "conj").collect();
        // a list item the parser called an apposition (`X, the awful Y, and Z`) is a conjunct
        if let Some(&last) = conj.iter().max() {
            let appos: Vec<usize> =
                ds.iter().copied().filter(|&d| d > h && d < last && self.rel(d) == "appos").collect();
            conj.extend(appos);
            conj.sort_unstable();
        }
        // UDPipe's list error: `A, the B, C and D` parsed as A with the apposition B,
        // C and D conjuncts of B: an apposition with conjuncts continues a list
        if conj.is_empty() {
            let list = ds
                .iter()
                .copied()
                .find(|&d| d > h && self.rel(d) == "appos" && self.deps[d].iter().any(|&x| self.rel(x) == "conj"));
            if let Some(a) = list {
                conj.push(a);
                conj.extend(self.deps[a].iter().copied().filter(|&x| self.rel(x) == "conj"));
                conj.sort_unstable();
            }
        }
        // a conjunction word attached to this head but standing before a conjunct of a
        // dependent (`lawmakers in A and B`, UD v1) is left for that conjunct
        let orphan_cc: Vec<usize> = ds
            .iter()
            .copied()
            .filter(|&d| {
                conj.is_empty()
                    && self.rel(d) == "cc"
                    && (1..=self.words.len()).any(|x| self.rel(x) == "conj" && self.min_index(x) == d + 1)
            })
            .collect();
        let post_mod: Vec<usize> = ds
            .iter()
            .copied()
            .filter(|&d| d > h && matches!(self.rel(d), "nmod" | "acl" | "appos" | "obl") && !conj.contains(&d))
            .collect();
        // conjunction words and commas between conjuncts (UD v1 attaches them to the first)
        let first_conj = conj.iter().map(|&c| self.min_index(c)).min().unwrap_or(usize::MAX);
        let seps: Vec<usize> = ds
            .iter()
            .copied()
            .filter(|&d| {
                !conj.is_empty()
                    && d > h
                    && (self.rel(d) == "cc" || (self.rel(d) == "punct" && self.w(d).form == ","))
                    && d < conj.iter().copied().max().unwrap_or(0)
                    && d + 1 >= first_conj.min(d + 1)
            })
            .collect();
        let core: Vec<usize> = ds
            .iter()
            .copied()
            .filter(|&d| {
                !case.contains(&d)
                    && !conj.contains(&d)
                    && !post_mod.contains(&d)
                    && !seps.contains(&d)
                    && !orphan_cc.contains(&d)
            })
            .collect();
        let mut core_kids: Vec<Ph> = Vec::new();
        let mut placed_head = false;
        for &d in &core {
            if d > h && !placed_head {
                core_kids.push(Ph::Leaf(h));
                placed_head = true;
            }
            let simple = self.deps[d].iter().all(|&x| seen[x]);
            let possessive = self.deps[d].iter().any(|&x| self.w(x).xpos == "POS");
            if simple && self.rel(d) != "nmod" {
                core_kids.push(leaf(d, seen));
            } else if !possessive
                && matches!(
                    self.rel(d),
                    "compound" | "amod" | "det" | "nummod" | "flat" | "fixed" | "name" | "mwe" | "advmod" | "nmod"
                )
                && !self.deps[d].iter().any(|&x| self.rel(x) == "case" || self.rel(x) == "conj")
            {
                // pre-modifiers are flat in Penn noun phrases
                for x in self.subtree(d) {
                    if !seen[x] {
                        core_kids.push(leaf(x, seen));
                    }
                }
            } else if self.rel(d) == "nmod" || matches!(self.w(d).upos.as_str(), "NOUN" | "PROPN" | "PRON") {
                core_kids.push(self.phrase(d, seen, depth + 1));
            } else {
                core_kids.push(self.dependent(d, seen, depth + 1));
            }
        }
        if !placed_head {
            core_kids.push(Ph::Leaf(h));
        }
        // temporal modifiers (`said today`: nmod:tmod, obl:tmod) are Penn's NP-TMP, not actors
        let temporal = self.w(h).deprel.ends_with("tmod");
        let label: &'static str = if nominal && temporal {
            "NP-TMP"
        } else if nominal {
            "NP"
        } else {
            match self.w(h).upos.as_str() {
                "ADJ" => "ADJP",
                "ADV" => "ADVP",
                "VERB" => "VP",
                _ => "NP",
            }
        };
        let mut node = if core_kids.len() == 1 && !nominal {
            core_kids.pop().unwrap_or(Ph::Leaf(h))
        } else {
            Ph::Node(label, core_kids)
        };
        // post-modifiers after the last conjunct modify the whole coordination
        // (`lawmakers and officials [in A and B]`): NP -> NP(compound) PP, as in Penn
        let last_conj_word = conj.iter().map(|&c| self.subtree(c).last().copied().unwrap_or(c)).max();
        let (shared_post, post_mod): (Vec<usize>, Vec<usize>) =
            post_mod.into_iter().partition(|&d| last_conj_word.is_some_and(|l| self.min_index(d) > l));
        if !post_mod.is_empty() {
            let mut kids = vec![node];
            for d in post_mod {
                kids.push(self.dependent(d, seen, depth + 1));
            }
            node = Ph::Node(label, kids);
        }
        if !conj.is_empty() {
            let mut items: Vec<(usize, Ph)> = Vec::new();
            for &sp in &seps {
                items.push((sp, leaf(sp, seen)));
            }
            // the later conjuncts first: a lifted apposition must not take them in
            for &c in conj.iter().rev() {
                let mut ccs: Vec<usize> = self.deps[c]
                    .iter()
                    .copied()
                    .filter(|&x| !seen[x] && x < c && matches!(self.rel(x), "cc" | "punct"))
                    .collect();
                let at = self.min_index(c);
                // the conjunction word a UD v1 parse attached elsewhere
                let separator = |x: usize| self.rel(x) == "cc" || (self.rel(x) == "punct" && self.w(x).form == ",");
                if ccs.is_empty() && at > 1 && !seen[at - 1] && separator(at - 1) {
                    ccs.push(at - 1);
                }
                for cc in ccs {
                    items.push((cc, leaf(cc, seen)));
                }
                items.push((at, self.phrase(c, seen, depth + 1)));
            }
            items.sort_by_key(|(p, _)| *p);
            let mut kids = vec![node];
            kids.extend(items.into_iter().map(|(_, p)| p));
            node = Ph::Node(label, kids);
        }
        if !shared_post.is_empty() {
            let mut kids = vec![node];
            for d in shared_post {
                kids.push(self.dependent(d, seen, depth + 1));
            }
            node = Ph::Node(label, kids);
        }
        if !case.is_empty() {
            let mut kids: Vec<Ph> = case.into_iter().map(|c| leaf(c, seen)).collect();
            kids.push(node);
            node = Ph::Node("PP", kids);
        }
        if !edge_commas.is_empty() {
            let outer = if matches!(&node, Ph::Node("PP", _)) { "PP" } else { label };
            let (before, after): (Vec<usize>, Vec<usize>) = edge_commas.into_iter().partition(|&d| d < h);
            let mut kids: Vec<Ph> = before.into_iter().map(|c| leaf(c, seen)).collect();
            kids.push(node);
            kids.extend(after.into_iter().map(|c| leaf(c, seen)));
            node = Ph::Node(outer, kids);
        }
        node
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: &str = "1\tArnor\tArnor\tPROPN\tNNP\t_\t2\tnsubj\t_\t_
2\tmet\tmeet\tVERB\tVBD\t_\t0\troot\t_\t_
3\twith\twith\tADP\tIN\t_\t4\tcase\t_\t_
4\tGondor\tGondor\tPROPN\tNNP\t_\t2\tnmod\t_\t_
5\tand\tand\tCCONJ\tCC\t_\t6\tcc\t_\t_
6\tRohan\tRohan\tPROPN\tNNP\t_\t4\tconj\t_\t_
7\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_
";

    #[test]
    fn converts_to_penn_shape() {
        let t = parse_conllu(S).unwrap();
        assert_eq!(t.tokens.len(), 7);
        let p = t.to_penn();
        assert!(p.starts_with("(ROOT (S (NP (NNP Arnor)) (VP (VBD met) (PP (IN with) (NP (NP (NNP Gondor)) (CC and) (NP (NNP Rohan))))"), "{p}");
    }

    fn conll(rows: &[&str]) -> String {
        rows.iter().map(|r| format!("{}\n", r.split_whitespace().collect::<Vec<_>>().join("\t"))).collect()
    }

    #[test]
    fn ud_v1_conjunctions_temporal_nouns_and_list_appositions() {
        // "Lawmakers in Arnor and Gondor met today": the `cc` hangs on the head noun
        let t = parse_conllu(&conll(&[
            "1 Lawmakers lawmaker NOUN NNS _ 6 nsubj _ _",
            "2 in in ADP IN _ 3 case _ _",
            "3 Arnor Arnor PROPN NNP _ 1 nmod _ _",
            "4 and and CONJ CC _ 1 cc _ _",
            "5 Gondor Gondor PROPN NNP _ 3 conj _ _",
            "6 met meet VERB VBD _ 0 root _ _",
            "7 today today NOUN NN _ 6 nmod:tmod _ _",
        ]))
        .unwrap();
        let p = t.to_penn();
        assert!(p.contains("(PP (IN in) (NP (NP (NNP Arnor)) (CC and) (NP (NNP Gondor))))"), "{p}");
        assert!(p.contains("(NP-TMP (NN today))"), "{p}");
        // "Mordor, the awful Arnor, and Gondor met": the middle item parsed as appos
        let t = parse_conllu(&conll(&[
            "1 Mordor Mordor PROPN NNP _ 8 nsubj _ _",
            "2 , , PUNCT , _ 1 punct _ _",
            "3 the the DET DT _ 5 det _ _",
            "4 awful awful ADJ JJ _ 5 amod _ _",
            "5 Arnor Arnor PROPN NNP _ 1 appos _ _",
            "6 and and CONJ CC _ 1 cc _ _",
            "7 Gondor Gondor PROPN NNP _ 1 conj _ _",
            "8 met meet VERB VBD _ 0 root _ _",
        ]))
        .unwrap();
        let p = t.to_penn();
        assert!(
            p.contains("(NP (NP (NNP Mordor)) (, ,) (NP (DT the) (JJ awful) (NNP Arnor)) (CC and) (NP (NNP Gondor)))"),
            "{p}"
        );
    }

    #[test]
    fn malformed_input_is_an_error() {
        assert!(parse_conllu("").is_err());
        assert!(parse_conllu("1\tx\tx\tX\tNN\t_\t5\troot\t_\t_\n").is_err());
        assert!(parse_conllu("2\tx\tx\tX\tNN\t_\t0\troot\t_\t_\n").is_err());
        assert!(parse_conllu("a\tb\n").is_err());
        // a cycle still yields a tree with every word
        let t = parse_conllu("1\ta\ta\tX\tNN\t_\t2\tdep\t_\t_\n2\tb\tb\tX\tNN\t_\t1\tdep\t_\t_\n").unwrap();
        assert_eq!(t.leaves(t.root).len(), 2);
    }
}

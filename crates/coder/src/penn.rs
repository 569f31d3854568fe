//! Penn-Treebank bracketed parses -> [`Tree`].

use tidings_model::tree::{Token, Tree};

use crate::CoderError;

enum Tok<'a> {
    Open,
    Close,
    Atom(&'a str),
}

fn lex(s: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'(' => {
                out.push(Tok::Open);
                i += 1;
            }
            b')' => {
                out.push(Tok::Close);
                i += 1;
            }
            c if c.is_ascii_whitespace() => i += 1,
            _ => {
                let st = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'(' && b[i] != b')' {
                    i += 1;
                }
                out.push(Tok::Atom(&s[st..i]));
            }
        }
    }
    out
}

/// Parse one bracketed tree such as `(ROOT (S (NP (NNP Arnor)) (VP (VBD left))))`.
/// An outer unlabeled bracket `( (S ...) )` is accepted. Pre-terminals become
/// tokens (`-LRB-`/`-RRB-` are kept as written).
pub fn parse_penn(s: &str) -> Result<Tree, CoderError> {
    let toks = lex(s);
    let mut tree = Tree::default();
    let mut stack: Vec<usize> = Vec::new();
    let mut i = 0;
    let mut root: Option<usize> = None;
    let err = |reason: &str, at: usize| CoderError::Parse { reason: format!("{reason} (item {at})") };
    while i < toks.len() {
        match toks[i] {
            Tok::Open => {
                if root.is_some() && stack.is_empty() {
                    return Err(err("text after the end of the tree", i));
                }
                // label, then either a word + ')' (pre-terminal) or children
                let (label, next) = match toks.get(i + 1) {
                    Some(Tok::Atom(l)) => (*l, i + 2),
                    Some(Tok::Open) => ("", i + 1),
                    Some(Tok::Close) => return Err(err("empty brackets `()`", i)),
                    None => return Err(err("unbalanced: missing `)`", i)),
                };
                if let (Some(Tok::Atom(w)), Some(Tok::Close)) = (toks.get(next), toks.get(next + 1)) {
                    let parent = stack.last().copied();
                    let t = tree.tokens.len();
                    tree.tokens.push(Token {
                        text: (*w).to_string(),
                        tag: label.to_string().into(),
                        lemma: None,
                        span: None,
                    });
                    let id = tree.add(label.to_string(), parent, Some(t));
                    if parent.is_none() {
                        root = Some(id);
                    }
                    i = next + 2;
                    continue;
                }
                if let Some(Tok::Atom(w)) = toks.get(next) {
                    return Err(err(&format!("word `{w}` followed by more material in ({label} ...)"), next));
                }
                let parent = stack.last().copied();
                let id = tree.add(label.to_string(), parent, None);
                if parent.is_none() {
                    root = Some(id);
                }
                stack.push(id);
                i = next;
            }
            Tok::Close => {
                if stack.pop().is_none() {
                    return Err(err("unbalanced: extra `)`", i));
                }
                i += 1;
            }
            Tok::Atom(a) => {
                return Err(err(&format!("bare word `{a}` outside a (TAG word) pair"), i));
            }
        }
    }
    if !stack.is_empty() {
        return Err(err("unbalanced: missing `)`", toks.len()));
    }
    let root = root.ok_or_else(|| err("no tree", 0))?;
    // collapse an unlabeled wrapper with a single child
    let mut r = root;
    while tree.nodes[r].label.is_empty() && tree.nodes[r].children.len() == 1 {
        r = tree.nodes[r].children[0];
    }
    tree.root = r;
    if tree.tokens.is_empty() {
        return Err(err("tree without words", 0));
    }
    Ok(tree)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_round_trips() {
        let t =
            parse_penn("(ROOT (S (NP (NNP Arnor)) (VP (VBD left) (PP (IN for) (NP (NNP Gondor)))) (. .)))").unwrap();
        assert_eq!(t.tokens.len(), 5);
        assert_eq!(t.tokens[1].tag, "VBD");
        assert_eq!(t.to_penn(), "(ROOT (S (NP (NNP Arnor)) (VP (VBD left) (PP (IN for) (NP (NNP Gondor)))) (. .)))");
        let t = parse_penn("( (S (NP (PRP It)) (VP (VBZ is))) )").unwrap();
        assert_eq!(t.nodes[t.root].label, "S");
    }

    #[test]
    fn errors_not_panics() {
        for bad in
            ["", "(", ")", "(S (NP (NN a))", "(S (NP (NN a)))) ", "word", "(S ())", "(NN a b)", "(S (NN a)) (S (NN b))"]
        {
            assert!(parse_penn(bad).is_err(), "{bad:?} should fail");
        }
    }
}

//! A constituency tree: the one representation the event coder consumes.
//!
//! Two front ends fill it: supplied Penn-Treebank parses (validation records)
//! and tidings' own shallow analysis of raw text. Nodes live in an arena;
//! pre-terminals (POS tags) point at a token.

use crate::Span;
use std::borrow::Cow;

pub type NodeId = usize;

/// A phrase label or part-of-speech tag: borrowed from a static table when the
/// front end knows its label set (tidings' own analysis: no allocation per node),
/// owned when read from a supplied parse.
pub type Label = Cow<'static, str>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Surface form as it appears in the sentence.
    pub text: String,
    /// Penn-Treebank part-of-speech tag (`NNP`, `VBD`, ...).
    pub tag: Label,
    /// Lemma / base form when the front end knows it.
    pub lemma: Option<String>,
    /// Byte span into the document text, when the sentence came from a document.
    pub span: Option<Span>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// Phrase label (`S`, `NP`, `VP`, `SBAR`, ...) or POS tag for pre-terminals.
    pub label: Label,
    pub children: Vec<NodeId>,
    pub parent: Option<NodeId>,
    /// Set on pre-terminals: index into `Tree::tokens`.
    pub token: Option<usize>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tree {
    pub tokens: Vec<Token>,
    pub nodes: Vec<Node>,
    pub root: NodeId,
}

impl Tree {
    /// Add a node under `parent` (or as a detached root when `None`) and return its id.
    pub fn add(&mut self, label: impl Into<Label>, parent: Option<NodeId>, token: Option<usize>) -> NodeId {
        let id = self.nodes.len();
        self.nodes.push(Node { label: label.into(), children: Vec::new(), parent, token });
        if let Some(p) = parent {
            self.nodes[p].children.push(id);
        }
        id
    }

    /// Token indices covered by a node, in order.
    pub fn leaves(&self, id: NodeId) -> Vec<usize> {
        // sized once: a subtree has at most all the tokens, and the pending-sibling
        // stack of a news sentence's tree stays small
        let mut out = Vec::with_capacity(self.tokens.len().min(256));
        let mut stack = Vec::with_capacity(32);
        stack.push(id);
        while let Some(n) = stack.pop() {
            let node = &self.nodes[n];
            if let Some(t) = node.token {
                out.push(t);
            }
            stack.extend(node.children.iter().rev());
        }
        out
    }

    /// Bracketed Penn form, for debugging and snapshots.
    pub fn to_penn(&self) -> String {
        let mut s = String::new();
        self.write_penn(self.root, &mut s);
        s
    }

    fn write_penn(&self, id: NodeId, out: &mut String) {
        let n = &self.nodes[id];
        out.push('(');
        out.push_str(&n.label);
        if let Some(t) = n.token {
            out.push(' ');
            out.push_str(&self.tokens[t].text);
        }
        for &c in &n.children {
            out.push(' ');
            self.write_penn(c, out);
        }
        out.push(')');
    }
}

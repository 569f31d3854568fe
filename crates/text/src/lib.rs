//! Sentence splitting and tokenization with byte spans into the original text.
//!
//! The one invariant every function here keeps: a [`Span`] it returns slices the
//! input string it was given (`&text[span.range()]`), always on UTF-8 boundaries,
//! and sentence spans are trimmed, non-empty, non-overlapping and in order.
//!
//! * [`split_sentences`] — rule-based splitter that knows abbreviations ("U.S.",
//!   "Gen.", "Jan."), initials ("John F. Kennedy"), closing quotes and brackets
//!   after the full stop, paragraph breaks, and news datelines
//!   ("MOSCOW, Sept. 13 (Reuters) -").
//! * [`tokenize`] — Penn-Treebank-like tokens (punctuation split off, "n't" and
//!   possessive "'s" separated) each with its span; [`Token::norm`] gives the normalized form for
//!   dictionary matching ([`normalize_token`]) on demand.

mod sentences;
mod tokens;

pub use sentences::split_sentences;
pub use tokens::{normalize_token, tokenize, Token, TokenKind};

pub use tidings_model::Span;

/// A sentence with its tokens, spans relative to the document text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub span: Span,
    pub tokens: Vec<Token>,
}

/// Split a document into sentences and tokenize each.
pub fn analyze(text: &str) -> Vec<Sentence> {
    split_sentences(text).into_iter().map(|span| Sentence { span, tokens: tokenize(text, span) }).collect()
}

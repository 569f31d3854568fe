use tidings_model::Span;
use unicode_normalization::UnicodeNormalization;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    Number,
    Punct,
}

/// A token: its span into the document text and its kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
}

impl Token {
    pub fn text<'a>(&self, doc: &'a str) -> &'a str {
        &doc[self.span.range()]
    }

    /// The normalized form ([`normalize_token`]: NFKC, typographic quotes and dashes
    /// folded to ASCII, case kept), computed on demand: no stage reads it for every
    /// token, so tokens do not carry a copy.
    pub fn norm(&self, doc: &str) -> String {
        normalize_token(self.text(doc))
    }
}

/// Fold a token for dictionary matching: NFKC, curly quotes and dashes to ASCII.
/// Case is kept (the coder upper-cases as its dictionaries require).
pub fn normalize_token(s: &str) -> String {
    if s.is_ascii() {
        // NFKC leaves ASCII unchanged; of the folded characters only '`' is ASCII.
        return if s.contains('`') { s.replace('`', "'") } else { s.to_string() };
    }
    normalize_full(s)
}

/// [`normalize_token`] without the ASCII fast path.
fn normalize_full(s: &str) -> String {
    s.nfkc()
        .map(|c| match c {
            '‘' | '’' | '‚' | '‛' | '′' | '`' => '\'',
            '“' | '”' | '„' | '‟' | '″' | '«' | '»' => '"',
            '–' | '—' | '‒' | '―' | '−' => '-',
            c => c,
        })
        .collect()
}

/// The lower case of `c` when it is a single character.
fn lower_char(c: char) -> Option<char> {
    let mut l = c.to_lowercase();
    let first = l.next();
    if l.next().is_some() {
        None
    } else {
        first
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’')
}

/// Tokenize the part of `text` covered by `span`; token spans are relative to `text`.
pub fn tokenize(text: &str, span: Span) -> Vec<Token> {
    let piece = &text[span.range()];
    let mut out = Vec::with_capacity(span.len() / 5 + 2);
    let mut chars: Vec<(usize, char)> = Vec::with_capacity(piece.len());
    chars.extend(piece.char_indices());
    let n = chars.len();
    let byte_at = |k: usize| if k < n { chars[k].0 } else { piece.len() };
    let mut k = 0;
    while k < n {
        let c = chars[k].1;
        if c.is_whitespace() {
            k += 1;
            continue;
        }
        let start = k;
        let kind;
        if c.is_alphanumeric() {
            // A word: letters/digits joined by inner '.', '-', '\'', ',' (numbers), '&' (AT&T).
            let mut j = k + 1;
            while j < n {
                let d = chars[j].1;
                if d.is_alphanumeric() || is_combining_mark(d) {
                    j += 1;
                    continue;
                }
                let next_alnum = j + 1 < n && chars[j + 1].1.is_alphanumeric();
                let joins = match d {
                    '-' | '&' | '_' | '/' | '@' | '\'' | '’' => next_alnum,
                    '.' => next_alnum || (j + 1 < n && is_abbrev_dot(&chars, start, j)),
                    ',' | ':' => next_alnum && chars[j - 1].1.is_ascii_digit() && chars[j + 1].1.is_ascii_digit(),
                    _ => false,
                };
                if joins {
                    j += 1;
                } else {
                    break;
                }
            }
            // Trailing dot of an abbreviation or initialism ("U.S.", "Gen.") stays on the word
            // when the word already has inner dots or is a single letter.
            if j < n && chars[j].1 == '.' {
                let word: String = chars[start..j].iter().map(|x| x.1).collect();
                if word.contains('.') || (word.chars().count() == 1 && word.chars().all(char::is_uppercase)) {
                    j += 1;
                }
            }
            let all_digits = chars[start..j].iter().all(|x| x.1.is_ascii_digit() || matches!(x.1, '.' | ',' | ':'));
            kind = if all_digits { TokenKind::Number } else { TokenKind::Word };
            // Split clitics: "don't" -> "do" "n't"; "Russia's" -> "Russia" "'s".
            let word_end = j;
            let mut split_at = None;
            if word_end - start >= 3 {
                let w = &chars[start..word_end];
                let m = w.len();
                let c = |i: usize| w[i].1;
                if m >= 3
                    && (c(m - 1) == 't' || c(m - 1) == 'T')
                    && is_apostrophe(c(m - 2))
                    && (c(m - 3) == 'n' || c(m - 3) == 'N')
                {
                    split_at = Some(start + m - 3);
                } else if m >= 2 && is_apostrophe(c(m - 2)) && matches!(c(m - 1), 's' | 'S' | 'd' | 'D' | 'm' | 'M') {
                    split_at = Some(start + m - 2);
                } else if m >= 3 && is_apostrophe(c(m - 3)) {
                    let tail = [lower_char(c(m - 2)), lower_char(c(m - 1))];
                    if matches!(tail, [Some('l'), Some('l')] | [Some('r'), Some('e')] | [Some('v'), Some('e')]) {
                        split_at = Some(start + m - 3);
                    }
                }
            }
            match split_at {
                Some(s) if s > start => {
                    emit(&mut out, span.start + byte_at(start), span.start + byte_at(s), kind);
                    emit(&mut out, span.start + byte_at(s), span.start + byte_at(word_end), TokenKind::Word);
                }
                _ => emit(&mut out, span.start + byte_at(start), span.start + byte_at(word_end), kind),
            }
            k = word_end;
            continue;
        }
        // Punctuation: runs of the same char ("...", "--") form one token.
        let mut j = k + 1;
        if matches!(c, '.' | '-' | '!' | '?') {
            while j < n && chars[j].1 == c {
                j += 1;
            }
        }
        // Possessive after a plural: "leaders' " -> "'" stays punctuation.
        emit(&mut out, span.start + byte_at(start), span.start + byte_at(j), TokenKind::Punct);
        k = j;
    }
    out
}

/// Is the dot at `j` part of an initialism like "U.S." (single letters separated by dots)?
fn is_abbrev_dot(chars: &[(usize, char)], start: usize, j: usize) -> bool {
    let run = &chars[start..j];
    run.len() == 1 && run[0].1.is_uppercase()
        || run.iter().enumerate().all(|(i, x)| if i % 2 == 0 { x.1.is_alphabetic() } else { x.1 == '.' })
}

/// Combining marks (U+0300..U+036F and friends) stay inside words.
fn is_combining_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

fn emit(out: &mut Vec<Token>, s: usize, e: usize, kind: TokenKind) {
    if e > s {
        out.push(Token { span: Span::new(s, e), kind });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(t: &str) -> Vec<&str> {
        tokenize(t, Span::new(0, t.len())).into_iter().map(|k| &t[k.span.range()]).collect()
    }

    #[test]
    fn penn_like_splitting() {
        assert_eq!(
            toks("Russia's leader didn't say, \"No.\""),
            vec!["Russia", "'s", "leader", "did", "n't", "say", ",", "\"", "No", ".", "\""]
        );
        assert_eq!(
            toks("The U.S.-led talks cost $3,500.50 today."),
            vec!["The", "U.S.-led", "talks", "cost", "$", "3,500.50", "today", "."]
        );
        assert_eq!(toks("U.S. and U.N. officials"), vec!["U.S.", "and", "U.N.", "officials"]);
        assert_eq!(toks("Kim Jong-un’s visit"), vec!["Kim", "Jong-un", "’s", "visit"]);
    }

    #[test]
    fn ascii_fast_path_equals_full_normalization() {
        let all: String = (0u8..128).map(char::from).collect();
        assert_eq!(normalize_token(&all), normalize_full(&all));
        for w in ["Don`t", "U.S.", "``", "a-b_c", "", "x"] {
            assert_eq!(normalize_token(w), normalize_full(w));
        }
    }

    #[test]
    fn normalization_folds_typography() {
        assert_eq!(normalize_token("’s"), "'s");
        assert_eq!(normalize_token("“"), "\"");
        assert_eq!(normalize_token("ﬁre"), "fire");
    }

    #[test]
    fn non_latin_and_marks() {
        assert_eq!(
            toks("Путин встретился с Ким Чен Ыном."),
            vec!["Путин", "встретился", "с", "Ким", "Чен", "Ыном", "."]
        );
        let t = "Cafe\u{301} ok";
        assert_eq!(toks(t), vec!["Cafe\u{301}", "ok"]);
    }
}

//! A small Penn-style tokenizer for one raw sentence, with byte spans.
//!
//! Splits on whitespace, then peels punctuation, quotes and brackets off both
//! ends, splits `--`, and separates the clitics `n't`, `'s`, `'re`, `'ve`,
//! `'ll`, `'d`, `'m` and a plural possessive `'`. Every token is an exact
//! slice of the input: `&sentence[span - offset] == token`.

use tidings_model::Span;

const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "gen", "col", "lt", "sgt", "capt", "maj", "sen", "rep", "gov", "pres", "prof", "rev",
    "st", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "inc", "corp", "co",
    "ltd", "jr", "sr", "no", "vs", "etc", "adm", "cmdr", "gens", "mt", "ft", "approx", "dept", "univ",
];

fn is_lead(c: char) -> bool {
    matches!(c, '"' | '\'' | '`' | '(' | '[' | '{' | '\u{201c}' | '\u{2018}' | '$' | '\u{a3}' | '\u{20ac}' | '#')
}
fn is_trail(c: char) -> bool {
    matches!(c, ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '"' | '\u{201d}' | '\u{2019}' | '%' | '\u{2026}' | '\'')
}
fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

fn abbreviation(word: &str) -> bool {
    let w = word.trim_end_matches('.');
    if w.contains('.') {
        return true; // "U.S", "a.m"
    }
    if w.chars().count() == 1 && w.chars().all(char::is_alphabetic) {
        return true; // initials: "John F. Kennedy"
    }
    let lower = w.to_ascii_lowercase();
    ABBREVIATIONS.contains(&lower.as_str())
}

/// Split one raw sentence into Penn-like tokens with spans shifted by `offset`.
pub fn tokenize(sentence: &str, offset: usize) -> Vec<(String, Span)> {
    token_ranges(sentence)
        .into_iter()
        .map(|(s, e)| (sentence[s..e].to_string(), Span::new(s + offset, e + offset)))
        .collect()
}

/// The tokens of [`tokenize`] as byte ranges of `sentence` (non-empty, in order),
/// without a `String` per token.
pub fn token_ranges(sentence: &str) -> Vec<(usize, usize)> {
    let mut raw: Vec<(usize, usize)> = Vec::with_capacity(sentence.len() / 4 + 4);
    let mut chunks: Vec<(usize, usize)> = Vec::with_capacity(sentence.len() / 5 + 4);
    let mut start = None;
    let mut boundary = |i: usize, space: bool| {
        if space {
            if let Some(s) = start.take() {
                chunks.push((s, i));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    };
    if sentence.is_ascii() {
        for (i, b) in sentence.bytes().enumerate() {
            boundary(i, b.is_ascii_whitespace() || b == 0x0b);
        }
    } else {
        for (i, c) in sentence.char_indices() {
            boundary(i, c.is_whitespace());
        }
    }
    if let Some(s) = start {
        chunks.push((s, sentence.len()));
    }
    let n = chunks.len();
    let mut tail = Vec::new();
    for (ci, &(s, e)) in chunks.iter().enumerate() {
        split_chunk(sentence, s, e, ci + 1 == n, &mut raw, &mut tail);
    }
    raw.retain(|(s, e)| s < e);
    raw
}

fn split_chunk(
    text: &str,
    mut s: usize,
    mut e: usize,
    last: bool,
    out: &mut Vec<(usize, usize)>,
    tail: &mut Vec<(usize, usize)>,
) {
    // A plain word (letters and digits only, the common case) is one token as it is.
    if text.as_bytes()[s..e].iter().all(u8::is_ascii_alphanumeric) {
        out.push((s, e));
        return;
    }
    // Leading punctuation.
    while s < e {
        let rest = &text[s..e];
        if rest.starts_with("``") {
            out.push((s, s + 2));
            s += 2;
            continue;
        }
        let Some(c) = rest.chars().next() else { break };
        // A leading apostrophe belongs to clitics like "'s" only mid-token; treat as quote here
        // unless the chunk is an elision like "'90s".
        if is_lead(c)
            && rest.len() > c.len_utf8()
            && !(c == '\'' && rest[1..].starts_with(|d: char| d.is_ascii_digit()))
        {
            out.push((s, s + c.len_utf8()));
            s += c.len_utf8();
        } else {
            break;
        }
    }
    // Trailing punctuation, collected in reverse.
    tail.clear();
    while s < e {
        let rest = &text[s..e];
        if rest.ends_with("...") && rest.len() > 3 {
            tail.push((e - 3, e));
            e -= 3;
            continue;
        }
        if rest.ends_with("''") && rest.len() > 2 {
            tail.push((e - 2, e));
            e -= 2;
            continue;
        }
        let Some(c) = rest.chars().next_back() else {
            break;
        };
        let cl = c.len_utf8();
        if rest.len() <= cl {
            break;
        }
        if c == '.' {
            let body = &rest[..rest.len() - 1];
            // Sentence-final: split the period unless the word is a dotted
            // abbreviation ("in the U.S."), which keeps its dot; mid-sentence:
            // split unless it is any abbreviation ("Mr.", "Gen.", initials).
            let keep = if last { body.contains('.') } else { abbreviation(body) };
            let peel = body.chars().next_back().is_some_and(|b| b != '.') && !keep;
            if peel {
                tail.push((e - 1, e));
                e -= 1;
                continue;
            }
            break;
        }
        if is_trail(c) {
            // Keep a possessive apostrophe for the clitic step ("rebels'").
            if is_apostrophe(c) && rest[..rest.len() - cl].ends_with(['s', 'S']) {
                tail.push((e - cl, e));
                e -= cl;
                break;
            }
            tail.push((e - cl, e));
            e -= cl;
            continue;
        }
        break;
    }
    // Middle: split "--", then clitics.
    let mut piece_start = s;
    let mid = &text[s..e];
    let mut idx = 0;
    while let Some(pos) = find_double_dash(&mid.as_bytes()[idx..]) {
        let a = s + idx + pos;
        clitics(text, piece_start, a, out);
        let mut b = a + 2;
        while text[b..e].starts_with('-') {
            b += 1;
        }
        out.push((a, b));
        piece_start = b;
        idx = b - s;
    }
    clitics(text, piece_start, e, out);
    out.extend(tail.drain(..).rev());
}

/// Byte offset of the first `--` (a `str::find("--")` without building a searcher per word).
fn find_double_dash(b: &[u8]) -> Option<usize> {
    b.windows(2).position(|w| w == b"--")
}

fn clitics(text: &str, s: usize, e: usize, out: &mut Vec<(usize, usize)>) {
    if s >= e {
        return;
    }
    let w = &text[s..e];
    // every clitic has an apostrophe (ASCII or U+2019, whose UTF-8 starts with 0xE2)
    if !w.bytes().any(|b| b == b'\'' || b == 0xE2) {
        out.push((s, e));
        return;
    }
    let lower = w.to_lowercase();
    if lower.len() == w.len() {
        // n't: "don't" -> "do" "n't"; "can't" -> "ca" "n't"
        for apo in ["n't", "n\u{2019}t"] {
            if lower.ends_with(apo) && w.len() > apo.len() {
                let cut = e - apo.len();
                out.push((s, cut));
                out.push((cut, e));
                return;
            }
        }
        for cl in [
            "'s",
            "'re",
            "'ve",
            "'ll",
            "'d",
            "'m",
            "\u{2019}s",
            "\u{2019}re",
            "\u{2019}ve",
            "\u{2019}ll",
            "\u{2019}d",
            "\u{2019}m",
        ] {
            if lower.ends_with(cl) && w.len() > cl.len() {
                let cut = e - cl.len();
                out.push((s, cut));
                out.push((cut, e));
                return;
            }
        }
    }
    out.push((s, e));
}

#[cfg(test)]
mod tests {
    use super::*;
    fn words(s: &str) -> Vec<String> {
        tokenize(s, 0).into_iter().map(|t| t.0).collect()
    }
    #[test]
    fn splits_punctuation_and_clitics() {
        assert_eq!(
            words("Kim's aides didn't say \"no,\" officials said."),
            ["Kim", "'s", "aides", "did", "n't", "say", "\"", "no", ",", "\"", "officials", "said", "."]
        );
        assert_eq!(
            words("Mr. Smith met U.S. envoys (again)."),
            ["Mr.", "Smith", "met", "U.S.", "envoys", "(", "again", ")", "."]
        );
        assert_eq!(words("the rebels' base -- a camp"), ["the", "rebels", "'", "base", "--", "a", "camp"]);
        assert_eq!(words("costs $1,200.50 today"), ["costs", "$", "1,200.50", "today"]);
        assert!(words("").is_empty());
    }
    #[test]
    fn spans_slice_input() {
        let s = "  Gondor’s army   can't  win…  ";
        for (t, sp) in tokenize(s, 10) {
            assert_eq!(&s[sp.start - 10..sp.end - 10], t);
        }
    }
}

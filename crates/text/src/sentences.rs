use tidings_model::Span;

/// Abbreviations that end with a full stop but do not end a sentence when a
/// word follows. Compared case-sensitively against the word before the dot.
const ABBREVIATIONS: &[&str] = &[
    // titles and ranks
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Sr", "Jr", "St", "Rev", "Hon", "Gen", "Lt", "Col", "Maj", "Capt", "Cmdr", "Adm",
    "Sgt", "Cpl", "Pvt", "Gov", "Sen", "Rep", "Pres", "Amb", "Sec", "Supt", "Insp", "Brig", "Cdr", "Fr", "Msgr", "Mt",
    "Ft", "Messrs", "Mme", "Mlle", // months and days
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Mon", "Tue", "Tues", "Wed",
    "Thu", "Thur", "Thurs", "Fri", "Sat", "Sun", // organisations, places, misc
    "Co", "Corp", "Inc", "Ltd", "Bros", "Dept", "Univ", "Assn", "Ave", "Blvd", "Rd", "No", "Nos", "Vol", "vs", "etc",
    "approx", "est", "al", "cf", "e.g", "i.e", "a.m", "p.m", "Ariz", "Calif", "Colo", "Conn", "Fla", "Ga", "Ill",
    "Ind", "Kan", "Ky", "La", "Mass", "Md", "Mich", "Minn", "Miss", "Mo", "Mont", "Neb", "Nev", "Okla", "Ore", "Pa",
    "Tenn", "Tex", "Va", "Vt", "Wash", "Wis", "Wyo",
];

/// Abbreviations that are commonly sentence-final too ("... in the U.S. The ...");
/// they end a sentence only when the next word is capitalized and is not a
/// proper-noun-looking continuation we can detect. We treat them as
/// non-final when followed by a lowercase word or a digit.
fn is_dotted_initialism(word: &str) -> bool {
    // U.S, U.N, U.K, N.Y, e.g  (letters separated by dots)
    let parts: Vec<&str> = word.split('.').collect();
    parts.len() >= 2 && parts.iter().all(|p| p.chars().count() == 1 && p.chars().all(char::is_alphabetic))
}

fn is_closing(c: char) -> bool {
    matches!(c, '"' | '\'' | ')' | ']' | '}' | '”' | '’' | '»' | '›')
}

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '。' | '！' | '？')
}

/// The word (letters, digits and inner dots) that ends right before byte `end`.
fn word_before(text: &str, end: usize) -> &str {
    let head = &text[..end];
    let start = head
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '.' || c == '-'))
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0);
    head[start..].trim_start_matches(['.', '-'])
}

/// First non-space character at or after `from`, with its byte index.
fn next_non_space(text: &str, from: usize) -> Option<(usize, char)> {
    text[from..].char_indices().find(|(_, c)| !c.is_whitespace()).map(|(i, c)| (from + i, c))
}

/// Does `text[from..]` contain a paragraph break (a line with only whitespace) before the next non-space char?
fn blank_line_between(text: &str, from: usize, to: usize) -> bool {
    text[from..to].matches('\n').count() >= 2
}

/// Split `text` into sentence spans (trimmed, non-empty, in order).
pub fn split_sentences(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if start.is_none() {
            if c.is_whitespace() {
                continue;
            }
            start = Some(i);
        }
        let s = start.unwrap_or(i);
        if c == '\n' {
            // Line break: a paragraph break always ends the sentence; a single
            // break ends it when the line looks finished (headline, list item)
            // and the next line starts a new one.
            let Some((j, next)) = next_non_space(text, i) else {
                break;
            };
            let line = text[s..i].trim_end();
            let ended = line.chars().last().is_some_and(|l| is_terminal(l) || is_closing(l));
            let para = blank_line_between(text, i, j);
            if para || ended || (next.is_uppercase() || next.is_numeric() || is_opening_quote(next)) {
                push(&mut out, text, s, i);
                start = None;
            }
            continue;
        }
        if !is_terminal(c) {
            continue;
        }
        // Swallow runs of terminal punctuation and closing quotes/brackets.
        let mut end = i + c.len_utf8();
        while let Some(&(k, d)) = iter.peek() {
            if is_terminal(d) || is_closing(d) {
                end = k + d.len_utf8();
                iter.next();
            } else {
                break;
            }
        }
        let Some((j, next)) = next_non_space(text, end) else {
            push(&mut out, text, s, end);
            start = None;
            break;
        };
        if j == end {
            // No space after the stop: "3.5", "U.S.-led", "example.com".
            continue;
        }
        if c == '.' && !is_sentence_end_after_dot(text, i, next) {
            continue;
        }
        if next.is_lowercase() && !blank_line_between(text, end, j) {
            // "... said Mr. Smith. he" is rare; lowercase after ?/! is usually
            // a quote continuation ("Why?" he asked).
            continue;
        }
        if matches!(next, ',' | ';' | ':' | ')' | '-' | '–' | '—') {
            continue;
        }
        push(&mut out, text, s, end);
        start = None;
        // Skip to j: the loop's whitespace handling does that.
    }
    if let Some(s) = start {
        push(&mut out, text, s, text.len());
    }
    out
}

fn is_opening_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '‘' | '«' | '\'' | '(' | '[')
}

fn is_sentence_end_after_dot(text: &str, dot: usize, next: char) -> bool {
    let word = word_before(text, dot);
    if word.is_empty() {
        return true;
    }
    if ABBREVIATIONS.contains(&word) {
        // "Gen. Smith", "Jan. 5": abbreviation followed by a word or number.
        return false;
    }
    let single_initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    if single_initial {
        // "John F. Kennedy": an initial followed by a capitalized word.
        return !next.is_uppercase();
    }
    if is_dotted_initialism(word) {
        // "the U.S. said" (continues) vs "in the U.S. The ..." (ends): end only
        // before a capitalized word that is a common sentence opener.
        let rest = &text[dot + 1..];
        let next_word: String = rest.trim_start().chars().take_while(|c| c.is_alphabetic()).collect();
        return next.is_uppercase() && SENTENCE_OPENERS.contains(&next_word.as_str());
    }
    if word.chars().all(|c| c.is_ascii_digit()) && next.is_ascii_digit() {
        return false;
    }
    true
}

/// Capitalized words that usually begin a sentence, used after "U.S." and the like.
const SENTENCE_OPENERS: &[&str] = &[
    "The",
    "A",
    "An",
    "In",
    "On",
    "At",
    "But",
    "And",
    "It",
    "He",
    "She",
    "They",
    "We",
    "I",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "His",
    "Her",
    "Their",
    "Its",
    "Our",
    "After",
    "Before",
    "When",
    "While",
    "As",
    "If",
    "However",
    "Meanwhile",
    "Earlier",
    "Later",
    "Officials",
    "So",
    "Yet",
    "Some",
    "Many",
    "No",
    "Both",
];

fn push(out: &mut Vec<Span>, text: &str, start: usize, end: usize) {
    let piece = &text[start..end];
    let trimmed_end = start + piece.trim_end().len();
    let lead = piece.len() - piece.trim_start().len();
    let s = start + lead;
    if trimmed_end > s {
        out.push(Span::new(s, trimmed_end));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(t: &str) -> Vec<&str> {
        split_sentences(t).into_iter().map(|s| &t[s.range()]).collect()
    }

    #[test]
    fn abbreviations_do_not_split() {
        assert_eq!(
            split("Gen. Smith met Mr. Jones on Jan. 5 in Washington. They talked."),
            vec!["Gen. Smith met Mr. Jones on Jan. 5 in Washington.", "They talked."]
        );
    }

    #[test]
    fn dotted_initialisms() {
        assert_eq!(
            split("The U.S. said it would respond. Officials in the U.S. The meeting ended."),
            vec!["The U.S. said it would respond.", "Officials in the U.S.", "The meeting ended."]
        );
        assert_eq!(split("U.S. President Joe Biden spoke."), vec!["U.S. President Joe Biden spoke."]);
    }

    #[test]
    fn initials_and_numbers() {
        assert_eq!(
            split("John F. Kennedy said 3.5 percent. Next."),
            vec!["John F. Kennedy said 3.5 percent.", "Next."]
        );
    }

    #[test]
    fn quotes_close_the_sentence() {
        assert_eq!(
            split("He said, “We will win.” Then he left. “Why?” she asked."),
            vec!["He said, “We will win.”", "Then he left.", "“Why?” she asked."]
        );
    }

    #[test]
    fn paragraphs_and_headlines() {
        assert_eq!(
            split("Leaders meet in Moscow\n\nThe two leaders met on Monday.\nThey signed a deal."),
            vec!["Leaders meet in Moscow", "The two leaders met on Monday.", "They signed a deal."]
        );
        // a hard-wrapped line continues when the next line starts lowercase
        assert_eq!(
            split("The minister said\nthat talks would go on."),
            vec!["The minister said\nthat talks would go on."]
        );
    }

    #[test]
    fn dateline_stays_with_its_sentence() {
        assert_eq!(
            split("MOSCOW, Sept. 13 (Reuters) - Russia said on Wednesday it would talk. More later."),
            vec!["MOSCOW, Sept. 13 (Reuters) - Russia said on Wednesday it would talk.", "More later."]
        );
    }

    #[test]
    fn empty_and_whitespace() {
        assert!(split("").is_empty());
        assert!(split("  \n\n \t").is_empty());
        assert_eq!(split("no stop at all"), vec!["no stop at all"]);
    }
}

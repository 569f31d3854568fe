//! Line handling shared by every dictionary reader: comments, markup, word splitting.

/// One meaningful dictionary line: 1-based line number, text with comments removed
/// (leading whitespace kept so date-restriction lines can be recognised).
#[derive(Debug, Clone)]
pub(crate) struct Line<'a> {
    pub no: usize,
    pub text: &'a str,
}

/// Iterate over the non-empty lines of a dictionary file, dropping `#` comments,
/// `<!-- ... -->` blocks (possibly spanning lines) and blank lines.
pub(crate) fn lines(src: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut in_block = false;
    for (i, raw) in src.lines().enumerate() {
        let no = i + 1;
        let mut t = raw;
        if in_block {
            match t.find("-->") {
                Some(p) => {
                    in_block = false;
                    t = &t[p + 3..];
                }
                None => continue,
            }
        }
        let trimmed = t.trim_start();
        if trimmed.starts_with("<!") {
            match trimmed.find("-->") {
                Some(p) => t = &trimmed[p + 3..],
                None => {
                    in_block = true;
                    continue;
                }
            }
        }
        if let Some(p) = t.find('#') {
            t = &t[..p];
        }
        let t = t.trim_end();
        if t.trim().is_empty() {
            continue;
        }
        out.push(Line { no, text: t });
    }
    out
}

/// Upper-case a word the way the coder normalises tokens.
pub fn norm_word(w: &str) -> String {
    w.to_uppercase()
}

/// Split a phrase string (`RED_CROSS`, `CARAS GALADHON`) into words, each flagged
/// with whether it must immediately follow the previous word (`_` joins) or may have
/// intervening words (blank). The first word's flag is always `true`.
pub fn split_phrase(s: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    for (bi, blank_part) in s.split_whitespace().enumerate() {
        for (ui, w) in blank_part.split('_').enumerate() {
            if w.is_empty() {
                continue;
            }
            let consecutive = bi == 0 || ui > 0;
            out.push((norm_word(w), consecutive || out.is_empty()));
        }
    }
    out
}

/// Regular English plural of a (upper-case) noun, as the PETRARCH readers make it.
pub fn plural(w: &str) -> String {
    if let Some(stem) = w.strip_suffix('Y') {
        let prev = stem.chars().last();
        if matches!(prev, Some(c) if !"AEIOU".contains(c)) {
            return format!("{stem}IES");
        }
        return format!("{w}S");
    }
    if w.ends_with("SS") || w.ends_with("SH") || w.ends_with("CH") || w.ends_with('X') {
        return format!("{w}ES");
    }
    format!("{w}S")
}

/// Regular verb forms (3rd person, past, gerund) of an upper-case verb.
pub fn verb_forms(w: &str) -> Vec<String> {
    let mut out = Vec::with_capacity(3);
    if let Some(stem) = w.strip_suffix('E') {
        out.push(format!("{w}S"));
        out.push(format!("{w}D"));
        out.push(format!("{stem}ING"));
    } else if let Some(stem) = w.strip_suffix('Y') {
        if matches!(stem.chars().last(), Some(c) if !"AEIOU".contains(c)) {
            out.push(format!("{stem}IES"));
            out.push(format!("{stem}IED"));
        } else {
            out.push(format!("{w}S"));
            out.push(format!("{w}ED"));
        }
        out.push(format!("{w}ING"));
    } else if w.ends_with('S') || w.ends_with("SH") || w.ends_with("CH") || w.ends_with('X') || w.ends_with('Z') {
        out.push(format!("{w}ES"));
        out.push(format!("{w}ED"));
        out.push(format!("{w}ING"));
    } else {
        out.push(format!("{w}S"));
        out.push(format!("{w}ED"));
        out.push(format!("{w}ING"));
    }
    out
}

/// Extract the first `[...]` group of a line: (text before, inside, text after).
pub(crate) fn bracket(s: &str) -> Option<(&str, &str, &str)> {
    let a = s.find('[')?;
    let b = s[a..].find(']')? + a;
    Some((&s[..a], &s[a + 1..b], &s[b + 1..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_blocks_are_dropped() {
        let src = "<!-- one -->\nA [X] # c\n<!--\n# inside\n-->\n\nB\n";
        let l = lines(src);
        assert_eq!(l.len(), 2);
        assert_eq!(l[0].text.trim(), "A [X]");
        assert_eq!(l[0].no, 2);
        assert_eq!(l[1].text, "B");
        assert_eq!(l[1].no, 7);
    }

    #[test]
    fn phrase_connectors() {
        let p = split_phrase("PRESIDENT HOSNI_MURBARAK");
        assert_eq!(p, vec![("PRESIDENT".into(), true), ("HOSNI".into(), false), ("MURBARAK".into(), true)]);
        assert_eq!(split_phrase("ARNOR_"), vec![("ARNOR".into(), true)]);
    }

    #[test]
    fn plurals_and_forms() {
        assert_eq!(plural("ACTIVIST"), "ACTIVISTS");
        assert_eq!(plural("PARTY"), "PARTIES");
        assert_eq!(plural("BOSS"), "BOSSES");
        assert_eq!(verb_forms("ABANDON"), vec!["ABANDONS", "ABANDONED", "ABANDONING"]);
        assert_eq!(verb_forms("ARRIVE"), vec!["ARRIVES", "ARRIVED", "ARRIVING"]);
        assert_eq!(verb_forms("DENY"), vec!["DENIES", "DENIED", "DENYING"]);
    }
}

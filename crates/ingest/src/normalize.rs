//! Text normalization shared by every reader, and the exact-duplicate key.
//!
//! Bodies are normalized conservatively (NFC, LF line endings, no BOM) so that
//! what the user sees is what is stored: NFKC would turn "ﬁ" into "fi" and
//! superscripts into digits, which changes the evidence. Only [`dedup_key`]
//! uses the aggressive NFKC + case folding.

use unicode_normalization::UnicodeNormalization;

/// Strip a leading byte-order mark, turn CRLF and lone CR into LF, and apply
/// Unicode NFC.
pub fn normalize_text(s: &str) -> String {
    let s = s.strip_prefix('\u{feff}').unwrap_or(s);
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    if is_nfc_quick(&out) {
        out
    } else {
        out.nfc().collect()
    }
}

fn is_nfc_quick(s: &str) -> bool {
    // Pure ASCII is always NFC; otherwise ask the quick check.
    s.is_ascii() || matches!(unicode_normalization::is_nfc_quick(s.chars()), unicode_normalization::IsNormalized::Yes)
}

/// Collapse every run of whitespace to one space and trim: for titles, bylines
/// and other one-line metadata.
pub fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// One-line metadata value: normalized, collapsed, `None` when empty.
pub fn clean_field(s: &str) -> Option<String> {
    let v = collapse_whitespace(&normalize_text(s));
    (!v.is_empty()).then_some(v)
}

/// Key for exact-duplicate detection: Unicode NFKC, whitespace collapsed,
/// case-folded. Two articles with equal keys are the same text up to
/// presentation (line wrapping, full-width forms, capitalisation).
pub fn dedup_key(text: &str) -> String {
    if text.is_ascii() {
        // ASCII is its own NFKC form and folds by ASCII lowercasing: one pass over the bytes
        let mut out = String::with_capacity(text.len());
        // (Unicode whitespace, as in the general path: ASCII's includes the vertical tab)
        let space = |b: u8| b.is_ascii_whitespace() || b == 0x0b;
        for word in text.as_bytes().split(|&b| space(b)).filter(|w| !w.is_empty()) {
            if !out.is_empty() {
                out.push(' ');
            }
            // ASCII bytes of an ASCII text: always a valid str
            out.push_str(std::str::from_utf8(word).unwrap_or_default());
        }
        out.make_ascii_lowercase();
        return out;
    }
    let nfkc: std::borrow::Cow<str> = match unicode_normalization::is_nfkc_quick(text.chars()) {
        unicode_normalization::IsNormalized::Yes => std::borrow::Cow::Borrowed(text),
        _ => std::borrow::Cow::Owned(text.nfkc().collect()),
    };
    let mut out = String::with_capacity(nfkc.len());
    for word in nfkc.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            // Full case folding for the characters where it differs from lowercasing.
            match c {
                'ß' | 'ẞ' => out.push_str("ss"),
                'ς' => out.push('σ'),
                _ => out.extend(c.to_lowercase()),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_crlf_and_nfc() {
        // "e" + combining acute becomes the precomposed "é".
        let s = "\u{feff}Caf\u{65}\u{301}\r\nline two\rthree";
        assert_eq!(normalize_text(s), "Caf\u{e9}\nline two\nthree");
    }

    #[test]
    fn nfc_keeps_compatibility_characters() {
        assert_eq!(normalize_text("ﬁnal ²"), "ﬁnal ²");
    }

    #[test]
    fn dedup_key_ascii_fast_path_agrees_with_the_general_path() {
        // the same text with one non-ASCII character appended takes the general path
        for t in ["Kim  MET\nPutin\t in\x0cSeoul\x0bnow ", "  A\rB  c", "", "ALL CAPS HEADLINE"] {
            let general = dedup_key(&format!("{t} \u{e9}"));
            let fast = dedup_key(t);
            assert!(fast.is_ascii());
            assert_eq!(if fast.is_empty() { "\u{e9}".to_string() } else { format!("{fast} \u{e9}") }, general, "{t:?}");
        }
    }

    #[test]
    fn dedup_key_folds_presentation() {
        assert_eq!(dedup_key("Kim  MET\nPutin"), dedup_key("kim met putin"));
        assert_eq!(dedup_key("ＫＩＭ ﬁne"), "kim fine");
        assert_eq!(dedup_key("Straße"), dedup_key("STRASSE"));
        assert_ne!(dedup_key("Kim met Putin"), dedup_key("Kim met Xi"));
    }

    #[test]
    fn clean_field_trims() {
        assert_eq!(clean_field("  a \n b "), Some("a b".to_string()));
        assert_eq!(clean_field(" \t "), None);
    }
}

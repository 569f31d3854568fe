//! Name normalization shared by the index and the matcher.

use unicode_normalization::UnicodeNormalization;

/// Fold a name for lookup: strip diacritics, lower-case, drop dots and
/// apostrophes, hyphens/slashes to spaces, collapse whitespace.
/// `"St.-Petersburg"` and `"St. Petersburg"` both give `"st petersburg"`.
pub fn norm_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    norm_key_into(s, &mut out);
    out
}

/// [`norm_key`] appended to `buf` (what is already in `buf` is kept and does
/// not count as output: a leading space is never written).
pub(crate) fn norm_key_into(s: &str, buf: &mut String) {
    // Bytes kept as they are (lower-cased): ASCII that is neither dropped nor a separator.
    const PLAIN: [bool; 256] = {
        let mut t = [false; 256];
        let mut b = 0;
        while b < 128 {
            let c = b as u8;
            t[b] = !matches!(c, b'.' | b'\'' | b'`' | b',' | b'"' | b'-' | b'_' | b'/' | b'(' | b')')
                && !c.is_ascii_whitespace();
            b += 1;
        }
        t
    };
    // Most words hold nothing else: the key is the text, lower-cased, in one pass.
    if !s.bytes().all(|b| PLAIN[b as usize]) {
        return norm_key_slow(s, buf);
    }
    let base = buf.len();
    buf.push_str(s);
    buf[base..].make_ascii_lowercase();
}

/// [`norm_key_into`] for text with separators, dropped marks or non-ASCII characters.
fn norm_key_slow(s: &str, buf: &mut String) {
    if s.is_ascii() {
        norm_ascii(s, buf);
        return;
    }
    let base = buf.len();
    let out = buf;
    let mut space = false;
    for c in s.nfd() {
        if is_mark(c) {
            continue;
        }
        match c {
            '.' | '\'' | '’' | '‘' | '`' | ',' | '"' | '“' | '”' => continue,
            '-' | '–' | '—' | '_' | '/' | '(' | ')' => {
                space = true;
                continue;
            }
            c if c.is_whitespace() => {
                space = true;
                continue;
            }
            c => {
                if space && out.len() > base {
                    out.push(' ');
                }
                space = false;
                for l in c.to_lowercase() {
                    out.push(l);
                }
            }
        }
    }
}

/// The same folding for ASCII input, without the decomposition pass.
fn norm_ascii(s: &str, out: &mut String) {
    let base = out.len();
    let mut space = false;
    for b in s.bytes() {
        match b {
            b'.' | b'\'' | b'`' | b',' | b'"' => continue,
            b'-' | b'_' | b'/' | b'(' | b')' => space = true,
            b if b.is_ascii_whitespace() => space = true,
            b => {
                if space && out.len() > base {
                    out.push(' ');
                }
                space = false;
                out.push(b.to_ascii_lowercase() as char);
            }
        }
    }
}

fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

#[cfg(test)]
mod tests {
    use super::norm_key;

    #[test]
    fn folds() {
        assert_eq!(norm_key("St.-Petersburg"), "st petersburg");
        assert_eq!(norm_key("St. Petersburg"), "st petersburg");
        assert_eq!(norm_key("Élysée  Palace"), "elysee palace");
        assert_eq!(norm_key("Rostov-on-Don"), "rostov on don");
        assert_eq!(norm_key("U.S."), "us");
        assert_eq!(norm_key("Nuku'alofa"), "nukualofa");
        assert_eq!(norm_key(""), "");
        assert_eq!(norm_key(" Bandar 'Abbas "), "bandar abbas");
        for s in ["St.-Petersburg", "A  b", "(x)-y", "O'Neil, Jr."] {
            let wide = format!("{s}é");
            assert_eq!(format!("{}e", norm_key(s)), norm_key(&wide), "{s}");
        }
        // The one-pass path for plain words gives what the general folding gives.
        for s in [
            "Moscow",
            "MOSCOW",
            "abc123",
            "a.b",
            "Rostov-on-Don",
            "x y",
            "Élysée",
            "",
            "'s",
            "O'Neil",
            "a\tb",
            "Zürich",
        ] {
            let (mut fast, mut slow) = (String::from("k"), String::from("k"));
            super::norm_key_into(s, &mut fast);
            super::norm_key_slow(s, &mut slow);
            assert_eq!(fast, slow, "{s:?}");
        }
        // Appending keeps what the buffer holds and never starts with a space.
        let mut buf = String::from("x");
        super::norm_key_into(" -St. Élysée", &mut buf);
        assert_eq!(buf, "xst elysee");
    }
}

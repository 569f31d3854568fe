//! The CAMEO 1.1b3 codebook: names, Goldstein scores, QuadClass and PLOVER types.
//!
//! The table lives in `data/cameo.tsv` (one code per line) and is parsed once, on
//! first use, into a static index. Every string handed out borrows from the
//! embedded text, so lookups return `&'static` data without allocation.

use serde::Serialize;
use std::collections::HashMap;
use std::sync::OnceLock;

/// One CAMEO event code.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CodeInfo {
    /// The code as CAMEO writes it: `"04"` (root), `"042"`, `"0211"`.
    pub code: &'static str,
    /// The codebook's name for the code.
    pub name: &'static str,
    /// Goldstein conflict-cooperation score, in `[-10, 10]`.
    pub goldstein: f32,
    /// GDELT QuadClass: 1 verbal cooperation, 2 material cooperation,
    /// 3 verbal conflict, 4 material conflict.
    pub quad_class: u8,
    /// PLOVER event type, or `""` when PLOVER dropped the category (CAMEO 01, 02).
    pub plover: &'static str,
}

const TABLE: &str = include_str!("../data/cameo.tsv");

struct Codebook {
    codes: Vec<CodeInfo>,
    index: HashMap<&'static str, usize>,
}

/// The QuadClass of a root code `"01"`..`"20"` (GDELT convention).
fn quad_of_root(root: &str) -> Option<u8> {
    let n: u8 = root.parse().ok()?;
    match n {
        1..=5 => Some(1),
        6..=8 => Some(2),
        9..=13 => Some(3),
        14..=20 => Some(4),
        _ => None,
    }
}

/// Parse one table line; `None` for comments, blanks and malformed lines (the
/// unit tests check that the embedded table has no malformed lines).
fn parse_line(line: &'static str) -> Option<CodeInfo> {
    if line.trim().is_empty() || line.starts_with('#') {
        return None;
    }
    let mut cols = line.split('\t');
    let code = cols.next()?.trim();
    let goldstein: f32 = cols.next()?.trim().parse().ok()?;
    let plover = cols.next()?.trim();
    let name = cols.next()?.trim();
    if cols.next().is_some() || !is_code_syntax(code) || name.is_empty() {
        return None;
    }
    let quad_class = quad_of_root(code.get(..2)?)?;
    Some(CodeInfo { code, name, goldstein, quad_class, plover: if plover == "-" { "" } else { plover } })
}

fn is_code_syntax(code: &str) -> bool {
    (2..=4).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_digit())
}

fn book() -> &'static Codebook {
    static BOOK: OnceLock<Codebook> = OnceLock::new();
    BOOK.get_or_init(|| {
        let codes: Vec<CodeInfo> = TABLE.lines().filter_map(parse_line).collect();
        let index = codes.iter().enumerate().map(|(i, c)| (c.code, i)).collect();
        Codebook { codes, index }
    })
}

/// Lines of the embedded table that are neither comments nor valid entries
/// (used by tests; empty for a healthy build).
pub fn malformed_table_lines() -> Vec<(usize, &'static str)> {
    TABLE
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#') && parse_line(l).is_none())
        .map(|(i, l)| (i + 1, l))
        .collect()
}

/// Exact lookup of a CAMEO code (`"04"`, `"042"`, `"0211"`, `"1383"`).
pub fn lookup(code: &str) -> Option<&'static CodeInfo> {
    let b = book();
    b.index.get(code.trim()).map(|&i| &b.codes[i])
}

/// Every code, roots first within each family, in codebook order.
pub fn all() -> &'static [CodeInfo] {
    &book().codes
}

/// The two-digit root (cue category) of a known code: `"04"` for `"042"`.
pub fn root(code: &str) -> Option<&'static str> {
    let info = lookup(code)?;
    lookup(info.code.get(..2)?).map(|r| r.code)
}

/// QuadClass (1..=4) of a known code, decided by its root.
pub fn quad_class(code: &str) -> Option<u8> {
    lookup(code).map(|c| c.quad_class)
}

/// The known code itself, else its nearest listed parent: `"0431"` -> `"043"`,
/// `"199"` -> `"19"`. Only digit strings of length 2..=4 qualify.
fn nearest(code: &str) -> Option<&'static CodeInfo> {
    let code = code.trim();
    if !is_code_syntax(code) {
        return None;
    }
    let mut len = code.len();
    while len >= 2 {
        if let Some(c) = code.get(..len).and_then(lookup) {
            return Some(c);
        }
        // "0431" -> "043"; a missing "195x" or "19x" falls back to the root.
        len -= 1;
    }
    None
}

/// Goldstein score of the code, else of its nearest parent.
pub fn goldstein(code: &str) -> Option<f32> {
    nearest(code).map(|c| c.goldstein)
}

/// PLOVER event type of the code, else of its nearest parent; `None` for the
/// CAMEO categories PLOVER dropped (01 statements, 02 appeals) and unknown codes.
pub fn plover(code: &str) -> Option<&'static str> {
    nearest(code).map(|c| c.plover).filter(|p| !p.is_empty())
}

/// CAMEO's "not specified below" base code of a root: `"04"` -> `"040"`.
pub fn base_code(root: &str) -> Option<&'static str> {
    let r = root.trim();
    if r.len() != 2 {
        return None;
    }
    lookup(&format!("{r}0")).map(|c| c.code)
}

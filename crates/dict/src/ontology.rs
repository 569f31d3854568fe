//! The PETRARCH internal coding ontology (PICO): CAMEO codes as hexadecimal values
//! whose digits carry separate meanings, so verb codes can be combined and negated
//! arithmetically (PETRARCH-2 / UniversalPetrarch).
//!
//! File format (`PETR.Internal.Coding.Ontology.txt`): one `CODE:VALUE` line per CAMEO
//! code, `#` starting comments; a value is a signed sum of hexadecimal terms
//! (`0x2040`, `-0xFFFF+0x0070`). A line may list further equivalent values after
//! `#` (`110:0x1007f#0xFFFF+0x0080#0x7000#Disapprove`): the first is the code's own
//! value, the others also translate back to the code. Lines that do not parse are
//! diagnostics.
//!
//! Semantics (Petrarch2.tex, "Verb+Verb interaction"):
//!
//! * **Negation.** A negated verb's value is its value minus `0xFFFF`: refusals
//!   (`12x` = `-0xFFFF + cooperative value`) and their cooperative counterparts
//!   negate into each other, `not disapprove` (`0xFFFF + 0x0080`) is diplomatic
//!   cooperation (`0x0080`, 050).
//! * **Combination.** An upper verb acting on a lower one (`intend` `0x3000` +
//!   `help` `0x0040` = `0x3040`, 033) combines by [`Ontology::combine`]: a plain
//!   statement or observation above (`0x1000`: `was seen to break`) leaves the
//!   lower verb's value, refusals included; a negative (refusal) lower value is
//!   added; of two high-level values (both above `0x1000`) the lower one wins, as
//!   does a lower value at least as large as the upper one; then a plain statement
//!   below leaves the upper value; otherwise the values add (rules applied in this
//!   order). Negation is not a combination: `did not say` is `0x1000 - 0xFFFF`
//!   (011).
//!
//! A value translates back to CAMEO only when some line lists it; otherwise the
//! combination has no CAMEO code ([`Ontology::to_cameo`] returns `None`).

use std::collections::HashMap;

use crate::DictDiagnostic;

/// The value of the statement category (`010`, "say").
pub const SAY: i64 = 0x1000;
/// What negation subtracts.
pub const NEGATION: i64 = 0xFFFF;

/// A compiled coding ontology.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ontology {
    forward: HashMap<String, i64>,
    reverse: HashMap<i64, String>,
}

/// Evaluate `-0xFFFF+0x2040+0x300`.
fn eval(expr: &str) -> Option<i64> {
    let s: String = expr.chars().filter(|c| !c.is_whitespace()).collect();
    if s.is_empty() {
        return None;
    }
    let mut total: i64 = 0;
    let mut rest = s.as_str();
    let mut first = true;
    while !rest.is_empty() {
        let (sign, body) = match rest.as_bytes()[0] {
            b'-' => (-1, &rest[1..]),
            b'+' => (1, &rest[1..]),
            _ if first => (1, rest),
            _ => return None,
        };
        first = false;
        let end = body.find(['+', '-']).unwrap_or(body.len());
        let term = &body[..end];
        let hex = term.strip_prefix("0x").or_else(|| term.strip_prefix("0X"))?;
        total = total.checked_add(sign * i64::from_str_radix(hex, 16).ok()?)?;
        rest = &body[end..];
    }
    Some(total)
}

impl Ontology {
    /// Parse an ontology file's text; malformed lines are diagnostics.
    pub fn parse(text: &str, file: &str) -> (Ontology, Vec<DictDiagnostic>) {
        let mut o = Ontology::default();
        let mut diags = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let diag = |reason: String| DictDiagnostic { file: file.to_string(), line: i + 1, reason };
            let Some((code, rest)) = line.split_once(':') else {
                diags.push(diag(format!("ontology line without `CODE:VALUE`: `{line}`")));
                continue;
            };
            let code = code.trim();
            if code == "---" {
                continue; // the null code has no value to combine
            }
            if code.is_empty() || !code.bytes().all(|b| b.is_ascii_alphanumeric()) {
                diags.push(diag(format!("bad CAMEO code `{code}`")));
                continue;
            }
            let mut fields = rest.split('#');
            let Some(value) = fields.next().and_then(eval) else {
                diags.push(diag(format!("bad ontology value in `{line}`")));
                continue;
            };
            if o.forward.insert(code.to_string(), value).is_some() {
                diags.push(diag(format!("code {code} listed twice; the later value is used")));
            }
            o.reverse.entry(value).or_insert_with(|| code.to_string());
            // further `#` fields that are values are equivalents; others are comments
            for f in fields {
                if let Some(v) = eval(f) {
                    o.reverse.entry(v).or_insert_with(|| code.to_string());
                }
            }
        }
        (o, diags)
    }

    /// Number of codes listed.
    pub fn len(&self) -> usize {
        self.forward.len()
    }

    pub fn is_empty(&self) -> bool {
        self.forward.is_empty()
    }

    /// The value of a CAMEO code (the active part of `X:Y`); an unlisted code takes
    /// its root's value (`0x3` digits of `03x` -> `030`).
    pub fn value(&self, code: &str) -> Option<i64> {
        let active = code.split(':').next().unwrap_or(code);
        if let Some(&v) = self.forward.get(active) {
            return Some(v);
        }
        let root = active.get(..2)?;
        self.forward.get(&format!("{root}0")).copied()
    }

    /// The CAMEO code of a value, when a line lists it.
    pub fn to_cameo(&self, value: i64) -> Option<&str> {
        self.reverse.get(&value).map(String::as_str)
    }

    /// The code of the negated verb (`not X`), when it exists in CAMEO.
    pub fn negate(&self, code: &str) -> Option<&str> {
        self.to_cameo(self.value(code)? - NEGATION)
    }

    /// Combine an upper verb's value with the value of the verb it acts on.
    pub fn combine(upper: i64, lower: i64) -> i64 {
        if upper == SAY {
            return lower;
        }
        if lower <= 0 {
            return lower + upper;
        }
        if (upper > SAY && lower > SAY) || lower >= upper || upper == SAY {
            return lower;
        }
        if lower == SAY {
            return upper;
        }
        upper + lower
    }

    /// The CAMEO code of `upper` acting on `lower`, when the combination has one.
    pub fn combine_codes(&self, upper: &str, lower: &str) -> Option<&str> {
        self.to_cameo(Self::combine(self.value(upper)?, self.value(lower)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = "\
# comment
010:0x1000#Make Public Statement
030:0x3000#Intend
033:0x3040
050:0x0080#DiplomaticCoop
070:0x0040#ProvideAid
110:0x1007f#0xFFFF+0x0080#0x7000#Disapprove
120:-0xFFFF#Reject
122:-0xFFFF+0x2040+0x300# a comment
1211:-0xFFFF+0x0075
061:0x0075
bad line
0-7:0x0040
033:zz
";

    #[test]
    fn parses_values_and_reports_bad_lines() {
        let (o, d) = Ontology::parse(SRC, "pico.txt");
        assert_eq!(o.value("033"), Some(0x3040));
        assert_eq!(o.value("120"), Some(-0xFFFF));
        assert_eq!(o.value("122"), Some(-0xFFFF + 0x2040 + 0x300));
        // an unlisted subcode takes its root's value
        assert_eq!(o.value("0331"), Some(0x3000));
        assert_eq!(o.value("050:050"), Some(0x0080));
        assert_eq!(o.to_cameo(0x7000), Some("110"));
        let lines: Vec<usize> = d.iter().map(|x| x.line).collect();
        assert_eq!(lines, vec![12, 13, 14], "{d:?}");
        assert!(d.iter().all(|x| x.file == "pico.txt"));
    }

    #[test]
    fn negation_pairs_refusals_with_cooperation() {
        let (o, _) = Ontology::parse(SRC, "pico.txt");
        // not disapprove = diplomatic cooperation
        assert_eq!(o.negate("110"), Some("050"));
        // not reject = nothing in particular (-0xFFFF - 0xFFFF is unlisted)
        assert_eq!(o.negate("120"), None);
        // refusing material cooperation, negated, is the cooperation
        assert_eq!(o.negate("061"), Some("1211"));
    }

    #[test]
    fn combination_rules() {
        let (o, _) = Ontology::parse(SRC, "pico.txt");
        assert_eq!(o.combine_codes("030", "070"), Some("033"));
        // a statement above leaves the lower verb's meaning
        assert_eq!(o.combine_codes("010", "070"), Some("070"));
        // a lower value at least as large as the upper one wins (checked first)
        assert_eq!(o.combine_codes("070", "010"), Some("010"));
        assert_eq!(Ontology::combine(0x0040, 0x1000), 0x1000);
        // both high-level: the lower verb wins
        assert_eq!(o.combine_codes("030", "110"), Some("110"));
        // a refusal below adds: intend + reject -> unlisted
        assert_eq!(Ontology::combine(0x3000, -0xFFFF), 0x3000 - 0xFFFF);
        // ... except below a statement, which leaves it: seen to reject = reject
        assert_eq!(o.combine_codes("010", "120"), Some("120"));
        assert_eq!(o.combine_codes("zz", "070"), None);
    }

    #[test]
    fn eval_rejects_garbage() {
        assert_eq!(eval("0x10"), Some(16));
        assert_eq!(eval(" -0x1 + 0x3 "), Some(2));
        assert_eq!(eval("12"), None);
        assert_eq!(eval(""), None);
        assert_eq!(eval("0x1*0x2"), None);
        assert_eq!(eval("0xFFFFFFFFFFFFFFFFFF"), None);
    }
}

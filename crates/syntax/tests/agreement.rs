//! Tag agreement with the POS tags of the supplied Penn parses in the PETRARCH
//! unit-test records (a silver standard). Skips when ../shared is absent.

use std::collections::HashMap;
use tidings_syntax::Analyzer;

const RECORDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/ref/petrarch2/PETR.UnitTest.records.xml");

/// Regression guard: the agreement reached when this test was last tuned.
const MIN_AGREEMENT: f64 = 0.955;

/// Pre-terminals `(TAG word)` of every `<Parse>` element, one Vec per record.
fn parse_leaves(xml: &str) -> Vec<Vec<(String, String)>> {
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(a) = rest.find("<Parse>") {
        let after = &rest[a + 7..];
        let Some(b) = after.find("</Parse>") else {
            break;
        };
        let body = &after[..b];
        rest = &after[b..];
        let mut leaves = Vec::new();
        let bytes = body.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'(' {
                // a pre-terminal is "(" TAG " " WORD ")" with no nested "("
                let seg_end = body[i + 1..].find([')', '(']).map(|k| i + 1 + k);
                if let Some(e) = seg_end {
                    if bytes[e] == b')' {
                        let inner = body[i + 1..e].trim();
                        if let Some((tag, word)) = inner.split_once(char::is_whitespace) {
                            leaves.push((tag.to_string(), word.trim().to_string()));
                        }
                    }
                }
            }
            i += 1;
        }
        out.push(leaves);
    }
    out
}

#[test]
fn tag_agreement_with_supplied_parses() {
    let Ok(xml) = std::fs::read_to_string(RECORDS) else {
        println!("skipping tag agreement: {RECORDS} not found");
        return;
    };
    // Drop comments so commented-out records do not count.
    let mut clean = String::with_capacity(xml.len());
    let mut rest = xml.as_str();
    while let Some(a) = rest.find("<!--") {
        clean.push_str(&rest[..a]);
        match rest[a..].find("-->") {
            Some(b) => rest = &rest[a + b + 3..],
            None => {
                rest = "";
            }
        }
    }
    clean.push_str(rest);
    let records = parse_leaves(&clean);
    assert!(records.len() > 200, "expected the unit-test records, found {}", records.len());
    let an = Analyzer::new();
    let (mut agree, mut total) = (0usize, 0usize);
    let mut confusions: HashMap<(String, String), (usize, Vec<String>)> = HashMap::new();
    for leaves in &records {
        let words: Vec<&str> = leaves.iter().map(|(_, w)| w.as_str()).collect();
        let tags = an.tag(&words);
        assert_eq!(tags.len(), words.len());
        for ((gold, word), got) in leaves.iter().zip(&tags) {
            total += 1;
            if gold == got {
                agree += 1;
            } else {
                let e = confusions.entry((gold.clone(), got.to_string())).or_default();
                e.0 += 1;
                if e.1.len() < 8 {
                    e.1.push(word.clone());
                }
            }
        }
    }
    let rate = agree as f64 / total as f64;
    println!("tag agreement: {agree}/{total} = {:.2}% over {} records", rate * 100.0, records.len());
    let mut conf: Vec<_> = confusions.into_iter().collect();
    conf.sort_by_key(|c| std::cmp::Reverse(c.1 .0));
    for ((gold, got), (n, words)) in conf.iter().take(25) {
        println!("  gold {gold:5} got {got:5} x{n:3}  {}", words.join(" "));
    }
    assert!(rate >= MIN_AGREEMENT, "tag agreement {rate:.4} fell below {MIN_AGREEMENT}");
}

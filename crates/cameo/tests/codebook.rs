use std::collections::HashSet;
use std::path::Path;
use tidings_cameo::{all, goldstein, lookup, malformed_table_lines, plover, quad_class, root};

#[test]
fn table_has_no_malformed_lines() {
    assert_eq!(malformed_table_lines(), Vec::<(usize, &str)>::new());
}

#[test]
fn every_root_present() {
    for n in 1..=20 {
        let r = format!("{n:02}");
        let info = lookup(&r).unwrap_or_else(|| panic!("root {r} missing"));
        assert_eq!(info.code, r);
        // And its "not specified below" base code.
        assert!(lookup(&format!("{r}0")).is_some(), "base code of {r} missing");
    }
}

#[test]
fn codes_unique_and_rooted() {
    let mut seen = HashSet::new();
    for c in all() {
        assert!(seen.insert(c.code), "duplicate code {}", c.code);
        let r = root(c.code).unwrap_or_else(|| panic!("{} has no root", c.code));
        assert_eq!(&c.code[..2], r);
        if c.code.len() == 4 {
            assert!(lookup(&c.code[..3]).is_some(), "{} has no 3-digit parent", c.code);
        }
        assert!(c.code.len() >= 2 && c.code.len() <= 4);
        assert!(!c.name.is_empty());
    }
    // CAMEO 1.1b3 has 20 roots and roughly 290 sub-codes.
    assert!(all().len() >= 300, "only {} codes", all().len());
}

#[test]
fn goldstein_in_range_and_quadclass_consistent() {
    for c in all() {
        assert!((-10.0..=10.0).contains(&c.goldstein), "{} {}", c.code, c.goldstein);
        let n: u8 = c.code[..2].parse().unwrap();
        let expect = match n {
            1..=5 => 1,
            6..=8 => 2,
            9..=13 => 3,
            _ => 4,
        };
        assert_eq!(c.quad_class, expect, "{}", c.code);
    }
}

#[test]
fn known_values() {
    assert_eq!(goldstein("010"), Some(0.0));
    assert_eq!(goldstein("042"), Some(1.9));
    assert_eq!(goldstein("043"), Some(2.8));
    assert_eq!(goldstein("057"), Some(8.0));
    assert_eq!(goldstein("0874"), Some(10.0));
    assert_eq!(goldstein("111"), Some(-2.0));
    assert_eq!(goldstein("163"), Some(-8.0));
    assert_eq!(goldstein("190"), Some(-10.0));
    assert_eq!(goldstein("130"), Some(-4.4));
    // Unknown sub-code falls back to its parent.
    assert_eq!(goldstein("0429"), Some(1.9));
    assert_eq!(goldstein("199"), Some(-10.0));
    assert_eq!(goldstein("xyz"), None);
    assert_eq!(goldstein("99"), None);
    assert_eq!(lookup("0429"), None);
    assert_eq!(quad_class("042"), Some(1));
    assert_eq!(quad_class("073"), Some(2));
    assert_eq!(quad_class("112"), Some(3));
    assert_eq!(quad_class("195"), Some(4));
    assert_eq!(root("1383"), Some("13"));
    assert_eq!(root("999"), None);
    assert_eq!(plover("040"), Some("CONSULT"));
    assert_eq!(plover("051"), Some("SUPPORT"));
    assert_eq!(plover("0871"), Some("RETREAT"));
    assert_eq!(plover("163"), Some("COERCE"));
    assert_eq!(plover("1712"), Some("ASSAULT"));
    assert_eq!(plover("192"), Some("COERCE"));
    assert_eq!(plover("010"), None);
    assert_eq!(plover("0231"), None);
}

/// Codes in the PLOVER conversion notes that are not part of CAMEO 1.1b3.
const NOT_IN_CAMEO_1_1B3: &[&str] = &["1213", "1214"];

#[test]
fn plover_matches_reference_table() {
    let path =
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")).join("ref/PLOVER/CAMEO2PLOVER-2021.txt");
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("skipping: {} not present", path.display());
        return;
    };
    let mut checked = 0;
    for line in text.lines() {
        let Some((code, rest)) = line.split_once(':') else {
            continue;
        };
        let code = code.trim();
        // Three- and four-digit codes only: root lines are ambiguous (08 is listed twice).
        if !(3..=4).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let want = rest.split(',').next().unwrap_or("").trim();
        if NOT_IN_CAMEO_1_1B3.contains(&code) {
            assert!(lookup(code).is_none());
            continue;
        }
        assert!(lookup(code).is_some(), "{code} missing from our codebook");
        assert_eq!(plover(code), Some(want), "PLOVER type of {code}");
        checked += 1;
    }
    assert!(checked > 200, "only {checked} reference codes checked");
}

#[test]
fn snapshot_lookups() {
    let sample: Vec<_> =
        ["04", "042", "0211", "1383", "163", "190", "2042"].iter().map(|c| lookup(c).unwrap()).collect();
    insta::assert_json_snapshot!(sample);
}

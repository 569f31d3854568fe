use std::collections::{HashMap, HashSet};
use tidings_cameo::check;
use tidings_cameo::defaults::{self, DictSet};
use tidings_cameo::format::{self, Day};
use tidings_cameo::lookup;

fn day(s: &str) -> Day {
    Day::parse_iso(s).unwrap()
}

fn set() -> &'static DictSet {
    defaults::set()
}

#[test]
fn embedded_set_parses_and_meets_size_targets() {
    let fresh = DictSet::embedded().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(&fresh, set());
    let s = set();
    let terms: usize = s.people.iter().map(|p| p.terms.len()).sum();
    println!(
        "countries {} orgs {} people {} terms {terms} agents {} synsets {} blocks {} verbs {} patterns {} discards {}",
        s.countries.len(),
        s.organizations.len(),
        s.people.len(),
        s.agents.len(),
        s.verbs.synsets.len(),
        s.verbs.blocks.len(),
        s.verbs.verb_count(),
        s.verbs.pattern_count(),
        s.discards.len()
    );
    assert!(s.countries.len() >= 250);
    assert!(terms >= 300);
    assert!(s.agents.len() >= 60);
    assert!(s.verbs.pattern_count() >= 400);
}

#[test]
fn countries_have_valid_unique_codes() {
    let mut codes = HashSet::new();
    let mut iso2 = HashSet::new();
    for c in defaults::countries() {
        assert_eq!(c.code.len(), 3, "{}", c.code);
        assert!(c.code.bytes().all(|b| b.is_ascii_uppercase()), "{}", c.code);
        assert!(codes.insert(c.code.clone()), "duplicate country code {}", c.code);
        assert!(iso2.insert(c.iso2.clone()), "duplicate alpha-2 {}", c.iso2);
    }
    for code in ["USA", "RUS", "CHN", "PRK", "KOR", "UKR", "PSE", "ISR", "SDN", "SSD", "KSV", "TWN"] {
        assert!(codes.contains(code), "{code} missing");
    }
    let prk = set().country("PRK").unwrap();
    assert_eq!(prk.capital(), Some("Pyongyang"));
    assert!(prk.adjectives.iter().any(|a| a == "North Korean"));
    assert!(prk.other_names.iter().any(|a| a == "DPRK"));
    let rus = set().country("RUS").unwrap();
    assert!(rus.capitals.iter().any(|m| m.name == "Kremlin" && m.role.as_deref() == Some("GOV")));
}

#[test]
fn every_coded_actor_uses_a_known_country_or_org_prefix() {
    let countries: HashSet<&str> = defaults::countries().iter().map(|c| c.code.as_str()).collect();
    for p in defaults::people() {
        for t in &p.terms {
            let ok = t.code.starts_with("IGO") || t.code.starts_with("NGO") || countries.contains(&t.code[..3]);
            assert!(ok, "{}: {} has no known prefix", p.name, t.code);
        }
    }
    for o in defaults::organizations() {
        let ok = ["IGO", "NGO", "IMG"].iter().any(|p| o.code.starts_with(p)) || countries.contains(&o.code[..3]);
        assert!(ok, "{}: {}", o.name, o.code);
    }
}

#[test]
fn people_terms_well_formed_and_non_overlapping() {
    for p in defaults::people() {
        for t in &p.terms {
            if let (Some(s), Some(e)) = (t.start, t.end) {
                assert!(s <= e, "{}: term {s}..{e}", p.name);
            }
        }
        for (i, a) in p.terms.iter().enumerate() {
            for b in &p.terms[i + 1..] {
                let a_before_b = matches!((a.end, b.start), (Some(e), Some(s)) if e < s);
                let b_before_a = matches!((b.end, a.start), (Some(e), Some(s)) if e < s);
                assert!(a_before_b || b_before_a, "{}: overlapping terms {a:?} and {b:?}", p.name);
            }
        }
    }
}

#[test]
fn dated_codes_follow_the_sentence_date() {
    let s = set();
    assert_eq!(s.person_code("Moon Jae-in", day("2019-06-01")).as_deref(), Some("KORGOV"));
    assert_eq!(s.person_code("Moon Jae-in", day("2016-06-01")).as_deref(), Some("KOROPP"));
    assert_eq!(s.person_code("Moon Jae-in", day("2023-06-01")).as_deref(), Some("KORELI"));
    assert_eq!(s.person_code("Yoon Suk Yeol", day("2021-06-01")).as_deref(), Some("KOROPP"));
    assert_eq!(s.person_code("Yoon Suk Yeol", day("2023-06-01")).as_deref(), Some("KORGOV"));
    assert_eq!(s.person_code("Kim Jong-un", day("2024-01-01")).as_deref(), Some("PRKGOV"));
    assert_eq!(s.person_code("Vladimir Putin", day("2010-01-01")).as_deref(), Some("RUSGOV"));
    assert_eq!(s.person_code("Donald Trump", day("2022-06-01")).as_deref(), Some("USAOPP"));
    assert_eq!(s.person_code("Donald Trump", day("2025-06-01")).as_deref(), Some("USAGOV"));
    assert_eq!(s.person_code("Ursula von der Leyen", day("2015-01-01")).as_deref(), Some("DEUGOV"));
    assert_eq!(s.person_code("Ursula von der Leyen", day("2022-01-01")).as_deref(), Some("IGOEUREEC"));
    assert_eq!(s.person_code("Mohamed Hamdan Dagalo", day("2024-01-01")).as_deref(), Some("SDNREB"));
    assert_eq!(s.person_code("Ahmed al-Sharaa", day("2020-01-01")).as_deref(), Some("SYRREB"));
    assert_eq!(s.person_code("Ahmed al-Sharaa", day("2025-01-01")).as_deref(), Some("SYRGOV"));
    // Known only in IGO roles before and after: no invented country default.
    assert_eq!(s.person_code("Kofi Annan", day("2010-01-01")), None);
}

#[test]
fn surnames_for_later_mentions() {
    let s = set();
    let sur = |n: &str| s.find_person(n).and_then(|p| p.surname());
    assert_eq!(sur("Vladimir Putin").as_deref(), Some("Putin"));
    assert_eq!(sur("Kim Jong Un").as_deref(), Some("Kim"));
    assert_eq!(sur("Xi Jinping").as_deref(), Some("Xi"));
    assert_eq!(sur("Ursula von der Leyen").as_deref(), Some("von der Leyen"));
    assert_eq!(sur("Mohammed bin Salman").as_deref(), Some("bin Salman"));
    assert_eq!(sur("Bashar al-Assad").as_deref(), Some("al-Assad"));
    assert_eq!(sur("Pope Francis"), None);
    assert_eq!(sur("Rapid Support Forces"), None);
}

#[test]
fn required_heads_and_ministers_are_covered() {
    // G20 members, the P5 and countries at war: at least one dated head of
    // state or government in 2024.
    let d = day("2024-08-01");
    let have: HashSet<String> = defaults::people()
        .iter()
        .flat_map(|p| p.terms.iter())
        .filter(|t| t.covers(d) && t.code.ends_with("GOV"))
        .map(|t| t.code[..3].to_string())
        .collect();
    for c in [
        "ARG", "AUS", "BRA", "CAN", "CHN", "FRA", "DEU", "IND", "IDN", "ITA", "JPN", "KOR", "MEX", "RUS", "SAU", "ZAF",
        "TUR", "GBR", "USA", "UKR", "ISR", "PSE", "SDN", "MMR", "SYR", "YEM", "ETH", "SOM", "COD", "MLI", "BFA", "NER",
        "AFG", "IRQ", "IRN", "LBN", "PAK", "NGA", "SSD", "HTI", "LBY", "COL", "ARM", "AZE",
    ] {
        assert!(have.contains(c), "no dated head/minister for {c} in mid-2024");
    }
}

#[test]
fn verb_codes_exist_in_codebook_and_verbs_are_unique() {
    let v = defaults::verbs();
    let known = |c: &str| c == "---" || c.split(':').all(|p| p.is_empty() || p == "---" || lookup(p).is_some());
    let mut words: HashMap<String, String> = HashMap::new();
    let mut roots = HashSet::new();
    for b in &v.blocks {
        assert!(known(&b.code), "block {} code {}", b.name, b.code);
        for verb in &b.verbs {
            if let Some(c) = &verb.code {
                assert!(known(c), "verb {} code {c}", verb.word);
            }
            if let Some(other) = words.insert(verb.word.clone(), b.name.clone()) {
                panic!("verb {:?} in blocks {other} and {}", verb.word, b.name);
            }
        }
        for p in &b.patterns {
            assert!(known(&p.code), "pattern {:?} code {}", p.pattern, p.code);
            if p.code != "---" {
                roots.insert(p.code[..2].to_string());
            }
        }
    }
    for r in 1..=20 {
        assert!(roots.contains(&format!("{r:02}")), "no pattern for root {r:02}");
    }
}

#[test]
fn brief_examples_have_patterns() {
    let v = defaults::verbs();
    let code_of = |verb: &str, pattern: &str| -> Option<String> {
        let b = v.blocks.iter().find(|b| b.verbs.iter().any(|x| x.word == verb))?;
        if pattern.is_empty() {
            let x = b.verbs.iter().find(|x| x.word == verb)?;
            return Some(x.code.clone().unwrap_or_else(|| b.code.clone()));
        }
        b.patterns.iter().find(|p| p.pattern == pattern).map(|p| p.code.clone())
    };
    assert_eq!(code_of("meet", "").as_deref(), Some("040"));
    assert_eq!(code_of("pledge", "* support").as_deref(), Some("051"));
    assert_eq!(code_of("fire", "* missiles").as_deref(), Some("190"));
    assert_eq!(code_of("condemn", "").as_deref(), Some("111"));
    assert_eq!(code_of("impose", "* &SANCTION").as_deref(), Some("163"));
    assert_eq!(code_of("impose", "* (tariffs on +)").as_deref(), None);
    assert_eq!(code_of("impose", "* tariffs (on +)").as_deref(), Some("163"));
    assert_eq!(code_of("warn", "").as_deref(), Some("130"));
    assert_eq!(code_of("warn", "* (of retaliation)").as_deref(), Some("138"));
    assert_eq!(code_of("hold", "* summit").as_deref(), Some("040"));
}

#[test]
fn generated_petrarch_text_passes_line_syntax_check() {
    let s = set();
    for (name, text, issues) in [
        ("actors", s.actors_petrarch(), check::check_actors as fn(&str) -> Vec<check::Issue>),
        ("agents", s.agents_petrarch(), check::check_agents),
        ("verbs", s.verbs_petrarch(), check::check_verbs),
        ("discards", s.discards_petrarch(), check::check_discards),
    ] {
        let found = issues(&text);
        let lines: Vec<&str> = text.lines().collect();
        for i in found.iter().take(10) {
            println!("{name}:{}: {} -- {:?}", i.line, i.reason, lines.get(i.line - 1));
        }
        assert!(found.is_empty(), "{name}: {} syntax issues", found.len());
    }
}

#[test]
fn generated_actors_give_each_phrase_one_code() {
    let text = defaults::actors_petrarch();
    let mut seen = HashSet::new();
    for line in text.lines() {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') || t.starts_with('[') {
            continue;
        }
        let phrase = t.trim_start_matches('+').split(' ').next().unwrap_or("");
        assert!(seen.insert(phrase.to_string()), "phrase {phrase} emitted twice");
    }
    assert!(text.contains("KIM_JONG_UN_\n+KIM_JONG-UN_\n"));
    assert!(text.contains("\t[PRKGOV >20100928] # Leader\n\t[PRKELI]\n"));
    assert!(text.contains("KREMLIN_ [RUSGOV]"));
}

#[test]
fn checker_rejects_bad_lines() {
    assert_eq!(check::check_actors("FOO_ [USA]\n\t[USAGOV 20200101-20190101]\n").len(), 1);
    assert_eq!(check::check_actors("+ORPHAN_\n").len(), 1);
    assert_eq!(check::check_agents("SOLDIER [MIL]\n").len(), 1);
    assert_eq!(check::check_agents("SOLDIER {SOLDIERS [~MIL]\n").len(), 1);
    assert_eq!(check::check_verbs("--- X [040] ---\nMEET\n- * &UNDEFINED [040]\n").len(), 1);
    assert_eq!(check::check_verbs("--- X [040] ---\n- * * TALKS [040]\n").len(), 1);
    assert_eq!(check::check_verbs("--- X [040] ---\n- * (WITH [040]\n").len(), 1);
    assert_eq!(check::check_verbs("--- X [040] ---\n- * TALKS [4x0]\n").len(), 1);
    assert!(check::check_verbs("&A\n+B\n--- X [040] ---\nMEET {MET MEETS}\n- * &A [040]\n").is_empty());
}

#[test]
fn load_dir_overrides_single_files() {
    let dir = tempdir();
    std::fs::write(dir.join("agents.tsv"), "sentry\t~MIL\t\n").unwrap();
    let set = DictSet::load_dir(&dir).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(set.agents.len(), 1);
    assert_eq!(set.countries.len(), defaults::countries().len());
    std::fs::write(dir.join("people.tsv"), "X Y\tUSAGOV\t2020-13-01\t\t\t\n").unwrap();
    let e = DictSet::load_dir(&dir).unwrap_err().to_string();
    assert!(e.contains("people.tsv:1:") && e.contains("start date"), "{e}");
    std::fs::remove_dir_all(&dir).ok();
}

fn tempdir() -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("tidings-cameo-test-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn format_errors_carry_line_numbers() {
    let e = format::parse_countries("# c\nUS\tUS\tX\t\t\t\n", "countries.tsv").unwrap_err();
    assert_eq!((e.line, e.file.as_str()), (2, "countries.tsv"));
    let e = format::parse_verbs("== A 040\nverb meet\n* talks = 9x9\n", "verbs.txt").unwrap_err();
    assert_eq!(e.line, 3);
    let e = format::parse_verbs("* talks = 040\n", "verbs.txt").unwrap_err();
    assert!(e.reason.contains("before"), "{e}");
    let e = format::parse_agents("soldier\tMIL\n", "agents.tsv").unwrap_err();
    assert!(e.reason.contains("~CODE"));
}

#[test]
fn snapshot_generated_samples() {
    let s = set();
    let actors = s.actors_petrarch();
    let pick = |text: &str, start: &str| -> String {
        let i = text.find(start).unwrap_or(0);
        let rest = &text[i..];
        let end = rest.find("\n\n").unwrap_or(rest.len());
        rest[..end].to_string()
    };
    let verbs = s.verbs_petrarch();
    let sample = format!(
        "{}\n\n{}\n\n{}\n\n{}\n\n{}",
        pick(&actors, "NORTH_KOREA_"),
        pick(&actors, "MOON_JAE-IN_"),
        pick(&actors, "UNITED_NATIONS_SECURITY_COUNCIL_"),
        pick(&verbs, "--- CONSULT [040] ---"),
        s.agents_petrarch()
            .lines()
            .filter(|l| l.contains("MILITARY") || l.contains("SPOKESM"))
            .collect::<Vec<_>>()
            .join("\n"),
    );
    insta::assert_snapshot!(sample);
}

#[test]
fn groups_keep_their_current_code_outside_terms() {
    let s = set();
    let rsf = s.find_person("RSF").unwrap();
    assert!(rsf.is_collective());
    assert_eq!(rsf.default_code().as_deref(), Some("SDNREB"));
    assert_eq!(s.person_code("Taliban", day("2010-01-01")).as_deref(), Some("AFGREB"));
    assert_eq!(s.person_code("Taliban", day("2023-01-01")).as_deref(), Some("AFGGOV"));
    assert_eq!(s.person_code("Taliban", day("1980-01-01")).as_deref(), Some("AFGGOV"));
    let moon = s.find_person("Moon Jae-in").unwrap();
    assert!(!moon.is_collective());
}

//! tidings' own gold set (`tests/data/gold.tsv`, format in its header), coded with the
//! built-in default dictionaries through the same path `tidings run` uses (sentences ->
//! analysis -> coder, `tidings_pipeline::process`), scored like `score-records`: a record
//! passes when its coded (source, target, code) triples equal the expected multiset.
//!
//! The table (per split and per CAMEO root) is printed with `--nocapture`. Failure details are
//! printed for the `dev` half only: the `held` half is never inspected while tuning the
//! dictionaries. The floors below are the measured figures, so any regression fails the test.

use std::collections::{BTreeMap, HashMap};
use tidings_model::{Article, Date, SourceFormat};
use tidings_pipeline::coding::{load_dictionaries, DictSpec, EventCoder};

/// Measured record passes (exact multiset), per split.
const DEV_FLOOR: usize = 64;
const HELD_FLOOR: usize = 59;

type Triple = (String, String, String);

#[derive(Debug)]
struct Gold {
    id: String,
    split: String,
    root: String,
    date: Date,
    text: String,
    events: Vec<Triple>,
}

fn parse_gold(text: &str) -> Result<Vec<Gold>, String> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let [id, split, date, sentence, events] = cols.as_slice() else {
            return Err(format!("gold.tsv:{n}: expected 5 tab-separated columns, got {}", cols.len()));
        };
        let root = id
            .strip_prefix('r')
            .and_then(|r| r.split_once('-'))
            .map(|(r, _)| r.to_string())
            .ok_or_else(|| format!("gold.tsv:{n}: id {id:?} is not rNN-MM"))?;
        if !matches!(*split, "dev" | "held") {
            return Err(format!("gold.tsv:{n}: split must be dev or held, got {split:?}"));
        }
        let date = Date::parse_iso(date).ok_or_else(|| format!("gold.tsv:{n}: bad date {date:?}"))?;
        let mut triples = Vec::new();
        if events.trim() != "-" {
            for ev in events.split(" ; ") {
                let parts: Vec<&str> = ev.split_whitespace().collect();
                let [s, t, c] = parts.as_slice() else {
                    return Err(format!("gold.tsv:{n}: event {ev:?} is not SOURCE TARGET CODE"));
                };
                if tidings_cameo::lookup(c).is_none() {
                    return Err(format!("gold.tsv:{n}: unknown CAMEO code {c:?}"));
                }
                triples.push((s.to_string(), t.to_string(), c.to_string()));
            }
        }
        out.push(Gold {
            id: id.to_string(),
            split: split.to_string(),
            root,
            date,
            text: sentence.to_string(),
            events: triples,
        });
    }
    Ok(out)
}

fn load() -> Vec<Gold> {
    let text = include_str!("data/gold.tsv");
    parse_gold(text).unwrap_or_else(|e| panic!("{e}"))
}

fn multiset(v: &[Triple]) -> HashMap<Triple, usize> {
    let mut m = HashMap::new();
    for t in v {
        *m.entry(t.clone()).or_insert(0) += 1;
    }
    m
}

fn overlap(a: &HashMap<Triple, usize>, b: &HashMap<Triple, usize>) -> usize {
    a.iter().map(|(k, n)| (*n).min(*b.get(k).unwrap_or(&0))).sum()
}

/// Code one gold sentence exactly as `tidings run` codes an article's sentences.
fn code(ec: &EventCoder, g: &Gold) -> Vec<Triple> {
    let a = Article {
        doc: g.id.clone(),
        path: format!("{}.txt", g.id),
        format: SourceFormat::Text,
        url: None,
        outlet: None,
        title: None,
        byline: None,
        date: Some(g.date),
        date_raw: None,
        text: g.text.clone(),
    };
    let (_, events) = tidings_pipeline::process(&a, Some(ec));
    let code = |r: &Option<tidings_store::ActorRow>| r.as_ref().map(|r| r.code.clone()).unwrap_or_else(|| "---".into());
    events.iter().map(|e| (code(&e.actor1), code(&e.actor2), e.code.clone())).collect()
}

#[derive(Default, Clone, Copy)]
struct Tally {
    pass: usize,
    total: usize,
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Tally {
    fn add(&mut self, ok: bool, tp: usize, got: usize, want: usize) {
        self.pass += ok as usize;
        self.total += 1;
        self.tp += tp;
        self.fp += got - tp;
        self.fn_ += want - tp;
    }
    fn p(&self) -> f64 {
        if self.tp + self.fp == 0 {
            0.0
        } else {
            self.tp as f64 / (self.tp + self.fp) as f64
        }
    }
    fn r(&self) -> f64 {
        if self.tp + self.fn_ == 0 {
            0.0
        } else {
            self.tp as f64 / (self.tp + self.fn_) as f64
        }
    }
    fn row(&self, name: &str) -> String {
        format!("| {name} | {}/{} | {:.3} | {:.3} |", self.pass, self.total, self.p(), self.r())
    }
}

#[test]
fn gold_file_is_well_formed_and_covers_every_root() {
    let gold = load();
    assert!(gold.len() >= 200, "{} records", gold.len());
    let mut per_root: BTreeMap<&str, usize> = BTreeMap::new();
    let mut ids = std::collections::HashSet::new();
    for g in &gold {
        assert!(ids.insert(g.id.as_str()), "duplicate id {}", g.id);
        if g.root != "00" {
            *per_root.entry(g.root.as_str()).or_default() += 1;
            assert!(!g.events.is_empty(), "{}: a root record expects events", g.id);
            assert!(
                g.events.iter().any(|(_, _, c)| c.starts_with(g.root.as_str())),
                "{}: no expected event of root {}",
                g.id,
                g.root
            );
        } else {
            assert!(g.events.is_empty(), "{}: distractors expect no event", g.id);
        }
    }
    assert_eq!(per_root.len(), 20, "all 20 CAMEO roots: {per_root:?}");
    assert!(per_root.values().all(|&n| n >= 8), "at least 8 sentences per root: {per_root:?}");
    let dev = gold.iter().filter(|g| g.split == "dev").count();
    assert!(dev * 3 >= gold.len() && dev * 3 <= gold.len() * 2, "dev/held split roughly even: {dev}");
    assert!(parse_gold("r01-01\tdev\t2024-13-40\tX.\t-\n").is_err());
    assert!(parse_gold("r01-01\tdev\t2024-01-01\tX.\tUSA RUS 999\n").is_err());
}

#[test]
fn gold_score_with_default_dictionaries() {
    let gold = load();
    let (dict, diags) = load_dictionaries(&DictSpec::Defaults).unwrap();
    assert!(diags.is_empty(), "{diags:?}");
    let ec = EventCoder::new(dict);
    let mut split: BTreeMap<String, Tally> = BTreeMap::new();
    let mut roots: BTreeMap<String, (Tally, Tally)> = BTreeMap::new();
    let mut all = Tally::default();
    let mut failures = Vec::new();
    for g in &gold {
        let got = code(&ec, g);
        let (w, h) = (multiset(&g.events), multiset(&got));
        let ok = w == h;
        let tp = overlap(&w, &h);
        all.add(ok, tp, got.len(), g.events.len());
        split.entry(g.split.clone()).or_default().add(ok, tp, got.len(), g.events.len());
        let r = roots.entry(g.root.clone()).or_default();
        if g.split == "dev" { &mut r.0 } else { &mut r.1 }.add(ok, tp, got.len(), g.events.len());
        if !ok && g.split == "dev" {
            let mut got = got.clone();
            got.sort();
            failures.push(format!("FAIL {} {:?}\n  expected {:?}\n  got      {:?}", g.id, g.text, g.events, got));
        }
    }
    println!("\n| set | records | triple P | triple R |\n|---|---|---|---|");
    println!("{}", all.row("all"));
    for (name, t) in &split {
        println!("{}", t.row(name));
    }
    println!("\n| root | dev | held |\n|---|---|---|");
    for (root, (d, h)) in &roots {
        println!("| {root} | {}/{} | {}/{} |", d.pass, d.total, h.pass, h.total);
    }
    if std::env::var_os("GOLD_DETAIL").is_some() {
        println!("\n{}", failures.join("\n"));
    }
    let dev = split.get("dev").map(|t| t.pass).unwrap_or(0);
    let held = split.get("held").map(|t| t.pass).unwrap_or(0);
    assert!(dev >= DEV_FLOOR, "dev {dev} below the floor {DEV_FLOOR}");
    assert!(held >= HELD_FLOOR, "held {held} below the floor {HELD_FLOOR}");
}

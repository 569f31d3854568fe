//! End-to-end tests of the `tidings` binary.
use std::path::{Path, PathBuf};
use std::process::Command;

fn tidings() -> Command {
    Command::new(env!("CARGO_BIN_EXE_tidings"))
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn shared() -> PathBuf {
    repo().join("../shared")
}

fn jsonl(bytes: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(bytes).lines().map(|l| serde_json::from_str(l).expect("json line")).collect()
}

#[test]
fn help_on_every_command() {
    for cmd in [
        &["--help"][..],
        &["run", "--help"],
        &["export", "--help"],
        &["code-records", "--help"],
        &["validate", "--help"],
        &["status", "--help"],
        &["score-stories", "--help"],
    ] {
        let out = tidings().args(cmd).output().unwrap();
        assert!(out.status.success(), "{cmd:?}");
        assert!(String::from_utf8_lossy(&out.stdout).contains("Usage"), "{cmd:?}");
    }
}

#[test]
fn example_corpus_runs_idempotently_and_exports() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let run = || {
        tidings().arg("run").arg(repo().join("examples/corpus")).arg("--db").arg(&db).arg("--quiet").output().unwrap()
    };
    let first = run();
    assert_eq!(first.status.code(), Some(0), "{}", String::from_utf8_lossy(&first.stderr));
    let export = |what: &str| {
        let out = tidings().args(["export", "--what", what, "--db"]).arg(&db).output().unwrap();
        assert!(out.status.success());
        jsonl(&out.stdout)
    };
    let articles = export("articles");
    assert_eq!(articles.len(), 8, "9 inputs, one exact duplicate");
    let titles: Vec<&str> = articles.iter().filter_map(|a| a["title"].as_str()).collect();
    assert!(titles.contains(&"US imposes new tariffs on Chinese steel"));
    let reprint = articles.iter().find(|a| a["doc"].as_str().unwrap_or("").starts_with("grain-corridor")).unwrap();
    assert_eq!(reprint["sightings"], 2);
    let sentences = export("sentences").len();
    let events = export("events").len();

    let second = run();
    assert_eq!(second.status.code(), Some(0));
    assert_eq!(export("articles").len(), 8);
    assert_eq!(export("sentences").len(), sentences);
    assert_eq!(export("events").len(), events, "re-running adds nothing");

    let csv = tidings().args(["export", "--what", "articles", "--format", "csv", "--db"]).arg(&db).output().unwrap();
    let csv = String::from_utf8(csv.stdout).unwrap();
    assert!(csv.starts_with("doc,path,title,date,outlet,url,story_id,resolved_date"));
    assert_eq!(csv.lines().count(), 9);
}

#[test]
fn rejected_inputs_give_exit_3_and_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("ok.txt"), "Title\n\nA sentence here.\n").unwrap();
    std::fs::write(input.join("bad.jsonl"), "{\"id\": \"x\", \"text\": \"fine\"}\n{not json\n").unwrap();
    std::fs::write(input.join("blob.txt"), [0u8, 1, 2, 3, 255, 0]).unwrap();
    let db = dir.path().join("t.db");
    let out = tidings().arg("run").arg(&input).arg("--db").arg(&db).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("blob.txt"), "{err}");
    assert!(err.contains("bad.jsonl"), "{err}");
    let status = tidings().arg("status").arg("--db").arg(&db).output().unwrap();
    let status = String::from_utf8_lossy(&status.stdout);
    assert!(status.contains("2 documents"), "{status}");
    assert!(status.contains("2 diagnostics"), "{status}");
}

#[test]
fn stdin_is_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let mut child =
        tidings().args(["run", "-", "--quiet", "--db"]).arg(&db).stdin(std::process::Stdio::piped()).spawn().unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(b"Piped headline\n\nSomething happened today. Then it ended.\n").unwrap();
    assert!(child.wait().unwrap().success());
    let out = tidings().args(["export", "--what", "articles", "--db"]).arg(&db).output().unwrap();
    let a = jsonl(&out.stdout);
    assert_eq!(a.len(), 1);
    assert_eq!(a[0]["title"], "Piped headline");
}

#[test]
fn seeds_titles_dates_and_idempotency() {
    let seeds = shared().join("seeds");
    if !seeds.exists() {
        eprintln!("skipping: {} not present", seeds.display());
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    for _ in 0..2 {
        let out = tidings().arg("run").arg(&seeds).arg("--db").arg(&db).arg("--quiet").output().unwrap();
        assert_eq!(out.status.code(), Some(0));
    }
    let out = tidings().args(["export", "--what", "articles", "--db"]).arg(&db).output().unwrap();
    let a = jsonl(&out.stdout);
    assert_eq!(a.len(), 2);
    let d002 = a.iter().find(|x| x["doc"].as_str().unwrap().starts_with("002")).unwrap();
    assert_eq!(d002["date"], "2023-09-13");
    assert!(d002["title"].as_str().unwrap().starts_with("N. Korea"));
}

#[test]
fn code_records_scores_on_the_petrarch_suite() {
    let records = shared().join("ref/petrarch2/PETR.UnitTest.records.xml");
    if !records.exists() {
        eprintln!("skipping: {} not present", records.display());
        return;
    }
    let out = tidings().arg("code-records").arg(&records).arg("--quiet").output().unwrap();
    assert!(out.status.success());
    let lines = jsonl(&out.stdout);
    assert!(lines.len() >= 281);
    assert!(lines.iter().all(|l| l["id"].is_string() && l["events"].is_array()));
    let explain = tidings().arg("code-records").arg(&records).arg("--explain").output().unwrap();
    let first = jsonl(&explain.stdout).into_iter().find(|l| !l["events"].as_array().unwrap().is_empty()).unwrap();
    assert!(first["events"][0]["pattern"].is_string());
    assert!(first["text"].is_string());
    let v = tidings().arg("validate").arg(&records).output().unwrap();
    assert!(matches!(v.status.code(), Some(0) | Some(4)));
    assert!(String::from_utf8_lossy(&v.stdout).contains("records"));
}

/// Regression guards on the PETRARCH suite with the official scorer (README figures).
#[test]
fn records_scores_do_not_regress() {
    let records = shared().join("ref/petrarch2/PETR.UnitTest.records.xml");
    let scorer = shared().join("tools/score-records");
    if !records.exists() || !scorer.exists() || Command::new("python3").arg("--version").output().is_err() {
        eprintln!("skipping: ../shared records, scorer or python3 not present");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for (raw, floor) in [(false, 274), (true, 255)] {
        let out = dir.path().join(format!("pred-{raw}.jsonl"));
        let mut cmd = tidings();
        cmd.arg("code-records").arg(&records).arg("--quiet").arg("-o").arg(&out);
        if raw {
            cmd.arg("--raw");
        }
        assert!(cmd.output().unwrap().status.success());
        let score = Command::new("python3").arg(&scorer).arg(&records).arg(&out).output().unwrap();
        let text = String::from_utf8_lossy(&score.stdout);
        let last = text.lines().rfind(|l| l.starts_with("records ")).unwrap_or_default();
        let pass: usize = last
            .trim_start_matches("records ")
            .split('/')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("unexpected scorer output: {text}"));
        eprintln!("raw={raw}: {last}");
        assert!(pass >= floor, "raw={raw}: {pass} < {floor}");
    }
}

/// Six articles on two events (written for this test), each line with its gold cluster.
const TWO_EVENTS: &str = r#"{"doc_id": "flood-1", "cluster": "flood", "text": "Floods swept through the river town of Marrowick on Monday, forcing 2,300 residents from their homes.\nRescue teams from the Vell county brigade used boats to reach stranded families."}
{"doc_id": "flood-2", "cluster": "flood", "text": "About 2,300 people fled Marrowick after the Dunmere river burst its banks.\nThe Vell county brigade said boats reached families trapped on rooftops in Marrowick."}
{"doc_id": "flood-3", "cluster": "flood", "text": "Marrowick residents began returning home as the Dunmere river fell.\nThe Vell county brigade counted 2,300 people evacuated during the floods."}
{"doc_id": "port-1", "cluster": "port", "text": "Dock workers at the port of Saltharbor walked out on Thursday over pay.\nThe Saltharbor Dockers Union said 640 members joined the strike against Orrin Shipping."}
{"doc_id": "port-2", "cluster": "port", "text": "A strike by 640 dock workers halted cargo at Saltharbor.\nOrrin Shipping said talks with the Saltharbor Dockers Union would resume."}
{"doc_id": "port-3", "cluster": "port", "text": "Orrin Shipping and the Saltharbor Dockers Union reached a pay deal, ending the strike.\nThe 640 workers return to the Saltharbor docks on Monday."}
"#;

#[test]
fn score_stories_against_gold_clusters() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let input = dir.path().join("two.jsonl");
    std::fs::write(&input, TWO_EVENTS).unwrap();
    let run = tidings().arg("run").arg(&input).arg("--db").arg(&db).arg("--quiet").output().unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let score = |gold: &Path| {
        let out = tidings().arg("score-stories").arg(gold).arg("--db").arg(&db).arg("--json").output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let s = score(&input);
    assert_eq!(
        (s["documents"].as_u64(), s["matched"].as_u64(), s["stories"].as_u64()),
        (Some(6), Some(6), Some(2)),
        "{s}"
    );
    assert_eq!(s["pairwise"]["f1"].as_f64(), Some(1.0), "{s}");
    assert_eq!(s["bcubed"]["f1"].as_f64(), Some(1.0), "{s}");
    // a gold document that was never stored counts as a story of its own (recall), not silently dropped
    let gold = dir.path().join("gold.jsonl");
    std::fs::write(&gold, format!("{TWO_EVENTS}{{\"doc_id\": \"port-4\", \"cluster\": \"port\"}}\n")).unwrap();
    let s = score(&gold);
    assert_eq!((s["matched"].as_u64(), s["missing"].as_u64()), (Some(6), Some(1)), "{s}");
    assert_eq!(s["pairwise"]["precision"].as_f64(), Some(1.0));
    assert!((s["pairwise"]["recall"].as_f64().unwrap() - 6.0 / 9.0).abs() < 1e-9, "{s}");
    // a gold line without the cluster field is an error naming the line
    std::fs::write(&gold, "{\"doc_id\": \"flood-1\"}\n").unwrap();
    let out = tidings().arg("score-stories").arg(&gold).arg("--db").arg(&db).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("gold.jsonl:1: no `cluster` field"));
}

#[test]
fn ecb_plus_dev_through_run_and_score_stories() {
    // the README figure, measured as a user gets it: `tidings run` then `tidings score-stories`
    let data = shared().join("ref/news-clustering/ECBplus/docs.dev.jsonl");
    if !data.exists() {
        println!("skipping: {} not found", data.display());
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ecb.db");
    let run = tidings().arg("run").arg(&data).arg("--db").arg(&db).arg("--quiet").output().unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let out = tidings().arg("score-stories").arg(&data).arg("--db").arg(&db).arg("--json").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let s: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    println!("ECB+ dev through the CLI: {s}");
    assert_eq!(s["matched"].as_u64(), Some(772), "{s}");
    // the issue's bar: pairwise F1 >= 0.95 (measured: 0.977, BCubed 0.977)
    assert!(s["pairwise"]["f1"].as_f64().unwrap() >= 0.95, "{s}");
    assert!(s["bcubed"]["f1"].as_f64().unwrap() >= 0.955, "{s}");
}

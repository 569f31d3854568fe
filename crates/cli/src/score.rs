//! `tidings score-stories`: the stored stories against gold clusters (pairwise and
//! BCubed F1, `tidings_stories::eval`), read through the articles export so the
//! figure is the one a user of `tidings export --what articles` gets.

use anyhow::{Context, Result};
use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct ScoreArgs {
    /// Gold JSONL: one document per line with its id and its gold cluster.
    pub gold: PathBuf,
    #[arg(long, default_value = "tidings.db")]
    pub db: PathBuf,
    /// Field of a gold line holding the document id (`doc` in the articles export;
    /// a JSONL input's `doc_id`/`id` becomes `doc`).
    #[arg(long, default_value = "doc_id")]
    pub id_field: String,
    /// Field of a gold line holding the gold cluster.
    #[arg(long, default_value = "cluster")]
    pub cluster_field: String,
    /// Print the scores as one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// A JSON scalar as a key: strings as they are, numbers and booleans as written.
fn key(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

pub fn run(args: &ScoreArgs) -> Result<ExitCode> {
    let raw = std::fs::read_to_string(&args.gold).with_context(|| format!("reading {}", args.gold.display()))?;
    let mut gold: Vec<(String, String)> = Vec::new();
    for (i, line) in raw.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let at = || format!("{}:{}", args.gold.display(), i + 1);
        let v: serde_json::Value = serde_json::from_str(line).with_context(at)?;
        let id = key(&v[&args.id_field]).with_context(|| format!("{}: no `{}` field", at(), args.id_field))?;
        let cluster =
            key(&v[&args.cluster_field]).with_context(|| format!("{}: no `{}` field", at(), args.cluster_field))?;
        gold.push((id, cluster));
    }
    let store = crate::open_existing(&args.db)?;
    let mut buf: Vec<u8> = Vec::new();
    let filter = tidings_export::Filter::default();
    tidings_export::export(&store, tidings_export::What::Articles, tidings_export::Format::Jsonl, &filter, &mut buf)?;
    let mut pred: HashMap<String, i64> = HashMap::new();
    for line in buf.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        let v: serde_json::Value = serde_json::from_slice(line).context("reading the articles export")?;
        if let (Some(doc), Some(story)) = (v["doc"].as_str(), v["story_id"].as_i64()) {
            pred.insert(doc.to_string(), story);
        }
    }
    let k = tidings_stories::eval::score_keyed(&pred, &gold);
    let s = k.scores;
    if args.json {
        let out = serde_json::json!({
            "documents": gold.len(), "matched": k.matched, "missing": k.missing.len(),
            "stories": s.clusters,
            "pairwise": {"precision": s.p, "recall": s.r, "f1": s.f1},
            "bcubed": {"precision": s.b3_p, "recall": s.b3_r, "f1": s.b3_f1},
        });
        println!("{out}");
    } else {
        println!(
            "{} gold documents, {} with a story ({} missing), {} predicted stories",
            gold.len(),
            k.matched,
            k.missing.len(),
            s.clusters
        );
        println!("pairwise  P {:.4}  R {:.4}  F1 {:.4}", s.p, s.r, s.f1);
        println!("BCubed    P {:.4}  R {:.4}  F1 {:.4}", s.b3_p, s.b3_r, s.b3_f1);
        for d in k.missing.iter().take(10) {
            eprintln!("tidings: score-stories: {d}: no stored story (scored as a story of its own)");
        }
    }
    Ok(ExitCode::SUCCESS)
}

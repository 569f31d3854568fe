//! Code a PETRARCH records file with its own dictionaries and print timings.
//!
//! usage: cargo run -p tidings-coder --example run_records -- RECORDS.xml OUT.jsonl
//!        [--config PETR_config.ini] [--repeat N] [--report] [RECORD-ID ...]
//!
//! `--config` codes with the dictionaries of a PETR_config.ini instead of the records'
//! <Environment>; `--repeat` codes every tree N times (throughput measurement).

use std::path::Path;
use std::time::Instant;

use tidings_coder::records::{read_records, to_jsonl, validate, RecordResult};
use tidings_coder::{penn::parse_penn, Coder};
use tidings_dict::Dictionaries;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(rec), Some(out)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: run_records RECORDS.xml OUT.jsonl");
        std::process::exit(2);
    };
    let t0 = Instant::now();
    let file = match read_records(Path::new(rec)) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let flag = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let files = match flag("--config") {
        Some(ini) => match Dictionaries::files_from_petrarch_config(Path::new(&ini)) {
            Ok(f) => Some(f),
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(1);
            }
        },
        None => file.environment.dict_files(),
    };
    let repeat: usize = flag("--repeat").and_then(|r| r.parse().ok()).unwrap_or(1).max(1);
    let Some(files) = files else {
        eprintln!("{rec}: no <Verbfile> in <Environment>");
        std::process::exit(1);
    };
    let t1 = Instant::now();
    let (dict, diags) = match Dictionaries::load(&files) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let t2 = Instant::now();
    for d in diags.iter().take(20) {
        eprintln!("diagnostic: {d}");
    }
    let mut coder = Coder::new(dict);
    for (k, v) in &file.environment.config {
        let _ = coder.options.set(k, v);
    }
    let mut results = Vec::new();
    let mut opts = coder.options.clone();
    let mut n = 0;
    for r in &file.records {
        for (k, v) in &r.config {
            if let Err(e) = opts.set(k, v) {
                eprintln!("{}: {e}", r.id);
            }
        }
        let tree = match (r.parse.as_deref(), r.conllu.as_deref()) {
            (Some(p), _) => Some(parse_penn(p)),
            (None, Some(c)) => Some(tidings_coder::conllu::parse_conllu(c)),
            _ => None,
        };
        let events = match tree {
            Some(Ok(tree)) => {
                n += repeat;
                for _ in 1..repeat {
                    std::hint::black_box(coder.code_with(&tree, r.date, &opts));
                }
                let ev = coder.code_with(&tree, r.date, &opts);
                if args.iter().any(|a| a == &r.id) {
                    println!("{}: {}\n{}\n{:#?}", r.id, r.text, tree.to_penn(), ev);
                }
                ev
            }
            Some(Err(e)) => {
                eprintln!("{}: {e}", r.id);
                Vec::new()
            }
            None => Vec::new(),
        };
        results.push(RecordResult { id: r.id.clone(), events });
    }
    let t3 = Instant::now();
    if let Err(e) = std::fs::write(out, to_jsonl(&results, None)) {
        eprintln!("{out}: {e}");
        std::process::exit(1);
    }
    let rep = validate(&file, &results);
    if args.iter().any(|a| a == "--report") {
        print!("{rep}");
    }
    println!(
        "read {:.1} ms, dictionaries {:.1} ms ({} diagnostics), coded {} trees in {:.1} ms ({:.0} sentences/s); records {}/{} (included categories {}/{})",
        (t1 - t0).as_secs_f64() * 1e3,
        (t2 - t1).as_secs_f64() * 1e3,
        diags.len(),
        n,
        (t3 - t2).as_secs_f64() * 1e3,
        n as f64 / (t3 - t2).as_secs_f64().max(1e-9),
        rep.passed,
        rep.total,
        rep.included.0,
        rep.included.1
    );
}

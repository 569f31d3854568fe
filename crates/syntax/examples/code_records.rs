//! Code the `<Text>` of every record in a PETRARCH records file from raw text
//! (tidings-syntax analysis, no supplied parse) and write predictions JSONL.
//!
//! usage: cargo run -p tidings-syntax --example code_records -- RECORDS.xml PRED.jsonl [--show ID]...

use std::path::Path;
use std::time::Instant;

use tidings_coder::records::{read_records, to_jsonl, validate, RecordResult};
use tidings_coder::Coder;
use tidings_dict::Dictionaries;
use tidings_syntax::Analyzer;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(rec), Some(out)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: code_records RECORDS.xml PRED.jsonl [--show ID]...");
        std::process::exit(2);
    };
    let file = match read_records(Path::new(rec)) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let Some(files) = file.environment.dict_files() else {
        eprintln!("{rec}: no <Verbfile> in <Environment>");
        std::process::exit(1);
    };
    let (dict, _diags) = match Dictionaries::load(&files) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let mut coder = Coder::new(dict);
    for (k, v) in &file.environment.config {
        let _ = coder.options.set(k, v);
    }
    let analyzer = Analyzer::new();
    let mut opts = coder.options.clone();
    let mut results = Vec::new();
    let t0 = Instant::now();
    for r in &file.records {
        for (k, v) in &r.config {
            if let Err(e) = opts.set(k, v) {
                eprintln!("{}: {e}", r.id);
            }
        }
        let tree = analyzer.analyze_text(r.text.trim(), 0);
        let events = coder.code_with(&tree, r.date, &opts);
        if args.iter().any(|a| a == &r.id) {
            println!("{}: {}\n{}\n{:#?}", r.id, r.text.trim(), tree.to_penn(), events);
        }
        results.push(RecordResult { id: r.id.clone(), events });
    }
    let el = t0.elapsed();
    if let Err(e) = std::fs::write(out, to_jsonl(&results, None)) {
        eprintln!("{out}: {e}");
        std::process::exit(1);
    }
    let rep = validate(&file, &results);
    if args.iter().any(|a| a == "--report") {
        print!("{rep}");
    }
    eprintln!("{} records analyzed and coded from raw text in {:.1} ms", file.records.len(), el.as_secs_f64() * 1e3);
}

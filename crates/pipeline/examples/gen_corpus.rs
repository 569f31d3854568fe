//! Write a synthetic news corpus of about SIZE_MB megabytes as text files.
//!
//! usage: cargo run --release -p tidings-pipeline --example gen_corpus -- OUT_DIR SIZE_MB [SEED]

use std::io::Write;
use tidings_pipeline::synth::{text_file, Rng};

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(out), Some(mb)) = (args.get(1), args.get(2).and_then(|s| s.parse::<u64>().ok())) else {
        eprintln!("usage: gen_corpus OUT_DIR SIZE_MB [SEED]");
        std::process::exit(2);
    };
    let seed = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(1);
    let mut rng = Rng::new(seed);
    let target = mb * 1_000_000;
    let mut written = 0u64;
    let mut n = 0u64;
    while written < target {
        let dir = std::path::Path::new(out).join(format!("{:04}", n / 1000));
        std::fs::create_dir_all(&dir)?;
        let sentences = 8 + rng.below(20);
        let text = text_file(&mut rng, sentences, n as u32);
        let mut f = std::fs::File::create(dir.join(format!("a{n:07}.txt")))?;
        f.write_all(text.as_bytes())?;
        written += text.len() as u64;
        n += 1;
    }
    println!("{n} articles, {:.1} MB in {out}", written as f64 / 1e6);
    Ok(())
}

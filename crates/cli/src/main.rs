//! `tidings`: the command-line front end. Thin: argument parsing, progress and
//! exit codes; the work happens in the library crates.

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use tidings_pipeline::export::{self, Format, What};
use tidings_pipeline::{RunOptions, Summary};
use tidings_store::Store;

/// Exit code when some inputs were rejected (each has a diagnostic).
const EXIT_REJECTED: u8 = 3;

#[derive(Parser)]
#[command(
    name = "tidings",
    version,
    about = "Fast, transparent news event data: articles in, CAMEO events with evidence out."
)]
struct Cli {
    /// Print nothing but errors.
    #[arg(long, short, global = true)]
    quiet: bool,
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Ingest files or directories (txt, HTML, JSONL, WARC, RSS/Atom, gzip; `-` for stdin) and process them.
    Run {
        /// Inputs: files, directories (recursive), or `-` for standard input.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Store file (SQLite).
        #[arg(long, default_value = "tidings.db")]
        db: PathBuf,
        /// Documents per store transaction.
        #[arg(long, default_value_t = 200)]
        batch_size: usize,
    },
    /// Export stored data.
    Export {
        #[arg(long, default_value = "tidings.db")]
        db: PathBuf,
        /// What to export.
        #[arg(long, value_enum, default_value_t = WhatArg::Articles)]
        what: WhatArg,
        #[arg(long, value_enum, default_value_t = FormatArg::Jsonl)]
        format: FormatArg,
        /// Output file (default: standard output).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Show store counts and recent diagnostics.
    Status {
        #[arg(long, default_value = "tidings.db")]
        db: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum WhatArg {
    Articles,
    Sentences,
    Events,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Jsonl,
    Csv,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match real_main(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("tidings: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn real_main(cli: Cli) -> Result<ExitCode> {
    match cli.cmd {
        Cmd::Run {
            paths,
            db,
            batch_size,
        } => cmd_run(&paths, &db, batch_size, cli.quiet),
        Cmd::Export {
            db,
            what,
            format,
            output,
        } => cmd_export(&db, what, format, output.as_deref()),
        Cmd::Status { db } => cmd_status(&db),
    }
}

fn open_existing(db: &std::path::Path) -> Result<Store> {
    anyhow::ensure!(
        db.exists(),
        "no store at {} (run `tidings run` first)",
        db.display()
    );
    Store::open(db).with_context(|| format!("opening {}", db.display()))
}

fn cmd_run(
    paths: &[PathBuf],
    db: &std::path::Path,
    batch_size: usize,
    quiet: bool,
) -> Result<ExitCode> {
    let mut store = Store::open(db).with_context(|| format!("opening {}", db.display()))?;
    let opts = RunOptions {
        batch_size: batch_size.max(1),
        ..RunOptions::default()
    };
    let bar = if quiet || !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        indicatif::ProgressBar::hidden()
    } else {
        let b = indicatif::ProgressBar::new_spinner();
        b.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {elapsed} {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        b
    };
    let started = std::time::Instant::now();
    let summary = tidings_pipeline::run(&mut store, paths, None, &opts, &mut |p| {
        bar.set_message(format!(
            "{} articles, {:.1} MB, {} sentences",
            p.articles,
            p.text_bytes as f64 / 1e6,
            p.sentences
        ));
    })?;
    bar.finish_and_clear();
    for d in &summary.diagnostics {
        eprintln!("tidings: {}: {}", d.path, d.reason);
    }
    if !quiet {
        print_summary(&summary, &store, started.elapsed())?;
    }
    Ok(if summary.diagnostics.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_REJECTED)
    })
}

fn print_summary(s: &Summary, store: &Store, took: std::time::Duration) -> Result<()> {
    let c = store.counts()?;
    println!(
        "read {} articles ({} new, {} duplicate texts, {} already stored), {} sentences, {} events, {} diagnostics in {:.2}s",
        s.articles,
        s.new_documents,
        s.duplicates,
        s.already_seen,
        s.sentences,
        s.events,
        s.diagnostics.len(),
        took.as_secs_f64()
    );
    println!(
        "store: {} documents, {} sightings, {} sentences, {} events, {} diagnostics",
        c.documents, c.sightings, c.sentences, c.events, c.diagnostics
    );
    Ok(())
}

fn cmd_export(
    db: &std::path::Path,
    what: WhatArg,
    format: FormatArg,
    output: Option<&std::path::Path>,
) -> Result<ExitCode> {
    let store = open_existing(db)?;
    let what = match what {
        WhatArg::Articles => What::Articles,
        WhatArg::Sentences => What::Sentences,
        WhatArg::Events => What::Events,
    };
    let format = match format {
        FormatArg::Jsonl => Format::Jsonl,
        FormatArg::Csv => Format::Csv,
    };
    let mut out: Box<dyn Write> = match output {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    export::export(&store, what, format, &mut out)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn cmd_status(db: &std::path::Path) -> Result<ExitCode> {
    let store = open_existing(db)?;
    let c = store.counts()?;
    println!(
        "store {} (schema v{})",
        db.display(),
        store.schema_version()?
    );
    println!(
        "{} documents, {} sightings, {} sentences, {} events, {} diagnostics",
        c.documents, c.sightings, c.sentences, c.events, c.diagnostics
    );
    for d in store.diagnostics()?.iter().rev().take(20) {
        println!("  diagnostic x{}: {}: {}", d.count, d.path, d.reason);
    }
    Ok(ExitCode::SUCCESS)
}

//! `tidings`: the command-line front end. Thin: argument parsing, progress and
//! exit codes; the work happens in the library crates.

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use tidings_pipeline::coding::{load_dictionaries, DictSpec, EventCoder};
use tidings_pipeline::records::FrontEnd;
use tidings_pipeline::{RunOptions, Summary};
use tidings_store::Store;

mod watch;

mod dict;

mod score;

// mimalloc: the per-sentence work makes many small allocations, which glibc's
// malloc served at about a fifth of all instructions (see README "Profile").
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit code when some inputs were rejected (each has a diagnostic).
const EXIT_REJECTED: u8 = 3;
/// Exit code of `validate` when some records fail.
const EXIT_VALIDATION_FAILED: u8 = 4;

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
        /// Skip the story pass (stories, event clusters, inferred dates); the next run without this flag
        /// catches up with every document stored since the last story pass.
        #[arg(long)]
        no_stories: bool,
        /// Worker threads for analysis and coding (0 = one per core); output does not depend on it.
        #[arg(long, default_value_t = 0)]
        threads: usize,
        /// Dictionaries: a PETR_config.ini, a directory of PETRARCH dictionaries, or a directory of
        /// tidings-format dictionaries (default: built-in).
        #[arg(long)]
        dictionaries: Option<PathBuf>,
    },
    /// Code a PETRARCH/TABARI validation-records file; one JSON line per record.
    CodeRecords {
        records: PathBuf,
        /// Dictionaries (default: those named in the records' <Environment>).
        #[arg(long)]
        dictionaries: Option<PathBuf>,
        /// Ignore the supplied parses: analyze the raw <Text> with the built-in analyzer.
        #[arg(long)]
        raw: bool,
        /// Add matched texts, verb tokens and the dictionary pattern that fired to each event.
        #[arg(long)]
        explain: bool,
        /// Output file (default: standard output).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Code a records file and compare with its <EventCoding> expectations; exits 4 on failures.
    Validate {
        records: PathBuf,
        #[arg(long)]
        dictionaries: Option<PathBuf>,
        #[arg(long)]
        raw: bool,
    },
    /// Export stored data (JSONL, CSV, GDELT 2.0 tables, Parquet).
    Export(ExportArgs),
    /// Serve the JSON API and web UI over a store (read-only unless given a token).
    Serve(ServeArgs),
    /// Print a story's brief: headline, date, place, main actors, events by count, quotes, disagreements.
    Story {
        /// Story id (`story_id` in exports); omit to list stories.
        id: Option<i64>,
        #[arg(long, default_value = "tidings.db")]
        db: PathBuf,
        /// Print the brief as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Score the stored stories against gold clusters (JSONL: document id and cluster per line): pairwise and BCubed F1.
    ScoreStories(score::ScoreArgs),
    /// Poll RSS/Atom feeds and watch directories; fetch, code and store new articles every cycle.
    Watch(watch::WatchArgs),
    /// Show store counts, recent diagnostics and the last watch cycles.
    Status {
        #[arg(long, default_value = "tidings.db")]
        db: PathBuf,
    },
    /// Lint dictionaries (`check`) or convert them between tidings' and PETRARCH's formats (`convert`).
    Dict {
        #[command(subcommand)]
        cmd: dict::DictCmd,
    },
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
        Cmd::Run { paths, db, batch_size, no_stories, threads, dictionaries } => {
            cmd_run(&paths, &db, batch_size, threads, dictionaries.as_deref(), !no_stories, cli.quiet)
        }
        Cmd::CodeRecords { records, dictionaries, raw, explain, output } => {
            let (file, results) = code_records(&records, dictionaries.as_deref(), raw, cli.quiet)?;
            let jsonl = tidings_coder::records::to_jsonl(&results, explain.then_some(&file));
            match output {
                Some(p) => std::fs::write(&p, jsonl).with_context(|| format!("writing {}", p.display()))?,
                None => std::io::stdout().lock().write_all(jsonl.as_bytes())?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Validate { records, dictionaries, raw } => {
            let (file, results) = code_records(&records, dictionaries.as_deref(), raw, cli.quiet)?;
            let report = tidings_coder::records::validate(&file, &results);
            print!("{report}");
            Ok(if report.passed == report.total { ExitCode::SUCCESS } else { ExitCode::from(EXIT_VALIDATION_FAILED) })
        }
        Cmd::Export(args) => cmd_export(&args),
        Cmd::Serve(args) => cmd_serve(&args, cli.quiet),
        Cmd::Status { db } => cmd_status(&db),
        Cmd::Watch(args) => watch::run(&args, cli.quiet),
        Cmd::Dict { cmd } => dict::run(&cmd, cli.quiet),
        Cmd::Story { id, db, json } => cmd_story(&db, id, json),
        Cmd::ScoreStories(args) => score::run(&args),
    }
}

fn open_existing(db: &std::path::Path) -> Result<Store> {
    anyhow::ensure!(db.exists(), "no store at {} (run `tidings run` first)", db.display());
    Store::open(db).with_context(|| format!("opening {}", db.display()))
}

fn load_dicts(spec: &DictSpec, quiet: bool) -> Result<tidings_dict::Dictionaries> {
    let t = std::time::Instant::now();
    let (dict, diags) = load_dictionaries(spec)?;
    for d in &diags {
        eprintln!("tidings: dictionary: {d}");
    }
    if !quiet {
        eprintln!("dictionaries loaded in {:.0} ms ({} diagnostics)", t.elapsed().as_secs_f64() * 1e3, diags.len());
    }
    Ok(dict)
}

fn code_records(
    records: &std::path::Path,
    dictionaries: Option<&std::path::Path>,
    raw: bool,
    quiet: bool,
) -> Result<(tidings_coder::records::RecordsFile, Vec<tidings_coder::records::RecordResult>)> {
    let file =
        tidings_coder::records::read_records(records).with_context(|| format!("reading {}", records.display()))?;
    let dict = match dictionaries {
        Some(p) => load_dicts(&DictSpec::Path(p.to_path_buf()), quiet)?,
        None => {
            let files = file.environment.dict_files().with_context(|| {
                format!("{}: no <Verbfile> in <Environment>; pass --dictionaries", records.display())
            })?;
            let (dict, diags) = tidings_dict::Dictionaries::load(&files)?;
            for d in &diags {
                eprintln!("tidings: dictionary: {d}");
            }
            dict
        }
    };
    let ec = EventCoder::new(dict);
    let front = if raw { FrontEnd::Raw } else { FrontEnd::Supplied };
    let (results, problems) = tidings_pipeline::records::code_records(&file, &ec, front);
    for p in &problems {
        eprintln!("tidings: {}:{}: record {}: {}", records.display(), p.line, p.id, p.reason);
    }
    Ok((file, results))
}

fn cmd_run(
    paths: &[PathBuf],
    db: &std::path::Path,
    batch_size: usize,
    threads: usize,
    dictionaries: Option<&std::path::Path>,
    with_stories: bool,
    quiet: bool,
) -> Result<ExitCode> {
    let spec = dictionaries.map_or(DictSpec::Defaults, |p| DictSpec::Path(p.to_path_buf()));
    let coder = match load_dicts(&spec, quiet) {
        Ok(d) => Some(EventCoder::new(d)),
        Err(e) if dictionaries.is_none() => {
            eprintln!("tidings: note: {e:#}; coding no events");
            None
        }
        Err(e) => return Err(e),
    };
    let mut store = Store::open(db).with_context(|| format!("opening {}", db.display()))?;
    let opts = RunOptions { batch_size: batch_size.max(1), threads, ..RunOptions::default() };
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
    let summary = tidings_pipeline::run(
        &mut store,
        paths,
        coder.as_ref().map(|c| c as &dyn tidings_pipeline::SentenceCoder),
        &opts,
        &mut |p| {
            bar.set_message(format!(
                "{} articles, {:.1} MB, {} sentences",
                p.articles,
                p.text_bytes as f64 / 1e6,
                p.sentences
            ));
        },
    )?;
    bar.set_message("building stories");
    let stories = if with_stories {
        tidings_pipeline::stories::update_stories(&mut store)?
    } else {
        tidings_pipeline::stories::StorySummary::default()
    };
    bar.finish_and_clear();
    for d in &summary.diagnostics {
        eprintln!("tidings: {}: {}", d.path, d.reason);
    }
    if !quiet {
        print_summary(&summary, &stories, &store, started.elapsed())?;
    }
    Ok(if summary.diagnostics.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(EXIT_REJECTED) })
}

fn print_summary(
    s: &Summary,
    st: &tidings_pipeline::stories::StorySummary,
    store: &Store,
    took: std::time::Duration,
) -> Result<()> {
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
        "store: {} documents, {} sightings, {} sentences, {} events, {} diagnostics; {} stories, {} distinct events",
        c.documents, c.sightings, c.sentences, c.events, c.diagnostics, st.stories, st.event_clusters
    );
    Ok(())
}

#[derive(clap::Args)]
struct ExportArgs {
    #[arg(long, default_value = "tidings.db")]
    db: PathBuf,
    /// What to export.
    #[arg(long, value_enum, default_value_t = WhatArg::Articles)]
    what: WhatArg,
    /// Output format (gdelt: the GDELT 2.0 Event table for events, Mentions table for mentions).
    #[arg(long, value_enum, default_value_t = FormatArg::Jsonl)]
    format: FormatArg,
    /// Output file (default: standard output).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Only events on or after this date (YYYY-MM-DD).
    #[arg(long)]
    since: Option<String>,
    /// Only events on or before this date (YYYY-MM-DD).
    #[arg(long)]
    until: Option<String>,
    /// Only events with an actor whose code starts with CODE.
    #[arg(long, value_name = "CODE")]
    actor: Option<String>,
    /// Only events whose CAMEO code starts with PREFIX.
    #[arg(long, value_name = "PREFIX")]
    code: Option<String>,
    /// Only this story.
    #[arg(long, value_name = "ID")]
    story: Option<String>,
}

#[derive(Clone, Copy, ValueEnum)]
enum WhatArg {
    Articles,
    Sentences,
    Events,
    Mentions,
    Stories,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Jsonl,
    Csv,
    Gdelt,
    Parquet,
}

fn cmd_export(args: &ExportArgs) -> Result<ExitCode> {
    use tidings_export::{Format, What};
    let filter = tidings_export::Filter::parse(
        args.since.as_deref(),
        args.until.as_deref(),
        args.actor.as_deref(),
        args.code.as_deref(),
        args.story.as_deref(),
    )?;
    let store = open_existing(&args.db)?;
    let what = match args.what {
        WhatArg::Articles => What::Articles,
        WhatArg::Sentences => What::Sentences,
        WhatArg::Events => What::Events,
        WhatArg::Mentions => What::Mentions,
        WhatArg::Stories => What::Stories,
    };
    let format = match args.format {
        FormatArg::Jsonl => Format::Jsonl,
        FormatArg::Csv => Format::Csv,
        FormatArg::Gdelt => Format::Gdelt,
        FormatArg::Parquet => Format::Parquet,
    };
    if format == Format::Parquet && args.output.is_none() && std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        anyhow::bail!("--format parquet is binary: give -o FILE or redirect standard output");
    }
    let mut out: Box<dyn Write> = match &args.output {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    tidings_export::export(&store, what, format, &filter, &mut out)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args)]
struct ServeArgs {
    #[arg(long, default_value = "tidings.db")]
    db: PathBuf,
    /// Address to listen on (loopback by default).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: String,
    /// Enable `POST /api/articles` for clients sending this bearer token
    /// (also read from the TIDINGS_API_TOKEN environment variable).
    #[arg(long)]
    token: Option<String>,
    /// Dictionaries for coding ingested articles (default: built-in).
    #[arg(long)]
    dictionaries: Option<PathBuf>,
}

fn cmd_serve(args: &ServeArgs, quiet: bool) -> Result<ExitCode> {
    let token = args.token.clone().or_else(|| std::env::var("TIDINGS_API_TOKEN").ok()).filter(|t| !t.is_empty());
    let store = open_existing(&args.db)?;
    let coder: Option<tidings_server::Coder> = match &token {
        None => None,
        Some(_) => {
            let spec = args.dictionaries.as_deref().map_or(DictSpec::Defaults, |p| DictSpec::Path(p.to_path_buf()));
            Some(std::sync::Arc::new(EventCoder::new(load_dicts(&spec, quiet)?)))
        }
    };
    let mode = if token.is_some() { "ingest enabled with token" } else { "read-only" };
    let config = tidings_server::Config { store, token, coder };
    tidings_server::serve(config, &args.addr, |addr| {
        if !quiet {
            eprintln!("tidings: serving {} on http://{addr}/ ({mode})", args.db.display());
        }
    })?;
    Ok(ExitCode::SUCCESS)
}

fn cmd_status(db: &std::path::Path) -> Result<ExitCode> {
    let store = open_existing(db)?;
    let c = store.counts()?;
    println!("store {} (schema v{})", db.display(), store.schema_version()?);
    println!(
        "{} documents, {} sightings, {} sentences, {} events, {} diagnostics",
        c.documents, c.sightings, c.sentences, c.events, c.diagnostics
    );
    for d in store.diagnostics()?.iter().rev().take(20) {
        println!("  diagnostic x{}: {}: {}", d.count, d.path, d.reason);
    }
    watch::print_status(&store)?;
    Ok(ExitCode::SUCCESS)
}

fn cmd_story(db: &std::path::Path, id: Option<i64>, json: bool) -> Result<ExitCode> {
    let store = open_existing(db)?;
    let stories = store.stories()?;
    let Some(id) = id else {
        for st in &stories {
            println!(
                "{}\t{}\t{} articles, {} sources, {} mentions\t{}",
                st.id,
                st.date.as_deref().unwrap_or("????-??-??"),
                st.num_articles,
                st.num_sources,
                st.num_mentions,
                st.headline.as_deref().unwrap_or("")
            );
        }
        return Ok(ExitCode::SUCCESS);
    };
    let st = stories.iter().find(|s| s.id == id).with_context(|| format!("no story {id} in {}", db.display()))?;
    let brief = st.brief.as_deref().context("story has no brief")?;
    if json {
        println!("{brief}");
    } else {
        let b: tidings_stories::brief::Brief = serde_json::from_str(brief).context("reading the stored brief")?;
        print!("{b}");
    }
    Ok(ExitCode::SUCCESS)
}

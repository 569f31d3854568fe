//! `tidings watch`: argument parsing and the loop; the work is in tidings-watch.

use anyhow::{Context, Result};
use std::path::PathBuf;
use std::process::ExitCode;
use tidings_pipeline::coding::{DictSpec, EventCoder};
use tidings_store::Store;
use tidings_watch::fetch::FetchOptions;
use tidings_watch::WatchConfig;

#[derive(clap::Args)]
pub struct WatchArgs {
    /// Store file (SQLite); `tidings serve --db` on the same file shows the cycles at /api/status.
    #[arg(long, default_value = "tidings.db")]
    db: PathBuf,
    /// File of RSS/Atom feed URLs, one per line (`#` comments).
    #[arg(long)]
    feeds: Option<PathBuf>,
    /// Directory to watch for new files (repeatable); hidden files are skipped.
    #[arg(long = "dir")]
    dirs: Vec<PathBuf>,
    /// Time between the starts of two cycles (e.g. 30s, 15m, 1h).
    #[arg(long, default_value = "15m")]
    every: String,
    /// Run one cycle and exit (exit code 3 when something failed).
    #[arg(long)]
    once: bool,
    /// Dictionaries (default: built-in).
    #[arg(long)]
    dictionaries: Option<PathBuf>,
    /// User-Agent sent with every request; its first word is matched against robots.txt groups.
    #[arg(long)]
    user_agent: Option<String>,
    /// Timeout of one request, body included.
    #[arg(long, default_value = "30s")]
    timeout: String,
    /// Minimum time between two requests to one host (robots.txt Crawl-delay can raise it).
    #[arg(long, default_value = "1s")]
    per_host_interval: String,
    /// Requests in flight to one host.
    #[arg(long, default_value_t = 2)]
    per_host: usize,
    /// Fetch threads overall.
    #[arg(long, default_value_t = 8)]
    concurrency: usize,
    /// Largest response body, decoded (bytes).
    #[arg(long, default_value_t = 8 << 20)]
    max_bytes: usize,
    /// Use HTTP(S)_PROXY / NO_PROXY from the environment.
    #[arg(long)]
    proxy_from_env: bool,
}

pub fn run(args: &WatchArgs, quiet: bool) -> Result<ExitCode> {
    let every = tidings_watch::parse_interval(&args.every).map_err(anyhow::Error::msg).context("--every")?;
    let timeout = tidings_watch::parse_interval(&args.timeout).map_err(anyhow::Error::msg).context("--timeout")?;
    let interval = tidings_watch::parse_interval(&args.per_host_interval)
        .map_err(anyhow::Error::msg)
        .context("--per-host-interval")?;
    let mut feeds = Vec::new();
    if let Some(f) = &args.feeds {
        let text = std::fs::read_to_string(f).with_context(|| format!("reading {}", f.display()))?;
        let (urls, diags) = tidings_watch::parse_feeds_list(&f.display().to_string(), &text);
        for d in &diags {
            eprintln!("tidings: {}: {}", d.path, d.reason);
        }
        feeds = urls;
    }
    anyhow::ensure!(
        !feeds.is_empty() || !args.dirs.is_empty(),
        "nothing to watch: give --feeds FILE and/or --dir PATH"
    );
    let spec = args.dictionaries.as_deref().map_or(DictSpec::Defaults, |p| DictSpec::Path(p.to_path_buf()));
    let coder = EventCoder::new(super::load_dicts(&spec, quiet)?);
    let mut store = Store::open(&args.db).with_context(|| format!("opening {}", args.db.display()))?;
    let defaults = FetchOptions::default();
    let cfg = WatchConfig {
        feeds,
        dirs: args.dirs.clone(),
        fetch: FetchOptions {
            user_agent: args.user_agent.clone().unwrap_or(defaults.user_agent.clone()),
            timeout,
            connect_timeout: timeout.min(defaults.connect_timeout),
            per_host_interval: interval,
            per_host_concurrency: args.per_host.max(1),
            concurrency: args.concurrency.max(1),
            max_bytes: args.max_bytes,
            proxy_from_env: args.proxy_from_env,
            ..defaults
        },
        ..WatchConfig::default()
    };
    if !quiet {
        eprintln!(
            "tidings: watching {} feeds and {} directories into {}{}",
            cfg.feeds.len(),
            cfg.dirs.len(),
            args.db.display(),
            if args.once { " (one cycle)" } else { "" }
        );
    }
    let mut failed = false;
    tidings_watch::watch(
        &mut store,
        &cfg,
        Some(&coder),
        every,
        &mut |line| eprintln!("tidings: watch: {line}"),
        &mut |rep| {
            failed |= rep.row.failures > 0;
            if !quiet {
                println!("{}", rep.line());
            }
            !args.once
        },
    )?;
    Ok(if args.once && failed { ExitCode::from(super::EXIT_REJECTED) } else { ExitCode::SUCCESS })
}

/// The last watch cycles, for `tidings status`.
pub fn print_status(store: &Store) -> Result<()> {
    let cycles = store.recent_watch_cycles(10)?;
    if cycles.is_empty() {
        return Ok(());
    }
    let items = store.watch_item_counts()?;
    println!(
        "watch: {} feeds; items {} done, {} pending, {} failed, {} skipped; last cycles:",
        store.watch_feeds()?.len(),
        items.done,
        items.pending,
        items.failed,
        items.skipped
    );
    for c in &cycles {
        match (&c.finished_at, &c.line) {
            (Some(end), Some(line)) => println!("  {end}  {line}"),
            _ => println!("  {}  watch cycle {}: interrupted", c.started_at, c.id),
        }
    }
    Ok(())
}

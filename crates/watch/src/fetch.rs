//! The polite HTTP(S) fetcher: `ureq` over rustls (no OpenSSL), conditional
//! GET, robots.txt, per-host spacing and concurrency caps, timeouts, retries
//! with exponential backoff (honouring `Retry-After`), redirects followed by
//! hand so every hop is checked against robots.txt and the host limits,
//! gzip/brotli decoding and a size limit on the decoded body.

use crate::politeness::HostGate;
use crate::robots::{Robots, MAX_ROBOTS_BYTES};
use std::collections::HashMap;
use std::io::Read;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

/// Fetcher settings; the defaults suit polling news sites every few minutes.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// Sent with every request; its first word (before `/`) is our robots.txt product token.
    pub user_agent: String,
    /// Whole request, body included.
    pub timeout: Duration,
    pub connect_timeout: Duration,
    /// Largest decoded response body; larger responses are refused.
    pub max_bytes: usize,
    /// Extra attempts for transient failures (timeouts, connection errors, 5xx, 429) within one fetch.
    pub retries: u32,
    /// First backoff; doubles per retry up to `max_backoff`.
    pub backoff: Duration,
    pub max_backoff: Duration,
    /// Minimum spacing between request starts to one host (robots.txt `Crawl-delay` can raise it).
    pub per_host_interval: Duration,
    /// Requests in flight to one host.
    pub per_host_concurrency: usize,
    /// Fetch threads overall.
    pub concurrency: usize,
    pub max_redirects: u32,
    /// Upper bound for a robots.txt `Crawl-delay`.
    pub max_crawl_delay: Duration,
    /// Use HTTP(S)_PROXY / NO_PROXY from the environment (off: direct connections).
    pub proxy_from_env: bool,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            user_agent: default_user_agent(),
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            max_bytes: 8 << 20,
            retries: 2,
            backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(30),
            per_host_interval: Duration::from_secs(1),
            per_host_concurrency: 2,
            concurrency: 8,
            max_redirects: 5,
            max_crawl_delay: Duration::from_secs(30),
            proxy_from_env: false,
        }
    }
}

/// `tidings/VERSION (+news event coding; respects robots.txt)`.
pub fn default_user_agent() -> String {
    format!("tidings/{} (news event coding; respects robots.txt)", env!("CARGO_PKG_VERSION"))
}

/// Why a fetch failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    #[error("disallowed by robots.txt")]
    Disallowed,
    #[error("HTTP {status}")]
    Status { status: u16 },
    #[error("response larger than the {limit}-byte limit")]
    TooLarge { limit: usize },
    #[error("timed out: {0}")]
    Timeout(String),
    #[error("network: {0}")]
    Network(String),
    #[error("more than {0} redirects")]
    TooManyRedirects(u32),
    #[error("bad redirect: {0}")]
    BadRedirect(String),
    #[error("bad URL: {0}")]
    BadUrl(String),
    #[error("malformed response: {0}")]
    Malformed(String),
}

impl FetchError {
    /// Worth trying again later (this cycle after a backoff, or next cycle).
    pub fn is_transient(&self) -> bool {
        match self {
            FetchError::Status { status } => *status == 429 || *status == 408 || *status >= 500,
            FetchError::Timeout(_) | FetchError::Network(_) | FetchError::Malformed(_) => true,
            _ => false,
        }
    }

    pub fn status(&self) -> Option<u16> {
        match self {
            FetchError::Status { status } => Some(*status),
            _ => None,
        }
    }
}

/// A successful response (2xx, or 304 for a conditional request).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    pub status: u16,
    /// Where the body came from, after redirects.
    pub final_url: String,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub content_type: Option<String>,
    /// Decoded body (empty for a 304).
    pub body: Vec<u8>,
}

impl Fetched {
    pub fn not_modified(&self) -> bool {
        self.status == 304
    }
    /// `charset=` of the Content-Type header.
    pub fn charset(&self) -> Option<String> {
        self.content_type.as_deref().and_then(|c| tidings_ingest::html::sniff_charset(c.as_bytes()))
    }
}

/// Validators of a previous response, for a conditional GET.
#[derive(Debug, Clone, Copy, Default)]
pub struct Validators<'a> {
    pub etag: Option<&'a str>,
    pub last_modified: Option<&'a str>,
}

type RobotsCell = Arc<OnceLock<Arc<Robots>>>;

/// Shared by the fetch threads of a watcher (it is `Sync`).
pub struct Fetcher {
    agent: ureq::Agent,
    opts: FetchOptions,
    gate: HostGate,
    robots: Mutex<HashMap<String, RobotsCell>>,
    requests: AtomicU64,
    token: String,
}

impl Fetcher {
    pub fn new(opts: FetchOptions) -> Fetcher {
        let mut cfg = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .user_agent(opts.user_agent.as_str())
            .accept("text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5")
            .timeout_global(Some(opts.timeout))
            .timeout_connect(Some(opts.connect_timeout))
            .max_idle_connections_per_host(opts.per_host_concurrency.max(1));
        if !opts.proxy_from_env {
            cfg = cfg.proxy(None);
        }
        let token = opts.user_agent.split(['/', ' ']).next().unwrap_or("tidings").to_ascii_lowercase();
        Fetcher {
            agent: cfg.build().into(),
            gate: HostGate::new(opts.per_host_concurrency),
            opts,
            robots: Mutex::new(HashMap::new()),
            requests: AtomicU64::new(0),
            token,
        }
    }

    pub fn options(&self) -> &FetchOptions {
        &self.opts
    }

    /// HTTP requests sent so far (robots.txt included).
    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    /// GET `url` politely, with retries for transient failures.
    pub fn get(&self, url: &str, validators: Validators<'_>) -> Result<Fetched, FetchError> {
        let mut attempt = 0;
        loop {
            match self.get_once(url, validators) {
                Err((e, retry_after)) if e.is_transient() && attempt < self.opts.retries => {
                    let backoff = self.opts.backoff.saturating_mul(1 << attempt.min(16)).min(self.opts.max_backoff);
                    let wait = retry_after.map_or(backoff, |r| r.min(self.opts.max_backoff).max(backoff));
                    std::thread::sleep(wait);
                    attempt += 1;
                }
                Err((e, _)) => return Err(e),
                Ok(f) => return Ok(f),
            }
        }
    }

    /// One attempt, following redirects. On failure, also a `Retry-After` if the server sent one.
    fn get_once(&self, url: &str, v: Validators<'_>) -> Result<Fetched, (FetchError, Option<Duration>)> {
        let mut current = url::Url::parse(url).map_err(|e| (FetchError::BadUrl(format!("{url}: {e}")), None))?;
        for _hop in 0..=self.opts.max_redirects {
            if current.scheme() != "http" && current.scheme() != "https" {
                return Err((FetchError::BadRedirect(format!("unsupported scheme in {current}")), None));
            }
            let robots = self.robots_for(&current);
            if let Some(why) = &robots.unreachable {
                return Err((FetchError::Network(format!("robots.txt unreachable ({why})")), None));
            }
            let path = match current.query() {
                Some(q) => format!("{}?{q}", current.path()),
                None => current.path().to_string(),
            };
            if !robots.allowed(&path) {
                return Err((FetchError::Disallowed, None));
            }
            let interval = robots.crawl_delay.map_or(self.opts.per_host_interval, |d| {
                d.min(self.opts.max_crawl_delay).max(self.opts.per_host_interval)
            });
            let mut req = self.agent.get(current.as_str());
            if let Some(e) = v.etag {
                req = req.header("If-None-Match", e);
            }
            if let Some(m) = v.last_modified {
                req = req.header("If-Modified-Since", m);
            }
            let (status, headers, body) = {
                let _permit = self.gate.acquire(&host_key(&current), interval);
                self.requests.fetch_add(1, Ordering::Relaxed);
                let resp = req.call().map_err(|e| (map_error(e, self.opts.max_bytes), None))?;
                let status = resp.status().as_u16();
                let headers = resp.headers().clone();
                let body = if (200..300).contains(&status) {
                    read_limited(resp.into_body(), self.opts.max_bytes).map_err(|e| (e, None))?
                } else {
                    Vec::new()
                };
                (status, headers, body)
            };
            let header = |name: &str| headers.get(name).and_then(|h| h.to_str().ok()).map(|s| s.trim().to_string());
            match status {
                200..=299 | 304 => {
                    return Ok(Fetched {
                        status,
                        final_url: current.to_string(),
                        etag: header("etag"),
                        last_modified: header("last-modified"),
                        content_type: header("content-type"),
                        body,
                    })
                }
                301 | 302 | 303 | 307 | 308 => {
                    let loc = header("location")
                        .ok_or_else(|| (FetchError::BadRedirect(format!("HTTP {status} without Location")), None))?;
                    current = current
                        .join(&loc)
                        .map_err(|e| (FetchError::BadRedirect(format!("Location {loc:?}: {e}")), None))?;
                }
                _ => {
                    let retry_after =
                        header("retry-after").and_then(|r| r.parse::<u64>().ok()).map(Duration::from_secs);
                    return Err((FetchError::Status { status }, retry_after));
                }
            }
        }
        Err((FetchError::TooManyRedirects(self.opts.max_redirects), None))
    }

    /// robots.txt of `url`'s origin, fetched once per fetcher (one fetcher per cycle).
    fn robots_for(&self, url: &url::Url) -> Arc<Robots> {
        let origin = url.origin().ascii_serialization();
        let cell = {
            let mut map = self.robots.lock().unwrap_or_else(|p| p.into_inner());
            map.entry(origin.clone()).or_default().clone()
        };
        cell.get_or_init(|| Arc::new(self.fetch_robots(&origin, url))).clone()
    }

    fn fetch_robots(&self, origin: &str, url: &url::Url) -> Robots {
        let robots_url = format!("{origin}/robots.txt");
        let mut attempt = 0;
        loop {
            let result = {
                let _permit = self.gate.acquire(&host_key(url), self.opts.per_host_interval);
                self.requests.fetch_add(1, Ordering::Relaxed);
                self.agent.get(&robots_url).call()
            };
            match result {
                Ok(resp) => {
                    let status = resp.status().as_u16();
                    return match status {
                        200..=299 => match read_limited(resp.into_body(), MAX_ROBOTS_BYTES * 2) {
                            Ok(b) => Robots::parse(&String::from_utf8_lossy(&b), &self.token),
                            Err(FetchError::TooLarge { .. }) => Robots::allow_all(),
                            Err(_) if attempt < self.opts.retries => {
                                attempt += 1;
                                continue;
                            }
                            Err(e) => Robots::unreachable(e.to_string()),
                        },
                        // Redirects to another robots.txt are not followed: treated as absent.
                        300..=499 => Robots::allow_all(),
                        _ if attempt < self.opts.retries => {
                            std::thread::sleep(self.opts.backoff);
                            attempt += 1;
                            continue;
                        }
                        _ => Robots::unreachable(format!("HTTP {status}")),
                    };
                }
                Err(_) if attempt < self.opts.retries => {
                    std::thread::sleep(self.opts.backoff);
                    attempt += 1;
                }
                // Unreachable: RFC 9309 says assume complete disallow.
                Err(e) => return Robots::unreachable(map_error(e, self.opts.max_bytes).to_string()),
            }
        }
    }
}

fn host_key(u: &url::Url) -> String {
    format!("{}:{}", u.host_str().unwrap_or(""), u.port_or_known_default().unwrap_or(0))
}

fn read_limited(body: ureq::Body, limit: usize) -> Result<Vec<u8>, FetchError> {
    if body.content_length().is_some_and(|n| n > limit as u64 * 4) {
        return Err(FetchError::TooLarge { limit });
    }
    let mut out = Vec::new();
    let mut reader = body.into_reader().take(limit as u64 + 1);
    reader.read_to_end(&mut out).map_err(|e| map_error(ureq::Error::from(e), limit))?;
    if out.len() > limit {
        return Err(FetchError::TooLarge { limit });
    }
    Ok(out)
}

fn map_error(e: ureq::Error, limit: usize) -> FetchError {
    match e {
        ureq::Error::Timeout(t) => FetchError::Timeout(t.to_string()),
        ureq::Error::BodyExceedsLimit(_) => FetchError::TooLarge { limit },
        ureq::Error::HostNotFound | ureq::Error::ConnectionFailed => FetchError::Network(e.to_string()),
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => FetchError::Timeout(io.to_string()),
        ureq::Error::Io(io) => FetchError::Network(io.to_string()),
        ureq::Error::BadUri(u) => FetchError::BadUrl(u),
        ureq::Error::Protocol(_) | ureq::Error::Decompress(..) | ureq::Error::LargeResponseHeader(..) => {
            FetchError::Malformed(e.to_string())
        }
        other => FetchError::Network(other.to_string()),
    }
}

//! A tiny HTTP/1.1 fixture server on 127.0.0.1 for tests and benchmarks
//! (never binds another address). Each route answers with a canned
//! [`Reply`]: status, headers, body, an optional delay, or raw bytes that are
//! not HTTP at all. Every request is recorded (method, path, headers) so
//! tests can assert what the watcher sent. One thread per connection;
//! `Connection: close` after every response.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A canned response.
#[derive(Debug, Clone, Default)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Wait this long before answering.
    pub delay: Duration,
    /// Send these bytes instead of an HTTP response.
    pub raw: Option<Vec<u8>>,
}

impl Reply {
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
            ..Reply::default()
        }
    }
    pub fn html(body: impl Into<Vec<u8>>) -> Reply {
        Reply::new(200, "text/html; charset=utf-8", body)
    }
    pub fn status(status: u16) -> Reply {
        Reply::new(status, "text/plain", format!("status {status}"))
    }
    pub fn redirect(status: u16, location: &str) -> Reply {
        let mut r = Reply::status(status);
        r.headers.push(("Location".into(), location.into()));
        r
    }
    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.into(), value.into()));
        self
    }
    pub fn delayed(mut self, d: Duration) -> Reply {
        self.delay = d;
        self
    }
}

/// A recorded request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    pub path: String,
    /// Header names lower-cased.
    pub headers: HashMap<String, String>,
}

type Handler = dyn Fn(&Request) -> Reply + Send + Sync;

/// The server; stops accepting when dropped.
pub struct Server {
    addr: std::net::SocketAddr,
    log: Arc<Mutex<Vec<Request>>>,
    stop: Arc<AtomicBool>,
}

impl Server {
    /// Serve `handler` on an ephemeral loopback port.
    pub fn start(handler: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> std::io::Result<Server> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let log: Arc<Mutex<Vec<Request>>> = Arc::default();
        let stop = Arc::new(AtomicBool::new(false));
        let handler: Arc<Handler> = Arc::new(handler);
        let (log2, stop2) = (log.clone(), stop.clone());
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                if stop2.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(conn) = conn else { continue };
                let (handler, log) = (handler.clone(), log2.clone());
                std::thread::spawn(move || {
                    let _ = serve_one(conn, &*handler, &log);
                });
            }
        });
        Ok(Server { addr, log, stop })
    }

    /// `http://127.0.0.1:PORT` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// All requests so far.
    pub fn requests(&self) -> Vec<Request> {
        self.log.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Requests for `path` so far.
    pub fn hits(&self, path: &str) -> usize {
        self.requests().iter().filter(|r| r.path == path).count()
    }

    pub fn clear_log(&self) {
        self.log.lock().unwrap_or_else(|p| p.into_inner()).clear();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_millis(200));
    }
}

fn serve_one(mut conn: TcpStream, handler: &Handler, log: &Mutex<Vec<Request>>) -> std::io::Result<()> {
    conn.set_read_timeout(Some(Duration::from_secs(5)))?;
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = conn.read(&mut chunk)?;
        if n == 0 || buf.len() > 64 * 1024 {
            return Ok(());
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let head = String::from_utf8_lossy(&buf);
    let mut lines = head.split("\r\n");
    let mut first = lines.next().unwrap_or("").split_whitespace();
    let method = first.next().unwrap_or("").to_string();
    let path = first.next().unwrap_or("/").to_string();
    let mut headers = HashMap::new();
    for l in lines.take_while(|l| !l.is_empty()) {
        if let Some((k, v)) = l.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    let req = Request { method, path, headers };
    log.lock().unwrap_or_else(|p| p.into_inner()).push(req.clone());
    let reply = handler(&req);
    if !reply.delay.is_zero() {
        std::thread::sleep(reply.delay);
    }
    if let Some(raw) = reply.raw {
        conn.write_all(&raw)?;
        return conn.flush();
    }
    let mut out =
        format!("HTTP/1.1 {} X\r\nConnection: close\r\nContent-Length: {}\r\n", reply.status, reply.body.len());
    for (k, v) in &reply.headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str("\r\n");
    conn.write_all(out.as_bytes())?;
    if req.method != "HEAD" && reply.status != 304 {
        conn.write_all(&reply.body)?;
    }
    conn.flush()
}

/// Escape text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A news page around `paragraphs`, with the boilerplate real sites carry
/// (navigation, share bar, related links, cookie banner, footer) for the
/// extractor to remove. The title and date go in `<head>` only (`None`: the page has neither).
pub fn news_page(title: Option<&str>, outlet: &str, date: Option<&str>, paragraphs: &[&str]) -> String {
    let mut h = String::from("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n");
    if let Some(title) = title {
        h.push_str(&format!("<title>{}</title>\n", escape(title)));
        h.push_str(&format!("<meta property=\"og:title\" content=\"{}\">\n", escape(title)));
    }
    h.push_str(&format!("<meta property=\"og:site_name\" content=\"{}\">\n", escape(outlet)));
    if let Some(d) = date {
        h.push_str(&format!("<meta property=\"article:published_time\" content=\"{}\">\n", escape(d)));
    }
    h.push_str("<script>window.dataLayer = [];</script><style>body{font:16px serif}</style></head>\n<body>\n");
    h.push_str("<header><nav><a href=\"/\">Home</a> <a href=\"/world\">World</a> <a href=\"/business\">Business</a> <a href=\"/sport\">Sport</a></nav></header>\n");
    h.push_str(
        "<div class=\"cookie-banner\">We use cookies to improve your experience. <button>Accept</button></div>\n",
    );
    h.push_str("<main><article>\n");
    for p in paragraphs {
        h.push_str(&format!("<p>{}</p>\n", escape(p)));
    }
    h.push_str(
        "</article>\n<div class=\"share-bar\"><a href=\"#\">Share on social</a> <a href=\"#\">Email</a></div>\n",
    );
    h.push_str("<aside class=\"related\"><h3>Related</h3><ul><li><a href=\"/a\">Markets close higher</a></li><li><a href=\"/b\">Weather for the weekend</a></li></ul></aside>\n");
    h.push_str("</main>\n<footer><p>Copyright the publisher. All rights reserved.</p><a href=\"/privacy\">Privacy</a></footer>\n</body></html>\n");
    h
}

/// An RSS 2.0 feed: (title, link, guid, RFC 2822 date) per item; an empty title is left out.
pub fn rss(title: &str, items: &[(&str, &str, &str, Option<&str>)]) -> String {
    let mut x = format!("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel><title>{}</title><link>http://127.0.0.1/</link><description>fixture</description>\n", escape(title));
    for (t, link, guid, date) in items {
        x.push_str("<item>");
        if !t.is_empty() {
            x.push_str(&format!("<title>{}</title>", escape(t)));
        }
        x.push_str(&format!("<link>{}</link><guid isPermaLink=\"false\">{}</guid>", escape(link), escape(guid)));
        if let Some(d) = date {
            x.push_str(&format!("<pubDate>{d}</pubDate>"));
        }
        x.push_str("</item>\n");
    }
    x.push_str("</channel></rss>\n");
    x
}

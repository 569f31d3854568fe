//! Load test: 200 concurrent keep-alive clients on loopback against the
//! in-process router for a bounded time. Every response must be a complete
//! 200; the latency distribution (p50/p90/p99/max) and throughput are printed.
//! Plain HTTP/1.1 over std TCP, no external network.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};
use tidings_server::{router, Config};

const CLIENTS: usize = 200;
const DURATION: Duration = Duration::from_secs(5);
/// Generous bound: a p99 above this on loopback means requests queue without limit.
const MAX_P99: Duration = Duration::from_secs(2);

const PATHS: &[&str] = &[
    "/api/events?limit=20",
    "/api/events/1",
    "/api/stories",
    "/api/stories/1",
    "/api/actors",
    "/api/network",
    "/api/timeline",
    "/api/places",
    "/api/search?q=summit",
    "/api/openapi.json",
    "/",
    "/assets/app.js",
];

/// One request on a kept-alive connection; returns the status and body length.
fn request(conn: &mut BufReader<TcpStream>, addr: SocketAddr, path: &str) -> std::io::Result<(u16, usize)> {
    let req = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nAccept: */*\r\n\r\n");
    conn.get_mut().write_all(req.as_bytes())?;
    let mut line = String::new();
    conn.read_line(&mut line)?;
    let status: u16 = line.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let (mut length, mut chunked) = (None, false);
    loop {
        line.clear();
        if conn.read_line(&mut line)? == 0 {
            return Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "headers cut"));
        }
        let l = line.trim_end().to_ascii_lowercase();
        if l.is_empty() {
            break;
        }
        if let Some(v) = l.strip_prefix("content-length:") {
            length = v.trim().parse::<usize>().ok();
        }
        if l.starts_with("transfer-encoding:") && l.contains("chunked") {
            chunked = true;
        }
    }
    let mut body = 0usize;
    if chunked {
        loop {
            line.clear();
            conn.read_line(&mut line)?;
            let n = usize::from_str_radix(line.trim(), 16)
                .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "bad chunk size"))?;
            let mut buf = vec![0u8; n + 2];
            conn.read_exact(&mut buf)?;
            if n == 0 {
                break;
            }
            body += n;
        }
    } else {
        let n = length.ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidData, "no length"))?;
        let mut buf = vec![0u8; n];
        conn.read_exact(&mut buf)?;
        body = n;
    }
    Ok((status, body))
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

#[test]
fn two_hundred_concurrent_clients_without_errors() {
    let store = tidings_export::fixture::summit_store(None, true).unwrap();
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
    let addr = listener.local_addr().unwrap();
    let app = router(Config { store, token: None, coder: None });
    rt.spawn(async move {
        let _ = axum::serve(listener, app).await;
    });

    let start = Arc::new(Barrier::new(CLIENTS + 1));
    let handles: Vec<_> = (0..CLIENTS)
        .map(|c| {
            let start = Arc::clone(&start);
            std::thread::Builder::new()
                .stack_size(256 << 10)
                .spawn(move || -> Result<Vec<Duration>, String> {
                    let stream =
                        TcpStream::connect_timeout(&addr, Duration::from_secs(10)).map_err(|e| e.to_string())?;
                    stream.set_read_timeout(Some(Duration::from_secs(20))).map_err(|e| e.to_string())?;
                    stream.set_nodelay(true).ok();
                    let mut conn = BufReader::new(stream);
                    let mut lat = Vec::new();
                    start.wait();
                    let t0 = Instant::now();
                    let mut i = c;
                    while t0.elapsed() < DURATION {
                        let path = PATHS[i % PATHS.len()];
                        i += 1;
                        let t = Instant::now();
                        match request(&mut conn, addr, path) {
                            Ok((200, n)) if n > 0 => lat.push(t.elapsed()),
                            Ok((s, n)) => return Err(format!("client {c}: {path}: status {s}, {n} bytes")),
                            Err(e) => return Err(format!("client {c}: {path}: {e}")),
                        }
                    }
                    Ok(lat)
                })
                .unwrap()
        })
        .collect();
    start.wait();
    let t0 = Instant::now();
    let mut all = Vec::new();
    let mut errors = Vec::new();
    for h in handles {
        match h.join().unwrap() {
            Ok(l) => all.extend(l),
            Err(e) => errors.push(e),
        }
    }
    let wall = t0.elapsed();
    assert!(errors.is_empty(), "{} clients failed, e.g. {}", errors.len(), errors[0]);
    all.sort();
    assert!(all.len() >= CLIENTS, "only {} requests completed", all.len());
    let (p50, p90, p99) = (percentile(&all, 0.50), percentile(&all, 0.90), percentile(&all, 0.99));
    let max = *all.last().unwrap();
    println!(
        "load: {CLIENTS} clients, {:.1}s, {} requests ({:.0} req/s), 0 errors; latency p50 {:.2} ms, p90 {:.2} ms, \
         p99 {:.2} ms, max {:.2} ms",
        wall.as_secs_f64(),
        all.len(),
        all.len() as f64 / wall.as_secs_f64(),
        p50.as_secs_f64() * 1e3,
        p90.as_secs_f64() * 1e3,
        p99.as_secs_f64() * 1e3,
        max.as_secs_f64() * 1e3
    );
    assert!(p99 <= MAX_P99, "p99 {p99:?} > {MAX_P99:?}");
}

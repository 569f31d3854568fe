//! Server tests over a fixture store on 127.0.0.1:0 with a plain TCP client
//! (bounded reads, timeouts, no external network), plus headless-Chromium page
//! tests that skip when chromium is absent.

use super::*;
use serde_json::Value;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

struct Server {
    addr: SocketAddr,
    _rt: tokio::runtime::Runtime,
}

fn start(store: Store, token: Option<&str>) -> Server {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
    let addr = listener.local_addr().unwrap();
    let app = router(Config { store, token: token.map(str::to_owned), coder: None });
    rt.spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Server { addr, _rt: rt }
}

fn fixture_server(token: Option<&str>) -> Server {
    start(tidings_export::fixture::summit_store(None, true).unwrap(), token)
}

/// One HTTP/1.1 request; returns (status, content-type, body).
fn request(addr: SocketAddr, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> (u16, String, String) {
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut req =
        format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(body);
    s.write_all(req.as_bytes()).unwrap();
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    for _ in 0..10_000 {
        match s.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e) => panic!("read: {e}"),
        }
    }
    let text = String::from_utf8_lossy(&buf).to_string();
    let (head, rest) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status: u16 = head.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let ctype = head
        .lines()
        .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-type: ").map(str::to_owned))
        .unwrap_or_default();
    let body =
        if head.to_ascii_lowercase().contains("transfer-encoding: chunked") { dechunk(rest) } else { rest.to_string() };
    (status, ctype, body)
}

fn dechunk(mut s: &str) -> String {
    let mut out = String::new();
    for _ in 0..100_000 {
        let Some((len, rest)) = s.split_once("\r\n") else { break };
        let n = usize::from_str_radix(len.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(rest.get(..n).unwrap_or(rest));
        s = rest.get(n + 2..).unwrap_or("");
    }
    out
}

fn get_json(addr: SocketAddr, path: &str) -> (u16, Value) {
    let (status, ctype, body) = request(addr, "GET", path, &[], "");
    assert!(ctype.starts_with("application/json"), "{path}: content-type {ctype:?}, body {body}");
    (status, serde_json::from_str(&body).unwrap_or_else(|e| panic!("{path}: {e}: {body}")))
}

#[test]
fn api_answers_events_stories_actors_timeline_places_search() {
    let s = fixture_server(None);
    let (st, v) = get_json(s.addr, "/api/events?limit=2&offset=1");
    assert_eq!(st, 200);
    assert_eq!((v["total"].as_u64(), v["events"].as_array().map(Vec::len)), (Some(5), Some(2)));
    let (_, v) = get_json(s.addr, "/api/events?actor=FRACOP");
    assert_eq!(v["events"][0]["code"], "173");
    let (_, v) = get_json(s.addr, "/api/events/1");
    assert_eq!(v["mentions"].as_array().unwrap().len(), 2);
    assert!(v["mentions"][1]["text"].as_str().unwrap().contains("German chancellor met"));
    let (_, v) = get_json(s.addr, "/api/stories");
    assert_eq!(v["stories"][0]["headline"], "Leaders hold summit in Geneva");
    assert_eq!(v["stories"][0]["brief"], Value::Null, "list omits briefs");
    let (_, v) = get_json(s.addr, "/api/stories/1");
    assert_eq!(v["articles"].as_array().unwrap().len(), 2);
    assert!(v["story"]["brief"]["conflicts"].is_array());
    let (_, v) = get_json(s.addr, "/api/actors?limit=2");
    assert_eq!(v["actors"].as_array().unwrap().len(), 2);
    assert_eq!(v["actors"][0]["events"], 4);
    let (_, v) = get_json(s.addr, "/api/network?since=2024-03-01&until=2024-03-31");
    let e = v["edges"].as_array().unwrap();
    assert!(e.iter().any(|e| e["source"] == "FRAGOV" && e["target"] == "DEUGOV" && e["count"] == 2));
    let (_, v) = get_json(s.addr, "/api/timeline");
    let total: u64 = v["counts"].as_array().unwrap().iter().map(|c| c["count"].as_u64().unwrap()).sum();
    assert_eq!(total, 5);
    let (_, v) = get_json(s.addr, "/api/places");
    assert_eq!(v["places"][0]["location"]["name"], "Geneva");
    assert_eq!(v["places"][0]["count"], 4);
    let (_, v) = get_json(s.addr, "/api/search?q=TRADE%20agreement");
    assert_eq!(v["articles"].as_array().unwrap().len(), 2);
    assert!(v["articles"][0]["snippet"].as_str().unwrap().contains("trade agreement"));
    let (st, v) = get_json(s.addr, "/api/openapi.json");
    assert_eq!(st, 200);
    assert_eq!(v["openapi"], "3.0.3");
    for p in ["/api/events", "/api/events/{id}", "/api/stories/{id}", "/api/network", "/api/timeline", "/api/articles"]
    {
        assert!(v["paths"].get(p).is_some(), "openapi lacks {p}");
    }
}

#[test]
fn bad_parameters_get_400_json_never_500() {
    let s = fixture_server(None);
    for path in [
        "/api/events?since=yesterday",
        "/api/events?limit=-1",
        "/api/events?limit=100000",
        "/api/events?bogus=1",
        "/api/events?actor=%27%3B%20DROP%20TABLE",
        "/api/events?story=abc",
        "/api/events/abc",
        "/api/stories/1x",
        "/api/search",
        "/api/search?q=",
        "/api/timeline?until=2024-02-30x",
        "/story/..%2f..%2fetc%2fpasswd",
    ] {
        let (st, _, body) = request(s.addr, "GET", path, &[], "");
        assert_eq!(st, 400, "{path}: {body}");
        let v: Value = serde_json::from_str(&body).unwrap_or_else(|e| panic!("{path}: {e}: {body}"));
        assert!(v["error"].is_string(), "{path}: {body}");
    }
    let (st, v) = get_json(s.addr, "/api/events/999");
    assert_eq!((st, v["status"].as_u64()), (404, Some(404)));
    let (st, v) = get_json(s.addr, "/api/nothing");
    assert_eq!(st, 404, "{v}");
    let (st, _, _) = request(s.addr, "GET", "/../../etc/passwd", &[], "");
    assert_eq!(st, 404);
}

#[test]
fn ingest_needs_a_token_server_and_that_token() {
    let body = r#"{"articles":[{"doc":"new-1","title":"Talks","text":"Talks resumed in Oslo on Friday. Both sides agreed.","date":"2024-04-05"}]}"#;
    let ro = fixture_server(None);
    let (st, _, b) = request(ro.addr, "POST", "/api/articles", &[("Content-Type", "application/json")], body);
    assert_eq!(st, 403, "{b}");

    let s = start(Store::open_in_memory().unwrap(), Some("s3cret"));
    let json = ("Content-Type", "application/json");
    let (st, _, _) = request(s.addr, "POST", "/api/articles", &[json], body);
    assert_eq!(st, 401);
    let (st, _, _) = request(s.addr, "POST", "/api/articles", &[json, ("Authorization", "Bearer wrong")], body);
    assert_eq!(st, 401);
    let auth = ("Authorization", "Bearer s3cret");
    let (st, _, b) = request(s.addr, "POST", "/api/articles", &[json, auth], "{not json");
    assert_eq!(st, 400, "{b}");
    let (st, _, b) = request(s.addr, "POST", "/api/articles", &[json, auth], r#"{"text":"x","date":"05/04/2024"}"#);
    assert_eq!(st, 400, "{b}");
    let (st, _, b) = request(s.addr, "POST", "/api/articles", &[json, auth], r#"{"text":"x","path":"/etc/passwd"}"#);
    assert_eq!(st, 400, "unknown fields are refused: {b}");
    let (st, _, b) = request(s.addr, "POST", "/api/articles", &[json, auth], body);
    assert_eq!(st, 200, "{b}");
    let v: Value = serde_json::from_str(&b).unwrap();
    assert_eq!(v["articles"][0]["status"], "new");
    let (_, _, b) = request(s.addr, "POST", "/api/articles", &[json, auth], body);
    assert!(b.contains("already_seen"), "{b}");
    let (_, v) = get_json(s.addr, "/api/search?q=oslo");
    assert_eq!(v["articles"][0]["doc"], "new-1");
}

#[test]
fn ui_pages_and_assets_are_served() {
    let s = fixture_server(None);
    for path in ["/", "/story/1", "/timeline", "/network", "/map"] {
        let (st, ctype, body) = request(s.addr, "GET", path, &[], "");
        assert_eq!(st, 200, "{path}");
        assert!(ctype.starts_with("text/html"), "{path}: {ctype}");
        assert!(body.contains("/assets/app.js"), "{path}");
    }
    let (st, ctype, body) = request(s.addr, "GET", "/assets/app.js", &[], "");
    assert_eq!((st, ctype.starts_with("text/javascript")), (200, true));
    assert!(body.contains("storyPage"));
}

// ------------------------------------------------------------------ browser tests

fn chromium() -> Option<String> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .map(str::to_owned)
        .find(|c| std::process::Command::new(c).arg("--version").output().is_ok_and(|o| o.status.success()))
}

/// Screenshots go here (kept after the test run for inspection).
fn shot_dir() -> std::path::PathBuf {
    let d = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/ui-screenshots");
    let _ = std::fs::create_dir_all(&d);
    d
}

/// Load `url` headless; returns the DOM after scripts ran, and saves a screenshot.
fn browse(chrome: &str, url: &str, shot: &std::path::Path) -> String {
    let profile = tempfile::tempdir().unwrap();
    let common = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--virtual-time-budget=5000",
        "--window-size=1280,1000",
    ];
    let user = format!("--user-data-dir={}", profile.path().display());
    let dom = std::process::Command::new(chrome).args(common).arg(&user).arg("--dump-dom").arg(url).output().unwrap();
    let shot_arg = format!("--screenshot={}", shot.display());
    let _ = std::process::Command::new(chrome).args(common).arg(&user).arg(shot_arg).arg(url).output();
    String::from_utf8_lossy(&dom.stdout).to_string()
}

#[test]
fn browser_renders_story_timeline_network_and_map() {
    let Some(chrome) = chromium() else {
        eprintln!("skipping: chromium not installed (apt-get install -y chromium)");
        return;
    };
    let s = fixture_server(None);
    let dir = shot_dir();
    let base = format!("http://{}", s.addr);
    let story = browse(&chrome, &format!("{base}/story/1"), &dir.join("story.png"));
    assert!(story.contains("data-ready=\"1\""), "story page did not finish:\n{story}");
    assert!(story.contains("Geneva summit ends with a deal") && story.contains("Leaders hold summit in Geneva"));
    assert!(story.matches("<mark class=\"evidence\"").count() >= 4, "{story}");
    assert!(story.contains("<span class=\"verb\">met</span>"));
    assert!(story.contains("id=\"conflicts\"") && story.contains("id=\"quotes\""));
    let tl = browse(&chrome, &format!("{base}/timeline"), &dir.join("timeline.png"));
    assert!(tl.contains("class=\"bar q1\"") && tl.contains("class=\"bar q4\""), "{tl}");
    let net = browse(&chrome, &format!("{base}/network"), &dir.join("network.png"));
    assert!(net.matches("class=\"node\"").count() >= 4, "{net}");
    let map = browse(&chrome, &format!("{base}/map"), &dir.join("map.png"));
    assert!(map.contains("class=\"place\"") && map.contains("Geneva"), "{map}");
    for f in ["story.png", "timeline.png", "network.png", "map.png"] {
        let p = dir.join(f);
        assert!(p.metadata().is_ok_and(|m| m.len() > 1000), "no screenshot {}", p.display());
        eprintln!("screenshot: {}", p.display());
    }
}

/// The seeds (two reports of one summit, read-only in ../shared): ingest and code them with the
/// real pipeline, form stories, then check the story API and (with chromium) the story page.
#[test]
fn seeds_story_page_shows_both_reports_with_summit_evidence() {
    let seeds = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/seeds"));
    if !seeds.exists() {
        eprintln!("skipping: {} not present", seeds.display());
        return;
    }
    use tidings_pipeline::coding::{load_dictionaries, DictSpec, EventCoder};
    let (dict, _) = load_dictionaries(&DictSpec::Defaults).unwrap();
    let coder = EventCoder::new(dict);
    let mut store = Store::open_in_memory().unwrap();
    let opts = tidings_pipeline::RunOptions::default();
    tidings_pipeline::run(&mut store, &[seeds.to_path_buf()], Some(&coder), &opts, &mut |_| {}).unwrap();
    tidings_pipeline::stories::update_stories(&mut store).unwrap();
    let s = start(store, None);
    let (_, list) = get_json(s.addr, "/api/stories");
    let id = list["stories"][0]["story_id"].as_i64().unwrap();
    let (st, v) = get_json(s.addr, &format!("/api/stories/{id}"));
    assert_eq!(st, 200);
    let arts = v["articles"].as_array().unwrap();
    assert_eq!(arts.len(), 2, "both reports are in the story");
    // The summit is coded as a meeting (CAMEO 04 consult / 05 cooperate) in both reports:
    // its evidence sentence must be highlighted in each.
    for a in arts {
        let summit: Vec<i64> = a["events"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["code"].as_str().is_some_and(|c| c.starts_with("04") || c.starts_with("05")))
            .map(|e| e["event_id"].as_i64().unwrap())
            .collect();
        assert!(!summit.is_empty(), "{}: no meeting event", a["doc"]);
        let hit = a["segments"].as_array().unwrap().iter().any(|g| {
            g["events"].as_array().unwrap().iter().any(|id| summit.contains(&id.as_i64().unwrap_or(-1)))
                && ["summit", "met"].iter().any(|w| g["text"].as_str().unwrap_or("").contains(w))
        });
        assert!(hit, "{}: no highlighted summit evidence", a["doc"]);
    }
    let (_, ev) = get_json(s.addr, "/api/events?limit=1000");
    assert!(ev["total"].as_u64().unwrap() >= 2);
    let Some(chrome) = chromium() else {
        eprintln!("skipping browser part: chromium not installed");
        return;
    };
    let shot = shot_dir().join("seeds-story.png");
    let dom = browse(&chrome, &format!("http://{}/story/{id}", s.addr), &shot);
    assert!(dom.contains("data-ready=\"1\""), "{dom}");
    assert_eq!(dom.matches("<article ").count(), 2);
    let marked: Vec<String> = dom
        .split("<mark class=\"evidence\"")
        .skip(1)
        .filter_map(|m| m.split("</mark>").next())
        .map(|t| t.to_lowercase())
        .collect();
    assert!(marked.iter().any(|t| t.contains("rare summit")), "002's summit sentence highlighted");
    assert!(marked.iter().any(|t| t.contains(">met<")), "000's meeting verb highlighted");
    assert!(shot.metadata().is_ok_and(|m| m.len() > 1000));
    eprintln!("screenshot: {}", shot.display());
}

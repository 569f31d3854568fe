//! The watcher against fixture feeds and pages served on 127.0.0.1 inside the
//! test (never the internet): incremental cycles, conditional GET, politeness,
//! and every fault case (slow, 500, redirects, oversized, malformed, robots.txt).

use std::collections::HashMap;
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tidings_pipeline::coding::{load_dictionaries, DictSpec, EventCoder};
use tidings_store::Store;
use tidings_watch::fetch::FetchOptions;
use tidings_watch::testing::{news_page, rss, Reply, Server};
use tidings_watch::{run_cycle, WatchConfig};

fn coder() -> EventCoder {
    let (dict, _) = load_dictionaries(&DictSpec::Defaults).expect("built-in dictionaries");
    EventCoder::new(dict)
}

fn fast() -> FetchOptions {
    FetchOptions {
        timeout: Duration::from_millis(700),
        connect_timeout: Duration::from_millis(300),
        retries: 1,
        backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(50),
        per_host_interval: Duration::from_millis(2),
        max_bytes: 64 * 1024,
        ..FetchOptions::default()
    }
}

fn config(feeds: Vec<String>) -> WatchConfig {
    WatchConfig { feeds, fetch: fast(), ..WatchConfig::default() }
}

fn gzip(b: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(b).unwrap();
    e.finish().unwrap()
}

fn brotli(b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 4096, 5, 22);
        w.write_all(b).unwrap();
    }
    out
}

/// Routes that can change during a test.
type Routes = Arc<Mutex<HashMap<String, Reply>>>;

fn server(routes: &Routes) -> Server {
    let r = routes.clone();
    Server::start(move |req| {
        let routes = r.lock().unwrap();
        let Some(reply) = routes.get(&req.path).cloned() else { return Reply::status(404) };
        // Conditional GET: a route with an ETag answers 304 to a matching If-None-Match.
        let etag = reply.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case("etag")).map(|(_, v)| v.clone());
        if let (Some(e), Some(sent)) = (etag, req.headers.get("if-none-match")) {
            if &e == sent {
                return Reply { status: 304, headers: vec![("ETag".into(), e)], ..Reply::default() };
            }
        }
        reply
    })
    .unwrap()
}

const HARBOR: [&str; 3] = [
    "The government of Chile signed a fishing agreement with Peru on Monday in the port city of Arica.",
    "Chilean officials said the deal would end a long dispute over the catch along the shared coast.",
    "Peru praised Chile for the agreement and promised to open talks on a second accord next year.",
];
const HARBOR2: [&str; 2] = [
    "Chile signed a fishing agreement with Peru on Monday, ending a dispute over the shared coast.",
    "The government of Peru thanked Chile and said talks on a second accord would follow.",
];
const FLOOD: [&str; 2] = [
    "Heavy rain flooded the lowlands of Bangladesh on Wednesday, and rescue teams moved families to shelters.",
    "India sent relief supplies to Bangladesh after the government asked its neighbours for help.",
];

#[test]
fn feeds_become_events_and_stories_incrementally() {
    let routes: Routes = Arc::default();
    let srv = server(&routes);
    let feed =
        |items: &[(&str, &str, &str, Option<&str>)]| Reply::new(200, "application/rss+xml", rss("Fixture Wire", items));
    let p1 = news_page(Some("Chile and Peru sign fishing deal"), "Coastal Herald", Some("2024-03-04"), &HARBOR);
    let p2 = news_page(Some("Fishing dispute ends"), "Andes Daily", Some("2024-03-04"), &HARBOR2);
    let p3 = news_page(Some("Floods in Bangladesh"), "Delta Post", Some("2024-03-06"), &FLOOD);
    {
        let mut r = routes.lock().unwrap();
        r.insert("/a/harbor.html".into(), Reply::html(gzip(p1.as_bytes())).header("Content-Encoding", "gzip"));
        r.insert("/b/dispute.html".into(), Reply::html(brotli(p2.as_bytes())).header("Content-Encoding", "br"));
        r.insert("/c/floods.html".into(), Reply::html(p3.clone()));
        r.insert(
            "/feed.xml".into(),
            feed(&[
                ("Chile and Peru sign fishing deal", "/a/harbor.html", "wire-1", Some("Mon, 04 Mar 2024 09:00:00 GMT")),
                ("Fishing dispute ends", "/b/dispute.html", "wire-2", None),
            ])
            .header("ETag", "\"v1\""),
        );
    }
    let mut store = Store::open_in_memory().unwrap();
    let ec = coder();
    let cfg = config(vec![srv.url("/feed.xml")]);
    let mut log = Vec::new();
    let rep = run_cycle(&mut store, &cfg, Some(&ec), &mut |l| log.push(l.to_string())).unwrap();
    assert_eq!(rep.row.feeds_polled, 1);
    assert_eq!(rep.row.new_articles, 2, "{} {log:?}", rep.line());
    assert_eq!(rep.row.failures, 0, "{log:?}");
    assert!(rep.row.events_added >= 2, "{}", rep.line());
    assert!(rep.row.stories_touched >= 1);
    assert!(rep.line().contains("2 new articles"), "{}", rep.line());
    // Boilerplate removed, metadata kept, gzip and brotli decoded.
    let mut docs = Vec::new();
    store.for_each_document(|d| docs.push(d)).unwrap();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0].doc, "harbor");
    assert_eq!(docs[0].outlet.as_deref(), Some("Coastal Herald"));
    assert_eq!(docs[0].date.as_deref(), Some("2024-03-04"));
    assert_eq!(docs[1].outlet.as_deref(), Some("Andes Daily"));
    let text = store.document_text(docs[0].id).unwrap().unwrap();
    assert!(text.starts_with("The government of Chile signed"), "{text}");
    for junk in ["cookies", "Share on", "Related", "Copyright", "Home"] {
        assert!(!text.contains(junk), "boilerplate {junk:?} left in {text:?}");
    }
    // Both reports are one story with two sources.
    assert_eq!(docs[0].story_id, docs[1].story_id);
    let story = store.stories().unwrap().into_iter().find(|s| Some(s.id) == docs[0].story_id).unwrap();
    assert_eq!((story.num_articles, story.num_sources), (2, 2));
    // A clear User-Agent, compression offered, robots.txt asked first.
    let reqs = srv.requests();
    assert!(reqs.iter().all(|r| r.headers.get("user-agent").is_some_and(|u| u.starts_with("tidings/"))));
    let page = reqs.iter().find(|r| r.path == "/a/harbor.html").unwrap();
    let ae = page.headers.get("accept-encoding").cloned().unwrap_or_default();
    assert!(ae.contains("gzip") && ae.contains("br"), "{ae}");
    assert_eq!(reqs[0].path, "/robots.txt");

    // Cycle 2: the feed answers 304 to the conditional GET; nothing is fetched.
    srv.clear_log();
    let rep = run_cycle(&mut store, &cfg, Some(&ec), &mut |_| {}).unwrap();
    assert_eq!((rep.row.feeds_unchanged, rep.row.new_articles, rep.row.events_added), (1, 0, 0), "{}", rep.line());
    let reqs = srv.requests();
    let feed_req = reqs.iter().find(|r| r.path == "/feed.xml").unwrap();
    assert_eq!(feed_req.headers.get("if-none-match").map(String::as_str), Some("\"v1\""));
    assert_eq!(reqs.iter().filter(|r| r.path.ends_with(".html")).count(), 0, "{reqs:?}");

    // Cycle 3: a new item (and a repeated one under a new guid/URL) — only the new page is fetched.
    routes.lock().unwrap().insert(
        "/feed.xml".into(),
        feed(&[
            ("Floods in Bangladesh", "/c/floods.html", "wire-3", Some("Wed, 06 Mar 2024 07:00:00 GMT")),
            ("Chile and Peru sign fishing deal", "/a/harbor.html", "wire-1b", None),
            ("Fishing dispute ends", "/b/dispute.html?utm_source=rss", "wire-2", None),
        ])
        .header("ETag", "\"v2\""),
    );
    srv.clear_log();
    let rep = run_cycle(&mut store, &cfg, Some(&ec), &mut |_| {}).unwrap();
    assert_eq!(rep.row.new_articles, 1, "{}", rep.line());
    assert_eq!(srv.hits("/c/floods.html"), 1);
    assert_eq!(srv.hits("/a/harbor.html") + srv.hits("/b/dispute.html?utm_source=rss"), 0);
    assert_eq!(store.stories().unwrap().len(), 2);
    let cycles = store.recent_watch_cycles(10).unwrap();
    assert_eq!(cycles.len(), 3);
    assert!(cycles.iter().all(|c| c.finished_at.is_some() && c.line.is_some()));
}

#[test]
fn fault_cases_are_diagnostics_and_the_watcher_keeps_going() {
    let routes: Routes = Arc::default();
    let flaky = Arc::new(AtomicUsize::new(0));
    let good = news_page(Some("Talks resume"), "Lake Gazette", Some("2024-05-02"), &FLOOD);
    {
        let mut r = routes.lock().unwrap();
        r.insert("/robots.txt".into(), Reply::new(200, "text/plain", "User-agent: *\nDisallow: /private/\n"));
        r.insert("/ok.html".into(), Reply::html(good.clone()));
        r.insert("/slow.html".into(), Reply::html(good.clone()).delayed(Duration::from_millis(1500)));
        r.insert("/fail.html".into(), Reply::status(500));
        r.insert("/gone.html".into(), Reply::status(404));
        r.insert("/r1".into(), Reply::redirect(302, "/r2"));
        r.insert("/r2".into(), Reply::redirect(301, "/moved/final.html"));
        r.insert("/moved/final.html".into(), Reply::html(news_page(Some("Moved"), "Ridge Times", None, &HARBOR2)));
        r.insert("/loop".into(), Reply::redirect(302, "/loop"));
        r.insert("/big.html".into(), Reply::html(news_page(Some("Big"), "X", None, &[&"word ".repeat(40_000)])));
        r.insert("/empty.html".into(), Reply::html("<html><body><nav><a href='/'>Home</a></nav></body></html>"));
        r.insert(
            "/garbage.html".into(),
            Reply { raw: Some(b"\x00\x01NOT HTTP AT ALL\r\n\r\n".to_vec()), ..Reply::default() },
        );
        r.insert("/private/secret.html".into(), Reply::html(good.clone()));
        r.insert("/bad-feed.xml".into(), Reply::new(200, "application/rss+xml", "<rss><channel><item><title>x"));
        r.insert("/pdf".into(), Reply::new(200, "application/pdf", "%PDF-1.4 binary"));
    }
    let flaky2 = flaky.clone();
    let r2 = routes.clone();
    let srv = Server::start(move |req| {
        if req.path == "/flaky.html" {
            // Fails once, then works: the retry within the cycle succeeds.
            return if flaky2.fetch_add(1, Ordering::SeqCst) == 0 {
                Reply::status(503).header("Retry-After", "0")
            } else {
                Reply::html(news_page(Some("Flaky"), "Hill News", None, &HARBOR))
            };
        }
        r2.lock().unwrap().get(&req.path).cloned().unwrap_or_else(|| Reply::status(404))
    })
    .unwrap();
    let items: Vec<(&str, String, String, Option<&str>)> = [
        "/ok.html",
        "/slow.html",
        "/fail.html",
        "/gone.html",
        "/r1",
        "/loop",
        "/big.html",
        "/empty.html",
        "/garbage.html",
        "/private/secret.html",
        "/flaky.html",
        "/pdf",
    ]
    .iter()
    .map(|p| ("item", p.to_string(), format!("g{p}"), None))
    .collect();
    let items_ref: Vec<(&str, &str, &str, Option<&str>)> =
        items.iter().map(|(t, l, g, d)| (*t, l.as_str(), g.as_str(), *d)).collect();
    routes
        .lock()
        .unwrap()
        .insert("/feed.xml".into(), Reply::new(200, "application/rss+xml", rss("Faults", &items_ref)));
    // A port with nothing listening: the feed is unreachable.
    let dead = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap()
    };
    let feeds = vec![
        srv.url("/feed.xml"),
        srv.url("/bad-feed.xml"),
        format!("http://{dead}/feed.xml"),
        srv.url("/missing.xml"),
    ];
    let mut cfg = config(feeds);
    cfg.max_attempts = 2;
    let ec = coder();
    let mut store = Store::open_in_memory().unwrap();
    let mut log = Vec::new();
    let rep = run_cycle(&mut store, &cfg, Some(&ec), &mut |l| log.push(l.to_string())).unwrap();
    let state = |store: &Store, p: &str| store.watch_item_state(&srv.url(p)).unwrap().map(|s| s.0).unwrap_or_default();
    assert_eq!(state(&store, "/ok.html"), "done");
    assert_eq!(state(&store, "/r1"), "done", "redirects are followed");
    assert_eq!(state(&store, "/flaky.html"), "done", "a 503 is retried with backoff");
    assert_eq!(state(&store, "/slow.html"), "pending", "a timeout is retried next cycle");
    assert_eq!(state(&store, "/fail.html"), "pending");
    assert_eq!(state(&store, "/garbage.html"), "pending");
    assert_eq!(state(&store, "/gone.html"), "failed", "a 404 is final");
    assert_eq!(state(&store, "/loop"), "failed");
    assert_eq!(state(&store, "/big.html"), "failed");
    assert_eq!(state(&store, "/empty.html"), "failed");
    assert_eq!(state(&store, "/pdf"), "failed");
    assert_eq!(state(&store, "/private/secret.html"), "skipped");
    assert_eq!(srv.hits("/private/secret.html"), 0, "robots.txt disallow is respected");
    assert_eq!(srv.hits("/fail.html"), 2, "one retry within the cycle");
    assert_eq!(rep.row.new_articles, 3, "{}", rep.line());
    assert_eq!(rep.skipped, 1);
    // 3 broken feeds + 9 failed pages; every one a diagnostic in the store and the log.
    assert_eq!(rep.row.failures, 3 + 8, "{log:#?}");
    assert_eq!(log.len(), 3 + 8 + 1);
    let diags = store.diagnostics().unwrap();
    let reason = |p: &str| {
        diags
            .iter()
            .find(|d| d.path == p)
            .map(|d| d.reason.clone())
            .unwrap_or_else(|| panic!("no diagnostic for {p}: {diags:?}"))
    };
    assert!(reason(&srv.url("/big.html")).contains("limit"));
    assert!(reason(&srv.url("/slow.html")).contains("timed out"));
    assert!(reason(&srv.url("/fail.html")).contains("HTTP 500"));
    assert!(reason(&srv.url("/gone.html")).contains("HTTP 404"));
    assert!(reason(&srv.url("/loop")).contains("redirects"));
    assert!(reason(&srv.url("/empty.html")).contains("no extractable body"));
    assert!(reason(&srv.url("/pdf")).contains("content type"));
    assert!(reason(&srv.url("/bad-feed.xml")).contains("malformed feed"));
    assert!(reason(&format!("http://{dead}/feed.xml")).starts_with("feed: network"));
    assert!(reason(&srv.url("/missing.xml")).contains("HTTP 404"));
    let f = store.watch_feed(&srv.url("/bad-feed.xml")).unwrap().unwrap();
    assert_eq!(f.failures, 1);
    // The redirected page is stored with its final URL.
    let mut docs = Vec::new();
    store.for_each_document(|d| docs.push(d)).unwrap();
    assert!(docs.iter().any(|d| d.url.as_deref() == Some(srv.url("/moved/final.html").as_str())));

    // Cycle 2: only the transient failures are tried again; after max_attempts they are final.
    srv.clear_log();
    let rep = run_cycle(&mut store, &cfg, Some(&ec), &mut |_| {}).unwrap();
    assert_eq!(rep.row.new_articles, 0);
    for p in ["/ok.html", "/gone.html", "/loop", "/big.html", "/private/secret.html", "/r1"] {
        assert_eq!(srv.hits(p), 0, "{p} fetched again");
    }
    assert_eq!(srv.hits("/fail.html"), 2);
    assert_eq!(state(&store, "/fail.html"), "failed");
    assert_eq!(state(&store, "/slow.html"), "failed");
    assert_eq!(rep.pending, 0);
    assert_eq!(store.watch_item_counts().unwrap().done, 3);
}

#[test]
fn items_behind_a_304_survive_an_interrupted_cycle() {
    let routes: Routes = Arc::default();
    let srv = server(&routes);
    let page = news_page(Some("Chile and Peru sign fishing deal"), "Coastal Herald", None, &HARBOR);
    {
        let mut r = routes.lock().unwrap();
        r.insert(
            "/feed.xml".into(),
            Reply::new(
                200,
                "application/rss+xml",
                rss("W", &[("a", "/a.html", "a", None), ("b", "/b.html", "b", None)]),
            )
            .header("ETag", "\"e\""),
        );
        // The pages are down during the first cycle.
        r.insert("/a.html".into(), Reply::status(503));
        r.insert("/b.html".into(), Reply::status(503));
    }
    let mut store = Store::open_in_memory().unwrap();
    let cfg = config(vec![srv.url("/feed.xml")]);
    let rep = run_cycle(&mut store, &cfg, None, &mut |_| {}).unwrap();
    assert_eq!((rep.row.new_articles, rep.pending), (0, 2));
    // Simulate a crash after page a was stored but before its item was marked done.
    let a = tidings_watch::page_article(
        &store.pending_watch_items().unwrap()[0],
        &tidings_watch::fetch::Fetched {
            status: 200,
            final_url: srv.url("/a.html"),
            etag: None,
            last_modified: None,
            content_type: Some("text/html".into()),
            body: page.clone().into_bytes(),
        },
    )
    .unwrap();
    tidings_pipeline::run_items(&mut store, [tidings_ingest::Item::Article(a)], None, &cfg.run).unwrap();
    assert_eq!(store.counts().unwrap().documents, 1);
    {
        let mut r = routes.lock().unwrap();
        r.insert("/a.html".into(), Reply::html(page.clone()));
        r.insert("/b.html".into(), Reply::html(news_page(Some("Floods"), "Delta Post", None, &FLOOD)));
    }
    srv.clear_log();
    let rep = run_cycle(&mut store, &cfg, None, &mut |_| {}).unwrap();
    assert_eq!(rep.row.feeds_unchanged, 1, "the feed itself did not change");
    assert_eq!(rep.row.new_articles, 1, "page b is new; page a was already stored: {}", rep.line());
    assert_eq!(store.counts().unwrap().documents, 2, "no second document for page a");
    assert_eq!(store.watch_item_counts().unwrap().done, 2);
    let (_, _, doc) = store.watch_item_state(&srv.url("/a.html")).unwrap().unwrap();
    assert!(doc.is_some());
}

#[test]
fn directories_are_watched_for_new_and_changed_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("one.txt"), HARBOR.join("\n")).unwrap();
    std::fs::write(dir.path().join(".partial.txt"), "being written").unwrap();
    let mut store = Store::open_in_memory().unwrap();
    let cfg = WatchConfig { dirs: vec![dir.path().to_path_buf()], fetch: fast(), ..WatchConfig::default() };
    let rep = run_cycle(&mut store, &cfg, None, &mut |_| {}).unwrap();
    assert_eq!((rep.row.files_read, rep.row.new_articles), (1, 1), "{}", rep.line());
    let rep = run_cycle(&mut store, &cfg, None, &mut |_| {}).unwrap();
    assert_eq!((rep.row.files_read, rep.row.new_articles), (0, 0), "{}", rep.line());
    std::fs::write(dir.path().join("two.txt"), FLOOD.join("\n")).unwrap();
    std::fs::write(dir.path().join("bad.txt"), b"\x00\x00\x00binary\x00").unwrap();
    let rep = run_cycle(&mut store, &cfg, None, &mut |_| {}).unwrap();
    assert_eq!((rep.row.files_read, rep.row.new_articles, rep.row.failures), (2, 1, 1), "{}", rep.line());
    assert_eq!(store.counts().unwrap().documents, 2);
}

#[test]
fn per_host_spacing_is_respected() {
    let routes: Routes = Arc::default();
    let srv = server(&routes);
    let items: Vec<(String, String)> = (0..4).map(|i| (format!("/p{i}.html"), format!("g{i}"))).collect();
    {
        let mut r = routes.lock().unwrap();
        for (i, (p, _)) in items.iter().enumerate() {
            let own = format!("Relief convoy number {i} reached the district of Sylhet this morning.");
            r.insert(p.clone(), Reply::html(news_page(Some(&format!("t{i}")), "O", None, &[FLOOD[0], &own])));
        }
        let refs: Vec<(&str, &str, &str, Option<&str>)> =
            items.iter().map(|(p, g)| ("t", p.as_str(), g.as_str(), None)).collect();
        r.insert("/feed.xml".into(), Reply::new(200, "application/rss+xml", rss("W", &refs)));
    }
    let mut cfg = config(vec![srv.url("/feed.xml")]);
    cfg.fetch.per_host_interval = Duration::from_millis(60);
    cfg.stories = false;
    let mut store = Store::open_in_memory().unwrap();
    let t = std::time::Instant::now();
    let rep = run_cycle(&mut store, &cfg, None, &mut |_| {}).unwrap();
    assert_eq!(rep.row.new_articles, 4);
    // robots.txt + feed + 4 pages = 6 request starts, at least 60 ms apart.
    assert_eq!(rep.requests, 6);
    assert!(t.elapsed() >= Duration::from_millis(5 * 60), "{:?}", t.elapsed());
}

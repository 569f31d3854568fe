//! `tidings watch --once` against feeds and pages served on 127.0.0.1 inside
//! the test. The seed test builds its HTML pages at test time from
//! ../shared/seeds (skipped when absent); the other uses invented articles.

use std::path::{Path, PathBuf};
use std::process::Command;
use tidings_watch::testing::{news_page, rss, Reply, Server};

fn tidings(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_tidings")).args(args).output().expect("run tidings")
}

fn ok(args: &[&str]) -> String {
    let out = tidings(args);
    assert!(
        out.status.success(),
        "tidings {args:?}: {}\n{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn jsonl(db: &Path, what: &str) -> Vec<serde_json::Value> {
    ok(&["export", "--db", db.to_str().unwrap(), "--what", what])
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// What must agree between `run` on text files and `watch` on the same reports as web pages.
fn event_key(e: &serde_json::Value) -> String {
    let f = |p: &str| e.pointer(p).cloned().unwrap_or(serde_json::Value::Null).to_string();
    [
        "/doc",
        "/code",
        "/actor1/code",
        "/actor1/text",
        "/actor2/code",
        "/actor2/text",
        "/date",
        "/date_source",
        "/location/name",
        "/evidence/text",
        "/num_mentions",
        "/num_sources",
        "/num_articles",
    ]
    .iter()
    .map(|p| f(p))
    .collect::<Vec<_>>()
    .join(" | ")
}

fn story_key(s: &serde_json::Value) -> String {
    ["headline", "date", "place", "num_articles", "num_sources", "num_mentions"]
        .iter()
        .map(|k| s[k].to_string())
        .collect::<Vec<_>>()
        .join(" | ")
}

/// `pages`: (path, page title as the feed states it, HTML).
fn serve_pages(pages: Vec<(String, String, String)>, feed_title: &str) -> Server {
    let items: Vec<(String, String, String)> =
        pages.iter().map(|(p, t, _)| (p.clone(), t.clone(), format!("guid:{p}"))).collect();
    let refs: Vec<(&str, &str, &str, Option<&str>)> =
        items.iter().map(|(p, t, g)| (t.as_str(), p.as_str(), g.as_str(), None)).collect();
    let feed = rss(feed_title, &refs);
    Server::start(move |req| {
        if req.path == "/feed.xml" {
            let etag = "\"feed-1\"";
            if req.headers.get("if-none-match").map(String::as_str) == Some(etag) {
                return Reply { status: 304, headers: vec![("ETag".into(), etag.into())], ..Reply::default() };
            }
            return Reply::new(200, "application/rss+xml", feed.clone()).header("ETag", etag);
        }
        match pages.iter().find(|(p, _, _)| *p == req.path) {
            Some((_, _, html)) => Reply::html(html.clone()),
            None => Reply::status(404),
        }
    })
    .unwrap()
}

#[test]
fn seeds_as_web_pages_give_the_same_story_and_events_as_run() {
    let seeds = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/seeds"));
    let Ok(rd) = std::fs::read_dir(&seeds) else {
        eprintln!("skipping: {} not present", seeds.display());
        return;
    };
    let mut files: Vec<PathBuf> =
        rd.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "txt")).collect();
    files.sort();
    if files.len() < 2 {
        eprintln!("skipping: fewer than two seeds in {}", seeds.display());
        return;
    }
    // Each report becomes a page of its own outlet: title and date in <head>, paragraphs in <article>.
    let mut pages = Vec::new();
    for (i, f) in files.iter().enumerate() {
        let stem = f.file_stem().unwrap().to_string_lossy().into_owned();
        let a = tidings_ingest::parse_text(&f.display().to_string(), &stem, &std::fs::read(f).unwrap()).unwrap();
        let paragraphs: Vec<&str> = a.text.split('\n').filter(|l| !l.trim().is_empty()).collect();
        let date = a.date.map(|d| d.to_string());
        let html = news_page(a.title.as_deref(), &format!("Outlet {i}"), date.as_deref(), &paragraphs);
        pages.push((format!("/news/{stem}.html"), a.title.clone().unwrap_or_default(), html));
    }
    let srv = serve_pages(pages, "Seed Wire");
    let dir = tempfile::tempdir().unwrap();
    let feeds = dir.path().join("feeds.txt");
    std::fs::write(&feeds, format!("# loopback fixture\n{}\n", srv.url("/feed.xml"))).unwrap();
    let (wdb, rdb) = (dir.path().join("watch.db"), dir.path().join("run.db"));
    let (w, r, fl) = (wdb.to_str().unwrap(), rdb.to_str().unwrap(), feeds.to_str().unwrap());

    let out = ok(&["watch", "--db", w, "--feeds", fl, "--once", "--per-host-interval", "0s"]);
    assert!(out.contains(&format!("{} new articles", files.len())), "{out}");
    ok(&["run", "--db", r, seeds.to_str().unwrap()]);

    let key_all = |db: &Path| {
        let mut v: Vec<String> = jsonl(db, "events").iter().map(event_key).collect();
        v.sort();
        v
    };
    let (we, re) = (key_all(&wdb), key_all(&rdb));
    assert!(!re.is_empty());
    assert_eq!(we, re, "same events (code, actors, evidence, date, place, counts)");
    let stories = |db: &Path| {
        let mut v: Vec<String> = jsonl(db, "stories").iter().map(story_key).collect();
        v.sort();
        v
    };
    assert_eq!(stories(&wdb), stories(&rdb), "same stories");
    let arts = jsonl(&wdb, "articles");
    assert_eq!(arts.len(), 2);
    assert!(arts[0]["story_id"].is_number() && arts[0]["story_id"] == arts[1]["story_id"], "one story");

    // A second cycle fetches nothing new: the feed answers 304 and no page is requested.
    srv.clear_log();
    let out = ok(&["watch", "--db", w, "--feeds", fl, "--once", "--per-host-interval", "0s"]);
    assert!(out.contains("(1 unchanged)") && out.contains(" 0 new articles"), "{out}");
    assert!(srv.requests().iter().all(|q| !q.path.starts_with("/news/")), "{:?}", srv.requests());
    assert_eq!(key_all(&wdb), re);
}

#[test]
fn watch_once_on_invented_pages_and_a_directory_then_status() {
    let pages = vec![
        (
            "/world/reef.html".to_string(),
            news_page(
                Some("Australia and Indonesia agree reef patrols"),
                "Southern Courier",
                Some("2024-06-03"),
                &[
                    "Australia signed an agreement with Indonesia on Monday to patrol the reefs of the Timor Sea together.",
                    "Indonesian officials praised Australia for the accord and said the first joint patrol would sail in July.",
                ],
            ),
        ),
        ("/world/missing.html".to_string(), String::new()),
    ];
    // The second item is a 404 (an empty route is not served).
    let pages: Vec<(String, String)> = pages.into_iter().filter(|(_, h)| !h.is_empty()).chain([]).collect();
    let srv = {
        let mut items = pages.clone();
        items.push(("/world/missing.html".into(), String::new()));
        let refs: Vec<(String, String)> = items.iter().map(|(p, _)| (p.clone(), format!("g{p}"))).collect();
        let r: Vec<(&str, &str, &str, Option<&str>)> =
            refs.iter().map(|(p, g)| (p.as_str(), p.as_str(), g.as_str(), None)).collect();
        let feed = rss("Invented Wire", &r);
        Server::start(move |req| match req.path.as_str() {
            "/feed.xml" => Reply::new(200, "application/rss+xml", feed.clone()),
            p => pages.iter().find(|(x, _)| x == p).map_or_else(|| Reply::status(404), |(_, h)| Reply::html(h.clone())),
        })
        .unwrap()
    };
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    std::fs::write(
        inbox.join("quake.txt"),
        "Quake relief\n\nJapan sent rescue teams to the Philippines on Thursday after an earthquake struck the island of Luzon.\nThe government of the Philippines thanked Japan for the help.\n",
    )
    .unwrap();
    let feeds = dir.path().join("feeds.txt");
    std::fs::write(&feeds, format!("{}\nnot-a-url\n", srv.url("/feed.xml"))).unwrap();
    let db = dir.path().join("w.db");
    let (d, f, i) = (db.to_str().unwrap(), feeds.to_str().unwrap(), inbox.to_str().unwrap());
    let out = tidings(&["watch", "--db", d, "--feeds", f, "--dir", i, "--once", "--per-host-interval", "0s"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "a failed page makes --once exit 3: {stdout} {stderr}");
    assert!(stdout.contains("1 files read, 2 new articles") && stdout.contains("1 failures"), "{stdout}");
    assert!(stderr.contains("feeds.txt:2"), "bad feeds-list line reported: {stderr}");
    assert!(stderr.contains("missing.html: HTTP 404"), "{stderr}");
    let events = jsonl(&db, "events");
    assert!(events.iter().any(|e| e["doc"] == "reef"), "the fetched page is coded: {events:?}");
    let status = ok(&["status", "--db", d]);
    assert!(status.contains("watch: 1 feeds; items 1 done, 0 pending, 1 failed"), "{status}");
    assert!(status.contains("watch cycle 1:"), "{status}");
    assert!(status.contains("missing.html"), "the failure is a stored diagnostic: {status}");
    // Nothing to watch is a usage error, not a silent success.
    let out = tidings(&["watch", "--db", d, "--once"]);
    assert!(!out.status.success());
}

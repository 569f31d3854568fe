//! Watcher stages: robots.txt parsing and matching, feed parsing, page
//! extraction, and one whole cycle over 50 pages served on 127.0.0.1.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::time::Duration;
use tidings_store::watch::{NewItem, PendingItem};
use tidings_watch::fetch::{FetchOptions, Fetched};
use tidings_watch::robots::Robots;
use tidings_watch::testing::{news_page, rss, Reply, Server};

fn sentences(i: usize) -> Vec<String> {
    (0..6)
        .map(|k| format!("Delegates from district {i} met officials of province {k} on Monday to discuss the harbour, roads and schools."))
        .collect()
}

fn bench(c: &mut Criterion) {
    let mut robots = String::from("User-agent: *\n");
    for i in 0..200 {
        robots.push_str(&format!("Disallow: /section{i}/*.pdf$\nAllow: /section{i}/open/\n"));
    }
    c.bench_function("robots parse 400 rules", |b| b.iter(|| Robots::parse(&robots, "tidings")));
    let r = Robots::parse(&robots, "tidings");
    c.bench_function("robots match", |b| b.iter(|| r.allowed("/section150/open/report-2024.html")));

    let links: Vec<(String, String)> = (0..200).map(|i| (format!("/news/{i}.html"), format!("g{i}"))).collect();
    let items: Vec<(&str, &str, &str, Option<&str>)> = links
        .iter()
        .map(|(l, g)| ("Item title", l.as_str(), g.as_str(), Some("Tue, 05 Mar 2024 10:00:00 GMT")))
        .collect();
    let feed = rss("Bench Wire", &items);
    let mut g = c.benchmark_group("feed");
    g.throughput(Throughput::Bytes(feed.len() as u64));
    g.bench_function("200-item RSS to items", |b| {
        b.iter(|| tidings_watch::feeds::feed_items("http://127.0.0.1:1/feed.xml", feed.as_bytes()).unwrap())
    });
    g.finish();

    let paras = sentences(1);
    let refs: Vec<&str> = paras.iter().map(String::as_str).collect();
    let page = news_page(Some("Harbour talks"), "Bench Post", Some("2024-03-05"), &refs);
    let pending = PendingItem {
        id: 1,
        attempts: 0,
        item: NewItem { url: "http://127.0.0.1:1/news/1.html".into(), ..Default::default() },
    };
    let fetched = Fetched {
        status: 200,
        final_url: pending.item.url.clone(),
        etag: None,
        last_modified: None,
        content_type: Some("text/html; charset=utf-8".into()),
        body: page.clone().into_bytes(),
    };
    let mut g = c.benchmark_group("page");
    g.throughput(Throughput::Bytes(page.len() as u64));
    g.bench_function("extract article", |b| b.iter(|| tidings_watch::page_article(&pending, &fetched).unwrap()));
    g.finish();

    // A whole cycle: robots.txt, feed, 50 pages, store (no coder: fetch + extract + store).
    let pages: Vec<(String, String)> = (0..50)
        .map(|i| {
            let p = sentences(i);
            let r: Vec<&str> = p.iter().map(String::as_str).collect();
            (format!("/p/{i}.html"), news_page(Some(&format!("Story {i}")), "Bench Post", None, &r))
        })
        .collect();
    let list: Vec<(String, String)> = pages.iter().map(|(p, _)| (p.clone(), format!("g{p}"))).collect();
    let items: Vec<(&str, &str, &str, Option<&str>)> =
        list.iter().map(|(p, g)| ("", p.as_str(), g.as_str(), None)).collect();
    let feed = rss("Bench Wire", &items);
    let srv = Server::start(move |req| match req.path.as_str() {
        "/feed.xml" => Reply::new(200, "application/rss+xml", feed.clone()),
        p => pages.iter().find(|(x, _)| x == p).map_or_else(|| Reply::status(404), |(_, h)| Reply::html(h.clone())),
    })
    .expect("loopback server");
    let cfg = tidings_watch::WatchConfig {
        feeds: vec![srv.url("/feed.xml")],
        fetch: FetchOptions { per_host_interval: Duration::ZERO, per_host_concurrency: 4, ..FetchOptions::default() },
        stories: false,
        ..Default::default()
    };
    let mut g = c.benchmark_group("cycle");
    g.sample_size(10);
    g.throughput(Throughput::Elements(50));
    g.bench_function("50 loopback pages, fresh store", |b| {
        b.iter(|| {
            let mut store = tidings_store::Store::open_in_memory().unwrap();
            let rep = tidings_watch::run_cycle(&mut store, &cfg, None, &mut |_| {}).unwrap();
            assert_eq!(rep.row.new_articles, 50);
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

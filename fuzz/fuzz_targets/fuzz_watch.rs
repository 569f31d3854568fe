#![no_main]
//! The watcher's parsers on arbitrary bytes: robots.txt (parse + match), the
//! feeds list, feed items and intervals. Never panics; invariants hold.
use libfuzzer_sys::fuzz_target;
use tidings_watch::robots::Robots;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let r = Robots::parse(&text, "tidings");
    let path = text.lines().next().unwrap_or("/");
    let _ = r.allowed(path);
    let _ = r.allowed("/");
    let (urls, _) = tidings_watch::parse_feeds_list("fuzz.txt", &text);
    for u in &urls {
        assert!(u.starts_with("http://") || u.starts_with("https://"));
    }
    if let Ok((items, _)) = tidings_watch::feeds::feed_items("http://127.0.0.1:1/feed.xml", data) {
        for it in items {
            assert!(it.url.starts_with("http://") || it.url.starts_with("https://"));
        }
    }
    let _ = tidings_watch::parse_interval(&text);
});

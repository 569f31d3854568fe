//! The feeds list (one URL a line, `#` comments) and feed documents (RSS /
//! Atom via `feed-rs`) turned into the items to fetch.

use tidings_model::Diagnostic;
use tidings_store::watch::NewItem;

/// Parse a feeds list: one `http://` or `https://` URL per line; blank lines
/// and `#` comments (whole-line, or after whitespace) are ignored. Anything
/// else is a diagnostic at `label:line`; duplicates are kept once.
pub fn parse_feeds_list(label: &str, text: &str) -> (Vec<String>, Vec<Diagnostic>) {
    let mut urls: Vec<String> = Vec::new();
    let mut diags = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_start_matches('\u{feff}');
        let line = match line.find(" #").or_else(|| line.find("\t#")) {
            Some(at) => &line[..at],
            None => line,
        };
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match check_url(line) {
            Ok(u) => {
                if !urls.contains(&u) {
                    urls.push(u);
                }
            }
            Err(reason) => diags.push(Diagnostic::new(format!("{label}:{}", i + 1), reason)),
        }
    }
    (urls, diags)
}

/// A URL the watcher can fetch: absolute http(s) with a host.
pub fn check_url(s: &str) -> Result<String, String> {
    let u = url::Url::parse(s).map_err(|e| format!("not a URL ({e}): {s:?}"))?;
    if u.scheme() != "http" && u.scheme() != "https" {
        return Err(format!("unsupported scheme {:?} (http or https only): {s:?}", u.scheme()));
    }
    if u.host_str().is_none_or(str::is_empty) {
        return Err(format!("URL has no host: {s:?}"));
    }
    Ok(u.to_string())
}

/// Parse a human interval: `90` (seconds), `30s`, `15m`, `2h`, `1d`, `500ms`.
pub fn parse_interval(s: &str) -> Result<std::time::Duration, String> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: f64 = num.parse().map_err(|_| format!("bad interval {s:?} (e.g. 30s, 15m, 1h)"))?;
    let secs = match unit.trim() {
        "" | "s" | "sec" | "secs" => n,
        "ms" => n / 1000.0,
        "m" | "min" | "mins" => n * 60.0,
        "h" | "hr" | "hours" => n * 3600.0,
        "d" | "days" => n * 86_400.0,
        other => return Err(format!("bad interval unit {other:?} in {s:?} (ms, s, m, h, d)")),
    };
    if !secs.is_finite() || !(0.0..=365.0 * 86_400.0).contains(&secs) {
        return Err(format!("interval out of range: {s:?}"));
    }
    Ok(std::time::Duration::from_secs_f64(secs))
}

/// Plain text of a feed title: markup only goes through the HTML parser when there is any.
fn title_text(s: &str) -> String {
    if s.contains('<') || s.contains('&') {
        tidings_ingest::html::html_fragment_to_text(s)
    } else {
        tidings_ingest::normalize::collapse_whitespace(s.trim())
    }
}

/// The items of a feed document fetched from `feed_url`: entry link
/// (resolved against the feed URL), guid, and metadata for fallback. Entries
/// without a usable http(s) link are diagnostics (`feed_url#n`).
pub fn feed_items(feed_url: &str, bytes: &[u8]) -> Result<(Vec<NewItem>, Vec<Diagnostic>), String> {
    // No invented ids: only a feed's own guids identify items.
    let parser = feed_rs::parser::Builder::new().id_generator(|_, _, _| String::new()).build();
    let feed = parser.parse(bytes).map_err(|e| format!("malformed feed: {e}"))?;
    let base = url::Url::parse(feed_url).ok();
    let outlet = feed.title.as_ref().map(|t| title_text(&t.content));
    let mut items = Vec::new();
    let mut diags = Vec::new();
    for (i, e) in feed.entries.iter().enumerate() {
        let link = e
            .links
            .iter()
            .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
            .or(e.links.first())
            .map(|l| l.href.trim().to_string());
        let resolved = link.as_deref().and_then(|l| match &base {
            Some(b) => b.join(l).ok(),
            None => url::Url::parse(l).ok(),
        });
        let Some(url) = resolved.filter(|u| u.scheme() == "http" || u.scheme() == "https") else {
            diags.push(Diagnostic::new(format!("{feed_url}#{}", i + 1), "feed item has no http(s) link"));
            continue;
        };
        let stamp = e.published.or(e.updated);
        let date = stamp.and_then(|dt| {
            use chrono::Datelike;
            tidings_model::Date::new(dt.year(), dt.month(), dt.day())
        });
        let guid = Some(e.id.trim().to_string()).filter(|g| !g.is_empty());
        let authors: Vec<&str> = e.authors.iter().map(|p| p.name.trim()).filter(|n| !n.is_empty()).collect();
        items.push(NewItem {
            url: url.to_string(),
            guid,
            feed_url: feed_url.to_string(),
            title: e.title.as_ref().map(|t| title_text(&t.content)).filter(|t| !t.is_empty()),
            date: date.map(|d| d.to_string()),
            date_raw: stamp.map(|d| d.to_rfc3339()),
            outlet: outlet.clone().filter(|o| !o.is_empty()),
            byline: Some(authors.join(", ")).filter(|b| !b.is_empty()),
        });
    }
    Ok((items, diags))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn feeds_list_comments_blank_lines_and_bad_lines() {
        let text = "# my feeds\n\nhttps://news.example/rss  # world\nhttp://b.example/atom.xml\nftp://x.example/f\nnot a url\nhttps://news.example/rss\n";
        let (urls, diags) = parse_feeds_list("feeds.txt", text);
        assert_eq!(urls, vec!["https://news.example/rss", "http://b.example/atom.xml"]);
        let at: Vec<&str> = diags.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(at, vec!["feeds.txt:5", "feeds.txt:6"]);
        assert!(diags[0].reason.contains("scheme"), "{diags:?}");
    }

    #[test]
    fn intervals() {
        use std::time::Duration;
        assert_eq!(parse_interval("15m").unwrap(), Duration::from_secs(900));
        assert_eq!(parse_interval("90").unwrap(), Duration::from_secs(90));
        assert_eq!(parse_interval("1h").unwrap(), Duration::from_secs(3600));
        assert_eq!(parse_interval("250ms").unwrap(), Duration::from_millis(250));
        assert!(parse_interval("5 parsecs").is_err());
        assert!(parse_interval("").is_err());
        assert!(parse_interval("-3m").is_err());
    }

    #[test]
    fn feed_items_resolve_links_and_keep_guids() {
        let rss = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Harbor Times</title>
            <item><title>Port opens</title><link>/news/port.html</link><guid isPermaLink="false">ht-1</guid>
            <pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate><author>ed@example.com (Ed)</author></item>
            <item><title>No link</title><description>x</description></item>
            <item><title>Abs</title><link>https://other.example/a</link></item>
            </channel></rss>"#;
        let (items, diags) = feed_items("http://127.0.0.1:9/feed.xml", rss.as_bytes()).unwrap();
        assert_eq!(items.len(), 2, "{items:?}");
        assert_eq!(items[0].url, "http://127.0.0.1:9/news/port.html");
        assert_eq!(items[0].guid.as_deref(), Some("ht-1"));
        assert_eq!(items[0].date.as_deref(), Some("2024-03-05"));
        assert_eq!(items[0].outlet.as_deref(), Some("Harbor Times"));
        assert_eq!(items[1].url, "https://other.example/a");
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].path, "http://127.0.0.1:9/feed.xml#2");
        assert!(feed_items("http://x/f", b"this is not xml at all").is_err());
    }

    proptest! {
        #[test]
        fn feeds_list_never_panics_and_keeps_only_valid_urls(text in "(#?[ -~]{0,40}\n){0,8}") {
            let (urls, diags) = parse_feeds_list("f", &text);
            for u in &urls {
                prop_assert!(u.starts_with("http://") || u.starts_with("https://"));
            }
            prop_assert!(urls.len() + diags.len() <= text.lines().count());
        }
    }
}

//! RSS 0.9x/1.0/2.0 and Atom feeds via `feed-rs`.
//!
//! Each item becomes an article: title, first link as `url`, published (else
//! updated) date, content (else summary) as body, feed title as `outlet`,
//! authors as `byline`. HTML in titles or bodies goes through the HTML
//! fragment extractor. `feed-rs` builds the whole feed in memory, so the
//! caller caps the feed file at `max_doc_bytes * 8`.

use feed_rs::model::{Entry, Feed};
use tidings_model::{Article, Diagnostic, SourceFormat};

use crate::html::html_fragment_to_text;
use crate::normalize::{clean_field, normalize_text};
use crate::{IngestError, Item};

fn markup_to_text(s: &str) -> String {
    if s.contains('<') || s.contains('&') {
        html_fragment_to_text(s)
    } else {
        crate::artifacts::strip_artifacts(&normalize_text(s)).trim().to_string()
    }
}

fn entry_article(label: &str, stem: &str, n: usize, feed: &Feed, entry: &Entry) -> Result<Article, IngestError> {
    let body = entry
        .content
        .as_ref()
        .and_then(|c| c.body.as_deref())
        .filter(|b| !b.trim().is_empty())
        .or_else(|| entry.summary.as_ref().map(|s| s.content.as_str()))
        .map(markup_to_text)
        .unwrap_or_default();
    if body.trim().is_empty() {
        return Err(IngestError::NoBody);
    }
    let stamp = entry.published.or(entry.updated);
    let date = stamp.and_then(|dt| {
        use chrono::Datelike;
        tidings_model::Date::new(dt.year(), dt.month(), dt.day())
    });
    let link = entry
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or(entry.links.first())
        .map(|l| l.href.clone());
    let authors: Vec<&str> = entry.authors.iter().map(|p| p.name.as_str()).filter(|n| !n.trim().is_empty()).collect();
    Ok(Article {
        doc: format!("{stem}#{n}"),
        path: format!("{label}#{n}"),
        format: SourceFormat::Feed,
        url: link.and_then(|l| clean_field(&l)),
        outlet: feed.title.as_ref().and_then(|t| clean_field(&markup_to_text(&t.content))),
        title: entry.title.as_ref().and_then(|t| clean_field(&markup_to_text(&t.content))),
        byline: clean_field(&authors.join(", ")),
        date,
        date_raw: stamp.map(|d| d.to_rfc3339()),
        text: body,
    })
}

/// Parse a whole feed document and emit one item per entry.
pub(crate) fn ingest_feed(label: &str, stem: &str, bytes: &[u8], sink: &mut dyn FnMut(Item)) {
    let feed = match feed_rs::parser::parse(bytes) {
        Ok(f) => f,
        Err(e) => {
            sink(Item::Diagnostic(Diagnostic::new(label, IngestError::Feed(e.to_string()).to_string())));
            return;
        }
    };
    if feed.entries.is_empty() {
        sink(Item::Diagnostic(Diagnostic::new(label, "feed has no items")));
    }
    for (i, entry) in feed.entries.iter().enumerate() {
        match entry_article(label, stem, i + 1, &feed, entry) {
            Ok(a) => sink(Item::Article(a)),
            Err(e) => sink(Item::Diagnostic(Diagnostic::new(format!("{label}#{}", i + 1), e.to_string()))),
        }
    }
}

/// Parse a feed held in memory into articles and per-item errors (for tests
/// and fuzzing; [`crate::ingest_path`] is the streaming entry point).
pub fn parse_feed(label: &str, stem: &str, bytes: &[u8]) -> Vec<Item> {
    let mut out = Vec::new();
    ingest_feed(label, stem, bytes, &mut |item| out.push(item));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deeply_nested_feed_markup_does_not_overflow() {
        let mut xml =
            String::from("<rss version=\"2.0\"><channel><title>T</title><item><title>Deep</title><description>");
        xml.push_str(&"<b>".repeat(10_000));
        xml.push_str("Text at the bottom of the nesting.");
        xml.push_str(&"</b>".repeat(10_000));
        xml.push_str("</description></item></channel></rss>");
        let items = parse_feed("deep.rss", "deep", xml.as_bytes());
        assert_eq!(items.len(), 1, "{items:?}");
    }

    #[test]
    fn atom_entries() {
        let xml = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom News</title>
            <entry><title type="html">Talks &lt;em&gt;resume&lt;/em&gt;</title><id>urn:1</id>
            <link rel="alternate" href="https://atom.example/1"/><updated>2024-02-01T10:00:00Z</updated>
            <published>2024-01-31T09:00:00Z</published><author><name>R. Ode</name></author>
            <content type="html">&lt;p&gt;Negotiators met again in Geneva.&lt;/p&gt;</content></entry></feed>"#;
        let items = parse_feed("a.atom", "a", xml.as_bytes());
        let [Item::Article(a)] = &items[..] else { panic!("{items:?}") };
        assert_eq!(a.title.as_deref(), Some("Talks resume"));
        assert_eq!(a.outlet.as_deref(), Some("Atom News"));
        assert_eq!(a.byline.as_deref(), Some("R. Ode"));
        assert_eq!(a.url.as_deref(), Some("https://atom.example/1"));
        assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2024-01-31"));
        assert_eq!(a.text, "Negotiators met again in Geneva.");
    }
}

//! HTML news pages: character decoding, metadata and boilerplate-free body text.
//!
//! The DOM is built by `scraper` (html5ever) and then walked **iteratively**
//! (`ego_tree` open/close edges, never recursion), so 10,000-deep nesting or
//! garbage input cannot overflow the stack.
//!
//! Body extraction, in order:
//! 1. structural removal: scripts, styles, `nav`, `header`, `footer`, `aside`,
//!    forms, iframes, hidden elements, and elements whose class/id marks them
//!    as menus, share bars, "related" boxes, newsletters, cookie banners, ads,
//!    comments (unless the same element also says it is the article content);
//! 2. blocks (paragraphs, headings, list items, ...) are collected with their
//!    link-text share; link-dominated blocks (menus, tag clouds) are dropped;
//! 3. text density: paragraphs score their parent (readability-style: length
//!    and commas); the best container (or an explicit `itemprop=articleBody`)
//!    and its strong siblings are kept, the rest of the page is not;
//! 4. scraping-artifact lines ("Share this", "Advertisement") are dropped.
//!
//! Character decoding policy: a BOM wins; otherwise valid UTF-8 is UTF-8;
//! otherwise the declared charset (HTTP header, `<meta charset>`) is used via
//! `encoding_rs`, falling back to windows-1252 (the HTML standard's default)
//! when nothing is declared. Invalid sequences become U+FFFD: web pages are
//! decoded lossily rather than rejected, unlike plain-text files.

use std::collections::HashMap;

use ego_tree::iter::Edge;
use ego_tree::NodeId;
use scraper::{Html, Node};
use tidings_model::{Article, SourceFormat};

use crate::artifacts::is_artifact_line;
use crate::dates::parse_date_value;
use crate::normalize::{clean_field, collapse_whitespace, normalize_text};
use crate::IngestError;

/// Metadata and body extracted from one HTML page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HtmlExtract {
    pub title: Option<String>,
    pub byline: Option<String>,
    pub date: Option<tidings_model::Date>,
    pub date_raw: Option<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    /// Paragraphs separated by blank lines; empty when nothing was extractable.
    pub body: String,
}

/// Whether bytes look like an HTML document (for sniffing).
pub fn looks_like_html(head: &[u8]) -> bool {
    let lower: Vec<u8> = head.iter().take(1024).map(|b| b.to_ascii_lowercase()).collect();
    let start = lower.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(lower.len());
    let t = &lower[start..];
    let t = t.strip_prefix(b"\xef\xbb\xbf").unwrap_or(t);
    t.starts_with(b"<!doctype html")
        || t.starts_with(b"<html")
        || (t.starts_with(b"<!--") || t.starts_with(b"<?xml")) && find(&lower, b"<html").is_some()
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Find `charset=...` in a Content-Type value or in the first KB of a page.
pub fn sniff_charset(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(2048)];
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    let at = find(&lower, b"charset")?;
    let rest = &lower[at + 7..];
    let rest = rest.strip_prefix(b"=").or_else(|| {
        let eq = rest.iter().position(|&b| b == b'=')?;
        rest[..eq].iter().all(|b| b.is_ascii_whitespace()).then(|| &rest[eq + 1..])
    })?;
    let label: Vec<u8> = rest
        .iter()
        .skip_while(|&&b| b == b'"' || b == b'\'' || b.is_ascii_whitespace())
        .take_while(|&&b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b':' || b == b'.')
        .copied()
        .collect();
    (!label.is_empty()).then(|| String::from_utf8_lossy(&label).into_owned())
}

/// Decode page bytes to a string following the module's policy. `declared`
/// is a charset from outside the page (an HTTP `Content-Type`).
pub fn decode_html(bytes: &[u8], declared: Option<&str>) -> String {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return text.into_owned();
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return s.to_owned();
    }
    let label = declared.map(str::to_owned).or_else(|| sniff_charset(bytes));
    let enc =
        label.and_then(|l| encoding_rs::Encoding::for_label(l.trim().as_bytes())).unwrap_or(encoding_rs::WINDOWS_1252);
    let (text, _, _) = enc.decode(bytes);
    text.into_owned()
}

/// Parse an HTML page into an [`Article`]. `label` is the path reported in the
/// article and in errors, `doc` the document id, `url` the address the page was
/// fetched from (it takes precedence over the page's canonical link).
pub fn parse_html(label: &str, doc: &str, bytes: &[u8], url: Option<&str>) -> Result<Article, IngestError> {
    parse_html_with(label, doc, bytes, url, None)
}

/// [`parse_html`] with an externally declared charset.
pub fn parse_html_with(
    label: &str,
    doc: &str,
    bytes: &[u8],
    url: Option<&str>,
    charset: Option<&str>,
) -> Result<Article, IngestError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(IngestError::Empty);
    }
    let utf16 = bytes.starts_with(b"\xff\xfe") || bytes.starts_with(b"\xfe\xff");
    if !utf16 && bytes.contains(&0) {
        return Err(IngestError::Binary);
    }
    let text = decode_html(bytes, charset);
    let ex = extract_page(&text);
    if ex.body.trim().is_empty() {
        return Err(IngestError::NoBody);
    }
    Ok(Article {
        doc: doc.to_string(),
        path: label.to_string(),
        format: SourceFormat::Html,
        url: url.map(str::to_string).or(ex.url),
        outlet: ex.outlet,
        title: ex.title,
        byline: ex.byline,
        date: ex.date,
        date_raw: ex.date_raw,
        text: ex.body,
    })
}

/// Full-page extraction: metadata plus boilerplate-free body.
pub fn extract_page(html: &str) -> HtmlExtract {
    let dom = Html::parse_document(html);
    let mut ex = extract_metadata(&dom);
    ex.body = extract_body(&dom, Mode::Page, &ex);
    if ex.body.len() < SHORT_BODY {
        // Class/id heuristics can misfire on a page-wide wrapper
        // (`<div class="layout-with-sidebar">`); without them the density
        // scoring still finds the article.
        let lenient = extract_body(&dom, Mode::PageWithoutClassRules, &ex);
        if lenient.len() > ex.body.len() * 2 {
            ex.body = lenient;
        }
    }
    ex
}

/// A page body shorter than this is re-extracted without class/id rules.
const SHORT_BODY: usize = 200;

/// Text of an HTML fragment (a feed item's content, a JSONL `text` field that
/// holds markup): scripts, styles and obvious boilerplate are removed, but no
/// main-content selection happens because a fragment *is* the content.
pub fn html_fragment_to_text(fragment: &str) -> String {
    let dom = Html::parse_fragment(fragment);
    extract_body(&dom, Mode::Fragment, &HtmlExtract::default())
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Page,
    PageWithoutClassRules,
    Fragment,
}

// ---------------------------------------------------------------------------
// Metadata

#[derive(Default)]
struct MetaCandidates {
    og_title: Option<String>,
    title_tag: Option<String>,
    h1: Option<String>,
    meta_author: Option<String>,
    rel_author: Option<String>,
    byline_class: Option<String>,
    published_meta: Option<String>,
    itemprop_date: Option<String>,
    other_meta_date: Option<String>,
    jsonld_date: Option<String>,
    time_datetime: Option<String>,
    /// Last resort: the text of a short element classed as a date.
    visible_date: Option<String>,
    site_name: Option<String>,
    jsonld_publisher: Option<String>,
    jsonld_author: Option<String>,
    canonical: Option<String>,
    og_url: Option<String>,
}

fn set_once(slot: &mut Option<String>, value: Option<String>) {
    if slot.is_none() {
        if let Some(v) = value.and_then(|v| clean_field(&v)) {
            *slot = Some(v);
        }
    }
}

fn element_text(node: ego_tree::NodeRef<'_, Node>) -> String {
    let mut s = String::new();
    for d in node.descendants() {
        if let Node::Text(t) = d.value() {
            s.push_str(t);
            s.push(' ');
        }
        if s.len() > 4096 {
            break;
        }
    }
    s
}

fn extract_metadata(dom: &Html) -> HtmlExtract {
    let mut m = MetaCandidates::default();
    for node in dom.tree.root().descendants() {
        let Node::Element(el) = node.value() else {
            continue;
        };
        let name = el.name();
        let attr = |a: &str| el.attr(a).map(str::to_string);
        match name {
            "meta" => {
                let key = el
                    .attr("property")
                    .or_else(|| el.attr("name"))
                    .or_else(|| el.attr("itemprop"))
                    .map(str::to_ascii_lowercase);
                let content = attr("content");
                match key.as_deref() {
                    Some("og:title") => set_once(&mut m.og_title, content),
                    Some("og:site_name") => set_once(&mut m.site_name, content),
                    Some("og:url") => set_once(&mut m.og_url, content),
                    Some("author") | Some("byl") | Some("sailthru.author") | Some("parsely-author") => {
                        set_once(&mut m.meta_author, content.map(|c| strip_by(&c)))
                    }
                    Some("article:published_time") | Some("og:article:published_time") | Some("article:published") => {
                        set_once(&mut m.published_meta, content)
                    }
                    Some("datepublished") => set_once(&mut m.itemprop_date, content),
                    Some("date")
                    | Some("pubdate")
                    | Some("publishdate")
                    | Some("publish-date")
                    | Some("dc.date")
                    | Some("dc.date.issued")
                    | Some("dcterms.created")
                    | Some("sailthru.date")
                    | Some("parsely-pub-date")
                    | Some("article.published")
                    | Some("original-publish-date") => set_once(&mut m.other_meta_date, content),
                    _ => {}
                }
            }
            "title" if m.title_tag.is_none() => set_once(&mut m.title_tag, Some(element_text(node))),
            "h1" if m.h1.is_none() => set_once(&mut m.h1, Some(element_text(node))),
            "link" => {
                let rel = el.attr("rel").map(str::to_ascii_lowercase);
                if rel.as_deref() == Some("canonical") {
                    set_once(&mut m.canonical, attr("href"));
                }
            }
            "script" => {
                let ty = el.attr("type").map(str::to_ascii_lowercase);
                if ty.as_deref() == Some("application/ld+json") {
                    let json = element_text(node);
                    read_json_ld(&json, &mut m);
                }
            }
            "time" => {
                if el.attr("itemprop").is_some_and(|v| v.eq_ignore_ascii_case("datePublished")) {
                    set_once(&mut m.itemprop_date, attr("datetime").or_else(|| Some(element_text(node))));
                }
                set_once(&mut m.time_datetime, attr("datetime"));
            }
            _ => {}
        }
        if name != "meta" {
            if let Some(ip) = el.attr("itemprop") {
                if ip.eq_ignore_ascii_case("datePublished") {
                    set_once(&mut m.itemprop_date, attr("content").or_else(|| attr("datetime")));
                } else if ip.eq_ignore_ascii_case("author") && m.rel_author.is_none() {
                    let name_el = node
                        .descendants()
                        .find(|d| d.value().as_element().and_then(|e| e.attr("itemprop")).is_some_and(|v| v == "name"));
                    let text = name_el.map(element_text).unwrap_or_else(|| element_text(node));
                    set_once(&mut m.rel_author, Some(strip_by(&text)));
                }
            }
            if el.attr("rel").is_some_and(|r| r.eq_ignore_ascii_case("author")) {
                set_once(&mut m.rel_author, Some(strip_by(&element_text(node))));
            }
            if m.visible_date.is_none()
                && el.classes().any(|c| {
                    let c = c.to_ascii_lowercase();
                    c.contains("date") || c.contains("timestamp") || c.contains("published")
                })
            {
                let text = element_text(node);
                if text.len() < 120 && parse_date_value(&text).is_some() {
                    set_once(&mut m.visible_date, Some(text));
                }
            }
            if m.byline_class.is_none() && el.classes().any(|c| c.eq_ignore_ascii_case("byline")) {
                set_once(&mut m.byline_class, Some(strip_by(&element_text(node))));
            }
        }
    }

    let outlet = m.site_name.or(m.jsonld_publisher);
    let title = m.og_title.or_else(|| m.title_tag.map(|t| strip_outlet_suffix(&t, outlet.as_deref()))).or(m.h1);
    let byline = m.meta_author.or(m.rel_author).or(m.byline_class).or(m.jsonld_author);
    let mut date = None;
    let mut date_raw = None;
    for raw in [m.published_meta, m.itemprop_date, m.other_meta_date, m.jsonld_date, m.time_datetime, m.visible_date]
        .into_iter()
        .flatten()
    {
        if let Some(d) = parse_date_value(&raw) {
            date = Some(d);
            date_raw = Some(raw);
            break;
        }
    }
    HtmlExtract { title, byline, date, date_raw, outlet, url: m.canonical.or(m.og_url), body: String::new() }
}

fn strip_by(s: &str) -> String {
    let t = collapse_whitespace(s);
    let lower = t.to_ascii_lowercase();
    if lower.starts_with("by ") {
        t[3..].to_string()
    } else {
        t
    }
}

/// "Kim visits Russia | Example News" -> "Kim visits Russia" when the outlet is known.
fn strip_outlet_suffix(title: &str, outlet: Option<&str>) -> String {
    if let Some(outlet) = outlet {
        for sep in [" | ", " - ", " – ", " — ", " :: "] {
            if let Some(head) = title.strip_suffix(&format!("{sep}{outlet}")) {
                if !head.trim().is_empty() {
                    return head.trim().to_string();
                }
            }
        }
    }
    title.to_string()
}

fn read_json_ld(json: &str, m: &mut MetaCandidates) {
    if json.len() > 1_000_000 {
        return;
    }
    let Ok(value) = serde_json::from_str::<serde_json::Value>(json) else {
        return;
    };
    let mut stack = vec![&value];
    while let Some(v) = stack.pop() {
        match v {
            serde_json::Value::Array(items) => stack.extend(items.iter().rev()),
            serde_json::Value::Object(obj) => {
                if let Some(serde_json::Value::String(d)) = obj.get("datePublished") {
                    set_once(&mut m.jsonld_date, Some(d.clone()));
                }
                if let Some(p) = obj.get("publisher") {
                    set_once(&mut m.jsonld_publisher, json_name(p));
                }
                if let Some(a) = obj.get("author") {
                    set_once(&mut m.jsonld_author, json_name(a));
                }
                if let Some(g) = obj.get("@graph") {
                    stack.push(g);
                }
            }
            _ => {}
        }
    }
}

fn json_name(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Object(o) => o.get("name").and_then(|n| n.as_str()).map(str::to_string),
        serde_json::Value::Array(a) => {
            let names: Vec<String> = a.iter().filter_map(json_name).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        _ => None,
    }
}

// ---------------------------------------------------------------------------
// Body

/// Elements whose whole subtree is never article text.
fn is_skipped_tag(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "nav"
            | "header"
            | "footer"
            | "aside"
            | "form"
            | "iframe"
            | "svg"
            | "math"
            | "button"
            | "select"
            | "input"
            | "textarea"
            | "menu"
            | "dialog"
            | "figure"
            | "object"
            | "embed"
            | "video"
            | "audio"
            | "canvas"
            | "map"
            | "head"
            | "title"
            | "label"
            | "option"
    )
}

fn is_block_tag(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "blockquote"
            | "pre"
            | "table"
            | "tbody"
            | "thead"
            | "tr"
            | "td"
            | "th"
            | "dl"
            | "dt"
            | "dd"
            | "figcaption"
            | "address"
            | "center"
            | "hr"
            | "body"
            | "html"
            | "details"
            | "summary"
            | "caption"
    )
}

const NEGATIVE_WORDS: &[&str] = &[
    "nav",
    "navbar",
    "navigation",
    "menu",
    "share",
    "sharing",
    "sharebar",
    "social",
    "related",
    "newsletter",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "banner",
    "advert",
    "advertisement",
    "ad",
    "ads",
    "adslot",
    "promo",
    "subscribe",
    "subscription",
    "comment",
    "comments",
    "footer",
    "header",
    "masthead",
    "sidebar",
    "breadcrumb",
    "breadcrumbs",
    "popup",
    "modal",
    "recommended",
    "recommendations",
    "outbrain",
    "taboola",
    "widget",
    "tags",
    "toolbar",
    "skip",
    "signup",
    "byline",
    "author",
    "caption",
    "hidden",
    "sr",
    "paywall",
    "trending",
    "popular",
    "sponsored",
    "dateline",
    "timestamp",
    "meta",
];
const POSITIVE_WORDS: &[&str] =
    &["article", "body", "content", "main", "story", "post", "entry", "text", "articlebody", "storybody"];

#[derive(PartialEq, Eq)]
enum TokenClass {
    Negative,
    Positive,
    Neutral,
}

fn classify_token(token: &str) -> TokenClass {
    let lower = token.to_ascii_lowercase();
    let mut positive = false;
    for part in lower.split(['-', '_', ' ', ':']) {
        if NEGATIVE_WORDS.contains(&part) {
            return TokenClass::Negative;
        }
        positive |= POSITIVE_WORDS.contains(&part);
    }
    if positive {
        TokenClass::Positive
    } else {
        TokenClass::Neutral
    }
}

/// Class/id/role/hidden heuristics for boilerplate containers.
fn is_boilerplate_element(el: &scraper::node::Element) -> bool {
    let name = el.name();
    if el.attr("hidden").is_some() || el.attr("aria-hidden").is_some_and(|v| v.eq_ignore_ascii_case("true")) {
        return true;
    }
    if let Some(style) = el.attr("style") {
        let s: String = style.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
        if s.contains("display:none") || s.contains("visibility:hidden") {
            return true;
        }
    }
    if let Some(role) = el.attr("role") {
        if matches!(
            role.to_ascii_lowercase().as_str(),
            "navigation" | "banner" | "contentinfo" | "complementary" | "menu" | "menubar" | "dialog" | "alert"
        ) {
            return true;
        }
    }
    if matches!(name, "html" | "body" | "main" | "article") {
        return false;
    }
    let mut negative = false;
    let mut positive = false;
    for token in el.classes().chain(el.id()) {
        match classify_token(token) {
            TokenClass::Negative => negative = true,
            TokenClass::Positive => positive = true,
            TokenClass::Neutral => {}
        }
    }
    negative && !positive
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum BlockKind {
    Paragraph,
    Heading,
    Preformatted,
    Other,
}

struct Block {
    text: String,
    link_chars: usize,
    kind: BlockKind,
    /// The innermost open block element when the text was collected.
    element: NodeId,
    /// Pre-order position, for "is inside element X" tests.
    order: u32,
}

struct Collector {
    blocks: Vec<Block>,
    buf: String,
    link_chars: usize,
    /// Pre-order position of the last text node added to `buf`.
    last_text_order: u32,
}

impl Collector {
    fn flush(&mut self, element: NodeId, kind: BlockKind) {
        if self.buf.trim().is_empty() {
            self.buf.clear();
            self.link_chars = 0;
            return;
        }
        let raw = std::mem::take(&mut self.buf);
        let text = if kind == BlockKind::Preformatted {
            raw.trim_matches('\n').to_string()
        } else {
            raw.split('\n').map(collapse_whitespace).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n")
        };
        let link_chars = std::mem::take(&mut self.link_chars);
        self.blocks.push(Block { text, link_chars, kind, element, order: self.last_text_order });
    }
}

fn kind_of(name: &str) -> BlockKind {
    match name {
        "p" | "blockquote" | "dd" | "td" => BlockKind::Paragraph,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => BlockKind::Heading,
        "pre" => BlockKind::Preformatted,
        _ => BlockKind::Other,
    }
}

fn extract_body(dom: &Html, mode: Mode, meta: &HtmlExtract) -> String {
    let root = dom.tree.root();
    let mut col = Collector { blocks: Vec::new(), buf: String::new(), link_chars: 0, last_text_order: 0 };
    let mut skip_until: Option<NodeId> = None;
    let mut open_blocks: Vec<(NodeId, BlockKind)> = vec![(root.id(), BlockKind::Other)];
    let mut in_link = 0usize;
    let mut in_pre = 0usize;
    let mut order: u32 = 0;
    let mut ranges: HashMap<NodeId, (u32, u32)> = HashMap::new();
    let mut article_body: Option<NodeId> = None;

    for edge in root.traverse() {
        match edge {
            Edge::Open(node) => {
                if skip_until.is_some() {
                    continue;
                }
                order = order.saturating_add(1);
                match node.value() {
                    Node::Element(el) => {
                        let name = el.name();
                        let skip = is_skipped_tag(name)
                            || (mode == Mode::Page && is_boilerplate_element(el))
                            || (mode == Mode::Fragment && matches!(name, "script" | "style" | "noscript" | "template"));
                        if skip {
                            skip_until = Some(node.id());
                            continue;
                        }
                        ranges.insert(node.id(), (order, order));
                        if article_body.is_none()
                            && (el.attr("itemprop").is_some_and(|v| v.eq_ignore_ascii_case("articleBody"))
                                || el.classes().any(|c| {
                                    let c = c.to_ascii_lowercase();
                                    c == "article-body" || c == "articlebody" || c == "story-body"
                                }))
                        {
                            article_body = Some(node.id());
                        }
                        if name == "br" {
                            col.buf.push('\n');
                        } else if name == "a" {
                            in_link += 1;
                        } else if is_block_tag(name) {
                            let (cur, kind) = open_blocks.last().copied().unwrap_or((root.id(), BlockKind::Other));
                            col.flush(cur, kind);
                            let k = kind_of(name);
                            open_blocks.push((node.id(), k));
                            if k == BlockKind::Preformatted {
                                in_pre += 1;
                            }
                        }
                    }
                    Node::Text(t) => {
                        let s: &str = t;
                        col.last_text_order = order;
                        if in_pre > 0 {
                            col.buf.push_str(s);
                        } else {
                            // Keep word boundaries between inline elements; collapse later.
                            col.buf.push_str(&s.replace('\n', " "));
                        }
                        if in_link > 0 {
                            col.link_chars += s.split_whitespace().map(|w| w.chars().count()).sum::<usize>();
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if let Some(id) = skip_until {
                    if id == node.id() {
                        skip_until = None;
                        // A skipped element still separates the text around it.
                        col.buf.push(' ');
                    }
                    continue;
                }
                if let Some(r) = ranges.get_mut(&node.id()) {
                    r.1 = order;
                }
                if let Node::Element(el) = node.value() {
                    let name = el.name();
                    if name == "a" {
                        in_link = in_link.saturating_sub(1);
                    } else if is_block_tag(name) {
                        let (cur, kind) = open_blocks.last().copied().unwrap_or((root.id(), BlockKind::Other));
                        col.flush(cur, kind);
                        if open_blocks.len() > 1 {
                            open_blocks.pop();
                        }
                        if kind == BlockKind::Preformatted {
                            in_pre = in_pre.saturating_sub(1);
                        }
                    }
                }
            }
        }
    }
    col.flush(root.id(), BlockKind::Other);

    let blocks = col.blocks;
    let keep: Vec<bool> = match mode {
        Mode::Fragment => vec![true; blocks.len()],
        Mode::Page | Mode::PageWithoutClassRules => select_main_content(dom, &blocks, &ranges, article_body),
    };

    let title_key = meta.title.as_deref().map(crate::normalize::dedup_key);
    let byline_key = meta.byline.as_deref().map(crate::normalize::dedup_key);
    let mut out = String::new();
    for (block, keep) in blocks.iter().zip(keep) {
        if !keep {
            continue;
        }
        let chars = block.text.chars().filter(|c| !c.is_whitespace()).count();
        if mode != Mode::Fragment && block.link_chars * 2 > chars {
            continue;
        }
        // A block that is only a date ("Published: 13 Sep 2023") is metadata.
        if mode != Mode::Fragment && block.text.len() <= 80 && crate::dates::parse_date_line(&block.text).is_some() {
            continue;
        }
        // Only short blocks can repeat the title or byline; skip the key otherwise.
        if block.text.len() < 300 && (title_key.is_some() || byline_key.is_some()) {
            let key = crate::normalize::dedup_key(&block.text);
            if block.kind == BlockKind::Heading && title_key.as_deref() == Some(key.as_str()) {
                continue;
            }
            if let Some(byline) = byline_key.as_deref() {
                if key == byline || key.strip_prefix("by ") == Some(byline) {
                    continue;
                }
            }
        }
        let lines: Vec<&str> = block.text.split('\n').filter(|l| !is_artifact_line(l)).collect();
        if lines.iter().all(|l| l.trim().is_empty()) {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&lines.join("\n"));
    }
    normalize_text(&out)
}

/// Readability-style choice of the main content; returns a keep flag per block.
fn select_main_content(
    dom: &Html,
    blocks: &[Block],
    ranges: &HashMap<NodeId, (u32, u32)>,
    article_body: Option<NodeId>,
) -> Vec<bool> {
    let inside = |b: &Block, id: NodeId| ranges.get(&id).is_some_and(|&(s, e)| s <= b.order && b.order <= e);

    if let Some(id) = article_body {
        let flags: Vec<bool> = blocks.iter().map(|b| inside(b, id)).collect();
        if flags.iter().any(|&f| f) {
            return flags;
        }
    }

    let mut scores: HashMap<NodeId, f64> = HashMap::new();
    for b in blocks {
        if !matches!(b.kind, BlockKind::Paragraph | BlockKind::Preformatted | BlockKind::Other) {
            continue;
        }
        let chars = b.text.chars().count();
        if chars < 25 || b.link_chars * 2 > chars {
            continue;
        }
        let score = 1.0 + b.text.matches(',').count() as f64 + (chars as f64 / 100.0).min(3.0);
        let Some(node) = dom.tree.get(b.element) else {
            continue;
        };
        // Text directly in a div scores that div's parent, like a <p> would.
        if let Some(parent) = node.parent() {
            *scores.entry(parent.id()).or_default() += score;
            if let Some(grand) = parent.parent() {
                *scores.entry(grand.id()).or_default() += score / 2.0;
            }
        }
    }
    let Some((&top, &top_score)) =
        scores.iter().max_by(|a, b| a.1.partial_cmp(b.1).unwrap_or(std::cmp::Ordering::Equal).then(b.0.cmp(a.0)))
    else {
        return vec![true; blocks.len()];
    };

    let mut regions = vec![top];
    if let Some(parent) = dom.tree.get(top).and_then(|n| n.parent()) {
        // A sibling holding a long, link-poor paragraph is article text too
        // (stories split into one wrapper per paragraph). Found by walking up
        // from each such paragraph, a bounded number of levels.
        let mut strong = std::collections::HashSet::new();
        for b in blocks {
            let chars = b.text.chars().count();
            if b.kind != BlockKind::Paragraph || chars < 80 || b.link_chars * 4 >= chars {
                continue;
            }
            let mut node = dom.tree.get(b.element);
            for _ in 0..64 {
                let Some(n) = node else { break };
                if n.parent().map(|p| p.id()) == Some(parent.id()) {
                    strong.insert(n.id());
                    break;
                }
                node = n.parent();
            }
        }
        let threshold = top_score * 0.2;
        for sib in parent.children() {
            if sib.id() == top || !sib.value().is_element() {
                continue;
            }
            let s = scores.get(&sib.id()).copied().unwrap_or(0.0);
            if s >= threshold || strong.contains(&sib.id()) {
                regions.push(sib.id());
            }
        }
    }
    // Regions are disjoint subtrees: sort their pre-order ranges and binary-search.
    let mut spans: Vec<(u32, u32)> = regions.iter().filter_map(|r| ranges.get(r).copied()).collect();
    spans.sort_unstable();
    blocks
        .iter()
        .map(|b| {
            let i = spans.partition_point(|&(start, _)| start <= b.order);
            i > 0 && b.order <= spans[i - 1].1
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r##"<!doctype html><html><head>
<title>Kim meets Putin | Daily Example</title>
<meta property="og:site_name" content="Daily Example">
<link rel="canonical" href="https://example.org/world/kim-putin">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","datePublished":"2023-09-13T08:15:00Z","author":{"@type":"Person","name":"Jane Roe"}}</script>
</head><body>
<nav><a href="/">Home</a><a href="/world">World</a></nav>
<div class="cookie-banner">We use cookies. <button>Accept all cookies</button></div>
<article><h1>Kim meets Putin</h1>
<div class="byline">By Jane Roe</div>
<p>The two leaders met at the cosmodrome on Wednesday, officials said, in a rare summit.</p>
<div class="share-bar"><a href="#">Share on Facebook</a></div>
<p>Talks covered weapons, satellites and food aid, according to state media reports.</p>
<p>Advertisement</p>
</article>
<aside class="related"><h3>Related stories</h3><ul><li><a href="/a">Other story</a></li></ul></aside>
<footer>Copyright 2023</footer>
</body></html>"##;

    #[test]
    fn news_page_metadata_and_body() {
        let a = parse_html("page.html", "page", PAGE.as_bytes(), None).unwrap();
        assert_eq!(a.title.as_deref(), Some("Kim meets Putin"));
        assert_eq!(a.outlet.as_deref(), Some("Daily Example"));
        assert_eq!(a.byline.as_deref(), Some("Jane Roe"));
        assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2023-09-13"));
        assert_eq!(a.url.as_deref(), Some("https://example.org/world/kim-putin"));
        assert_eq!(
            a.text,
            "The two leaders met at the cosmodrome on Wednesday, officials said, in a rare summit.\n\n\
             Talks covered weapons, satellites and food aid, according to state media reports."
        );
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let mut s = String::from("<html><body>");
        for _ in 0..10_000 {
            s.push_str("<div>");
        }
        s.push_str("<p>Deep inside the page, a paragraph of real article text survives.</p>");
        for _ in 0..10_000 {
            s.push_str("</div>");
        }
        s.push_str("</body></html>");
        let a = parse_html("deep.html", "deep", s.as_bytes(), None).unwrap();
        assert!(a.text.contains("Deep inside the page"), "{:?}", a.text);
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(matches!(parse_html("x", "x", b"", None), Err(IngestError::Empty)));
        assert!(matches!(parse_html("x", "x", b"\x00\x01\x02<html>", None), Err(IngestError::Binary)));
        assert!(matches!(parse_html("x", "x", b"<html><nav>menu</nav></html>", None), Err(IngestError::NoBody)));
    }

    #[test]
    fn charsets() {
        // "café" in windows-1252, no declaration: the HTML default applies.
        let bytes = b"<html><body><p>caf\xe9 au lait</p></body></html>";
        assert!(decode_html(bytes, None).contains("café"));
        // Declared KOI8-R: "мир" is 0xCD 0xC9 0xD2.
        let koi = b"<html><head><meta charset=\"koi8-r\"></head><body><p>\xcd\xc9\xd2</p></body></html>";
        assert!(decode_html(koi, None).contains("мир"));
        assert_eq!(sniff_charset(b"text/html; charset=ISO-8859-1").as_deref(), Some("iso-8859-1"));
    }

    #[test]
    fn link_lists_are_dropped_and_fragments_keep_text() {
        let html = "<html><body><div><ul><li><a href='/1'>Politics</a></li><li><a href='/2'>Sport</a></li></ul>\
                    <p>Article paragraph with enough words to count as real content here.</p></div></body></html>";
        let a = parse_html("x", "x", html.as_bytes(), None).unwrap();
        assert_eq!(a.text, "Article paragraph with enough words to count as real content here.");
        assert_eq!(html_fragment_to_text("<p>One <b>two</b></p><p>Three<br>four</p>"), "One two\n\nThree\nfour");
    }

    #[test]
    fn one_wrapper_per_paragraph() {
        let html = "<html><body><article>\
            <div data-component=\"text-block\"><p>The first paragraph of the story is here, with a comma.</p></div>\
            <div data-component=\"ad\"><span>Buy now</span></div>\
            <div data-component=\"text-block\"><p>The second paragraph continues the story, and is long enough to count.</p></div>\
            </article><div class=\"promo-box\"><p>Unrelated teaser text that should not be kept in the body.</p></div>\
            </body></html>";
        let a = parse_html("x", "x", html.as_bytes(), None).unwrap();
        assert_eq!(
            a.text,
            "The first paragraph of the story is here, with a comma.\n\n\
             The second paragraph continues the story, and is long enough to count."
        );
    }

    #[test]
    fn many_wrapped_paragraphs_stay_linear() {
        let mut html = String::from("<html><body><main>");
        for i in 0..5000 {
            html.push_str(&format!(
                "<div><p>Paragraph {i} of a very long live blog, with commas, clauses and enough words.</p></div>"
            ));
        }
        html.push_str("</main></body></html>");
        let start = std::time::Instant::now();
        let a = parse_html("x", "x", html.as_bytes(), None).unwrap();
        assert_eq!(a.text.split("\n\n").count(), 5000);
        assert!(start.elapsed().as_secs() < 30, "took {:?}", start.elapsed());
    }

    #[test]
    fn visible_date_is_the_last_resort() {
        let html = "<html><body><article><p class=\"article-date\">Published: September 13, 2023</p>\
                    <p>Talks continued at the cosmodrome for a second day, officials said on Thursday.</p>\
                    </article></body></html>";
        let a = parse_html("x", "x", html.as_bytes(), None).unwrap();
        assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2023-09-13"));
        assert_eq!(a.date_raw.as_deref(), Some("Published: September 13, 2023"));
        assert_eq!(a.text, "Talks continued at the cosmodrome for a second day, officials said on Thursday.");
    }

    #[test]
    fn misfiring_wrapper_class_falls_back() {
        let html = "<html><body><div class=\"layout-with-sidebar\"><div class=\"col\">\
                    <p>The council approved the new harbour budget on Monday, after a long debate.</p>\
                    <p>Opposition members said the plan, costing millions, lacked detail on repairs.</p>\
                    </div></div></body></html>";
        let a = parse_html("x", "x", html.as_bytes(), None).unwrap();
        assert!(a.text.starts_with("The council approved"), "{:?}", a.text);
        assert!(a.text.ends_with("lacked detail on repairs."), "{:?}", a.text);
    }

    #[test]
    fn sniffing() {
        assert!(looks_like_html(b"  <!DOCTYPE html><html>"));
        assert!(looks_like_html(b"<html lang=en>"));
        assert!(!looks_like_html(b"<rss version='2.0'>"));
        assert!(!looks_like_html(b"Plain text"));
    }
}

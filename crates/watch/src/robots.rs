//! robots.txt (RFC 9309): groups by `User-agent`, `Allow`/`Disallow` rules
//! with `*` and `$`, longest match wins (a tie goes to `Allow`), and the
//! non-standard `Crawl-delay`, which the fetcher honours (capped).
//!
//! Our group is the one whose user-agent token is a case-insensitive prefix of
//! our product token (`tidings`); failing that, the `*` group. Several groups
//! for the same agent are merged, as the RFC asks. Unknown lines, garbage and
//! over-long files are ignored, never an error: a parser that cannot fail.

use std::time::Duration;

/// Longest robots.txt body we read (RFC 9309 asks crawlers to parse at least 500 KiB).
pub const MAX_ROBOTS_BYTES: usize = 512 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
struct Rule {
    allow: bool,
    pattern: String,
}

/// The rules of robots.txt that apply to one user agent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Robots {
    rules: Vec<Rule>,
    /// `Crawl-delay` of our group, if any.
    pub crawl_delay: Option<Duration>,
    /// Why everything is disallowed: robots.txt could not be fetched (server error, unreachable).
    pub unreachable: Option<String>,
}

impl Robots {
    /// No restrictions (robots.txt absent: a 4xx).
    pub fn allow_all() -> Robots {
        Robots::default()
    }

    /// Everything disallowed because robots.txt is unreachable (5xx or network failure, RFC 9309 §2.3.1.4).
    pub fn unreachable(reason: impl Into<String>) -> Robots {
        Robots { unreachable: Some(reason.into()), ..Robots::default() }
    }

    /// Parse `body` for the agent whose product token is `agent` (e.g. `tidings`).
    pub fn parse(body: &str, agent: &str) -> Robots {
        let body = if body.len() > MAX_ROBOTS_BYTES {
            let mut end = MAX_ROBOTS_BYTES;
            while !body.is_char_boundary(end) {
                end -= 1;
            }
            &body[..end]
        } else {
            body
        };
        let agent = agent.to_ascii_lowercase();
        let mut ours: Vec<Rule> = Vec::new();
        let mut star: Vec<Rule> = Vec::new();
        let (mut ours_delay, mut star_delay) = (None, None);
        let mut found_ours = false;
        // The agents of the group being read, and whether we are past its user-agent lines.
        let mut group: Vec<String> = Vec::new();
        let mut in_rules = false;
        for raw in body.lines() {
            let line = raw.split('#').next().unwrap_or("").trim();
            let Some((key, value)) = line.split_once(':') else { continue };
            let key = key.trim().to_ascii_lowercase();
            let value = value.trim();
            match key.as_str() {
                "user-agent" => {
                    if in_rules {
                        group.clear();
                        in_rules = false;
                    }
                    group.push(value.to_ascii_lowercase());
                }
                "allow" | "disallow" | "crawl-delay" => {
                    in_rules = true;
                    let is_ours = group.iter().any(|g| g != "*" && !g.is_empty() && agent.starts_with(g.as_str()));
                    let is_star = group.iter().any(|g| g == "*");
                    if !is_ours && !is_star {
                        continue;
                    }
                    found_ours |= is_ours;
                    if key == "crawl-delay" {
                        let delay = value.parse::<f64>().ok().filter(|d| d.is_finite() && *d >= 0.0);
                        let delay = delay.map(|d| Duration::from_secs_f64(d.min(86_400.0)));
                        if is_ours {
                            ours_delay = ours_delay.or(delay);
                        } else {
                            star_delay = star_delay.or(delay);
                        }
                        continue;
                    }
                    if value.is_empty() {
                        // `Disallow:` with no path allows everything; `Allow:` likewise says nothing.
                        continue;
                    }
                    let rule = Rule { allow: key == "allow", pattern: value.to_string() };
                    if is_ours {
                        ours.push(rule);
                    } else {
                        star.push(rule);
                    }
                }
                _ => {}
            }
        }
        if found_ours {
            Robots { rules: ours, crawl_delay: ours_delay, unreachable: None }
        } else {
            Robots { rules: star, crawl_delay: star_delay, unreachable: None }
        }
    }

    /// Whether `path` (the URL's path and query, starting with `/`) may be fetched.
    pub fn allowed(&self, path: &str) -> bool {
        if self.unreachable.is_some() {
            return path == "/robots.txt";
        }
        let mut best: Option<(usize, bool)> = None;
        for r in &self.rules {
            if pattern_matches(&r.pattern, path) {
                let len = r.pattern.len();
                best = match best {
                    Some((l, a)) if l > len || (l == len && a) => Some((l, a)),
                    _ => Some((len, r.allow)),
                };
            }
        }
        best.is_none_or(|(_, allow)| allow)
    }
}

/// robots.txt path pattern: `*` any run of characters, a final `$` anchors the end; else a prefix match.
fn pattern_matches(pattern: &str, path: &str) -> bool {
    let (pat, anchored) = match pattern.strip_suffix('$') {
        Some(p) => (p.as_bytes(), true),
        None => (pattern.as_bytes(), false),
    };
    let s = path.as_bytes();
    // Greedy glob match with single-star backtracking; an unanchored pattern ends in an implicit `*`.
    let (mut p, mut i) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    loop {
        if p == pat.len() && (!anchored || i == s.len()) {
            return true;
        }
        if p < pat.len() && pat[p] == b'*' {
            star = Some((p, i));
            p += 1;
            continue;
        }
        if p < pat.len() && i < s.len() && pat[p] == s[i] {
            p += 1;
            i += 1;
            continue;
        }
        match star {
            Some((sp, si)) if si < s.len() => {
                star = Some((sp, si + 1));
                p = sp + 1;
                i = si + 1;
            }
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const FILE: &str = "# example\nUser-agent: *\nDisallow: /private/\nAllow: /private/open.html\nCrawl-delay: 2\n\n\
        User-agent: otherbot\nDisallow: /\n";

    #[test]
    fn star_group_applies_when_ours_is_absent() {
        let r = Robots::parse(FILE, "tidings");
        assert!(r.allowed("/news/1.html"));
        assert!(!r.allowed("/private/secret.html"));
        assert!(r.allowed("/private/open.html"), "the longer Allow wins");
        assert_eq!(r.crawl_delay, Some(Duration::from_secs(2)));
        let other = Robots::parse(FILE, "otherbot");
        assert!(!other.allowed("/news/1.html"));
        assert_eq!(other.crawl_delay, None);
    }

    #[test]
    fn our_group_overrides_star_and_groups_merge() {
        let f = "User-agent: *\nDisallow: /\n\nUser-agent: Tidings\nDisallow: /a\n\nUser-agent: foo\nUser-agent: tidings\nDisallow: /b\n";
        let r = Robots::parse(f, "tidings");
        assert!(r.allowed("/c"));
        assert!(!r.allowed("/a/1"));
        assert!(!r.allowed("/b/1"));
    }

    #[test]
    fn wildcards_and_anchors() {
        let f = "User-agent: *\nDisallow: /*.pdf$\nDisallow: /tmp*/x\nAllow: /$\nDisallow: /q?\n";
        let r = Robots::parse(f, "tidings");
        assert!(!r.allowed("/docs/report.pdf"));
        assert!(r.allowed("/docs/report.pdf.html"));
        assert!(!r.allowed("/tmp1/x"));
        assert!(r.allowed("/"));
        assert!(!r.allowed("/q?x=1"));
        assert!(r.allowed("/qq"));
    }

    #[test]
    fn empty_disallow_and_garbage_allow_everything() {
        assert!(Robots::parse("User-agent: *\nDisallow:\n", "tidings").allowed("/x"));
        assert!(Robots::parse("\u{0}\u{1}garbage\n:::\nDisallow /x\n", "tidings").allowed("/x"));
        assert!(!Robots::unreachable("HTTP 503").allowed("/x"));
        assert!(Robots::allow_all().allowed("/x"));
    }

    proptest! {
        #[test]
        fn parsing_never_panics_and_prefix_rules_hold(body in ".{0,400}", path in "/[a-z/]{0,20}") {
            let r = Robots::parse(&body, "tidings");
            let _ = r.allowed(&path);
            let f = format!("User-agent: *\nDisallow: {path}\n");
            let only = Robots::parse(&f, "tidings");
            let longer = format!("{path}tail");
            prop_assert!(!only.allowed(&longer));
        }
    }
}

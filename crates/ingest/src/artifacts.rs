//! Scraping artifacts: whole lines left behind by copy-paste or naive scraping
//! ("Share this", "Advertisement", cookie banners, "Read more: ...").
//!
//! The list is small and curated on purpose: each pattern matches a *whole*
//! trimmed line, case-insensitively, so a sentence that happens to contain
//! "share" or "cookies" is never touched.

use std::sync::LazyLock;

use regex::RegexSet;

/// The curated patterns, each anchored to the whole (trimmed) line.
const PATTERNS: &[&str] = &[
    r"comment template",
    r"(leave a |post a |add a )?comments?( \(\d+\))?",
    r"share( this| the)?( article| story| post| page| video)?( on \w+| via \w+)?[:!]?",
    r"share (on|via) [\w ]{1,30}",
    r"click to (share|email|print|tweet)\b.*",
    r"\(opens in (a )?new window\)",
    r"(facebook|twitter|x|whatsapp|linkedin|telegram|reddit|pinterest|email|e-mail|print|copy link|tweet|pin it|flipboard)",
    r"we use cookies\b.*",
    r"this (web)?site uses cookies\b.*",
    r"(accept|reject|allow|manage|decline) (all )?cookies",
    r"cookie (settings|policy|preferences|consent)",
    r"(i )?(accept|agree|got it|ok)",
    r"(story continues below )?advertisements?",
    r"(sponsored( content)?|paid content|ad|ads)",
    r"(scroll|continue reading) (down )?(to continue with content|below|below the ad)",
    r"(subscribe|sign up)( now)?( to| for)?( our| the)?( free)?( daily| weekly)? newsletters?\b.*",
    r"subscribe( now| today)?",
    r"read more( here)?(:.*|\.\.\.|…)?",
    r"(also read|read also|see also|more on this( story)?|related( articles| stories| content| news| coverage)?)(:.*)?",
    r"skip to (main )?content",
    r"(back to top|jump to comments|view comments|show comments|load more)",
    r"follow us( on [\w ,&]{1,60})?",
    r"(©|\(c\)|copyright).{0,120}all rights reserved\.?",
    r"loading\.\.\.|loading…",
];

static SET: LazyLock<Option<RegexSet>> = LazyLock::new(|| {
    let anchored: Vec<String> = PATTERNS.iter().map(|p| format!(r"(?i)^(?:{p})[.!]?$")).collect();
    RegexSet::new(anchored).ok()
});

/// Every word a pattern of [`PATTERNS`] can start with (lower case, ASCII letters only).
const FIRST_WORDS: &[&str] = &[
    "accept",
    "ad",
    "add",
    "ads",
    "advertisement",
    "advertisements",
    "agree",
    "allow",
    "also",
    "back",
    "c",
    "click",
    "comment",
    "comments",
    "continue",
    "cookie",
    "copy",
    "copyright",
    "decline",
    "e",
    "email",
    "facebook",
    "flipboard",
    "follow",
    "got",
    "i",
    "jump",
    "leave",
    "linkedin",
    "load",
    "loading",
    "manage",
    "more",
    "ok",
    "opens",
    "paid",
    "pin",
    "pinterest",
    "post",
    "print",
    "read",
    "reddit",
    "reject",
    "related",
    "scroll",
    "see",
    "share",
    "show",
    "sign",
    "skip",
    "sponsored",
    "story",
    "subscribe",
    "telegram",
    "this",
    "tweet",
    "twitter",
    "view",
    "we",
    "whatsapp",
    "x",
];

/// Cheap pre-check: `false` only when no pattern can match the trimmed line `t`,
/// judged from its first word (most lines of a body are sentences, which start with
/// other words). Lines starting with a non-ASCII letter go to the full set, since
/// case-insensitive matching folds some non-ASCII letters onto ASCII ones.
fn may_be_artifact(t: &str) -> bool {
    let t = t.trim_start_matches('(');
    let first = t.split(|c: char| !c.is_alphabetic()).next().unwrap_or("");
    if first.is_empty() || !first.is_ascii() {
        return true;
    }
    if first.len() > 14 {
        return false;
    }
    let mut buf = [0u8; 14];
    let lower = &mut buf[..first.len()];
    lower.copy_from_slice(first.as_bytes());
    lower.make_ascii_lowercase();
    FIRST_WORDS.binary_search_by(|w| w.as_bytes().cmp(lower)).is_ok()
}

/// Whether a whole line is a scraping artifact (see the module docs).
pub fn is_artifact_line(line: &str) -> bool {
    let t = line.trim();
    if t.is_empty() || t.len() > 200 || !may_be_artifact(t) {
        return false;
    }
    SET.as_ref().is_some_and(|set| set.is_match(t))
}

/// Remove artifact lines from a body, without reflowing the rest.
///
/// A removed line also takes the blank lines that directly follow it when the
/// text before it already ends in a blank line, so "para\n\nShare this\n\npara"
/// becomes "para\n\npara" and not three newlines in a row.
pub fn strip_artifacts(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut swallowing_blanks = false;
    for line in text.split_inclusive('\n') {
        let content = line.strip_suffix('\n').unwrap_or(line);
        if is_artifact_line(content) {
            swallowing_blanks = out.is_empty() || out.ends_with("\n\n");
            continue;
        }
        if content.trim().is_empty() && swallowing_blanks {
            continue;
        }
        swallowing_blanks = false;
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn first_words_are_sorted_for_binary_search() {
        assert!(FIRST_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    proptest! {
        /// The pre-check never hides a line the full set would match.
        #[test]
        fn precheck_never_hides_an_artifact(
            words in proptest::collection::vec(
                prop_oneof![
                    proptest::sample::select(FIRST_WORDS.to_vec()).prop_map(str::to_string),
                    proptest::sample::select(vec!["this", "article", "on", "all", "cookies", "newsletter", "new",
                        "window", "(c)", "©", "Ok", "SHARE", "Share:", "more:", "…", "ſhare", "rights", "reserved"])
                        .prop_map(str::to_string),
                    "[a-zA-Z(©:.]{1,8}",
                ],
                1..6,
            )
        ) {
            let line = words.join(" ");
            let t = line.trim();
            if SET.as_ref().unwrap().is_match(t) {
                prop_assert!(may_be_artifact(t), "{t:?}");
            }
        }
    }

    #[test]
    fn each_curated_artifact_is_recognised() {
        for line in [
            "Comment Template",
            "Comments",
            "Leave a comment",
            "Share this",
            "Share this article",
            "SHARE THIS STORY:",
            "Share on Facebook",
            "Share via Email",
            "Click to share on Twitter (Opens in new window)",
            "Click to email a link to a friend",
            "(Opens in new window)",
            "Facebook",
            "WhatsApp",
            "Copy link",
            "We use cookies to improve your experience. By continuing you agree.",
            "This website uses cookies",
            "Accept all cookies",
            "Manage cookies",
            "Cookie Settings",
            "I Accept",
            "Advertisement",
            "Story continues below advertisement",
            "ADVERTISEMENT",
            "Sponsored Content",
            "Scroll to continue with content",
            "Subscribe to our newsletter",
            "Sign up for our free daily newsletter and get the news first",
            "Subscribe now",
            "Read more:",
            "Read more: Kim arrives in Vladivostok",
            "Read more...",
            "Related:",
            "Related: North Korea tests missile",
            "Related Articles",
            "See also: Summit timeline",
            "Also read: what the deal means",
            "Skip to main content",
            "Back to top",
            "Follow us on Twitter, Facebook & Instagram",
            "© 2023 Example News Ltd. All rights reserved.",
            "Loading...",
            "  Advertisement  ",
        ] {
            assert!(is_artifact_line(line), "{line:?} should be an artifact");
        }
    }

    #[test]
    fn sentences_mentioning_the_words_survive() {
        for line in [
            "Kim said he would share his plans with Putin.",
            "We use diplomacy, not cookies, said the minister.",
            "The advertisement campaign was criticised by the opposition.",
            "Read more about the summit in the ministry's statement, officials said.",
            "Related talks took place in Beijing last month.",
            "Subscribers to the state newspaper received a special edition.",
            "Print media were barred from the cosmodrome.",
            "",
        ] {
            assert!(!is_artifact_line(line), "{line:?} should not be an artifact");
        }
    }

    #[test]
    fn stripping_keeps_layout() {
        let body = "First para.\n\nShare this\n\nSecond para.\nAdvertisement\nThird line.\n";
        assert_eq!(strip_artifacts(body), "First para.\n\nSecond para.\nThird line.\n");
        assert_eq!(strip_artifacts("Advertisement\n\nBody."), "Body.");
        assert_eq!(strip_artifacts("No artifacts here."), "No artifacts here.");
    }
}

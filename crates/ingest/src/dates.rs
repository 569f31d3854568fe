//! Publication-date recognition.
//!
//! Two entry points:
//! - [`parse_date_line`]: strict, for a *whole line* of a plain-text article
//!   ("September 13, 2023", "Published: 13 Sep 2023 08:15 GMT"). A sentence that
//!   merely mentions a date ("On September 13, 2023, Kim met ...") is not a date
//!   line, so the body never loses a sentence.
//! - [`parse_date_value`]: lenient, for metadata values (HTML meta tags, JSON-LD,
//!   JSONL fields, feed dates): ISO 8601, RFC 2822 and the textual forms.
//!
//! Dates are normalized to the UTC calendar day when the input gives a time and
//! a zone: `2023-09-13T23:30:00-05:00` is 2023-09-14 (UTC), `13 Sep 2023 11:30
//! p.m. EDT` likewise. A date without a time, or a time without a zone, stays the
//! publisher's calendar day (there is nothing to shift by). The raw text always
//! travels alongside in `Article::date_raw`.
//!
//! Nothing here reads a clock: a date is never invented.

use std::sync::LazyLock;

use regex::Regex;
use tidings_model::Date;

/// Month number for an English month name or abbreviation (`Sep`, `Sept`, `September`).
pub fn month_from_name(name: &str) -> Option<u32> {
    let lower = name.trim_end_matches('.').to_ascii_lowercase();
    let m = match lower.as_str() {
        "jan" | "january" => 1,
        "feb" | "february" => 2,
        "mar" | "march" => 3,
        "apr" | "april" => 4,
        "may" => 5,
        "jun" | "june" => 6,
        "jul" | "july" => 7,
        "aug" | "august" => 8,
        "sep" | "sept" | "september" => 9,
        "oct" | "october" => 10,
        "nov" | "november" => 11,
        "dec" | "december" => 12,
        _ => return None,
    };
    Some(m)
}

/// Optional leading label, optional weekday, then the date itself; `rest` is
/// whatever follows and must be a time / time-zone tail for a date *line*.
static DATE_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^\s*
        (?:(?:last\s+updated|first\s+published|published|updated|posted|dated?)\s*(?::|\bon\b|-|–)?\s*)?
        (?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?
        (?:
            (?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})
          | (?P<sy>\d{4})/(?P<sm>\d{1,2})/(?P<sd>\d{1,2})
          | (?P<ed>\d{1,2})\.(?P<em>\d{1,2})\.(?P<ey>\d{4})
          | (?P<m1>[a-z]{3,9})\.?\s+(?P<d1>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{4})
          | (?P<d2>\d{1,2})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?(?P<m2>[a-z]{3,9})\.?,?\s+(?P<y2>\d{4})
        )
        (?P<rest>.*)$",
    )
    .ok()
});

/// What may follow the date on a date line: a time, am/pm, and a zone.
static TAIL_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^
        \s*(?:[,|·•@\-–—]|\bat\b)?\s*
        (?:T?\d{1,2}(?:[:.]\d{2}){1,2}(?:\.\d+)?\s*(?:[ap]\.?m\.?)?|\d{1,2}\s*[ap]\.?m\.?)?
        \s*
        (?:
            Z
          | [+-]\d{2}:?\d{2}
          | \(?(?:GMT|UTC)(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?\)?
          | \(?(?:ET|EST|EDT|CT|CST|CDT|MT|MST|MDT|PT|PST|PDT|BST|IST|CET|CEST|EET|EEST|MSK|JST|KST|HKT|SGT|WIB|AEST|AEDT|WAT|EAT|CAT|PKT)\)?
        )?
        \s*$",
    )
    .ok()
});

fn captured_date(caps: &regex::Captures<'_>) -> Option<Date> {
    let num = |name: &str| caps.name(name).and_then(|m| m.as_str().parse::<u32>().ok());
    let year = |name: &str| caps.name(name).and_then(|m| m.as_str().parse::<i32>().ok());
    if let (Some(y), Some(m), Some(d)) = (year("iy"), num("im"), num("id")) {
        return plausible(y, m, d);
    }
    if let (Some(y), Some(m), Some(d)) = (year("sy"), num("sm"), num("sd")) {
        return plausible(y, m, d);
    }
    // Day.month.year is the European order; month.day.year is never written with dots.
    if let (Some(y), Some(m), Some(d)) = (year("ey"), num("em"), num("ed")) {
        return plausible(y, m, d);
    }
    if let (Some(name), Some(d), Some(y)) = (caps.name("m1"), num("d1"), year("y1")) {
        return plausible(y, month_from_name(name.as_str())?, d);
    }
    if let (Some(d), Some(name), Some(y)) = (num("d2"), caps.name("m2"), year("y2")) {
        return plausible(y, month_from_name(name.as_str())?, d);
    }
    None
}

/// News dates outside this window are far more likely to be something else
/// (a page number, a product code) than a publication date.
fn plausible(year: i32, month: u32, day: u32) -> Option<Date> {
    if !(1800..=2200).contains(&year) {
        return None;
    }
    Date::new(year, month, day)
}

/// Parse a line that consists of a date and nothing else (apart from a
/// "Published:" style label, a weekday, a time and a time zone).
///
/// ```
/// use tidings_ingest::dates::parse_date_line;
/// assert_eq!(parse_date_line("Sept. 13, 2023").unwrap().to_string(), "2023-09-13");
/// assert!(parse_date_line("On September 13, 2023, the leaders met.").is_none());
/// ```
pub fn parse_date_line(line: &str) -> Option<Date> {
    let line = line.trim();
    if line.is_empty() || line.len() > 80 {
        return None;
    }
    let re = DATE_RE.as_ref()?;
    let tail = TAIL_RE.as_ref()?;
    let caps = re.captures(line)?;
    let rest = caps.name("rest").map_or("", |m| m.as_str());
    if !tail.is_match(rest) {
        return None;
    }
    Some(to_utc(captured_date(&caps)?, rest))
}

/// A time of day and a zone in `tail` ("08:15 GMT", "11:30 p.m. EDT",
/// "T23:30:00-05:00"): the local time in minutes after midnight and the zone's
/// offset from UTC in minutes. `None` unless both are present.
static TIME_ZONE_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        (?:^|[^\d])T?(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?(?:[:.]\d{2})?(?:\.\d+)?\s*(?P<ap>[ap])?\.?(?:m\.?)?
        \s*\(?
        (?P<z>Z|[+-]\d{2}:?\d{2}|(?:GMT|UTC)(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?|[A-Z]{2,4})\)?
        \s*$",
    )
    .ok()
});

/// Offset from UTC, in minutes, of a zone abbreviation or numeric offset.
fn zone_offset(z: &str) -> Option<i32> {
    let z = z.trim();
    let upper = z.to_ascii_uppercase();
    let numeric = |s: &str| -> Option<i32> {
        let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        let (sign, digits) = match s.as_bytes().first()? {
            b'+' => (1, &s[1..]),
            b'-' => (-1, &s[1..]),
            _ => return None,
        };
        let digits: String = digits.chars().filter(|c| *c != ':').collect();
        let (h, m) = match digits.len() {
            1 | 2 => (digits.parse::<i32>().ok()?, 0),
            3 | 4 => (digits[..digits.len() - 2].parse::<i32>().ok()?, digits[digits.len() - 2..].parse::<i32>().ok()?),
            _ => return None,
        };
        (h <= 14 && m < 60).then_some(sign * (h * 60 + m))
    };
    if upper == "Z" || upper == "GMT" || upper == "UTC" {
        return Some(0);
    }
    if let Some(rest) = upper.strip_prefix("GMT").or_else(|| upper.strip_prefix("UTC")) {
        return numeric(rest);
    }
    if upper.starts_with('+') || upper.starts_with('-') {
        return numeric(&upper);
    }
    let hours = match upper.as_str() {
        "EDT" => -4.0,
        "EST" | "CDT" => -5.0,
        "CST" | "MDT" => -6.0,
        "MST" | "PDT" => -7.0,
        "PST" => -8.0,
        "BST" | "CET" | "WAT" => 1.0,
        "CEST" | "EET" | "CAT" => 2.0,
        "EEST" | "MSK" | "EAT" => 3.0,
        "PKT" => 5.0,
        "IST" => 5.5,
        "WIB" => 7.0,
        "HKT" | "SGT" => 8.0,
        "JST" | "KST" => 9.0,
        "AEST" => 10.0,
        "AEDT" => 11.0,
        _ => return None,
    };
    Some((hours * 60.0) as i32)
}

/// Shift `date` to the UTC calendar day when `tail` carries a time and a zone.
fn to_utc(date: Date, tail: &str) -> Date {
    let Some(caps) = TIME_ZONE_RE.as_ref().and_then(|re| re.captures(tail)) else {
        return date;
    };
    let Some(mut h) = caps.name("h").and_then(|m| m.as_str().parse::<i32>().ok()) else {
        return date;
    };
    let m = caps.name("m").and_then(|m| m.as_str().parse::<i32>().ok()).unwrap_or(0);
    match caps.name("ap").map(|a| a.as_str().to_ascii_lowercase()) {
        Some(_) if h > 12 || h == 0 => return date,
        Some(a) if a == "p" && h != 12 => h += 12,
        Some(a) if a == "a" && h == 12 => h = 0,
        _ => {}
    }
    if h > 23 || m > 59 {
        return date;
    }
    let Some(offset) = caps.name("z").and_then(|z| zone_offset(z.as_str())) else {
        return date;
    };
    let utc_minutes = h * 60 + m - offset;
    shift_days(date, utc_minutes.div_euclid(24 * 60))
}

fn shift_days(date: Date, days: i32) -> Date {
    if days == 0 {
        return date;
    }
    use chrono::Datelike;
    chrono::NaiveDate::from_ymd_opt(date.year, date.month, date.day)
        .and_then(|d| d.checked_add_signed(chrono::Duration::days(days.into())))
        .and_then(|d| Date::new(d.year(), d.month(), d.day()))
        .unwrap_or(date)
}

/// Parse a date from a metadata value: anything [`parse_date_line`] accepts,
/// plus ISO 8601 date-times with any tail, RFC 2822 / RFC 3339 stamps, and
/// compact `YYYYMMDD`.
pub fn parse_date_value(value: &str) -> Option<Date> {
    let value = value.trim();
    if value.is_empty() || value.len() > 200 {
        return None;
    }
    if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(value) {
        use chrono::Datelike;
        let utc = dt.with_timezone(&chrono::Utc);
        return plausible(utc.year(), utc.month(), utc.day());
    }
    if let Some(d) = Date::parse_iso(value) {
        if (1800..=2200).contains(&d.year) {
            return Some(to_utc(d, value.get(10..).unwrap_or("")));
        }
    }
    if let Some(d) = Date::parse_compact(value) {
        return plausible(d.year, d.month, d.day);
    }
    if let Some(d) = parse_date_line(value) {
        return Some(d);
    }
    if let Ok(dt) = chrono::DateTime::parse_from_rfc2822(value) {
        use chrono::Datelike;
        let utc = dt.with_timezone(&chrono::Utc);
        return plausible(utc.year(), utc.month(), utc.day());
    }
    // A textual date at the start of a longer value ("September 13, 2023 at 8:15 a.m. EDT").
    let caps = DATE_RE.as_ref()?.captures(value)?;
    let rest = caps.name("rest").map_or("", |m| m.as_str());
    Some(to_utc(captured_date(&caps)?, rest))
}

/// Convert seconds (or milliseconds, when the number is too large to be
/// seconds) since the Unix epoch to a UTC calendar date.
pub fn date_from_unix(n: i64) -> Option<Date> {
    use chrono::Datelike;
    let secs = if n.unsigned_abs() > 100_000_000_000 { n / 1000 } else { n };
    let dt = chrono::DateTime::from_timestamp(secs, 0)?;
    plausible(dt.year(), dt.month(), dt.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<String> {
        parse_date_line(s).map(|d| d.to_string())
    }

    #[test]
    fn issue_examples_parse() {
        for line in [
            "September 13, 2023",
            "2023-09-13",
            "13 Sep 2023 08:15 GMT",
            "Sept. 13, 2023",
            "Wednesday, 13 September 2023",
        ] {
            assert_eq!(d(line).as_deref(), Some("2023-09-13"), "{line}");
        }
    }

    #[test]
    fn labels_weekdays_times_and_zones() {
        for line in [
            "Published: September 13, 2023",
            "Updated on Sep 13, 2023 8:15 a.m. EDT",
            "Posted - 13th September 2023",
            "Wed, 13 Sep 2023 08:15:00 +0000",
            "2023-09-13T08:15:00Z",
            "2023/09/13",
            "September 13 2023 | 08:15",
            "13 September, 2023 (UTC)",
            "  Wed. Sept 13, 2023 at 10pm  ",
            "13.09.2023, 08:15",
        ] {
            assert_eq!(d(line).as_deref(), Some("2023-09-13"), "{line}");
        }
    }

    #[test]
    fn sentences_and_nonsense_are_not_date_lines() {
        for line in [
            "On September 13, 2023, the two leaders met.",
            "September 13, 2023 was a Wednesday",
            "Kim met Putin",
            "February 30, 2023",
            "Smarch 13, 2023",
            "13 Sep 0023",
            "2023-13-45",
            "",
            "1234567890",
        ] {
            assert_eq!(d(line), None, "{line:?}");
        }
    }

    #[test]
    fn metadata_values() {
        let v = |s: &str| parse_date_value(s).map(|d| d.to_string());
        assert_eq!(v("2023-09-13T13:30:00-05:00").as_deref(), Some("2023-09-13"));
        assert_eq!(v("Wed, 13 Sep 2023 08:15:00 GMT").as_deref(), Some("2023-09-13"));
        assert_eq!(v("20230913").as_deref(), Some("2023-09-13"));
        assert_eq!(v("September 13, 2023 at 8:15 a.m. in Moscow").as_deref(), Some("2023-09-13"));
        assert_eq!(v("yesterday"), None);
        assert_eq!(date_from_unix(1_694_592_000).map(|d| d.to_string()).as_deref(), Some("2023-09-13"));
        assert_eq!(date_from_unix(1_694_592_000_000).map(|d| d.to_string()).as_deref(), Some("2023-09-13"));
    }

    #[test]
    fn normalized_to_utc_when_time_and_zone_are_given() {
        let v = |s: &str| parse_date_value(s).map(|d| d.to_string());
        let l = |s: &str| parse_date_line(s).map(|d| d.to_string());
        // Evening in the Americas is the next UTC day; morning in Asia is the previous one.
        assert_eq!(v("2023-09-13T23:30:00-05:00").as_deref(), Some("2023-09-14"));
        assert_eq!(v("2023-09-13T07:00:00+09:00").as_deref(), Some("2023-09-12"));
        assert_eq!(v("2023-09-13T23:30:00Z").as_deref(), Some("2023-09-13"));
        assert_eq!(v("Wed, 13 Sep 2023 23:30:00 -0400").as_deref(), Some("2023-09-14"));
        assert_eq!(l("13 Sep 2023 11:30 p.m. EDT").as_deref(), Some("2023-09-14"));
        assert_eq!(l("September 13, 2023 8:00 am KST").as_deref(), Some("2023-09-12"));
        assert_eq!(l("September 13, 2023 10:00 KST").as_deref(), Some("2023-09-13"));
        assert_eq!(l("Dec 31, 2023 22:00 GMT-5").as_deref(), Some("2024-01-01"));
        assert_eq!(v("September 13, 2023 at 11:45 p.m. EDT").as_deref(), Some("2023-09-14"));
        // Without a zone (or without a time) there is nothing to shift by.
        assert_eq!(v("2023-09-13T23:30:00").as_deref(), Some("2023-09-13"));
        assert_eq!(l("September 13 2023 | 23:30").as_deref(), Some("2023-09-13"));
        assert_eq!(l("13 September, 2023 (UTC)").as_deref(), Some("2023-09-13"));
        // Not a char boundary after the date: no panic.
        assert_eq!(v("2023-09-1é").as_deref(), Some("2023-09-01"));
        assert_eq!(v("2023-09-13é 23:00 GMT").as_deref(), Some("2023-09-13"));
    }
}

//! GDELT 2.0 Event (61 columns) and Mentions (16 columns) tables, tab-separated,
//! no header, in GDELT's column order, so GDELT loaders and schemas read them
//! unchanged. What tidings cannot fill is documented in the crate README.
//!
//! One Event row per real-world event: a coreference cluster's root mention, or an
//! unclustered coded event. One Mentions row per coded event (every mention).

use crate::{event_date, Clusters, Filter, Result};
use std::collections::HashMap;
use std::io::Write;
use tidings_store::{ActorRow, EventRow, LocationRow, Store};

/// GDELT 2.0 Event table column names, in order.
pub const EVENT_COLUMNS: [&str; 61] = [
    "GlobalEventID",
    "Day",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// GDELT 2.0 Mentions table column names, in order.
pub const MENTION_COLUMNS: [&str; 16] = [
    "GlobalEventID",
    "EventTimeDate",
    "MentionTimeDate",
    "MentionType",
    "MentionSourceName",
    "MentionIdentifier",
    "SentenceID",
    "Actor1CharOffset",
    "Actor2CharOffset",
    "ActionCharOffset",
    "InRawText",
    "Confidence",
    "MentionDocLen",
    "MentionDocTone",
    "MentionDocTranslationInfo",
    "Extras",
];

/// CAMEO religion codes (GDELT Religion1/2Code).
const RELIGIONS: &[&str] = &[
    "ADR", "ALE", "ATH", "BAH", "BUD", "CHR", "CON", "CPT", "CTH", "DOX", "DRZ", "HIN", "HSD", "ITR", "JAN", "JEW",
    "JHW", "LDS", "MOS", "MRN", "NRM", "ORT", "PAG", "PRO", "SFI", "SHI", "SHN", "SIK", "SUN", "TAO", "UDX", "ZRO",
];

/// CAMEO actor role/type codes (GDELT Type1-3Code).
const TYPES: &[&str] = &[
    "AGR", "BUS", "CRM", "CVL", "DEV", "EDU", "ELI", "ENV", "GOV", "HLH", "HRI", "IGO", "INS", "JUD", "LAB", "LEG",
    "MED", "MIL", "MNC", "MOD", "NGM", "NGO", "OPP", "PTY", "RAD", "REB", "REF", "SEP", "SPY", "UAF", "UIS", "USP",
    "COP",
];

/// An actor code split into GDELT's attribute columns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActorParts {
    pub country: String,
    pub known_group: String,
    pub religion: [String; 2],
    pub types: [String; 3],
}

/// Split a CAMEO actor code ("USAGOV", "IGOUNO", "SYRREBMOS") into 3-letter
/// attributes: a leading country code, religion codes, role/type codes; any other
/// 3-letter part is taken as the known group code (first one wins).
pub fn split_actor(code: &str, is_country: &dyn Fn(&str) -> bool) -> ActorParts {
    let mut p = ActorParts::default();
    let mut rel = 0;
    let mut typ = 0;
    let chunks: Vec<&str> = (0..code.len() / 3).filter_map(|i| code.get(i * 3..i * 3 + 3)).collect();
    for (i, c) in chunks.iter().enumerate() {
        if i == 0 && is_country(c) {
            p.country = (*c).to_string();
        } else if RELIGIONS.contains(c) {
            if rel < 2 {
                p.religion[rel] = (*c).to_string();
                rel += 1;
            }
        } else if TYPES.contains(c) {
            if typ < 3 {
                p.types[typ] = (*c).to_string();
                typ += 1;
            }
        } else if p.known_group.is_empty() && !is_country(c) {
            p.known_group = (*c).to_string();
        }
    }
    p
}

fn countries() -> HashMap<&'static str, ()> {
    tidings_cameo::defaults::countries().iter().map(|c| (c.code.as_str(), ())).collect()
}

/// `YYYY-MM-DD` -> (YYYYMMDD, YYYYMM, YYYY, FractionDate as GDELT computes it:
/// year + (month * 30 + day) / 365, four decimals).
pub fn day_fields(date: &str) -> Option<(String, String, String, String)> {
    let b = date.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (y, m, d) = (date.get(..4)?, date.get(5..7)?, date.get(8..10)?);
    let (yi, mi, di): (u32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let frac = f64::from(yi) + f64::from(mi * 30 + di) / 365.0;
    Some((format!("{y}{m}{d}"), format!("{y}{m}"), y.to_string(), format!("{frac:.4}")))
}

/// SQLite `YYYY-MM-DD HH:MM:SS` -> `YYYYMMDDHHMMSS`.
pub fn timestamp(ts: &str) -> String {
    ts.chars().filter(char::is_ascii_digit).take(14).collect()
}

fn clean(s: &str) -> String {
    s.chars().map(|c| if c == '\t' || c == '\n' || c == '\r' { ' ' } else { c }).collect()
}

fn actor_cols(a: &Option<ActorRow>, is_country: &dyn Fn(&str) -> bool, out: &mut Vec<String>) {
    match a {
        Some(a) => {
            let p = split_actor(&a.code, is_country);
            out.push(clean(&a.code));
            out.push(clean(&a.text.to_uppercase()));
            out.push(p.country);
            out.push(p.known_group);
            out.push(String::new()); // EthnicCode: not coded by tidings
            out.extend(p.religion);
            out.extend(p.types);
        }
        None => out.extend(std::iter::repeat_n(String::new(), 10)),
    }
}

/// GDELT geo type: 1 country, 2 US state, 3 US city, 4 world city, 5 world state.
pub fn geo_type(l: &LocationRow) -> u8 {
    let us = l.country == "USA" || l.country == "US" || l.fips == "US";
    match l.kind.as_str() {
        "country" => 1,
        "adm1" if us => 2,
        "adm1" => 5,
        _ if us => 3,
        _ => 4,
    }
}

fn geo_cols(l: Option<&LocationRow>, out: &mut Vec<String>) {
    match l {
        Some(l) => {
            let cc = if l.fips.is_empty() { l.country.clone() } else { l.fips.clone() };
            out.push(geo_type(l).to_string());
            out.push(clean(&l.name));
            out.push(cc.clone());
            out.push(match &l.adm1 {
                Some(a) if a.starts_with(&cc) => clean(a),
                Some(a) => clean(&format!("{cc}{a}")),
                None => cc,
            });
            out.push(String::new()); // ADM2Code: not resolved
            out.push(format!("{:.4}", l.lat));
            out.push(format!("{:.4}", l.lon));
            out.push(l.feature_id.as_deref().map(clean).unwrap_or_default());
        }
        None => {
            out.push("0".into());
            out.extend(std::iter::repeat_n(String::new(), 7));
        }
    }
}

/// The 61 fields of one GDELT Event row.
pub fn event_fields(e: &EventRow, c: &Clusters, is_country: &dyn Fn(&str) -> bool) -> Vec<String> {
    let mut f = Vec::with_capacity(61);
    let cluster = e.cluster_id.and_then(|id| c.by_id.get(&id));
    f.push(c.global_id(e).to_string());
    match event_date(e).and_then(day_fields) {
        Some((d, my, y, fr)) => f.extend([d, my, y, fr]),
        None => f.extend(std::iter::repeat_n(String::new(), 4)),
    }
    actor_cols(&e.actor1, is_country, &mut f);
    actor_cols(&e.actor2, is_country, &mut f);
    f.push(if e.sentence_index == 0 { "1" } else { "0" }.into());
    f.push(e.code.clone());
    let root = tidings_cameo::root(&e.code).unwrap_or("").to_string();
    let base = if e.code.len() > 3 { e.code.get(..3).unwrap_or(&e.code).to_string() } else { e.code.clone() };
    f.push(base);
    f.push(root);
    f.push(tidings_cameo::quad_class(&e.code).map(|q| q.to_string()).unwrap_or_default());
    f.push(tidings_cameo::goldstein(&e.code).map(|g| format!("{g:.1}")).unwrap_or_default());
    f.push(cluster.map_or(1, |c| c.num_mentions).to_string());
    f.push(cluster.map_or(1, |c| c.num_sources).to_string());
    f.push(cluster.map_or(1, |c| c.num_articles).to_string());
    f.push(String::new()); // AvgTone: tidings computes no tone
    geo_cols(e.actor1.as_ref().and_then(|a| a.location.as_ref()), &mut f);
    geo_cols(e.actor2.as_ref().and_then(|a| a.location.as_ref()), &mut f);
    geo_cols(e.location.as_ref(), &mut f);
    f.push(timestamp(&e.ingested_at));
    f.push(clean(e.url.as_deref().unwrap_or(&e.path)));
    f
}

fn write_line(out: &mut dyn Write, fields: &[String]) -> Result<()> {
    out.write_all(fields.join("\t").as_bytes())?;
    out.write_all(b"\n")?;
    Ok(())
}

/// Write the Event table: one row per real-world event passing `filter`.
pub fn write_events(store: &Store, filter: &Filter, out: &mut dyn Write) -> Result<u64> {
    let clusters = Clusters::load(store)?;
    let cc = countries();
    let is_country = |c: &str| cc.contains_key(c);
    let mut n = 0;
    let mut err = None;
    store.for_each_event(|e| {
        if err.is_some() || !clusters.is_root(&e) || !filter.event_ok(&e) {
            return;
        }
        match write_line(out, &event_fields(&e, &clusters, &is_country)) {
            Ok(()) => n += 1,
            Err(x) => err = Some(x),
        }
    })?;
    match err {
        Some(e) => Err(e),
        None => Ok(n),
    }
}

/// Character offset of byte offset `b` in `text` (GDELT offsets count characters).
fn char_offset(text: &str, b: usize) -> usize {
    text.get(..b.min(text.len())).map_or(b, |s| s.chars().count())
}

/// Write the Mentions table: one row per coded event (mention) passing `filter`.
pub fn write_mentions(store: &Store, filter: &Filter, out: &mut dyn Write) -> Result<u64> {
    let clusters = Clusters::load(store)?;
    let mut added: HashMap<i64, String> = HashMap::new();
    store.for_each_event(|e| {
        if clusters.is_root(&e) {
            added.insert(e.id, timestamp(&e.ingested_at));
        }
    })?;
    let mut n = 0;
    let mut err = None;
    let mut doc: Option<(i64, String, usize)> = None;
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut texts: Vec<(i64, usize)> = Vec::new();
    store.for_each_event(|e| {
        if !filter.event_ok(&e) {
            return;
        }
        texts.push((e.document_id, rows.len()));
        let gid = clusters.global_id(&e);
        let mention_time = timestamp(&e.ingested_at);
        let source = e.outlet.clone().unwrap_or_default();
        rows.push(vec![
            gid.to_string(),
            added.get(&gid).cloned().unwrap_or_else(|| mention_time.clone()),
            mention_time,
            "1".into(), // MentionType 1 = WEB
            clean(&source),
            clean(e.url.as_deref().unwrap_or(&e.path)),
            (e.sentence_index + 1).to_string(),
            e.actor1.as_ref().map(|a| a.span.start.to_string()).unwrap_or_else(|| "-1".into()),
            e.actor2.as_ref().map(|a| a.span.start.to_string()).unwrap_or_else(|| "-1".into()),
            e.verb.start.to_string(),
            "1".into(), // InRawText: coded from the text as published
            e.confidence
                .map(|c| ((c * 100.0).round().clamp(0.0, 100.0) as i64).to_string())
                .unwrap_or_else(|| "100".into()),
            String::new(), // MentionDocLen, filled below
            String::new(), // MentionDocTone: no tone
            String::new(), // MentionDocTranslationInfo: untranslated
            String::new(), // Extras
        ]);
    })?;
    // Byte offsets -> character offsets, one document text at a time.
    for (doc_id, i) in texts {
        if doc.as_ref().is_none_or(|d| d.0 != doc_id) {
            let text = store.document_text(doc_id)?.unwrap_or_default();
            let len = text.chars().count();
            doc = Some((doc_id, text, len));
        }
        if let (Some((_, text, len)), Some(r)) = (&doc, rows.get_mut(i)) {
            for k in [7, 8, 9] {
                if let Ok(b) = r[k].parse::<usize>() {
                    r[k] = char_offset(text, b).to_string();
                }
            }
            r[12] = len.to_string();
        }
    }
    for r in &rows {
        if err.is_none() {
            match write_line(out, r) {
                Ok(()) => n += 1,
                Err(x) => err = Some(x),
            }
        }
    }
    match err {
        Some(e) => Err(e),
        None => Ok(n),
    }
}

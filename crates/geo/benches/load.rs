//! Gazetteer load time (must stay <= 0.3 s) and toponym throughput.
use std::time::Instant;

use criterion::{criterion_group, criterion_main, Criterion};
use tidings_geo::{locate, toponyms, DocContext, Gazetteer};

const DOC: &str = include_str!("../tests/fixtures/summit.txt");

fn bench(c: &mut Criterion) {
    let t = Instant::now();
    let g = Gazetteer::build();
    println!("one-shot gazetteer load: {:.1} ms ({} entries)", t.elapsed().as_secs_f64() * 1e3, g.len());
    drop(g);
    let mut grp = c.benchmark_group("gazetteer");
    grp.sample_size(10);
    grp.bench_function("load", |b| b.iter(Gazetteer::build));
    grp.finish();

    let gaz = Gazetteer::embedded();
    let sents = tidings_text::analyze(DOC);
    c.bench_function("doc_context+toponyms+locate (5 sentences)", |b| {
        b.iter(|| {
            let ctx = DocContext::new(gaz, DOC, &sents);
            let mut n = 0;
            for s in &sents {
                n += toponyms(gaz, &ctx, DOC, s).len();
                n += locate(gaz, &ctx, DOC, s).is_some() as usize;
            }
            n
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);

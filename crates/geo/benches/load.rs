//! Gazetteer load time (must stay <= 0.3 s) and toponym throughput.
use std::time::Instant;

use criterion::{criterion_group, criterion_main, Criterion};
use tidings_geo::{actor_location, locate, toponyms, DocContext, Gazetteer};

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
    // What the pipeline does per coded sentence: the action location, then an
    // actor location per mention (here every capitalized token and its neighbour).
    let actors: Vec<Vec<tidings_model::Span>> = sents
        .iter()
        .map(|s| {
            s.tokens
                .windows(2)
                .filter(|w| DOC[w[0].span.range()].starts_with(char::is_uppercase))
                .map(|w| w[0].span.cover(w[1].span))
                .collect()
        })
        .collect();
    c.bench_function("doc_context+sentence places (locate, actor_location)", |b| {
        b.iter(|| {
            let ctx = DocContext::new(gaz, DOC, &sents);
            let mut n = 0;
            for (s, spans) in sents.iter().zip(&actors) {
                let places = ctx.sentence(gaz, DOC, s);
                n += places.locate().is_some() as usize;
                n += spans.iter().filter(|&&a| places.actor_location(a).is_some()).count();
            }
            n
        })
    });
    c.bench_function("actor_location, free function (per mention)", |b| {
        let ctx = DocContext::new(gaz, DOC, &sents);
        b.iter(|| {
            let mut n = 0;
            for (s, spans) in sents.iter().zip(&actors) {
                n += spans.iter().filter(|&&a| actor_location(gaz, &ctx, DOC, s, a).is_some()).count();
            }
            n
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);

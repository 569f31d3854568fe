//! Sentence date resolution throughput.
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use tidings_model::Date;
use tidings_when::{resolve_sentence, ResolvedDate};

const DOC: &str = include_str!("../tests/fixtures/week.txt");

fn bench(c: &mut Criterion) {
    let sents = tidings_text::analyze(DOC);
    let anchor = ResolvedDate::publication(Date { year: 2023, month: 9, day: 13 });
    let mut g = c.benchmark_group("when");
    g.throughput(Throughput::Elements(sents.len() as u64));
    g.bench_function("resolve_sentence (fixture, per sentence)", |b| {
        b.iter(|| sents.iter().filter_map(|s| resolve_sentence(DOC, s, Some(anchor.clone()))).count())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

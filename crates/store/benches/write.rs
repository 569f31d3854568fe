use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use tidings_model::{Article, SourceFormat, Span};
use tidings_store::{content_hash, Store};

fn bench(c: &mut Criterion) {
    let text = "The ministers met in Geneva on Monday. They agreed to continue the talks. ".repeat(20);
    let spans: Vec<Span> = (0..40).map(|i| Span::new(i * 37, i * 37 + 36)).collect();
    let mut g = c.benchmark_group("store");
    g.throughput(Throughput::Elements(500));
    g.bench_function("500_documents_40_sentences_each", |b| {
        b.iter(|| {
            let dir = tempfile::tempdir().expect("tempdir");
            let mut s = Store::open(&dir.path().join("b.db")).expect("open");
            let mut batch = s.batch().expect("batch");
            for i in 0..500 {
                let a = Article {
                    doc: format!("d{i}"),
                    path: format!("d{i}.txt"),
                    format: SourceFormat::Text,
                    url: None,
                    outlet: None,
                    title: None,
                    byline: None,
                    date: None,
                    date_raw: None,
                    text: format!("{i} {text}"),
                };
                let id = batch.add_article(&a, &content_hash(&a.text)).expect("add").id();
                batch.add_sentences(id, &spans).expect("sentences");
            }
            batch.commit().expect("commit");
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

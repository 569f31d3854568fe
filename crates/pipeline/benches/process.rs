//! End-to-end processing of one article (sentences -> analysis -> coding), and
//! the full run into a store, on synthetic articles.
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use tidings_model::{Article, SourceFormat};
use tidings_pipeline::coding::{load_dictionaries, DictSpec, EventCoder};
use tidings_pipeline::synth::{article, Rng};

fn articles(n: usize) -> Vec<Article> {
    let mut rng = Rng::new(42);
    (0..n)
        .map(|i| {
            let (title, text) = article(&mut rng, 20);
            Article {
                doc: format!("a{i}"),
                path: format!("a{i}.txt"),
                format: SourceFormat::Text,
                url: None,
                outlet: None,
                title: Some(title),
                byline: None,
                date: tidings_model::Date::new(2024, 5, 1),
                date_raw: None,
                text,
            }
        })
        .collect()
}

fn shared() -> std::path::PathBuf {
    std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/ref/petrarch2")).to_path_buf()
}

fn bench(c: &mut Criterion) {
    let docs = articles(200);
    let bytes: usize = docs.iter().map(|a| a.text.len()).sum();
    let sentences: usize = docs.iter().map(|a| tidings_text::split_sentences(&a.text).len()).sum();
    let mut g = c.benchmark_group("pipeline");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("sentences_only", |b| {
        b.iter(|| docs.iter().map(|a| tidings_pipeline::process(a, None).0.len()).sum::<usize>())
    });
    g.throughput(Throughput::Elements(sentences as u64));
    let spec = if shared().join("PETR_config.ini").exists() {
        DictSpec::Path(shared().join("PETR_config.ini"))
    } else {
        DictSpec::Defaults
    };
    match load_dictionaries(&spec) {
        Ok((dict, _)) => {
            let ec = EventCoder::new(dict);
            g.bench_function("sentences_analysis_coding", |b| {
                b.iter(|| docs.iter().map(|a| tidings_pipeline::process(a, Some(&ec)).1.len()).sum::<usize>())
            });
        }
        Err(e) => eprintln!("skipping coding bench: {e}"),
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! Throughput of the analyzer on generated news-like sentences.
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use tidings_model::Span;
use tidings_syntax::{tokenize, Analyzer};

/// Deterministic generator of news-like sentences from small word pools.
fn sentences(n: usize) -> Vec<String> {
    let actors = [
        "Gondor",
        "the Arnor government",
        "rebel forces",
        "South Korea and the U.S.",
        "Kremlin spokesperson Dmitry Peskov",
        "police in the capital",
        "the United Nations",
        "Israeli troops",
    ];
    let verbs = [
        "attacked",
        "condemned",
        "met with",
        "pledged aid to",
        "has accused",
        "will visit",
        "was attacked by",
        "did not criticize",
        "signed an accord with",
        "threatened",
    ];
    let targets = [
        "the village",
        "Mordor",
        "opposition leaders",
        "the European Union",
        "protesters near the border",
        "its neighbour",
    ];
    let tails = [
        "",
        " on Monday",
        ", officials said",
        " after talks in Geneva",
        ", killing five people",
        " because of the dispute over water rights",
    ];
    let mut out = Vec::with_capacity(n);
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut pick = |len: usize| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % len as u64) as usize
    };
    for i in 0..n {
        let s = if i % 3 == 0 {
            format!(
                "{} said that {} {} {}{}.",
                actors[pick(actors.len())],
                actors[pick(actors.len())],
                verbs[pick(verbs.len())],
                targets[pick(targets.len())],
                tails[pick(tails.len())]
            )
        } else {
            format!(
                "{} {} {}{}.",
                actors[pick(actors.len())],
                verbs[pick(verbs.len())],
                targets[pick(targets.len())],
                tails[pick(tails.len())]
            )
        };
        out.push(s);
    }
    out
}

fn bench(c: &mut Criterion) {
    let an = Analyzer::new();
    let sents = sentences(1000);
    let toks: Vec<Vec<(String, Span)>> = sents.iter().map(|s| tokenize(s, 0)).collect();
    let ntok: usize = toks.iter().map(Vec::len).sum();
    println!(
        "corpus: {} sentences, {} tokens ({:.1} tokens/sentence)",
        sents.len(),
        ntok,
        ntok as f64 / sents.len() as f64
    );
    let mut g = c.benchmark_group("syntax");
    g.throughput(Throughput::Elements(sents.len() as u64));
    g.bench_function("tag_1000_sentences", |b| {
        b.iter(|| {
            for t in &toks {
                let words: Vec<&str> = t.iter().map(|(w, _)| w.as_str()).collect();
                std::hint::black_box(an.tag(&words));
            }
        })
    });
    g.bench_function("analyze_1000_sentences", |b| {
        b.iter(|| {
            for t in &toks {
                let input: Vec<(&str, Span)> = t.iter().map(|(w, s)| (w.as_str(), *s)).collect();
                std::hint::black_box(an.analyze(&input));
            }
        })
    });
    g.bench_function("tokenize_and_analyze_1000_sentences", |b| {
        b.iter_batched(
            || (),
            |_| {
                for s in &sents {
                    std::hint::black_box(an.analyze_text(s, 0));
                }
            },
            BatchSize::SmallInput,
        )
    });
    g.finish();
    c.bench_function("analyzer_new", |b| b.iter(Analyzer::new));
}

criterion_group!(benches, bench);
criterion_main!(benches);

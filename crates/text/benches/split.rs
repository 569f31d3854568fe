use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn corpus() -> String {
    let parts = [
        "Russia's president met the North Korean leader on Wednesday at a space centre.",
        "The U.S. State Department said it was \"deeply concerned\" about the talks.",
        "Gen. Smith told reporters in Washington that Jan. 5 was the deadline.",
        "“We will win,” he said. Officials didn't comment.",
        "MOSCOW, Sept. 13 (Reuters) - Russia said it would respond.",
    ];
    let mut s = String::new();
    for i in 0..4000 {
        s.push_str(parts[i % parts.len()]);
        s.push(if i % 6 == 5 { '\n' } else { ' ' });
    }
    s
}

fn bench(c: &mut Criterion) {
    let text = corpus();
    let mut g = c.benchmark_group("text");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("split_sentences", |b| b.iter(|| tidings_text::split_sentences(&text).len()));
    g.bench_function("split_and_tokenize", |b| b.iter(|| tidings_text::analyze(&text).len()));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

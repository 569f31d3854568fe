use criterion::{black_box, criterion_group, criterion_main, Criterion};
use tidings_cameo::defaults::DictSet;
use tidings_cameo::{check, convert, goldstein, lookup, plover};

fn bench(c: &mut Criterion) {
    c.bench_function("lookup 6 codes", |b| {
        b.iter(|| {
            for code in ["04", "042", "0211", "1383", "190", "2042"] {
                black_box(lookup(black_box(code)));
            }
        })
    });
    c.bench_function("goldstein+plover parent fallback", |b| {
        b.iter(|| {
            black_box(goldstein(black_box("0429")));
            black_box(plover(black_box("1999")));
        })
    });
    c.bench_function("parse embedded dictionaries", |b| b.iter(|| black_box(DictSet::embedded())));
    let set = DictSet::embedded().unwrap_or_default();
    c.bench_function("generate PETRARCH actors+agents+verbs", |b| {
        b.iter(|| {
            black_box(set.actors_petrarch());
            black_box(set.agents_petrarch());
            black_box(set.verbs_petrarch());
        })
    });
    let verbs = set.verbs_petrarch();
    c.bench_function("check PETRARCH verbs syntax", |b| b.iter(|| black_box(check::check_verbs(&verbs))));
    c.bench_function("convert PETRARCH verbs to tidings", |b| {
        b.iter(|| black_box(convert::petrarch_verbs_to_tidings(&verbs)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);

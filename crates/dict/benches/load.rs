//! Dictionary load time: the PETR validation set and the production set
//! (CAMEO.2.0.txt + Phoenix actor/agent files). Skips without ../shared.

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion};
use tidings_dict::{DictFiles, Dictionaries};

fn shared() -> Option<PathBuf> {
    let p = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/ref/petrarch2"));
    p.is_dir().then(|| p.to_path_buf())
}

fn bench(c: &mut Criterion) {
    let Some(dir) = shared() else {
        eprintln!("skipping dictionary load benchmark: ../shared/ref/petrarch2 not present");
        return;
    };
    let production = DictFiles {
        verbs: dir.join("CAMEO.2.0.txt"),
        actors: vec![
            dir.join("Phoenix.Countries.actors.txt"),
            dir.join("Phoenix.International.actors.txt"),
            dir.join("Phoenix.MilNonState.actors.txt"),
        ],
        agents: Some(dir.join("Phoenix.agents.txt")),
        discards: None,
        issues: None,
        ontology: None,
    };
    let validate = DictFiles {
        verbs: dir.join("PETR.Validate.verbs.txt"),
        actors: vec![dir.join("PETR.Validate.actors.txt")],
        agents: Some(dir.join("PETR.Validate.agents.txt")),
        discards: Some(dir.join("PETR.Validate.discards.txt")),
        issues: None,
        ontology: None,
    };
    let mut g = c.benchmark_group("dict_load");
    g.sample_size(20);
    g.bench_function("production_cameo2_phoenix", |b| {
        b.iter(|| Dictionaries::load(&production).map(|(d, _)| d.actors.entries.len()).unwrap_or(0))
    });
    g.bench_function("petr_validate", |b| {
        b.iter(|| Dictionaries::load(&validate).map(|(d, _)| d.actors.entries.len()).unwrap_or(0))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! Crash safety: `tidings run` is killed with SIGKILL at pseudo-random points
//! (fixed seeds) over a generated corpus, re-run each time, and finally run to
//! completion. The store must then hold exactly what one uninterrupted run
//! stores: every article once (no loss, no duplicate documents, sightings or
//! events) and pass `PRAGMA integrity_check`.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;
use tidings_pipeline::synth::{text_file, Rng};

const ARTICLES: usize = 300;
const KILLS_PER_SEED: usize = 5;
const SEEDS: [u64; 3] = [11, 23, 42];

fn write_corpus(dir: &Path) {
    let mut rng = Rng::new(7);
    for i in 0..ARTICLES {
        let sub = dir.join(format!("{:02}", i / 100));
        std::fs::create_dir_all(&sub).unwrap();
        let n = 6 + rng.below(14);
        // A closing line with the index keeps every text distinct.
        let text = format!("{}Dispatch {i} ends here.\n", text_file(&mut rng, n, i as u32));
        std::fs::write(sub.join(format!("a{i:04}.txt")), text).unwrap();
    }
}

fn run_cmd(corpus: &Path, db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_tidings"));
    c.arg("run").arg(corpus).arg("--db").arg(db).args(["--batch-size", "16", "--threads", "2", "--quiet"]);
    c.stdout(Stdio::null()).stderr(Stdio::piped());
    c
}

#[derive(Debug, PartialEq, Eq)]
struct Snapshot {
    documents: i64,
    distinct_hashes: i64,
    distinct_paths: i64,
    sightings: i64,
    sentences: i64,
    events: i64,
    /// (path, sentences, events) per document, sorted by path.
    per_doc: Vec<(String, i64, i64)>,
    diagnostics: i64,
}

fn snapshot(db: &Path) -> Snapshot {
    let store = tidings_store::Store::open(db).unwrap();
    assert_eq!(store.integrity_check().unwrap(), "ok", "{}", db.display());
    let c = store.connection();
    let one = |sql: &str| c.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    let mut st = c
        .prepare(
            "SELECT d.path, (SELECT COUNT(*) FROM sentences s WHERE s.document_id = d.id),
                    (SELECT COUNT(*) FROM events e WHERE e.document_id = d.id)
             FROM documents d ORDER BY d.path",
        )
        .unwrap();
    let per_doc =
        st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?))).unwrap().map(Result::unwrap).collect();
    Snapshot {
        documents: one("SELECT COUNT(*) FROM documents"),
        distinct_hashes: one("SELECT COUNT(DISTINCT content_hash) FROM documents"),
        distinct_paths: one("SELECT COUNT(DISTINCT path) FROM documents"),
        sightings: one("SELECT COUNT(*) FROM sightings"),
        sentences: one("SELECT COUNT(*) FROM sentences"),
        events: one("SELECT COUNT(*) FROM events"),
        per_doc,
        diagnostics: one("SELECT COUNT(*) FROM diagnostics"),
    }
}

#[test]
fn killed_runs_lose_and_duplicate_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    write_corpus(&corpus);

    // Reference: one uninterrupted run; its duration scales the kill points.
    let ref_db = tmp.path().join("ref.db");
    let t = Instant::now();
    let out = run_cmd(&corpus, &ref_db).output().unwrap();
    let full = t.elapsed();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let reference = snapshot(&ref_db);
    assert_eq!(reference.documents, ARTICLES as i64, "every article stored once");
    assert_eq!(reference.distinct_hashes, reference.documents);
    assert_eq!(reference.distinct_paths, reference.documents);
    assert_eq!(reference.sightings, reference.documents, "one sighting per input path");
    assert!(reference.events > 0 && reference.sentences > reference.documents);
    eprintln!(
        "uninterrupted run: {:.2}s, {} documents, {} sentences, {} events",
        full.as_secs_f64(),
        reference.documents,
        reference.sentences,
        reference.events
    );

    for seed in SEEDS {
        let db = tmp.path().join(format!("killed-{seed}.db"));
        let mut rng = Rng::new(seed);
        let mut killed_mid_run = 0;
        let mut remaining = 1.0f64;
        for k in 0..KILLS_PER_SEED {
            // Kill points spread over the whole (re-)run: startup, batches, commits, story
            // pass. A re-run skips what is stored, so it is shorter in proportion.
            let frac = (rng.below(1000) as f64 + 1.0) / 1000.0;
            let delay = full.mul_f64(frac * (0.1 + 0.9 * remaining));
            let mut child = run_cmd(&corpus, &db).spawn().unwrap();
            std::thread::sleep(delay);
            let finished = child.try_wait().unwrap().is_some();
            child.kill().ok(); // SIGKILL
            let status = child.wait().unwrap();
            if !finished {
                killed_mid_run += 1;
                assert_eq!(std::os::unix::process::ExitStatusExt::signal(&status), Some(9), "seed {seed} kill {k}");
            }
            if db.exists() {
                let s = tidings_store::Store::open(&db).unwrap();
                assert_eq!(s.integrity_check().unwrap(), "ok", "seed {seed} after kill {k} at {delay:?}");
                drop(s);
                let partial = snapshot(&db);
                assert!(partial.documents <= reference.documents);
                assert_eq!(partial.distinct_hashes, partial.documents, "seed {seed} kill {k}: duplicated text");
                remaining = 1.0 - partial.documents as f64 / reference.documents as f64;
            }
        }
        assert!(killed_mid_run > 0, "seed {seed}: no kill landed inside a run");
        // Finish: re-run to completion (twice: the second must change nothing).
        for pass in 0..2 {
            let out = run_cmd(&corpus, &db).output().unwrap();
            assert_eq!(out.status.code(), Some(0), "seed {seed} pass {pass}: {}", String::from_utf8_lossy(&out.stderr));
            let got = snapshot(&db);
            assert_eq!(got, reference, "seed {seed} pass {pass}: store differs from an uninterrupted run");
        }
        eprintln!("seed {seed}: {killed_mid_run} kills mid-run, final store identical to the reference");
    }
}

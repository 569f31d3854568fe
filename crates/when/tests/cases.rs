//! The relative-date test set: `tests/data/relative_dates.tsv` (our own sentences,
//! with expectations computed by `gen_relative_dates.py` from the stated rules).
//! Accuracy must stay >= 95%.

use tidings_model::Date;
use tidings_when::{resolve_sentence, DateSource, Precision, ResolvedDate};

#[test]
fn relative_date_accuracy() {
    check(include_str!("data/relative_dates.tsv"), 150);
}

#[test]
fn handwritten_date_accuracy() {
    check(include_str!("data/handwritten_dates.tsv"), 20);
}

fn check(data: &str, min_cases: usize) {
    let mut total = 0;
    let mut ok = 0;
    let mut failures = Vec::new();
    for (n, line) in data.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.splitn(4, '\t').collect();
        assert_eq!(f.len(), 4, "line {}: bad row", n + 1);
        let anchor = Date::parse_iso(f[0]).expect("anchor");
        let sentence = f[3];
        let sents = tidings_text::analyze(sentence);
        assert!(!sents.is_empty(), "line {}: no sentence", n + 1);
        let got = resolve_sentence(sentence, &sents[0], Some(ResolvedDate::publication(anchor)));
        total += 1;
        let good = match (f[1], got.as_ref()) {
            ("-", Some(r)) => r.source == DateSource::Publication && r.date == anchor,
            (exp, Some(r)) => {
                let prec = match f[2] {
                    "day" => Precision::Day,
                    "week" => Precision::Week,
                    "month" => Precision::Month,
                    _ => Precision::Year,
                };
                r.source == DateSource::Sentence && r.date.to_string() == exp && r.precision == prec
            }
            (_, None) => false,
        };
        if good {
            ok += 1;
        } else {
            failures.push(format!(
                "line {}: {} | expected {} {} | got {:?}",
                n + 1,
                sentence,
                f[1],
                f[2],
                got.map(|r| (r.date.to_string(), r.precision, r.phrase))
            ));
        }
    }
    let acc = ok as f64 / total as f64;
    println!("relative dates: {ok}/{total} = {:.1}%", acc * 100.0);
    for f in &failures {
        println!("  MISS {f}");
    }
    assert!(total >= min_cases, "need >= {min_cases} cases, have {total}");
    assert!(acc >= 0.95, "accuracy {:.1}% < 95%", acc * 100.0);
}

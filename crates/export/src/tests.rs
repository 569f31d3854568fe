use super::*;
use proptest::prelude::*;
use std::path::PathBuf;

fn run_export(store: &Store, what: What, format: Format, filter: &Filter) -> Vec<u8> {
    let mut out = Vec::new();
    export(store, what, format, filter, &mut out).unwrap();
    out
}

fn text(b: Vec<u8>) -> String {
    String::from_utf8(b).unwrap()
}

fn stories_store() -> Store {
    fixture::summit_store(None, true).unwrap()
}

#[test]
fn articles_jsonl_has_the_public_fields_and_sentences_csv_is_stable() {
    // Moved from the pipeline: ingest through the real pipeline, export here.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("story.txt"), b"Leaders meet\n\nSeptember 13, 2023\n\nThey met. They talked.\n")
        .unwrap();
    let mut store = Store::open_in_memory().unwrap();
    let opts = tidings_pipeline::RunOptions { batch_size: 2, ..Default::default() };
    tidings_pipeline::run(&mut store, &[dir.path().to_path_buf()], None, &opts, &mut |_| {}).unwrap();
    let out = run_export(&store, What::Articles, Format::Jsonl, &Filter::default());
    let line: serde_json::Value = serde_json::from_slice(out.split(|&b| b == b'\n').next().unwrap()).unwrap();
    for key in ["doc", "path", "title", "date", "outlet", "url", "story_id", "resolved_date"] {
        assert!(line.get(key).is_some(), "missing {key}");
    }
    assert_eq!(line["doc"], "story");
    assert_eq!(line["title"], "Leaders meet");
    assert_eq!(line["date"], "2023-09-13");
    let csv_text = text(run_export(&store, What::Sentences, Format::Csv, &Filter::default()));
    insta::assert_snapshot!(csv_text);
}

#[test]
fn events_jsonl_carries_clusters_mentions_location_and_dates() {
    let store = stories_store();
    let out = text(run_export(&store, What::Events, Format::Jsonl, &Filter::default()));
    let rows: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(rows.len(), 5);
    let meet = &rows[0];
    assert_eq!(meet["code"], "040");
    assert_eq!(meet["root"], "04");
    assert_eq!(meet["story_id"], 1);
    assert_eq!(meet["num_mentions"], 2);
    assert_eq!(meet["mentions"].as_array().unwrap().len(), 2);
    assert_eq!(meet["location"]["name"], "Geneva");
    assert_eq!(meet["date_precision"], "day");
    assert_eq!(meet["evidence"]["text"], "The French president met the German chancellor in Geneva on Monday.");
    let storm = rows.iter().find(|r| r["code"] == "173").unwrap();
    assert_eq!(storm["story_id"], serde_json::Value::Null, "unassigned story stays null");
    assert_eq!(storm["num_mentions"], 1);
    assert_eq!(storm["mentions"][0]["doc"], "storm-c");
    assert_eq!(storm["location"], serde_json::Value::Null);
    insta::assert_snapshot!(out);
}

#[test]
fn events_without_story_data_are_null_safe() {
    let store = fixture::summit_store(None, false).unwrap();
    let out = text(run_export(&store, What::Events, Format::Jsonl, &Filter::default()));
    for l in out.lines() {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        assert_eq!(v["cluster_id"], serde_json::Value::Null);
        assert_eq!(v["story_id"], serde_json::Value::Null);
        assert_eq!((v["num_mentions"].as_u64(), v["mentions"].as_array().map(Vec::len)), (Some(1), Some(1)));
    }
    let g = text(run_export(&store, What::Events, Format::Gdelt, &Filter::default()));
    assert_eq!(g.lines().count(), 5, "every unclustered event is its own GDELT event");
    let s = text(run_export(&store, What::Stories, Format::Csv, &Filter::default()));
    assert_eq!(s.lines().count(), 1, "header only: {s}");
}

fn gdelt_rows(s: &str) -> Vec<Vec<&str>> {
    s.lines().map(|l| l.split('\t').collect()).collect()
}

#[test]
fn gdelt_events_have_61_fields_in_gdelt_order() {
    let store = stories_store();
    let out = text(run_export(&store, What::Events, Format::Gdelt, &Filter::default()));
    let rows = gdelt_rows(&out);
    assert_eq!(rows.len(), 3, "two summit clusters + the storm event:\n{out}");
    let col = |name: &str| gdelt::EVENT_COLUMNS.iter().position(|c| *c == name).unwrap();
    for r in &rows {
        assert_eq!(r.len(), 61, "{r:?}");
        assert_eq!(r[col("Day")].len(), 8);
        assert_eq!(r[col("DATEADDED")].len(), 14, "{r:?}");
        assert!(r[col("SOURCEURL")].starts_with("https://example.org/"));
    }
    let meet = &rows[0];
    assert_eq!(meet[col("Day")], "20240311");
    assert_eq!(meet[col("MonthYear")], "202403");
    assert_eq!(meet[col("FractionDate")], "2024.2767");
    assert_eq!(meet[col("Actor1Code")], "FRAGOV");
    assert_eq!(meet[col("Actor1Name")], "FRENCH PRESIDENT");
    assert_eq!(meet[col("Actor1CountryCode")], "FRA");
    assert_eq!(meet[col("Actor1Type1Code")], "GOV");
    assert_eq!(meet[col("Actor2CountryCode")], "DEU");
    assert_eq!((meet[col("EventCode")], meet[col("EventBaseCode")], meet[col("EventRootCode")]), ("040", "040", "04"));
    assert_eq!(meet[col("QuadClass")], "1");
    assert_eq!(meet[col("GoldsteinScale")], "1.0");
    assert_eq!((meet[col("NumMentions")], meet[col("NumSources")], meet[col("NumArticles")]), ("2", "2", "2"));
    assert_eq!(meet[col("ActionGeo_Type")], "4");
    assert_eq!(meet[col("ActionGeo_CountryCode")], "SZ");
    assert_eq!(meet[col("ActionGeo_ADM1Code")], "SZ07");
    assert_eq!(meet[col("ActionGeo_Lat")], "46.2022");
    assert_eq!(meet[col("ActionGeo_FeatureID")], "2660646");
    // The French president's location comes from the adjective: a country (type 1), FIPS code.
    assert_eq!(meet[col("Actor1Geo_Type")], "1");
    assert_eq!(meet[col("Actor1Geo_FullName")], "France");
    assert_eq!(meet[col("Actor1Geo_CountryCode")], "FR");
    assert_eq!(meet[col("Actor2Geo_Type")], "0", "no place in \"German chancellor\" in the fixture");
    let redacted: String = rows
        .iter()
        .map(|r| {
            let mut r = r.clone();
            r[59] = "<DATEADDED>";
            r.join("\t") + "\n"
        })
        .collect();
    insta::assert_snapshot!(redacted);
}

#[test]
fn gdelt_mentions_have_16_fields_and_point_at_events() {
    let store = stories_store();
    let events = text(run_export(&store, What::Events, Format::Gdelt, &Filter::default()));
    let ids: Vec<String> = gdelt_rows(&events).iter().map(|r| r[0].to_string()).collect();
    let out = text(run_export(&store, What::Mentions, Format::Gdelt, &Filter::default()));
    let rows = gdelt_rows(&out);
    assert_eq!(rows.len(), 5);
    for r in &rows {
        assert_eq!(r.len(), 16, "{r:?}");
        assert!(ids.contains(&r[0].to_string()), "mention of unknown event {}", r[0]);
        assert_eq!(r[3], "1");
        let off: i64 = r[9].parse().unwrap();
        let len: i64 = r[12].parse().unwrap();
        assert!(off >= 0 && off < len);
    }
    assert_eq!(rows.iter().filter(|r| r[0] == ids[0]).count(), 2, "both reports mention the meeting");
    assert_eq!(rows[0][4], "Daily Ledger");
    assert_eq!(rows[0][6], "2", "SentenceID is 1-based");
    assert_eq!(rows[0][11], "90", "confidence 0.9 -> 90");
}

#[test]
fn gdelt_offsets_count_characters_not_bytes() {
    assert_eq!(
        gdelt::split_actor("IGOUNO", &|c| c == "USA"),
        gdelt::ActorParts {
            known_group: "UNO".into(),
            types: ["IGO".into(), String::new(), String::new()],
            ..Default::default()
        }
    );
    let p = gdelt::split_actor("SYRREBMOS", &|c| c == "SYR");
    assert_eq!((p.country.as_str(), p.types[0].as_str(), p.religion[0].as_str()), ("SYR", "REB", "MOS"));
    assert_eq!(gdelt::timestamp("2024-03-11 10:20:30"), "20240311102030");
}

#[test]
fn gdelt_rejects_tables_it_does_not_have() {
    let store = stories_store();
    let mut out = Vec::new();
    let e = export(&store, What::Articles, Format::Gdelt, &Filter::default(), &mut out).unwrap_err();
    assert!(e.to_string().contains("GDELT has Event and Mentions tables only"), "{e}");
}

#[test]
fn csv_has_a_header_and_one_record_per_row() {
    let store = stories_store();
    for what in [What::Articles, What::Sentences, What::Events, What::Mentions, What::Stories] {
        let out = run_export(&store, what, Format::Csv, &Filter::default());
        let mut r = csv::Reader::from_reader(out.as_slice());
        let header: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
        let expect: Vec<&str> = columns(what).iter().map(|c| c.0).collect();
        assert_eq!(header, expect);
        let n = r.records().map(|x| assert_eq!(x.unwrap().len(), expect.len())).count();
        let jsonl = run_export(&store, what, Format::Jsonl, &Filter::default());
        assert_eq!(n, jsonl.iter().filter(|b| **b == b'\n').count(), "{}", what.name());
    }
}

#[test]
fn filters_select_events_articles_and_stories() {
    let store = stories_store();
    let count = |what, f: &Filter| text(run_export(&store, what, Format::Jsonl, f)).lines().count();
    let f = |s: Option<&str>, u: Option<&str>, a: Option<&str>, c: Option<&str>, st: Option<&str>| {
        Filter::parse(s, u, a, c, st).unwrap()
    };
    assert_eq!(count(What::Events, &f(None, None, Some("fra"), None, None)), 5);
    assert_eq!(count(What::Events, &f(None, None, Some("FRACOP"), None, None)), 1);
    assert_eq!(count(What::Events, &f(None, None, None, Some("04"), None)), 2);
    assert_eq!(count(What::Events, &f(None, None, None, None, Some("1"))), 4);
    assert_eq!(count(What::Events, &f(Some("2024-03-12"), None, None, None, None)), 0);
    assert_eq!(count(What::Events, &f(Some("20240311"), Some("2024-03-11"), None, None, None)), 5);
    assert_eq!(count(What::Articles, &f(None, None, None, Some("17"), None)), 1);
    assert_eq!(count(What::Articles, &f(None, None, None, None, Some("1"))), 2);
    assert_eq!(count(What::Mentions, &f(None, None, None, Some("057"), None)), 2);
    assert_eq!(count(What::Stories, &f(None, None, None, None, Some("2"))), 0);
    assert_eq!(count(What::Sentences, &f(None, None, None, None, Some("1"))), 8);
    for bad in [
        Filter::parse(Some("2024-13-01"), None, None, None, None),
        Filter::parse(Some("yesterday"), None, None, None, None),
        Filter::parse(Some("2024-03-12"), Some("2024-03-01"), None, None, None),
        Filter::parse(None, None, Some("US A"), None, None),
        Filter::parse(None, None, None, Some(""), None),
        Filter::parse(None, None, None, None, Some("one")),
    ] {
        assert!(matches!(bad, Err(ExportError::BadFilter { .. })), "{bad:?}");
    }
}

fn read_parquet(bytes: Vec<u8>) -> Vec<arrow_array::RecordBatch> {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("x.parquet");
    std::fs::write(&p, bytes).unwrap();
    let f = std::fs::File::open(&p).unwrap();
    parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(f)
        .unwrap()
        .build()
        .unwrap()
        .map(|b| b.unwrap())
        .collect()
}

#[test]
fn parquet_reads_back_with_typed_columns() {
    use arrow_array::cast::AsArray;
    use arrow_array::types::{Date32Type, Float64Type, Int64Type};
    let store = stories_store();
    let batches = read_parquet(run_export(&store, What::Events, Format::Parquet, &Filter::default()));
    let rows: usize = batches.iter().map(|b| b.num_rows()).sum();
    assert_eq!(rows, 5);
    let b = &batches[0];
    assert_eq!(b.schema().as_ref(), &parquet_out::schema(What::Events));
    let idx = |n: &str| b.schema().index_of(n).unwrap();
    assert_eq!(b.column(idx("code")).as_string::<i32>().value(0), "040");
    assert_eq!(b.column(idx("num_mentions")).as_primitive::<Int64Type>().value(0), 2);
    assert_eq!(b.column(idx("goldstein")).as_primitive::<Float64Type>().value(0), 1.0);
    let days = b.column(idx("date")).as_primitive::<Date32Type>().value(0);
    assert_eq!(days, parquet_out::days_from_civil("2024-03-11").unwrap());
    assert_eq!(days, 19793);
    assert!(b.column(idx("story_id")).is_null(4), "storm event has no story");
    for what in [What::Articles, What::Sentences, What::Mentions, What::Stories] {
        let n: usize = read_parquet(run_export(&store, what, Format::Parquet, &Filter::default()))
            .iter()
            .map(|b| b.num_rows())
            .sum();
        let j = text(run_export(&store, what, Format::Jsonl, &Filter::default())).lines().count();
        assert_eq!(n, j, "{}", what.name());
    }
}

/// pandas / pyarrow, when installed: the GDELT file loads with GDELT's column
/// names and the Parquet file with its schema. Skips with a message otherwise.
#[test]
fn python_tools_load_gdelt_and_parquet() {
    let probe = std::process::Command::new("python3").args(["-c", "import pandas, pyarrow"]).output();
    if !probe.as_ref().is_ok_and(|o| o.status.success()) {
        eprintln!("skipping: python3 with pandas and pyarrow not available");
        return;
    }
    let store = stories_store();
    let dir = tempfile::tempdir().unwrap();
    let g: PathBuf = dir.path().join("events.export.CSV");
    let m: PathBuf = dir.path().join("mentions.CSV");
    let p: PathBuf = dir.path().join("events.parquet");
    std::fs::write(&g, run_export(&store, What::Events, Format::Gdelt, &Filter::default())).unwrap();
    std::fs::write(&m, run_export(&store, What::Mentions, Format::Gdelt, &Filter::default())).unwrap();
    std::fs::write(&p, run_export(&store, What::Events, Format::Parquet, &Filter::default())).unwrap();
    let script = format!(
        "import pandas as pd, pyarrow.parquet as pq, sys\n\
         ev = pd.read_csv(sys.argv[1], sep='\\t', header=None, names={:?}, dtype={{'EventCode': str, 'EventBaseCode': str, 'EventRootCode': str}})\n\
         assert ev.shape == (3, 61), ev.shape\n\
         assert ev['NumMentions'].tolist() == [2, 2, 1], ev['NumMentions'].tolist()\n\
         assert ev['EventRootCode'].tolist() == ['04', '05', '17']\n\
         me = pd.read_csv(sys.argv[2], sep='\\t', header=None, names={:?})\n\
         assert me.shape == (5, 16), me.shape\n\
         assert set(me['GlobalEventID']) <= set(ev['GlobalEventID'])\n\
         t = pq.read_table(sys.argv[3])\n\
         df = t.to_pandas()\n\
         assert len(df) == 5 and str(t.schema.field('date').type) == 'date32[day]', t.schema\n\
         assert df['num_mentions'].tolist() == [2, 2, 2, 2, 1]\n\
         print('ok', ev.shape, me.shape, len(df))\n",
        gdelt::EVENT_COLUMNS.to_vec(),
        gdelt::MENTION_COLUMNS.to_vec()
    );
    let out = std::process::Command::new("python3").arg("-c").arg(script).arg(&g).arg(&m).arg(&p).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    eprintln!("pandas/pyarrow: {stdout}");
}

proptest! {
    #[test]
    fn parse_date_never_panics_and_round_trips(s in "\\PC{0,12}", y in 1000u32..3000, m in 1u32..13, d in 1u32..29) {
        let _ = parse_date("since", &s);
        let iso = format!("{y:04}-{m:02}-{d:02}");
        prop_assert_eq!(parse_date("since", &iso).unwrap(), iso.clone());
        prop_assert_eq!(parse_date("since", &iso.replace('-', "")).unwrap(), iso);
    }

    #[test]
    fn days_from_civil_counts_consecutive_days(y in 1900i32..2100, m in 1u32..13, d in 1u32..28) {
        let a = parquet_out::days_from_civil(&format!("{y:04}-{m:02}-{d:02}")).unwrap();
        let b = parquet_out::days_from_civil(&format!("{y:04}-{m:02}-{:02}", d + 1)).unwrap();
        prop_assert_eq!(b - a, 1);
        let next_year = parquet_out::days_from_civil(&format!("{:04}-{m:02}-{d:02}", y + 1)).unwrap();
        prop_assert!((365..=366).contains(&(next_year - a)));
    }

    #[test]
    fn split_actor_keeps_only_three_letter_parts(code in "[A-Z]{0,12}") {
        let p = gdelt::split_actor(&code, &|c| c == "USA" || c == "FRA");
        for part in [&p.country, &p.known_group, &p.religion[0], &p.religion[1], &p.types[0], &p.types[1], &p.types[2]] {
            prop_assert!(part.is_empty() || (part.len() == 3 && code.contains(part.as_str())));
        }
    }

    #[test]
    fn day_fields_agree_with_the_date(y in 1900u32..2100, m in 1u32..13, d in 1u32..29) {
        let (day, my, year, frac) = gdelt::day_fields(&format!("{y:04}-{m:02}-{d:02}")).unwrap();
        prop_assert_eq!(day, format!("{y:04}{m:02}{d:02}"));
        prop_assert_eq!(my, format!("{y:04}{m:02}"));
        prop_assert_eq!(year, format!("{y:04}"));
        let f: f64 = frac.parse().unwrap();
        prop_assert!(f > y as f64 && f < (y + 2) as f64);
    }
}

#[test]
fn replicated_fixture_scales_and_every_gdelt_line_has_61_fields() {
    let store = fixture::replicated_store(None, 3).unwrap();
    let c = store.counts().unwrap();
    assert_eq!((c.documents, c.events), (9, 15));
    let g = text(run_export(&store, What::Events, Format::Gdelt, &Filter::default()));
    assert_eq!(g.lines().count(), 15);
    assert!(g.lines().all(|l| l.split('\t').count() == 61));
    let m = text(run_export(&store, What::Mentions, Format::Gdelt, &Filter::default()));
    assert!(m.lines().all(|l| l.split('\t').count() == 16));
}

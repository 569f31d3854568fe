//! Print the constituency tree the coder sees for records of a validation file:
//! `cargo run -p tidings-coder --example record_tree -- RECORDS.xml ID...`.

use std::path::Path;

use tidings_coder::conllu::parse_conllu;
use tidings_coder::penn::parse_penn;
use tidings_coder::records::read_records;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((file, ids)) = args.split_first() else {
        eprintln!("usage: record_tree RECORDS.xml ID...");
        std::process::exit(2);
    };
    let records = match read_records(Path::new(file)) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    for r in records.records.iter().filter(|r| ids.contains(&r.id)) {
        let tree = match (r.parse.as_deref(), r.conllu.as_deref()) {
            (Some(p), _) => parse_penn(p),
            (None, Some(c)) => parse_conllu(c),
            _ => continue,
        };
        match tree {
            Ok(t) => println!("{}\n{}\n", r.id, t.to_penn()),
            Err(e) => println!("{}: {e}\n", r.id),
        }
    }
}

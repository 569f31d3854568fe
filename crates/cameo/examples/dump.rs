//! Write the embedded default dictionaries in PETRARCH format to a directory:
//! `cargo run -p tidings-cameo --example dump -- OUTDIR [TIDINGS_DICT_DIR]`.
use std::path::PathBuf;
use std::process::ExitCode;
use tidings_cameo::defaults::DictSet;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(out) = args.next().map(PathBuf::from) else {
        eprintln!("usage: dump OUTDIR [TIDINGS_DICT_DIR]");
        return ExitCode::from(2);
    };
    let set = match args.next() {
        Some(dir) => DictSet::load_dir(std::path::Path::new(&dir)).map_err(|e| e.to_string()),
        None => DictSet::embedded().map_err(|e| e.to_string()),
    };
    let set = match set {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let files = [
        ("tidings.actors.txt", set.actors_petrarch()),
        ("tidings.agents.txt", set.agents_petrarch()),
        ("tidings.verbs.txt", set.verbs_petrarch()),
        ("tidings.discards.txt", set.discards_petrarch()),
    ];
    if let Err(e) = std::fs::create_dir_all(&out) {
        eprintln!("error: {}: {e}", out.display());
        return ExitCode::FAILURE;
    }
    for (name, text) in files {
        let path = out.join(name);
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("error: {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        println!("wrote {}", path.display());
    }
    ExitCode::SUCCESS
}

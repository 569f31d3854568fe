//! Load the dictionaries named by a PETR_config.ini and print the time taken.
//!
//! usage: cargo run --release -p tidings-dict --example load_dicts -- PETR_config.ini
//! (run under `/usr/bin/time -v` to see the peak RSS)

use std::path::Path;
use std::time::Instant;

use tidings_dict::Dictionaries;

fn main() {
    let Some(ini) = std::env::args().nth(1) else {
        eprintln!("usage: load_dicts PETR_config.ini");
        std::process::exit(2);
    };
    let t = Instant::now();
    match Dictionaries::from_petrarch_config(Path::new(&ini)) {
        Ok((d, diags)) => {
            let el = t.elapsed();
            for x in diags.iter().take(10) {
                eprintln!("diagnostic: {x}");
            }
            println!(
                "loaded in {:.1} ms: {} verb families, {} verb forms, {} synsets, {} actor records ({} phrases), {} agents ({} phrases), {} discards, {} issue phrases; {} diagnostics",
                el.as_secs_f64() * 1e3,
                d.verbs.families.len(),
                d.verbs.forms.len(),
                d.verbs.synsets.len(),
                d.actors.entries.len(),
                d.actors.index.len(),
                d.agents.entries.len(),
                d.agents.index.len(),
                d.discards.entries.len(),
                d.issues.entries.len(),
                diags.len()
            );
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}

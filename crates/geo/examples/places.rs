//! Print the toponyms and action location of every sentence of a text file.
//! `cargo run -p tidings-geo --example places -- FILE`
use tidings_geo::{locate, toponyms, DocContext, Gazetteer};

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: places FILE");
        return;
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            return;
        }
    };
    let gaz = Gazetteer::embedded();
    let sents = tidings_text::analyze(&text);
    let ctx = DocContext::new(gaz, &text, &sents);
    println!("countries: {:?}; dateline: {:?}", ctx.countries(gaz), ctx.dateline(gaz).map(|h| h.place.name));
    for s in &sents {
        let head: String = text[s.span.range()].chars().take(60).collect();
        let tops: Vec<String> = toponyms(gaz, &ctx, &text, s)
            .iter()
            .map(|h| format!("{}={}", &text[h.span.range()], h.place.name))
            .collect();
        let loc = locate(gaz, &ctx, &text, s).map(|h| {
            format!(
                "{} ({}, {}, {:.2},{:.2})",
                h.place.name,
                h.place.country,
                h.place.kind.as_str(),
                h.place.lat,
                h.place.lon
            )
        });
        println!("{head}\n    -> {:?} {:?}", loc, tops);
    }
}

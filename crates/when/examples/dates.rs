//! Print the event date of every sentence of a text file.
//! `cargo run -p tidings-when --example dates -- FILE [ANCHOR-YYYY-MM-DD]`
fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: dates FILE [YYYY-MM-DD]");
        return;
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            return;
        }
    };
    let anchor =
        args.next().and_then(|a| tidings_model::Date::parse_iso(&a)).map(tidings_when::ResolvedDate::publication);
    for s in tidings_text::analyze(&text) {
        let r = tidings_when::resolve_sentence(&text, &s, anchor.clone());
        let head: String = text[s.span.range()].chars().take(70).collect();
        match r {
            Some(r) => {
                println!("{} {:?} {:?} {:?} | {head}", r.date, r.precision, r.source, r.phrase.unwrap_or_default())
            }
            None => println!("- | {head}"),
        }
    }
}

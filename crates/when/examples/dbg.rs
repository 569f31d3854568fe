fn main() {
    let s = std::env::args().nth(1).unwrap_or_default();
    let a = tidings_model::Date::parse_iso(&std::env::args().nth(2).unwrap_or_default());
    for sent in tidings_text::analyze(&s) {
        let toks: Vec<&str> = sent.tokens.iter().map(|t| &s[t.span.range()]).collect();
        println!("{toks:?}");
        println!("{:?}", tidings_when::resolve_sentence(&s, &sent, a.map(tidings_when::ResolvedDate::publication)));
    }
}

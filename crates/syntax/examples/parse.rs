//! Print the shallow parse of each line of standard input.
//! With `--tokens`, lines are already tokenized (split on whitespace).
use std::io::BufRead;
use tidings_model::Span;
use tidings_syntax::Analyzer;

fn main() {
    let pretok = std::env::args().any(|a| a == "--tokens");
    let a = Analyzer::new();
    for line in std::io::stdin().lock().lines().map_while(Result::ok) {
        let tree = if pretok {
            let mut toks = Vec::new();
            let mut off = 0;
            for w in line.split(' ').filter(|w| !w.is_empty()) {
                toks.push((w, Span::new(off, off + w.len())));
                off += w.len() + 1;
            }
            a.analyze(&toks)
        } else {
            a.analyze_text(&line, 0)
        };
        println!("{}", tree.to_penn());
    }
}

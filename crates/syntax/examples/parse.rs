//! Print the shallow parse of each line of standard input.
use std::io::BufRead;
use tidings_syntax::Analyzer;

fn main() {
    let a = Analyzer::new();
    for line in std::io::stdin().lock().lines().map_while(Result::ok) {
        println!("{}", a.analyze_text(&line, 0).to_penn());
    }
}

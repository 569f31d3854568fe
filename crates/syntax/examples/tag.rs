//! Tag whitespace-separated tokens on each line of standard input.
use std::io::BufRead;
use tidings_syntax::Analyzer;

fn main() {
    let a = Analyzer::new();
    for line in std::io::stdin().lock().lines().map_while(Result::ok) {
        let toks: Vec<&str> = line.split_whitespace().collect();
        let tags = a.tag(&toks);
        let out: Vec<String> = toks.iter().zip(tags).map(|(w, t)| format!("{w}/{t}")).collect();
        println!("{}", out.join(" "));
    }
}

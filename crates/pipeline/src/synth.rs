//! A deterministic generator of realistic-looking news articles, for
//! benchmarks and scale tests (no data files, no randomness source but a seed).

/// Small xorshift PRNG: deterministic across platforms.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    pub fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

const ACTORS: &[&str] = &[
    "Russian President Vladimir Putin",
    "Chinese President Xi Jinping",
    "the United States",
    "North Korea",
    "South Korean President Yoon Suk Yeol",
    "Japan",
    "the European Union",
    "NATO",
    "Iranian officials",
    "Israeli troops",
    "Ukrainian forces",
    "the Turkish government",
    "French President Emmanuel Macron",
    "German Chancellor Olaf Scholz",
    "Indian Prime Minister Narendra Modi",
    "the United Nations",
    "rebels in Sudan",
    "the Malian army",
    "Brazil",
    "police in Nairobi",
    "Saudi Arabia",
    "Pakistani officials",
    "the Egyptian foreign ministry",
    "protesters in Caracas",
];

const VERBS: &[&str] = &[
    "met",
    "accused",
    "condemned",
    "praised",
    "signed an agreement with",
    "warned",
    "threatened",
    "urged",
    "criticized",
    "attacked",
    "pledged support for",
    "imposed sanctions on",
    "held talks with",
    "rejected a proposal from",
    "called on",
    "welcomed",
    "visited",
    "expelled diplomats from",
    "fired missiles at",
    "thanked",
];

const TAILS: &[&str] = &[
    "on Tuesday",
    "in a statement on Wednesday",
    "last week",
    "after months of tension",
    "during a summit in Geneva",
    "amid growing concern over the conflict",
    "according to state media",
    "officials said",
    "in the capital",
    "for the second time this year",
];

const FILLER: &[&str] = &[
    "The talks lasted for more than three hours, according to officials familiar with the meeting.",
    "Analysts said the move could raise tensions in the region.",
    "The ministry did not respond to a request for comment.",
    "Thousands of people gathered in the main square on Sunday.",
    "Prices of grain and fuel rose sharply after the announcement.",
    "The report was published by a local news agency late on Monday.",
    "Both sides said they hoped to continue the dialogue next month.",
];

/// One synthetic article: (title, body). Bodies have ~`sentences` sentences.
pub fn article(rng: &mut Rng, sentences: usize) -> (String, String) {
    let title = format!("{} {} {}", rng.pick(ACTORS), rng.pick(VERBS), rng.pick(ACTORS));
    let mut body = String::with_capacity(sentences * 110);
    for i in 0..sentences {
        if i > 0 {
            body.push(if i % 4 == 0 { '\n' } else { ' ' });
            if i % 4 == 0 {
                body.push('\n');
            }
        }
        if rng.below(3) == 0 {
            body.push_str(rng.pick(FILLER));
        } else {
            let a = rng.pick(ACTORS);
            let mut s = format!("{} {} {} {}.", a, rng.pick(VERBS), rng.pick(ACTORS), rng.pick(TAILS));
            if let Some(f) = s.get_mut(0..1) {
                f.make_ascii_uppercase();
            }
            body.push_str(&s);
        }
    }
    (title, body)
}

/// A plain-text file as `tidings run` reads it: title, blank line, date line, blank line, body.
pub fn text_file(rng: &mut Rng, sentences: usize, day: u32) -> String {
    let (title, body) = article(rng, sentences);
    format!("{title}\n\n2024-05-{:02}\n\n{body}\n", 1 + day % 28)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_sentence_shaped() {
        let a = article(&mut Rng::new(7), 12);
        let b = article(&mut Rng::new(7), 12);
        assert_eq!(a, b);
        let n = tidings_text::split_sentences(&a.1).len();
        assert!((10..=14).contains(&n), "{n} sentences");
        let f = text_file(&mut Rng::new(1), 3, 40);
        assert!(f.contains("\n\n2024-05-13\n\n"));
    }
}

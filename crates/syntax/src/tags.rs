//! Penn Treebank part-of-speech tags as a small `Copy` enum, with cheap set operations.

/// The Penn Treebank tags this analyzer emits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Tag {
    CC,
    CD,
    DT,
    EX,
    FW,
    IN,
    JJ,
    JJR,
    JJS,
    MD,
    NN,
    NNS,
    NNP,
    NNPS,
    PDT,
    POS,
    PRP,
    PRPS,
    RB,
    RBR,
    RBS,
    RP,
    SYM,
    TO,
    UH,
    VB,
    VBD,
    VBG,
    VBN,
    VBP,
    VBZ,
    WDT,
    WP,
    WPS,
    WRB,
    Comma,
    Period,
    Colon,
    OpenQuote,
    CloseQuote,
    Lrb,
    Rrb,
    Dollar,
    Hash,
}

const ALL: [Tag; 44] = [
    Tag::CC,
    Tag::CD,
    Tag::DT,
    Tag::EX,
    Tag::FW,
    Tag::IN,
    Tag::JJ,
    Tag::JJR,
    Tag::JJS,
    Tag::MD,
    Tag::NN,
    Tag::NNS,
    Tag::NNP,
    Tag::NNPS,
    Tag::PDT,
    Tag::POS,
    Tag::PRP,
    Tag::PRPS,
    Tag::RB,
    Tag::RBR,
    Tag::RBS,
    Tag::RP,
    Tag::SYM,
    Tag::TO,
    Tag::UH,
    Tag::VB,
    Tag::VBD,
    Tag::VBG,
    Tag::VBN,
    Tag::VBP,
    Tag::VBZ,
    Tag::WDT,
    Tag::WP,
    Tag::WPS,
    Tag::WRB,
    Tag::Comma,
    Tag::Period,
    Tag::Colon,
    Tag::OpenQuote,
    Tag::CloseQuote,
    Tag::Lrb,
    Tag::Rrb,
    Tag::Dollar,
    Tag::Hash,
];

impl Tag {
    /// The Penn spelling (`PRP$`, `-LRB-`, `` ` ` ``...).
    pub fn as_str(self) -> &'static str {
        match self {
            Tag::CC => "CC",
            Tag::CD => "CD",
            Tag::DT => "DT",
            Tag::EX => "EX",
            Tag::FW => "FW",
            Tag::IN => "IN",
            Tag::JJ => "JJ",
            Tag::JJR => "JJR",
            Tag::JJS => "JJS",
            Tag::MD => "MD",
            Tag::NN => "NN",
            Tag::NNS => "NNS",
            Tag::NNP => "NNP",
            Tag::NNPS => "NNPS",
            Tag::PDT => "PDT",
            Tag::POS => "POS",
            Tag::PRP => "PRP",
            Tag::PRPS => "PRP$",
            Tag::RB => "RB",
            Tag::RBR => "RBR",
            Tag::RBS => "RBS",
            Tag::RP => "RP",
            Tag::SYM => "SYM",
            Tag::TO => "TO",
            Tag::UH => "UH",
            Tag::VB => "VB",
            Tag::VBD => "VBD",
            Tag::VBG => "VBG",
            Tag::VBN => "VBN",
            Tag::VBP => "VBP",
            Tag::VBZ => "VBZ",
            Tag::WDT => "WDT",
            Tag::WP => "WP",
            Tag::WPS => "WP$",
            Tag::WRB => "WRB",
            Tag::Comma => ",",
            Tag::Period => ".",
            Tag::Colon => ":",
            Tag::OpenQuote => "``",
            Tag::CloseQuote => "''",
            Tag::Lrb => "-LRB-",
            Tag::Rrb => "-RRB-",
            Tag::Dollar => "$",
            Tag::Hash => "#",
        }
    }

    /// Parse a Penn spelling; `None` for anything this analyzer does not emit.
    pub fn parse(s: &str) -> Option<Tag> {
        ALL.iter().copied().find(|t| t.as_str() == s)
    }

    pub fn is_noun(self) -> bool {
        matches!(self, Tag::NN | Tag::NNS | Tag::NNP | Tag::NNPS)
    }
    pub fn is_proper(self) -> bool {
        matches!(self, Tag::NNP | Tag::NNPS)
    }
    pub fn is_verb(self) -> bool {
        matches!(self, Tag::VB | Tag::VBD | Tag::VBG | Tag::VBN | Tag::VBP | Tag::VBZ)
    }
    /// A tensed verb form that can head a clause.
    pub fn is_finite(self) -> bool {
        matches!(self, Tag::VBD | Tag::VBP | Tag::VBZ | Tag::MD)
    }
    pub fn is_adj(self) -> bool {
        matches!(self, Tag::JJ | Tag::JJR | Tag::JJS)
    }
    pub fn is_adv(self) -> bool {
        matches!(self, Tag::RB | Tag::RBR | Tag::RBS)
    }
    pub fn is_wh(self) -> bool {
        matches!(self, Tag::WDT | Tag::WP | Tag::WPS | Tag::WRB)
    }
    pub fn is_punct(self) -> bool {
        matches!(
            self,
            Tag::Comma | Tag::Period | Tag::Colon | Tag::OpenQuote | Tag::CloseQuote | Tag::Lrb | Tag::Rrb | Tag::Hash
        )
    }
    fn bit(self) -> u64 {
        1u64 << (self as u8)
    }
}

/// A set of candidate tags for one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TagSet(u64);

impl TagSet {
    pub const EMPTY: TagSet = TagSet(0);
    pub fn of(tags: &[Tag]) -> TagSet {
        TagSet(tags.iter().fold(0, |a, t| a | t.bit()))
    }
    pub fn has(self, t: Tag) -> bool {
        self.0 & t.bit() != 0
    }
    pub fn insert(&mut self, t: Tag) {
        self.0 |= t.bit();
    }
    pub fn union(self, o: TagSet) -> TagSet {
        TagSet(self.0 | o.0)
    }
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    pub fn len(self) -> u32 {
        self.0.count_ones()
    }
    pub fn any(self, f: impl Fn(Tag) -> bool) -> bool {
        self.iter().any(f)
    }
    pub fn only(self, f: impl Fn(Tag) -> bool) -> bool {
        !self.is_empty() && self.iter().all(f)
    }
    pub fn iter(self) -> impl Iterator<Item = Tag> {
        ALL.iter().copied().filter(move |t| self.has(*t))
    }
    /// First member satisfying `f`, in the preference order given.
    pub fn first_of(self, prefs: &[Tag]) -> Option<Tag> {
        prefs.iter().copied().find(|t| self.has(*t))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn spellings_round_trip() {
        for t in ALL {
            assert_eq!(Tag::parse(t.as_str()), Some(t));
        }
        assert_eq!(Tag::PRPS.as_str(), "PRP$");
        let s = TagSet::of(&[Tag::NN, Tag::VB]);
        assert!(s.has(Tag::NN) && s.has(Tag::VB) && !s.has(Tag::VBD));
        assert_eq!(s.len(), 2);
    }
}

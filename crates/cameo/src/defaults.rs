//! tidings' own default dictionaries, embedded in the binary.
//!
//! The tables in `crates/cameo/data/` are compiled in with `include_str!` and
//! parsed once on first use. [`DictSet::load_dir`] reads the same files from a
//! directory (the CLI's `--dictionaries`), falling back to the embedded copy
//! for any file the directory does not provide.

use crate::format::{self, Agent, Country, DataError, Day, Discard, Organization, Person, VerbDictionary};
use crate::petrarch;
use std::path::Path;
use std::sync::OnceLock;

/// Embedded source files, by name.
pub const FILES: &[(&str, &str)] = &[
    ("countries.tsv", include_str!("../data/countries.tsv")),
    ("igos.tsv", include_str!("../data/igos.tsv")),
    ("people.tsv", include_str!("../data/people.tsv")),
    ("agents.tsv", include_str!("../data/agents.tsv")),
    ("verbs.txt", include_str!("../data/verbs.txt")),
    ("discards.txt", include_str!("../data/discards.txt")),
];

fn embedded(name: &str) -> &'static str {
    FILES.iter().find(|(n, _)| *n == name).map(|(_, t)| *t).unwrap_or("")
}

/// A complete set of tidings dictionaries.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DictSet {
    pub countries: Vec<Country>,
    pub organizations: Vec<Organization>,
    pub people: Vec<Person>,
    pub agents: Vec<Agent>,
    pub verbs: VerbDictionary,
    pub discards: Vec<Discard>,
}

/// Errors loading a dictionary directory.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Data(#[from] DataError),
}

impl DictSet {
    /// Parse a set from the six file texts (see [`FILES`] for the names).
    pub fn from_texts(get: impl Fn(&str) -> (String, String)) -> Result<DictSet, DataError> {
        let (f, t) = get("countries.tsv");
        let countries = format::parse_countries(&t, &f)?;
        let (f, t) = get("igos.tsv");
        let organizations = format::parse_organizations(&t, &f)?;
        let (f, t) = get("people.tsv");
        let people = format::parse_people(&t, &f)?;
        let (f, t) = get("agents.tsv");
        let agents = format::parse_agents(&t, &f)?;
        let (f, t) = get("verbs.txt");
        let verbs = format::parse_verbs(&t, &f)?;
        let (f, t) = get("discards.txt");
        let discards = format::parse_discards(&t, &f)?;
        Ok(DictSet { countries, organizations, people, agents, verbs, discards })
    }

    /// The embedded defaults, freshly parsed.
    pub fn embedded() -> Result<DictSet, DataError> {
        DictSet::from_texts(|n| (n.to_string(), embedded(n).to_string()))
    }

    /// Read tidings-format files from `dir`; files missing there come from
    /// the embedded defaults. Errors name the file and line.
    pub fn load_dir(dir: &Path) -> Result<DictSet, LoadError> {
        let mut texts = Vec::new();
        for (name, default) in FILES {
            let path = dir.join(name);
            if path.exists() {
                let t = std::fs::read_to_string(&path)
                    .map_err(|source| LoadError::Io { path: path.display().to_string(), source })?;
                texts.push((name.to_string(), path.display().to_string(), t));
            } else {
                texts.push((name.to_string(), format!("<embedded>/{name}"), default.to_string()));
            }
        }
        let set = DictSet::from_texts(|n| {
            texts.iter().find(|(name, _, _)| name == n).map(|(_, p, t)| (p.clone(), t.clone())).unwrap_or_default()
        })?;
        Ok(set)
    }

    pub fn actors_petrarch(&self) -> String {
        petrarch::actors(&self.countries, &self.organizations, &self.people)
    }
    pub fn agents_petrarch(&self) -> String {
        petrarch::agents(&self.agents)
    }
    pub fn verbs_petrarch(&self) -> String {
        petrarch::verbs(&self.verbs)
    }
    pub fn discards_petrarch(&self) -> String {
        petrarch::discards(&self.discards)
    }

    /// A person's code on `day`, by exact name or variant (case-insensitive).
    pub fn person_code(&self, name: &str, day: Day) -> Option<String> {
        let p = self.find_person(name)?;
        p.code_on(day)
    }

    /// Find a person by name or variant (case-insensitive).
    pub fn find_person(&self, name: &str) -> Option<&Person> {
        let key = name.trim();
        self.people
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(key) || p.variants.iter().any(|v| v.eq_ignore_ascii_case(key)))
    }

    /// Find a country by its CAMEO code.
    pub fn country(&self, code: &str) -> Option<&Country> {
        self.countries.iter().find(|c| c.code == code)
    }
}

/// The embedded default set, parsed once. (The embedded files are checked by
/// the crate's tests; should one ever fail to parse, the set is empty.)
pub fn set() -> &'static DictSet {
    static SET: OnceLock<DictSet> = OnceLock::new();
    SET.get_or_init(|| DictSet::embedded().unwrap_or_default())
}

fn cached(cell: &'static OnceLock<String>, make: impl FnOnce() -> String) -> String {
    cell.get_or_init(make).clone()
}

/// Default actors dictionary in PETRARCH format (generated once, then cached).
pub fn actors_petrarch() -> String {
    static C: OnceLock<String> = OnceLock::new();
    cached(&C, || set().actors_petrarch())
}
/// Default agents dictionary in PETRARCH format.
pub fn agents_petrarch() -> String {
    static C: OnceLock<String> = OnceLock::new();
    cached(&C, || set().agents_petrarch())
}
/// Default verbs dictionary in PETRARCH format.
pub fn verbs_petrarch() -> String {
    static C: OnceLock<String> = OnceLock::new();
    cached(&C, || set().verbs_petrarch())
}
/// Default discard list in PETRARCH format.
pub fn discards_petrarch() -> String {
    static C: OnceLock<String> = OnceLock::new();
    cached(&C, || set().discards_petrarch())
}
/// Every country and territory.
pub fn countries() -> &'static [Country] {
    &set().countries
}
/// IGOs, NGOs and other organisations.
pub fn organizations() -> &'static [Organization] {
    &set().organizations
}
/// Dated people (heads of state and government, ministers, IGO heads, ...).
pub fn people() -> &'static [Person] {
    &set().people
}
/// Agents (roles).
pub fn agents() -> &'static [Agent] {
    &set().agents
}
/// The verb dictionary.
pub fn verbs() -> &'static VerbDictionary {
    &set().verbs
}

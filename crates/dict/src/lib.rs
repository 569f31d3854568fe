//! # tidings-dict: PETRARCH/TABARI dictionaries, compiled once into fast matchers
//!
//! Reads the five dictionary kinds the PETRARCH family uses and compiles them:
//!
//! * **verbs** ([`verbs::VerbDict`]): synsets (`&NAME` + `+phrase` lines, automatic
//!   plurals unless the label or phrase ends in `_`, nested synsets), verb families
//!   (`--- NAME [CODE] ---`), verb forms (regular forms generated, irregular ones in
//!   `{...}`, multi-word verbs with `+` marking the verb word: `+CORDON_OFF`,
//!   `WIRE_+TAP`), patterns (`- UPPER * LOWER [CODE]` with `$` source, `+` target,
//!   `^` skip a noun phrase, `%` compound, `&SYN`, `_` "consecutive", `{}`/`()` groups
//!   of the PETRARCH-2 form) and `~` transformations. Verb forms are hashed on the
//!   verb word; patterns are stored per family, most specific first.
//! * **actors** ([`actors::ActorDict`]): records with `+` synonyms and codes with date
//!   restrictions (`[CODE <YYYYMMDD]`, `[CODE >YYYYMMDD]`, `[CODE d1-d2]`, `YYMMDD`
//!   accepted), resolved per sentence date by [`actors::ActorEntry::code_at`].
//! * **agents** ([`actors::AgentDict`]): `PHRASE {plural} [~CODE]` / `[CODE~]`, with
//!   `!MARKER!` substitution sets and automatic plurals.
//! * **discards** and **issues** ([`discards`]): phrase lists compiled into a single
//!   Aho-Corasick automaton each over normalised (upper-case, single-blank) text.
//!
//! Actor and agent phrases are compiled into a [`actors::PhraseIndex`]: a hash map on
//! the first word, each bucket sorted longest phrase first, so a lookup costs one hash
//! probe per token plus a short scan. Nothing is matched with regular expressions.
//!
//! A malformed line never aborts loading: it becomes a [`DictDiagnostic`] with file,
//! line and reason, and the rest of the file is still used. Only unreadable files are
//! errors ([`DictError`]).

use std::path::{Path, PathBuf};

pub mod actors;
pub mod discards;
pub mod ontology;
mod text;
pub mod verbs;

pub use actors::{ActorDict, ActorEntry, AgentDict, AgentEntry, DateRule, PhraseIndex};
pub use discards::{DiscardDict, DiscardHit, IssueDict};
pub use ontology::Ontology;
pub use text::{norm_word, plural, split_phrase, verb_forms};
pub use verbs::{PatElem, PatItem, Pattern, Transform, VerbDict, VerbFamily, VerbForm};

/// A problem with one dictionary line: it was skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DictDiagnostic {
    pub file: String,
    pub line: usize,
    pub reason: String,
}

impl std::fmt::Display for DictDiagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.reason)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DictError {
    #[error("{path}: cannot read dictionary: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {reason}")]
    Config { path: String, reason: String },
}

/// Which files to load.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DictFiles {
    pub verbs: PathBuf,
    pub actors: Vec<PathBuf>,
    pub agents: Option<PathBuf>,
    pub discards: Option<PathBuf>,
    pub issues: Option<PathBuf>,
    /// PETRARCH internal coding ontology (UniversalPetrarch `<PICOfile>`).
    pub ontology: Option<PathBuf>,
}

/// All dictionaries, compiled.
#[derive(Debug, Clone, Default)]
pub struct Dictionaries {
    pub verbs: VerbDict,
    pub actors: ActorDict,
    pub agents: AgentDict,
    pub discards: DiscardDict,
    pub issues: IssueDict,
    /// Verb-code ontology for negation and verb+verb combination, when one is loaded.
    pub ontology: Option<Ontology>,
}

fn read(path: &Path) -> Result<String, DictError> {
    let bytes = std::fs::read(path).map_err(|source| DictError::Io { path: path.display().to_string(), source })?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

impl Dictionaries {
    /// Load and compile the named files. Malformed lines are returned as diagnostics.
    pub fn load(files: &DictFiles) -> Result<(Dictionaries, Vec<DictDiagnostic>), DictError> {
        let verbs = read(&files.verbs)?;
        let mut actor_texts = Vec::new();
        for p in &files.actors {
            actor_texts.push((read(p)?, p.display().to_string()));
        }
        let agents = files.agents.as_deref().map(|p| read(p).map(|t| (t, p.display().to_string()))).transpose()?;
        let discards = files.discards.as_deref().map(|p| read(p).map(|t| (t, p.display().to_string()))).transpose()?;
        let issues = files.issues.as_deref().map(|p| read(p).map(|t| (t, p.display().to_string()))).transpose()?;
        let mut diags = Vec::new();
        let (v, dv) = VerbDict::parse(&verbs, &files.verbs.display().to_string());
        diags.extend(dv);
        let mut actors = ActorDict::default();
        for (t, name) in &actor_texts {
            actors.add_file(t, name, &mut diags);
        }
        actors.finish();
        let mut d = Dictionaries { verbs: v, actors, ..Default::default() };
        if let Some((t, name)) = agents {
            let (a, da) = AgentDict::parse(&t, &name);
            d.agents = a;
            diags.extend(da);
        }
        if let Some((t, name)) = discards {
            let (a, da) = DiscardDict::parse(&t, &name);
            d.discards = a;
            diags.extend(da);
        }
        if let Some((t, name)) = issues {
            let (a, da) = IssueDict::parse(&t, &name);
            d.issues = a;
            diags.extend(da);
        }
        if let Some(p) = &files.ontology {
            let (o, dn) = Ontology::parse(&read(p)?, &p.display().to_string());
            d.ontology = Some(o);
            diags.extend(dn);
        }
        Ok((d, diags))
    }

    /// Compile dictionaries held in memory (embedded defaults, tests).
    pub fn from_texts(verbs: &str, actors: &[&str], agents: &str, discards: &str) -> (Self, Vec<DictDiagnostic>) {
        let mut diags = Vec::new();
        let (v, dv) = VerbDict::parse(verbs, "<verbs>");
        diags.extend(dv);
        let mut a = ActorDict::default();
        for (i, t) in actors.iter().enumerate() {
            a.add_file(t, &format!("<actors {i}>"), &mut diags);
        }
        a.finish();
        let (ag, dg) = AgentDict::parse(agents, "<agents>");
        diags.extend(dg);
        let (di, dd) = DiscardDict::parse(discards, "<discards>");
        diags.extend(dd);
        (
            Dictionaries {
                verbs: v,
                actors: a,
                agents: ag,
                discards: di,
                issues: IssueDict::default(),
                ontology: None,
            },
            diags,
        )
    }

    /// Resolve the `[Dictionaries]` section of a `PETR_config.ini` (file names relative
    /// to the ini's directory) into [`DictFiles`].
    pub fn files_from_petrarch_config(ini: &Path) -> Result<DictFiles, DictError> {
        let text = read(ini)?;
        let dir = ini.parent().unwrap_or(Path::new("."));
        let mut files = DictFiles::default();
        let mut in_dict = false;
        let mut have_verbs = false;
        for line in text.lines() {
            let l = line.split('#').next().unwrap_or("").trim();
            if l.starts_with('[') {
                in_dict = l.eq_ignore_ascii_case("[Dictionaries]");
                continue;
            }
            if !in_dict {
                continue;
            }
            let Some((k, v)) = l.split_once('=') else { continue };
            let (k, v) = (k.trim(), v.trim());
            let path = |s: &str| dir.join(s.trim());
            match k {
                "verbfile_name" => {
                    files.verbs = path(v);
                    have_verbs = true;
                }
                "actorfile_list" => files.actors = v.split(',').filter(|s| !s.trim().is_empty()).map(path).collect(),
                "agentfile_name" if !v.is_empty() => files.agents = Some(path(v)),
                "discardfile_name" if !v.is_empty() => files.discards = Some(path(v)),
                "issuefile_name" if !v.is_empty() => files.issues = Some(path(v)),
                _ => {}
            }
        }
        if !have_verbs {
            return Err(DictError::Config {
                path: ini.display().to_string(),
                reason: "no verbfile_name in [Dictionaries]".into(),
            });
        }
        Ok(files)
    }

    /// Load the dictionaries named by a `PETR_config.ini`.
    pub fn from_petrarch_config(ini: &Path) -> Result<(Dictionaries, Vec<DictDiagnostic>), DictError> {
        Self::load(&Self::files_from_petrarch_config(ini)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_texts_compiles_everything() {
        let (d, diags) = Dictionaries::from_texts(
            "--- MEET [031] ---\nMEET {MET MEETS}\n- * WITH + [032]\n",
            &["GONDOR [GON]\n", "ARNOR [ARN]\n"],
            "PRESIDENT [~GOV]\n",
            "BASEBALL\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(d.verbs.forms_for("MET").count(), 1);
        assert_eq!(d.actors.entries.len(), 2);
        assert_eq!(d.agents.entries.len(), 1);
        assert!(d.discards.find("a baseball game").is_some());
    }

    #[test]
    fn missing_file_is_an_error_not_a_panic() {
        let files = DictFiles { verbs: PathBuf::from("/nonexistent/verbs.txt"), ..Default::default() };
        let e = Dictionaries::load(&files).unwrap_err();
        assert!(e.to_string().contains("/nonexistent/verbs.txt"));
    }
}

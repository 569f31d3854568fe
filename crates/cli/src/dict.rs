//! `tidings dict check|convert`: dictionary lint and format conversion.

use anyhow::{Context, Result};
use clap::{Subcommand, ValueEnum};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tidings_cameo::check::{self, Finding, LintFile, LintKind};
use tidings_cameo::convert;
use tidings_cameo::defaults::{DictSet, FILES};

/// Exit code when `dict check` finds issues (or `dict convert` skipped bad lines).
const EXIT_ISSUES: u8 = 4;

#[derive(Subcommand)]
pub enum DictCmd {
    /// Lint dictionaries: duplicates, conflicting codes, unreachable patterns, bad dates, unknown
    /// codes, syntax; one `file:line: kind: message` per issue; exits 4 when there is any.
    Check {
        /// A tidings-format file or directory, or PETRARCH-format files (syntax only);
        /// default: the built-in dictionaries.
        path: Option<PathBuf>,
    },
    /// Convert dictionaries between tidings' format and PETRARCH's.
    Convert {
        /// Target format.
        #[arg(long, value_enum)]
        to: Format,
        /// Input file or directory (a directory converts every dictionary in it).
        input: PathBuf,
        /// Output file (for a file input) or directory (for a directory input).
        output: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    Petrarch,
    Tidings,
}

pub fn run(cmd: &DictCmd, quiet: bool) -> Result<ExitCode> {
    match cmd {
        DictCmd::Check { path } => cmd_check(path.as_deref(), quiet),
        DictCmd::Convert { to, input, output } => cmd_convert(*to, input, output, quiet),
    }
}

fn read(p: &Path) -> Result<String> {
    std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))
}

fn file_name(p: &Path) -> String {
    p.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default()
}

fn is_tidings_name(name: &str) -> bool {
    FILES.iter().any(|(n, _)| *n == name)
}

/// PETRARCH dictionary kind from a file name.
fn petrarch_kind(name: &str) -> Option<&'static str> {
    let n = name.to_lowercase();
    ["verbs", "actors", "agents", "discards"].into_iter().find(|k| n.contains(k))
}

fn petrarch_findings(label: &str, kind: &str, text: &str) -> Vec<Finding> {
    let issues = match kind {
        "verbs" => check::check_verbs(text),
        "actors" => check::check_actors(text),
        "agents" => check::check_agents(text),
        _ => check::check_discards(text),
    };
    issues
        .into_iter()
        .map(|i| Finding { file: label.to_string(), line: i.line, kind: LintKind::Syntax, message: i.reason })
        .collect()
}

fn lint_path(p: &Path) -> Result<Vec<Finding>> {
    let mut tidings = Vec::new();
    let mut out = Vec::new();
    let mut files: Vec<PathBuf> = if p.is_dir() {
        let mut v: Vec<PathBuf> = std::fs::read_dir(p)
            .with_context(|| format!("reading {}", p.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|f| f.is_file())
            .collect();
        v.sort();
        v
    } else if p.is_file() {
        vec![p.to_path_buf()]
    } else {
        anyhow::bail!("{}: no such file or directory", p.display());
    };
    files.retain(|f| is_tidings_name(&file_name(f)) || petrarch_kind(&file_name(f)).is_some());
    anyhow::ensure!(!files.is_empty(), "{}: no dictionary files (tidings or PETRARCH names) found", p.display());
    for f in files {
        let name = file_name(&f);
        let text = read(&f)?;
        if is_tidings_name(&name) {
            tidings.push(LintFile { name, label: f.display().to_string(), text });
        } else if let Some(kind) = petrarch_kind(&name) {
            out.extend(petrarch_findings(&f.display().to_string(), kind, &text));
        }
    }
    out.extend(check::lint_files(&tidings));
    Ok(out)
}

fn cmd_check(path: Option<&Path>, quiet: bool) -> Result<ExitCode> {
    let findings = match path {
        None => check::lint_embedded(),
        Some(p) => lint_path(p)?,
    };
    for f in &findings {
        println!("{f}");
    }
    if !quiet {
        let what = path.map(|p| p.display().to_string()).unwrap_or_else(|| "built-in dictionaries".into());
        eprintln!("tidings: dict check {what}: {} issue(s)", findings.len());
    }
    Ok(if findings.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(EXIT_ISSUES) })
}

fn write(p: &Path, text: &str) -> Result<()> {
    if let Some(dir) = p.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    std::fs::write(p, text).with_context(|| format!("writing {}", p.display()))
}

fn cmd_convert(to: Format, input: &Path, output: &Path, quiet: bool) -> Result<ExitCode> {
    let mut skipped = Vec::new();
    let mut written = Vec::new();
    match (to, input.is_dir()) {
        (Format::Petrarch, true) => {
            let set = DictSet::load_dir(input).with_context(|| format!("loading {}", input.display()))?;
            for (name, text) in [
                ("tidings.actors.txt", set.actors_petrarch()),
                ("tidings.agents.txt", set.agents_petrarch()),
                ("tidings.verbs.txt", set.verbs_petrarch()),
                ("tidings.discards.txt", set.discards_petrarch()),
            ] {
                let p = output.join(name);
                write(&p, &text)?;
                written.push(p);
            }
        }
        (Format::Petrarch, false) => {
            let name = file_name(input);
            let text = read(input)?;
            let label = input.display().to_string();
            let out = match name.as_str() {
                "people.tsv" => convert::tidings_actors_to_petrarch(&text),
                "agents.tsv" => convert::tidings_agents_to_petrarch(&text),
                "verbs.txt" => convert::tidings_verbs_to_petrarch(&text),
                "countries.tsv" | "igos.tsv" | "discards.txt" => {
                    anyhow::bail!(
                        "{label}: convert the whole directory to include {name} (it has no single-file converter)"
                    )
                }
                _ => anyhow::bail!("{label}: expected people.tsv, agents.tsv or verbs.txt, or a directory"),
            }
            .map_err(|e| anyhow::anyhow!("{label}: {e}"))?;
            write(output, &out)?;
            written.push(output.to_path_buf());
        }
        (Format::Tidings, is_dir) => {
            let inputs: Vec<PathBuf> = if is_dir {
                let mut v: Vec<PathBuf> = std::fs::read_dir(input)
                    .with_context(|| format!("reading {}", input.display()))?
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|f| f.is_file() && petrarch_kind(&file_name(f)).is_some())
                    .collect();
                v.sort();
                v
            } else {
                vec![input.to_path_buf()]
            };
            anyhow::ensure!(!inputs.is_empty(), "{}: no PETRARCH dictionary files found", input.display());
            let mut people = String::new();
            for f in &inputs {
                let label = f.display().to_string();
                let text = read(f)?;
                let kind = petrarch_kind(&file_name(f))
                    .ok_or_else(|| anyhow::anyhow!("{label}: name must contain verbs, actors or agents"))?;
                let (converted, target, errors) = match kind {
                    "verbs" => {
                        let (d, e) = convert::parse_petrarch_verbs_lenient(&text);
                        (tidings_cameo::format::write_verbs(&d), "verbs.txt", e)
                    }
                    "actors" => {
                        let (p, e) = convert::parse_petrarch_actors_lenient(&text);
                        (tidings_cameo::format::write_people(&p), "people.tsv", e)
                    }
                    "agents" => {
                        let (a, e) = convert::parse_petrarch_agents_lenient(&text);
                        (tidings_cameo::format::write_agents(&a), "agents.tsv", e)
                    }
                    _ => {
                        if !quiet {
                            eprintln!("tidings: {label}: discard lists are not converted; skipped");
                        }
                        continue;
                    }
                };
                skipped.extend(errors.into_iter().map(|e| format!("{label}: {e}")));
                if !is_dir {
                    write(output, &converted)?;
                    written.push(output.to_path_buf());
                } else if target == "people.tsv" {
                    // Several actor files go into one people.tsv.
                    if people.is_empty() {
                        people = converted;
                    } else {
                        people.extend(converted.lines().filter(|l| !l.starts_with('#')).map(|l| format!("{l}\n")));
                    }
                } else {
                    let p = output.join(target);
                    write(&p, &converted)?;
                    written.push(p);
                }
            }
            if !people.is_empty() {
                let p = output.join("people.tsv");
                write(&p, &people)?;
                written.push(p);
            }
        }
    }
    for s in &skipped {
        eprintln!("tidings: skipped {s}");
    }
    if !quiet {
        for p in &written {
            eprintln!("tidings: wrote {}", p.display());
        }
    }
    Ok(if skipped.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(EXIT_ISSUES) })
}

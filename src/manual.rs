//! The manual pages, made by clap_mangen from the same clap definitions as `--help`:
//! sitrep(1), and one page for each subcommand and nested subcommand (sitrep-check(1),
//! sitrep-add-incident(1)), found by walking the command tree, never from a kept list.
//! `sitrep man` prints one; `sitrep man --dir DIR` writes them all.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::CommandFactory;
use clap_mangen::Man;
use clap_mangen::roff::{Roff, bold, italic, roman};
use color_eyre::eyre::{Result, WrapErr};

/// `sitrep man`.
#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// The page: a subcommand (`check`, `add incident`); none for sitrep(1).
    #[arg(value_name = "SUBCOMMAND")]
    pub page: Vec<String>,
    /// Write every page into this folder (made if missing) as NAME.1, instead of printing one.
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath, conflicts_with = "page")]
    pub dir: Option<PathBuf>,
}

/// One manual page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// `sitrep`, `sitrep-check`, `sitrep-add-incident`.
    pub name: String,
    /// The page in roff.
    pub roff: String,
}

impl Page {
    /// Its file name in section 1 (`sitrep-check.1`).
    #[must_use]
    pub fn file_name(&self) -> String {
        format!("{}.{SECTION}", self.name)
    }
}

const SECTION: &str = "1";

/// Every page, sitrep(1) first, then each subcommand's, depth first.
///
/// # Errors
/// Never in practice: rendering writes into memory.
pub fn pages() -> std::io::Result<Vec<Page>> {
    let mut command = crate::cli::Cli::command().disable_help_subcommand(true);
    command.build();
    let mut pages = Vec::new();
    collect(&command, &mut pages)?;
    Ok(pages)
}

fn collect(command: &clap::Command, pages: &mut Vec<Page>) -> std::io::Result<()> {
    let name = command.get_display_name().unwrap_or_else(|| command.get_name()).to_owned();
    let top = pages.is_empty();
    let man = Man::new(command.clone())
        .section(SECTION)
        .date(crate::version::BUILD_DATE)
        .source(format!("sitrep {}", crate::version::VERSION))
        .manual("sitrep manual");
    let mut buffer = Vec::new();
    man.render(&mut buffer)?;
    let mut roff = String::from_utf8_lossy(&buffer).into_owned();
    if top {
        // The dashboard's own sections go before clap's VERSION section.
        let extra = top_sections().to_roff();
        match roff.find("\n.SH VERSION\n") {
            Some(at) => roff.insert_str(at + 1, &extra),
            None => roff.push_str(&extra),
        }
    }
    roff.push_str(&see_also(command, &name, top).to_roff());
    pages.push(Page { name, roff });
    for sub in command.get_subcommands().filter(|sub| !sub.is_hide_set()) {
        collect(sub, pages)?;
    }
    Ok(())
}

/// EXIT STATUS, ENVIRONMENT and FILES of sitrep(1).
fn top_sections() -> Roff {
    let mut roff = Roff::default();
    let item = |roff: &mut Roff, term: &str, text: &str| {
        roff.control("TP", []);
        roff.text([bold(term)]);
        roff.text([roman(text)]);
    };
    roff.control("SH", ["EXIT STATUS"]);
    roff.text([roman(
        "The dashboard exits 0 when the operator quits (q, or Ctrl-C), 1 when it cannot take \
         over the terminal or is ended by a signal while stuck, and 2 when the config, TZ or the \
         command line is wrong. Each subcommand's page gives its own.",
    )]);
    roff.control("SH", ["ENVIRONMENT"]);
    item(
        &mut roff,
        "SITREP_LOG",
        "The log's level and filters, in RUST_LOG syntax (info when unset; debug; sitrep=debug,warn). \
         Only with --log or the config's log_file.",
    );
    item(&mut roff, "TZ", "The time zone, as the C library reads it, unless the config sets timezone.");
    item(
        &mut roff,
        "LANG, LC_ALL, LC_MESSAGES",
        "The language of the labels (nl_* gives Dutch), unless the config sets language.",
    );
    item(&mut roff, "NO_COLOR, COLORTERM, TERM", "How many colours the screen uses (theme = \"auto\").");
    item(&mut roff, "XDG_CONFIG_HOME, XDG_STATE_HOME, HOME", "Where the user's config and journal are.");
    roff.control("SH", ["FILES"]);
    item(
        &mut roff,
        "/etc/sitrep/config.toml",
        "The machine's config, read when the user has none; every key commented out at its default.",
    );
    item(&mut roff, "~/.config/sitrep/config.toml", "The user's config ($XDG_CONFIG_HOME/sitrep/config.toml).");
    item(
        &mut roff,
        "~/.local/state/sitrep/journal.jsonl",
        "The journal ($XDG_STATE_HOME/sitrep/journal.jsonl), unless the config or --journal names another.",
    );
    item(
        &mut roff,
        "/usr/share/doc/sitrep/",
        "The feed format, the journal format, scale-out with NATS, and examples: a tmux wallboard and systemd units.",
    );
    roff
}

/// SEE ALSO: sitrep(1) and the subcommands' pages from sitrep(1); the parent and
/// sitrep-doctor(1) from a subcommand's.
fn see_also(command: &clap::Command, name: &str, top: bool) -> Roff {
    let mut references: Vec<String> = Vec::new();
    if top {
        references.extend(
            command.get_subcommands().filter(|sub| !sub.is_hide_set()).map(|sub| format!("{name}-{}", sub.get_name())),
        );
    } else {
        let parent = name.rsplit_once('-').map_or("sitrep", |(parent, _)| parent);
        references.push(parent.to_owned());
        if parent != "sitrep" {
            references.push("sitrep".to_owned());
        }
        references.extend(
            command.get_subcommands().filter(|sub| !sub.is_hide_set()).map(|sub| format!("{name}-{}", sub.get_name())),
        );
    }
    let mut line = Vec::new();
    for (i, reference) in references.iter().enumerate() {
        if i > 0 {
            line.push(roman(", "));
        }
        line.push(bold(reference.as_str()));
        line.push(roman(format!("({SECTION})")));
    }
    if top {
        line.push(roman(", "));
        line.push(bold("tmux"));
        line.push(roman("(1); "));
        line.push(italic("/usr/share/doc/sitrep/"));
    }
    let mut roff = Roff::default();
    roff.control("SH", ["SEE ALSO"]);
    roff.text(line);
    roff
}

/// The page a `sitrep man` argument names: `check`, `add incident`, `add-incident`,
/// `sitrep-check`; none: sitrep(1).
#[must_use]
pub fn find<'a>(pages: &'a [Page], words: &[String]) -> Option<&'a Page> {
    if words.is_empty() {
        return pages.first();
    }
    let joined = words.join("-");
    let wanted = if joined == "sitrep" || joined.starts_with("sitrep-") { joined } else { format!("sitrep-{joined}") };
    pages.iter().find(|page| page.name == wanted)
}

/// Writes every page into `dir` (made if missing); returns the paths written.
///
/// # Errors
/// When the folder or a page cannot be written.
pub fn write_all(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    pages()?
        .iter()
        .map(|page| {
            let path = dir.join(page.file_name());
            std::fs::write(&path, &page.roff)?;
            Ok(path)
        })
        .collect()
}

/// `sitrep man`: exit 0, or 2 for a page that does not exist.
///
/// # Errors
/// When a page cannot be printed or written.
pub fn command(args: &ManArgs) -> Result<ExitCode> {
    let mut stdout = std::io::stdout().lock();
    if let Some(dir) = &args.dir {
        for path in write_all(dir).wrap_err_with(|| format!("writing the manual pages into {}", dir.display()))? {
            writeln!(stdout, "{}", path.display())?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let pages = pages().wrap_err("rendering the manual")?;
    let Some(page) = find(&pages, &args.page) else {
        let names: Vec<&str> = pages.iter().map(|p| p.name.as_str()).collect();
        eprintln!("sitrep man: no page `{}`; there are: {}", args.page.join(" "), names.join(", "));
        return Ok(ExitCode::from(2));
    };
    stdout.write_all(page.roff.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_for_every_subcommand_and_nested_subcommand() {
        let pages = pages().unwrap();
        let names: Vec<&str> = pages.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names[0], "sitrep");
        // Walk the tree independently: every visible command has its page, once.
        fn walk(command: &clap::Command, prefix: &str, out: &mut Vec<String>) {
            for sub in command.get_subcommands().filter(|s| !s.is_hide_set() && s.get_name() != "help") {
                let name = format!("{prefix}-{}", sub.get_name());
                out.push(name.clone());
                walk(sub, &name, out);
            }
        }
        let mut expected = vec!["sitrep".to_owned()];
        walk(&crate::cli::Cli::command(), "sitrep", &mut expected);
        let mut sorted_names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
        sorted_names.sort();
        expected.sort();
        assert_eq!(sorted_names, expected);
        for wanted in ["sitrep-check", "sitrep-doctor", "sitrep-man", "sitrep-completions", "sitrep-add-incident"] {
            assert!(names.contains(&wanted), "{wanted} missing from {names:?}");
        }
    }

    #[test]
    fn pages_have_the_sections_man_expects() {
        let pages = pages().unwrap();
        for page in &pages {
            assert!(
                page.roff.lines().any(|line| line.starts_with(&format!(".TH {} 1 ", page.name))
                    && line.contains(crate::version::BUILD_DATE)),
                "{}",
                page.name
            );
            for section in ["NAME", "SYNOPSIS", "DESCRIPTION", "SEE ALSO"] {
                // roff quotes a heading of several words.
                let heading = |roff: &str| {
                    roff.contains(&format!(".SH {section}\n")) || roff.contains(&format!(".SH \"{section}\"\n"))
                };
                assert!(heading(&page.roff), "{} lacks {section}", page.name);
            }
        }
        let top = &pages[0].roff;
        for section in ["EXIT STATUS", "ENVIRONMENT", "FILES", "VERSION"] {
            assert!(
                top.contains(&format!(".SH \"{section}\"")) || top.contains(&format!(".SH {section}")),
                "{section}"
            );
        }
        assert!(top.contains("SITREP_LOG"));
        let check = find(&pages, &["check".to_owned()]).unwrap();
        assert!(check.roff.contains("\\fBsitrep\\fR(1)"), "{}", check.roff);
    }

    #[test]
    fn pages_are_found_by_their_words() {
        let pages = pages().unwrap();
        let name = |words: &[&str]| {
            let words: Vec<String> = words.iter().map(|w| (*w).to_owned()).collect();
            find(&pages, &words).map(|p| p.name.clone())
        };
        assert_eq!(name(&[]).as_deref(), Some("sitrep"));
        assert_eq!(name(&["check"]).as_deref(), Some("sitrep-check"));
        assert_eq!(name(&["add", "incident"]).as_deref(), Some("sitrep-add-incident"));
        assert_eq!(name(&["sitrep-add-incident"]).as_deref(), Some("sitrep-add-incident"));
        assert_eq!(name(&["nonsense"]), None);
    }
}

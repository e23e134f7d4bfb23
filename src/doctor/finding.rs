//! One line of `sitrep doctor`'s report (OK, WARN or FAIL, what was found, the fix in
//! words) and the report as text, every piece cleaned: paths and messages may be hostile.

use std::fmt::Write as _;

use crate::feed::text::{Lines, clean};

/// How a check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    Ok,
    Warn,
    Fail,
}

impl Verdict {
    #[must_use]
    pub fn word(self) -> &'static str {
        match self {
            Self::Ok => "OK",
            Self::Warn => "WARN",
            Self::Fail => "FAIL",
        }
    }
}

/// One check's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub verdict: Verdict,
    /// What was checked: `config`, `feed`, `folder`, `terminal`.
    pub topic: String,
    /// What was found.
    pub text: String,
    /// What to do about it (WARN and FAIL).
    pub fix: Option<String>,
}

impl Finding {
    #[must_use]
    pub fn ok(topic: impl Into<String>, text: impl Into<String>) -> Self {
        Self { verdict: Verdict::Ok, topic: topic.into(), text: text.into(), fix: None }
    }

    #[must_use]
    pub fn warn(topic: impl Into<String>, text: impl Into<String>, fix: impl Into<String>) -> Self {
        Self { verdict: Verdict::Warn, topic: topic.into(), text: text.into(), fix: Some(fix.into()) }
    }

    #[must_use]
    pub fn fail(topic: impl Into<String>, text: impl Into<String>, fix: impl Into<String>) -> Self {
        Self { verdict: Verdict::Fail, topic: topic.into(), text: text.into(), fix: Some(fix.into()) }
    }
}

/// The worst verdict (OK for none).
#[must_use]
pub fn worst(findings: &[Finding]) -> Verdict {
    findings.iter().map(|f| f.verdict).max().unwrap_or(Verdict::Ok)
}

/// The report: one line per finding (`WARN  topic      text`), its fix indented below,
/// then a summary line.
#[must_use]
pub fn render(findings: &[Finding]) -> String {
    let width = findings.iter().map(|f| f.topic.chars().count()).max().unwrap_or(0).min(24);
    let mut out = String::new();
    for finding in findings {
        let topic = clean(&finding.topic, Lines::Single);
        let text = clean(&finding.text, Lines::Single);
        let _ = writeln!(out, "{:<4}  {topic:<width$}  {text}", finding.verdict.word());
        if let Some(fix) = &finding.fix {
            let _ = writeln!(out, "{:<4}  {:<width$}  fix: {}", "", "", clean(fix, Lines::Single));
        }
    }
    let count = |verdict| findings.iter().filter(|f| f.verdict == verdict).count();
    let (fails, warns) = (count(Verdict::Fail), count(Verdict::Warn));
    let plural = |n: usize, word: &str| if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") };
    let _ = match (fails, warns) {
        (0, 0) => writeln!(out, "\nAll {} checks passed.", findings.len()),
        (0, w) => writeln!(out, "\nNothing fails; {}.", plural(w, "warning")),
        (f, w) => {
            writeln!(out, "\n{} and {}: the dashboard may not work here.", plural(f, "failure"), plural(w, "warning"))
        }
    };
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_line_up_and_hostile_text_is_cleaned() {
        let findings = [
            Finding::ok("config", "/etc/sitrep/config.toml loads"),
            Finding::fail("feed", "/srv/\u{1b}[2Jfeeds/feed.toml\ndoes not exist", "make the folder"),
        ];
        let text = render(&findings);
        assert!(!text.contains('\u{1b}'), "{text:?}");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "OK    config  /etc/sitrep/config.toml loads");
        assert!(lines[1].starts_with("FAIL  feed    /srv/"), "{}", lines[1]);
        assert!(!lines[1].contains('\n'));
        assert_eq!(lines[2], "              fix: make the folder");
        assert_eq!(lines[4], "1 failure and 0 warnings: the dashboard may not work here.");
        assert_eq!(worst(&findings), Verdict::Fail);
        assert_eq!(worst(&[]), Verdict::Ok);
    }
}

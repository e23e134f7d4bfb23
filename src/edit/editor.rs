//! `sitrep edit`, in the manner of visudo and `kubectl edit`: the feed is locked and
//! copied to a private file; the user's editor opens the copy; a changed copy is checked
//! with `sitrep check`'s rules and replaces the feed atomically, unless the feed changed
//! underneath meanwhile. An invalid copy is never written: the user edits it again
//! (TOML shows the errors as `#` comments at the top), throws it away, or keeps it.

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;
use std::process::{Command, ExitCode};

use crate::cli::RunArgs;
use crate::edit::command::{clean_path, report_error, setup};
use crate::edit::copy::PrivateCopy;
use crate::edit::error::EditError;
use crate::edit::lock::{FeedLock, LockError};
use crate::edit::replace::{ReplaceError, replace};
use crate::edit::write::{Settings, Target, check, unified_diff};
use crate::feed::{Format, Problem};

/// What starts each line of the error block at the top of a TOML copy; the block is
/// removed before the copy is checked again or saved.
const MARK: &str = "# sitrep: ";

/// What the user chose after a failed check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Choice {
    EditAgain,
    Discard,
    Keep,
}

/// `sitrep edit [FEED]`.
#[must_use]
pub fn edit(run: &RunArgs, feed: Option<&Path>, env: impl Fn(&str) -> Option<String>) -> ExitCode {
    let editor = editor_command(&env);
    let (target, settings) = match setup(run, feed, &env) {
        Ok(found) => found,
        Err(code) => return code,
    };
    let shown = clean_path(&target.shown);
    let _lock = match FeedLock::try_acquire(&target.real) {
        Ok(lock) => lock,
        Err(LockError::Busy(holder)) => {
            eprintln!("{shown}: busy: being edited by {holder}");
            return ExitCode::from(1);
        }
        Err(LockError::Io(message)) => return report_error(&EditError::Io(message), &shown),
    };
    let original = match target.read(settings.decode.max_bytes) {
        Ok(bytes) => bytes,
        Err(e) => return report_error(&e, &shown),
    };
    let name = target.real.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let copy = match PrivateCopy::create(&name, &original) {
        Ok(copy) => copy,
        Err(e) => return report_error(&EditError::Io(format!("cannot make a private copy: {e}")), &shown),
    };
    // The version saved goes into the history and the journal.
    let on_saved = |feed: &crate::feed::Feed, bytes: &[u8]| {
        let version = crate::journal::FeedVersion { feed, bytes, format: target.format, origin: &shown };
        crate::history::record_written(run, &env, &settings.decode, version);
    };
    Session {
        target: &target,
        settings: &settings,
        shown: &shown,
        original: &original,
        copy,
        editor,
        on_saved: &on_saved,
    }
    .run()
}

/// `$VISUAL`, else `$EDITOR`, else `vi`; it may carry arguments.
fn editor_command(env: &impl Fn(&str) -> Option<String>) -> String {
    ["VISUAL", "EDITOR"].into_iter().filter_map(env).find(|e| !e.trim().is_empty()).unwrap_or_else(|| "vi".to_owned())
}

/// One editing session, from the first opening of the editor to the end.
struct Session<'a> {
    target: &'a Target,
    settings: &'a Settings,
    shown: &'a str,
    original: &'a [u8],
    copy: PrivateCopy,
    editor: String,
    /// Told of the version saved.
    on_saved: &'a dyn Fn(&crate::feed::Feed, &[u8]),
}

impl Session<'_> {
    fn run(self) -> ExitCode {
        let copy_shown = clean_path(self.copy.path());
        let mut given = self.original.to_vec();
        loop {
            if let Err(message) = run_editor(&self.editor, self.copy.path()) {
                eprintln!("{}: {message}: nothing written; your copy is kept at {copy_shown}", self.shown);
                return ExitCode::from(1);
            }
            let edited = match self.copy.read() {
                Ok(bytes) => bytes,
                Err(e) => {
                    eprintln!("{}: cannot read your copy {copy_shown}: {e}; nothing written", self.shown);
                    return ExitCode::from(1);
                }
            };
            let body = strip_errors(&edited, self.target.format);
            if edited == given && given == self.original || body == self.original {
                eprintln!("{}: no changes", self.shown);
                self.copy.remove();
                return ExitCode::SUCCESS;
            }
            let candidate = self.bumped(&body);
            match check(&candidate, self.target.format, &self.settings.decode) {
                Ok(accepted) => {
                    crate::edit::command::report_warnings(&accepted.warnings, self.shown);
                    return self.save(&candidate, &body, &copy_shown, &accepted.feed);
                }
                Err(problems) => {
                    given = with_errors(&body, &problems, self.target.format);
                    let shift = header_lines(&given);
                    for problem in &problems {
                        eprintln!("{}", shifted(problem, shift).display_in(&copy_shown));
                    }
                    if let Err(e) = self.copy.write(&given) {
                        eprintln!("{}: cannot write your copy {copy_shown}: {e}; nothing written", self.shown);
                        return ExitCode::from(1);
                    }
                    match ask(&copy_shown) {
                        Some(Choice::EditAgain) => {}
                        Some(Choice::Discard) => {
                            self.copy.remove();
                            eprintln!("{}: discarded; the feed is unchanged", self.shown);
                            return ExitCode::from(1);
                        }
                        Some(Choice::Keep) => {
                            eprintln!("{}: not saved; your copy is kept at {copy_shown}", self.shown);
                            return ExitCode::from(1);
                        }
                        None => {
                            eprintln!(
                                "{}: not saved (no terminal to ask on); your copy is kept at {copy_shown}",
                                self.shown
                            );
                            return ExitCode::from(1);
                        }
                    }
                }
            }
        }
    }

    /// `generated` set to now, unless the edit changed it itself.
    fn bumped(&self, body: &[u8]) -> Vec<u8> {
        let format = self.target.format;
        let (Ok(before), Ok(after)) = (std::str::from_utf8(self.original), std::str::from_utf8(body)) else {
            return body.to_vec();
        };
        if generated_of(before, format) != generated_of(after, format) {
            return body.to_vec();
        }
        crate::edit::stamp_generated(after, format, self.settings.now)
            .map_or_else(|_| body.to_vec(), String::into_bytes)
    }

    /// Replaces the feed with `candidate` unless it changed underneath.
    fn save(self, candidate: &[u8], body: &[u8], copy_shown: &str, feed: &crate::feed::Feed) -> ExitCode {
        match replace(&self.target.real, candidate, self.original) {
            Ok(()) => {
                self.copy.remove();
                (self.on_saved)(feed, candidate);
                eprintln!("{}: saved", self.shown);
                ExitCode::SUCCESS
            }
            Err(ReplaceError::ChangedUnderneath(now)) => {
                let _ = self.copy.write(body);
                eprintln!(
                    "{}: the feed changed while you were editing it (a writer outside sitrep): nothing written; \
                     your edit is kept at {copy_shown}. What changed underneath:",
                    self.shown
                );
                let before = String::from_utf8_lossy(self.original);
                let after = String::from_utf8_lossy(&now);
                let diff = unified_diff(&before, &after, self.shown);
                let lines: Vec<&str> = diff.lines().collect();
                for line in lines.iter().take(40) {
                    eprintln!("{line}");
                }
                if lines.len() > 40 {
                    eprintln!("... ({} more lines)", lines.len() - 40);
                }
                ExitCode::from(1)
            }
            Err(ReplaceError::Io(message)) => {
                let _ = self.copy.write(body);
                eprintln!("{}: {message}; nothing written; your edit is kept at {copy_shown}", self.shown);
                ExitCode::from(1)
            }
        }
    }
}

/// While the editor runs, Ctrl-C and Ctrl-\\ are the editor's: sitrep must not die
/// under the user's hands and leave the edit unsaved (git and visudo do the same).
/// The signals only set a flag that nobody reads; the editor starts with the default
/// handling, as `exec` resets caught signals.
struct InterruptsToTheEditor(Vec<signal_hook::SigId>);

impl InterruptsToTheEditor {
    fn new() -> Self {
        let ignored = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let ids = [signal_hook::consts::SIGINT, signal_hook::consts::SIGQUIT]
            .into_iter()
            .filter_map(|signal| signal_hook::flag::register(signal, std::sync::Arc::clone(&ignored)).ok())
            .collect();
        Self(ids)
    }
}

impl Drop for InterruptsToTheEditor {
    fn drop(&mut self) {
        for id in self.0.drain(..) {
            signal_hook::low_level::unregister(id);
        }
    }
}

/// Runs the editor on `path` through `sh -c`, as git does, so that it may carry
/// arguments (`EDITOR="code --wait"`).
fn run_editor(editor: &str, path: &Path) -> Result<(), String> {
    let _interrupts = InterruptsToTheEditor::new();
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$@\""))
        .arg(editor)
        .arg(path)
        .status()
        .map_err(|e| format!("cannot start the editor `{editor}`: {e}"))?;
    if status.success() { Ok(()) } else { Err(format!("the editor `{editor}` failed ({status})")) }
}

/// Asks what to do after a failed check; `None` without a terminal to ask on (or at
/// the end of input).
fn ask(copy: &str) -> Option<Choice> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        return None;
    }
    let mut line = String::new();
    loop {
        eprint!("What now? (e)dit again, (x) discard, (q)uit and keep my copy at {copy} ");
        let _ = std::io::stderr().flush();
        line.clear();
        if stdin.lock().read_line(&mut line).ok()? == 0 {
            return None;
        }
        match line.trim().chars().next().map(|c| c.to_ascii_lowercase()) {
            Some('e') => return Some(Choice::EditAgain),
            Some('x') => return Some(Choice::Discard),
            Some('q') => return Some(Choice::Keep),
            _ => {}
        }
    }
}

/// The copy without the error block at its top.
fn strip_errors(bytes: &[u8], format: Format) -> Vec<u8> {
    if format != Format::Toml {
        return bytes.to_vec();
    }
    let mut rest = bytes;
    while rest.starts_with(MARK.as_bytes()) {
        rest = rest.iter().position(|&b| b == b'\n').map_or(&[], |i| &rest[i + 1..]);
    }
    rest.to_vec()
}

/// How many lines the error block at the top takes.
fn header_lines(bytes: &[u8]) -> usize {
    let mut count = 0;
    let mut rest = bytes;
    while rest.starts_with(MARK.as_bytes()) {
        count += 1;
        rest = rest.iter().position(|&b| b == b'\n').map_or(&[], |i| &rest[i + 1..]);
    }
    count
}

/// The body with the errors written above it as comments (TOML only: JSON has none).
fn with_errors(body: &[u8], problems: &[Problem], format: Format) -> Vec<u8> {
    if format != Format::Toml || std::str::from_utf8(body).is_err() {
        return body.to_vec();
    }
    let mut lines = vec![
        format!("{MARK}NOT SAVED: this copy has the errors below (line numbers as in this file). Fix them,"),
        format!("{MARK}save and quit to try again. Lines starting with \"{}\" are removed on saving.", MARK.trim_end()),
    ];
    let shift = lines.len() + problems.len();
    lines.extend(problems.iter().map(|p| format!("{MARK}{}", shifted(p, shift).display_in("line"))));
    let mut out = lines.join("\n").into_bytes();
    out.push(b'\n');
    out.extend_from_slice(body);
    out
}

/// `problem` placed `lines` lines further down.
fn shifted(problem: &Problem, lines: usize) -> Problem {
    let mut problem = problem.clone();
    if let Some(position) = problem.position.as_mut() {
        position.line += lines;
    }
    problem
}

/// The `generated` value as written, to tell whether an edit changed it.
fn generated_of(text: &str, format: Format) -> Option<String> {
    match format {
        Format::Toml => toml::from_str::<toml::Table>(text).ok()?.get("generated").map(ToString::to_string),
        Format::Json => serde_json::from_str::<serde_json::Value>(text).ok()?.get("generated").map(ToString::to_string),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_error_block_goes_on_and_comes_off() {
        let body = b"version = 1\nlvel = 4\n";
        let problem = Problem::error("unknown field `lvel`").at(Some(crate::feed::Position { line: 2, column: 1 }));
        let with = with_errors(body, std::slice::from_ref(&problem), Format::Toml);
        let text = String::from_utf8(with.clone()).unwrap();
        assert!(text.starts_with("# sitrep: NOT SAVED"), "{text}");
        assert_eq!(header_lines(&with), 3);
        // The error names the line as the copy shows it.
        assert!(text.contains("# sitrep: line:5:1: error: unknown field `lvel`"), "{text}");
        assert_eq!(text.lines().nth(4), Some("lvel = 4"));
        assert_eq!(strip_errors(&with, Format::Toml), body);
        assert_eq!(with_errors(b"{}", &[problem], Format::Json), b"{}");
    }

    #[test]
    fn the_editor_comes_from_visual_then_editor_then_vi() {
        let env = |vars: &'static [(&'static str, &'static str)]| {
            move |key: &str| vars.iter().find(|(k, _)| *k == key).map(|(_, v)| (*v).to_owned())
        };
        assert_eq!(editor_command(&env(&[("VISUAL", "nano"), ("EDITOR", "ed")])), "nano");
        assert_eq!(editor_command(&env(&[("VISUAL", ""), ("EDITOR", "code --wait")])), "code --wait");
        assert_eq!(editor_command(&env(&[])), "vi");
    }
}

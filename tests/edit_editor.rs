//! `sitrep edit` with a scripted editor (a shell script as `$EDITOR`): unchanged, saved,
//! invalid without a terminal to ask on, changed underneath, a failing editor; and the
//! question after a failed check answered in a real pseudo-terminal: edit again and fix
//! it, discard, or quit keeping the copy.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails loudly on a broken fixture

#[path = "common/edit.rs"]
mod edit;
#[path = "common/pty.rs"]
mod pty;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

use edit::{NOW, fixture, stderr};

/// A test's folder: the feed, the editor script, and a private temporary folder where
/// the copies go.
struct Setup {
    dir: tempfile::TempDir,
    feed: PathBuf,
    tmp: PathBuf,
}

impl Setup {
    fn new(name: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let feed = fixture(dir.path(), name);
        let tmp = dir.path().join("tmp");
        std::fs::create_dir(&tmp).unwrap();
        Self { dir, feed, tmp }
    }

    /// Writes the editor script; `$1` is the copy, `$ROUND` counts the openings.
    fn editor(&self, body: &str) -> PathBuf {
        let path = self.dir.path().join("editor.sh");
        let counter = self.dir.path().join("round");
        let script = format!(
            "#!/bin/sh\nset -e\nROUND=$(( $(cat '{c}' 2>/dev/null || echo 0) + 1 ))\necho $ROUND > '{c}'\n{body}\n",
            c = counter.display()
        );
        std::fs::write(&path, script).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        path
    }

    /// `sitrep edit FEED` with `editor`, no terminal.
    fn edit(&self, editor: &str) -> Output {
        edit::sitrep().env("EDITOR", editor).env("TMPDIR", &self.tmp).arg("edit").arg(&self.feed).output().unwrap()
    }

    fn copies(&self) -> Vec<PathBuf> {
        std::fs::read_dir(&self.tmp).unwrap().map(|e| e.unwrap().path()).collect()
    }

    fn side_file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

#[test]
fn an_unchanged_copy_writes_nothing() {
    let s = Setup::new("commented.toml");
    let before = std::fs::read(&s.feed).unwrap();
    let output = s.edit("true");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("no changes"), "{}", stderr(&output));
    assert_eq!(std::fs::read(&s.feed).unwrap(), before);
    assert!(s.copies().is_empty(), "the copy is removed: {:?}", s.copies());
}

#[test]
fn a_valid_edit_is_saved_with_generated_bumped() {
    let s = Setup::new("commented.toml");
    let seen = s.side_file("seen");
    let editor = s.editor(&format!(
        "stat -c %a \"$1\" > '{seen}'\nbasename \"$1\" >> '{seen}'\nsed -i 's/\"intensified\"/\"ended\"/' \"$1\"",
        seen = seen.display()
    ));
    let output = s.edit(editor.to_str().unwrap());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("saved"), "{}", stderr(&output));
    let text = std::fs::read_to_string(&s.feed).unwrap();
    assert!(text.contains("status = \"ended\"   # raised on the 14th"), "{text}");
    assert!(text.contains(&format!("generated = {NOW}   # bumped by every write")), "{text}");
    let seen = std::fs::read_to_string(seen).unwrap();
    assert!(seen.starts_with("600\n"), "the copy is private: {seen}");
    assert!(seen.trim_end().ends_with("-commented.toml"), "the copy keeps the feed's name: {seen}");
    assert!(s.copies().is_empty(), "{:?}", s.copies());
}

#[test]
fn an_edit_of_generated_itself_is_kept() {
    let s = Setup::new("spaced.json");
    let editor =
        s.editor("sed -i 's/2015-11-18T09:00:00+01:00/2015-11-18T09:30:00+01:00/; s/\"active\"/\"planned\"/' \"$1\"");
    let output = s.edit(editor.to_str().unwrap());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = std::fs::read_to_string(&s.feed).unwrap();
    assert!(text.contains("\"generated\": \"2015-11-18T09:30:00+01:00\""), "{text}");
    assert!(text.contains("\"status\": \"planned\""), "{text}");
}

#[test]
fn an_invalid_copy_without_a_terminal_is_kept_and_nothing_written() {
    let s = Setup::new("commented.toml");
    let before = std::fs::read(&s.feed).unwrap();
    let editor = s.editor("sed -i 's/^level = /lvel = /' \"$1\"");
    let output = s.edit(editor.to_str().unwrap());
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert_eq!(std::fs::read(&s.feed).unwrap(), before);
    let [copy] = s.copies().try_into().expect("one copy is kept");
    let copy_name = copy.display().to_string();
    assert!(err.contains(&format!("your copy is kept at {copy_name}")), "{err}");
    assert!(err.contains("no terminal to ask on"), "{err}");
    // The errors name the copy's own lines: the block at its top moves the body down.
    let text = std::fs::read_to_string(&copy).unwrap();
    assert!(text.starts_with("# sitrep: NOT SAVED"), "{text}");
    let line = text.lines().position(|l| l.starts_with("lvel = ")).unwrap() + 1;
    assert!(err.contains(&format!("{copy_name}:{line}:1: error: unknown field `lvel`")), "line {line}:\n{err}");
    assert!(text.contains(&format!("# sitrep: line:{line}:1: error: unknown field `lvel`")), "{text}");
}

#[test]
fn json_copies_get_no_comments() {
    let s = Setup::new("spaced.json");
    let editor = s.editor("sed -i 's/\"severity\": \"major\"/\"severity\": \"huge\"/' \"$1\"");
    let output = s.edit(editor.to_str().unwrap());
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("unknown variant `huge`"), "{}", stderr(&output));
    let [copy] = s.copies().try_into().expect("one copy is kept");
    assert!(std::fs::read_to_string(copy).unwrap().starts_with('{'));
}

#[test]
fn a_change_underneath_is_detected_and_nothing_overwritten() {
    let s = Setup::new("commented.toml");
    // While the officer edits, a producer outside sitrep replaces the feed.
    let outside = s.side_file("outside.toml");
    let producer = std::fs::read_to_string(&s.feed).unwrap().replace("source = \"NCTV\"", "source = \"Producer\"");
    std::fs::write(&outside, &producer).unwrap();
    let editor = s.editor(&format!(
        "cp '{outside}' '{feed}.new' && mv '{feed}.new' '{feed}'\nsed -i 's/\"intensified\"/\"ended\"/' \"$1\"",
        outside = outside.display(),
        feed = s.feed.display()
    ));
    let output = s.edit(editor.to_str().unwrap());
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("the feed changed while you were editing it"), "{err}");
    assert!(err.contains("-source = \"NCTV\"") && err.contains("+source = \"Producer\""), "what changed: {err}");
    assert_eq!(std::fs::read_to_string(&s.feed).unwrap(), producer, "the producer's version stays");
    let [copy] = s.copies().try_into().expect("the officer's edit is kept");
    let kept = std::fs::read_to_string(copy).unwrap();
    assert!(kept.contains("status = \"ended\"") && kept.contains("source = \"NCTV\""), "{kept}");
}

#[test]
fn a_failing_editor_writes_nothing_and_keeps_the_copy() {
    let s = Setup::new("commented.toml");
    let before = std::fs::read(&s.feed).unwrap();
    let output = s.edit("false");
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("the editor `false` failed"), "{}", stderr(&output));
    assert_eq!(std::fs::read(&s.feed).unwrap(), before);
    assert_eq!(s.copies().len(), 1);
}

#[test]
fn the_editor_setting_may_carry_arguments() {
    let s = Setup::new("commented.toml");
    let editor = s.editor("test \"$1\" = --quiet\nsed -i 's/\"intensified\"/\"ended\"/' \"$2\"");
    let output = s.edit(&format!("{} --quiet", editor.display()));
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(std::fs::read_to_string(&s.feed).unwrap().contains("\"ended\""));
}

/// `sitrep edit` in a pseudo-terminal, answering the question with `answer`.
fn edit_in_a_terminal(s: &Setup, editor: &Path, answer: &[u8]) -> (Option<portable_pty::ExitStatus>, String) {
    let mut command = portable_pty::CommandBuilder::new(env!("CARGO_BIN_EXE_sitrep"));
    command.env_clear();
    command.env("LANG", "C");
    command.env("PATH", std::env::var("PATH").unwrap_or_default());
    command.env("TMPDIR", &s.tmp);
    command.env("EDITOR", editor);
    command.args(["--config", concat!(env!("CARGO_MANIFEST_DIR"), "/config/default.toml"), "--at", NOW, "edit"]);
    command.arg(&s.feed);
    let mut terminal = pty::Dashboard::start_command(command, 200, 50);
    let asked = terminal.read_until(Duration::from_secs(20), |screen| screen.contents().contains("What now?"));
    assert!(asked, "no question:\n{}", terminal.terminal.screen().contents());
    terminal.press(answer);
    terminal.read_to_end(Duration::from_secs(10));
    let status = terminal.wait_for_exit(Duration::from_secs(10));
    (status, terminal.terminal.screen().contents())
}

#[test]
fn a_typo_is_fixed_on_the_second_try() {
    let s = Setup::new("commented.toml");
    let second = s.side_file("second-round.toml");
    let editor = s.editor(&format!(
        "if [ $ROUND = 1 ]; then sed -i 's/^level = /lvel = /; s/\"intensified\"/\"ended\"/' \"$1\"; \
         else cp \"$1\" '{second}'; sed -i 's/^lvel = /level = /' \"$1\"; fi",
        second = second.display()
    ));
    let (status, screen) = edit_in_a_terminal(&s, &editor, b"e\r");
    assert!(status.is_some_and(|s| s.success()), "{screen}");
    assert!(screen.contains("unknown field `lvel`"), "{screen}");
    assert!(screen.contains("What now? (e)dit again, (x) discard, (q)uit and keep my copy at "), "{screen}");
    assert!(screen.contains("saved"), "{screen}");
    // The second opening showed the errors at the top, as comments.
    let shown = std::fs::read_to_string(second).unwrap();
    assert!(shown.starts_with("# sitrep: NOT SAVED"), "{shown}");
    let text = std::fs::read_to_string(&s.feed).unwrap();
    assert!(!text.contains("# sitrep:"), "the error block is not saved: {text}");
    assert!(text.contains("level = \"substantieel\"") && text.contains("status = \"ended\""), "{text}");
    assert!(s.copies().is_empty(), "{:?}", s.copies());
}

#[test]
fn an_invalid_copy_can_be_discarded() {
    let s = Setup::new("commented.toml");
    let before = std::fs::read(&s.feed).unwrap();
    let editor = s.editor("sed -i 's/^level = /lvel = /' \"$1\"");
    let (status, screen) = edit_in_a_terminal(&s, &editor, b"x\r");
    assert_eq!(status.map(|s| s.exit_code()), Some(1), "{screen}");
    assert!(screen.contains("discarded; the feed is unchanged"), "{screen}");
    assert_eq!(std::fs::read(&s.feed).unwrap(), before);
    assert!(s.copies().is_empty(), "{:?}", s.copies());
}

#[test]
fn an_invalid_copy_can_be_kept() {
    let s = Setup::new("commented.toml");
    let before = std::fs::read(&s.feed).unwrap();
    let editor = s.editor("sed -i 's/^level = /lvel = /' \"$1\"");
    let (status, screen) = edit_in_a_terminal(&s, &editor, b"q\r");
    assert_eq!(status.map(|s| s.exit_code()), Some(1), "{screen}");
    let [copy] = s.copies().try_into().expect("the copy is kept");
    assert!(screen.contains("your copy is kept at"), "{screen}");
    assert!(std::fs::read_to_string(copy).unwrap().contains("lvel = "));
    assert_eq!(std::fs::read(&s.feed).unwrap(), before);
}

#[test]
fn an_interrupt_while_the_editor_runs_does_not_end_sitrep() {
    let s = Setup::new("commented.toml");
    // Ctrl-C reaches every process of the terminal's foreground group; here it is sent to
    // sitrep alone (the parent of the `sh -c` that runs the editor).
    let editor = s.editor("kill -INT $(ps -o ppid= -p $PPID)\nsleep 0.2\nsed -i 's/\"intensified\"/\"ended\"/' \"$1\"");
    let output = s.edit(editor.to_str().unwrap());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(std::fs::read_to_string(&s.feed).unwrap().contains("\"ended\""));
}

#[test]
fn the_feed_may_be_named_with_the_global_feed_option() {
    let s = Setup::new("commented.toml");
    let editor = s.editor("sed -i 's/\"intensified\"/\"ended\"/' \"$1\"");
    let output = edit::sitrep()
        .env("EDITOR", &editor)
        .env("TMPDIR", &s.tmp)
        .arg("--feed")
        .arg(&s.feed)
        .arg("edit")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(std::fs::read_to_string(&s.feed).unwrap().contains("\"ended\""));
}

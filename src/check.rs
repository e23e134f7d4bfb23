//! `sitrep check`: every problem of every file, compiler style (or JSON), and an exit
//! status for scripts.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use serde::Serialize;

use crate::config::Language;
use crate::feed::{Accepted, DecodeOptions, Format, Problem, Rejected, read_file};

/// The outcome for one file.
#[derive(Debug, Serialize)]
pub struct FileReport {
    pub file: String,
    pub valid: bool,
    pub problems: Vec<Problem>,
    /// A one-line description of a valid feed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
}

/// Checks one file.
#[must_use]
pub fn check_file(path: &Path, format: Option<Format>, options: &DecodeOptions) -> FileReport {
    report(path.display().to_string(), read_file(path, format, options))
}

/// The report of one decoded document, named `file`.
#[must_use]
pub fn report(file: String, result: Result<Accepted, Rejected>) -> FileReport {
    match result {
        Ok(accepted) => {
            let feed = &accepted.feed;
            let exercise = if feed.exercise { "EXERCISE / OEFENING: " } else { "" };
            let summary = format!(
                "valid: {exercise}threat level {} {}/{} ({}), {} measures, {} incidents",
                feed.threat.level.name,
                feed.threat.level.rank,
                feed.threat.level.of,
                feed.threat.scale.name,
                feed.measures.len(),
                feed.incidents.len()
            );
            FileReport { file, valid: true, problems: accepted.warnings, summary: Some(summary) }
        }
        Err(rejected) => FileReport { file, valid: false, problems: rejected.problems, summary: None },
    }
}

/// Runs the check over `files` and writes the report; returns the exit status.
///
/// # Errors
/// When the report cannot be written.
pub fn run(
    files: &[impl AsRef<Path>],
    format: Option<Format>,
    json: bool,
    options: &DecodeOptions,
    language: Language,
    out: &mut impl Write,
) -> io::Result<ExitCode> {
    let reports: Vec<FileReport> = files.iter().map(|f| check_file(f.as_ref(), format, options)).collect();
    let invalid = reports.iter().filter(|r| !r.valid).count();
    if json {
        #[derive(Serialize)]
        struct Report<'a> {
            files: &'a [FileReport],
            valid: usize,
            invalid: usize,
        }
        let report = Report { files: &reports, valid: reports.len() - invalid, invalid };
        serde_json::to_writer_pretty(&mut *out, &report)?;
        writeln!(out)?;
    } else {
        write_text(&reports, language, out)?;
    }
    Ok(if invalid == 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// Every problem compiler style, each valid file's summary, and the count, in `language`
/// (JSON stays English: it is for machines).
///
/// # Errors
/// When the report cannot be written.
pub fn write_text(reports: &[FileReport], language: Language, out: &mut impl Write) -> io::Result<()> {
    let (mut errors, mut warnings) = (0, 0);
    for report in reports {
        for problem in &report.problems {
            writeln!(out, "{}", crate::ui::translate::problem(problem, &report.file, language))?;
            if problem.is_error() {
                errors += 1;
            } else {
                warnings += 1;
            }
        }
        if let Some(summary) = &report.summary {
            let summary = crate::ui::translate::message(summary, language);
            writeln!(out, "{}: {summary}", crate::feed::text::Text::new(&report.file))?;
        }
    }
    let invalid = reports.iter().filter(|r| !r.valid).count();
    let files = reports.len();
    let valid = files - invalid;
    match language {
        Language::En => writeln!(
            out,
            "checked {files} file{}: {valid} valid, {invalid} invalid; {errors} error{}, {warnings} warning{}",
            plural(files),
            plural(errors),
            plural(warnings),
        ),
        Language::Nl => writeln!(
            out,
            "{files} {} gecontroleerd: {valid} geldig, {invalid} ongeldig; {errors} {}, {warnings} {}",
            if files == 1 { "bestand" } else { "bestanden" },
            if errors == 1 { "fout" } else { "fouten" },
            if warnings == 1 { "waarschuwing" } else { "waarschuwingen" },
        ),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

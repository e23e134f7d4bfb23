//! Writes a year of history (20 000 versions of a demo-sized feed in a 440 000-entry
//! journal, and the store beside it) for trying `sitrep history` and time travel on:
//! `cargo run --release --example history_year -- DIR`, then
//! `sitrep --journal DIR/journal.jsonl history list`.

#[path = "../benches/common/history_year.rs"]
mod history_year;
#[path = "../benches/common/journal_year.rs"]
mod journal_year;

fn main() -> std::io::Result<()> {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "history-year".to_owned()));
    std::fs::create_dir_all(&dir)?;
    let journal = dir.join("journal.jsonl");
    let files = history_year::write(&journal, &dir.join("history"), 64 * 1024 * 1024)?;
    println!(
        "{} versions in {} and {files} journal files, the newest {}, ending {}",
        history_year::VERSIONS,
        dir.join("history").display(),
        journal.display(),
        history_year::end()
    );
    Ok(())
}

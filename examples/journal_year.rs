//! Writes a year-sized journal (450 000 entries, rotated at 64 MiB) for trying the
//! handover and the dashboard on: `cargo run --release --example journal_year -- PATH [ENTRIES]`.

#[path = "../benches/common/journal_year.rs"]
mod journal_year;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| "journal.jsonl".to_owned());
    let entries = args.next().and_then(|n| n.parse().ok()).unwrap_or(journal_year::ENTRIES);
    let files = journal_year::write(std::path::Path::new(&path), entries, 64 * 1024 * 1024)?;
    println!("{entries} entries in {files} files, the newest {path}, ending {}", journal_year::end());
    Ok(())
}

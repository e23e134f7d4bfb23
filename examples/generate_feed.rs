//! Writes a large JSON feed to standard output, for the measurement harness:
//! `cargo run --release --example generate_feed -- 100000 2000 > large.json`.

#[path = "../benches/common/generate.rs"]
mod generate;

fn main() {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<usize>());
    let incidents = args.next().and_then(Result::ok).unwrap_or(100_000);
    let measures = args.next().and_then(Result::ok).unwrap_or(2_000);
    print!("{}", generate::json_feed(incidents, measures));
}

#!/usr/bin/env bash
# Builds sitrep's Debian package and checks it as an administrator would meet it.
#
#   scripts/package.sh            # -> target/debian/sitrep_VERSION-1_ARCH.deb
#
# 1. `cargo build --release`, with SOURCE_DATE_EPOCH at the last commit's time (the
#    build date `sitrep --version` shows, and the date in the man pages).
# 2. The generated assets, made by the built binary from its own clap definitions and
#    default config, into target/deb-assets: the man pages (`sitrep man --dir`), the
#    bash, zsh and fish completions (`sitrep completions`), and /etc/sitrep/config.toml
#    with every key commented out (`sitrep default-config --commented`).
# 3. `cargo deb --no-build` (cargo-deb, as .ci/run pins it), metadata in Cargo.toml.
# 4. The checks, for real: tests/package.rs with SITREP_DEB set (dpkg-deb -c lists the
#    files; lintian shows no errors; man -l renders the pages; the bash completion
#    completes; dpkg -i into a scratch root, then the installed binary's --version and
#    doctor). SITREP_PACKAGE_REQUIRED=1 makes a missing tool a failure, not a skip.
#
# Needs cargo-deb, dpkg-deb, lintian, man and bash (.ci/run installs what is missing);
# without one the script stops and says which.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\n== %s\n' "$*"; }

if ! cargo deb --version >/dev/null 2>&1; then
    echo "package.sh: cargo-deb is missing: cargo install cargo-deb --version 3.8.0 --locked" >&2
    exit 1
fi
for tool in dpkg-deb dpkg lintian man bash gzip; do
    command -v "$tool" >/dev/null || { echo "package.sh: $tool is missing (apt-get install $tool)" >&2; exit 1; }
done

# The build date is the last commit's, so the same commit builds the same package.
SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}"
export SOURCE_DATE_EPOCH

say "cargo build --release"
cargo build --release --locked
target_dir="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
sitrep="$target_dir/release/sitrep"
"$sitrep" --version

say "generated assets"
assets=target/deb-assets
rm -rf "$assets"
mkdir -p "$assets/completions"
"$sitrep" man --dir "$assets/man" >/dev/null
"$sitrep" completions bash >"$assets/completions/sitrep.bash"
"$sitrep" completions zsh >"$assets/completions/_sitrep"
"$sitrep" completions fish >"$assets/completions/sitrep.fish"
"$sitrep" default-config --commented >"$assets/config.toml"
echo "$(ls "$assets/man" | wc -l) man pages, 3 completions, /etc/sitrep/config.toml"

say "cargo deb --no-build"
# cargo-deb finds the release binary where cargo put it (CARGO_TARGET_DIR respected).
deb="$(cargo deb --no-build --locked | tail -n 1)"
[ -f "$deb" ] || { echo "package.sh: cargo deb made no package ($deb)" >&2; exit 1; }
echo "$deb"

say "dpkg-deb -c"
dpkg-deb -c "$deb" | awk '{print $1, $6}'

say "lintian"
lintian --fail-on error --tag-display-limit 0 "$deb" || { echo "package.sh: lintian reports errors" >&2; exit 1; }
echo "no errors"

say "the package's tests (tests/package.rs)"
# Without SOURCE_DATE_EPOCH: the debug build of `cargo test` is reused as it is.
env -u SOURCE_DATE_EPOCH SITREP_DEB="$(realpath "$deb")" SITREP_PACKAGE_REQUIRED=1 cargo test --locked --test package -- --nocapture

say "done: $deb"

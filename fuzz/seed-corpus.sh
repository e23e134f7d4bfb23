#!/usr/bin/env bash
# Seeds the fuzz corpus from tests/feeds: each feed with a header of size and flags
# (120x40, 80x24, 40x12; TOML or JSON as its extension says).
set -euo pipefail
cd "$(dirname "$0")"
out=corpus/render_feed
mkdir -p "$out"
for f in ../tests/feeds/*/*.toml ../tests/feeds/*/*.json ../assets/demo-feed.toml; do
  json=0; case "$f" in *.json) json=1 ;; esac
  name=$(basename "$f")
  for size in "102 102" "68 61" "34 31"; do
    set -- $size
    printf "\\$(printf %o "$1")\\$(printf %o "$2")\\$(printf %o "$json")" | cat - "$f" > "$out/$name-$1x$2"
  done
done
echo "seeded $(ls "$out" | wc -l) inputs"

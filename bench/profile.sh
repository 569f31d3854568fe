#!/usr/bin/env bash
# Profile `tidings run` on a generated corpus: where does the time go?
#
#   bash bench/profile.sh [SIZE_MB]     (default 5)
#
# Uses `perf record -e cpu-clock` (a software event: works where hardware
# counters are unavailable, e.g. in VMs), else valgrind --tool=callgrind on a
# 1 MB corpus. Writes bench/out/profile-symbols.txt (top functions by self
# time) and bench/out/profile-crates.txt (self time summed per crate).
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-5}
out=bench/out
mkdir -p "$out"
cargo build --release -q -p tidings-cli
cargo build --release -q -p tidings-pipeline --example gen_corpus
dir=$out/corpus-${size}mb
[ -f "$dir/.done" ] || { rm -rf "$dir"; target/release/examples/gen_corpus "$dir" "$size" 1; touch "$dir/.done"; }
rm -f "$out/profile.db"*
if perf record -e cpu-clock -o /dev/null -- true >/dev/null 2>&1; then
  perf record -e cpu-clock -F 1999 -o "$out/perf.data" -- \
    target/release/tidings run "$dir" --db "$out/profile.db" --threads 1 --no-stories --quiet
  perf report -i "$out/perf.data" --no-children --sort symbol --stdio 2>/dev/null |
    grep -v '^#' | grep -v '^$' | head -60 >"$out/profile-symbols.txt"
  perf report -i "$out/perf.data" --no-children --sort symbol --stdio 2>/dev/null | grep -v '^#' |
    python3 -c '
import re, sys, collections
acc = collections.Counter()
for line in sys.stdin:
    m = re.match(r"\s*([\d.]+)%\s+\[[.k]\]\s+(.*)", line)
    if not m:
        continue
    pct, sym = float(m.group(1)), m.group(2)
    c = re.search(r"(tidings_[a-z]+)", sym)
    if c: key = c.group(1)
    elif re.search(r"sqlite3|rusqlite", sym): key = "sqlite"
    elif re.search(r"malloc|free|realloc|_int_|memcpy|memmove|memset|cfree", sym): key = "libc alloc/mem"
    elif re.search(r"aho_corasick|regex", sym): key = "regex/aho-corasick"
    elif re.search(r"unicode_normalization|unicode_segmentation", sym): key = "unicode"
    elif re.search(r"hashbrown|core::hash|HashMap|std::collections::hash", sym): key = "hashing"
    elif re.search(r"blake3", sym): key = "blake3"
    elif re.search(r"core::str|alloc::str|alloc::string|to_uppercase|to_lowercase", sym): key = "str/String ops"
    else: key = "other"
    acc[key] += pct
for k, v in acc.most_common():
    print(f"{v:6.2f}%  {k}")
' >"$out/profile-crates.txt"
else
  small=$out/corpus-1mb
  [ -f "$small/.done" ] || { rm -rf "$small"; target/release/examples/gen_corpus "$small" 1 1; touch "$small/.done"; }
  valgrind --tool=callgrind --callgrind-out-file="$out/callgrind.out" \
    target/release/tidings run "$small" --db "$out/profile.db" --threads 1 --no-stories --quiet
  callgrind_annotate "$out/callgrind.out" | head -80 >"$out/profile-symbols.txt"
  : >"$out/profile-crates.txt"
fi
echo "== self time by crate / kind" && cat "$out/profile-crates.txt"
echo "== top functions" && head -40 "$out/profile-symbols.txt"

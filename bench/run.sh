#!/usr/bin/env bash
# tidings performance harness: one command, README tables out.
#
#   bash bench/run.sh [SIZE_MB] [--update-readme]
#
# 1. builds the release binary and the bench examples;
# 2. generates a deterministic synthetic news corpus of SIZE_MB (default 20) MB
#    (crates/pipeline/examples/gen_corpus.rs; cached in bench/out/);
# 3. per-stage throughput (bench/stages.rs) on 1 and 2 threads;
# 4. end to end `tidings run` on 1 and 2 threads (wall, CPU, peak RSS via
#    getrusage), with and without the story pass, on SIZE_MB and SIZE_MB/4
#    (RSS flatness), and with the production PETRARCH dictionaries when
#    ../shared/ref/petrarch2 is present;
# 5. exports the events of the 1- and 2-thread stores and checks they are identical;
# 6. writes bench/out/performance.md; with --update-readme, replaces the block
#    between `<!-- bench:begin -->` and `<!-- bench:end -->` in README.md.
#
# Everything generated stays under bench/out/ (not committed). Run it on a quiet
# machine: the figures are wall-clock and CPU times of this host.
set -euo pipefail
cd "$(dirname "$0")/.."
size=20
update=0
for a in "$@"; do
  case "$a" in
    --update-readme) update=1 ;;
    [0-9]*) size=$a ;;
    *) echo "usage: bench/run.sh [SIZE_MB] [--update-readme]" >&2; exit 2 ;;
  esac
done
out=bench/out
mkdir -p "$out"
bin=target/release/tidings
small=$(( size / 4 > 0 ? size / 4 : 1 ))

echo "== build (release)" >&2
cargo build --release -q -p tidings-cli
cargo build --release -q -p tidings-pipeline --example gen_corpus --example bench_stages
gen=target/release/examples/gen_corpus
stages=target/release/examples/bench_stages

corpus() { # SIZE -> directory (generated once)
  local d=$out/corpus-$1mb
  if [ ! -f "$d/.done" ]; then
    rm -rf "$d"
    "$gen" "$d" "$1" 1 >&2
    touch "$d/.done"
  fi
  echo "$d"
}
big=$(corpus "$size")
little=$(corpus "$small")

# measure OUTFILE CMD...: wall, user, sys seconds and peak RSS (KB) of CMD's process tree.
measure() {
  local res=$1
  shift
  python3 - "$res" "$@" <<'PY'
import resource, subprocess, sys, time
res, cmd = sys.argv[1], sys.argv[2:]
t = time.time()
p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.time() - t
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(res, "w") as f:
    f.write(f"{wall:.3f} {ru.ru_utime:.3f} {ru.ru_stime:.3f} {ru.ru_maxrss} {p.returncode}\n")
    f.write(p.stderr.decode("utf-8", "replace"))
sys.exit(0 if p.returncode in (0, 3) else p.returncode)
PY
}

echo "== per-stage throughput" >&2
for t in 1 2; do
  "$stages" "$big" --threads "$t" --db "$out/stages-t$t.db" --json "$out/stages-t$t.json" >"$out/stages-t$t.md"
  cat "$out/stages-t$t.md" >&2
done

echo "== end to end" >&2
e2e() { # NAME CORPUS THREADS [extra args...]
  local name=$1 dir=$2 t=$3
  shift 3
  rm -f "$out/$name.db" "$out/$name.db-wal" "$out/$name.db-shm"
  measure "$out/$name.res" "$bin" run "$dir" --db "$out/$name.db" --threads "$t" "$@"
  head -1 "$out/$name.res" >&2
}
e2e e2e-t1 "$big" 1 --no-stories
e2e e2e-t2 "$big" 2 --no-stories
e2e e2e-small-t2 "$little" 2 --no-stories
e2e e2e-stories-t2 "$little" 2
prod=../shared/ref/petrarch2/PETR_config.ini
if [ -f "$prod" ]; then
  e2e e2e-prod-t2 "$big" 2 --no-stories --dictionaries "$prod"
fi

echo "== identical output on 1 and 2 threads" >&2
for t in 1 2; do
  "$bin" export --db "$out/e2e-t$t.db" --what events >"$out/events-t$t.jsonl"
  "$bin" export --db "$out/e2e-t$t.db" --what sentences >"$out/sentences-t$t.jsonl"
done
if cmp -s "$out/events-t1.jsonl" "$out/events-t2.jsonl" && cmp -s "$out/sentences-t1.jsonl" "$out/sentences-t2.jsonl"; then
  identical="identical ($(wc -l <"$out/events-t1.jsonl") events, $(wc -l <"$out/sentences-t1.jsonl") sentences)"
else
  identical="DIFFERENT (see bench/out/events-t1.jsonl vs events-t2.jsonl)"
fi
echo "$identical" >&2

python3 - "$out" "$size" "$small" "$identical" <<'PY' >"$out/performance.md"
import json, os, re, subprocess, sys
out, size, small, identical = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
def res(name):
    p = f"{out}/{name}.res"
    if not os.path.exists(p):
        return None
    lines = open(p).read().splitlines()
    wall, user, sys_, rss, rc = lines[0].split()
    err = "\n".join(lines[1:])
    m = re.search(r"read (\d+) articles .*?, (\d+) sentences, (\d+) events", open(p).read())
    d = re.search(r"dictionaries loaded in (\d+) ms", err)
    return dict(wall=float(wall), cpu=float(user) + float(sys_), rss=int(rss) / 1024, rc=int(rc), dict_ms=d and int(d.group(1)))
def stats(db):
    q = "SELECT (SELECT COUNT(*) FROM documents), (SELECT COUNT(*) FROM sentences), (SELECT COUNT(*) FROM events), (SELECT COALESCE(SUM(LENGTH(CAST(text AS BLOB))),0) FROM documents)"
    try:
        import sqlite3
        return sqlite3.connect(db).execute(q).fetchone()
    except Exception:
        return (0, 0, 0, 0)
cpu = subprocess.run(["sh", "-c", "lscpu | sed -n 's/^Model name: *//p'"], capture_output=True, text=True).stdout.strip()
print(f"Generated by `bash bench/run.sh {size}` on {os.cpu_count()} cores ({cpu or 'unknown CPU'}); corpus: "
      f"crates/pipeline/examples/gen_corpus ({size} MB, seed 1). Per-core figures are units per CPU-second.\n")
print("**Per stage** (bench/stages.rs; built-in dictionaries):\n")
t1 = json.load(open(f"{out}/stages-t1.json"))
t2 = json.load(open(f"{out}/stages-t2.json"))
print(f"{t1['articles']} articles, {t1['text_bytes']/1e6:.1f} MB of text, {t1['sentences']} sentences, {t1['events']} events; "
      f"dictionary load + compile {t1['dict_load_s']*1e3:.0f} ms.\n")
print("| stage | MB/s per core | sentences/s per core | items/s per core | CPU s (1 thread) | wall s, 2 threads |")
print("|---|---|---|---|---|---|")
for a, b in zip(t1["stages"], t2["stages"]):
    sps = f"{a['sentences_per_s']:,.0f}" if a["sentences_per_s"] > 0 else "–"
    print(f"| {a['stage']} | {a['mb_per_s']:.2f} | {sps} | {a['items_per_s']:,.0f} {a['items']} | {a['cpu_s']:.2f} | {b['wall_s']:.2f} |")
print("\n**End to end** (`tidings run`, release build):\n")
print("| run | corpus | articles | sentences | wall s | CPU s | MB/s per core | sentences/s per core | sentences/s wall | peak RSS MB |")
print("|---|---|---|---|---|---|---|---|---|---|")
rows = [("1 thread, --no-stories", "e2e-t1", size), ("2 threads, --no-stories", "e2e-t2", size),
        (f"2 threads, --no-stories ({small} MB)", "e2e-small-t2", small), ("2 threads, with story pass", "e2e-stories-t2", small),
        ("2 threads, production dictionaries (CAMEO.2.0 + Phoenix)", "e2e-prod-t2", size)]
for label, name, mb in rows:
    r = res(name)
    if not r:
        continue
    docs, sents, evs, tbytes = stats(f"{out}/{name}.db")
    print(f"| {label} | {mb} MB | {docs:,} | {sents:,} | {r['wall']:.1f} | {r['cpu']:.1f} | {tbytes/1e6/r['cpu']:.2f} | "
          f"{sents/r['cpu']:,.0f} | {sents/r['wall']:,.0f} | {r['rss']:.0f} |")
p = res("e2e-prod-t2")
if p and p["dict_ms"] is not None:
    print(f"\nProduction dictionaries load in {p['dict_ms']} ms (as printed by `tidings run`).")
d = res("e2e-t1")
if d and d["dict_ms"] is not None:
    print(f"Built-in dictionaries load in {d['dict_ms']} ms.")
print(f"\nEvents and sentences exported from the 1-thread and 2-thread stores: **{identical}**.")
PY
cat "$out/performance.md"

if [ "$update" = 1 ]; then
  python3 - "$out/performance.md" <<'PY'
import sys
new = open(sys.argv[1]).read().strip()
s = open("README.md").read()
b, e = "<!-- bench:begin -->", "<!-- bench:end -->"
if b not in s or e not in s:
    sys.exit("README.md has no bench markers")
head, rest = s.split(b, 1)
_, tail = rest.split(e, 1)
open("README.md", "w").write(head + b + "\n" + new + "\n" + e + tail)
print("README.md updated", file=sys.stderr)
PY
fi

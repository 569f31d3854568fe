#!/usr/bin/env bash
# Same output? Runs two tidings binaries on one corpus (built-in dictionaries, then the PETRARCH
# production dictionaries when ../shared/ref/petrarch2 is present) and compares the exported events
# and sentences byte for byte. For performance work: every optimization must keep them identical.
#
#   bash bench/compare.sh OLD_BINARY NEW_BINARY [CORPUS_DIR]
#
# CORPUS_DIR defaults to a 1 MB generated corpus in bench/out/corpus-1mb.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: bench/compare.sh OLD_BINARY NEW_BINARY [CORPUS_DIR]" >&2; exit 2; }
old=$1 new=$2
corpus=${3:-bench/out/corpus-1mb}
if [ ! -d "$corpus" ]; then
  cargo build --release -q -p tidings-pipeline --example gen_corpus
  target/release/examples/gen_corpus "$corpus" 1 1 >/dev/null
fi
prod=../shared/ref/petrarch2/PETR_config.ini
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
run() { # BIN TAG [ARGS...]
  local bin=$1 tag=$2; shift 2
  "$bin" run "$corpus" --db "$tmp/$tag.db" --threads 1 --no-stories --quiet "$@" 2>/dev/null
  for what in events sentences; do
    "$bin" export --db "$tmp/$tag.db" --what "$what" -o "$tmp/$tag.$what.jsonl" --quiet
  done
}
for dicts in builtin production; do
  args=()
  if [ "$dicts" = production ]; then
    [ -f "$prod" ] || { echo "production dictionaries absent ($prod): skipped"; continue; }
    args=(--dictionaries "$prod")
  fi
  run "$old" "old-$dicts" "${args[@]}"
  run "$new" "new-$dicts" "${args[@]}"
  for what in events sentences; do
    if cmp -s "$tmp/old-$dicts.$what.jsonl" "$tmp/new-$dicts.$what.jsonl"; then
      echo "$dicts $what: identical ($(wc -l <"$tmp/new-$dicts.$what.jsonl") rows)"
    else
      echo "$dicts $what: DIFFERENT"; status=1
    fi
  done
done
exit $status

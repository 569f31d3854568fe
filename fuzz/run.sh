#!/usr/bin/env bash
# Build the fuzz targets with libFuzzer coverage on the STABLE toolchain and run
# each for SECONDS (default 20), one at a time, starting from the committed seeds.
#
#   bash fuzz/run.sh [SECONDS] [TARGET...]       (default: every target in fuzz/Cargo.toml)
#
# No nightly and no cargo-fuzz needed: these are the flags `cargo fuzz build
# --sanitizer none -O` passes (no AddressSanitizer, which needs nightly `-Zsanitizer`;
# Rust's own bounds/overflow checks and debug assertions still catch the bugs that
# matter here). With cargo-fuzz installed the equivalent is
#   cargo fuzz run --sanitizer none -O TARGET -- -max_total_time=SECONDS
# Working corpora go to fuzz/target/corpus/TARGET (not committed), crashes to
# fuzz/artifacts/TARGET/. Prints one line per target: runs, seconds, exec/s, result.
# Exit status 1 if any target crashed. FUZZ_PROFILE=dev builds unoptimized (faster
# to compile, slower to run: what CI uses for its short smoke run); FUZZ_SEED=N fixes
# libFuzzer's random seed (0, the default, picks one).
set -uo pipefail
cd "$(dirname "$0")"
secs=${1:-20}
shift || true
triple=$(rustc -vV | sed -n 's/^host: //p')
export RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares -Cllvm-args=-sanitizer-coverage-stack-depth \
--cfg fuzzing -Cdebug-assertions -Coverflow-checks"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(sed -n 's/^name = "\(fuzz_[a-z_]*\)"/\1/p' Cargo.toml)
fi
profile=${FUZZ_PROFILE:-release}
dir=$([ "$profile" = dev ] && echo debug || echo "$profile")
cargo build --profile "$profile" --target "$triple" --bins || exit 2
failed=0
for t in "${targets[@]}"; do
  work=target/corpus/$t
  mkdir -p "$work" "artifacts/$t"
  [ -d "corpus/$t" ] && cp -n corpus/"$t"/* "$work"/ 2>/dev/null
  log=target/corpus/$t.log
  "target/$triple/$dir/$t" "$work" -max_total_time="$secs" -timeout=20 -max_len=16384 \
    -rss_limit_mb=2048 -seed="${FUZZ_SEED:-0}" -artifact_prefix="artifacts/$t/" -print_final_stats=1 >"$log" 2>&1
  rc=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  took=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
  if [ $rc -eq 0 ]; then res=ok; else res="CRASH (see $log, artifacts/$t/)"; failed=1; fi
  rate=$(( ${runs:-0} / (${took:-$secs} > 0 ? ${took:-$secs} : 1) ))
  printf '%-20s %10s runs %5ss %8s/s %-10s %s\n' "$t" "${runs:-?}" "${took:-$secs}" "$rate" "${cov:-}" "$res"
done
exit $failed

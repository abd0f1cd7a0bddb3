#!/usr/bin/env bash
# Fuzzes one target for SECONDS with libFuzzer and AddressSanitizer:
#   bash scripts/fuzz.sh TARGET SECONDS      (TARGET: csv, study, expression, cache-entry, bar-store)
# Builds backlab-fuzz with -sanitize=fuzzer,address into .build/fuzz, runs it on a copy of the
# committed seed corpus (Fuzz/corpus/TARGET; what it adds stays in .build/fuzz/corpus/TARGET),
# and prints executions, coverage and crashes. A crash is saved in Fuzz/crashes/TARGET/, where
# FuzzCorpusTests replays it: fix it, and keep the file as the regression test.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: scripts/fuzz.sh TARGET SECONDS}
seconds=${2:?usage: scripts/fuzz.sh TARGET SECONDS}
[[ -d Fuzz/corpus/$target ]] || { echo "no such target: $target (csv, study, expression, cache-entry, bar-store)" >&2; exit 2; }
bash scripts/setup.sh
# One build at a time: two fuzz.sh started together would build into one folder at once (which
# left a binary without coverage instrumentation).
mkdir -p .build/fuzz
exec 9> .build/fuzz/.build-lock
flock 9
# swiftc keeps only the last -sanitize= flag, so the two SwiftPM passes (fuzzer, then address)
# would leave the Swift code without coverage: -sanitize=fuzzer,address comes last, as one.
swift build --product backlab-fuzz --build-path .build/fuzz --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING 2>&1 \
  | grep -v -e "^\[" -e "ld.gold: warning" || true
binary=.build/fuzz/debug/backlab-fuzz
[[ -x $binary ]] || { echo "the fuzz build failed" >&2; exit 1; }
flock -u 9
corpus=.build/fuzz/corpus/$target
mkdir -p "$corpus" "Fuzz/crashes/$target"
cp -n Fuzz/corpus/"$target"/* "$corpus"/
log=.build/fuzz/$target.log
known=$(find "Fuzz/crashes/$target" -type f ! -name .keep | wc -l)
status=0
BACKLAB_FUZZ_TARGET=$target ASAN_OPTIONS=detect_leaks=0 "$binary" "$corpus" -max_total_time="$seconds" -timeout=30 \
  -rss_limit_mb=4096 -max_len=65536 -print_final_stats=1 -artifact_prefix="Fuzz/crashes/$target/" > "$log" 2>&1 || status=$?
grep -E "^#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss_mb|cov:" "$log" | tail -4
found=$(( $(find "Fuzz/crashes/$target" -type f ! -name .keep | wc -l) - known ))
echo "$target: $(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | grep -o '[0-9]*$') executions in $seconds s," \
  "$(grep -oE 'cov: [0-9]+' "$log" | tail -1) edges, $found new crash(es) (Fuzz/crashes/$target holds $known fixed; log: $log)"
exit $status

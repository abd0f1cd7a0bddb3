#!/usr/bin/env bash
# Writes the seed corpus of the fuzz targets into Fuzz/corpus/ from the example studies, a small
# build and hand-written inputs. Run once from the repository root (the corpus is committed);
# needs .build/release/backlab (or BACKLAB=path).
set -euo pipefail
cd "$(dirname "$0")/.."
BACKLAB=${BACKLAB:-$PWD/.build/release/backlab}
out=Fuzz/corpus
# The cache-entry seeds of the layout before issue 13 (entry-*, truncated, payload-only) were made
# by the binary of that time and stay; the others are made again.
# Files that libFuzzer added (named by their SHA-1) stay too.
rm -f "$out"/cache-entry/{pack,index,record}-* && mkdir -p "$out"/{csv,study,expression,cache-entry,bar-store}

# study: a selector byte (0 run.yaml, 1 optimization.yaml, 2 variant.yaml, 3 walkforward.yaml), then the file.
n=0
for file in studies/*/*.yaml; do
  case "$(basename "$file")" in
    run.yaml) s='\x00' ;; optimization.yaml) s='\x01' ;; variant.yaml) s='\x02' ;; walkforward.yaml) s='\x03' ;; *) continue ;;
  esac
  { printf "$s"; cat "$file"; } > "$out/study/example-$((n += 1))"
done
printf '\x00data: &d {synthetic: {seed: 1, bars: 300}}\nstrategy: {signal_generator: {plugin: sma_cross}}\nmarkets: *d\n' > "$out/study/alias"
printf '\x01objective: sharpe_ratio\nparameters:\n  strategy.signal_generator.params.fast: {start: 1, end: 1e30, step: 1e-30}\n' > "$out/study/huge-range"
printf '\x00data:\n  - {name: a, synthetic: {seed: 1}}\n  - {glob: "*.csv"}\nstrategy: {signal_generator: {plugin: ema_cross}}\n' > "$out/study/markets"

# csv: bars exported from synthetic sources, and broken ones.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf 'data: {synthetic: {seed: 3, bars: 40, timeframe: 1h, tick: 0.01}}\nstrategy: {signal_generator: {plugin: sma_cross}}\n' > "$work/a.yaml"
printf 'data: {synthetic: {seed: 4, bars: 30, timeframe: 1d}}\nstrategy: {signal_generator: {plugin: sma_cross}}\n' > "$work/b.yaml"
"$BACKLAB" export-data "$work/a.yaml" -o "$out/csv/hourly.csv" > /dev/null
"$BACKLAB" export-data "$work/b.yaml" -o "$out/csv/daily.csv" > /dev/null
printf 'Date,Open,High,Low,Close,Adj Close,Volume\n2020-01-02,10,11,9,10.5,10.4,1000\n2020-01-03,10.5,12,10,11,10.9,\n' > "$out/csv/yahoo.csv"
printf 'timestamp,open,high,low,close\n1577923200,1,2,0.5,1.5\r\n1578009600000,1.5,2,1,1\r\n' > "$out/csv/epoch-crlf.csv"
printf '\xef\xbb\xbftime,open,high,low,close\n"2020-01-02T09:30:00Z", 1 ,2,1,2\n2020-01-02T09:31:00+01:00,2,2,2,2\n' > "$out/csv/bom-quoted.csv"
printf 'date,open,high,low,close\n2020-01-02,1,1,1,1e999\n2020-01-01,nan,1,1,1\n' > "$out/csv/bad-values.csv"

# expression: where and require constraints.
printf 'fast < slow' > "$out/expression/simple"
printf 'not (fast >= slow) and slow - fast > 10 or fast * 2 == slow / 3' > "$out/expression/mixed"
printf '((fast)) != -(-slow) and not not risk_reward_ratio <= 2.5e0' > "$out/expression/nested"
printf 'fast < ' > "$out/expression/unfinished"
printf 'fast = slow' > "$out/expression/bad-operator"
printf 'max_drawdown > -0.25 and trades >= 20' > "$out/expression/require"

# cache-entry: entries of a small build (a single run, a grid, variants), and one cut short.
mkdir -p "$work/p/studies/g" "$work/p/studies/v"
printf 'data: {synthetic: {seed: 3, bars: 300}}\nstrategy: {signal_generator: {plugin: sma_cross}, exit_planner: {plugin: atr_exit}}\n' > "$work/p/studies/g/run.yaml"
printf 'objective: sharpe_ratio\nparameters:\n  strategy.signal_generator.params.fast: [5, 10]\n  strategy.signal_generator.params.slow: [30]\n' > "$work/p/studies/g/optimization.yaml"
printf 'data: {synthetic: {seed: 4, bars: 200}}\nstrategy: {signal_generator: {plugin: ema_cross}}\n' > "$work/p/studies/v/run.yaml"
(cd "$work/p" && "$BACKLAB" build --quiet --no-render)
# Its packs and their indexes, a pack cut short, and each record's payload alone (a record's
# header is 109 bytes for a 64-digit key).
n=0
for pack in "$work"/p/.backlab/cache/packs/*.pack; do
  cp "$pack" "$out/cache-entry/pack-$((n += 1))"
  cp "${pack%.pack}.index" "$out/cache-entry/index-$n"
done
head -c 5000 "$out/cache-entry/pack-1" > "$out/cache-entry/pack-torn"
tail -c +110 "$out/cache-entry/pack-1" | head -c 400 > "$out/cache-entry/record-payload"

# bar-store: the store of a small CSV as it is (mode byte 1), cut short, and its columns behind
# the target's made-up header (mode 0: the count one short, no checksums; 2: the right count;
# 8: the right count and checksums; 10: one bar too many, with checksums).
mkdir -p "$work/s/studies/c"
printf 'data: {synthetic: {seed: 6, bars: 30, timeframe: 1h}}\nstrategy: {signal_generator: {plugin: sma_cross}}\n' > "$work/s.yaml"
"$BACKLAB" export-data "$work/s.yaml" -o "$work/s/bars.csv"
printf 'data: {file: ../../bars.csv}\nstrategy: {signal_generator: {plugin: sma_cross}}\n' > "$work/s/studies/c/run.yaml"
(cd "$work/s" && "$BACKLAB" build --quiet --no-render)
store=$(ls "$work"/s/.backlab/cache/bars/*.bars)
{ printf '\x01'; cat "$store"; } > "$out/bar-store/store"
{ printf '\x01'; head -c 700 "$store"; } > "$out/bar-store/store-torn"
for mode in 00 02 08 0a; do { printf "\\x$mode"; tail -c +321 "$store"; } > "$out/bar-store/columns-$mode"; done
ls "$out"/* | wc -l

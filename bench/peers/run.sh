#!/usr/bin/env bash
# Backlab against backtesting.py, vectorbt and a hand-written numba loop, side by side.
# Builds Backlab in release mode, installs the peers from PyPI into .build/peers-venv, writes the
# same synthetic data for every engine, and runs bench/peers/compare.py. Extra arguments go to it
# (--repeats N, --skip-backtesting, --big). A benchmark: CI does not run it.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
bash scripts/setup.sh
# A statically linked Swift runtime starts about 10 ms sooner, a tenth of the canonical grid's time.
swift build -c release --product backlab --static-swift-stdlib
venv=.build/peers-venv
if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c "import backtesting, vectorbt, numba" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check backtesting==0.6.6 "vectorbt==1.2.*" numba
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf 'data: {synthetic: {seed: 2026, bars: 100000, timeframe: 1m, start: 2024-01-01, tick: 0.01}}\nstrategy: {signal_generator: {plugin: sma_cross}}\n' > "$work/grid.yaml"
printf 'data: {synthetic: {seed: 2026, bars: 1000000, timeframe: 1m, start: 2024-01-01, tick: 0.01}}\nstrategy: {signal_generator: {plugin: sma_cross}}\n' > "$work/single.yaml"
.build/release/backlab export-data "$work/grid.yaml" -o "$work/bars.csv"
.build/release/backlab export-data "$work/single.yaml" -o "$work/bars1m.csv"
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'); backlab $(git rev-parse --short HEAD)"
.build/release/backlab bench --grid --repeats 5
"$venv/bin/python" bench/peers/compare.py --backlab .build/release/backlab --python "$venv/bin/python" --work "$work" "$@"

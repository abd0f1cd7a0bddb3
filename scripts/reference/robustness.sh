#!/usr/bin/env bash
# Regenerates the fixtures of the robustness statistics' independent checks, with numpy and scipy
# installed from PyPI into the private virtual environment of generate.sh. Run it by hand; the
# tests only read the files.
# - Tests/EngineTests/Fixtures/robustness/: seeded numpy returns and the PSR, DSR and PBO that
#   robustness.py computes from them (RobustnessReferenceTests, on the Engine's functions).
# - Tests/CLITests/Fixtures/robustness-study/: returns.csv, the daily returns Backlab exports for
#   the grid of that study (`backlab export-returns`), and expected.json, the figures robustness.py
#   computes from them (ExportedReturnsReferenceTests, on a whole build's results.json).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
venv="$here/.venv"
[[ -x "$venv/bin/python" ]] || python3 -m venv "$venv"
if ! "$venv/bin/python" -c "import numpy, scipy" 2>/dev/null; then
  "$venv/bin/pip" install --quiet numpy==2.4.6 scipy==1.17.1
fi
folder="$root/Tests/EngineTests/Fixtures/robustness"
mkdir -p "$folder"
"$venv/bin/python" "$here/robustness.py" generate "$folder"
"$venv/bin/python" "$here/robustness.py" compute "$folder"

study="$root/Tests/CLITests/Fixtures/robustness-study"
(cd "$root" && swift build --product backlab >/dev/null)
"$root/.build/debug/backlab" export-returns "$study" -o "$study/returns.csv"
"$venv/bin/python" "$here/robustness.py" exported "$study"

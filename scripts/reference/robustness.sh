#!/usr/bin/env bash
# Regenerates Tests/EngineTests/Fixtures/robustness/: the input returns (seeded numpy) and the
# PSR, DSR and PBO that robustness.py computes from them with numpy and scipy, installed from PyPI
# into the private virtual environment of generate.sh. Run it by hand; the tests only read the
# JSON files.
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

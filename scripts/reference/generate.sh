#!/usr/bin/env bash
# Regenerates the reference fixtures in Tests/WorkflowsTests/Fixtures/reference/ from
# backtesting.py 0.6.6 and empyrical, installed from PyPI into a private virtual environment.
# Run it by hand when a reference case is added or changed; the tests only read its outputs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
venv="$here/.venv"
[[ -x "$venv/bin/python" ]] || python3 -m venv "$venv"
if ! "$venv/bin/python" -c "import backtesting, empyrical, quantstats, yaml" 2>/dev/null; then
  "$venv/bin/pip" install --quiet backtesting==0.6.6 empyrical-reloaded==0.7.1 quantstats==0.0.86 numpy==2.4.6 pandas==3.1.1 scipy==1.17.1 pyyaml==6.0.4
fi
(cd "$root" && swift build --product backlab >/dev/null)
cases=("$root"/Tests/WorkflowsTests/Fixtures/reference/*/)
for case in "${cases[@]}"; do
  # The data is Backlab's own synthetic source, exported as CSV; the CSV itself is not committed
  # (its SHA-256 is, and the tests regenerate and check it).
  "$root/.build/debug/backlab" export-data "$case/run.yaml" -o "$case/data.csv"
done
"$venv/bin/python" -W ignore "$here/reference.py" "${cases[@]}"
rm -f "$root"/Tests/WorkflowsTests/Fixtures/reference/*/data.csv

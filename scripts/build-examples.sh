#!/usr/bin/env bash
# Builds the example studies in studies/ into output/: each study's run as a readable summary
# (output/<study>/summary.txt) and as JSON (output/<study>/result.json).
# Until the site exists (issue 4) this is what `backlab build` will grow into.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build -c release --product backlab
backlab=.build/release/backlab
status=0
for config in studies/*/run.yaml; do
  study=$(basename "$(dirname "$config")")
  mkdir -p "output/$study"
  if "$backlab" run "$config" > "output/$study/summary.txt.tmp" &&
     "$backlab" run "$config" --json > "output/$study/result.json.tmp"; then
    mv "output/$study/summary.txt.tmp" "output/$study/summary.txt"
    mv "output/$study/result.json.tmp" "output/$study/result.json"
    cat "output/$study/summary.txt"
  else
    rm -f "output/$study/"*.tmp
    status=1
  fi
done
exit $status

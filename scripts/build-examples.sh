#!/usr/bin/env bash
# Builds the example studies in studies/ into output/ with a release build of backlab.
# Installs what is missing first (scripts/setup.sh). Run it again: only what changed is redone.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build -c release --product backlab --static-swift-stdlib
.build/release/backlab build "$@"

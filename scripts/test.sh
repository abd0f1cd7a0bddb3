#!/usr/bin/env bash
# Runs the whole test suite from a clean checkout: installs what is missing, builds, tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build
swift test --disable-xctest

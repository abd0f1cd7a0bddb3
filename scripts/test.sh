#!/usr/bin/env bash
# Runs the whole test suite from a clean checkout: installs what is missing, builds, runs the
# Swift tests, then the browser tests of the built site in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser
swift build
swift test --disable-xctest
.build/browser-venv/bin/python Tests/browser/site_browser_test.py .build/debug/backlab .

#!/usr/bin/env bash
# Runs the whole test suite from a clean checkout: installs what is missing, lints, builds, runs
# the Swift tests, then the browser tests of the built site in headless Chromium. The release binary
# is built first (with the same flags as build-examples.sh, so the two share one build) because a
# test copies it alone into an empty folder and builds a whole site with it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser
# Style first: any finding of swift format's linter (the project's .swift-format) fails the run.
swift format lint --strict --recursive --parallel Sources Tests Package.swift scripts/generate-templates.swift
swift build -c release --product backlab --static-swift-stdlib
swift build
swift test --disable-xctest
# The fuzz targets under libFuzzer, 15 s each (scripts/fuzz.sh; 10 minutes each by hand).
for target in csv study expression cache-entry bar-store; do bash scripts/fuzz.sh "$target" 15; done
# Two builds at once on one output folder, 10 times (scripts/stress/concurrent_builds.py; 100 by hand).
python3 scripts/stress/concurrent_builds.py 10 .build/release/backlab
# Kill -9 in the middle of cache writes, 20 times; the build after equals an uninterrupted one.
python3 scripts/stress/kill_during_writes.py 20 .build/release/backlab
# publish under readers: 20 publishes of a changing site while readers follow DEST/current; every
# page view finds one whole version, rollback restores byte for byte, unchanged files are hard links.
python3 scripts/stress/publish_readers.py 20 .build/release/backlab
# docs/scale-out.md's Slurm and GNU parallel recipes on a real single-node cluster (installs
# slurm-wlm, munge and parallel when missing); each site equal to one plain build's.
bash scripts/scale-out/slurm-test.sh .build/release/backlab
.build/browser-venv/bin/python Tests/browser/site_browser_test.py .build/release/backlab .
# backlab serve in Chromium: an edit reloads the open page, a broken edit shows its error over the
# last good page, 127.0.0.1 only, a taken port, Ctrl-C.
.build/browser-venv/bin/python Tests/browser/serve_browser_test.py .build/release/backlab .

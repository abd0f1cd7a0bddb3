#!/usr/bin/env python3
"""Benchmark of the data path (issue 15): the bar store and the first parse. Prints a table;
asserts nothing. Release build, whole processes, `build --no-render`, median of N (default 5).

1. One run on 3,000,000 one-minute bars from a 300 MB CSV (written once with export-data):
   - cold: no bar store and no fingerprint memo (the CSV is hashed and parsed);
   - warm: the bar store present, the result not cached (`--force`).
   The issue's targets: cold under 1.0 s, warm under 0.25 s, warm peak memory under 250 MB.
2. 20 synthetic markets x 3,000,000 bars, a 20-point grid (400 runs, 1.2e9 bar-steps), the
   stores warm (one build first makes them), `--force`: wall time and peak memory (target: under
   2 GB).
The canonical grid beside the peers is `bash bench/peers/run.sh` (its Backlab rounds keep the
bar store and drop the result cache).

Usage: python3 scripts/bench/data_bench.py [path/to/backlab] [--repeats N] [--skip-markets]
Work files go to a temporary folder under /tmp (about 900 MB while it runs).
"""
import argparse
import os
import re
import shutil
import statistics
import tempfile

import measure

RUN = "strategy: {signal_generator: {plugin: sma_cross, params: {fast: 10, slow: 30}}}\n"


def timings(stderr):
    """The step times `--timings` printed, by step name (ms)."""
    return {m.group(1).strip(): float(m.group(2)) for m in re.finditer(r"\] (.+?)\s+([0-9.]+) ms", stderr)}


def rounds(argv, cwd, repeats, before):
    """`repeats` builds, `before()` ahead of each; medians of wall, peak and step times."""
    walls, peaks, steps = [], [], []
    for _ in range(repeats):
        before()
        seconds, peak, _, stderr = measure.run(argv, cwd)
        walls.append(seconds)
        peaks.append(peak)
        steps.append(timings(stderr))
    names = steps[0].keys()
    return statistics.median(walls), min(walls), max(walls), statistics.median(peaks), {
        n: statistics.median(s.get(n, 0) for s in steps) for n in names}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("backlab", nargs="?", default=".build/release/backlab")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--skip-markets", action="store_true")
    args = parser.parse_args()
    backlab = os.path.abspath(args.backlab)
    work = tempfile.mkdtemp(prefix="backlab-data-bench-", dir="/tmp")
    rows = []
    try:
        # 1. The 3,000,000-bar CSV.
        gen = os.path.join(work, "gen.yaml")
        with open(gen, "w") as f:
            f.write("data: {synthetic: {seed: 5, bars: 3000000, timeframe: 1m, start: 2019-01-01}}\n" + RUN)
        csv = os.path.join(work, "bars.csv")
        measure.run([backlab, "export-data", gen, "-o", csv], work)
        size = os.path.getsize(csv)
        project = os.path.join(work, "csv")
        os.makedirs(os.path.join(project, "studies", "one"))
        with open(os.path.join(project, "studies", "one", "run.yaml"), "w") as f:
            f.write(f"data: {{file: {csv}}}\n" + RUN)
        cache = os.path.join(project, ".backlab", "cache")
        argv = [backlab, "build", "--no-render", "--quiet", "--timings", "--force"]

        def cold():
            shutil.rmtree(os.path.join(cache, "bars"), ignore_errors=True)
            if os.path.exists(os.path.join(cache, "fingerprints.tsv")):
                os.remove(os.path.join(cache, "fingerprints.tsv"))

        wall, low, high, peak, steps = rounds(argv, project, args.repeats, cold)
        parse = steps.get("load studies", 0) + steps.get("plan", 0)
        rows.append(("3,000,000-bar CSV, cold (hash + parse + store)", wall, low, high, peak,
                     f"read+hash+parse {parse:.0f} ms: {size / 1e6 / (parse / 1000):.0f} MB/s, "
                     f"{3e6 / (parse / 1000) / 1e6:.1f} M bars/s; run {steps.get('run backtests', 0):.0f} ms"))
        wall, low, high, peak, steps = rounds(argv, project, args.repeats, lambda: None)
        rows.append(("3,000,000-bar CSV, warm (store, result not cached)", wall, low, high, peak,
                     f"run backtests {steps.get('run backtests', 0):.0f} ms (reading the store and the run)"))
        shutil.rmtree(project)
        os.remove(csv)

        # 2. 20 synthetic markets x 3,000,000 bars, a 20-point grid.
        if not args.skip_markets:
            project = os.path.join(work, "markets")
            study = os.path.join(project, "studies", "markets")
            os.makedirs(study)
            with open(os.path.join(study, "run.yaml"), "w") as f:
                f.write("data:\n")
                for m in range(20):
                    f.write(f"  - {{name: m{m}, synthetic: {{seed: {100 + m}, bars: 3000000, timeframe: 1m, "
                            f"start: 2019-01-01, drift: {0.02 * (m % 5):.2f}, volatility: {0.15 + 0.02 * (m % 4):.2f}}}}}\n")
                f.write(RUN)
            with open(os.path.join(study, "optimization.yaml"), "w") as f:
                f.write("objective: sharpe_ratio\naggregate: median\nparameters:\n"
                        "  strategy.signal_generator.params.fast: {start: 5, end: 24, step: 1}\n")
            measure.run([backlab, "build", "--no-render", "--quiet"], project)  # makes the 20 stores
            wall, low, high, peak, steps = rounds(argv, project, args.repeats, lambda: None)
            rows.append(("20 markets x 3,000,000 bars, 20-point grid (400 runs), stores warm", wall, low, high, peak,
                         f"{1.2e9 / wall:.2e} bar-steps/s; run backtests {steps.get('run backtests', 0) / 1000:.1f} s"))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"machine: {os.cpu_count()} cores; median of {args.repeats}, whole process, build --no-render")
    print(f"| case | median | min-max | peak memory | where the time goes |")
    print(f"|---|---|---|---|---|")
    for name, wall, low, high, peak, note in rows:
        print(f"| {name} | {wall:.2f} s | {low:.2f}-{high:.2f} s | {peak:.0f} MB | {note} |")


if __name__ == "__main__":
    main()

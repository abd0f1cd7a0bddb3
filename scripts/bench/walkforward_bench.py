#!/usr/bin/env python3
"""Benchmarks of walk-forward studies and the overfitting statistics (issue 9). Prints figures;
asserts nothing.

- A walk-forward of 10 years of daily bars (a CSV) x a 500-point grid with 3-year/6-month windows,
  cold cache, without and with the site: wall time, runs, bar-steps/s.
- The rebuild after appending one out-of-sample window of bars to the CSV: what plan --json says
  and what the build ran (only the new window's runs, the whole-period runs and the hindsight run
  should run), and its time.
- A 10,000-run grid on 10 years of daily bars: the time of the analyse step (PBO by CSCV over every
  run, DSR, the plateau) and the peak memory of the whole build.

Usage: python3 scripts/bench/walkforward_bench.py [path/to/backlab]   (default .build/release/backlab)
"""
import csv
import json
import os
import re
import shutil
import sys
import tempfile

import measure

BACKLAB = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".build/release/backlab")
DATA = "data: {synthetic: {seed: 7, bars: BARS, timeframe: 1d, start: 2015-01-02, tick: 0.01}}\nstrategy: {signal_generator: {plugin: sma_cross}}\n"
RUN = """data: {file: ../bars.csv}
platform: {fees_pct: 0.001}
strategy:
  signal_generator: {plugin: sma_cross, params: {fast: 10, slow: 50}}
  exit_planner: {plugin: atr_exit}
"""
GRID_500 = """objective: sharpe_ratio
parameters:
  strategy.signal_generator.params.fast: {values: [5, 15, 25, 35, 45]}
  strategy.signal_generator.params.slow: {start: 50, end: 230, step: 20}
  strategy.exit_planner.params.risk_reward_ratio: {values: [1.5, 2, 2.5, 3, 4, 5, 6, 8, 10, 12]}
"""
GRID_10000 = """objective: sharpe_ratio
parameters:
  strategy.signal_generator.params.fast: {start: 1, end: 100, step: 1}
  strategy.signal_generator.params.slow: {start: 101, end: 200, step: 1}
"""
WINDOWS = "in_sample: 3y\nout_of_sample: 6mo\n"


def run(root, *args):
    """Runs backlab in `root`; returns (seconds, peak RSS in MB, stdout, stderr)."""
    return measure.run([BACKLAB, *args], root)


def step(stderr, name):
    match = re.search(rf"\] {re.escape(name)}\s+([0-9.]+) ms", stderr)
    return float(match.group(1)) / 1000 if match else float("nan")


def bars_csv(root, bars):
    with open(os.path.join(root, "bars.yaml"), "w") as f:
        f.write(DATA.replace("BARS", str(bars)))
    run(root, "export-data", "bars.yaml", "-o", "long.csv")
    return open(os.path.join(root, "long.csv")).read().splitlines()


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def main():
    print(f"backlab: {BACKLAB}; {os.cpu_count()} cores")
    root = tempfile.mkdtemp(prefix="backlab-wf-bench-")
    lines = bars_csv(root, 2520 + 200)
    write(os.path.join(root, "studies/bars.csv"), "\n".join(lines[: 2520 + 1]) + "\n")
    study = os.path.join(root, "studies/wf")
    write(os.path.join(study, "run.yaml"), RUN)
    write(os.path.join(study, "optimization.yaml"), GRID_500)
    write(os.path.join(study, "walkforward.yaml"), WINDOWS)

    seconds, peak, stdout, stderr = run(root, "build", "--no-render", "--timings", "--quiet", "--cache", "cache-a", "--output", "out-a")
    windows = list(csv.DictReader(open(os.path.join(root, "out-a/wf/walkforward.csv"))))
    runs = 500 + 500 * len(windows) + len(windows) + 1
    steps = 500 * 2520 + sum(500 * int(w["in_sample_bars"]) + int(w["out_of_sample_bars"]) for w in windows)
    steps += sum(int(w["out_of_sample_bars"]) for w in windows)  # the hindsight run trades every out-of-sample bar
    print(f"walk-forward, 10 years of daily bars x 500-point grid, 3y/6mo windows ({len(windows)} windows, {runs} runs, {steps:.3g} bar-steps):")
    print(f"  cold, no site: {seconds:.2f} s whole process ({runs / seconds:.0f} runs/s, {steps / seconds:.3g} bar-steps/s), peak {peak:.0f} MB")
    print(f"    run backtests {step(stderr, 'run backtests'):.2f} s, out of sample {step(stderr, 'run out-of-sample backtests'):.3f} s, "
          f"plan {step(stderr, 'plan'):.2f} s, analyse {step(stderr, 'analyse'):.2f} s")
    seconds, peak, _, stderr = run(root, "build", "--timings", "--quiet", "--cache", "cache-b", "--output", "out-b")
    print(f"  cold, with the site: {seconds:.2f} s, peak {peak:.0f} MB (render charts {step(stderr, 'render charts'):.2f} s)")

    # One more out-of-sample window of bars (6 months, about 126 weekdays) appended to the CSV.
    end = windows[-1]["out_of_sample_end"]
    # The next window's end is 6 months after the last one's: append until the data reaches it.
    year, month, day = map(int, end.split("-"))
    month += 6
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    target = f"{year:04d}-{month:02d}-{day:02d}"
    through = next(i for i, line in enumerate(lines) if i > 0 and line[:10] >= target)
    write(os.path.join(root, "studies/bars.csv"), "\n".join(lines[: through + 1]) + "\n")
    _, _, plan, _ = run(root, "plan", "--json", "--cache", "cache-a")
    plan = json.loads(plan)
    seconds, _, stdout, _ = run(root, "build", "--no-render", "--cache", "cache-a", "--output", "out-a")
    line = next(l for l in stdout.splitlines() if l.strip().startswith("wf:"))
    print(f"  appending {through - 2520} bars (one more window, to {target}): plan says {plan['to_run']} to run of {plan['total']} "
          f"(expected 500 whole-period + 500 in sample + 1 out of sample + 1 hindsight = 1002); build: {line.strip()} in {seconds:.2f} s")

    # PBO over a 10,000-run grid on 10 years of daily bars.
    pbo = tempfile.mkdtemp(prefix="backlab-pbo-bench-")
    write(os.path.join(pbo, "studies/grid/run.yaml"), DATA.replace("BARS", "2520").replace("strategy: {signal_generator: {plugin: sma_cross}}", "strategy: {signal_generator: {plugin: sma_cross}, exit_planner: {plugin: atr_exit}}"))
    write(os.path.join(pbo, "studies/grid/optimization.yaml"), GRID_10000)
    seconds, peak, _, stderr = run(pbo, "build", "--no-render", "--timings", "--quiet")
    robustness = json.load(open(os.path.join(pbo, "output/grid/results.json")))["optimization"]["robustness"]
    print(f"10,000-run grid on 10 years of daily bars: analyse (PBO over {robustness['overfitting']['splits']} splits x 10,000 runs, DSR, plateau) "
          f"{step(stderr, 'analyse'):.2f} s; whole build {seconds:.2f} s, peak memory {peak:.0f} MB")
    seconds, peak, _, stderr = run(pbo, "build", "--timings", "--quiet", "--force")
    print(f"  the same with the site, all runs again: {seconds:.2f} s, peak memory {peak:.0f} MB")
    shutil.rmtree(root)
    shutil.rmtree(pbo)


if __name__ == "__main__":
    main()

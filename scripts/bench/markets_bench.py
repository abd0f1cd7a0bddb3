#!/usr/bin/env python3
"""Benchmark of a grid over many markets (issue 10). Prints figures; asserts nothing.

20 synthetic markets (different seeds, drifts and volatilities) x 10 years of daily bars (2,520
each) x a 1,000-point grid: 20,000 runs, cold cache, the whole process with the site (tables,
heatmap of the aggregate, equity charts, run pages, the robustness statistics over the
markets' equal-weight returns). Reports wall time, runs/s, bar-steps/s, peak memory (the
targets of issue 10: under 15 s and under 500 MB on the 2-core machine), the steps' times, and a
no-op rebuild and the build after appending a 21st market.

Usage: python3 scripts/bench/markets_bench.py [path/to/backlab]   (default .build/release/backlab)
"""
import json
import os
import re
import shutil
import sys
import tempfile

import measure

BACKLAB = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".build/release/backlab")
BARS = 2520
GRID = """objective: sharpe_ratio
aggregate: median
parameters:
  strategy.signal_generator.params.fast: {start: 2, end: 51, step: 1}
  strategy.signal_generator.params.slow: {start: 60, end: 250, step: 10}
"""


def market(seed):
    drift = (seed % 5 - 2) * 0.0002
    volatility = 0.008 + (seed % 4) * 0.004
    return (f"  - {{name: m{seed:02d}, synthetic: {{seed: {seed}, bars: {BARS}, timeframe: 1d, start: 2015-01-02, "
            f"drift: {drift}, volatility: {volatility}, tick: 0.01}}}}\n")


def run_yaml(markets):
    return ("data:\n" + "".join(market(s) for s in range(1, markets + 1)) +
            "platform: {fees_pct: 0.001}\n"
            "strategy:\n  signal_generator: {plugin: sma_cross}\n  exit_planner: {plugin: signal_exit}\n")


def run(root, *args):
    """Runs backlab in `root`; returns (seconds, peak RSS in MB, stdout, stderr)."""
    return measure.run([BACKLAB, *args], root)


def steps(stderr):
    return {m.group(1).strip(): float(m.group(2)) / 1000 for m in re.finditer(r"\] ([a-z -]+?)\s+([0-9.]+) ms", stderr)}


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def main():
    print(f"backlab: {BACKLAB}; {os.cpu_count()} cores")
    root = tempfile.mkdtemp(prefix="backlab-markets-bench-")
    try:
        write(os.path.join(root, "studies/markets/run.yaml"), run_yaml(20))
        write(os.path.join(root, "studies/markets/optimization.yaml"), GRID)
        seconds, peak, stdout, stderr = run(root, "build", "--timings", "--quiet")
        results = json.load(open(os.path.join(root, "output/markets/results.json")))
        runs = len(results["runs"])
        bar_steps = runs * BARS
        print(f"20 markets x {BARS} daily bars x 1,000-point grid = {runs} runs, cold, with the site:")
        print(f"  {seconds:.2f} s whole process ({runs / seconds:.0f} runs/s, {bar_steps / seconds:.3g} bar-steps/s), "
              f"peak memory {peak:.0f} MB (targets: < 15 s, < 500 MB)")
        timings = steps(stderr)
        print("  steps: " + ", ".join(f"{name} {t:.2f} s" for name, t in timings.items() if t >= 0.05))
        size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(os.path.join(root, "output")) for f in fs)
        pages = sum(1 for d, _, fs in os.walk(os.path.join(root, "output")) for f in fs if f.endswith(".html"))
        print(f"  site: {pages} pages, {size / 1e6:.1f} MB")
        seconds, peak, stdout, _ = run(root, "build", "--quiet")
        print(f"  no-op rebuild: {seconds:.2f} s, peak {peak:.0f} MB")
        write(os.path.join(root, "studies/markets/run.yaml"), run_yaml(21))
        _, _, plan, _ = run(root, "plan", "--json")
        plan = json.loads(plan)
        seconds, peak, stdout, _ = run(root, "build")
        line = next(l for l in stdout.splitlines() if l.strip().startswith("markets:"))
        print(f"  a 21st market appended: plan says {plan['to_run']} to run of {plan['total']} (expected 1000 of 21000); "
              f"build: {line.strip()} in {seconds:.2f} s, peak {peak:.0f} MB")
    finally:
        shutil.rmtree(root)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Two backlab binaries on the same builds, alternating, in one run: the check that a change made
nothing slower (figures from one run only; the machine is shared and noisy, so compare ratios).

Builds, each as a whole process: the canonical grid (90 runs x 100,000 one-minute bars from a CSV)
cold without the site and cold with it, and its no-op rebuild. Prints the median of each, per
binary, and the ratio new / old. Asserts nothing.

Usage: ab_compare.py OLD_BACKLAB NEW_BACKLAB [--repeats N]
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

import measure

CANONICAL = ("objective: sharpe_ratio\nparameters:\n"
             "  strategy.signal_generator.params.fast: {start: 5, end: 50, step: 5}\n"
             "  strategy.signal_generator.params.slow: {start: 20, end: 200, step: 20}\n"
             "where: [\"fast < slow\"]\n")


def timed(argv, cwd):
    seconds, peak, _, _ = measure.run(argv, cwd, capture=False)
    return seconds, peak


def main():
    old, new = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    repeats = int(sys.argv[sys.argv.index("--repeats") + 1]) if "--repeats" in sys.argv else 5
    work = tempfile.mkdtemp(prefix="backlab-ab-")
    try:
        with open(os.path.join(work, "bars.yaml"), "w") as f:
            f.write("data: {synthetic: {seed: 2026, bars: 100000, timeframe: 1m, start: 2024-01-01, tick: 0.01}}\n"
                    "strategy: {signal_generator: {plugin: sma_cross}}\n")
        subprocess.run([new, "export-data", "bars.yaml", "-o", "bars.csv"], cwd=work, check=True, stdout=subprocess.DEVNULL)
        roots = {}
        for name in ("old", "new"):
            study = os.path.join(work, name, "studies", "canonical")
            os.makedirs(study)
            with open(os.path.join(study, "run.yaml"), "w") as f:
                f.write(f"data: {{file: {os.path.join(work, 'bars.csv')}}}\n"
                        "platform: {fees_pct: 0.001, fractional_units: false}\n"
                        "strategy: {signal_generator: {plugin: sma_cross}, exit_planner: {plugin: signal_exit}}\n")
            with open(os.path.join(study, "optimization.yaml"), "w") as f:
                f.write(CANONICAL)
            roots[name] = os.path.join(work, name)
        binaries = {"old": old, "new": new}
        cases = [("grid, cold, no site", ["--no-render"], True), ("grid, cold, with site", [], True),
                 ("no-op rebuild", [], False)]
        results = {(case, name): [] for case, _, _ in cases for name in binaries}
        memory = {name: 0.0 for name in binaries}
        for _ in range(repeats):
            for case, flags, cold in cases:
                for name in ("old", "new"):
                    root = roots[name]
                    if cold:
                        shutil.rmtree(os.path.join(root, ".backlab"), ignore_errors=True)
                        shutil.rmtree(os.path.join(root, "output"), ignore_errors=True)
                    seconds, rss = timed([binaries[name], "build", "--quiet"] + flags, root)
                    results[(case, name)].append(seconds)
                    memory[name] = max(memory[name], rss)
        print(f"median of {repeats}, alternating old and new; whole process")
        print(f"{'build':28} {'old':>10} {'new':>10} {'new/old':>8}")
        for case, _, _ in cases:
            a, b = statistics.median(results[(case, 'old')]), statistics.median(results[(case, 'new')])
            print(f"{case:28} {a * 1000:8.1f}ms {b * 1000:8.1f}ms {b / a:8.2f}")
        print(f"{'peak memory':28} {memory['old']:8.1f}MB {memory['new']:8.1f}MB {memory['new'] / memory['old']:8.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Benchmarks of `backlab build` (issue 3). Prints figures; asserts nothing.

- A 1,000-run grid on 100,000 one-minute bars, cold cache: runs/s and bar-steps/s with --jobs 1
  and --jobs 2, and the parallel efficiency (time with 1 job / time with 2).
- A 10,000-run study: the cold build, then the no-op rebuild (nothing changed), and their ratio.
- A 100,000-run grid: the peak memory (max RSS) of its cold build.

Usage: python3 scripts/bench/build_bench.py [path/to/backlab]   (default .build/release/backlab)
"""
import os
import shutil
import sys
import tempfile

import measure

BACKLAB = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".build/release/backlab")

STUDIES = {
    "grid1000": ("""data: {synthetic: {seed: 5, bars: 100000, timeframe: 1m, tick: 0.01}}
platform: {fees_pct: 0.001, fractional_units: false}
strategy: {signal_generator: {plugin: sma_cross}, exit_planner: {plugin: signal_exit}}
""", """objective: sharpe_ratio
parameters:
  strategy.signal_generator.params.fast: {start: 2, end: 41, step: 1}
  strategy.signal_generator.params.slow: {start: 50, end: 170, step: 5}
"""),
    "grid10000": ("""data: {synthetic: {seed: 6, bars: 1000}}
strategy: {signal_generator: {plugin: sma_cross}, exit_planner: {plugin: atr_exit}}
""", """objective: sharpe_ratio
parameters:
  strategy.signal_generator.params.fast: {start: 1, end: 100, step: 1}
  strategy.signal_generator.params.slow: {start: 101, end: 200, step: 1}
"""),
    "grid100000": ("""data: {synthetic: {seed: 7, bars: 250}}
strategy: {signal_generator: {plugin: sma_cross}, exit_planner: {plugin: atr_exit}}
""", """objective: sharpe_ratio
parameters:
  strategy.signal_generator.params.fast: {start: 1, end: 100, step: 1}
  strategy.signal_generator.params.slow: {start: 101, end: 200, step: 1}
  strategy.exit_planner.params.risk_reward_ratio: {start: 1, end: 5.5, step: 0.5}
"""),
}


def project(names):
    root = tempfile.mkdtemp(prefix="backlab-bench-")
    for name in names:
        run, optimization = STUDIES[name]
        os.makedirs(os.path.join(root, "studies", name))
        with open(os.path.join(root, "studies", name, "run.yaml"), "w") as f:
            f.write(run)
        with open(os.path.join(root, "studies", name, "optimization.yaml"), "w") as f:
            f.write(optimization)
    return root


def build(root, *args):
    """Runs one build in a child process; returns (seconds, peak RSS of that child in MB)."""
    seconds, peak, _, _ = measure.run([BACKLAB, "build", "--quiet", *args], root, capture=False)
    return seconds, peak


def main():
    # Temporary projects are removed only at the end: ext4 allocates inodes slowly for minutes
    # after many files were deleted (recently_deleted() in the kernel), which would tax the
    # cache writes of the next phase.
    print(f"backlab: {BACKLAB}; {os.cpu_count()} cores")
    roots = []
    root = project(["grid1000"])
    bars = 1000 * 100_000
    t1, m1 = build(root, "--jobs", "1", "--cache", "c1", "--output", "o1")
    t2, m2 = build(root, "--jobs", "2", "--cache", "c2", "--output", "o2")
    same = open(os.path.join(root, "o1/grid1000/results.csv")).read() == open(os.path.join(root, "o2/grid1000/results.csv")).read()
    print("1,000-run grid on 100,000 bars, cold cache:")
    print(f"  --jobs 1: {t1:6.2f} s  {1000 / t1:7.1f} runs/s  {bars / t1:.3g} bar-steps/s  peak {m1:.0f} MB")
    print(f"  --jobs 2: {t2:6.2f} s  {1000 / t2:7.1f} runs/s  {bars / t2:.3g} bar-steps/s  peak {m2:.0f} MB")
    print(f"  parallel efficiency: {t1 / t2:.2f}x on 2 workers; results identical: {same}")
    roots.append(root)

    root = project(["grid10000"])
    cold, _ = build(root)
    noops = sorted(build(root)[0] for _ in range(5))
    print("10,000-run study (1,000 bars each):")
    print(f"  cold build {cold:.2f} s; no-op rebuild median {noops[2]:.3f} s (min {noops[0]:.3f}); ratio {cold / noops[2]:.0f}x")
    renders = []
    for _ in range(3):
        shutil.rmtree(os.path.join(root, "output"))
        renders.append(build(root)[0])
    study = os.path.join(root, "output", "grid10000")
    page = os.path.getsize(os.path.join(study, "index.html"))
    images = sum(os.path.getsize(os.path.join(study, "charts", f)) for f in os.listdir(os.path.join(study, "charts")))
    print(f"  site from a warm cache (output removed, nothing to run): median {sorted(renders)[1]:.2f} s; "
          f"study page {page / 1e6:.2f} MB of HTML + {images / 1e6:.2f} MB of charts")
    roots.append(root)

    root = project(["grid100000"])
    seconds, peak = build(root)
    cache_mb = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(os.path.join(root, ".backlab")) for f in fs) / 1e6
    print("100,000-run grid (250 bars each):")
    print(f"  cold build {seconds:.1f} s ({100_000 / seconds:.0f} runs/s); peak memory {peak:.0f} MB; cache {cache_mb:.0f} MB")
    roots.append(root)
    for root in roots:
        shutil.rmtree(root)


if __name__ == "__main__":
    main()

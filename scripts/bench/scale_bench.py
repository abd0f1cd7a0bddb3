#!/usr/bin/env python3
"""How a build scales with cores (issue 13). Prints figures; asserts nothing.

A 10,000-run grid (sma_cross, fast 2..101 x slow 110..506) on 100,000 one-minute bars, built
cold (empty cache and output) with --jobs 1 and --jobs 2, alternating, REPEATS times:
- wall time of each, and the parallel efficiency (time with 1 job / time with 2);
- the cache's size on disk per 10,000 runs, and its files;
- the serial fraction of a build, two ways: from the two times (Amdahl: t2 = t1 (s + (1 - s) / 2))
  and from --timings (the steps that do not run on all cores), and what each predicts for 16 and
  64 cores (see docs/performance.md, "Scaling with cores").

Usage: python3 scripts/bench/scale_bench.py [path/to/backlab] [--repeats N] [--old path/to/old/backlab]
(default .build/release/backlab, 5 repeats; --old measures another binary the same way, interleaved)
"""
import os
import re
import shutil
import statistics
import sys
import tempfile

import measure

ARGS = sys.argv[1:]


def option(name, default):
    if name in ARGS:
        i = ARGS.index(name)
        value = ARGS[i + 1]
        del ARGS[i:i + 2]
        return value
    return default


REPEATS = int(option("--repeats", "5"))
OLD = option("--old", None)
BACKLAB = os.path.abspath(ARGS[0] if ARGS else ".build/release/backlab")
RUN = """data: {synthetic: {seed: 11, bars: 100000, timeframe: 1m, tick: 0.01}}
platform: {fees_pct: 0.001, fractional_units: false}
strategy: {signal_generator: {plugin: sma_cross}, exit_planner: {plugin: signal_exit}}
"""
GRID = """objective: sharpe_ratio
parameters:
  strategy.signal_generator.params.fast: {start: 2, end: 101, step: 1}
  strategy.signal_generator.params.slow: {start: 110, end: 506, step: 4}
"""
# Steps that use every worker: the backtests, and the charts (drawn in parallel).
PARALLEL_STEPS = {"run backtests", "render charts", "run out-of-sample backtests"}


def project():
    root = tempfile.mkdtemp(prefix="backlab-scale-")
    os.makedirs(os.path.join(root, "studies", "grid"))
    for name, text in (("run.yaml", RUN), ("optimization.yaml", GRID)):
        with open(os.path.join(root, "studies", "grid", name), "w") as f:
            f.write(text)
    return root


def du(folder):
    """Bytes on disk (allocated blocks) and files under folder."""
    blocks, files = 0, 0
    for directory, _, names in os.walk(folder):
        for name in names:
            blocks += os.lstat(os.path.join(directory, name)).st_blocks * 512
            files += 1
    return blocks, files


def build(binary, root, jobs, tag):
    cache, output = f"cache-{tag}", f"output-{tag}"
    seconds, peak, _, stderr = measure.run(
        [binary, "build", "--quiet", "--timings", "--jobs", str(jobs), "--cache", cache, "--output", output], root)
    steps = {m.group(1): float(m.group(2)) / 1000 for m in re.finditer(r"\] (.+?)\s+([\d.]+) ms", stderr)}
    size, files = du(os.path.join(root, cache))
    shutil.rmtree(os.path.join(root, cache))
    shutil.rmtree(os.path.join(root, output))
    return seconds, peak, steps, size, files


def amdahl(serial, cores):
    return 1 / (serial + (1 - serial) / cores)


def report(name, rows):
    print(f"\n{name}")
    print("  repeat   --jobs 1   --jobs 2   efficiency   peak MB (1 / 2)")
    for i, (one, two) in enumerate(rows, 1):
        print(f"  {i:6d}   {one[0]:7.2f} s  {two[0]:7.2f} s   {one[0] / two[0]:9.2f}x   {one[1]:5.0f} / {two[1]:5.0f}")
    efficiency = [one[0] / two[0] for one, two in rows]
    print(f"  efficiency: median {statistics.median(efficiency):.2f}x, range {min(efficiency):.2f}x to {max(efficiency):.2f}x")
    size, files = rows[-1][1][3], rows[-1][1][4]
    print(f"  cache: {size / 1e6:.1f} MB on disk per 10,000 runs, in {files} files")
    t1 = statistics.median(one[0] for one, _ in rows)
    t2 = statistics.median(two[0] for _, two in rows)
    serial_times = max(0.0, min(1.0, 2 * t2 / t1 - 1))
    steps = rows[-1][0][2]
    total = sum(steps.values())
    serial_steps = sum(v for k, v in steps.items() if k not in PARALLEL_STEPS) / total if total else float("nan")
    start_up = t1 - total
    print(f"  serial fraction from the times (Amdahl, 2 cores): {serial_times:.3f}; "
          f"predicts {amdahl(serial_times, 16):.1f}x on 16 cores, {amdahl(serial_times, 64):.1f}x on 64")
    print(f"  serial fraction from --timings (steps not on all cores, --jobs 1): {serial_steps:.3f} of the steps' "
          f"{total:.2f} s (start-up {start_up:.2f} s more); predicts {amdahl(serial_steps, 16):.1f}x on 16 cores, "
          f"{amdahl(serial_steps, 64):.1f}x on 64")
    print("  steps with --jobs 1 / --jobs 2 (s): " + ", ".join(
        f"{k} {v:.2f} / {rows[-1][1][2].get(k, 0):.2f}" for k, v in steps.items() if v >= 0.05))


def main():
    print(f"backlab: {BACKLAB}; {os.cpu_count()} cores; {REPEATS} repeats of a 10,000-run grid on 100,000 bars")
    root = project()
    binaries = [("new", BACKLAB)] + ([("old", os.path.abspath(OLD))] if OLD else [])
    rows = {name: [] for name, _ in binaries}
    for repeat in range(REPEATS):
        for name, binary in binaries:
            one = build(binary, root, 1, f"{name}-1")
            two = build(binary, root, 2, f"{name}-2")
            rows[name].append((one, two))
            print(f"  repeat {repeat + 1} {name}: {one[0]:.2f} s / {two[0]:.2f} s", flush=True)
    for name, binary in binaries:
        report(f"{name}: {binary}", rows[name])
    shutil.rmtree(root)


if __name__ == "__main__":
    main()

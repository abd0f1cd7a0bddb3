#!/usr/bin/env python3
"""How a build scales with cores (issue 13). Prints figures; asserts nothing.

A 10,000-run grid (sma_cross, fast 2..101 x slow 110..506) on 100,000 one-minute bars, built
cold (empty cache and output) with --jobs 1 and --jobs 2, alternating, REPEATS times:
- wall time of each, and the parallel efficiency (time with 1 job / time with 2);
- the cache's size on disk per 10,000 runs, and its files;
- what two cores give two independent processes on this machine (the ceiling for the efficiency);
- the serial fraction of a build, two ways: from the two times (Amdahl: t2 = t1 (s + (1 - s) / 2))
  and from --timings (the steps that do not run on all cores), and what each predicts for 16 and
  64 cores (see docs/performance.md, "Scaling with cores").

Usage: python3 scripts/bench/scale_bench.py [path/to/backlab] [--repeats N] [--old path/to/old/backlab] [--no-render]
(default .build/release/backlab, 5 repeats; --old measures another binary the same way, interleaved;
--no-render builds the results without the site, which isolates the runs and their cache writes)
"""
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

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
NO_RENDER = "--no-render" in ARGS
if NO_RENDER:
    ARGS.remove("--no-render")
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
        [binary, "build", "--quiet", "--timings", "--jobs", str(jobs), "--cache", cache, "--output", output]
        + (["--no-render"] if NO_RENDER else []), root)
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
    # Step by step, from --timings (medians over the repeats): a step that takes t1 on one worker
    # and t2 on two has the serial part 2 t2 - t1 (Amdahl for that step, clipped to 0..t1); the
    # time outside the steps (start-up, exit) is serial too.
    names = list(rows[-1][0][2])
    serial_parts = {}
    for name in names:
        t1k = statistics.median(one[2].get(name, 0) for one, _ in rows)
        t2k = statistics.median(two[2].get(name, 0) for _, two in rows)
        serial_parts[name] = max(0.0, min(t1k, 2 * t2k - t1k))
    outside = statistics.median(one[0] - sum(one[2].values()) for one, _ in rows)
    serial_steps = (sum(serial_parts.values()) + max(0.0, outside)) / t1
    steps = rows[-1][0][2]
    print(f"  serial fraction from the times (Amdahl, 2 cores): {serial_times:.3f}; "
          f"predicts {amdahl(serial_times, 16):.1f}x on 16 cores, {amdahl(serial_times, 64):.1f}x on 64")
    print(f"  serial fraction step by step (--timings): {serial_steps:.3f}; predicts {amdahl(serial_steps, 16):.1f}x on 16 cores, "
          f"{amdahl(serial_steps, 64):.1f}x on 64; serial seconds: " + ", ".join(
              f"{k} {v:.2f}" for k, v in serial_parts.items() if v >= 0.05) + f", start-up and exit {outside:.2f}")
    print("  steps with --jobs 1 / --jobs 2 (s): " + ", ".join(
        f"{k} {v:.2f} / {rows[-1][1][2].get(k, 0):.2f}" for k, v in steps.items() if v >= 0.05))


def ceiling(binary, root):
    """What the machine itself gives two CPU-bound processes: one --jobs 1 build (results only)
    alone, then two at once on their own caches; 2 x alone / together is the speed-up two cores
    allow here, whatever the program (other tenants, a shared core, turbo)."""
    def one(tag):
        return [binary, "build", "--quiet", "--no-render", "--jobs", "1", "--cache", f"c-{tag}", "--output", f"o-{tag}"]
    alone = []
    together = []
    for i in range(3):
        alone.append(measure.run(one(f"alone{i}"), root, capture=False)[0])
        start = time.perf_counter()
        pair = [subprocess.Popen(one(f"pair{i}{k}"), cwd=root) for k in range(2)]
        for p in pair:
            p.wait()
        together.append(time.perf_counter() - start)
    for name in os.listdir(root):
        if name.startswith(("c-", "o-")):
            shutil.rmtree(os.path.join(root, name))
    a, t = statistics.median(alone), statistics.median(together)
    print(f"  the machine: one --jobs 1 build alone {a:.2f} s, two at once {t:.2f} s: two cores give {2 * a / t:.2f}x here")


def main():
    print(f"backlab: {BACKLAB}; {os.cpu_count()} cores; {REPEATS} repeats of a 10,000-run grid on 100,000 bars"
          + (", results only (--no-render)" if NO_RENDER else ", with the site"))
    root = project()
    ceiling(BACKLAB, root)
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

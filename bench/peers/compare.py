#!/usr/bin/env python3
"""Backlab against its peers on the canonical grid, side by side, in one run (issue 5).

Each engine runs as a whole process (start-up, imports, JIT, CSV reading included), several
times in alternation, and the medians and ratios are printed. Every engine's per-run final
equity and trade count are checked against Backlab's. A benchmark, not a test: CI does not run it.

Usage: compare.py --backlab PATH --python PATH --work DIR [--repeats N] [--skip-backtesting] [--big]
"""
import argparse
import csv
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def timed(argv, cwd, env=None):
    """Runs a process to the end; returns (wall seconds, peak RSS in MB)."""
    start = time.perf_counter()
    # stderr goes to a file, not a pipe: a chatty engine could otherwise fill the pipe and stall.
    with open(os.devnull, "w") as devnull, tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(argv, cwd=cwd, stdout=devnull, stderr=errors, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        errors.seek(0)
        stderr = errors.read().decode(errors="replace")[-4000:]
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(argv)} failed:\n{stderr}")
    return seconds, usage.ru_maxrss / 1024


def forget_results(root):
    """Empties Backlab's result cache (and the rest of .backlab) but keeps the data's bar store
    and fingerprint memo (CACHE/bars, CACHE/fingerprints.tsv): a cold result cache on data read
    before, as a researcher's second study on the same CSV runs (issue 15)."""
    state = os.path.join(root, ".backlab")
    if not os.path.isdir(state):
        return
    for entry in os.listdir(state):
        path = os.path.join(state, entry)
        if entry != "cache":
            shutil.rmtree(path) if os.path.isdir(path) else os.remove(path)
    cache = os.path.join(state, "cache")
    for entry in os.listdir(cache):
        if entry not in ("bars", "fingerprints.tsv"):
            path = os.path.join(cache, entry)
            shutil.rmtree(path) if os.path.isdir(path) else os.remove(path)


def backlab_project(work, name, csv_name, grid_yaml):
    root = os.path.join(work, name)
    study = os.path.join(root, "studies", "canonical")
    os.makedirs(study, exist_ok=True)
    with open(os.path.join(study, "run.yaml"), "w") as f:
        f.write(f"data: {{file: {os.path.join(work, csv_name)}}}\n"
                "platform: {initial_capital: 10000, fees_pct: 0.001, slippage_pct: 0, fill: next_open, fractional_units: false}\n"
                "strategy: {signal_generator: {plugin: sma_cross, params: {fast: 10, slow: 30}}, exit_planner: {plugin: signal_exit}}\n")
    if grid_yaml:
        with open(os.path.join(study, "optimization.yaml"), "w") as f:
            f.write(grid_yaml)
    return root


CANONICAL = ("objective: sharpe_ratio\nparameters:\n"
             "  strategy.signal_generator.params.fast: {start: 5, end: 50, step: 5}\n"
             "  strategy.signal_generator.params.slow: {start: 20, end: 200, step: 20}\n"
             "where: [\"fast < slow\"]\n")
BIG = ("objective: sharpe_ratio\nparameters:\n"
       "  strategy.signal_generator.params.fast: {start: 2, end: 101, step: 1}\n"
       "  strategy.signal_generator.params.slow: {start: 110, end: 209, step: 1}\n")


def backlab_runs(root):
    with open(os.path.join(root, "output", "canonical", "results.csv")) as f:
        return {f"{r.get('fast', 10)},{r.get('slow', 30)}": [float(r["final_equity"]), int(r["total_trades"])] for r in csv.DictReader(f)}


def agreement(name, theirs, ours, marked):
    """Checks an engine's runs against Backlab's final equity and trade count, or, for an engine
    that only gives the equity before closing the last open trade, against the hand-written
    loop's value of that (the loop itself agrees with Backlab on both counts)."""
    worst, disagreements, what = 0.0, [], set()
    for key, (equity, trades) in ours.items():
        if key not in theirs:
            disagreements.append(f"{key}: missing")
            continue
        their_final, their_trades, their_marked = theirs[key]
        if their_final is not None:
            what.add("final equity")
            expected, got = equity, their_final
        else:
            what.add("equity marked before the last exit fee (against the numba loop)")
            expected, got = marked[key], their_marked
        relative = abs(got - expected) / max(abs(expected), 1)
        worst = max(worst, relative)
        if their_trades is not None:
            what.add("trade count")
        if relative > 1e-9 or (their_trades is not None and their_trades != trades):
            disagreements.append(f"fast,slow={key}: {got} vs {expected}, trades {their_trades} vs {trades}")
    status = "all agree" if not disagreements else f"{len(disagreements)} DISAGREE"
    print(f"  {name:<14} {' and '.join(sorted(what))} of {len(ours)} runs: {status} (largest relative difference {worst:.1e})")
    for line in disagreements[:5]:
        print(f"      {line}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--backlab", required=True)
    parser.add_argument("--python", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--skip-backtesting", action="store_true")
    parser.add_argument("--big", action="store_true")
    args = parser.parse_args()
    backlab, python, work = os.path.abspath(args.backlab), os.path.abspath(args.python), os.path.abspath(args.work)
    engines = os.path.join(HERE, "engines.py")
    # vectorbt runs twice per round: with an empty numba cache, so that it compiles its kernels as
    # in a fresh environment (the "about 23 s" of the issue; Backlab too starts with a cold result
    # cache), and with the cache numba kept from the runs before.
    peers = ["numba", "vectorbt-cold", "vectorbt-warm"] + ([] if args.skip_backtesting else ["backtesting"])

    for case, csv_name, grid_yaml, bars in [("canonical grid: 90 runs x 100,000 one-minute bars", "bars.csv", CANONICAL, 9_000_000),
                                             ("single run: 1,000,000 one-minute bars, fast 10 / slow 30", "bars1m.csv", None, 1_000_000)]:
        print(f"\n{case} (whole process, median of {args.repeats}, run in alternation)")
        root = backlab_project(work, "grid" if grid_yaml else "single", csv_name, grid_yaml)
        times = {name: [] for name in ["backlab"] + peers}
        memory = {}
        outputs = {}
        for repeat in range(args.repeats):
            for name in ["backlab"] + peers:
                if name == "backtesting" and repeat > 0 and not grid_yaml and args.repeats > 1:
                    continue
                if name == "backlab":
                    if repeat == 0:  # one build, not timed, writes the CSV's bar store
                        shutil.rmtree(os.path.join(root, ".backlab"), ignore_errors=True)
                        timed([backlab, "build", "--quiet", "--no-render"], root, None)
                    forget_results(root)
                    shutil.rmtree(os.path.join(root, "output"), ignore_errors=True)
                    argv = [backlab, "build", "--quiet", "--no-render"]
                env = None
                if name != "backlab":
                    engine = name.split("-")[0]
                    out = os.path.join(work, f"{name}-{'grid' if grid_yaml else 'single'}.json")
                    argv = [python, "-W", "ignore", engines, engine, os.path.join(work, csv_name), out, "--grid" if grid_yaml else "--single"]
                    outputs[name] = out
                    if name == "vectorbt-cold":
                        env = dict(os.environ, NUMBA_CACHE_DIR=tempfile.mkdtemp(prefix="numba-cache-", dir=work))
                seconds, peak = timed(argv, root, env)
                times[name].append(seconds)
                memory[name] = max(memory.get(name, 0), peak)
        base = statistics.median(times["backlab"])
        for name, values in times.items():
            median = statistics.median(values)
            ratio = "" if name == "backlab" else f"  Backlab is {median / base:7.1f}x faster"
            print(f"  {name:<14} {median:8.2f} s  {bars / median:9.3g} bar-steps/s  peak {memory[name]:6.0f} MB{ratio}")
        ours = backlab_runs(root)
        runs = {}
        for name, out in outputs.items():
            with open(out) as f:
                runs[name] = json.load(f)["runs"]
        marked = {key: value[2] for key, value in runs["numba"].items()}
        for name in outputs:
            agreement(name, runs[name], ours, marked)

    if args.big:
        print("\n10,000-run grid on 100,000 bars (fast 2..101 x slow 110..209), cold cache, no site")
        root = backlab_project(work, "big", "bars.csv", BIG)
        results = {}
        for jobs in ["1", "2"]:
            shutil.rmtree(os.path.join(root, ".backlab"), ignore_errors=True)
            shutil.rmtree(os.path.join(root, "output"), ignore_errors=True)
            seconds, peak = timed([backlab, "build", "--quiet", "--no-render", "--jobs", jobs], root)
            results[jobs] = seconds
            print(f"  --jobs {jobs}: {seconds:6.1f} s  {10_000 / seconds:6.0f} runs/s  {1e9 / seconds:.3g} bar-steps/s  peak {peak:.0f} MB")
        print(f"  parallel efficiency: {results['1'] / results['2']:.2f}x on 2 workers")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Two `backlab build` processes on one output folder, started ITERATIONS times with a random
delay between them (DESIGN section 10, issue 12): every final site must equal a single build's,
byte for byte, and the cache must hold every run, readable.

Between the two starts the grid study is edited (its slow values swapped between two sets), as a
researcher saves a file while a build runs: the second build must end with the site of the new
files. Without the output lock the first build, on the old files, can finish last and leave its
pages over the new ones. Half the iterations start from an empty cache, half from a full one (the trial ledger is kept).
Compared: every file of the output except the lock file and the studies' `.backlab-inputs`
markers, which record this cache's entry stamps.

Usage: python3 scripts/stress/concurrent_builds.py [ITERATIONS] [path/to/backlab]   (default 100, .build/release/backlab)
Exits 1 at the first difference.
"""
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

ITERATIONS = int(sys.argv[1]) if len(sys.argv) > 1 else 100
BACKLAB = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else ".build/release/backlab")
STUDIES = {
    "grid/run.yaml": "data: {synthetic: {seed: 3, bars: 600, volatility: 0.3}}\n"
                     "strategy: {signal_generator: {plugin: sma_cross}, exit_planner: {plugin: atr_exit}}\n",
    "grid/optimization.yaml": "objective: sharpe_ratio\nparameters:\n"
                              "  strategy.signal_generator.params.fast: {start: 5, end: 20, step: 5}\n"
                              "  strategy.signal_generator.params.slow: {values: SLOW}\n",
    "variants/run.yaml": "data: {synthetic: {seed: 4, bars: 500}}\n"
                         "strategy: {signal_generator: {plugin: ema_cross}, exit_planner: {plugin: atr_exit}}\n",
    "variants/variant.yaml": "baseline: Base\nvariants:\n  - name: Base\n  - name: Wide\n"
                             "    overrides: {strategy.exit_planner.params.risk_reward_ratio: 4}\n",
}
SLOW = ["[30, 40]", "[35, 45, 55]"]
SKIPPED = {".backlab-lock", ".backlab-inputs"}


def write_grid(root, version):
    """Saves the grid study as editors do, atomically (a build reading a file half-written would
    rightly report it empty)."""
    path = os.path.join(root, "studies", "grid", "optimization.yaml")
    with open(path + ".tmp", "w") as f:
        f.write(STUDIES["grid/optimization.yaml"].replace("SLOW", SLOW[version]))
    os.replace(path + ".tmp", path)


def tree(folder):
    """Every file under folder (but the skipped) -> SHA-256 of its bytes."""
    found = {}
    for directory, _, files in os.walk(folder):
        for name in files:
            if name in SKIPPED:
                continue
            path = os.path.join(directory, name)
            with open(path, "rb") as f:
                found[os.path.relpath(path, folder)] = hashlib.sha256(f.read()).hexdigest()
    return found


def start(root):
    return subprocess.Popen([BACKLAB, "build", "--quiet"], cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def main():
    root = tempfile.mkdtemp(prefix="backlab-concurrent-")
    try:
        for path, text in STUDIES.items():
            os.makedirs(os.path.join(root, "studies", os.path.dirname(path)), exist_ok=True)
            with open(os.path.join(root, "studies", path), "w") as f:
                f.write(text)
        # Built twice over: the grid's trial ledger then holds both versions' configurations, as it
        # does in every iteration (it is kept; the deflated Sharpe ratio counts every trial).
        references = []
        for version in (0, 1, 0, 1):
            write_grid(root, version)
            subprocess.run([BACKLAB, "build", "--quiet"], cwd=root, check=True)
            references.append(tree(os.path.join(root, "output")))
        references = references[2:]
        random.seed(12)
        waited = 0
        started = time.perf_counter()
        for i in range(ITERATIONS):
            shutil.rmtree(os.path.join(root, "output"))
            if i % 4 < 2:
                shutil.rmtree(os.path.join(root, ".backlab", "cache"))
            write_grid(root, i % 2)
            first = start(root)
            time.sleep(random.uniform(0, 0.6))
            write_grid(root, (i + 1) % 2)
            second = start(root)
            reference = references[(i + 1) % 2]
            outputs = [p.communicate() for p in (first, second)]
            for process, (_, err) in zip((first, second), outputs):
                if process.returncode != 0:
                    sys.exit(f"iteration {i + 1}: a build exited {process.returncode}: {err.decode()}")
            waited += sum(b"waiting: output is being built" in err for _, err in outputs)
            final = tree(os.path.join(root, "output"))
            if final != reference:
                differ = sorted(k for k in set(final) | set(reference) if final.get(k) != reference.get(k))
                sys.exit(f"iteration {i + 1}: the site differs from a single build's in {differ[:10]}")
            plan = subprocess.run([BACKLAB, "plan", "--json"], cwd=root, capture_output=True, text=True)
            if plan.returncode != 0 or json.loads(plan.stdout)["to_run"] != 0 or plan.stderr:
                sys.exit(f"iteration {i + 1}: the cache is not whole: {plan.stdout}{plan.stderr}")
        # And the build after: nothing to do, nothing to say.
        again = subprocess.run([BACKLAB, "build"], cwd=root, capture_output=True, text=True)
        if again.returncode != 0 or again.stderr or "up to date" not in again.stdout or " ran, " in again.stdout.split("\n")[0]:
            sys.exit(f"the build after the last iteration did work: {again.stdout}{again.stderr}")
        print(f"{ITERATIONS} iterations of two concurrent builds in {time.perf_counter() - started:.1f} s: every site equal to a "
              f"single build's of the files as last saved, the cache whole; the second build waited in {waited}")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()

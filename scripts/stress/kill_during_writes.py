#!/usr/bin/env python3
"""Kill -9 in the middle of pack writes, KILLS times at random moments, then build (issue 13):
every result must equal an uninterrupted build's, byte for byte, and nothing may be reported
cached that cannot be read.

One study and one cache are shared by every killed build, so the cache collects what kills leave:
packs without an index (their writer never closed them) and torn tails (a record cut part-way).
Every killed build is a `--force` build, which writes every run again in grid order, so a torn
record is often the newest of its key with a whole older one behind it, and the runs past the
furthest kill are left to do. Records are written 256 bytes at a time with a millisecond between (the writer's
fault-injection seam, BACKLAB_TEST_PACK_CHUNK), so most kills land inside some record.
This script reads the packs itself, with its own parser of the record format (DESIGN section 7),
and reports how many packs were left without an index and how many ended in a torn record.

Then, in order:
- `plan --json` counts as cached exactly the runs whose records this script finds whole;
- a build runs the rest (its "cached" is plan's), and its output equals a build that was never
  interrupted (every file but the lock and the markers);
- the next build is up to date, and `plan --json` has nothing to run.

Usage: python3 scripts/stress/kill_during_writes.py [KILLS] [path/to/backlab]   (default 20, .build/release/backlab)
Exits 1 at the first failure.
"""
import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

KILLS = int(sys.argv[1]) if len(sys.argv) > 1 else 20
BACKLAB = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else ".build/release/backlab")
RUN = ("data: {synthetic: {seed: 21, bars: 20000, timeframe: 1m, tick: 0.01}}\n"
       "strategy: {signal_generator: {plugin: sma_cross}, exit_planner: {plugin: signal_exit}}\n")
GRID = ("objective: sharpe_ratio\nparameters:\n"
        "  strategy.signal_generator.params.fast: {start: 2, end: 41, step: 1}\n"
        "  strategy.signal_generator.params.slow: {start: 50, end: 290, step: 10}\n")
RUNS = 40 * 25
CHUNK = {"BACKLAB_TEST_PACK_CHUNK": "256"}
SKIPPED = {".backlab-lock", ".backlab-inputs"}


def fail(message):
    print(f"kill_during_writes: FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def write_study(root):
    os.makedirs(os.path.join(root, "studies", "grid"), exist_ok=True)
    for name, text in (("run.yaml", RUN), ("optimization.yaml", GRID)):
        with open(os.path.join(root, "studies", "grid", name), "w") as f:
            f.write(text)


def backlab(root, *args, slow=False):
    environment = dict(os.environ, **CHUNK) if slow else None
    done = subprocess.run([BACKLAB, *args], cwd=root, capture_output=True, text=True, env=environment)
    if done.returncode != 0:
        fail(f"backlab {' '.join(args)} exited {done.returncode}: {done.stderr}")
    return done.stdout


def tree(folder):
    found = {}
    for directory, _, files in os.walk(folder):
        for name in files:
            if name not in SKIPPED:
                with open(os.path.join(directory, name), "rb") as f:
                    found[os.path.relpath(os.path.join(directory, name), folder)] = hashlib.sha256(f.read()).hexdigest()
    return found


def records(pack):
    """The whole, verified records of a pack (key -> payload's SHA-256), and whether it ends in a
    torn record. Format: b"BLP1", key length (1 byte), key, payload length (8 bytes LE), the
    payload's SHA-256 (32 bytes), payload."""
    with open(pack, "rb") as f:
        data = f.read()
    found, at = {}, 0
    while at < len(data):
        if data[at:at + 4] != b"BLP1" or at + 5 > len(data):
            return found, True
        key_length = data[at + 4]
        head = at + 5 + key_length + 8 + 32
        if head > len(data):
            return found, True
        key = data[at + 5:at + 5 + key_length].decode()
        length = int.from_bytes(data[at + 5 + key_length:at + 13 + key_length], "little")
        checksum = data[at + 13 + key_length:head]
        if head + length > len(data):
            return found, True
        payload = data[head:head + length]
        if hashlib.sha256(payload).digest() == checksum:
            found[key] = checksum.hex()
        at = head + length
    return found, False


def main():
    root = tempfile.mkdtemp(prefix="backlab-kill-")
    # The reference: one build that nobody interrupts, writing as slowly as the killed ones; the
    # time its runs took sets the moments of the kills.
    write_study(root)
    began = time.time()
    done = subprocess.run([BACKLAB, "build", "--quiet", "--timings", "--cache", "reference-cache", "--output", "reference",
                           "--ledger", "reference-ledger"], cwd=root, capture_output=True, text=True, env=dict(os.environ, **CHUNK))
    if done.returncode != 0:
        fail(f"the reference build failed: {done.stderr}")
    # The moment its runs were done: start-up, then the steps up to "run backtests".
    steps = [(m.group(1), float(m.group(2)) / 1000) for m in re.finditer(r"\] (.+?)\s+([\d.]+) ms", done.stderr)]
    after = sum(seconds for name, seconds in steps[[n for n, _ in steps].index("run backtests") + 1:])
    duration = time.time() - began - after
    reference = tree(os.path.join(root, "reference"))
    packs_folder = os.path.join(root, ".backlab", "cache", "packs")
    rng = random.Random(int(os.environ.get("SEED", "13")))
    started = time.time()
    for kill in range(1, KILLS + 1):
        process = subprocess.Popen([BACKLAB, "build", "--quiet", "--force"], cwd=root, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, env=dict(os.environ, **CHUNK))
        time.sleep(rng.uniform(0.2, 0.95) * duration)
        process.kill()
        process.wait()
        if process.returncode != -9:
            print(f"  kill {kill}: the build had finished (exit {process.returncode})")
    packs = sorted(n for n in os.listdir(packs_folder) if n.endswith(".pack")) if os.path.isdir(packs_folder) else []
    unindexed = [n for n in packs if not os.path.exists(os.path.join(packs_folder, n[:-5] + ".index"))]
    whole, torn = set(), 0
    for name in packs:
        found, is_torn = records(os.path.join(packs_folder, name))
        whole |= set(found)
        torn += is_torn
    print(f"  {KILLS} kills in {time.time() - started:.1f} s: {len(packs)} packs, {len(unindexed)} without an index, "
          f"{torn} ending in a torn record")
    if torn == 0:
        fail("no kill landed in the middle of a record: the test proved nothing (a faster machine? more kills?)")
    grid = [line.rsplit(",", 1)[1] for line in open(os.path.join(root, "reference", "grid", "results.csv")).read().split("\n")[1:] if line]
    cached = len(set(grid) & whole)
    print(f"  {cached} of {RUNS} runs whole in the packs")
    if cached == RUNS:
        fail("the kills left no run to do: choose other moments (SEED=...)")
    plan = json.loads(backlab(root, "plan", "--json"))
    if plan["cached"] != cached or plan["to_run"] != RUNS - cached:
        fail(f"plan counts {plan['cached']} cached and {plan['to_run']} to run; the packs hold {cached} whole records")
    summary = backlab(root, "build")
    expected = f"  grid: {RUNS} runs, {RUNS - cached} ran, {cached} cached\n"
    if expected not in summary:
        fail(f"the build after the kills said {summary!r}, expected {expected!r}")
    got = tree(os.path.join(root, "output"))
    if got != reference:
        different = sorted(k for k in set(got) | set(reference) if got.get(k) != reference.get(k))
        fail(f"the output differs from an uninterrupted build's in {len(different)} files: {different[:5]}")
    # More than 16 packs: the build, with the cache to itself, compacted them, and what it wrote
    # stays up to date (a record that moves keeps its stamp).
    after = [n for n in os.listdir(packs_folder) if n.endswith(".pack")]
    print(f"  after the build: {len(after)} pack{'s' if len(after) != 1 else ''} (from {len(packs)})")
    if len(packs) > 16 and len(after) != 1:
        fail(f"{len(after)} packs after the build: it did not compact them")
    if "up to date" not in backlab(root, "build") or json.loads(backlab(root, "plan", "--json"))["to_run"] != 0:
        fail("the build after is not up to date")
    shutil.rmtree(root)
    print(f"kill_during_writes: passed ({KILLS} kills; every result equal to an uninterrupted build's, "
          f"nothing cached that could not be read)")


if __name__ == "__main__":
    main()

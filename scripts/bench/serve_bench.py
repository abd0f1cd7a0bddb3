#!/usr/bin/env python3
"""Benchmark of `backlab serve`: the time from saving a run.yaml (or optimization.yaml) to the
reloaded page in headless Chromium (Selenium). Prints figures; asserts nothing about timing.

Each save: a marker is set on the open page (window.__backlabMarker), t0 is taken right before
the file is written (in place), then the page is polled every ~5 ms until the marker is gone,
document.readyState is "complete" and the page shows the new value; that is t1. Also read from
serve's own lines: when it saw the change (stderr "changed: ...") and its build summary (stdout
"built N studies: ... in X s").

Cases:
- one-run study (sma-atr): a parameter value never run before in the project (the run is new),
  and values run before (the run comes from the cache);
- a 1,000-run grid (10 x 100, from sma-grid): one grid value changed per save (100 new runs of
  1,000), a grid value changed back to one seen before (all 1,000 cached), and a run.yaml value
  changed (all 1,000 run again).
Then the peak memory (VmHWM) of each serve process.

Usage: serve_bench.py BACKLAB_BINARY REPOSITORY_ROOT [--repeats N]   (default 5)
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
parser.add_argument("backlab")
parser.add_argument("repository")
parser.add_argument("--repeats", type=int, default=5, help="saves per case (default 5)")
arguments = parser.parse_args()
BACKLAB, REPO, REPEATS = os.path.abspath(arguments.backlab), os.path.abspath(arguments.repository), max(1, arguments.repeats)
TARGET_ONE_RUN = 1.0

GRID_FAST = [5, 10, 15, 20, 25, 30, 35, 40, 45, 50]
GRID_OPTIMIZATION = """objective: sharpe_ratio
parameters:
  strategy.signal_generator.params.fast: [{fast}]
  strategy.signal_generator.params.slow: {{start: 101, end: 200, step: 1}}
heatmap: {{x: fast, y: slow}}
"""


def driver():
    options = webdriver.ChromeOptions()
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900"]:
        options.add_argument(argument)
    return webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)


class Serve:
    """A `backlab serve --port 0` process; its stdout and stderr are read by threads, with the time of each line."""

    def __init__(self, cwd):
        self.stdout, self.stderr = [], []
        self.lock = threading.Lock()
        self.process = subprocess.Popen(
            [BACKLAB, "serve", "--port", "0"], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL, text=True, bufsize=1)
        for stream, lines in [(self.process.stdout, self.stdout), (self.process.stderr, self.stderr)]:
            threading.Thread(target=self._read, args=(stream, lines), daemon=True).start()
        self.port = self._wait_serving()

    def _read(self, stream, lines):
        for line in stream:
            with self.lock:
                lines.append((time.perf_counter(), line.rstrip("\n")))

    def _wait_serving(self, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                for _, line in self.stdout:
                    found = re.fullmatch(r"serving output/ at http://127\.0\.0\.1:(\d+)/ \(Ctrl-C to stop\)", line)
                    if found:
                        return int(found.group(1))
            if self.process.poll() is not None:
                break
            time.sleep(0.02)
        raise RuntimeError(f"backlab serve did not start: {self.stdout} {self.stderr}")

    def after(self, t0, timeout=3.0):
        """(when serve saw the change, its build summary line and when it came) for a save at t0."""
        deadline = time.monotonic() + timeout
        while True:
            with self.lock:
                seen = next((t for t, line in self.stderr if t >= t0 and line.startswith("changed:")), None)
                built = next(((t, line) for t, line in self.stdout if t >= t0 and line.startswith("built ")), None)
            if built is not None or time.monotonic() > deadline:
                return seen, built
            time.sleep(0.02)

    def peak_memory_mb(self):
        try:
            with open(f"/proc/{self.process.pid}/status") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1]) / 1024
        except OSError:
            pass
        return None

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(2)  # SIGINT
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


def page_has(browser, needle):
    """(marker, readyState, needle shown) of the open page, or None while it is between pages."""
    try:
        return browser.execute_script(
            "return [window.__backlabMarker === undefined ? null : window.__backlabMarker, document.readyState,"
            " !!document.body && document.body.textContent.includes(arguments[0])]", needle)
    except Exception:  # noqa: BLE001 - the page is being replaced
        return None


def metrics_text(browser):
    try:
        return browser.execute_script("const m = document.querySelector('dl.metrics'); return m ? m.textContent : null")
    except Exception:  # noqa: BLE001
        return None


def wait_for(browser, needle, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = page_has(browser, needle)
        if state and state[1] == "complete" and state[2]:
            return True
        time.sleep(0.05)
    return False


def save(serve, browser, path, text, needle, timeout):
    """One save: the seconds to the reloaded page, and serve's figures for it."""
    browser.execute_script("window.__backlabMarker = 1")
    assert browser.execute_script("return window.__backlabMarker") == 1
    time.sleep(0.05)
    t0 = time.perf_counter()
    with open(path, "w") as f:
        f.write(text)
    t1 = None
    deadline = t0 + timeout
    while time.perf_counter() < deadline:
        state = page_has(browser, needle)
        if state is not None and state[0] is None and state[1] == "complete" and state[2]:
            t1 = time.perf_counter()
            break
        time.sleep(0.005)
    seen, built = serve.after(t0)
    figures = {"seconds": None if t1 is None else t1 - t0, "seen": None if seen is None else seen - t0}
    if built is not None:
        own = re.search(r" in ([0-9.]+) s", built[1])
        ran = re.search(r"(\d+) ran, (\d+) cached", built[1])
        figures["build"] = float(own.group(1)) if own else None
        figures["built_at"] = built[0] - t0
        figures["ran"] = (int(ran.group(1)), int(ran.group(2))) if ran else None
        figures["summary"] = built[1]
    return figures


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def seconds(value):
    return "-" if value is None else f"{value:.3f}"


rows = []
memory = []
failures = []


def run_case(name, serve, browser, path, edits, timeout):
    """edits: (file text, text the new page shows) per save."""
    saves = []
    changed_metrics = 0
    for text, needle in edits:
        before = metrics_text(browser)
        figures = save(serve, browser, path, text, needle, timeout)
        after = metrics_text(browser)
        if before is not None and after is not None and after != before:
            changed_metrics += 1
        saves.append(figures)
        ran = figures.get("ran")
        print(f"  {name}: {seconds(figures['seconds'])} s to the reloaded page; change seen at {seconds(figures['seen'])} s, "
              f"build done at {seconds(figures.get('built_at'))} s (serve: {seconds(figures.get('build'))} s"
              f"{f', {ran[0]} ran, {ran[1]} cached' if ran else ''})", flush=True)
        if figures["seconds"] is None:
            failures.append(f"{name}: no reloaded page showing {needle!r} within {timeout:.0f} s "
                            f"(serve said: {figures.get('summary')})")
            # Let the page catch up before the next save.
            wait_for(browser, needle, timeout)
        time.sleep(0.3)
    times = [s["seconds"] for s in saves if s["seconds"] is not None]
    ran = [s.get("ran") for s in saves if s.get("ran")]
    rows.append({
        "case": name, "n": len(times), "median": median(times), "min": min(times) if times else None, "max": max(times) if times else None,
        "seen": median([s["seen"] for s in saves]), "build": median([s.get("build") for s in saves]),
        "after": median([s["seconds"] - s["built_at"] for s in saves if s["seconds"] is not None and s.get("built_at") is not None]),
        "ran": f"{ran[0][0]}/{ran[0][0] + ran[0][1]}" if ran and len(set(ran)) == 1 else ",".join(f"{a}/{a + b}" for a, b in ran),
        "metrics": changed_metrics if metrics_text(browser) is not None else None,
    })


def one_run_cases(browser, root):
    project = os.path.join(root, "one-run")
    os.makedirs(os.path.join(project, "studies"))
    shutil.copytree(os.path.join(REPO, "studies", "sma-atr"), os.path.join(project, "studies", "sma-atr"))
    path = os.path.join(project, "studies", "sma-atr", "run.yaml")
    with open(path) as f:
        original = f.read()
    assert "fast: 10, slow: 30" in original, "sma-atr/run.yaml no longer has 'fast: 10, slow: 30'"
    serve = Serve(project)
    try:
        browser.get(f"http://127.0.0.1:{serve.port}/sma-atr/")
        if not wait_for(browser, "sma_cross(fast=10, slow=30)", 60):
            raise RuntimeError("the sma-atr page never showed its first build")
        # fast 11, 12, ...: never run in this project (it ran fast 10 only).
        fresh = [11 + i for i in range(REPEATS)]
        edit = lambda fast: (original.replace("fast: 10,", f"fast: {fast},"), f"sma_cross(fast={fast}, slow=30)")
        run_case("one-run, new value (1 run)", serve, browser, path, [edit(v) for v in fresh], 30)
        # Back to values run before: alternate two of them, starting with one the page does not show.
        seen = [fresh[0], fresh[1]] if REPEATS > 1 else [10, fresh[0]]
        cached = [seen[i % 2] for i in range(REPEATS)]
        if cached[0] == fresh[-1]:
            cached = [seen[(i + 1) % 2] for i in range(REPEATS)]
        run_case("one-run, cached value (1 run)", serve, browser, path, [edit(v) for v in cached], 30)
        memory.append(("one-run project", serve.peak_memory_mb()))
    finally:
        serve.stop()


def grid_cases(browser, root):
    project = os.path.join(root, "grid")
    study = os.path.join(project, "studies", "grid")
    os.makedirs(study)
    with open(os.path.join(REPO, "studies", "sma-grid", "run.yaml")) as f:
        run_yaml = f.read()
    assert "atr_multiplier: 2.0," in run_yaml, "sma-grid/run.yaml no longer has 'atr_multiplier: 2.0,'"
    run_path, grid_path = os.path.join(study, "run.yaml"), os.path.join(study, "optimization.yaml")
    with open(run_path, "w") as f:
        f.write(run_yaml)
    grid = lambda values: GRID_OPTIMIZATION.format(fast=", ".join(str(v) for v in values))
    with open(grid_path, "w") as f:
        f.write(grid(GRID_FAST))
    fast_line = lambda values: "strategy.signal_generator.params.fast: " + ", ".join(str(v) for v in values)
    started = time.perf_counter()
    serve = Serve(project)
    try:
        browser.get(f"http://127.0.0.1:{serve.port}/grid/")
        if not wait_for(browser, fast_line(GRID_FAST), 600):
            raise RuntimeError("the grid page never showed its first build (or the fast values are shown otherwise)")
        if not wait_for(browser, "1000 runs", 5):
            raise RuntimeError("the grid page does not say '1000 runs'")
        print(f"  grid: first build of 1,000 runs and its page: {time.perf_counter() - started:.1f} s", flush=True)
        # The last fast value 50 -> 51, 52, ...: each save makes that value's 100 runs new.
        fresh = [51 + i for i in range(REPEATS)]
        edits = [(grid(GRID_FAST[:-1] + [v]), fast_line(GRID_FAST[:-1] + [v])) for v in fresh]
        run_case("grid, one grid value new (100 of 1,000 run)", serve, browser, grid_path, edits, 120)
        # Back to grid values run before: all 1,000 runs come from the cache.
        # (The page shows the last new value; 50 and the first new value alternate from there.)
        back = [50 if i % 2 == 0 else fresh[0] for i in range(REPEATS)]
        edits = [(grid(GRID_FAST[:-1] + [v]), fast_line(GRID_FAST[:-1] + [v])) for v in back]
        run_case("grid, grid value seen before (1,000 cached)", serve, browser, grid_path, edits, 120)
        # A run.yaml value that every run uses: all 1,000 run again.
        values = [f"2.{i + 1}" for i in range(min(REPEATS, 9))]
        edits = [(run_yaml.replace("atr_multiplier: 2.0,", f"atr_multiplier: {v},"), f"atr_exit(atr_multiplier={v}, ") for v in values]
        run_case("grid, run.yaml value (1,000 of 1,000 run)", serve, browser, run_path, edits, 600)
        memory.append(("grid project (1,000 runs)", serve.peak_memory_mb()))
    finally:
        serve.stop()


def main():
    started = time.perf_counter()
    root = tempfile.mkdtemp(prefix="backlab-serve-bench-")
    browser = driver()
    try:
        print(f"backlab serve bench: {BACKLAB}, {REPEATS} saves per case, {os.cpu_count()} cores, "
              f"load average {os.getloadavg()[0]:.2f}", flush=True)
        for cases in (one_run_cases, grid_cases):
            try:
                cases(browser, root)
            except Exception as error:  # noqa: BLE001 - report, then the other cases
                failures.append(f"{cases.__name__}: {error}")
                print(f"  {cases.__name__} stopped: {error}", flush=True)
    finally:
        browser.quit()
        shutil.rmtree(root, ignore_errors=True)
    print()
    print("Seconds from saving the file to the reloaded page showing the new value (headless Chromium):")
    header = f"{'case':<46} {'n':>2} {'median':>7} {'min':>7} {'max':>7} | {'seen':>6} {'build':>6} {'page':>6} | runs ran  dl.metrics changed"
    print(header)
    print("-" * len(header))
    for row in rows:
        print(f"{row['case']:<46} {row['n']:>2} {seconds(row['median']):>7} {seconds(row['min']):>7} {seconds(row['max']):>7} | "
              f"{seconds(row['seen']):>6} {seconds(row['build']):>6} {seconds(row['after']):>6} | {row['ran']:<9} "
              f"{'-' if row['metrics'] is None else row['metrics']}")
    print("(median of each part: seen = save to serve's 'changed:' line; build = serve's own build time from its summary;"
          " page = its build summary to the reloaded page; runs ran = runs the build ran of the study's runs;"
          " dl.metrics changed = saves after which the page's metrics list (a grid's: its best run's) differed)")
    one_run = next((row for row in rows if row["case"].startswith("one-run, new")), None)
    if one_run and one_run["median"] is not None:
        verdict = "all saves under it" if one_run["max"] < TARGET_ONE_RUN else (
            "median under it, not every save" if one_run["median"] < TARGET_ONE_RUN else "median above it")
        print(f"target: under {TARGET_ONE_RUN:.0f} s for the one-run study; new value: median {one_run['median']:.3f} s, "
              f"max {one_run['max']:.3f} s ({verdict})")
    for name, mb in memory:
        print(f"peak memory (VmHWM) of serve, {name}: {'-' if mb is None else f'{mb:.0f} MB'}")
    for failure in failures:
        print(f"problem: {failure}")
    print(f"load average at the end {os.getloadavg()[0]:.2f} (other work on the machine slows builds; compare with care)")
    print(f"bench took {time.perf_counter() - started:.0f} s")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Benchmark of a large grid's page (issue 11): page weight and first paint in headless Chromium.
Prints figures; asserts nothing.

For grids of 10,000 and 100,000 runs (sma_cross on 250 synthetic daily bars, fast x slow), builds
the study with the release binary and opens its page from disk (file://) three times:
- page weight: the HTML plus every file the page loads before its load event (CSS, scripts,
  images), and separately the data file of every row (results-table.js) loaded after it;
- first contentful paint (Chromium's paint timing), the load event, and the moment every row is
  loaded and the table's tools are shown (all from navigation start); the JS heap then.
Medians of three loads. Targets of issue 11: page weight under 2 MB, first paint under 1 s.

Usage: python3 scripts/bench/grid_page_bench.py [path/to/backlab]   (default .build/release/backlab)
Needs Selenium (the browser tests' .build/browser-venv) and Debian's chromium and chromium-driver.
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

BACKLAB = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".build/release/backlab")
GRIDS = {10_000: (100, 100), 100_000: (250, 400)}


def build(root, runs):
    fast, slow = GRIDS[runs]
    study = os.path.join(root, "studies", "grid")
    os.makedirs(study)
    with open(os.path.join(study, "run.yaml"), "w") as f:
        f.write("name: Large grid\ndata: {synthetic: {seed: 11, bars: 250}}\nstrategy: {signal_generator: {plugin: sma_cross}}\n")
    with open(os.path.join(study, "optimization.yaml"), "w") as f:
        f.write("objective: sharpe_ratio\nmax_runs: 200000\nparameters:\n"
                f"  strategy.signal_generator.params.fast: {{start: 1, end: {fast}, step: 1}}\n"
                f"  strategy.signal_generator.params.slow: {{start: {fast + 1}, end: {fast + slow}, step: 1}}\n")
    start = time.perf_counter()
    subprocess.run([BACKLAB, "build", "--quiet"], cwd=root, check=True)
    return time.perf_counter() - start, os.path.join(root, "output", "grid")


def loaded_bytes(browser, folder):
    """The HTML and every file the page loads by its load event (stylesheets, scripts and images in
    the document; the data file is added after it), in bytes, from the files on disk."""
    urls = browser.execute_script("""
        return [...document.querySelectorAll('link[rel=stylesheet]')].map(e => e.href)
            .concat([...document.scripts].filter(e => e.src).map(e => e.src))
            .concat([...document.images].map(e => e.currentSrc || e.src))""")
    total = os.path.getsize(os.path.join(folder, "index.html"))
    for url in set(urls):
        path = url.removeprefix("file://")
        if os.path.isfile(path) and not path.endswith("results-table.js"):
            total += os.path.getsize(path)
    return total


def measure(folder):
    options = webdriver.ChromeOptions()
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,900", "--enable-precise-memory-info"]:
        options.add_argument(argument)
    figures = []
    for _ in range(3):
        browser = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
        try:
            browser.get("file://" + os.path.join(folder, "index.html"))
            WebDriverWait(browser, 120).until(lambda b: b.execute_script(
                "const t = document.querySelector('[data-tools-for=\"results\"]'); return t && !t.hidden"))
            ready = browser.execute_script("return performance.now()")
            paint = browser.execute_script(
                "const p = performance.getEntriesByName('first-contentful-paint')[0]; return p ? p.startTime : null")
            load = browser.execute_script("return performance.timing.loadEventStart - performance.timing.navigationStart")
            heap = browser.execute_script("return performance.memory ? performance.memory.usedJSHeapSize : null")
            figures.append((loaded_bytes(browser, folder), paint, load, ready, heap))
        finally:
            browser.quit()
    return [statistics.median(column) if None not in column else None for column in zip(*figures)]


def main():
    print(f"backlab: {BACKLAB}")
    for runs in GRIDS:
        root = tempfile.mkdtemp(prefix="backlab-grid-page-")
        try:
            seconds, folder = build(root, runs)
            weight, paint, load, ready, heap = measure(folder)
            html = os.path.getsize(os.path.join(folder, "index.html"))
            data = os.path.getsize(os.path.join(folder, "results-table.js"))
            print(f"{runs:,} runs (built with its site in {seconds:.1f} s):")
            print(f"  page weight {weight / 1e6:.2f} MB (HTML {html / 1e6:.2f} MB, with CSS, scripts and charts); "
                  f"every row's data {data / 1e6:.1f} MB, loaded after the page ({data / runs:.0f} bytes a row)")
            print(f"  first contentful paint {paint:.0f} ms, load event {load:.0f} ms, every row loaded {ready:.0f} ms"
                  + (f", JS heap {heap / 1e6:.0f} MB" if heap else "") + " (medians of 3)")
        finally:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Browser tests of the built site in headless Chromium (Selenium).

Builds the example studies plus a study whose names are HTML, then opens every page from disk
(file://, as a static host serves them) and checks: no console errors, every image loads, every
sortable table sorts both ways on a header click and from the keyboard, and user text shows
literally without running. Prints one line per check and closes with "N passed, M failed".

Usage: site_browser_test.py BACKLAB_BINARY REPOSITORY_ROOT
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import traceback
from html import unescape

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

BACKLAB, REPO = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
results = []


def check(name, function):
    try:
        function()
        results.append((name, None))
        print(f"ok   {name}")
    except Exception as error:  # noqa: BLE001 - every failure is reported, then the next check runs
        results.append((name, error))
        print(f"FAIL {name}: {error}")
        traceback.print_exc()


def build_project():
    root = tempfile.mkdtemp(prefix="backlab-browser-")
    shutil.copytree(os.path.join(REPO, "studies"), os.path.join(root, "studies"))
    xss = os.path.join(root, "studies", "xss")
    os.makedirs(xss)
    with open(os.path.join(xss, "run.yaml"), "w") as f:
        f.write("name: <script>alert(1)</script>\n"
                "description: \"<img src=x onerror=alert(2)>\"\n"
                "data: {synthetic: {seed: 3, bars: 400}}\n"
                "strategy: {signal_generator: {plugin: sma_cross, params: {fast: 5, slow: 20}}, exit_planner: {plugin: atr_exit}}\n")
    with open(os.path.join(xss, "variant.yaml"), "w") as f:
        f.write("variants:\n  - name: <script>alert(3)</script>\n"
                "  - name: plain\n    overrides: {strategy.exit_planner.params.risk_reward_ratio: 3}\n")
    # A 10,000-run grid: every row reachable from a light page.
    big = os.path.join(root, "studies", "big-grid")
    os.makedirs(big)
    with open(os.path.join(big, "run.yaml"), "w") as f:
        f.write("name: Big grid\ndata: {synthetic: {seed: 11, bars: 300}}\nstrategy: {signal_generator: {plugin: sma_cross}}\n")
    with open(os.path.join(big, "optimization.yaml"), "w") as f:
        f.write("objective: sharpe_ratio\nparameters:\n"
                "  strategy.signal_generator.params.fast: {start: 1, end: 100, step: 1}\n"
                "  strategy.signal_generator.params.slow: {start: 101, end: 200, step: 1}\n")
    # Numbers that are easy to write differently: large money, tiny and huge parameters.
    odd = os.path.join(root, "studies", "odd-values")
    os.makedirs(odd)
    with open(os.path.join(odd, "run.yaml"), "w") as f:
        f.write("name: Odd values\ndata: {synthetic: {seed: 5, bars: 400}}\nplatform: {initial_capital: 12345678.9}\n"
                "strategy: {signal_generator: {plugin: sma_cross, params: {slow: 30}}, exit_planner: {plugin: fixed_percentage_exit}}\n")
    with open(os.path.join(odd, "optimization.yaml"), "w") as f:
        f.write("objective: final_equity\nparameters:\n"
                "  strategy.signal_generator.params.fast: [5, 10, 15]\n"
                "  strategy.exit_planner.params.stop_pct: [0.1, 0.00001, 0.000001]\n"
                "  strategy.exit_planner.params.target_pct: [0.5, 20]\n")
    subprocess.run([BACKLAB, "build", "--quiet", "--templates", os.path.join(REPO, "templates")], cwd=root, check=True)
    return root


def pages(output):
    for folder, _, files in os.walk(output):
        for name in sorted(files):
            if name.endswith(".html"):
                yield os.path.join(folder, name)


def driver():
    options = webdriver.ChromeOptions()
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900", "--allow-file-access-from-files"]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)


def column_keys(table, column, numeric):
    script = """
        const [table, column, numeric] = arguments;
        return Array.from(table.tBodies[0].rows).map(row => {
            const raw = row.cells[column].getAttribute('data-value') ?? row.cells[column].textContent;
            if (!numeric) return raw.trim().toLowerCase();
            const value = parseFloat(raw);
            return isNaN(value) ? null : value;
        });"""
    return browser.execute_script(script, table, column, numeric)


def assert_sorted(keys, descending):
    present = [k for k in keys if k is not None]
    assert keys[:len(present)] == present, "empty values are not last"
    assert present == sorted(present, reverse=descending), f"not sorted {'descending' if descending else 'ascending'}: {present[:8]}"


def wait_for_rows(table_id="results"):
    """Waits until a grid's results table has loaded every row (its tools are shown)."""
    WebDriverWait(browser, 20).until(lambda b: b.execute_script(
        f"const t = document.querySelector('[data-tools-for=\"{table_id}\"]'); return t && !t.hidden"))


def grid_data(study_folder):
    """Every row of a grid's results table, read from its data file (BacklabTable.data(...))."""
    with open(os.path.join(study_folder, "results-table.js")) as f:
        text = f.read()
    return json.loads(text[text.index("{"):text.rindex("}") + 1])


def static_rows(page):
    """The text of each cell of the results table's rows as the page's HTML holds them."""
    with open(page) as f:
        html = f.read()
    body = html[html.index('<table class="sortable" id="results"'):]
    body = body[body.index("<tbody>"):body.index("</tbody>")]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    return [[unescape(re.sub(r"<[^>]+>", "", cell)) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)] for row in rows]


def shown_rows():
    return browser.execute_script(
        "return Array.from(document.querySelector('#results').tBodies[0].rows).map(r => Array.from(r.cells).map(c => c.textContent))")


def sorts_both_ways(table):
    if table.get_attribute("data-source"):
        wait_for_rows(table.get_attribute("id"))
    headers = table.find_elements(By.CSS_SELECTOR, "thead th")
    buttons = [(i, h) for i, h in enumerate(headers) if h.find_elements(By.TAG_NAME, "button")]
    assert buttons, "no sortable headers"
    numeric = [(i, h) for i, h in buttons if h.find_element(By.TAG_NAME, "button").get_attribute("data-type") == "number"]
    index, header = (numeric or buttons)[-1]
    button = header.find_element(By.TAG_NAME, "button")
    is_number = button.get_attribute("data-type") == "number"
    first = button.get_attribute("data-first")
    button.click()
    assert header.get_attribute("aria-sort") == first, f"aria-sort {header.get_attribute('aria-sort')} after one click"
    assert_sorted(column_keys(table, index, is_number), first == "descending")
    button.click()
    second = "ascending" if first == "descending" else "descending"
    assert header.get_attribute("aria-sort") == second
    assert_sorted(column_keys(table, index, is_number), second == "descending")
    # From the keyboard: focus a header's button and press Enter.
    other_index, other = buttons[0]
    other_button = other.find_element(By.TAG_NAME, "button")
    other_button.send_keys(Keys.ENTER)
    assert other.get_attribute("aria-sort") in ("ascending", "descending"), "Enter on a header did not sort"
    assert header.get_attribute("aria-sort") is None, "the previous column still claims to be sorted"


def main():
    global browser
    root = build_project()
    output = os.path.join(root, "output")
    browser = driver()
    try:
        for page in pages(output):
            name = os.path.relpath(page, output)

            def loads_cleanly(page=page):
                browser.get("file://" + page)
                try:
                    alert = browser.switch_to.alert
                    raise AssertionError(f"an alert ran: {alert.text}")
                except NoAlertPresentException:
                    pass
                errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
                assert not errors, f"console errors: {errors}"
                broken = browser.execute_script(
                    "return Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0).map(i => i.getAttribute('src'))")
                assert not broken, f"images that did not load: {broken}"

            check(f"{name}: loads with no console error, every image loads, no script runs", loads_cleanly)
            for table in browser.find_elements(By.CSS_SELECTOR, "table.sortable"):
                table_id = table.get_attribute("id")
                check(f"{name}: table #{table_id} sorts both ways by click and keyboard", lambda table=table: sorts_both_ways(table))

        def shows_text_literally():
            browser.get("file://" + os.path.join(output, "xss", "index.html"))
            heading = browser.find_element(By.TAG_NAME, "h1").text
            assert heading == "<script>alert(1)</script>", heading
            body = browser.find_element(By.TAG_NAME, "body").text
            assert "<script>alert(3)</script>" in body and "<img src=x onerror=alert(2)>" in body
            assert browser.execute_script("return document.querySelectorAll('main script, main img[src=x]').length") == 0
            browser.get("file://" + os.path.join(output, "index.html"))
            assert "<script>alert(1)</script>" in browser.find_element(By.ID, "studies").text

        check("a study and a variant named <script>alert(1)</script> show the text and run nothing", shows_text_literally)

        def tables_fit_the_page():
            for page in [os.path.join(output, "sma-grid", "index.html"), os.path.join(output, "exit-variants", "index.html")]:
                browser.get("file://" + page)
                overflow = browser.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
                assert overflow <= 0, f"{page} is {overflow}px wider than the window"

        check("wide tables scroll inside their box; pages never get wider than the window", tables_fit_the_page)

        def robustness_box_on_every_optimization_page():
            verdicts = {}
            for study in ["sma-grid", "sma-walkforward", "trend-walkforward"]:
                browser.get("file://" + os.path.join(output, study, "index.html"))
                box = browser.find_element(By.CSS_SELECTOR, "section.robustness")
                verdicts[study] = box.find_element(By.CSS_SELECTOR, ".verdict").get_attribute("class")
                names = [dt.text for dt in box.find_elements(By.CSS_SELECTOR, "dl.statistics dt")]
                for name in ["Deflated Sharpe ratio (DSR)", "Trials (N)", "Probability of backtest overfitting (PBO)", "Best plateau"]:
                    assert name in names, f"{study}: no {name} in {names}"
                images = [i.get_attribute("src") for i in box.find_elements(By.TAG_NAME, "img")]
                assert [s.rsplit("/", 1)[-1] for s in images] == ["logits.png", "cscv.png"], images
            # The random walk's best run is luck; the trend follower's holds up.
            assert verdicts["sma-grid"] == "verdict luck", verdicts
            assert verdicts["trend-walkforward"] == "verdict holds", verdicts

        check("every optimization page has the robustness box, its verdict and both charts", robustness_box_on_every_optimization_page)

        def walk_forward_pages():
            for study, parameters in [("sma-walkforward", 3), ("trend-walkforward", 2)]:
                browser.get("file://" + os.path.join(output, study, "index.html"))
                browser.find_element(By.CSS_SELECTOR, "section.walk-forward-summary a[href='walkforward.html']").click()
                assert browser.current_url.endswith(f"/{study}/walkforward.html"), browser.current_url
                rows = browser.find_elements(By.CSS_SELECTOR, "table#windows tbody tr")
                assert len(rows) == 5, f"{study}: {len(rows)} windows"
                images = [i.get_attribute("src").rsplit("/", 1)[-1] for i in browser.find_elements(By.CSS_SELECTOR, "main img")]
                assert images == ["walkforward-equity.png"] + [f"walkforward-{i + 1}.png" for i in range(parameters)], images
                overflow = browser.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
                assert overflow <= 0, f"{study}/walkforward.html is {overflow}px wider than the window"

        check("each walk-forward page opens from its study page with its windows and charts", walk_forward_pages)

        def the_all_rounder():
            browser.get("file://" + os.path.join(output, "exit-markets", "index.html"))
            section = browser.find_element(By.CSS_SELECTOR, "section.all-rounder")
            rows = section.find_elements(By.CSS_SELECTOR, "table#all-rounder tbody tr")
            assert len(rows) == 4, f"{len(rows)} variants in the ranking"
            first = rows[0].find_elements(By.TAG_NAME, "td")[1].text.replace(" (baseline)", "")
            sentence = section.find_element(By.CSS_SELECTOR, "p.verdict").text
            assert sentence.startswith(f"The all-rounder is {first}:"), sentence
            means = [float(r.find_elements(By.TAG_NAME, "td")[2].text.split()[0]) for r in rows]
            assert means == sorted(means), f"mean ranks not ascending: {means}"
            headers = [th.text for th in section.find_elements(By.CSS_SELECTOR, "table#all-rounder thead th")]
            markets = ["trending", "mean-reverting", "random-walk", "crypto-1m"]
            assert headers[3:] == [f"Rank on {m}" for m in markets], headers
            chart = section.find_element(By.CSS_SELECTOR, "img[src$='all-rounder.png']")
            assert browser.execute_script("return arguments[0].naturalWidth", chart) > 0
            captions = [c.text for c in browser.find_elements(By.CSS_SELECTOR, "table[id^='variants-'] caption")]
            assert [c.split(" (")[0] for c in captions] == [f"Variants on {m}" for m in markets], captions
            # A variant's page has every metric on each of the four markets beside their median.
            rows[0].find_element(By.TAG_NAME, "a").click()
            columns = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "table#markets thead th")]
            assert columns == ["Metric"] + markets + ["Median"], columns
            metrics = [r.find_elements(By.TAG_NAME, "td")[0].text for r in browser.find_elements(By.CSS_SELECTOR, "table#markets tbody tr")]
            assert "Sharpe ratio" in metrics and "Ulcer index [%]" in metrics and len(metrics) == 33, metrics
            overflow = browser.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"the run page is {overflow}px wider than the window"

        check("the exit-markets page names the all-rounder, ranks every variant on every market and charts it", the_all_rounder)

        def a_grid_and_walk_forward_over_markets():
            browser.get("file://" + os.path.join(output, "trend-markets", "index.html"))
            headers = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "table#results thead th")]
            for market in ["trending", "mean-reverting", "every-day"]:
                assert f"Sharpe ratio on {market}" in headers, headers
            caption = browser.find_element(By.CSS_SELECTOR, "table#results caption").text
            assert caption.startswith("Configurations on 3 markets, best median Sharpe ratio first"), caption
            browser.find_element(By.CSS_SELECTOR, "section.walk-forward-summary a[href='walkforward.html']").click()
            rows = browser.find_elements(By.CSS_SELECTOR, "table#markets tbody tr")
            assert [r.find_elements(By.TAG_NAME, "td")[0].text for r in rows] == [
                "trending", "mean-reverting", "every-day", "All markets, equal weight"], [r.text for r in rows]
            # A market's name jumps to its section, which has its own windows table.
            rows[1].find_element(By.TAG_NAME, "a").click()
            assert browser.current_url.endswith("walkforward.html#market-2"), browser.current_url
            section = browser.find_element(By.ID, "market-2")
            assert section.find_element(By.TAG_NAME, "h2").text == "mean-reverting"
            assert len(section.find_elements(By.CSS_SELECTOR, "table#windows-m2 tbody tr")) == 5
            images = [i.get_attribute("src").rsplit("/", 1)[-1] for i in browser.find_elements(By.CSS_SELECTOR, "main img")]
            assert images[0] == "walkforward-equity.png" and "walkforward-m3-equity.png" in images, images
            overflow = browser.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"trend-markets/walkforward.html is {overflow}px wider than the window"

        check("a grid over markets shows a column per market, and its walk-forward each market and the aggregate", a_grid_and_walk_forward_over_markets)

        def grid_table_rows_filter_and_pages():
            page = os.path.join(output, "sma-grid", "index.html")
            browser.get("file://" + page)
            wait_for_rows()
            status = lambda: browser.find_element(By.CSS_SELECTOR, ".table-status").text
            assert status() == "Rows 1–100 of 270", status()
            # The script writes every cell as the page's HTML does.
            assert shown_rows() == static_rows(page), "the script's rows differ from the page's"
            browser.find_element(By.CSS_SELECTOR, "[data-page='next']").click()
            assert status() == "Rows 101–200 of 270", status()
            assert shown_rows()[0][0].startswith("101"), shown_rows()[0][0]
            # The pager below the table turns the page too, and says the same.
            below = browser.find_element(By.CSS_SELECTOR, "[data-pager-for='results']")
            below.find_element(By.CSS_SELECTOR, "[data-page='next']").click()
            assert status() == "Rows 201–270 of 270" and below.find_element(By.CSS_SELECTOR, ".table-status").text == status(), status()
            assert below.find_element(By.CSS_SELECTOR, "[data-page='next']").get_attribute("disabled") == "true"
            below.find_element(By.CSS_SELECTOR, "[data-page='previous']").click()
            below.find_element(By.CSS_SELECTOR, "[data-page='previous']").click()
            assert status() == "Rows 1–100 of 270", status()
            browser.find_element(By.CSS_SELECTOR, "[data-page='next']").click()
            data = grid_data(os.path.join(output, "sma-grid"))
            keys = [c["key"] for c in data["columns"]]
            fast, sharpe, total = keys.index("fast"), keys.index("sharpe_ratio"), keys.index("total_return")
            field = browser.find_element(By.CSS_SELECTOR, ".table-tools input")
            field.send_keys("fast<20 sharpe>0.1")
            expected = sum(1 for r in range(len(data["runs"]))
                           if data["cells"][fast][r] < 20 and data["cells"][sharpe][r] is not None and data["cells"][sharpe][r] > 0.1)
            assert status() == f"Rows 1–{min(100, expected)} of {expected} matching (of 270)", (status(), expected)
            values = browser.execute_script(
                "return Array.from(document.querySelector('#results').tBodies[0].rows).map(r => [r.cells[arguments[0]].getAttribute('data-value'), r.cells[arguments[1]].getAttribute('data-value')])",
                fast, sharpe)
            assert values and all(float(f) < 20 and float(v) > 0.1 for f, v in values), values
            field.clear()
            field.send_keys("x")
            field.send_keys(Keys.BACKSPACE)
            assert status() == "Rows 1–100 of 270", status()
            field.send_keys("total_return>50")
            shown = browser.execute_script(
                "return Array.from(document.querySelector('#results').tBodies[0].rows).map(r => Number(r.cells[arguments[0]].getAttribute('data-value')))", total)
            expected = sum(1 for v in data["cells"][total] if v is not None and v * 100 > 50)
            assert len(shown) == min(100, expected) and all(v > 0.5 for v in shown), (len(shown), expected)
            field.clear()
            field.send_keys("foo>1")
            assert status().startswith("Filter: no column 'foo'; columns: rank, fast, slow"), status()
            assert field.get_attribute("aria-invalid") == "true"

        check("a grid's table holds every row: the script's rows match the page's, pages, the filter narrows and clearing restores", grid_table_rows_filter_and_pages)

        def odd_values_read_the_same():
            page = os.path.join(output, "odd-values", "index.html")
            browser.get("file://" + page)
            wait_for_rows()
            assert shown_rows() == static_rows(page), "the script's rows differ from the page's"
            texts = [cell for row in shown_rows() for cell in row]
            assert "1e-05" in texts and "1e-06" in texts, "exponent form"
            # Money to the cent, as results.csv has it (not cut to 6 significant digits).
            with open(os.path.join(output, "odd-values", "results.csv")) as f:
                import csv
                best = next(r for r in csv.DictReader(f) if r["rank"] == "1")
            assert f"{float(best['final_equity']):,.2f}" in [t.replace(" ★", "") for t in texts], (best["final_equity"], texts[:40])
            status = lambda: browser.find_element(By.CSS_SELECTOR, ".table-status").text
            field = browser.find_element(By.CSS_SELECTOR, ".table-tools input")
            field.send_keys("1e-05")
            assert status() == "Rows 1–6 of 6 matching (of 18)", status()
            field.clear()
            field.send_keys('"Final equity [money]">0 stop_pct<0.001')
            assert status() == "Rows 1–12 of 12 matching (of 18)", status()
            field.clear()
            field.send_keys("fast=5abc")
            assert status().startswith("Filter: 'fast=5abc'"), status()

        check("large money, tiny and huge numbers read the same from the page and the script; quoted titles filter", odd_values_read_the_same)

        def a_link_to_the_row_in_the_address_bar_shows_it_again():
            browser.get("file://" + os.path.join(output, "sma-grid", "index.html"))
            wait_for_rows()
            link = browser.execute_script(
                "return Array.from(document.querySelectorAll('.heatmap-figure a.cell')).map(a => a.getAttribute('href')).filter(h => h.startsWith('#'))[0]")
            browser.execute_script("window.location.hash = arguments[0]", link)
            browser.find_element(By.CSS_SELECTOR, "[data-page='next']").click()
            browser.execute_script("document.querySelector(\".heatmap-figure a.cell[href='\" + arguments[0] + \"']\").click()", link)
            WebDriverWait(browser, 5).until(lambda b: b.execute_script(
                "const e = document.getElementById(arguments[0]); return !!e && e.getBoundingClientRect().height > 0", link[1:]))

        check("following a link to the row already in the address bar shows that row again", a_link_to_the_row_in_the_address_bar_shows_it_again)

        def heatmap_cells_link_to_runs():
            study = os.path.join(output, "sma-grid")
            browser.get("file://" + os.path.join(study, "index.html"))
            wait_for_rows()
            links = browser.execute_script("return Array.from(document.querySelectorAll('.heatmap-figure a.cell')).map(a => a.getAttribute('href'))")
            assert len(links) > 200, len(links)
            for link in links:
                if link.startswith("#"):
                    browser.execute_script("window.location.hash = arguments[0]", link)
                    visible = browser.execute_script(
                        "const e = document.getElementById(arguments[0]); return !!e && e.getBoundingClientRect().height > 0", link[1:])
                    assert visible, f"{link}: no row"
                else:
                    assert os.path.isfile(os.path.join(study, link)), link
            # Each link lies over its own cell: the element at a link's centre is that link.
            hits = browser.execute_script("""
                return Array.from(document.querySelectorAll('.heatmap-figure a.cell')).filter(a => {
                    a.scrollIntoView({block: 'center'});
                    const r = a.getBoundingClientRect();
                    return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) !== a;
                }).length""")
            assert hits == 0, f"{hits} cell links are covered"
            best = browser.find_element(By.CSS_SELECTOR, "section.best-run h2 a").get_attribute("href").rsplit("/", 1)[-1]
            assert any(link.endswith("/" + best) for link in links), best

        check("every heatmap cell link of a grid page resolves to a run's page or its row", heatmap_cells_link_to_runs)

        def a_ten_thousand_run_grid():
            study = os.path.join(output, "big-grid")
            browser.get("file://" + os.path.join(study, "index.html"))
            wait_for_rows()
            status = lambda: browser.find_element(By.CSS_SELECTOR, ".table-status").text
            assert status() == "Rows 1–100 of 10,000", status()
            data = grid_data(study)
            keys = [c["key"] for c in data["columns"]]
            column = keys.index("total_trades")
            header = browser.find_elements(By.CSS_SELECTOR, "table#results thead th")[column]
            header.find_element(By.TAG_NAME, "button").click()
            present = [v for v in data["cells"][column] if v is not None]
            top = sorted(present, reverse=True)[:100]
            values = browser.execute_script(
                "return Array.from(document.querySelector('#results').tBodies[0].rows).map(r => Number(r.cells[arguments[0]].getAttribute('data-value')))", column)
            assert values == top, (values[:5], top[:5])
            header.find_element(By.TAG_NAME, "button").click()
            values = browser.execute_script(
                "return Array.from(document.querySelector('#results').tBodies[0].rows).map(r => Number(r.cells[arguments[0]].getAttribute('data-value')))", column)
            assert values == sorted(present)[:100], values[:5]
            # The heatmap's 10,000 cells link from the script: a click goes to that cell's run.
            figure = browser.find_element(By.CSS_SELECTOR, ".heatmap-figure[data-grid]")
            target = browser.execute_script("""
                const f = arguments[0];
                const g = f.getAttribute('data-grid').split(' ').map(Number);
                const rows = Number(f.getAttribute('data-rows')), columns = Number(f.getAttribute('data-columns'));
                const runs = f.getAttribute('data-runs').split(' ').map(Number);
                f.scrollIntoView({block: 'center'});
                const box = f.querySelector('img').getBoundingClientRect();
                const row = 37, column = 58;
                const x = box.left + (g[0] + (column + 0.5) * g[2] / columns) / 100 * box.width;
                const y = box.top + (g[1] + (row + 0.5) * g[3] / rows) / 100 * box.height;
                f.dispatchEvent(new MouseEvent('click', {clientX: x, clientY: y, bubbles: true}));
                return runs[row * columns + column];""", figure)
            WebDriverWait(browser, 5).until(lambda b: b.current_url.endswith(f"#run-{target}") or b.current_url.endswith(f"runs/{target}.html"))
            if "#run-" in browser.current_url:
                row = browser.find_element(By.ID, f"run-{target}")
                assert row.is_displayed()
                # The run's row, in fast, slow order of the grid: run = (fast - 1) * 100 + (slow - 101) + 1.
                cells = row.find_elements(By.TAG_NAME, "td")
                assert (int(cells[1].text) - 1) * 100 + int(cells[2].text) - 101 + 1 == target, [c.text for c in cells[:3]]
            weight = os.path.getsize(os.path.join(study, "index.html"))
            assert weight < 2_000_000, f"the page's HTML is {weight} bytes"

        check("a 10,000-run grid: a light page, the table sorts every row, a heatmap click shows that run", a_ten_thousand_run_grid)

        def narrow_window():
            browser.set_window_size(800, 900)
            try:
                for study in ["sma-grid", "big-grid", "trend-markets"]:
                    browser.get("file://" + os.path.join(output, study, "index.html"))
                    overflow = browser.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
                    assert overflow <= 0, f"{study} is {overflow}px wider than an 800 px window"
            finally:
                browser.set_window_size(1280, 900)

        check("grid pages fit an 800 px window", narrow_window)
        def run_pages_show_the_monthly_heatmap_and_buy_and_hold():
            def runs(study):
                folder = os.path.join(output, study, "runs")
                return sorted(os.path.join(folder, n) for n in os.listdir(folder) if n.endswith(".html"))

            pages = [os.path.join(output, "sma-atr", "index.html")] + runs("sma-grid")[:2] + runs("exit-variants")[:2]
            for page in pages:
                browser.set_window_size(1280, 900)
                browser.get("file://" + page)
                heatmap = browser.find_element(By.CSS_SELECTOR, ".monthly-pair img.monthly-heatmap")
                assert heatmap.get_attribute("src").endswith("-monthly.png"), heatmap.get_attribute("src")
                assert browser.execute_script("return arguments[0].naturalWidth", heatmap) == 1280, page
                key = browser.find_element(By.CSS_SELECTOR, ".chart-key")
                assert key.text.startswith("Grey: buy and hold of the same bars"), key.text
                swatch = key.find_element(By.CSS_SELECTOR, ".swatch.reference")
                assert swatch.value_of_css_property("border-top-color") in ("rgb(140, 140, 140)", "rgba(140, 140, 140, 1)"), \
                    swatch.value_of_css_property("border-top-color")
                equity = browser.find_element(By.CSS_SELECTOR, "img[src$='-equity.png']")
                assert equity.get_attribute("alt").endswith("and buy and hold of the same bars"), equity.get_attribute("alt")
                table = browser.find_element(By.CSS_SELECTOR, ".monthly-pair .table-wrap")
                # Stacked at 1280 and 800 px (the table first), side by side at 1800 px.
                for width, beside in [(1280, False), (800, False), (1800, True)]:
                    browser.set_window_size(width, 900)
                    t, h = table.rect, heatmap.rect
                    if beside:
                        assert abs(h["y"] - t["y"]) < 1 and h["x"] >= t["x"] + t["width"], f"{page} at {width}px: {t} {h}"
                    else:
                        assert h["y"] >= t["y"] + t["height"], f"{page} at {width}px: {t} {h}"
                    overflow = browser.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
                    assert overflow <= 0, f"{page} is {overflow}px wider than the {width}px window"
            browser.set_window_size(1280, 900)
            # A configuration over several markets is a portfolio: its page has no buy and hold of one market's bars.
            browser.get("file://" + runs("exit-markets")[0])
            assert browser.find_elements(By.CSS_SELECTOR, ".monthly-pair img.monthly-heatmap")
            assert not browser.find_elements(By.CSS_SELECTOR, ".chart-key")

        check("run pages show the monthly heatmap beside or under the table, and the grey buy-and-hold key", run_pages_show_the_monthly_heatmap_and_buy_and_hold)
    finally:
        browser.quit()
        shutil.rmtree(root, ignore_errors=True)
    failed = sum(1 for _, error in results if error)
    print(f"{len(results) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

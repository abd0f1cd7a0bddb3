#!/usr/bin/env python3
"""Browser tests of `backlab serve` in headless Chromium (Selenium).

Serves a fresh project with one single-run study (sma-atr) on a free port and checks, with the
page open in Chromium: an edit of run.yaml (in place, and written to a temporary file renamed
over it as many editors do) reloads the page by itself with the new result; a broken edit shows
the located error in a banner over the last good page (without a reload), in a fresh GET and on
stderr; fixing it reloads; the built files never hold the serve additions; the port is reachable
on 127.0.0.1 only; a second serve on the same port stops at once; Ctrl-C stops with exit 0.
Prints one line per check and closes with "N passed, M failed".

Usage: serve_browser_test.py BACKLAB_BINARY REPOSITORY_ROOT
"""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.request
from html import unescape

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

BACKLAB, REPO = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
STUDY = "sma-atr"
RELOAD_LIMIT = 10.0
results = []


def check(name, function):
    try:
        function()
        results.append((name, None))
        print(f"ok   {name}", flush=True)
    except Exception as error:  # noqa: BLE001 - every failure is reported, then the next check runs
        results.append((name, error))
        print(f"FAIL {name}: {error}", flush=True)
        traceback.print_exc()


def driver():
    options = webdriver.ChromeOptions()
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900"]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)


class Serve:
    """A `backlab serve` process; its stdout and stderr are read by threads, line by line."""

    def __init__(self, cwd, port=0):
        self.cwd = cwd
        self.stdout, self.stderr = [], []
        self.lock = threading.Lock()
        self.process = subprocess.Popen(
            [BACKLAB, "serve", "--port", str(port)], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL, text=True, bufsize=1)
        self.readers = [threading.Thread(target=self._read, args=(stream, lines), daemon=True)
                        for stream, lines in [(self.process.stdout, self.stdout), (self.process.stderr, self.stderr)]]
        for reader in self.readers:
            reader.start()
        self.port = None

    def _read(self, stream, lines):
        for line in stream:
            with self.lock:
                lines.append((time.monotonic(), line.rstrip("\n")))

    def lines(self, which):
        with self.lock:
            return [line for _, line in (self.stdout if which == "stdout" else self.stderr)]

    def text(self, which):
        return "\n".join(self.lines(which))

    def wait_serving(self, timeout=20):
        """The port from the one line serve prints once it listens."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.lines("stdout"):
                found = re.fullmatch(r"serving output/ at http://127\.0\.0\.1:(\d+)/ \(Ctrl-C to stop\)", line)
                if found:
                    self.port = int(found.group(1))
                    return self.port
            if self.process.poll() is not None:
                break
            time.sleep(0.02)
        raise AssertionError(f"no 'serving' line (exit {self.process.poll()}); stdout {self.lines('stdout')}, stderr {self.lines('stderr')}")

    def url(self, path="/"):
        return f"http://127.0.0.1:{self.port}{path}"

    def status(self):
        with urllib.request.urlopen(self.url("/__backlab/status"), timeout=5) as reply:
            return json.loads(reply.read())

    def wait_status(self, predicate, timeout=20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status = self.status()
            if predicate(status):
                return status
            time.sleep(0.05)
        raise AssertionError(f"status never matched: {status}")

    def breakdown(self, t0):
        """When, after t0, serve saw the change (stderr) and finished the build (stdout summary)."""
        with self.lock:
            seen = next((t for t, line in self.stderr if t >= t0 and line.startswith("changed:")), None)
            built = next(((t, line) for t, line in self.stdout if t >= t0 and line.startswith("built ")), None)
        parts = []
        if seen is not None:
            parts.append(f"change seen at {seen - t0:.2f} s")
        if built is not None:
            took = re.search(r" in ([0-9.]+) s", built[1])
            parts.append(f"build done at {built[0] - t0:.2f} s" + (f" (its own time {took.group(1)} s)" if took else ""))
        return "; ".join(parts) or "no change/build lines on the outputs"

    def kill(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(5)


def make_project(prefix):
    root = tempfile.mkdtemp(prefix=prefix)
    os.makedirs(os.path.join(root, "studies"))
    shutil.copytree(os.path.join(REPO, "studies", STUDY), os.path.join(root, "studies", STUDY))
    return root


def write_in_place(path, text):
    with open(path, "w") as f:
        f.write(text)


def write_by_rename(path, text):
    """As many editors save: a new (hidden) file in the same folder, renamed over the old one."""
    temporary = os.path.join(os.path.dirname(path), "." + os.path.basename(path) + ".saving")
    with open(temporary, "w") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(temporary, path)


def page_state(browser):
    """What the open page shows, or None while it is between pages."""
    try:
        return browser.execute_script("""
            const metrics = document.querySelector('dl.metrics');
            const banner = document.getElementById('backlab-serve-status');
            const signals = Array.from(document.querySelectorAll('dd')).map(d => d.textContent).find(t => t.startsWith('sma_cross(')) || null;
            return {marker: window.__backlabMarker === undefined ? null : window.__backlabMarker,
                    ready: document.readyState,
                    metrics: metrics ? metrics.textContent : null,
                    signals: signals,
                    banner: banner ? {hidden: banner.hidden, visible: !banner.hidden && getComputedStyle(banner).display !== 'none' && banner.getBoundingClientRect().height > 0,
                                      text: banner.textContent} : null};""")
    except Exception:  # noqa: BLE001 - the page is being replaced
        return None


def wait_page(browser, predicate, timeout, what):
    started = time.monotonic()
    last = None
    while time.monotonic() - started < timeout:
        state = page_state(browser)
        if state is not None:
            last = state
            if predicate(state):
                return state, time.monotonic() - started
        time.sleep(0.01)
    shown = {k: (v[:160] if isinstance(v, str) else v) for k, v in (last or {}).items()}
    raise AssertionError(f"{what}: not within {timeout:.0f} s; the page showed {shown}")


def set_marker(browser):
    browser.execute_script("window.__backlabMarker = 1")
    assert browser.execute_script("return window.__backlabMarker") == 1


def fetch(url, timeout=5):
    with urllib.request.urlopen(url, timeout=timeout) as reply:
        return reply.read().decode("utf-8")


def connects(host, port, timeout=2.0):
    """None when a TCP connection to host:port is made, else why not."""
    try:
        info = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        with socket.socket(info[0], socket.SOCK_STREAM) as s:
            s.settimeout(timeout)
            s.connect(info[4])
        return None
    except OSError as error:
        return f"{type(error).__name__}: {error}"


def machine_addresses():
    """Every address of this machine but 127.0.0.1, as (address, note) pairs."""
    found = {}
    try:
        out = subprocess.run(["ip", "-o", "addr", "show"], capture_output=True, text=True, timeout=5).stdout
        for line in out.splitlines():
            fields = line.split()
            if len(fields) >= 4 and fields[2] in ("inet", "inet6"):
                address = fields[3].split("/")[0]
                if address.lower().startswith("fe80:"):
                    address += "%" + fields[1].rstrip(":").split("@")[0]
                found.setdefault(address, f"{fields[1]} ({'link-local' if '%' in address else 'ip addr'})")
    except (OSError, subprocess.SubprocessError) as error:
        print(f"     note: ip -o addr failed: {error}")
    try:
        out = subprocess.run(["hostname", "-I"], capture_output=True, text=True, timeout=5).stdout
        for address in out.split():
            found.setdefault(address, "hostname -I")
    except (OSError, subprocess.SubprocessError):
        pass
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None):
            found.setdefault(info[4][0], "hostname lookup")
    except OSError:
        pass
    found.pop("127.0.0.1", None)
    # Other loopback addresses: a server bound to 127.0.0.1 alone answers on none of them.
    found.setdefault("127.0.0.2", "other loopback address")
    found.setdefault("::1", "IPv6 loopback")
    return sorted(found.items())


def main():
    global browser
    project = make_project("backlab-serve-")
    other = make_project("backlab-serve-other-")
    run_yaml = os.path.join(project, "studies", STUDY, "run.yaml")
    with open(run_yaml) as f:
        original = f.read()
    assert "fast: 10" in original, "studies/sma-atr/run.yaml no longer has 'fast: 10'"
    serve = Serve(project)
    second = None
    browser = None
    seen = {}
    try:
        started = time.monotonic()
        browser = driver()
        page = None

        def serve_starts_and_shows_the_page():
            nonlocal page
            serve.wait_serving()
            page = serve.url(f"/{STUDY}/")
            # Opened at once: before the first build ends the page is a "not found (yet)" page
            # that reloads itself when the build makes it.
            browser.get(page)
            state, _ = wait_page(browser, lambda s: s["metrics"] and s["ready"] == "complete", 20, "the first build's page")
            print(f"     serving on port {serve.port}; page shown {time.monotonic() - started:.2f} s after the start (with Chromium's)")
            assert "fast=10" in (state["signals"] or ""), state["signals"]
            seen["first"] = state["metrics"]

        check("serve starts on a free port and the page opened at once shows the first build", serve_starts_and_shows_the_page)

        def edit_reloads_the_page():
            set_marker(browser)
            before = page_state(browser)["metrics"]
            t0 = time.monotonic()
            write_in_place(run_yaml, original.replace("fast: 10", "fast: 20"))
            state, seconds = wait_page(
                browser, lambda s: s["marker"] is None and s["ready"] == "complete" and s["metrics"] and s["metrics"] != before,
                RELOAD_LIMIT, "the page reloaded with the new result (in-place write)")
            assert "fast=20" in (state["signals"] or ""), f"page shows {state['signals']}"
            assert state["banner"] and state["banner"]["hidden"], f"banner {state['banner']}"
            print(f"     in-place write of fast: 20 -> reloaded page with new metrics in {time.monotonic() - t0:.2f} s ({serve.breakdown(t0)})")
            seen["good"] = state["metrics"]

        check("an edit of run.yaml (in place) reloads the open page with the new result", edit_reloads_the_page)

        def broken_edit_shows_the_banner():
            set_marker(browser)
            before = page_state(browser)["metrics"]
            t0 = time.monotonic()
            write_in_place(run_yaml, original.replace("fast: 10", "fsat: 20"))
            state, seconds = wait_page(
                browser, lambda s: s["banner"] and not s["banner"]["hidden"] and "run.yaml:" in s["banner"]["text"],
                RELOAD_LIMIT, "the banner with the error")
            print(f"     broken edit -> banner shown in {time.monotonic() - t0:.2f} s ({serve.breakdown(t0)})")
            banner = state["banner"]
            assert banner["visible"], f"banner is not visible: {banner}"
            assert banner["text"].startswith("backlab serve: the last build failed"), banner["text"]
            located = re.search(r"studies/sma-atr/run\.yaml:(\d+):(\d+): error: [^\n]*", banner["text"])
            assert located, f"no located error in the banner: {banner['text']!r}"
            line, column = int(located.group(1)), int(located.group(2))
            actual = original.splitlines()[line - 1]
            assert actual[column - 1:].startswith("fast"), f"{line}:{column} does not point at the key: {actual!r}"
            assert "fsat" in located.group(0), located.group(0)
            assert state["metrics"] == before and before == seen.get("good", before), "the page under the banner changed"
            assert state["marker"] == 1, "the page reloaded on a broken edit"
            # Fresh GET: the server renders the banner (shown) with the error.
            html = fetch(page)
            div = re.search(r'<div id="backlab-serve-status"([^>]*)>(.*?)</div>', html, re.S)
            assert div, "no banner in a fresh GET"
            assert " hidden" not in div.group(1), "the banner of a fresh GET is hidden"
            assert located.group(0) in unescape(div.group(2)), f"fresh GET's banner: {unescape(div.group(2))[:300]!r}"
            assert "<dl class=\"metrics\">" in html, "a fresh GET has no metrics (the last good page should stay)"
            # stderr holds the same located error.
            deadline = time.monotonic() + 3
            while located.group(0) not in serve.text("stderr") and time.monotonic() < deadline:
                time.sleep(0.05)
            assert located.group(0) in serve.text("stderr"), f"stderr lacks {located.group(0)!r}: {serve.lines('stderr')[-6:]}"
            time.sleep(0.5)  # no late reload either
            assert page_state(browser)["marker"] == 1, "the page reloaded after the banner showed"
            seen["error"] = located.group(0)

        check("a broken edit shows the located error over the last good page, in a fresh GET and on stderr", broken_edit_shows_the_banner)

        def fix_reloads_and_hides_the_banner():
            set_marker(browser)
            before = page_state(browser)["metrics"]
            t0 = time.monotonic()
            write_by_rename(run_yaml, original.replace("fast: 10", "fast: 25"))
            state, seconds = wait_page(
                browser, lambda s: s["marker"] is None and s["ready"] == "complete" and s["metrics"] and s["metrics"] != before,
                RELOAD_LIMIT, "the page reloaded with the fixed result (rename over the file)")
            assert "fast=25" in (state["signals"] or ""), f"page shows {state['signals']}"
            assert state["banner"] is not None and state["banner"]["hidden"] and not state["banner"]["text"], f"banner {state['banner']}"
            print(f"     fix by rename (fast: 25) -> reloaded page, banner hidden, in {time.monotonic() - t0:.2f} s ({serve.breakdown(t0)})")
            assert serve.status()["errors"] == [], serve.status()
            html = fetch(page)
            assert re.search(r'<div id="backlab-serve-status"[^>]* hidden>\s*</div>', html), "a fresh GET shows a banner"

        check("fixing the edit (rename over run.yaml) reloads the page and hides the banner", fix_reloads_and_hides_the_banner)

        def output_has_no_serve_additions():
            output = os.path.join(project, "output")
            files = [os.path.join(folder, name) for folder, _, names in os.walk(output) for name in names]
            assert any(f.endswith(os.path.join(STUDY, "index.html")) for f in files), f"no page in {output}"
            holding = []
            for path in files:
                with open(path, "rb") as f:
                    data = f.read()
                if b"backlab-live-reload" in data or b"backlab-serve-status" in data:
                    holding.append(os.path.relpath(path, project))
            assert not holding, f"files hold the serve additions: {holding}"
            print(f"     {len(files)} files under output/, none with the additions: {sorted(os.path.relpath(f, output) for f in files)}")

        check("no file under output/ holds the live-reload script or the banner", output_has_no_serve_additions)

        def reachable_on_loopback_only():
            assert connects("127.0.0.1", serve.port) is None, "127.0.0.1 does not connect"
            assert "generation" in serve.status()
            try:
                listening = subprocess.run(["ss", "-Hltn", f"sport = :{serve.port}"], capture_output=True, text=True, timeout=5).stdout.split()
            except (OSError, subprocess.SubprocessError):
                listening = []  # no ss: the connection attempts below still tell
            if listening:
                local = [field for field in listening if field.endswith(f":{serve.port}")]
                assert local == [f"127.0.0.1:{serve.port}"], f"ss shows the listening socket on {local}"
            addresses = machine_addresses()
            external = [a for a, note in addresses if not a.startswith("127.") and a != "::1"]
            reached = []
            for address, note in addresses:
                why = connects(address, serve.port)
                print(f"     {address:<28} {note:<26} {'CONNECTED' if why is None else 'not reachable: ' + why}")
                if why is None:
                    reached.append(address)
            assert not reached, f"port {serve.port} is reachable on {reached}"
            if not external:
                print("     note: this machine has no address but loopback ones; only 127.0.0.1 (reachable) and the other loopback addresses were tried")

        check("the port answers on 127.0.0.1 and on no other address of the machine", reachable_on_loopback_only)

        def second_serve_on_the_same_port_stops():
            nonlocal second
            t0 = time.monotonic()
            second = subprocess.Popen([BACKLAB, "serve", "--port", str(serve.port)], cwd=other,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
            out, err = second.communicate(timeout=10)
            seconds = time.monotonic() - t0
            print(f"     second serve exited {second.returncode} after {seconds:.2f} s: {err.strip().splitlines()[0] if err.strip() else '(no stderr)'}")
            assert second.returncode == 1, f"exit {second.returncode}"
            assert seconds < 5, f"took {seconds:.1f} s"
            assert "is taken" in err, f"stderr: {err!r}"
            assert "serving" not in out and "built" not in out, f"stdout: {out!r}"
            assert not os.path.exists(os.path.join(other, "output")), "it created output/"
            assert connects("127.0.0.1", serve.port) is None, "the first serve stopped answering"

        check("a second serve on the same port exits 1 at once, says the port is taken, builds nothing", second_serve_on_the_same_port_stops)

        def interrupt_stops_with_exit_0():
            assert serve.process.poll() is None, "serve is not running"
            # With the page (and its event stream) still open in the browser.
            t0 = time.monotonic()
            serve.process.send_signal(signal.SIGINT)
            try:
                code = serve.process.wait(5)
            except subprocess.TimeoutExpired:
                raise AssertionError(f"still running 5 s after SIGINT; stderr {serve.lines('stderr')[-4:]}") from None
            seconds = time.monotonic() - t0
            print(f"     SIGINT -> exit {code} in {seconds:.2f} s")
            assert code == 0, f"exit {code}; stderr {serve.lines('stderr')[-4:]}"
            why = connects("127.0.0.1", serve.port)
            assert why is not None, "the port still connects after serve stopped"

        check("SIGINT stops serve with exit 0 within 5 s and frees the port", interrupt_stops_with_exit_0)
    finally:
        if browser is not None:
            browser.quit()
        serve.kill()
        if second is not None and second.poll() is None:
            second.kill()
            second.wait(5)
        shutil.rmtree(project, ignore_errors=True)
        shutil.rmtree(other, ignore_errors=True)
    failed = sum(1 for _, error in results if error)
    print(f"{len(results) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
